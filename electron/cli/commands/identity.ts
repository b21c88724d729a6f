// Identification commands:
//   parse-code <text>                      what the kiosk makes of a scanned text
//   enterprises list                       the stored enterprise profiles
//   keygen [--kid id] [--out file] [--trust enterprise|staff|both]
//   issue-code --uscc <code> [--ttl s] [--key file] [--qr file.png]
//   issue-badge --staff <id> --role guide|admin [--ttl s] [--key file] [--qr file.png]
// Signing keys made by keygen are for demos and tests: production codes and badges are signed by
// the back office, and a kiosk only ever holds public keys (config identity.enterpriseKeys,
// identity.staffKeys).
import fs from 'node:fs';
import path from 'node:path';
import QRCode from 'qrcode';
import { checkUscc } from '../../domain/credit-code';
import type { EnterpriseListItem } from '../../domain/enterprise';
import { parseScanText, type ScanParse } from '../../domain/scan-text';
import { KEY_ID_RE, STAFF_ID_RE, type TokenSubject } from '../../domain/signed-token';
import { loadConfigFile, updateConfigFile } from '../../services/config';
import { dataDirLayout } from '../../services/data-dir';
import { applyDemoSync } from '../../services/enterprises/enterprise-service';
import { listEnterprises } from '../../services/enterprises/enterprise-repository';
import { trustedKeysOf } from '../../services/identity/identity-service';
import {
  DEFAULT_TOKEN_TTL_SECONDS,
  generateKeyPair,
  publicKeyOf,
  signToken,
  verifyToken,
  type KeyPair,
} from '../../services/identity/tokens';
import { MIGRATIONS } from '../../services/storage/migrations/index';
import { readSnapshot } from '../../services/storage/read-snapshot';
import { defineCommand } from '../define';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

// --- parse-code ----------------------------------------------------------------------------------

interface ParseReport extends ScanParse {
  /** For a signed token: checked against this kiosk's keys and clock (its single use is not). */
  verification?: 'ok' | string;
}

export const parseCodeCommand = defineCommand({
  name: 'parse-code',
  summary: 'classify a scanned text: kind, credit code, valid, reason (signed tokens: checked)',
  usage: 'Usage: kioskctl parse-code <text> [--json]',
  async run({ args, dataRoot }) {
    const text = args.join(' ');
    const p: ParseReport = parseScanText(text);
    if (p.kind === 'enterprise-token' || p.kind === 'staff-badge') {
      const { config } = loadConfigFile(dataDirLayout(dataRoot).config);
      const v = verifyToken(text, trustedKeysOf(config), {
        nowSeconds: Math.floor(Date.now() / 1000),
        skewSeconds: config.identity.clockSkewSeconds,
        maxLifetimeSeconds: config.identity.maxTokenLifetimeSeconds,
      });
      p.verification = v.ok ? 'ok' : v.reason;
    }
    return { data: p, ok: p.valid };
  },
  text(p) {
    const lines = [
      `kind    ${p.kind}`,
      `uscc    ${p.uscc ?? '-'}`,
      `valid   ${p.valid}`,
      `reason  ${p.reason}`,
    ];
    if (p.claims) {
      const c = p.claims;
      lines.push(
        `key     ${c.kid}`,
        `issued  ${new Date(c.iat * 1000).toISOString()}`,
        `expires ${new Date(c.exp * 1000).toISOString()}`,
        `nonce   ${c.nonce}`,
      );
      if (c.staffId) lines.push(`staff   ${c.staffId} (${c.role})`);
    }
    if (p.verification) lines.push(`checked ${p.verification} (signature, key, times; not use)`);
    if (p.ticket) lines.push(`ticket  ${p.ticket.ticket}`);
    return lines.join('\n');
  },
});

// --- enterprises list ----------------------------------------------------------------------------

