// `kioskctl update status`: what the kiosk's updater knows (reads <data>/updates/state.json and
// the config; the running kiosk owns the file). `kioskctl update sign`: signs a channel manifest
// (latest.yml / latest-linux.yml) for the intranet update server, on the release machine.
import fs from 'node:fs';
import path from 'node:path';
import { base64urlDecode } from '../../domain/signed-token';
import { loadConfigFile } from '../../services/config';
import { dataDirLayout } from '../../services/data-dir';
import { signManifest, verifyManifest } from '../../services/updates/channel';
import { readUpdateState, type UpdateState } from '../../services/updates/update-state';
import { APP_VERSION } from '../../version';
import { defineCommand } from '../define';

interface UpdateStatusReport {
  appVersion: string;
  channel: string | null;
  trustedKeys: string[];
  lastCheckAt: string | null;
  latest: string | null;
  lastError: UpdateState['lastError'];
  installers: { version: string; file: string; downloadedAt: string }[];
  pending: UpdateState['pending'];
  rollingBack: UpdateState['rollingBack'];
  refused: UpdateState['refused'];
  history: UpdateState['history'];
}

export const updateStatusCommand = defineCommand({
  name: 'update status',
  summary: 'the update channel, downloaded and verified versions, an install or rollback under way',
  usage: 'Usage: kioskctl update status [--json] [--data <dir>]',
  async run({ dataRoot }) {
    const { config } = loadConfigFile(dataDirLayout(dataRoot).config);
    const s = readUpdateState(dataRoot);
    const report: UpdateStatusReport = {
      appVersion: APP_VERSION,
      channel: config.updates.channelUrl,
      trustedKeys: Object.keys(config.updates.publicKeys),
      lastCheckAt: s.lastCheckAt,
      latest: s.latest?.version ?? null,
      lastError: s.lastError,
      installers: Object.entries(s.installers).map(([version, i]) => ({
        version,
        file: path.join(dataRoot, 'updates', i.file),
        downloadedAt: i.downloadedAt,
      })),
      pending: s.pending,
      rollingBack: s.rollingBack,
      refused: s.refused,
      history: s.history,
    };
    return { data: report };
  },
  text(r) {
    const lines = [
      `this build   ${r.appVersion}`,
      `channel      ${r.channel ?? 'none (updates.channelUrl not set)'}; trusted keys: ${r.trustedKeys.join(', ') || 'none'}`,
      `last check   ${r.lastCheckAt ?? 'never'}; channel offers ${r.latest ?? '-'}`,
    ];
    if (r.lastError) lines.push(`last error   ${r.lastError.at} ${r.lastError.message}`);
    for (const i of r.installers)
      lines.push(`verified     ${i.version}  ${i.file} (${i.downloadedAt})`);
    if (r.pending)
      lines.push(
        `installing   ${r.pending.version} from ${r.pending.fromVersion}: started ${r.pending.starts} time(s), not confirmed yet`,
      );
    if (r.rollingBack)
      lines.push(
        `rolling back ${r.rollingBack.from} → ${r.rollingBack.to}: ${r.rollingBack.reason}`,
      );
    for (const [v, why] of Object.entries(r.refused)) lines.push(`never again  ${v}: ${why}`);
    for (const h of r.history.slice(-5))
      lines.push(`  ${h.at} ${h.event} ${h.version}${h.detail ? ` — ${h.detail}` : ''}`);
    return lines.join('\n');
  },
});

export const updateSignCommand = defineCommand({
  name: 'update sign',
  summary: 'sign a channel manifest (latest.yml) with a release key: writes <manifest>.sig',
  usage: [
    'Usage: kioskctl update sign --key <key file> <latest.yml | latest-linux.yml>',
    '  --key  a key pair made by `kioskctl keygen --out <file>`; its public key goes into the',
    "         kiosks' updates.publicKeys under its key id",
  ].join('\n'),
  options: { key: { type: 'string' } },
  async run({ values, args }) {
    const manifest = args[0];
    const keyFile = typeof values.key === 'string' ? values.key : undefined;
    if (!manifest || args.length !== 1 || !keyFile)
      throw new Error('give --key <key file> and exactly one manifest file');
    const raw = JSON.parse(fs.readFileSync(keyFile, 'utf8')) as {
      kid?: unknown;
      secretKey?: unknown;
      publicKey?: unknown;
    };
    const secret = typeof raw.secretKey === 'string' ? base64urlDecode(raw.secretKey) : null;
    if (typeof raw.kid !== 'string' || !secret || typeof raw.publicKey !== 'string')
      throw new Error(`${keyFile} is not a key file made by kioskctl keygen`);
    const bytes = fs.readFileSync(manifest);
    const signature = signManifest(bytes, raw.kid, secret);
    // Checked as a kiosk will check it before it is handed out.
    verifyManifest(bytes, signature, { [raw.kid]: raw.publicKey });
    const out = `${manifest}.sig`;
    fs.writeFileSync(out, signature);
    return { data: { manifest, signature: out, keyId: raw.kid, publicKey: raw.publicKey } };
  },
  text: (r) =>
    `signed ${r.manifest} with key ${r.keyId}: ${r.signature}\nkiosks trust it with updates.publicKeys: { "${r.keyId}": "${r.publicKey}" }`,
});
