// Words for a failed call, in the visitor's language. Screens with a more specific message for a
// code use their own; everything else falls back to these.
import { useI18n } from 'vue-i18n';
import { ApiError } from './api';

const GENERIC = ['UNAVAILABLE', 'OUT_OF_SERVICE', 'BAD_ARGS', 'FORBIDDEN', 'INTERNAL'] as const;
type GenericCode = (typeof GENERIC)[number];

export function genericCode(e: unknown): GenericCode {
  const code = e instanceof ApiError ? String(e.code) : 'INTERNAL';
  return (GENERIC as readonly string[]).includes(code) ? (code as GenericCode) : 'INTERNAL';
}

export function useErrorText(): (e: unknown) => string {
  const { t } = useI18n();
  return (e) => t(`app.errors.${genericCode(e)}`);
}
