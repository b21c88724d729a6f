// The center's weekly hours as one line per language, e.g. "周一至周五 08:30-17:00；周六 09:00-12:00".
import type { LocalizedText } from '../domain/app';

type Weekly = Partial<Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', string[]>>;

const ZH = ['一', '二', '三', '四', '五', '六', '日'];
const EN = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export function hoursText(weekly: Weekly): LocalizedText {
  // Group consecutive days with the same ranges.
  const groups: { from: number; to: number; ranges: string }[] = [];
  for (let d = 1; d <= 7; d++) {
    const ranges = (weekly[String(d) as keyof Weekly] ?? []).join(', ');
    if (!ranges) continue;
    const last = groups.at(-1);
    if (last && last.to === d - 1 && last.ranges === ranges) last.to = d;
    else groups.push({ from: d, to: d, ranges });
  }
  const zh = groups
    .map(
      (g) =>
        (g.from === g.to ? `周${ZH[g.from - 1]}` : `周${ZH[g.from - 1]}至周${ZH[g.to - 1]}`) +
        ` ${g.ranges}`,
    )
    .join('；');
  const en = groups
    .map(
      (g) =>
        (g.from === g.to ? EN[g.from - 1] : `${EN[g.from - 1]}–${EN[g.to - 1]}`) + ` ${g.ranges}`,
    )
    .join('; ');
  return { 'zh-CN': zh || '暂无人工服务时间', en: en || 'No staffed hours' };
}
