// Reading a rendered PDF back: its text (pdftotext), its page size (pdfinfo), and QR codes in it
// (rasterised by pdftoppm as greyscale PGM, decoded with jsQR).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';

/** `layout` keeps columns side by side; `raw` keeps each table cell's wrapped lines together. */
export function pdfText(file: string, mode: 'layout' | 'raw' = 'layout'): string {
  return execFileSync('pdftotext', [`-${mode}`, file, '-'], { encoding: 'utf8' });
}

/** Page size of the first page, in millimetres. */
export function pdfPageMm(file: string): { width: number; height: number } {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const m = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info);
  if (!m) throw new Error(`no page size in: ${info}`);
  const mm = (pt: string) => (Number(pt) * 25.4) / 72;
  return { width: mm(m[1] as string), height: mm(m[2] as string) };
}

function readPgm(file: string): { width: number; height: number; gray: Uint8Array } {
  const buf = fs.readFileSync(file);
  // P5\n<w> <h>\n<max>\n<bytes>
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(buf.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('not a binary PGM');
  const width = Number(header[1]);
  const height = Number(header[2]);
  return { width, height, gray: buf.subarray(header[0].length, header[0].length + width * height) };
}

/** Decodes the QR code on the first page; `sizeMm`: the code's width from its corner points. */
export function pdfQr(file: string, dpi = 300): { text: string; sizeMm: number } | null {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdf-qr-'));
  try {
    execFileSync('pdftoppm', [
      '-gray',
      '-r',
      String(dpi),
      '-f',
      '1',
      '-l',
      '1',
      file,
      path.join(dir, 'p'),
    ]);
    const pgm = fs.readdirSync(dir).find((f) => f.endsWith('.pgm'));
    if (!pgm) return null;
    const { width, height, gray } = readPgm(path.join(dir, pgm));
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < width * height; i++) {
      const g = gray[i] as number;
      rgba[i * 4] = rgba[i * 4 + 1] = rgba[i * 4 + 2] = g;
      rgba[i * 4 + 3] = 255;
    }
    const found = jsQR(rgba, width, height);
    if (!found) return null;
    const { topLeftCorner: a, topRightCorner: b } = found.location;
    const px = Math.hypot(b.x - a.x, b.y - a.y);
    return { text: found.data, sizeMm: (px / dpi) * 25.4 };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * CJK radicals that share a glyph with an ideograph in the CJK fonts, as Unicode's
 * EquivalentUnifiedIdeograph data maps them. A PDF whose fonts were re-encoded (CUPS-PDF prints
 * through PostScript) names such glyphs by the radical's code point.
 */
const RADICAL_TO_IDEOGRAPH: Record<string, string> = {
  '\u2EC5': '见',
  '\u2EC9': '贝',
  '\u2ECB': '车',
  '\u2ED3': '长',
  '\u2ED4': '门',
  '\u2ED8': '青',
  '\u2EDA': '页',
  '\u2EDB': '风',
  '\u2EDD': '食',
  '\u2EE2': '马',
  '\u2EE5': '鱼',
  '\u2EE6': '鸟',
  '\u2EE9': '黄',
  // A Kangxi radical whose NFKC form is the traditional character, drawn with the simplified glyph.
  '\u2F3E': '户',
};

/**
 * The text of a PDF that came out of a printer queue: Kangxi radicals folded back (NFKC), the
 * radicals above mapped to their ideographs, runs of spaces made one (spacing between text runs
 * changes in the re-encoding).
 */
export function printedText(file: string, mode: 'layout' | 'raw' = 'layout'): string {
  return pdfText(file, mode)
    .replace(/[\u2E80-\u2FDF]/g, (c) => RADICAL_TO_IDEOGRAPH[c] ?? c)
    .normalize('NFKC')
    .replace(/[ \t]+/g, ' ');
}
