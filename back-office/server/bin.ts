// Bundled to dist/back-office/back-office.mjs (scripts/build.mjs).
import { main } from './main';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`back-office: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
