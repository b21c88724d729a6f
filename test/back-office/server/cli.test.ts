// The command line against a running service (in this process, on PGlite): enrolment prints the
// kiosk's secret once, lists show what the kiosks sent, a status set here reaches the kiosk's
// feed; a wrong token is one line and exit 1; bad arguments exit 2.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../back-office/server/main';
import { captureOutput } from '../../support/capture-output';
import { testPglite } from '../../support/back-office-db';
import { ADMIN_TOKEN, kioskClient, signal, startRig, wire, type Rig } from './harness';

beforeAll(() => testPglite().then(() => undefined), 180_000);

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

const run = (argv: string[]) => captureOutput(() => main(argv));

describe('npm run back-office -- <command>', () => {
  it('enrols a kiosk, lists its requests, sets a status it then pulls', async () => {
    rig = await startRig('pglite');
    const r = rig;
    const auth = ['--url', r.service.url, '--token', ADMIN_TOKEN];

    const added = await run([
      'kiosks',
      'add',
      'TOWN03',
      '--name',
      '新市镇便民服务中心',
      ...auth,
      '--json',
    ]);
    expect(added.code).toBe(0);
    const enrolled = JSON.parse(added.out) as {
      kioskId: string;
      kioskSecret: string;
      endpoint: string;
    };
    expect(enrolled).toMatchObject({ kioskId: 'TOWN03', endpoint: `${r.service.url}/kiosk-api` });
    expect(enrolled.kioskSecret.length).toBeGreaterThanOrEqual(32);
    const again = await run(['kiosks', 'add', 'TOWN03', ...auth]);
    expect(again).toMatchObject({ code: 1, out: '' });
    expect(again.err.trim().split('\n')).toEqual([
      'back-office kiosks add: kiosk TOWN03 is already enrolled',
    ]);

    const client = kioskClient(
      enrolled.endpoint,
      'TOWN03',
      enrolled.kioskSecret,
      () => r.clock.now,
    );
    const req = wire(0, 'TOWN03');
    expect(await client.submit(req, signal)).toMatchObject({ type: 'ok', status: 201 });
    expect(
      await client.heartbeat(
        { kioskId: 'TOWN03', printer: { state: 'fault' }, backlog: { pending: 2, dead: 0 } },
        signal,
      ),
    ).toMatchObject({ type: 'ok' });

    const listed = await run(['requests', 'list', ...auth, '--json']);
    expect(listed.code).toBe(0);
    const rows = JSON.parse(listed.out) as Record<string, unknown>[];
    expect(rows).toEqual([
      expect.objectContaining({
        ticket: req.body.ticket,
        kioskId: 'TOWN03',
        status: 'received',
        board: 'project',
        department: '县市场监管局',
        dueDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) as string,
      }),
    ]);
    const text = await run(['requests', 'list', '--status', 'open', ...auth]);
    expect(text.out).toContain(req.body.ticket as string);
    expect(text.out).toContain('项目服务板块');

    const kiosks = await run(['kiosks', 'list', ...auth]);
    expect(kiosks.out).toMatch(/TOWN03 新市镇便民服务中心\s+enabled/);
    expect(kiosks.out).toContain('fault');

    const set = await run([
      'requests',
      'set-status',
      req.body.ticket as string,
      'completed',
      '--note',
      '营业执照已核发',
      ...auth,
    ]);
    expect(set).toMatchObject({ code: 0 });
    expect(set.out).toContain('completed — 营业执照已核发');
    const pulled = await client.pullStatusChanges(null, 100, signal);
    expect(pulled).toMatchObject({
      json: { changes: [{ status: 'received' }, { status: 'completed', note: '营业执照已核发' }] },
    });
    const final = await run([
      'requests',
      'set-status',
      req.body.ticket as string,
      'accepted',
      ...auth,
    ]);
    expect(final.code).toBe(1);
    expect(final.err).toContain('is completed: it cannot become accepted');

    const disabled = await run(['kiosks', 'disable', 'TOWN03', ...auth]);
    expect(disabled).toMatchObject({ code: 0, out: 'TOWN03: disabled\n' });
  });

  it('a wrong token: one line, exit 1; bad arguments: exit 2', async () => {
    rig = await startRig('pglite');
    const url = rig.service.url;
    const wrong = await run(['kiosks', 'list', '--url', url, '--token', 'bo_not_the_token_at_all']);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toBe(
      'back-office kiosks list: the admin token was refused (wrong or revoked)\n',
    );
    const unreachable = await run([
      'kiosks',
      'list',
      '--url',
      'http://127.0.0.1:9',
      '--token',
      ADMIN_TOKEN,
    ]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.err).toMatch(/cannot reach the back office at http:\/\/127\.0\.0\.1:9/);
    for (const argv of [
      ['kiosks', 'add', '--url', url, '--token', ADMIN_TOKEN],
      ['kiosks', 'add', 'lower', '--url', url, '--token', ADMIN_TOKEN],
      ['kiosks', 'list', '--url', url],
      ['kiosks', 'list', '--url', url, '--token', ADMIN_TOKEN, '--colour'],
      [
        'requests',
        'set-status',
        'DQ01-20260302-0001',
        'done',
        '--url',
        url,
        '--token',
        ADMIN_TOKEN,
      ],
      ['requests', 'list', '--board', 'nowhere', '--url', url, '--token', ADMIN_TOKEN],
      ['kiosks', 'fly'],
      ['serve', '--port', 'eighty'],
    ]) {
      const out = await run(argv);
      expect({ argv, code: out.code }).toEqual({ argv, code: 2 });
    }
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    for (const c of ['serve', 'kiosks add', 'kiosks list', 'requests list', 'requests set-status'])
      expect(help.out).toContain(c);
  });
});
