import { describe, expect, it, vi } from 'vitest';
import { createCenterHours } from '../../../../electron/services/calendar/center-hours';
import { loadHolidayCalendar } from '../../../../electron/services/calendar/holiday-calendar';
import { createMemoryLogger } from '../../../../electron/services/logger';
import { memoisedPromises } from '../../../../back-office/server/intake/center-rules';
import { CENTER_WEEK as WEEKLY } from '../../../support/center-week';

function hours() {
  const { calendar } = loadHolidayCalendar(null, createMemoryLogger());
  return createCenterHours(calendar, { weekly: WEEKLY, timeZone: 'Asia/Shanghai' });
}

describe('promised dates remembered per minute', () => {
  it('gives what the calendar gives, across closing time, weekends, holidays and limits', () => {
    const plain = hours();
    const kept = memoisedPromises(hours());
    // Every 7 minutes and 13 seconds for a fortnight around the National Day holiday, twice, so
    // the second pass is answered from what was remembered.
    const start = Date.parse('2026-09-26T00:00:00+08:00');
    for (let pass = 0; pass < 2; pass++)
      for (let t = start; t < start + 14 * 86_400_000; t += 433_000)
        for (const days of [0, 3, 20]) {
          const at = new Date(t);
          expect(kept.promise(at, days)).toEqual(plain.promise(at, days));
        }
    // The seconds just before and at the last closing time fall in different minutes.
    for (const s of ['2026-03-02T16:59:59.999+08:00', '2026-03-02T17:00:00.000+08:00']) {
      const at = new Date(s);
      expect(kept.promise(at, 3)).toEqual(plain.promise(at, 3));
    }
  });

  it('computes a minute and limit once, and keeps each call its own submittedAt', () => {
    const inner = hours();
    const promise = vi.spyOn(inner, 'promise');
    const kept = memoisedPromises(inner);
    const a = kept.promise(new Date('2026-03-02T10:15:01.000+08:00'), 3);
    const b = kept.promise(new Date('2026-03-02T10:15:59.000+08:00'), 3);
    expect(promise).toHaveBeenCalledTimes(1);
    expect(b.submittedAt).toBe('2026-03-02T02:15:59.000Z');
    expect({ ...b, submittedAt: a.submittedAt }).toEqual(a);
    kept.promise(new Date('2026-03-02T10:15:30.000+08:00'), 5);
    kept.promise(new Date('2026-03-02T10:16:00.000+08:00'), 3);
    expect(promise).toHaveBeenCalledTimes(3);
  });

  it('leaves an invalid date to the calendar, which refuses it as before', () => {
    const kept = memoisedPromises(hours());
    expect(() => kept.promise(new Date('nonsense'), 3)).toThrow(RangeError);
  });
});
