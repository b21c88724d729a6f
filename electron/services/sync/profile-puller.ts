// Pulls the back office's enterprise profiles (GET /v1/profiles?since=<version>): signed,
// versioned deltas (protocol/profiles-wire.ts). Each page is verified (the back office's
// signature for this kiosk), schema-checked and then applied in one transaction together with
// its version by the profile sink (the enterprise service); a page that fails any check is
// refused and logged, and the kiosk keeps what it had.
import { openFeed } from '../../protocol/feed-signing';
import { PROFILES_FEED, profileDeltaSchema, type ProfileDelta } from '../../protocol/profiles-wire';
import type { Logger } from '../logger';
import type { BackOfficeClient } from './client';
import type { SyncClock } from './clock';
import type { ContactTracker } from './delivery-worker';
import { PullError } from './status-puller';

/** Where verified deltas go: the enterprise service. */
export interface ProfileSink {
  profilesVersion(): number;
  applyDelta(
    delta: ProfileDelta,
  ): Promise<{ type: 'applied' | 'already-held' | 'gap'; version: number }>;
}

export interface ProfilePullResult {
  pages: number;
  profiles: number;
  removed: number;
  version: number;
}

export interface ProfilePuller {
  pullOnce(signal: AbortSignal): Promise<ProfilePullResult>;
}

export function createProfilePuller(opts: {
  client: BackOfficeClient;
  kioskId: string;
  secret: string;
  clock: SyncClock;
  log: Logger;
  contact: ContactTracker;
  sink: () => ProfileSink | null;
  maxPages?: number;
}): ProfilePuller {
  const { client, clock, log, contact } = opts;
  const maxPages = opts.maxPages ?? 50;
  return {
    async pullOnce(signal) {
      const sink = opts.sink();
      const result: ProfilePullResult = { pages: 0, profiles: 0, removed: 0, version: 0 };
      if (!sink) return result;
      result.version = sink.profilesVersion();
      for (let page = 0; page < maxPages && !signal.aborted; page++) {
        const out = await client.pullProfiles(result.version, signal);
        const now = clock.now();
        if (out.type === 'aborted') break;
        if (out.type !== 'ok') {
          contact.failed(now, `profiles pull: ${out.reason}`);
          throw new PullError(
            out.reason,
            out.type === 'hold' || (out.type === 'retry' && out.endpointDown),
          );
        }
        contact.ok(now);
        const opened = openFeed(opts.secret, PROFILES_FEED, opts.kioskId, out.json);
        if (!opened.ok) {
          log.error('sync.profiles_refused', { reason: opened.reason, held: result.version });
          throw new PullError(`profile delta refused: ${opened.reason}`, false);
        }
        const delta = profileDeltaSchema.safeParse(opened.payload);
        if (!delta.success || delta.data.kioskId !== opts.kioskId) {
          const fields = delta.success
            ? ['kioskId']
            : [...new Set(delta.error.issues.map((i) => i.path.join('.')))].slice(0, 10);
          log.error('sync.profiles_refused', { reason: 'schema', fields, held: result.version });
          throw new PullError('profile delta refused: not a valid delta', false);
        }
        const applied = await sink.applyDelta(delta.data);
        if (applied.type === 'gap') throw new PullError('profile delta does not follow on', false);
        result.pages++;
        if (applied.type === 'applied') {
          result.profiles += delta.data.profiles.length;
          result.removed += delta.data.removed.length;
        }
        result.version = applied.version;
        if (!delta.data.hasMore || applied.type === 'already-held') break;
      }
      if (result.profiles + result.removed > 0) log.info('sync.profiles_pulled', { ...result });
      return result;
    },
  };
}