export const enterprisesListCommand = defineCommand({
  name: 'enterprises list',
  summary: 'list the stored enterprise profiles (code, name, type, tags)',
  usage: 'Usage: kioskctl enterprises list [--json]',
  async run({ dataRoot }) {
    const dirs = dataDirLayout(dataRoot);
    const { config } = loadConfigFile(dirs.config);
    // A read-only copy: never writes a generation beside a running kiosk. The demo set is
    // applied in memory the way the kiosk applies it at start.
    const list = await readSnapshot(
      dirs.db,
      (db) => {
        applyDemoSync(db, config.demoData);
        return listEnterprises(db, { includeDemo: config.demoData });
      },
      { migrations: MIGRATIONS },
    );
    return { data: list ?? [] };
  },
  text(list: EnterpriseListItem[]) {
    if (list.length === 0) return '(no enterprise profiles)';
    return list
      .map(
        (e) =>
          `${e.uscc}  ${e.name}  ${e.entityType}${e.status === 'operating' ? '' : ` [${e.status}]`}${e.demo ? ' [demo]' : ''}\n` +
          `${' '.repeat(20)}${e.tags.join(' · ')}`,
      )
      .join('\n');
  },
});

// --- keys ----------------------------------------------------------------------------------------

const keysDir = (dataRoot: string) => path.join(dataDirLayout(dataRoot).root, 'signing-keys');

interface KeygenReport {
  kid: string;
  publicKey: string;
  /** Only when no file was written. */
  secretKey?: string;
  keyFile: string | null;
  trustedFor: string[];
  config: string | null;
}

