// Guide mode's clock line: the kiosk's time against the back office's, as the last sync answer
// measured it. Signed codes tolerate `identity.clockSkewSeconds` (30 s): warning at 10 s leaves
// staff time to turn on time sync before codes are refused.
import type { HealthItem } from '../../domain/guide';
import { CLOCK_WARN_MS, type ClockOffset } from '../sync/clock';

export function formatOffset(o: ClockOffset): string {
  const s = (ms: number) => (ms / 1000).toFixed(1);
  return `${o.offsetMs >= 0 ? '+' : '−'}${s(Math.abs(o.offsetMs))} s (±${s(o.uncertaintyMs)} s)`;
}

export function clockHealthItem(o: ClockOffset | null): HealthItem {
  if (!o) return { id: 'clock', ok: true, value: '-', note: 'clockUnmeasured' };
  const ok = Math.abs(o.offsetMs) <= CLOCK_WARN_MS;
  return { id: 'clock', ok, value: formatOffset(o), ...(ok ? {} : { note: 'clockOffset' }) };
}
