// Publishing signed content bundles to the fleet (docs/content-bundles.md): the bundle is made and
// signed offline (`kioskctl content sign`, the key never reaches the back office); `content
// publish` uploads it, and every kiosk takes it at its next content check.
import fs from 'node:fs';
import {
  ContentBundleError,
  payloadOf,
  readContentEnvelope,
} from '../../../electron/protocol/content-bundle';
import type { StoredContent } from '../repositories/content-repository';
import { adminClient, CLIENT_OPTIONS } from './admin-client';
import { CommandError, defineCommand } from './command';

const CLIENT_USAGE = '--url <url> --token <token> [--json]';
const parts = (c: StoredContent) =>
  [
    c.parts.catalog.length ? `catalog: ${c.parts.catalog.join(', ')}` : null,
    c.parts.calendars.length ? `calendars: ${c.parts.calendars.join(', ')}` : null,
    c.parts.config.length ? `settings: ${c.parts.config.join(', ')}` : null,
  ]
    .filter(Boolean)
    .join('; ') || 'built-in content only';

export const contentPublish = defineCommand<StoredContent>({
  name: 'content publish',
  summary: 'hand a signed content bundle (catalog, holiday calendars, settings) to every kiosk',
  usage: `content publish <bundle.json> ${CLIENT_USAGE}`,
  options: CLIENT_OPTIONS,
  positionals: 1,
  async run({ values, args }) {
    const file = args[0] as string;
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw new CommandError(`cannot read ${file}: ${(e as Error).message}`, 2);
    }
    let envelope;
    try {
      envelope = readContentEnvelope(text);
      payloadOf(envelope);
    } catch (e) {
      if (e instanceof ContentBundleError)
        throw new CommandError(
          `${file} is not a signed content bundle (${e.reason}): ${e.message}`,
        );
      throw e;
    }
    return adminClient(values).call<StoredContent>('POST', 'content', envelope);
  },
  text: (c) =>
    `published content bundle v${c.version} (key ${c.keyId}; ${parts(c)}); kiosks take it at their next content check`,
});

export const contentList = defineCommand<StoredContent[]>({
  name: 'content list',
  summary: 'the content bundles published, newest first (kiosks list shows which each kiosk holds)',
  usage: `content list ${CLIENT_USAGE}`,
  options: CLIENT_OPTIONS,
  positionals: 0,
  run: ({ values }) => adminClient(values).call('GET', 'content'),
  text: (list) =>
    list.length === 0
      ? 'No content bundle published: the kiosks run on their built-in content.'
      : list
          .map(
            (c) =>
              `v${c.version}  ${c.publishedAt.replace('T', ' ').slice(0, 16)}  ${c.publishedBy}  key ${c.keyId}  ${parts(c)}${c.note ? ` — ${c.note}` : ''}`,
          )
          .join('\n'),
});

export const CONTENT_COMMANDS = [contentPublish, contentList];
