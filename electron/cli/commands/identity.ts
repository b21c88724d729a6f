// Identification commands:
//   parse-code <text>                      what the kiosk makes of a scanned text
//   enterprises list                       the stored enterprise profiles
//   keygen --for enterprise|staff [--kid id] [--out file] [--trust]
//   issue-code --uscc <code> --key file [--ttl s] [--qr file.png]
//   issue-badge --staff <id> --role guide|admin --key file [--ttl s] [--qr file.png]
// Signing keys made by keygen are for demos and tests: production codes and badges are signed by
// the back office, and a kiosk only ever holds public keys (config identity.enterpriseKeys,
// identity.staffKeys). A key signs one kind of token: a leaked code key cannot make badges.
// Private keys are written only where --out says; nothing is kept in the data directory.
import fs from 'node:fs';
import path from 'node:path';
import QRCode from 'qrcode';
import { checkUscc } from '../../domain/credit-code';
import type { EnterpriseListItem } from '../../domain/enterprise';
import { parseScanText, scanTextOf, type ScanParse } from '../../domain/scan-text';
import { KEY_ID_RE, STAFF_ID_RE, type TokenSubject } from '../../domain/signed-token';
import { loadConfigFile, saveConfigFile } from '../../services/config';
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
    const text = scanTextOf(args.join(' '));
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

// --- keys ---------------------------------------------------------------------------------------

/** What a key signs: enterprise codes, staff badges, update manifests (release) or content bundles. */
export type KeyUse = 'enterprise' | 'staff' | 'release' | 'content';

interface KeygenReport {
  kid: string;
  use: KeyUse;
  publicKey: string;
  /** Only when no file was written. */
  secretKey?: string;
  keyFile: string | null;
  trusted: boolean;
  config: string | null;
}

/** A key file made by keygen: the pair and what it signs. */
interface KeyFile extends KeyPair {
  use: KeyUse;
}

const CONFIG_KEYS: Record<'enterprise' | 'staff', 'enterpriseKeys' | 'staffKeys'> = {
  enterprise: 'enterpriseKeys',
  staff: 'staffKeys',
};

