// A request stored just before the kiosk died, whose answer never reached the screen: the page
// sends the same submission again when the kiosk is back, and gets the original ticket — never
// "DUPLICATE", never a second request. The kiosk host is SIGKILLed right after the request was
// stored, and at random moments around the write.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleNodeScript, runKillable } from '../../../support/node-host';

const RANDOM_ROUNDS = Number(process.env.RESUBMIT_ROUNDS ?? 6);
let script = '';

beforeAll(async () => {
  script = await bundleNodeScript(
    path.join(__dirname, 'submit-resubmit-host.ts'),
    'submit-resubmit-host',
  );
});

const run = (args: string[], kill: ((out: string) => number | null) | null) =>
  runKillable(script, args, kill);

const line = <T>(out: string, tag: string): T => {
  const m = new RegExp(`^${tag} (.*)$`, 'm').exec(out);
  if (!m?.[1]) throw new Error(`no ${tag} line in: ${out}`);
  return JSON.parse(m[1]) as T;
};

/** Submits, kills, resubmits; returns what was stored before and the resubmission's ticket. */
async function round(dataRoot: string, killAfter: (out: string) => number | null) {
  const id = crypto.randomUUID();
  const first = await run([dataRoot, 'submit', id], killAfter);
  expect(first.killed).toBe(true);
  expect(first.out).not.toMatch(/^FAILED/m);
  const again = await run([dataRoot, 'resubmit', id], null);
  const before = line<{ ticket: string }[]>(again.out, 'BEFORE');
  const outcome = line<{ ok: boolean; value?: { ticket: string; id: string } }>(
    again.out,
    'OUTCOME',
  );
  const after = line<{ ticket: string }[]>(again.out, 'AFTER');
  expect(outcome, JSON.stringify(outcome)).toMatchObject({ ok: true, value: { id } });
  expect(after).toHaveLength(1);
  expect(after[0]?.ticket).toBe(outcome.value?.ticket);
  return { before, ticket: outcome.value?.ticket, answered: /^ANSWERED/m.test(first.out) };
}

describe('resubmitting after a crash', () => {
  it('SIGKILL between store and answer, then the same submission: the original ticket', async () => {
    const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-resubmit-'));
    // Killed the moment the answer exists: the request is stored, the screen never heard.
    const r = await round(dataRoot, (out) => (out.includes('ANSWERED') ? 0 : null));
    expect(r.before).toHaveLength(1);
    expect(r.ticket).toBe(r.before[0]?.ticket);
    // Killed at random moments around the write: stored or not, the resubmission gets one ticket.
    let stored = 0;
    for (let i = 0; i < RANDOM_ROUNDS; i++) {
      const delay = Math.floor(Math.random() * 450); // the submit takes about 300 ms here
      const x = await round(dataRoot, (out) => (out.includes('SUBMITTING') ? delay : null));
      if (x.before.length === 1) {
        stored++;
        expect(x.ticket).toBe(x.before[0]?.ticket);
      } else expect(x.before).toEqual([]);
    }
    console.log(
      `${RANDOM_ROUNDS} random kills: ${stored} stored before the kill, ${RANDOM_ROUNDS - stored} not`,
    );
    fs.rmSync(dataRoot, { recursive: true, force: true });
  }, 300_000);
});
