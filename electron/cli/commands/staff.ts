// `kioskctl set-pin --staff <id> [--role guide|admin]`: sets a staff PIN. Asks twice and never
// echoes; from a pipe it reads the two lines instead (for provisioning scripts).
// `kioskctl audit [--limit n]`: the guide actions recorded by the kiosk.
import readline from 'node:readline';
import { dataDirLayout } from '../../services/data-dir';
import { listAudit, type AuditEntry } from '../../services/guide/audit-repository';
import { hashPin, PIN_PATTERN } from '../../services/guide/pin-hash';
import { writeStaffPin } from '../../services/guide/staff-pins';
import { readSnapshot } from '../../services/storage/read-snapshot';
import { defineCommand } from '../define';

function askHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({
      input: process.stdin,
      output: process.stderr,
      terminal: true,
    });
    const out = rl as unknown as { _writeToOutput: (s: string) => void };
    process.stderr.write(question);
    // Nothing typed is echoed, not even as stars.
    out._writeToOutput = () => undefined;
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer.trim());
    });
  });
}

async function readTwoLines(): Promise<[string, string]> {
  const lines: string[] = [];
  const rl = readline.createInterface({ input: process.stdin, terminal: false });
  for await (const line of rl) {
    lines.push(line.trim());
    if (lines.length === 2) break;
  }
  rl.close();
  return [lines[0] ?? '', lines[1] ?? ''];
}

type SetPinResult = { ok: true; staff: string; role: string } | { ok: false; error: string };

export const setPinCommand = defineCommand<SetPinResult>({
  name: 'set-pin',
  summary: 'set a staff PIN for guide mode (asks twice, never echoes)',
  usage:
    'kioskctl set-pin --staff <id> [--role guide|admin]   (6–8 digits; from a pipe: two lines)',
  options: { staff: { type: 'string' }, role: { type: 'string', default: 'guide' } },
  async run({ values, dataRoot }) {
    const staff = String(values.staff ?? '');
    const role = String(values.role);
    if (!/^[A-Za-z0-9]{2,16}$/.test(staff))
      return { data: { ok: false, error: '--staff must be 2–16 letters or digits' }, ok: false };
    if (role !== 'guide' && role !== 'admin')
      return { data: { ok: false, error: '--role must be guide or admin' }, ok: false };
    const [first, second] = process.stdin.isTTY
      ? [await askHidden(`New PIN for ${staff}: `), await askHidden('Again: ')]
      : await readTwoLines();
    if (!PIN_PATTERN.test(first))
      return { data: { ok: false, error: 'the PIN must be 6 to 8 digits' }, ok: false };
    if (first !== second)
      return { data: { ok: false, error: 'the two PINs differ; nothing was changed' }, ok: false };
    writeStaffPin(dataDirLayout(dataRoot).staffPins, staff, role, await hashPin(first), new Date());
    return { data: { ok: true as const, staff, role } };
  },
  text: (d) => (d.ok ? `PIN set for ${d.staff} (${d.role})` : `not set: ${d.error}`),
});

export const auditCommand = defineCommand({
  name: 'audit',
  summary: 'the append-only log of guide actions (who, what, when, which request)',
  options: { limit: { type: 'string', default: '200' } },
  async run({ values, dataRoot }) {
    const limit = Math.max(1, Math.min(10_000, Number(values.limit) || 200));
    const entries = await readSnapshot(dataDirLayout(dataRoot).db, (db) =>
      listAudit(db, { limit }),
    );
    return { data: entries ?? [] };
  },
  text: (entries: AuditEntry[]) =>
    entries.length
      ? entries
          .map(
            (e) =>
              `${e.at}  ${e.staffId.padEnd(10)} ${e.action}${e.requestId ? ` [${e.requestId}]` : ''}${e.detail ? ` — ${e.detail}` : ''}`,
          )
          .join('\n')
      : '(no guide actions recorded)',
});
