// Serves the built console (dist/console, made by scripts/build.mjs) under /console/: its files
// by exact name, and index.html for any other path (the console's own routes), with a strict
// Content-Security-Policy.
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sendPlain } from '../http/http';
import { CONSOLE_BASE } from './schemas';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // ECharts and Vue set element styles from script.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** dist/console beside dist/back-office (the bundle), unless told otherwise. */
export function defaultConsoleDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'console');
}

export function createConsoleStatic(dir: string) {
  const root = path.resolve(dir);
  return function serve(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendPlain(res, 405, 'method not allowed');
    const rel = decodeURIComponent(url.pathname.slice(CONSOLE_BASE.length));
    let file = path.resolve(root, rel);
    if (file !== root && !file.startsWith(root + path.sep)) return sendPlain(res, 404, 'not found');
    let st: fs.Stats | null = null;
    try {
      st = fs.statSync(file);
    } catch {
      st = null;
    }
    const asset = rel.startsWith('assets/');
    if (!st || st.isDirectory()) {
      if (asset) return sendPlain(res, 404, 'not found');
      file = path.join(root, 'index.html');
      if (!fs.existsSync(file))
        return sendPlain(res, 503, 'the console is not built: run node scripts/build.mjs');
    }
    const body = fs.readFileSync(file);
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-length': body.length,
      // Built assets carry their hash in the name; the page itself is always fetched again.
      'cache-control': asset ? 'public, max-age=31536000, immutable' : 'no-cache',
      'content-security-policy': CONSOLE_CSP,
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}
