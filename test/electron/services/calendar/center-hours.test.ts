import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCenterHours } from '../../../../electron/services/calendar/center-hours';
import { loadHolidayCalendar } from '../../../../electron/services/calendar/holiday-calendar';
import { createMemoryLogger } from '../../../../electron/services/logger';
import { CENTER_WEEK as WEEKLY } from '../../../support/center-week';

/** A Beijing wall-clock time as an instant. */
const bj = (s: string) => new Date(`${s}+08:00`);

function setup(overrides: Record<string, unknown> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cal-'));
  for (const [name, data] of Object.entries(overrides))
    fs.writeFileSync(path.join(dir, name), JSON.stringify(data));
  const log = createMemoryLogger();
  const loaded = loadHolidayCalendar(dir, log);
  return {
    ...loaded,
    hours: createCenterHours(loaded.calendar, { weekly: WEEKLY, timeZone: 'Asia/Shanghai' }),
    log,
  };
}

describe('official calendar (2026 schedule)', () => {
  const { calendar } = setup();
  it('knows holidays and adjusted working days', () => {
    expect(calendar.kind('2026-10-01')).toBe('holiday');
    expect(calendar.holidayName('2026-10-01')).toBe('国庆节');
    expect(calendar.kind('2026-10-10')).toBe('adjusted-workday');
    expect(calendar.kind('2026-02-14')).toBe('adjusted-workday');
    expect(calendar.kind('2026-02-18')).toBe('holiday');
    expect(calendar.kind('2026-11-28')).toBe('weekend');
    expect(calendar.kind('2026-11-27')).toBe('workday');
  });
  it('counts working days across a holiday and an adjusted Saturday', () => {
    expect(calendar.addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
    expect(calendar.addWorkingDays('2026-10-08', 3)).toBe('2026-10-12');
    expect(calendar.nextWorkingDay('2026-10-03')).toBe('2026-10-08');
  });
  it('says which years it covers', () => {
    expect(calendar.lastCoveredYear).toBeGreaterThanOrEqual(2026);
    expect(calendar.covers('2026-06-01')).toBe(true);
    expect(calendar.covers(`${calendar.lastCoveredYear + 1}-01-01`)).toBe(false);
  });
});

describe('promised feedback date', () => {
  const { hours } = setup();
  it('counts from today when made in staffed hours on a working day', () => {
    expect(hours.promise(bj('2026-11-30T10:00'), 5)).toMatchObject({
      countsFrom: '2026-11-30',
      dueDate: '2026-12-07',
      reason: 'in-hours',
      calendarCertain: true,
    });
  });
  it('counts from the next working day when made after hours, at night, at a weekend or on a holiday', () => {
    expect(hours.promise(bj('2026-11-27T18:30'), 3)).toMatchObject({
      countsFrom: '2026-11-30',
      dueDate: '2026-12-03',
      reason: 'after-hours',
    });
    expect(hours.promise(bj('2026-11-28T02:00'), 3)).toMatchObject({
      countsFrom: '2026-11-30',
      reason: 'weekend',
    });
    // Saturday's X hours serve people but do not make Saturday a working day.
    expect(hours.promise(bj('2026-11-28T10:00'), 3)).toMatchObject({
      countsFrom: '2026-11-30',
      reason: 'weekend',
    });
    expect(hours.promise(bj('2026-10-03T10:00'), 3)).toMatchObject({
      countsFrom: '2026-10-08',
      dueDate: '2026-10-12',
      reason: 'holiday',
    });
    expect(hours.promise(bj('2026-09-30T20:00'), 3)).toMatchObject({
      countsFrom: '2026-10-08',
      dueDate: '2026-10-12',
      reason: 'after-hours',
    });
  });
  it('treats a request made before opening on a working day as that day', () => {
    expect(hours.promise(bj('2026-12-01T06:00'), 1)).toMatchObject({
      countsFrom: '2026-12-01',
      dueDate: '2026-12-02',
      reason: 'in-hours',
    });
  });
  it('keeps Monday hours on an adjusted working Sunday', () => {
    expect(hours.promise(bj('2026-09-20T10:00'), 1)).toMatchObject({
      countsFrom: '2026-09-20',
      reason: 'in-hours',
    });
    expect(hours.status(bj('2026-09-20T10:00')).open).toBe(true);
  });
  it('flags a due date beyond the loaded schedule as uncertain', () => {
    const p = hours.promise(bj('2026-12-30T10:00'), 5);
    expect(p.dueDate.startsWith('2027')).toBe(true);
    expect(p.calendarCertain).toBe(false);
  });
  it('does not depend on the machine time zone', () => {
    // 23:30 Beijing is 15:30 UTC the same day: still after hours in Deqing.
    expect(hours.promise(new Date('2026-11-30T15:30:00Z'), 1)).toMatchObject({
      countsFrom: '2026-12-01',
      reason: 'after-hours',
    });
  });
});

describe('opening status', () => {
  const { hours } = setup();
  it('is open in staffed hours and says when it closes', () => {
    expect(hours.status(bj('2026-11-30T10:00'))).toEqual({
      open: true,
      closesAt: bj('2026-11-30T12:00').toISOString(),
      nextOpening: null,
    });
  });
  it('gives the next opening over lunch, at night, over a weekend and a holiday', () => {
    expect(hours.status(bj('2026-11-30T12:30')).nextOpening).toBe(
      bj('2026-11-30T13:30').toISOString(),
    );
    expect(hours.status(bj('2026-11-27T18:30')).nextOpening).toBe(
      bj('2026-11-28T09:00').toISOString(),
    );
    expect(hours.status(bj('2026-11-28T12:30')).nextOpening).toBe(
      bj('2026-11-30T08:30').toISOString(),
    );
    expect(hours.status(bj('2026-10-01T09:00')).nextOpening).toBe(
      bj('2026-10-08T08:30').toISOString(),
    );
  });
});

describe('calendar updates without a new build', () => {
  it('takes a valid file for the next year and refuses a broken one', () => {
    const { calendar, problems, log } = setup({
      '2027.json': {
        holidays: { '2027-01-01': "New Year's Day,元旦,1" },
        workdays: { '2027-01-04': '元旦' },
      },
      'broken.json': { holidays: { 'not-a-date': 'x' }, workdays: {} },
    });
    expect(calendar.covers('2027-01-01')).toBe(true);
    expect(calendar.kind('2027-01-01')).toBe('holiday');
    expect(problems.map((p) => p.file)).toEqual(['broken.json']);
    expect(log.lines.some((l) => l.event === 'calendar.override_refused')).toBe(true);
  });
});
