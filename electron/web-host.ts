// `npm run start:web -- --port <p> --data <dir>`: the browser host in the foreground.
// Prints one line `KIOSK_URL=<url>` when ready; Ctrl-C or SIGTERM flushes and exits.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startBrowserHost, stopOnSignals } from './browser-host';
import { defaultDataRoot } from './services/data-dir';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      data: { type: 'string' },
      static: { type: 'string' },
      quiet: { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port must be a number from 0 to 65535, not ${values.port}\n`);
    process.exit(2);
  }
  const running = await startBrowserHost({
    dataRoot: values.data ? path.resolve(values.data) : defaultDataRoot(),
    port,
    ...(values.static ? { staticDir: path.resolve(values.static) } : {}),
    logEcho: !values.quiet,
  });
  process.stdout.write(`KIOSK_URL=${running.host.url}\n`);
  stopOnSignals(running.stop, (signal) => running.services.log.info('kiosk.signal', { signal }));
}

main().catch((e: unknown) => {
  process.stderr.write(`kiosk failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
