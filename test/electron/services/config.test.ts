import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { startHarness } from '../../support/kiosk-harness';
import {
  defaultConfig,
  loadConfigFile,
  parseConfig,
  saveConfigFile,
} from '../../../electron/services/config';

describe('config', () => {
  it('runs on documented defaults with no file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfg-'));
    const { config, problems } = loadConfigFile(path.join(dir, 'config.json'));
    expect(problems).toEqual([]);
    expect(config.kioskId).toBe('DQ01');
    expect(config.timeouts.idleSeconds).toBe(90);
    expect(config.timeouts.receiptIdleSeconds).toBe(30);
    expect(config.timeouts.countdownSeconds).toBe(20);
    expect(config.language).toBe('zh-CN');
    expect(config.backOffice.endpoint).toBeNull();
  });

  it('keeps good keys, defaults bad ones and names each by its path', () => {
    const { config, problems } = parseConfig({
      kioskId: 'TOWN07',
      timeouts: { idleSeconds: 'soon', receiptIdleSeconds: 45 },
      language: 'fr',
      printr: {},
    });
    expect(config.kioskId).toBe('TOWN07');
    expect(config.timeouts.idleSeconds).toBe(90);
    expect(config.timeouts.receiptIdleSeconds).toBe(45);
    expect(config.language).toBe('zh-CN');
    expect(problems.map((p) => p.key).sort()).toEqual([
      'language',
      'printr',
      'timeouts.idleSeconds',
    ]);
  });

  it('refuses a countdown shorter than WCAG 2.2.1 allows', () => {
    const { config, problems } = parseConfig({ timeouts: { countdownSeconds: 5 } });
    expect(config.timeouts.countdownSeconds).toBe(20);
    expect(problems[0]?.key).toBe('timeouts.countdownSeconds');
  });

  it('allows plain http to the back office only on loopback', () => {
    expect(parseConfig({ backOffice: { endpoint: 'http://10.0.0.5/api' } }).problems[0]?.key).toBe(
      'backOffice.endpoint',
    );
    expect(parseConfig({ backOffice: { endpoint: 'http://127.0.0.1:9000/api' } }).problems).toEqual(
      [],
    );
    expect(
      parseConfig({ backOffice: { endpoint: 'https://bo.example.gov.cn/kiosk' } }).problems,
    ).toEqual([]);
  });

  it('falls back to defaults on a file that is not JSON, and says so', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfg-'));
    const file = path.join(dir, 'config.json');
    fs.writeFileSync(file, '{ "kioskId": "X1", ');
    const { config, problems } = loadConfigFile(file);
    expect(config).toEqual(defaultConfig());
    expect(problems).toHaveLength(1);
    expect(problems[0]?.key).toBe('(file)');
    expect(problems[0]?.problem).toMatch(/not valid JSON/);
  });

  it('reports a section that is not an object', () => {
    const { config, problems } = parseConfig({ timeouts: 30 });
    expect(config.timeouts.idleSeconds).toBe(90);
    expect(problems).toEqual([{ key: 'timeouts', problem: 'must be an object' }]);
  });

  it('saves the file readable by its owner only', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfg-'));
    const file = path.join(dir, 'config.json');
    saveConfigFile(file, defaultConfig(), ['kioskId', 'timeouts.idleSeconds']);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(loadConfigFile(file).problems).toEqual([]);
  });

  it('a guide-mode settings save keeps what kioskctl wrote meanwhile, and reaches the disk', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfg-'));
    const file = path.join(dir, 'config.json');
    fs.writeFileSync(file, JSON.stringify({ kioskId: 'TOWN07', printr: { typo: true } }));
    const h = await startHarness({ dir });
    try {
      // While the kiosk runs, kioskctl trusts a staff key (it writes the file itself).
      const onDisk = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
      onDisk.identity = { staffKeys: { s1: 'A'.repeat(43) } };
      fs.writeFileSync(file, JSON.stringify(onDisk));

      const fsyncs = vi.spyOn(fs, 'fsyncSync');
      h.as({ audience: 'staff', staff: { id: 'G007', role: 'guide' } });
      await h.call('guideUpdateSettings', { idleSeconds: 120 });
      const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
      expect(saved).toEqual({
        kioskId: 'TOWN07',
        // A key the kiosk does not know stays as it was (the operator's typo is theirs to fix).
        printr: { typo: true },
        identity: { staffKeys: { s1: 'A'.repeat(43) } },
        timeouts: { idleSeconds: 120 },
      });
      // The file and its directory were flushed; no temp file is left beside it.
      expect(fsyncs.mock.calls.length).toBeGreaterThanOrEqual(2);
      expect(fs.readdirSync(dir).filter((f) => f.includes('config.json'))).toEqual(['config.json']);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    } finally {
      vi.restoreAllMocks();
      await h.close();
    }
  });

  it('trusts a key for one kind of token only', () => {
    const key = 'B'.repeat(43);
    const { config, problems } = parseConfig({
      identity: { enterpriseKeys: { k1: key }, staffKeys: { k1: key, s2: 'C'.repeat(43) } },
    });
    expect(config.identity.enterpriseKeys).toEqual({ k1: key });
    expect(config.identity.staffKeys).toEqual({ s2: 'C'.repeat(43) });
    expect(problems.map((p) => p.key)).toEqual(['identity.staffKeys.k1']);
  });
});
