import { describe, expect, it } from 'vitest';
import { heapStatistics } from './heap-statistics';

// A heap snapshot's shape: flat node records whose `type` indexes meta.node_types[0].
function snapshot(nodes: [type: string, size: number][]): string {
  const types = ['hidden', 'object', 'closure', 'string', 'code', 'native', 'synthetic'];
  return JSON.stringify({
    snapshot: {
      meta: {
        node_fields: ['type', 'name', 'id', 'self_size', 'edge_count'],
        node_types: [types, 'string', 'number', 'number', 'number'],
      },
    },
    nodes: nodes.flatMap(([t, size], i) => [types.indexOf(t), 0, i + 1, size, 0]),
    edges: [],
    strings: [''],
  });
}

describe('heapStatistics', () => {
  it('splits JavaScript objects, compiled code and Blink objects', () => {
    const s = heapStatistics(
      snapshot([
        ['synthetic', 0],
        ['object', 100],
        ['closure', 40],
        ['string', 30],
        ['hidden', 5],
        ['code', 700],
        ['native', 9000],
      ]),
    );
    expect(s).toEqual({
      objectsBytes: 175,
      codeBytes: 700,
      nativeBytes: 9000,
      totalBytes: 9875,
      nodeCount: 7,
    });
  });

  it('refuses what is not a heap snapshot', () => {
    expect(() =>
      heapStatistics(JSON.stringify({ snapshot: { meta: { node_fields: [], node_types: [[]] } } })),
    ).toThrow(/not a V8 heap snapshot/);
  });
});
