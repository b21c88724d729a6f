// Resolves a URL path to a file of the built renderer, never outside it.
import fs from 'node:fs';
import path from 'node:path';
import { MIME_TYPES } from './csp';

export interface StaticFile {
  body: Buffer;
  contentType: string;
  immutable: boolean;
}

export function readStaticFile(root: string, urlPath: string): StaticFile | null {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return null;
  }
  if (rel.includes('\0')) return null;
  if (rel === '/' || rel === '') rel = '/index.html';
  const abs = path.resolve(root, '.' + path.posix.normalize(rel));
  if (abs !== root && !abs.startsWith(root + path.sep)) return null;
  let body: Buffer;
  try {
    const st = fs.statSync(abs);
    if (!st.isFile()) return null;
    body = fs.readFileSync(abs);
  } catch {
    return null;
  }
  const ext = path.extname(abs).toLowerCase();
  return {
    body,
    contentType: MIME_TYPES[ext] ?? 'application/octet-stream',
    // Vite fingerprints everything under assets/.
    immutable: rel.startsWith('/assets/'),
  };
}
