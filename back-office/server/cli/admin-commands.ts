// The operator's commands against a running service: kiosks (enrol, list, show, disable,
// enable) and requests (list, set a status). Each is a call of the admin API.
import fs from 'node:fs';
import path from 'node:path';
import { BOARD_IDS } from '../../../electron/domain/catalog';
import { VERDICTS } from '../../../electron/domain/sync';
import { SETTABLE_STATUSES } from '../admin-api/schemas';
import type { StoredHeartbeat } from '../repositories/heartbeat-repository';
import type { KioskView } from '../repositories/kiosk-repository';
import type { RequestListItem } from '../repositories/request-repository';
import type { StoredChange } from '../repositories/status-change-repository';
import { adminClient, CLIENT_OPTIONS } from './admin-client';
import { CONSOLE_ROLES } from '../repositories/staff-repository';
import { CommandError, defineCommand, opt } from './command';

const CLIENT_USAGE = '--url <url> --token <token> [--json]';

/** Columns padded to their widest cell (CJK characters count double). */
function table(head: string[], rows: string[][]): string {
  const width = (s: string) =>
    [...s].reduce((n, ch) => n + (/[\u2e80-\uffff]/.test(ch) ? 2 : 1), 0);
  const widths = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c + ' '.repeat((widths[i] ?? 0) - width(c)))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

const when = (iso: string | null) => (iso ? iso.replace('T', ' ').slice(0, 16) : '—');

export const kiosksAdd = defineCommand<{ kioskId: string; kioskSecret: string; endpoint: string }>({
  name: 'kiosks add',
  summary: 'enrol a kiosk: prints its id and its own secret (shown once)',
  usage: `kiosks add <id> [--name <text>] [--town <text>] ${CLIENT_USAGE}`,
  options: { ...CLIENT_OPTIONS, name: { type: 'string' }, town: { type: 'string' } },
  positionals: 1,
  async run({ values, args }) {
    const client = adminClient(values);
    const kioskId = args[0] as string;
    if (!/^[A-Z0-9]{2,12}$/.test(kioskId))
      throw new CommandError(`a kiosk id is 2–12 capital letters or digits: ${kioskId}`, 2);
    const out = await client.call<{ kioskId: string; kioskSecret: string }>('POST', 'kiosks', {
      kioskId,
      name: opt(values, 'name') ?? null,
      town: opt(values, 'town') ?? null,
    });
    return { ...out, endpoint: `${client.url}/kiosk-api` };
  },
  text: (d) =>
    [
      `Kiosk ${d.kioskId} enrolled. Its secret is shown only now; put these in the kiosk's config.json:`,
      `  "kioskId": "${d.kioskId}",`,
      `  "backOffice": { "endpoint": "${d.endpoint}", "kioskSecret": "${d.kioskSecret}" }`,
      'Behind a reverse proxy, the endpoint is the public https address of /kiosk-api.',
    ].join('\n'),
});

export const kiosksList = defineCommand<KioskView[]>({
  name: 'kiosks list',
  summary: 'enrolled kiosks: enabled, last seen, printer, backlog, versions, last refusal',
  usage: `kiosks list ${CLIENT_USAGE}`,
  options: CLIENT_OPTIONS,
  positionals: 0,
  run: ({ values }) => adminClient(values).call('GET', 'kiosks'),
  text: (list) =>
    list.length === 0
      ? 'No kiosk is enrolled yet: npm run back-office -- kiosks add <id> …'
      : table(
          [
            'kiosk',
            'state',
            'last seen',
            'printer',
            'backlog',
            'app',
            'catalog',
            'content',
            'refused',
          ],
          list.map((k) => [
            k.kioskId + (k.name ? ` ${k.name}` : ''),
            k.enabled ? 'enabled' : 'DISABLED',
            when(k.lastSeenAt),
            k.health.printer ?? '—',
            k.health.backlogPending === null
              ? '—'
              : `${k.health.backlogPending}/${k.health.backlogDead ?? 0} dead`,
            k.health.appVersion ?? '—',
            k.health.catalogVersion ?? '—',
            k.health.contentVersion === null ? '—' : `v${k.health.contentVersion}`,
            k.lastRefusedAt ? `${when(k.lastRefusedAt)} ${k.lastRefusedReason ?? ''}` : '—',
          ]),
        ),
});

