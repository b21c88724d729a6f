// kioskctl keygen --for content, content sign, content apply, content status on a data directory.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  contentApplyCommand,
  contentSignCommand,
  contentStatusCommand,
} from '../../../electron/cli/commands/content';
import { keygenCommand } from '../../../electron/cli/commands/identity';
import { builtinCatalogFiles } from '../../../electron/services/catalog/builtin';
import { loadConfigFile } from '../../../electron/services/config';
import { tempDir } from '../../support/sync-harness';
import { runCommand } from './run-command';

describe('kioskctl content', () => {
  it('signs with a content key, applies on the kiosk, refuses a tampered copy', async () => {
    const dir = tempDir('kioskctl-content-');
    const data = path.join(dir, 'data');
    const keyFile = path.join(dir, 'content-key.json');
    const kg = await runCommand(keygenCommand, [
      '--for',
      'content',
      '--kid',
      'c1',
      '--out',
      keyFile,
      '--trust',
      '--data',
      data,
      '--json',
    ]);
    expect(kg.code).toBe(0);
    expect(loadConfigFile(path.join(data, 'config.json')).config.content.publicKeys).toHaveProperty(
      'c1',
    );

    const catalogDir = path.join(dir, 'catalog');
    fs.mkdirSync(catalogDir);
    const bundles = builtinCatalogFiles()['bundles.json'] as { name: string }[];
    (bundles[0] as { name: string }).name = '企业开办（新）';
    fs.writeFileSync(path.join(catalogDir, 'bundles.json'), JSON.stringify(bundles));
    const cal = path.join(dir, '2027.json');
    fs.writeFileSync(cal, JSON.stringify({ holidays: { '2027-01-01': '元旦' }, workdays: {} }));
    const settings = path.join(dir, 'settings.json');
    fs.writeFileSync(settings, JSON.stringify({ 'voice.responseDays': 5 }));
    const bundle = path.join(dir, 'bundle.json');
    const signed = await runCommand(contentSignCommand, [
      '--key',
      keyFile,
      '--version',
      '4',
      '--catalog',
      catalogDir,
      '--calendar',
      cal,
      '--config',
      settings,
      '--out',
      bundle,
      '--json',
    ]);
    expect(signed.err).toBe('');
    expect(JSON.parse(signed.out)).toMatchObject({
      version: 4,
      keyId: 'c1',
      catalog: ['bundles.json'],
      calendars: ['2027'],
      config: ['voice.responseDays'],
    });

    // A release key is refused for content: one use per key.
    const releaseKey = path.join(dir, 'release.json');
    await runCommand(keygenCommand, ['--for', 'release', '--out', releaseKey, '--json']);
    await expect(
      runCommand(contentSignCommand, [
        '--key',
        releaseKey,
        '--version',
        '5',
        '--out',
        path.join(dir, 'b5.json'),
      ]),
    ).rejects.toThrow(/signs release tokens, not content ones/);

    const tampered = path.join(dir, 'tampered.json');
    const env = JSON.parse(fs.readFileSync(bundle, 'utf8')) as Record<string, string>;
    env.payload = `${(env.payload as string).slice(0, -8)}AAAAAAAA`;
    fs.writeFileSync(tampered, JSON.stringify(env));
    const refused = await runCommand(contentApplyCommand, [
      'content',
      'apply',
      tampered,
      '--data',
      data,
      '--json',
    ]);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.out)).toMatchObject({
      applied: false,
      refusal: { reason: 'bad-signature', source: 'kioskctl' },
    });
    expect(fs.existsSync(path.join(data, 'content', 'bundle.json'))).toBe(false);

    const applied = await runCommand(contentApplyCommand, [
      'content',
      'apply',
      bundle,
      '--data',
      data,
      '--json',
    ]);
    expect(applied.code).toBe(0);
    expect(JSON.parse(applied.out)).toEqual({ applied: true, version: 4, unchanged: false });
    const status = await runCommand(contentStatusCommand, [
      'content',
      'status',
      '--data',
      data,
      '--json',
    ]);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.out)).toMatchObject({
      active: {
        version: 4,
        keyId: 'c1',
        parts: { catalog: ['bundles.json'], calendars: ['2027'], config: ['voice.responseDays'] },
      },
      lastRefusal: null,
    });
    const text = await runCommand(contentStatusCommand, ['content', 'status', '--data', data]);
    expect(text.out).toContain('in force   v4 (key c1');
  });
});
