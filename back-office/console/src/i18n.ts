// Chinese first, English complete alongside; times always in the center's zone (Asia/Shanghai).
import { createI18n } from 'vue-i18n';
import en from './locales/en.json';
import zh from './locales/zh-CN.json';

export type Locale = 'zh-CN' | 'en';

const dateTime = {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
  timeZone: 'Asia/Shanghai',
} as const;

export const i18n = createI18n({
  legacy: false,
  locale: 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zh, en },
  datetimeFormats: { 'zh-CN': { dateTime }, en: { dateTime } },
});

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
}
