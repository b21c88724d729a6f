// A local HTTPS back office (the reference receiver behind https.createServer) with certificates
// from a CA made in the test: the kiosk refuses it until `backOffice.caCertificate` names that CA,
// and `kioskctl doctor` says in plain words what is wrong in each case.
// Receiver only: the real back office serves plain HTTP behind the site's TLS reverse proxy, so
// these certificate set-ups (and a clock shifted under one) are the stub's to make.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { doctorCommand } from '../../../../electron/cli/commands/doctor';
import {
  chainTrustedBy,
  loadExtraCas,
  plainTlsReason,
} from '../../../../electron/services/sync/tls-trust';
import { runCommand } from '../../cli/run-command';
import {
  newKioskSecret,
  startReferenceReceiver,
  type ReferenceReceiver,
} from '../../../support/reference-receiver';
import { makeTestPki, type TestPki } from '../../../support/test-ca';
import { startHarness, startupArgs, type Harness } from '../../../support/kiosk-harness';

let pki: TestPki;
beforeAll(() => {
  pki = makeTestPki();
});
afterAll(() => pki.close());

let receiver: ReferenceReceiver | null = null;
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  await receiver?.close();
  h = null;
  receiver = null;
});

const secret = newKioskSecret();
async function httpsBackOffice(
  server: keyof TestPki['servers'],
  shiftMs = 0,
): Promise<ReferenceReceiver> {
  receiver = await startReferenceReceiver({
    kiosks: { DQ01: secret },
    tls: pki.servers[server],
    now: () => Date.now() + shiftMs,
  });
  return receiver;
}

function dataDir(backOffice: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-tls-'));
  fs.writeFileSync(
    path.join(dir, 'config.json'),
    JSON.stringify({ backOffice: { kioskSecret: secret, ...backOffice } }),
  );
  return dir;
}

async function doctor(dir: string) {
  const json = await runCommand(doctorCommand, ['--json', '--data', dir]);
  const text = await runCommand(doctorCommand, ['--data', dir]);
  return { code: json.code, report: JSON.parse(json.out), text: text.out };
}

describe('the kiosk and a back office signed by an intranet CA', () => {
  it('is refused without backOffice.caCertificate and delivers with it', async () => {
    const rcv = await httpsBackOffice('valid');
    h = await startHarness({
      realClock: true,
      config: { backOffice: { endpoint: rcv.url, kioskSecret: secret } },
    });
    const engine = h.k.sync.engine;
    if (!engine) throw new Error('no sync engine');
    expect(await engine.sendHeartbeat(new AbortController().signal)).toBe(false);
    const status = h.k.sync.status();
    expect(status.lastError?.message).toContain('issued by an authority this kiosk does not trust');
    expect(rcv.arrivals.length).toBe(0);
    await h.close();

    h = await startHarness({
      realClock: true,
      config: { backOffice: { endpoint: rcv.url, kioskSecret: secret, caCertificate: pki.caFile } },
    });
    const trusted = h.k.sync.engine;
    if (!trusted) throw new Error('no sync engine');
    expect(await trusted.sendHeartbeat(new AbortController().signal)).toBe(true);
    const r = await h.call('requestSubmit', startupArgs());
    const deadline = Date.now() + 10_000;
    while (rcv.submissions.size === 0 && Date.now() < deadline)
      await new Promise((res) => setTimeout(res, 20));
    expect([...rcv.submissions.values()].map((s) => s.body.ticket)).toEqual([r.ticket]);
  });

  it('a broken caCertificate file stops delivery with a problem that names it', async () => {
    const rcv = await httpsBackOffice('valid');
    const missing = path.join(pki.dir, 'no-such.pem');
    h = await startHarness({
      realClock: true,
      config: { backOffice: { endpoint: rcv.url, kioskSecret: secret, caCertificate: missing } },
    });
    expect(h.k.sync.engine).toBeNull();
    expect(h.k.sync.status().problem).toBe(
      `backOffice.caCertificate ${missing} cannot be read (no such file)`,
    );
  });
});

