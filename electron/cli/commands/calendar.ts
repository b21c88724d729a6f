// `kioskctl calendar status`: which official holiday schedules the kiosk knows, and whether the
// promised dates it gives now may run past them.
import { createCenterHours } from '../../services/calendar/center-hours';
import { loadHolidayCalendar } from '../../services/calendar/holiday-calendar';
import { loadConfigFile } from '../../services/config';
import { loadStoredContent } from '../../services/content/content-service';
import { dataDirLayout } from '../../services/data-dir';
import { createLogger } from '../../services/logger';
import { defineCommand } from '../define';

/** Promised dates reach this far ahead at most (the longest feedback time plus holidays). */
const LOOKAHEAD_DAYS = 45;

export const calendarStatusCommand = defineCommand({
  name: 'calendar status',
  summary: 'the holiday schedules loaded, the last year covered, and whether an update is due',
  usage:
    'Send the next year\'s schedule in a signed content bundle (kioskctl content sign --calendar), or drop it as <data>/calendar/<year>.json ({"holidays": {...}, "workdays": {...}}).',
  async run({ dataRoot }) {
    const dirs = dataDirLayout(dataRoot);
    const log = createLogger({ dir: null });
    const { config } = loadConfigFile(dirs.config);
    // The years of the signed content bundle in force count, as they do in the kiosk.
    const content = loadStoredContent({
      dir: dirs.content,
      trustedKeys: config.content.publicKeys,
      log,
      now: () => new Date(),
    });
    const { calendar, problems } = loadHolidayCalendar(
      dirs.calendar,
      log,
      content?.calendars ?? [],
    );
    const now = new Date();
    const horizon = new Date(now.getTime() + LOOKAHEAD_DAYS * 86_400_000);
    const updateDue = horizon.getUTCFullYear() > calendar.lastCoveredYear;
    const status = createCenterHours(calendar, config.hours).status(now);
    const data = {
      sources: calendar.sources,
      firstCoveredYear: calendar.firstCoveredYear,
      lastCoveredYear: calendar.lastCoveredYear,
      updateDue,
      refusedFiles: problems,
      openNow: status.open,
      nextOpening: status.nextOpening,
    };
    return { data, ok: problems.length === 0 };
  },
  text: (d) =>
    [
      `official schedules: ${d.firstCoveredYear}–${d.lastCoveredYear} (${d.sources.join(', ')})`,
      d.updateDue
        ? `UPDATE DUE: promised dates may reach ${d.lastCoveredYear + 1}, whose schedule is not loaded`
        : 'up to date for the promised dates given now',
      ...d.refusedFiles.map((p) => `refused ${p.file}: ${p.problem}`),
      d.openNow
        ? 'counters open now'
        : `counters closed; next opening ${d.nextOpening ?? 'unknown'}`,
    ].join('\n'),
});
