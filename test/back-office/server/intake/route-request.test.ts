import { describe, expect, it } from 'vitest';
import { bundleRouting } from '../../../../electron/domain/request-routing';
import type { RequestBody } from '../../../../electron/protocol/wire';
import { createMemoryLogger } from '../../../../electron/services/logger';
import { loadCenterRules } from '../../../../back-office/server/intake/center-rules';
import { routeRequest } from '../../../../back-office/server/intake/route-request';
import { syntheticEnvelope } from '../../../support/sync-harness';

const rules = () => loadCenterRules(null, createMemoryLogger());
const requestBody = (over: Partial<RequestBody>): RequestBody =>
  ({ ...syntheticEnvelope(0).body, ...over }) as RequestBody;

describe('routing by the catalog read once', () => {
  it('routes every bundle as the catalog says, call after call, whatever a caller does with it', () => {
    const r = rules();
    const bundles = r.catalog.loaded.catalog.bundles;
    expect(bundles.length).toBeGreaterThan(3);
    for (let pass = 0; pass < 2; pass++)
      for (const b of bundles) {
        const detail = r.catalog.bundle(b.id);
        if (!detail) throw new Error(b.id);
        const routed = routeRequest(requestBody({ bundleId: b.id }), r);
        expect(routed.routedBy).toBe('catalog');
        expect(routed.routing).toEqual(bundleRouting(detail, detail.board));
        expect(routed.promise.workingDays).toBe(detail.feedbackDays);
        routed.routing.leadDepartments.push('changed by a caller');
      }
  });

  it('keeps the kiosk’s routing for a bundle it does not know, and follows a replaced catalog', () => {
    const r = rules();
    const known = r.catalog.loaded.catalog.bundles[0];
    if (!known) throw new Error('no bundle');
    expect(routeRequest(requestBody({ bundleId: known.id }), r).routedBy).toBe('catalog');
    expect(routeRequest(requestBody({ bundleId: 'not-in-the-catalog' }), r).routedBy).toBe('kiosk');
    // The same catalog without that bundle: requests for it keep the kiosk's routing from now on.
    const loaded = r.catalog.loaded;
    r.catalog.replace({
      ...loaded,
      catalog: {
        ...loaded.catalog,
        bundles: loaded.catalog.bundles.filter((b) => b.id !== known.id),
      },
    });
    expect(routeRequest(requestBody({ bundleId: known.id }), r).routedBy).toBe('kiosk');
  });
});