export const kiosksShow = defineCommand<KioskView & { heartbeats: StoredHeartbeat[] }>({
  name: 'kiosks show',
  summary: 'one kiosk with its last heartbeats (its health over time)',
  usage: `kiosks show <id> ${CLIENT_USAGE}`,
  options: CLIENT_OPTIONS,
  positionals: 1,
  run: ({ values, args }) =>
    adminClient(values).call('GET', `kiosks/${encodeURIComponent(args[0] as string)}`),
  text: (k) =>
    [
      `${k.kioskId}${k.name ? ` ${k.name}` : ''}${k.town ? ` (${k.town})` : ''}: ${k.enabled ? 'enabled' : `DISABLED since ${when(k.disabledAt)}`}`,
      `last seen ${when(k.lastSeenAt)}; ${k.submissions} submissions`,
      ...(k.lastRefusedAt
        ? [`last refused call: ${when(k.lastRefusedAt)} (${k.lastRefusedReason})`]
        : []),
      '',
      k.heartbeats.length === 0
        ? 'No heartbeat yet.'
        : table(
            ['received', 'in service', 'printer', 'pending', 'dead'],
            k.heartbeats.map((h) => {
              const b = h.body as {
                storage?: { inService?: boolean };
                printer?: { state?: string };
                backlog?: { pending?: number; dead?: number };
              };
              return [
                when(h.receivedAt),
                String(b.storage?.inService ?? '—'),
                b.printer?.state ?? '—',
                String(b.backlog?.pending ?? '—'),
                String(b.backlog?.dead ?? '—'),
              ];
            }),
          ),
    ].join('\n'),
});

function switchCommand(action: 'disable' | 'enable') {
  return defineCommand<KioskView>({
    name: `kiosks ${action}`,
    summary:
      action === 'disable'
        ? "refuse the kiosk's calls (403 kiosk-disabled; it keeps its queue)"
        : 'accept the kiosk’s calls again',
    usage: `kiosks ${action} <id> ${CLIENT_USAGE}`,
    options: CLIENT_OPTIONS,
    positionals: 1,
    run: ({ values, args }) =>
      adminClient(values).call('POST', `kiosks/${encodeURIComponent(args[0] as string)}/${action}`),
    text: (k) => `${k.kioskId}: ${k.enabled ? 'enabled' : 'disabled'}`,
  });
}
export const kiosksDisable = switchCommand('disable');
export const kiosksEnable = switchCommand('enable');

export const requestsList = defineCommand<RequestListItem[]>({
  name: 'requests list',
  summary: 'the queue by promised date: ticket, kiosk, status, board, department, due date',
  usage: `requests list [--status <s|open|closed>] [--board <id>] [--department <name>] [--kiosk <id>] [--limit <n>] ${CLIENT_USAGE}`,
  options: {
    ...CLIENT_OPTIONS,
    status: { type: 'string' },
    board: { type: 'string' },
    department: { type: 'string' },
    kiosk: { type: 'string' },
    limit: { type: 'string' },
  },
  positionals: 0,
  run({ values }) {
    const q = new URLSearchParams();
    for (const [flag, key] of [
      ['status', 'status'],
      ['board', 'board'],
      ['department', 'department'],
      ['kiosk', 'kioskId'],
      ['limit', 'limit'],
    ] as const) {
      const v = opt(values, flag);
      if (v !== undefined) q.set(key, v);
    }
    const board = opt(values, 'board');
    if (board !== undefined && !(BOARD_IDS as readonly string[]).includes(board))
      throw new CommandError(`--board is one of ${BOARD_IDS.join(', ')}`, 2);
    return adminClient(values).call('GET', `requests${q.size ? `?${q.toString()}` : ''}`);
  },
  text: (list) =>
    list.length === 0
      ? 'No request.'
      : table(
          ['ticket', 'kiosk', 'status', 'board', 'department', 'due', 'title'],
          list.map((r) => [
            r.ticket,
            r.kioskId,
            r.status,
            r.boardName,
            r.department,
            r.dueDate,
            r.title,
          ]),
        ),
});

