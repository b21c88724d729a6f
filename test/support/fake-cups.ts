// A fake CUPS for tests: `lpstat` listing the printers the test sets (changeable while the kiosk
// runs) and `lp` copying what it is given to a spool directory (or failing), put first on PATH.
// Lets printing be tested where no printer is.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface FakeCups {
  /** Put this first on PATH (child processes: env.PATH). */
  binDir: string;
  /** Where `lp` leaves the files it was given, with the args it got in a `.args` file. */
  spoolDir: string;
  path(): string;
  setPrinters(printers: string[], defaultPrinter: string | null): void;
  spooled(): { file: string; args: string }[];
}

export function createFakeCups(opts: {
  printers: string[];
  defaultPrinter: string | null;
  lpFails?: string;
}): FakeCups {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-cups-'));
  const binDir = path.join(root, 'bin');
  const spoolDir = path.join(root, 'spool');
  const list = path.join(root, 'printers.txt');
  const dflt = path.join(root, 'default.txt');
  fs.mkdirSync(binDir);
  fs.mkdirSync(spoolDir);
  const lpstat = [
    '#!/bin/sh',
    'case "$1" in',
    `  -e) cat '${list}' ;;`,
    `  -d) if [ -s '${dflt}' ]; then echo "system default destination: $(cat '${dflt}')"; else echo 'no system default destination'; fi ;;`,
    'esac',
  ].join('\n');
  const lp = opts.lpFails
    ? `#!/bin/sh\necho '${opts.lpFails}' >&2\nexit 1\n`
    : [
        '#!/bin/sh',
        `n=$(ls '${spoolDir}' | wc -l)`,
        'for a in "$@"; do last="$a"; done',
        `cp "$last" '${spoolDir}'/job$n.pdf`,
        `echo "$*" > '${spoolDir}'/job$n.args`,
        'echo "request id is fake-$n (1 file(s))"',
      ].join('\n');
  fs.writeFileSync(path.join(binDir, 'lpstat'), lpstat + '\n', { mode: 0o755 });
  fs.writeFileSync(path.join(binDir, 'lp'), lp + '\n', { mode: 0o755 });
  const cups: FakeCups = {
    binDir,
    spoolDir,
    path: () => `${binDir}${path.delimiter}${process.env.PATH ?? ''}`,
    setPrinters(printers, defaultPrinter) {
      fs.writeFileSync(list, printers.map((p) => `${p}\n`).join(''));
      fs.writeFileSync(dflt, defaultPrinter ?? '');
    },
    spooled: () =>
      fs
        .readdirSync(spoolDir)
        .filter((f) => f.endsWith('.pdf'))
        .sort()
        .map((f) => ({
          file: path.join(spoolDir, f),
          args: fs.readFileSync(path.join(spoolDir, f.replace(/\.pdf$/, '.args')), 'utf8').trim(),
        })),
  };
  cups.setPrinters(opts.printers, opts.defaultPrinter);
  return cups;
}
