// Every user-visible string exists in zh-CN and en, every key the code uses exists, and every key
// that exists is used. Keys are found statically: t('a.b'), $t('a.b'), te('a.b'), and templates
// such as t(`attract.offers.${o}.title`), which match any key of that shape. A key that is only
// built at run time some other way must be listed in `i18n-dynamic-keys.json` with the reason.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../renderer/src');
const localeDir = path.join(root, 'locales');

function flatten(obj: unknown, prefix = ''): string[] {
  if (typeof obj === 'string') return [prefix];
  if (!obj || typeof obj !== 'object') throw new Error(`bad message at ${prefix}`);
  return Object.entries(obj).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
}

function keysOf(locale: string): Set<string> {
  const keys = new Set<string>();
  for (const file of fs.readdirSync(path.join(localeDir, locale))) {
    const feature = file.replace(/\.json$/, '');
    for (const k of flatten(
      JSON.parse(fs.readFileSync(path.join(localeDir, locale, file), 'utf8')),
    ))
      keys.add(`${feature}.${k}`);
  }
  return keys;
}

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'locales' ? [] : sources(p);
    return /\.(ts|vue)$/.test(e.name) ? [p] : [];
  });
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function usages(): { literal: Set<string>; patterns: RegExp[] } {
  const literal = new Set<string>();
  const patterns: RegExp[] = [];
  const call = /(?<![\w$])(?:\$?t|te|tm)\(\s*(?:'([^']+)'|"([^"]+)"|`([^`]+)`)/g;
  // Keys passed as data, e.g. labelKey: 'catalog.topics.entry' — any quoted string that looks
  // like a key of a known feature counts as a use.
  for (const file of sources(root)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(call)) {
      const key = m[1] ?? m[2];
      if (key) literal.add(key);
      const tpl = m[3];
      if (tpl) {
        if (!tpl.includes('${')) literal.add(tpl);
        else
          patterns.push(
            new RegExp(
              '^' +
                tpl
                  .split(/\$\{[^}]+\}/)
                  .map(escape)
                  .join('[^]+') +
                '$',
            ),
          );
      }
    }
  }
  return { literal, patterns };
}

describe('i18n keys', () => {
  const zh = keysOf('zh-CN');
  const en = keysOf('en');
  const { literal, patterns } = usages();
  const dynamicFile = path.join(__dirname, 'i18n-dynamic-keys.json');
  const dynamic: Record<string, string> = fs.existsSync(dynamicFile)
    ? JSON.parse(fs.readFileSync(dynamicFile, 'utf8'))
    : {};

  it('zh-CN and en have the same keys', () => {
    expect(
      [...zh].filter((k) => !en.has(k)),
      'in zh-CN only',
    ).toEqual([]);
    expect(
      [...en].filter((k) => !zh.has(k)),
      'in en only',
    ).toEqual([]);
  });

  it('no message is empty', () => {
    for (const locale of ['zh-CN', 'en']) {
      for (const file of fs.readdirSync(path.join(localeDir, locale))) {
        const text = fs.readFileSync(path.join(localeDir, locale, file), 'utf8');
        expect(text, `${locale}/${file}`).not.toMatch(/:\s*""/);
      }
    }
  });

  it('every key the code uses exists', () => {
    expect([...literal].filter((k) => !zh.has(k)).sort()).toEqual([]);
    for (const p of patterns)
      expect(
        [...zh].some((k) => p.test(k)),
        `no key matches ${p}`,
      ).toBe(true);
  });

  it('every key is used', () => {
    const unused = [...zh].filter(
      (k) => !literal.has(k) && !patterns.some((p) => p.test(k)) && !(k in dynamic),
    );
    expect(unused.sort()).toEqual([]);
  });
});
