// Downloading an installer to a file, over node:http(s) with the kiosk's trusted authorities.
// The Electron shell passes its own (Chromium's network stack); both only move bytes: the update
// service checks size and sha512 afterwards, whoever downloaded.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { trustedAuthorities } from '../sync/tls-trust';

export type Downloader = (
  url: string,
  file: string,
  o: { maxBytes: number; signal: AbortSignal },
) => Promise<void>;

/** No byte for this long: the download is given up (it is tried again at the next check). */
export const STALL_MS = 60_000;

export function nodeDownloader(opts: { extraCas?: readonly string[] } = {}): Downloader {
  const agent = new https.Agent(opts.extraCas ? { ca: trustedAuthorities(opts.extraCas) } : {});
  return (url, file, { maxBytes, signal }) =>
    new Promise<void>((resolve, reject) => {
      const u = new URL(url);
      const lib = u.protocol === 'https:' ? https : u.protocol === 'http:' ? http : null;
      if (!lib) return reject(new Error(`unsupported scheme ${u.protocol}`));
      const req = lib.get(u, { ...(lib === https ? { agent } : {}), signal }, (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          return reject(new Error(`HTTP ${res.statusCode ?? 0} for ${u.pathname}`));
        }
        let size = 0;
        const cap = new Transform({
          transform(chunk: Buffer, _enc, next) {
            size += chunk.length;
            if (size > maxBytes) next(new Error(`more than the ${maxBytes} bytes announced`));
            else next(null, chunk);
          },
        });
        res.setTimeout(STALL_MS, () => res.destroy(new Error('download stalled')));
        pipeline(res, cap, fs.createWriteStream(file, { mode: 0o600 })).then(resolve, reject);
      });
      req.setTimeout(STALL_MS, () => req.destroy(new Error('no answer from the update server')));
      req.on('error', reject);
    });
}
