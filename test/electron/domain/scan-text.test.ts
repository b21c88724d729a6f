import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkUscc, USCC_RE } from '../../../electron/domain/credit-code';
import { MAX_SCAN_BYTES, parseScanText, type ScanKind } from '../../../electron/domain/scan-text';

const CODE = '91330521DQ0000018A'; // a demo enterprise
const CODE_KINDS: ScanKind[] = ['bare-code', 'licence-url', 'url-code', 'badge-serial'];

describe('scan text parser: what a text is', () => {
  it('reads a bare code, with the whitespace a scanner adds', () => {
    expect(parseScanText(CODE)).toEqual({
      kind: 'bare-code',
      uscc: CODE,
      valid: true,
      reason: 'ok',
    });
    expect(parseScanText(`${CODE}\r\n`)).toMatchObject({ kind: 'bare-code', valid: true });
    expect(parseScanText(`\t${CODE.toLowerCase()} `)).toMatchObject({ uscc: CODE, valid: true });
  });

  it('says which check a bare code fails, and keeps the code read so it can be shown', () => {
    expect(parseScanText('91350211M00013FA1N')).toEqual({
      kind: 'bare-code',
      uscc: '91350211M00013FA1N',
      valid: false,
      reason: 'check-char-failed',
    });
    expect(parseScanText('91330521DQ0000028A')).toMatchObject({ reason: 'org-check-failed' });
    expect(parseScanText('91330521DQ00000I8A')).toMatchObject({ valid: false, reason: 'bad-char' });
    expect(parseScanText('91330521DQ0000018')).toMatchObject({
      kind: 'bare-code',
      uscc: null,
      reason: 'bad-length',
    });
    expect(parseScanText('330521000012345')).toMatchObject({ reason: 'old-registration-number' });
  });

  it('reads the code from a gsxt licence URL (uniscid=)', () => {
    expect(parseScanText(`http://www.gsxt.gov.cn/index.html?uniscid=${CODE}`)).toEqual({
      kind: 'licence-url',
      uscc: CODE,
      valid: true,
      reason: 'ok',
    });
    expect(
      parseScanText('http://www.gsxt.gov.cn/index.html?uniscid=91350211M00013FA1N&x=1'),
    ).toMatchObject({ kind: 'licence-url', valid: false, reason: 'check-char-failed' });
  });

  it('recognizes an opaque older licence link it cannot read offline', () => {
    expect(
      parseScanText('http://www.gsxt.gov.cn/%7B6E8D4C0A1B2C3D4E5F60718293A4B5C6-1571196868548%7D'),
    ).toEqual({ kind: 'licence-url', uscc: null, valid: false, reason: 'opaque-licence-url' });
  });

  it('reads a badge serial, bare or in a 亮照 URL', () => {
    const serial = `${CODE}-SAIC_SHOW_10000091330521MA28C1571196868548`;
    expect(parseScanText(serial)).toMatchObject({ kind: 'badge-serial', uscc: CODE, valid: true });
    expect(
      parseScanText(
        `https://zzlz.gsxt.gov.cn/businessCheck/verifKey.do?showType=p&serial=${serial}&signData=abc`,
      ),
    ).toMatchObject({ kind: 'badge-serial', uscc: CODE, valid: true });
  });

  it('finds an 18-character code elsewhere in a URL, preferring one that passes the checks', () => {
    expect(parseScanText(`https://qy.example.cn/e/${CODE}/info`)).toMatchObject({
      kind: 'url-code',
      uscc: CODE,
      valid: true,
    });
    expect(parseScanText(`https://x.example/p?a=91350211M00013FA1N&b=${CODE}`)).toMatchObject({
      uscc: CODE,
      valid: true,
    });
    expect(parseScanText('https://x.example/p?a=91350211M00013FA1N')).toMatchObject({
      kind: 'url-code',
      valid: false,
      reason: 'check-char-failed',
    });
    expect(parseScanText('https://example.com/hello')).toMatchObject({
      kind: 'unknown',
      reason: 'no-code-in-url',
    });
  });

  it('never treats other schemes as anything but not understood', () => {
    for (const t of [
      `javascript:alert('${CODE}')`,
      'JavaScript:void(0)',
      `data:text/html,<script>alert(1)</script>${CODE}`,
      `file:///etc/passwd?uniscid=${CODE}`,
      `vbscript:${CODE}`,
      `intent://${CODE}#Intent;end`,
      `weixin://dl/business/?t=${CODE}`,
    ]) {
      expect(parseScanText(t), t).toEqual({
        kind: 'unknown',
        uscc: null,
        valid: false,
        reason: 'unsupported-url',
      });
    }
  });

  it('refuses texts over 2 KB and texts with control characters', () => {
    expect(parseScanText(CODE + ' '.repeat(MAX_SCAN_BYTES))).toMatchObject({ reason: 'too-long' });
    // 683 three-byte characters are 2049 bytes though only 683 characters.
    expect(parseScanText('码'.repeat(683))).toMatchObject({ reason: 'too-long' });
    for (const t of [`9133\u00000521DQ0000018A`, `${CODE}\u202e`, `\u200b${CODE}x`, `a\u0007b`]) {
      expect(parseScanText(t), JSON.stringify(t)).toMatchObject({
        kind: 'unknown',
        reason: 'control-chars',
      });
    }
  });

  it('reads tickets, bare or as the receipt QR', () => {
    expect(parseScanText('DQ01-20250612-0042')).toMatchObject({
      kind: 'ticket',
      valid: true,
      ticket: { ticket: 'DQ01-20250612-0042', kioskId: 'DQ01', date: '2025-06-12', seq: 42 },
    });
    expect(parseScanText('DQT1.DQ01-20250612-0042')).toMatchObject({ kind: 'ticket', valid: true });
    expect(parseScanText('DQT1.DQ01-20250230-0042')).toMatchObject({
      kind: 'ticket',
      valid: false,
      reason: 'bad-ticket',
    });
    expect(parseScanText('DQ01-20250230-0042')).toMatchObject({ kind: 'unknown' });
  });

  it('says anything else is not understood', () => {
    for (const t of ['hello', '你好', '<img src=x onerror=alert(1)>', '{"uscc":"x"}', '12345'])
      expect(parseScanText(t).kind, t).toBe('unknown');
    expect(parseScanText('')).toMatchObject({ reason: 'empty' });
    expect(parseScanText(' \r\n')).toMatchObject({ reason: 'empty' });
    expect(parseScanText(42 as unknown as string)).toMatchObject({ kind: 'unknown' });
  });
});

