// The update channel: a folder on an intranet server holding what electron-builder writes with a
// generic publisher (latest.yml for Windows, latest-linux.yml for Linux, and the installers), plus
// a detached Ed25519 signature of the manifest (`latest.yml.sig`, made by `kioskctl update sign`).
//
// What is verified, in order: the manifest's signature against `updates.publicKeys` (so a
// compromised or impersonated server cannot offer a build), then each downloaded file's size and
// sha512 against the signed manifest (so a swapped or truncated file is never kept). TLS to the
// server is verified too, but trust does not rest on it.
import { ed25519 } from '@noble/curves/ed25519.js';
import crypto from 'node:crypto';
import fs from 'node:fs';
import semver from 'semver';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { base64urlDecode, base64urlEncode } from '../../domain/signed-token';
import type { HttpTransport } from '../sync/transport';

/** What the shell installs: an NSIS installer, a whole AppImage, or a deb (installed by hand). */
export type UpdateTarget = 'nsis' | 'appimage' | 'deb';

export const MANIFEST_OF: Record<UpdateTarget, string> = {
  nsis: 'latest.yml',
  appimage: 'latest-linux.yml',
  deb: 'latest-linux.yml',
};
const EXTENSION_OF: Record<UpdateTarget, RegExp> = {
  nsis: /\.exe$/i,
  appimage: /\.AppImage$/,
  deb: /\.deb$/,
};

const fileSchema = z.object({
  url: z
    .string()
    .min(1)
    .max(300)
    // A plain file name in the channel folder: never another host, never a path out of it.
    .regex(/^[A-Za-z0-9._ +-]+$/, 'a file name in the channel folder'),
  sha512: z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'base64 SHA-512'),
  size: z
    .number()
    .int()
    .positive()
    .max(2 * 1024 ** 3),
});
const manifestSchema = z.object({
  version: z.string().refine((v) => semver.valid(v) !== null, 'a semantic version'),
  files: z.array(fileSchema).min(1).max(20),
  releaseDate: z.string().optional(),
});

export interface ChannelRelease {
  version: string;
  /** The file for this kiosk's target. */
  file: z.infer<typeof fileSchema>;
  releaseDate: string | null;
  /** The key id whose signature verified the manifest. */
  keyId: string;
}

export class ChannelError extends Error {
  constructor(
    readonly kind: 'unreachable' | 'unsigned' | 'bad-signature' | 'invalid' | 'no-file',
    message: string,
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}

const SIG_LINE = /^ed25519 ([A-Za-z0-9_-]{1,16}) ([A-Za-z0-9_-]{86})\s*$/;

/** `kioskctl update sign`: the signature file's text for these manifest bytes. */
export function signManifest(manifest: Buffer, keyId: string, secretKey: Uint8Array): string {
  return `ed25519 ${keyId} ${base64urlEncode(ed25519.sign(manifest, secretKey))}\n`;
}

/** Checks the signature; returns the key id that made it. */
export function verifyManifest(
  manifest: Buffer,
  signature: string,
  publicKeys: Record<string, string>,
): string {
  const m = SIG_LINE.exec(signature.trim());
  if (!m)
    throw new ChannelError(
      'bad-signature',
      'the signature file is not "ed25519 <key id> <signature>"',
    );
  const [, keyId, sig] = m as unknown as [string, string, string];
  const pub = publicKeys[keyId];
  if (!pub)
    throw new ChannelError(
      'bad-signature',
      `signed with key ${keyId}, which updates.publicKeys does not trust`,
    );
  const pubBytes = base64urlDecode(pub);
  const sigBytes = base64urlDecode(sig);
  let good = false;
  try {
    good =
      !!pubBytes && !!sigBytes && ed25519.verify(sigBytes, manifest, pubBytes, { zip215: false });
  } catch {
    good = false;
  }
  if (!good)
    throw new ChannelError(
      'bad-signature',
      `the manifest's signature (key ${keyId}) does not verify`,
    );
  return keyId;
}

export function parseManifest(text: string, target: UpdateTarget): Omit<ChannelRelease, 'keyId'> {
  let raw: unknown;
  try {
    raw = parseYaml(text, { maxAliasCount: 0 });
  } catch (e) {
    throw new ChannelError('invalid', `the manifest is not YAML: ${(e as Error).message}`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success)
    throw new ChannelError(
      'invalid',
      `the manifest does not validate: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  const file = parsed.data.files.find((f) => EXTENSION_OF[target].test(f.url));
  if (!file) throw new ChannelError('no-file', `the manifest lists no ${target} file`);
  return { version: parsed.data.version, file, releaseDate: parsed.data.releaseDate ?? null };
}

/** Fetches and verifies the channel's manifest for this target. */
export async function fetchRelease(o: {
  channelUrl: string;
  target: UpdateTarget;
  publicKeys: Record<string, string>;
  transport: HttpTransport;
  timeoutMs: number;
  signal: AbortSignal;
}): Promise<ChannelRelease> {
  const name = MANIFEST_OF[o.target];
  const get = async (file: string) => {
    const url = new URL(file, o.channelUrl.endsWith('/') ? o.channelUrl : `${o.channelUrl}/`);
    let res;
    try {
      res = await o.transport({
        method: 'GET',
        url: url.href,
        headers: { accept: '*/*' },
        timeoutMs: o.timeoutMs,
        signal: o.signal,
      });
    } catch (e) {
      throw new ChannelError('unreachable', `${url.href}: ${(e as Error).message}`);
    }
    if (res.status === 404) return null;
    if (res.status !== 200)
      throw new ChannelError('unreachable', `${url.href}: HTTP ${res.status}`);
    return res.text;
  };
  const manifest = await get(name);
  if (manifest === null) throw new ChannelError('unreachable', `the channel has no ${name}`);
  const signature = await get(`${name}.sig`);
  if (signature === null)
    throw new ChannelError('unsigned', `the channel's ${name} is not signed (no ${name}.sig)`);
  const keyId = verifyManifest(Buffer.from(manifest, 'utf8'), signature, o.publicKeys);
  return { ...parseManifest(manifest, o.target), keyId };
}

/** Size and sha512 (base64, as electron-builder writes it) of a file on disk. */
export async function fileDigest(file: string): Promise<{ size: number; sha512: string }> {
  const hash = crypto.createHash('sha512');
  let size = 0;
  for await (const chunk of fs.createReadStream(file) as AsyncIterable<Buffer>) {
    size += chunk.length;
    hash.update(chunk);
  }
  return { size, sha512: hash.digest('base64') };
}

/** Newer by semantic version (1.10.0 > 1.9.0; a pre-release below its release). */
export const isNewer = (candidate: string, than: string): boolean =>
  semver.valid(than) === null ? true : semver.gt(candidate, than);
