// kioskctl: the operator's command line over the same services the kiosk runs.
//   npm run kioskctl -- <command> [options] [--json] [--data <dir>]
// On an installed kiosk the same commands run inside the kiosk's binary: see run.ts.
import { runKioskctl } from './run';

runKioskctl(process.argv.slice(2), {
  program: 'npm run kioskctl --',
  dataDefault: '$KIOSK_DATA_DIR or ./.data',
}).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`kioskctl: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
