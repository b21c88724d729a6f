// zh-CN is the kiosk's language; en is complete alongside it. Dates and times are always shown in
// the center's time zone (Asia/Shanghai), whatever the machine's clock zone. Messages live one file per feature
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

const datetimeFormats = {
  'zh-CN': {
    date: {
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      weekday: 'short',
      timeZone: 'Asia/Shanghai',
    },
    time: { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Asia/Shanghai' },
    weekdayTime: {
      month: 'long',
      day: 'numeric',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
      timeZone: 'Asia/Shanghai',
    },
    dateTime: {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
      timeZone: 'Asia/Shanghai',
    },
  },
  en: {
    date: {
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      weekday: 'short',
      timeZone: 'Asia/Shanghai',
    },
    time: { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Asia/Shanghai' },
    weekdayTime: {
      month: 'short',
      day: 'numeric',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
      timeZone: 'Asia/Shanghai',
    },
    dateTime: {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
      timeZone: 'Asia/Shanghai',
    },
  },
} as const;

export const i18n = createI18n({
  legacy: false,
  locale: 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: loadMessages() as never,
  datetimeFormats: datetimeFormats as never,
  missingWarn: import.meta.env.DEV,
  fallbackWarn: import.meta.env.DEV,
});

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
}
