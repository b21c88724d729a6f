// Signed content bundles inside the kiosk's services: a valid bundle replaces catalog, calendar
// and whitelisted config keys while the kiosk runs; a tampered, unsigned, untrusted, older or
// invalid one is refused, recorded, and the kiosk keeps what it had.
import fs from 'node:fs';
import path from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { afterEach, describe, expect, it } from 'vitest';
import { base64urlDecode, base64urlEncode } from '../../../../electron/domain/signed-token';
import {
  signContentBundle,
  type ContentPayload,
} from '../../../../electron/protocol/content-bundle';
import { builtinCatalogFiles } from '../../../../electron/services/catalog/builtin';
import { applyContentBundle } from '../../../../electron/services/content/content-service';
import {
  createKioskServices,
  type KioskServices,
} from '../../../../electron/services/kiosk-services';
import { tempDir } from '../../../support/sync-harness';

const { secretKey, publicKey } = ed25519.keygen();
const key = { kid: 'c1', secretKey };
const trusted = { c1: base64urlEncode(publicKey) };

/** A test schedule (not the State Council's): enough to tell 2027 is covered. */
const CAL_2027 = {
  holidays: { '2027-01-01': '元旦', '2027-02-08': '春节' },
  workdays: { '2027-02-20': '春节' },
};

function payload(version: number, extra: Partial<ContentPayload> = {}): ContentPayload {
  const bundles = builtinCatalogFiles()['bundles.json'] as { id: string; name: string }[];
  const first = bundles[0] as { id: string; name: string };
  first.name = `企业开办v${version}`;
  return {
    version,
    createdAt: '2026-12-01T08:00:00+08:00',
    catalog: { 'bundles.json': bundles },
    calendars: { '2027': CAL_2027 },
    config: { 'help.hotline': '0572-8888888' },
    ...extra,
  };
}

function tamper(text: string): string {
  const env = JSON.parse(text) as Record<string, string>;
  const json = new TextDecoder().decode(base64urlDecode(env.payload as string) as Uint8Array);
  env.payload = base64urlEncode(new TextEncoder().encode(json.replace('0572-8888888', '0572-1')));
  return JSON.stringify(env);
}

let services: KioskServices | null = null;
afterEach(async () => {
  await services?.close();
  services = null;
});

async function kiosk(dir: string): Promise<KioskServices> {
  fs.writeFileSync(
    path.join(dir, 'config.json'),
    JSON.stringify({ content: { publicKeys: trusted } }),
  );
  services = await createKioskServices({ dataRoot: dir, shell: 'browser', appVersion: 't' });
  return services;
}

