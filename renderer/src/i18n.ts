// zh-CN is the kiosk's language; en is complete alongside it. Messages live one file per feature
// under locales/<locale>/<feature>.json and are addressed as `<feature>.<key>`.
import { createI18n } from 'vue-i18n';
import type { Locale } from '../../electron/domain/app';

type Messages = Record<string, unknown>;

const files = import.meta.glob<Messages>('./locales/*/*.json', { eager: true, import: 'default' });

export function loadMessages(): Record<Locale, Messages> {
  const out: Record<Locale, Messages> = { 'zh-CN': {}, en: {} };
  for (const [file, messages] of Object.entries(files)) {
    const m = /\.\/locales\/([^/]+)\/([^/]+)\.json$/.exec(file);
    if (!m) continue;
    const locale = m[1] as Locale;
    if (!(locale in out)) continue;
    out[locale][m[2] as string] = messages;
  }
  return out;
}

export const i18n = createI18n({
  legacy: false,
  locale: 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: loadMessages() as never,
  missingWarn: import.meta.env.DEV,
  fallbackWarn: import.meta.env.DEV,
});

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
}
