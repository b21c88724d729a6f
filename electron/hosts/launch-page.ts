// The page a browser is started on. Any local user can read a process's command line
// (/proc/<pid>/cmdline), so the command line names only this file, readable by the kiosk's user
// alone; the file sends the browser on to the host with a one-time launch code, which the page
// exchanges for the key on its first load.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeFileDurably } from '../services/durable-file';

const escapeAttr = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Writes `<dir>/launch.html` (mode 0600) leading to `launchUrl`; returns its file:// URL. */
export function writeLaunchPage(dir: string, launchUrl: string): string {
  const file = path.join(dir, 'launch.html');
  writeFileDurably(
    file,
    `<!doctype html><html lang="zh-CN" translate="no"><head><meta charset="utf-8">` +
      `<meta name="google" content="notranslate">` +
      `<meta http-equiv="refresh" content="0;url=${escapeAttr(launchUrl)}">` +
      `<title>德清县企业综合服务中心</title></head><body></body></html>\n`,
    0o600,
  );
  return pathToFileURL(file).href;
}
