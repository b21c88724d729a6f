import fs from 'node:fs';
import { chromiumPath } from './chromium';

export default function globalSetup(): void {
  if (!chromiumPath()) {
    throw new Error(
      `Chromium not found (${process.env.CHROMIUM_PATH ? `CHROMIUM_PATH=${process.env.CHROMIUM_PATH}` : '/usr/bin/chromium'}). ` +
        "Install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary.",
    );
  }
  if (!fs.existsSync('dist/electron/web-host.mjs') || !fs.existsSync('dist/renderer/index.html')) {
    throw new Error(
      'The kiosk is not built: run `npm run build` (npm run test:e2e does it for you).',
    );
  }
}