describe('kioskctl doctor names the problem', () => {
  it('unknown CA without caCertificate; verified with it, and the kiosk accepted', async () => {
    const rcv = await httpsBackOffice('valid');
    const refused = await doctor(dataDir({ endpoint: rcv.url }));
    expect(refused.code).toBe(1);
    expect(refused.report.backOffice).toMatchObject({
      configured: true,
      ok: false,
      tls: { ok: false, code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' },
    });
    expect(refused.text).toContain(
      "FAIL certificate  NOT VERIFIED: the back office's certificate was issued by an authority this kiosk does not trust: name that CA in backOffice.caCertificate",
    );
    expect(refused.text).toContain('issuer O=Deqing test, CN=Deqing Test Intranet CA');

    const ok = await doctor(dataDir({ endpoint: rcv.url, caCertificate: pki.caFile }));
    expect(ok.report.backOffice).toMatchObject({
      ok: true,
      tls: { ok: true, trustedBy: 'caCertificate' },
      answer: { ok: true },
    });
    expect(ok.text).toContain('certificate  verified (trusted by backOffice.caCertificate)');
    expect(ok.text).toContain('ok   answer       answers and accepts this kiosk');
    expect(ok.report.backOffice.clock.warning).toBe(false);
  });

  it('an expired certificate', async () => {
    const rcv = await httpsBackOffice('expired');
    const r = await doctor(dataDir({ endpoint: rcv.url, caCertificate: pki.caFile }));
    expect(r.code).toBe(1);
    expect(r.report.backOffice.tls).toMatchObject({ ok: false, code: 'CERT_HAS_EXPIRED' });
    expect(r.text).toContain("NOT VERIFIED: the back office's certificate has expired");
    expect(r.text).toContain('valid to 2020-01-02T00:00:00.000Z');
  });

  it('a certificate for another host name', async () => {
    const rcv = await httpsBackOffice('wrongHost');
    const r = await doctor(dataDir({ endpoint: rcv.url, caCertificate: pki.caFile }));
    expect(r.report.backOffice.tls).toMatchObject({
      ok: false,
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
    });
    expect(r.text).toContain('is for another host name than backOffice.endpoint');
  });

  it('a self-signed certificate', async () => {
    const rcv = await httpsBackOffice('selfSigned');
    const r = await doctor(dataDir({ endpoint: rcv.url, caCertificate: pki.caFile }));
    expect(r.report.backOffice.tls).toMatchObject({
      ok: false,
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });
    expect(r.text).toContain("the back office's certificate is self-signed");
  });

  it('nothing listening, and a wrong secret', async () => {
    const rcv = await httpsBackOffice('valid');
    const port = new URL(rcv.url).port;
    await rcv.close();
    receiver = null;
    const down = await doctor(dataDir({ endpoint: `https://127.0.0.1:${port}/` }));
    expect(down.text).toContain(`nothing answers at 127.0.0.1:${port} (connection refused)`);

    const rcv2 = await httpsBackOffice('valid');
    const dir = dataDir({ endpoint: rcv2.url, caCertificate: pki.caFile });
    const cfg = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'));
    cfg.backOffice.kioskSecret = newKioskSecret();
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(cfg));
    const wrong = await doctor(dir);
    expect(wrong.code).toBe(1);
    expect(wrong.text).toContain('certificate  verified');
    expect(wrong.text).toContain(
      "FAIL answer       the back office refuses this kiosk's signature",
    );
  });

  it('a clock 45 s off the back office: a warning, in English and Chinese', async () => {
    const rcv = await httpsBackOffice('valid', 45_000);
    const r = await doctor(dataDir({ endpoint: rcv.url, caCertificate: pki.caFile }));
    expect(r.report.backOffice.ok).toBe(true);
    expect(r.report.backOffice.clock.warning).toBe(true);
    expect(Math.abs(r.report.backOffice.clock.offsetMs - 45_000)).toBeLessThan(1_500);
    expect(r.text).toMatch(/WARN clock {8}this machine is 4[4-6]\.\d s off the back office/);
    expect(r.text).toContain('本机时钟与后台相差');
  });
});

describe('trust decisions', () => {
  const chain = () => [pki.servers.valid.cert];

  it('a chain that leads to the configured CA, for the right host, in date', () => {
    expect(chainTrustedBy(chain(), '127.0.0.1', [pki.caPem])).toEqual({ ok: true });
    expect(chainTrustedBy(chain(), 'localhost', [pki.caPem])).toEqual({ ok: true });
  });

  it('refuses another host, an expired leaf, a CA that did not issue it', () => {
    expect(chainTrustedBy(chain(), 'backoffice.example.gov.cn', [pki.caPem])).toMatchObject({
      ok: false,
      reason: expect.stringContaining('another host name') as string,
    });
    expect(chainTrustedBy([pki.servers.expired.cert], '127.0.0.1', [pki.caPem])).toMatchObject({
      ok: false,
      reason: expect.stringContaining('expired') as string,
    });
    expect(chainTrustedBy(chain(), '127.0.0.1', [pki.servers.selfSigned.cert])).toMatchObject({
      ok: false,
      reason: expect.stringContaining('does not trust') as string,
    });
    expect(
      chainTrustedBy(chain(), '127.0.0.1', [pki.caPem], new Date(Date.now() + 5 * 86_400_000)),
    ).toMatchObject({ ok: false });
  });

  it('loads a CA bundle and refuses what cannot be one', () => {
    expect(loadExtraCas(pki.caFile)).toEqual({ pems: [pki.caPem.trim()], problem: null });
    const bundle = path.join(pki.dir, 'bundle.pem');
    fs.writeFileSync(bundle, `${pki.caPem}\n${pki.caPem}`);
    expect(loadExtraCas(bundle).pems).toHaveLength(2);
    const leaf = path.join(pki.dir, 'leaf.pem');
    fs.writeFileSync(leaf, pki.servers.valid.cert);
    expect(loadExtraCas(leaf).problem).toContain('is not a CA certificate');
    const junk = path.join(pki.dir, 'junk.pem');
    fs.writeFileSync(junk, 'not a certificate');
    expect(loadExtraCas(junk).problem).toContain('holds no PEM certificate');
    expect(loadExtraCas(null)).toEqual({ pems: [], problem: null });
  });

  it("says Chromium's certificate errors in the same words", () => {
    expect(plainTlsReason('net::ERR_CERT_AUTHORITY_INVALID')).toBe(
      plainTlsReason('UNABLE_TO_VERIFY_LEAF_SIGNATURE'),
    );
    expect(plainTlsReason('net::ERR_CERT_WEAK_KEY')).toContain('not valid');
    expect(plainTlsReason('ECONNREFUSED')).toBeNull();
  });
});
