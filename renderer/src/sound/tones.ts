// Short tones drawn with Web Audio (nothing fetched): a code read, a code refused, and the idle
// countdown. Distinct by pitch and direction, so they are told apart without looking: read rises
// high, refused falls low, the countdown is a mid double beep (then a tick a second at the end).
import type { SoundSettings } from '../../../electron/domain/help';

export type ToneName = 'read' | 'refused' | 'countdown' | 'tick';

export interface Note {
  /** Hz. */
  frequency: number;
  /** Seconds from the tone's start. */
  at: number;
  /** Seconds. */
  length: number;
}

export const TONES: Record<ToneName, { wave: OscillatorType; notes: Note[] }> = {
  read: {
    wave: 'sine',
    notes: [
      { frequency: 880, at: 0, length: 0.08 },
      { frequency: 1320, at: 0.09, length: 0.12 },
    ],
  },
  refused: {
    wave: 'triangle',
    notes: [
      { frequency: 330, at: 0, length: 0.16 },
      { frequency: 220, at: 0.18, length: 0.24 },
    ],
  },
  countdown: {
    wave: 'sine',
    notes: [
      { frequency: 660, at: 0, length: 0.12 },
      { frequency: 660, at: 0.22, length: 0.12 },
    ],
  },
  tick: { wave: 'sine', notes: [{ frequency: 660, at: 0, length: 0.05 }] },
};

/** Loudest gain a tone reaches at volume 100: tones are signals, not alarms. */
const MAX_GAIN = 0.4;

function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** Whether `at` falls in `HH:MM-HH:MM` (local to `timeZone`; the range may run past midnight). */
export function inQuietHours(at: Date, quietHours: string | null, timeZone: string): boolean {
  if (!quietHours) return false;
  const [from, to] = quietHours.split('-').map(minutesOf) as [number, number];
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const now = part('hour') * 60 + part('minute');
  if (from === to) return false;
  return from < to ? from <= now && now < to : now >= from || now < to;
}

/** The gain a tone plays at now, 0 for silence. */
export function toneGain(settings: SoundSettings | null, at: Date): number {
  if (!settings?.enabled || settings.volume <= 0) return 0;
  if (inQuietHours(at, settings.quietHours, settings.timeZone)) return 0;
  return (Math.min(100, settings.volume) / 100) * MAX_GAIN;
}

/** Schedules a tone on `ctx` (a live or an offline context), each note with a soft edge. */
export function scheduleTone(ctx: BaseAudioContext, name: ToneName, gain: number): number {
  const tone = TONES[name];
  const start = ctx.currentTime + 0.01;
  let end = start;
  for (const n of tone.notes) {
    const osc = ctx.createOscillator();
    const env = ctx.createGain();
    osc.type = tone.wave;
    osc.frequency.value = n.frequency;
    const t0 = start + n.at;
    const t1 = t0 + n.length;
    // 10 ms ramps: no click at either end.
    env.gain.setValueAtTime(0, t0);
    env.gain.linearRampToValueAtTime(gain, t0 + 0.01);
    env.gain.setValueAtTime(gain, t1 - 0.01);
    env.gain.linearRampToValueAtTime(0, t1);
    osc.connect(env).connect(ctx.destination);
    osc.start(t0);
    osc.stop(t1 + 0.01);
    end = Math.max(end, t1);
  }
  return end - start;
}
