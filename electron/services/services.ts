// The services a call can reach, by name: what handlers are built from. Only services here —
// storage, configuration and the logger stay with the composition root (electron/compose.ts),
// so a handler cannot reach past a service.
import type { AppService } from './app/app-service';
import type { CatalogService } from './catalog/catalog-service';
import type { SearchService } from './catalog/search-service';
import type { DashboardService } from './dashboard/dashboard-service';
import type { GuideService } from './guide/guide-service';
import type { IdentityService } from './identity/identity-service';
import type { MatchingService } from './policies/matching-service';
import type { RequestService } from './requests/request-service';
import type { SyncService } from './sync/sync-service';
import type { VoiceService } from './voice/voice-service';
import type { WorkQueue } from './work-queue/work-queue-service';

export interface Services {
  /** The kiosk itself: who and where, status, the screen's heartbeat and devices, ending a visit. */
  app: AppService;
  /** Guide mode: unlock, health, help calls, audit log, settings, exit. */
  guide: GuideService;
  catalog: CatalogService;
  /** Catalog search, keeping the queries that found nothing for the dashboard. */
  search: SearchService;
  /** The back-office queue: enqueue inside db.write; see sync/sync-service.ts. */
  sync: SyncService;
  identity: IdentityService;
  /** 政策找企业 for whoever is at the screen. */
  matching: MatchingService;
  /** 一类事 requests and consultations: submit, receipt, tracking, printing, statuses, retention. */
  requests: RequestService;
  /** The single-site console: guide mode works the kiosk's queue (read-only with a back office). */
  workQueue: WorkQueue;
  /** 诉求 categories, 好差评 ratings, follow-up items and 回访. */
  voice: VoiceService;
  /** 一屏总览: the dashboard's figures and the periodic health sampler. */
  dashboard: DashboardService;
}
