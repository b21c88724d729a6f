// What the client writes for an item whose body is already JSON (as the outbox stores it): the
// very bytes it writes for the same item with its body as an object, so the signature, the
// back office's parsing and its idempotency see no difference.
import { describe, expect, it } from 'vitest';
import type { WireSubmission } from '../../../../electron/domain/sync';
import { submissionJson } from '../../../../electron/services/sync/client';
import { syntheticEnvelope } from '../../../support/sync-harness';

describe('a submission sent from its stored JSON', () => {
  const bodies: Record<string, unknown>[] = [
    syntheticEnvelope(0).body,
    syntheticEnvelope(3).body,
    {},
    { quote: 'a "b" \\ c\n', emoji: '企业 😀', n: -0.5, big: 1e21, nested: [{ x: null }] },
  ];
  it.each(bodies.map((b, i) => [i, b] as const))('body %i', (_i, body) => {
    const wire: WireSubmission = {
      id: '0000000a-0000-4000-8000-000000000000',
      kind: 'request',
      kioskId: 'DQ"01',
      createdAt: '2026-03-02T01:00:00.000Z',
      body,
    };
    const { body: _drop, ...rest } = wire;
    const stored = { ...rest, bodyJson: JSON.stringify(body) };
    expect(submissionJson(stored)).toBe(JSON.stringify(wire));
    expect(submissionJson(wire)).toBe(JSON.stringify(wire));
  });
});
