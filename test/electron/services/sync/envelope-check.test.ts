// The quick check of an envelope at enqueue (plainEnvelope) stands in for envelopeSchema in the
// common case: whatever it accepts the schema must accept, unchanged; the rest goes through the
// schema, so no envelope is accepted or refused differently than before.
import { describe, expect, it } from 'vitest';
import { envelopeSchema } from '../../../../electron/domain/sync';
import { plainEnvelope } from '../../../../electron/services/sync/sync-service';
import { syntheticEnvelope } from '../../../support/sync-harness';

const e = syntheticEnvelope(1);
const withSymbol = { ...e.body, [Symbol('s')]: 1 };
class Custom {
  a = 1;
}

const cases: [string, unknown, boolean][] = [
  ['a synthetic request', e, true],
  ['each kind', { ...e, kind: 'request-cancel' }, true],
  ['an empty body', { ...e, body: {} }, true],
  ['a nil uuid', { ...e, id: '00000000-0000-0000-0000-000000000000' }, true],
  ['an upper-case uuid', { ...e, id: e.id.toUpperCase() }, true],
  ['an unknown kind', { ...e, kind: 'parcel' }, false],
  ['not a uuid', { ...e, id: 'not-a-uuid' }, false],
  ['a uuid of no version', { ...e, id: '12345678-1234-0234-8234-123456789012' }, false],
  ['an extra key', { ...e, extra: 1 }, false],
  ['an extra key that is undefined', { ...e, extra: undefined }, false],
  ['a missing body', { id: e.id, kind: e.kind }, false],
  ['a null body', { ...e, body: null }, false],
  ['an array body', { ...e, body: [1, 2] }, false],
  ['a body of a class', { ...e, body: new Custom() }, false],
  ['a body with no prototype', { ...e, body: Object.assign(Object.create(null), { a: 1 }) }, false],
  ['a body with a symbol key', { ...e, body: withSymbol }, false],
  ['an envelope of a class', Object.assign(new Custom(), e), false],
  ['null', null, false],
  ['a string', 'envelope', false],
];

describe('the quick envelope check', () => {
  it.each(cases)('%s', (_name, input, quick) => {
    expect(plainEnvelope(input)).toBe(quick);
    if (quick) {
      const parsed = envelopeSchema.safeParse(input);
      expect(parsed.success).toBe(true);
      expect(JSON.stringify(parsed.data)).toBe(JSON.stringify(input));
    }
  });
});