describe('content bundles in the running kiosk', () => {
  it('a valid bundle replaces catalog, calendar and config keys at once; a restart keeps it', async () => {
    const dir = tempDir('kiosk-content-');
    const s = await kiosk(dir);
    expect(s.content.version()).toBeNull();
    expect(s.calendar.covers('2027-03-01')).toBe(false);
    expect(s.catalog.bundle('business-startup')?.name).toBe('企业开办');

    const out = s.content.apply(signContentBundle(payload(5), key), 'test');
    expect(out).toMatchObject({ ok: true, version: 5, unchanged: false });
    expect(s.content.version()).toBe(5);
    expect(s.catalog.bundle('business-startup')?.name).toBe('企业开办v5');
    expect(s.catalog.info().source).toBe('content');
    expect(s.calendar.covers('2027-03-01')).toBe(true);
    expect(s.calendar.kind('2027-02-20')).toBe('adjusted-workday');
    expect(s.config.help.hotline).toBe('0572-8888888');
    // The services built on the catalog and calendar see the new ones (promised dates in 2027).
    expect(s.hours.promise(new Date('2027-01-01T02:00:00Z'), 3).calendarCertain).toBe(true);

    await s.close();
    services = null;
    const again = await kiosk(dir);
    expect(again.content.version()).toBe(5);
    expect(again.catalog.bundle('business-startup')?.name).toBe('企业开办v5');
    expect(again.calendar.covers('2027-06-01')).toBe(true);
    expect(again.config.help.hotline).toBe('0572-8888888');
  });

  it('refuses tampered, unsigned and untrusted bundles and keeps its catalog', async () => {
    const dir = tempDir('kiosk-content-');
    const s = await kiosk(dir);
    expect(s.content.apply(signContentBundle(payload(1), key), 'test').ok).toBe(true);
    const storedBefore = fs.readFileSync(path.join(dir, 'content', 'bundle.json'), 'utf8');

    const tampered = s.content.apply(tamper(signContentBundle(payload(2), key)), 'test');
    expect(tampered).toMatchObject({ ok: false, refusal: { reason: 'bad-signature' } });
    const env = JSON.parse(signContentBundle(payload(2), key)) as Record<string, unknown>;
    delete env.signature;
    expect(s.content.apply(JSON.stringify(env), 'test')).toMatchObject({
      ok: false,
      refusal: { reason: 'unsigned' },
    });
    const stranger = { kid: 'x9', secretKey: ed25519.keygen().secretKey };
    expect(s.content.apply(signContentBundle(payload(2), stranger), 'test')).toMatchObject({
      ok: false,
      refusal: { reason: 'untrusted-key' },
    });

    expect(s.content.version()).toBe(1);
    expect(s.catalog.bundle('business-startup')?.name).toBe('企业开办v1');
    expect(s.config.help.hotline).toBe('0572-8888888');
    expect(fs.readFileSync(path.join(dir, 'content', 'bundle.json'), 'utf8')).toBe(storedBefore);
    // Reported: guide mode's health and the heartbeat's content section.
    const st = s.content.state();
    expect(st.lastRefusal).toMatchObject({ reason: 'untrusted-key', version: null });
  });

  it('refuses a signed bundle whose content does not validate, and an older version', async () => {
    const dir = tempDir('kiosk-content-');
    const s = await kiosk(dir);
    expect(s.content.apply(signContentBundle(payload(3), key), 'test').ok).toBe(true);

    const bundles = builtinCatalogFiles()['bundles.json'] as {
      guidance: { routing: { board: string } };
    }[];
    (bundles[0] as { guidance: { routing: { board: string } } }).guidance.routing.board = 'nowhere';
    const badCatalog = s.content.apply(
      signContentBundle(payload(4, { catalog: { 'bundles.json': bundles } }), key),
      'test',
    );
    expect(badCatalog).toMatchObject({ ok: false, refusal: { reason: 'invalid-content' } });
    expect(!badCatalog.ok && badCatalog.refusal.message).toMatch(/bundles\.json/);

    const badYear = s.content.apply(
      signContentBundle(
        payload(4, {
          calendars: { '2027': { holidays: { '2026-10-01': '国庆节' }, workdays: {} } },
        }),
        key,
      ),
      'test',
    );
    expect(badYear).toMatchObject({ ok: false, refusal: { reason: 'invalid-content' } });

    const badConfig = s.content.apply(
      signContentBundle(payload(4, { config: { 'help.hotline': 'call us' } }), key),
      'test',
    );
    expect(badConfig).toMatchObject({ ok: false, refusal: { reason: 'invalid-content' } });

    expect(s.content.apply(signContentBundle(payload(2), key), 'test')).toMatchObject({
      ok: false,
      refusal: { reason: 'older-version' },
    });
    expect(s.content.version()).toBe(3);
    expect(s.catalog.bundle('business-startup')?.name).toBe('企业开办v3');
  });

  it('takes in a bundle kioskctl stored while it runs; a key no longer trusted withdraws it', async () => {
    const dir = tempDir('kiosk-content-');
    const s = await kiosk(dir);
    const stored = applyContentBundle({
      dir: path.join(dir, 'content'),
      text: signContentBundle(payload(7, { config: {} }), key),
      trustedKeys: trusted,
      source: 'kioskctl',
      now: () => new Date(),
    });
    expect(stored.ok).toBe(true);
    expect(s.content.version()).toBeNull();
    expect(s.content.refresh()).toBe(true);
    expect(s.content.version()).toBe(7);
    expect(s.catalog.bundle('business-startup')?.name).toBe('企业开办v7');
    expect(s.config.help.hotline).toBeNull();
    await s.close();

    fs.writeFileSync(
      path.join(dir, 'config.json'),
      JSON.stringify({ content: { publicKeys: {} } }),
    );
    services = await createKioskServices({ dataRoot: dir, shell: 'browser', appVersion: 't' });
    expect(services.content.version()).toBeNull();
    expect(services.catalog.bundle('business-startup')?.name).toBe('企业开办');
    expect(services.content.state().lastRefusal).toMatchObject({
      reason: 'untrusted-key',
      source: 'stored',
    });
  });
});