export const keygenCommand = defineCommand({
  name: 'keygen',
  summary:
    'make an Ed25519 key pair for signing enterprise codes or staff badges (one use per key)',
  usage: [
    'Usage: kioskctl keygen --for enterprise|staff|release|content [--kid <id>] [--out <file>] [--trust]',
    '  --for    what the key signs: enterprise codes (企业码), staff badges, update manifests',
    '           (release) or content bundles (content); one use per key',
    '  --out    write the key pair to <file> (mode 0600, never overwritten). Without --out nothing',
    '           is written and the secret key is printed: keep it off the kiosk (back office)',
    "  --trust  add the public key to this kiosk's config for that use",
  ].join('\n'),
  options: {
    for: { type: 'string' },
    kid: { type: 'string' },
    out: { type: 'string' },
    trust: { type: 'boolean' },
  },
  async run({ values, dataRoot }) {
    const use = str(values.for);
    if (use !== 'enterprise' && use !== 'staff' && use !== 'release' && use !== 'content')
      throw new Error(
        '--for: enterprise or staff (a key signs one kind of token only), release (update manifests) or content (content bundles)',
      );
    if (use === 'release' && values.trust === true)
      throw new Error("--trust: a release key is trusted through the kiosks' updates.publicKeys");
    const kid = str(values.kid) ?? `k${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`;
    if (!KEY_ID_RE.test(kid)) throw new Error('--kid: 1–16 of A–Z a–z 0–9 _ -');
    const dirs = dataDirLayout(dataRoot);
    let config: ReturnType<typeof loadConfigFile>['config'] | null = null;
    if (values.trust === true && use === 'content') {
      config = loadConfigFile(dirs.config).config;
      if (Object.hasOwn(config.content.publicKeys, kid))
        throw new Error(`--kid ${kid} is trusted already: choose another id`);
    } else if (values.trust === true && (use === 'enterprise' || use === 'staff')) {
      // Checked before anything is written: a key id names one key for one use.
      config = loadConfigFile(dirs.config).config;
      const other = use === 'enterprise' ? 'staff' : 'enterprise';
      if (Object.hasOwn(config.identity[CONFIG_KEYS[other]], kid))
        throw new Error(`--kid ${kid} is trusted for ${other} tokens already: choose another id`);
      if (Object.hasOwn(config.identity[CONFIG_KEYS[use]], kid))
        throw new Error(`--kid ${kid} is trusted already: choose another id`);
    }
    const pair = generateKeyPair(kid);
    let keyFile: string | null = null;
    const out = str(values.out);
    if (out !== undefined) {
      keyFile = path.resolve(out);
      fs.mkdirSync(path.dirname(keyFile), { recursive: true, mode: 0o700 });
      const file: KeyFile = { ...pair, use };
      // 'wx': never overwrite a key someone may already have handed out codes with.
      fs.writeFileSync(keyFile, JSON.stringify(file, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
    }
    let configFile: string | null = null;
    if (config && use === 'content') {
      configFile = dirs.config;
      fs.mkdirSync(path.dirname(configFile), { recursive: true, mode: 0o700 });
      config.content.publicKeys[kid] = pair.publicKey;
      saveConfigFile(configFile, config, [`content.publicKeys.${kid}`]);
    } else if (config && (use === 'enterprise' || use === 'staff')) {
      configFile = dirs.config;
      fs.mkdirSync(path.dirname(configFile), { recursive: true, mode: 0o700 });
      config.identity[CONFIG_KEYS[use]][kid] = pair.publicKey;
      saveConfigFile(configFile, config, [`identity.${CONFIG_KEYS[use]}.${kid}`]);
    }
    const report: KeygenReport = {
      kid,
      use,
      publicKey: pair.publicKey,
      keyFile,
      trusted: configFile !== null,
      config: configFile,
    };
    if (!keyFile) report.secretKey = pair.secretKey;
    return { data: report };
  },
  text(r) {
    return [
      `key id      ${r.kid}`,
      `signs       ${
        r.use === 'enterprise'
          ? 'enterprise codes (企业码)'
          : r.use === 'staff'
            ? 'staff badges'
            : r.use === 'content'
              ? 'content bundles (kioskctl content sign)'
              : 'update manifests (kioskctl update sign)'
      }`,
      `public key  ${r.publicKey}`,
      r.secretKey
        ? `secret key  ${r.secretKey}  (keep it secret and off the kiosk: it signs tokens)`
        : null,
      r.keyFile ? `key file    ${r.keyFile} (mode 0600)` : null,
      r.use === 'release'
        ? `kiosks trust it with updates.publicKeys: { "${r.kid}": "${r.publicKey}" }`
        : r.use === 'content'
          ? r.trusted
            ? `trusted     in ${r.config} (content.publicKeys)`
            : `kiosks trust it with content.publicKeys: { "${r.kid}": "${r.publicKey}" } (or run with --trust)`
          : r.trusted
            ? `trusted     in ${r.config} (identity.${CONFIG_KEYS[r.use]})`
            : `not trusted yet: add it to config identity.${CONFIG_KEYS[r.use]}, or run with --trust`,
    ]
      .filter(Boolean)
      .join('\n');
  },
});

export function loadKey(given: string | undefined, use: KeyUse): KeyPair {
  if (!given) throw new Error('--key <file>: the key file made by kioskctl keygen --out');
  const raw = JSON.parse(fs.readFileSync(given, 'utf8')) as Partial<KeyFile>;
  if (typeof raw.kid !== 'string' || typeof raw.secretKey !== 'string')
    throw new Error(`${given} is not a key file made by kioskctl keygen`);
  if (raw.use !== use)
    throw new Error(
      raw.use === undefined
        ? `${given} does not say what it signs: make a new key with kioskctl keygen --for ${use}`
        : `${given} signs ${raw.use} tokens, not ${use} ones`,
    );
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

async function issue(values: Record<string, unknown>, subject: TokenSubject): Promise<IssueReport> {
  const ttlText = str(values.ttl);
  const ttl = ttlText === undefined ? DEFAULT_TOKEN_TTL_SECONDS : Number(ttlText);
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > 86_400)
    throw new Error('--ttl: whole seconds from 1 to 86400');
  const key = loadKey(str(values.key), subject.kind);
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
    'Usage: kioskctl issue-code --uscc <code> --key <file> [--ttl <seconds, default 300>] [--qr <file.png>]',
  options: { uscc: { type: 'string' }, ...keyOptions },
  async run({ values }) {
    const check = checkUscc(str(values.uscc) ?? '');
    if (!check.valid)
      throw new Error(
        `--uscc: ${check.code || '(none)'} is not a valid credit code (${check.problem})`,
      );
    return { data: await issue(values, { kind: 'enterprise', uscc: check.code }) };
  },
  text: issueText,
});

export const issueBadgeCommand = defineCommand({
  name: 'issue-badge',
  summary: 'sign a staff badge (guide or admin)',
  usage:
    'Usage: kioskctl issue-badge --staff <id> --role guide|admin --key <file> [--ttl <seconds>] [--qr <file.png>]',
  options: { staff: { type: 'string' }, role: { type: 'string' }, ...keyOptions },
  async run({ values }) {
    const staffId = str(values.staff) ?? '';
    const role = str(values.role);
    if (!STAFF_ID_RE.test(staffId)) throw new Error('--staff: 1–32 of A–Z a–z 0–9 _ -');
    if (role !== 'guide' && role !== 'admin') throw new Error('--role: guide or admin');
    return { data: await issue(values, { kind: 'staff', staffId, role }) };
  },
  text: issueText,
});