export const requestsSetStatus = defineCommand<{
  change: StoredChange;
  request: RequestListItem | null;
}>({
  name: 'requests set-status',
  summary: 'move a request on; the kiosk shows it after its next pull (returned needs --note)',
  usage: `requests set-status <ticket> <${SETTABLE_STATUSES.join('|')}> [--note <text>] [--verdict <${VERDICTS.join('|')}>] ${CLIENT_USAGE}`,
  options: { ...CLIENT_OPTIONS, note: { type: 'string' }, verdict: { type: 'string' } },
  positionals: 2,
  run({ values, args }) {
    const [ticket, status] = args as [string, string];
    if (!(SETTABLE_STATUSES as readonly string[]).includes(status))
      throw new CommandError(`the status is one of ${SETTABLE_STATUSES.join(', ')}`, 2);
    const verdict = opt(values, 'verdict');
    if (verdict !== undefined && !(VERDICTS as readonly string[]).includes(verdict))
      throw new CommandError(`--verdict is one of ${VERDICTS.join(', ')}`, 2);
    return adminClient(values).call('POST', `requests/${encodeURIComponent(ticket)}/status`, {
      status,
      note: opt(values, 'note') ?? null,
      verdict: verdict ?? null,
    });
  },
  text: (d) =>
    `${d.request?.ticket ?? d.change.submissionId}: ${d.change.status}${d.change.note ? ` — ${d.change.note}` : ''} (the kiosk sees it at its next pull)`,
});

interface ImportReport {
  format: 'csv' | 'jsonl';
  imported: number;
  updated: number;
  unchanged: number;
  version: number;
  rejected: { row: number; field: string | null; reason: string }[];
}

export const importEnterprisesCommand = defineCommand<ImportReport>({
  name: 'import enterprises',
  summary:
    'import enterprise profiles (CSV or JSON Lines, docs/enterprise-import.md); kiosks receive them at their next pull',
  usage: `import enterprises <file> ${CLIENT_USAGE}`,
  options: CLIENT_OPTIONS,
  positionals: 1,
  async run({ values, args }) {
    const client = adminClient(values);
    const file = args[0] as string;
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = new Uint8Array(fs.readFileSync(file));
    } catch (e) {
      throw new CommandError(`cannot read ${file}: ${(e as Error).message}`, 2);
    }
    const jsonl = /\.(jsonl|ndjson)$/i.test(file);
    return client.upload<ImportReport>(
      `enterprises/import?name=${encodeURIComponent(path.basename(file))}`,
      bytes,
      jsonl ? 'application/x-ndjson; charset=utf-8' : 'text/csv; charset=utf-8',
    );
  },
  text: (d) =>
    [
      `imported ${d.imported}, updated ${d.updated}, unchanged ${d.unchanged}, rejected ${d.rejected.length} (profile version ${d.version})`,
      ...d.rejected.map((x) => `  row ${x.row}: ${x.reason}`),
    ].join('\n'),
});

/** The password from standard input (a pipe, or typed and ended with Enter / Ctrl-D). */
async function readPasswordStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export const usersAdd = defineCommand<{
  username: string;
  role: string;
  department: string | null;
}>({
  name: 'users add',
  summary: 'make a console account; the password is read from standard input',
  usage: `users add <username> --role <${CONSOLE_ROLES.join('|')}> [--department <name>] --password-stdin ${CLIENT_USAGE}`,
  options: {
    ...CLIENT_OPTIONS,
    role: { type: 'string' },
    department: { type: 'string' },
    'password-stdin': { type: 'boolean' },
  },
  positionals: 1,
  async run({ values, args }) {
    const username = args[0] as string;
    const role = opt(values, 'role');
    if (!role || !(CONSOLE_ROLES as readonly string[]).includes(role))
      throw new CommandError(`--role is one of ${CONSOLE_ROLES.join(', ')}`, 2);
    if (role === 'handler' && !opt(values, 'department'))
      throw new CommandError('a handler needs --department (the queue they work)', 2);
    // Never on the command line, where other users and the shell history would see it.
    if (values['password-stdin'] !== true)
      throw new CommandError('give the password on standard input with --password-stdin', 2);
    const client = adminClient(values);
    const password = await readPasswordStdin();
    if (!password) throw new CommandError('no password on standard input', 2);
    return client.call('POST', 'users', {
      username,
      role,
      department: opt(values, 'department') ?? null,
      password,
    });
  },
  text: (u) =>
    `User ${u.username} (${u.role}${u.department ? `, ${u.department}` : ''}) can sign in to the console.`,
});

export const ADMIN_COMMANDS = [
  importEnterprisesCommand,
  usersAdd,
  kiosksAdd,
  kiosksList,
  kiosksShow,
  kiosksDisable,
  kiosksEnable,
  requestsList,
  requestsSetStatus,
];