// An independent oracle, written from the field notes rather than from the module under test.
function oracleValid(code: string): boolean {
  const set = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return false;
  let s = 0;
  for (let i = 0; i < 17; i++) s += set.indexOf(code[i] as string) * (3 ** i % 31);
  if (set[(31 - (s % 31)) % 31] !== code[17]) return false;
  const w = [3, 7, 9, 10, 5, 8, 4, 2];
  let o = 0;
  for (let i = 0; i < 8; i++) o += parseInt(code[8 + i] as string, 36) * (w[i] as number);
  const r = 11 - (o % 11);
  return code[16] === (r === 10 ? 'X' : r === 11 ? '0' : String(r));
}

describe('scan text parser: properties', () => {
  const usccChar = fc.constantFrom(...'0123456789ABCDEFGHJKLMNPQRTUWXY');
  const anyAlnum = fc.constantFrom(
    ...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  );
  const code18 = fc.array(usccChar, { minLength: 18, maxLength: 18 }).map((a) => a.join(''));
  const validCodes = [
    '91330521DQ0000018A',
    '91110000600037341L',
    '91340600MA2PBM9HXD',
    '91620105L015101280',
  ];
  const mutated = fc
    .tuple(
      fc.constantFrom(...validCodes),
      fc.nat(17),
      anyAlnum,
      fc.constantFrom('sub', 'ins', 'del'),
    )
    .map(([c, i, ch, op]) =>
      op === 'sub'
        ? c.slice(0, i) + ch + c.slice(i + 1)
        : op === 'ins'
          ? c.slice(0, i) + ch + c.slice(i)
          : c.slice(0, i) + c.slice(i + 1),
    );
  const inner = fc.oneof(
    code18,
    mutated,
    fc.constantFrom(...validCodes),
    fc.string({ maxLength: 40 }),
  );
  const hostile = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.string({ unit: 'binary-ascii', maxLength: 300 }),
    fc.string({ unit: 'grapheme', maxLength: 60 }),
    code18,
    mutated,
    inner.map((x) => `http://www.gsxt.gov.cn/index.html?uniscid=${x}`),
    inner.map((x) => `https://zzlz.gsxt.gov.cn/businessCheck/verifKey.do?serial=${x}-SAIC_SHOW_1`),
    inner.map((x) => `${x}-SAIC_SHOW_123`),
    inner.map((x) => `https://example.com/${x}?q=${x}`),
    inner.map((x) => `javascript:alert("${x}")`),
    inner.map((x) => `data:text/html;base64,${x}`),
    fc.string({ maxLength: 200 }).map((x) => `DQE1.${x}`),
    fc.string({ maxLength: 200 }).map((x) => `DQS1.${x}`),
    fc.string({ maxLength: 200 }).map((x) => `DQE2.${x}`),
    fc.stringMatching(/^[0-9]{0,340}$/).map((x) => `DQS2.${x}`),
    fc
      .base64String({ maxLength: 200 })
      .map((x) => `DQE1.${x.replace(/\+/g, '-').replace(/\//g, '_').replace(/=/g, '')}`),
    fc.string({ maxLength: 40 }).map((x) => `DQT1.${x}`),
    fc.tuple(inner, fc.integer({ min: 1900, max: 2600 })).map(([x, n]) => x + 'x'.repeat(n)),
    fc
      .tuple(
        inner,
        fc.constantFrom(
          '\u0000',
          '\u0007',
          '\u001b',
          '\u007f',
          '\u202e',
          '\u200b',
          '\ufeff',
          '\r',
          '\n',
          '\t',
        ),
        fc.nat(18),
      )
      .map(([x, c, i]) => x.slice(0, i) + c + x.slice(i)),
  );

  it('10,000 random and hostile strings: never throws, never a valid code unless both checks pass', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const r = parseScanText(text);
        expect(typeof r.kind).toBe('string');
        if (r.valid && r.uscc !== null) {
          expect(USCC_RE.test(r.uscc)).toBe(true);
          expect(checkUscc(r.uscc).valid).toBe(true);
          expect(oracleValid(r.uscc)).toBe(true);
        }
        if (CODE_KINDS.includes(r.kind) && r.valid) expect(r.uscc).not.toBeNull();
        if (r.kind === 'unknown') expect(r.valid || r.uscc !== null).toBe(false);
        const bytes = new TextEncoder().encode(text).length;
        if (bytes > MAX_SCAN_BYTES)
          expect(r).toMatchObject({ kind: 'unknown', reason: 'too-long' });
        if (/^\s*(javascript|data|file|vbscript):/i.test(text)) expect(r.kind).toBe('unknown');
      }),
      { numRuns: 10_000 },
    );
  });

  it('an 18-character code from the set is valid exactly when the oracle says so', () => {
    fc.assert(
      fc.property(code18, (code) => {
        expect(parseScanText(code).valid).toBe(oracleValid(code));
      }),
      { numRuns: 10_000 },
    );
    // The random codes above are almost all invalid; check the oracle agrees on valid ones too.
    for (const c of validCodes) expect(oracleValid(c)).toBe(true);
  });

  it('a valid code is read the same in every wrapping', () => {
    fc.assert(
      fc.property(fc.constantFrom(...validCodes), (code) => {
        for (const t of [
          code,
          `http://www.gsxt.gov.cn/index.html?uniscid=${code}`,
          `${code}-SAIC_SHOW_1`,
          `https://example.cn/a/${code}`,
        ]) {
          expect(parseScanText(t)).toMatchObject({ uscc: code, valid: true, reason: 'ok' });
        }
      }),
    );
  });
});
