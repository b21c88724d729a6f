// Words about a request shared by the wizard, the receipt, the printed documents and tracking:
// dates in the center's time zone, the promised date in plain words, status names.
import { useI18n } from 'vue-i18n';
import type { FeedbackPromiseView, ReceiptView } from '../../../electron/domain/request';

/** A calendar day (YYYY-MM-DD, the center's local date) as a Date at local noon in Deqing. */
export function dayInDeqing(ymd: string): Date {
  return new Date(`${ymd}T12:00:00+08:00`);
}

export function useRequestText() {
  const { t, d } = useI18n();
  const day = (ymd: string) => d(dayInDeqing(ymd), 'date');
  const dateTime = (iso: string) => d(new Date(iso), 'dateTime');

  /** "…3 个工作日内（2025年6月16日前）反馈" and, when it applies, why it counts from a later day. */
  function promiseLines(p: FeedbackPromiseView): string[] {
    const lines = [t('request.promise.due', { days: p.workingDays, date: day(p.dueDate) })];
    if (p.reason !== 'in-hours')
      lines.push(t(`request.promise.reasons.${p.reason}`, { date: day(p.countsFrom) }));
    if (!p.calendarCertain) lines.push(t('request.promise.uncertain'));
    return lines;
  }

  function applicantLine(r: {
    applicant: Pick<ReceiptView['applicant'], 'enterpriseName' | 'uscc' | 'founder'>;
  }): string {
    const a = r.applicant;
    if (a.enterpriseName) return a.enterpriseName;
    if (a.uscc) return t('request.applicant.noFile');
    return a.founder ? t('request.applicant.founder') : t('request.applicant.anonymous');
  }

  return { day, dateTime, promiseLines, applicantLine };
}