export const keygenCommand = defineCommand({
  name: 'keygen',
  summary: 'make an Ed25519 key pair for signing enterprise codes and staff badges',
  usage: [
    'Usage: kioskctl keygen [--kid <id>] [--out <file> | --print] [--trust enterprise|staff|both]',
    '  --out    where to write the key pair (default <data>/signing-keys/<kid>.json, mode 0600)',
    '  --print  write no file; print the secret key (for the back office)',
    "  --trust  add the public key to this kiosk's config for enterprise codes, staff badges or both",
  ].join('\n'),
  options: {
    kid: { type: 'string' },
    out: { type: 'string' },
    print: { type: 'boolean' },
    trust: { type: 'string' },
  },
  async run({ values, dataRoot }) {
    const kid = str(values.kid) ?? `k${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`;
    if (!KEY_ID_RE.test(kid)) throw new Error('--kid: 1–16 of A–Z a–z 0–9 _ -');
    const trust = str(values.trust);
    const uses =
      trust === undefined ? [] : trust === 'both' ? ['enterprise', 'staff'] : trust.split(',');
    if (uses.some((u) => u !== 'enterprise' && u !== 'staff'))
      throw new Error('--trust: enterprise, staff or both');
    const pair = generateKeyPair(kid);
    let keyFile: string | null = null;
    if (values.print !== true) {
      keyFile = path.resolve(str(values.out) ?? path.join(keysDir(dataRoot), `${kid}.json`));
      fs.mkdirSync(path.dirname(keyFile), { recursive: true, mode: 0o700 });
      // 'wx': never overwrite a key someone may already have handed out codes with.
      fs.writeFileSync(keyFile, JSON.stringify(pair, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
    }
    let configFile: string | null = null;
    if (uses.length > 0) {
      configFile = dataDirLayout(dataRoot).config;
      fs.mkdirSync(path.dirname(configFile), { recursive: true, mode: 0o700 });
      updateConfigFile(configFile, (config) => {
        if (uses.includes('enterprise')) config.identity.enterpriseKeys[kid] = pair.publicKey;
        if (uses.includes('staff')) config.identity.staffKeys[kid] = pair.publicKey;
      });
    }
    const report: KeygenReport = {
      kid,
      publicKey: pair.publicKey,
      keyFile,
      trustedFor: uses,
      config: configFile,
    };
    if (!keyFile) report.secretKey = pair.secretKey;
    return { data: report };
  },
  text(r) {
    return [
      `key id      ${r.kid}`,
      `public key  ${r.publicKey}`,
      r.secretKey ? `secret key  ${r.secretKey}  (keep it secret: it signs codes)` : null,
      r.keyFile ? `key file    ${r.keyFile} (mode 0600)` : null,
      r.trustedFor.length
        ? `trusted     ${r.trustedFor.join(', ')} in ${r.config}`
        : `not trusted yet: add it to config identity.enterpriseKeys / staffKeys, or run with --trust`,
    ]
      .filter(Boolean)
      .join('\n');
  },
});

function loadKey(dataRoot: string, given: string | undefined): KeyPair {
  let file = given;
  if (!file) {
    const dir = keysDir(dataRoot);
    const found = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
    if (found.length !== 1)
      throw new Error(
        found.length === 0
          ? `no signing key in ${dir}: run kioskctl keygen, or pass --key <file>`
          : `several signing keys in ${dir}: pass --key <file>`,
      );
    file = path.join(dir, found[0] as string);
  }
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<KeyPair>;
  if (typeof raw.kid !== 'string' || typeof raw.secretKey !== 'string')
    throw new Error(`${file} is not a key file made by kioskctl keygen`);
  return {
    kid: raw.kid,
    secretKey: raw.secretKey,
    publicKey: raw.publicKey ?? publicKeyOf(raw.secretKey),
  };
}

interface IssueReport {
  token: string;
  kind: 'enterprise' | 'staff';
  kid: string;
  subject: TokenSubject;
  issuedAt: string;
  expiresAt: string;
  nonce: string;
  qr: string | null;
}

async function issue(
  values: Record<string, unknown>,
  dataRoot: string,
  subject: TokenSubject,
): Promise<IssueReport> {
  const ttlText = str(values.ttl);
  const ttl = ttlText === undefined ? DEFAULT_TOKEN_TTL_SECONDS : Number(ttlText);
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > 86_400)
    throw new Error('--ttl: whole seconds from 1 to 86400');
  const key = loadKey(dataRoot, str(values.key));
  const { token, claims } = signToken({
    kid: key.kid,
    secretKey: key.secretKey,
    subject,
    ttlSeconds: ttl,
  });
  const qrFile = str(values.qr);
  if (qrFile) {
    await QRCode.toFile(path.resolve(qrFile), token, {
      type: 'png',
      width: 480,
      margin: 4,
      errorCorrectionLevel: 'M',
    });
  }
  return {
    token,
    kind: subject.kind,
    kid: claims.kid,
    subject,
    issuedAt: new Date(claims.iat * 1000).toISOString(),
    expiresAt: new Date(claims.exp * 1000).toISOString(),
    nonce: claims.nonce,
    qr: qrFile ? path.resolve(qrFile) : null,
  };
}

const issueText = (r: IssueReport) =>
  [
    r.token,
    `# ${r.kind === 'enterprise' ? `enterprise ${(r.subject as { uscc: string }).uscc}` : `staff ${(r.subject as { staffId: string }).staffId}`}, key ${r.kid}, valid until ${r.expiresAt}, usable once`,
    r.qr ? `# QR written to ${r.qr}` : null,
  ]
    .filter(Boolean)
    .join('\n');

const keyOptions = {
  ttl: { type: 'string' },
  key: { type: 'string' },
  qr: { type: 'string' },
} as const;

export const issueCodeCommand = defineCommand({
  name: 'issue-code',
  summary: 'sign a dynamic enterprise code (企业码) for a credit code',
  usage:
    'Usage: kioskctl issue-code --uscc <code> [--ttl <seconds, default 300>] [--key <file>] [--qr <file.png>]',
  options: { uscc: { type: 'string' }, ...keyOptions },
  async run({ values, dataRoot }) {
    const check = checkUscc(str(values.uscc) ?? '');
    if (!check.valid)
      throw new Error(
        `--uscc: ${check.code || '(none)'} is not a valid credit code (${check.problem})`,
      );
    return { data: await issue(values, dataRoot, { kind: 'enterprise', uscc: check.code }) };
  },
  text: issueText,
});

export const issueBadgeCommand = defineCommand({
  name: 'issue-badge',
  summary: 'sign a staff badge (guide or admin)',
  usage:
    'Usage: kioskctl issue-badge --staff <id> --role guide|admin [--ttl <seconds>] [--key <file>] [--qr <file.png>]',
  options: { staff: { type: 'string' }, role: { type: 'string' }, ...keyOptions },
  async run({ values, dataRoot }) {
    const staffId = str(values.staff) ?? '';
    const role = str(values.role);
    if (!STAFF_ID_RE.test(staffId)) throw new Error('--staff: 1–32 of A–Z a–z 0–9 _ -');
    if (role !== 'guide' && role !== 'admin') throw new Error('--role: guide or admin');
    return { data: await issue(values, dataRoot, { kind: 'staff', staffId, role }) };
  },
  text: issueText,
});
