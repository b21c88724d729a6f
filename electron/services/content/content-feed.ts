// The back office's content feed (GET /kiosk-api/v1/content?since=<version>): the newest signed
// bundle when there is one newer than the kiosk's, which the content service then verifies and
// checks like any other. A bundle refused once is not tried again until a newer one is published.
import type { CallOutcome } from '../sync/client';
import type { SyncFeed } from '../sync/sync-service';
import type { KioskConfig } from '../config';
import type { Logger } from '../logger';
import type { ContentService } from './content-service';

interface FeedReply {
  version: number | null;
  bundle: unknown;
}

function replyOf(out: CallOutcome): FeedReply | null {
  if (out.type !== 'ok' || !out.json || typeof out.json !== 'object') return null;
  const j = out.json as Partial<FeedReply>;
  return {
    version: typeof j.version === 'number' ? j.version : null,
    bundle: j.bundle ?? null,
  };
}

export function contentFeed(content: ContentService, config: KioskConfig, log: Logger): SyncFeed {
  let refused: number | null = null;
  return {
    name: 'content',
    intervalMs: config.content.checkIntervalMinutes * 60_000,
    async poll(get, signal) {
      const since = content.version() ?? 0;
      const out = await get(`v1/content?since=${since}`, signal);
      if (out.type === 'aborted') return;
      if (out.type !== 'ok') throw new Error(`content feed: ${out.reason}`);
      const reply = replyOf(out);
      if (!reply || reply.bundle === null) return;
      if (reply.version !== null && reply.version === refused) return;
      // The envelope's signature covers its payload's bytes, not the JSON around them.
      const text =
        typeof reply.bundle === 'string'
          ? reply.bundle
          : JSON.stringify(reply.bundle, null, 2) + '\n';
      const result = content.apply(text, 'back-office');
      refused = result.ok ? null : reply.version;
      if (result.ok && !result.unchanged)
        log.info('content.from_back_office', { version: result.version });
    },
  };
}
