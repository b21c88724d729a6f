// Splits a V8 heap snapshot (the DevTools protocol's .heapsnapshot JSON) the way DevTools'
// Statistics view does, so a soak can tell the page's own JavaScript objects from what V8 and
// Blink keep beside them:
//   objects  JS objects, closures, arrays, strings, numbers, object shapes: what a leaking
//            session would leave behind (stores, listeners, closures, cached replies);
//   code     V8's compiled code and its metadata (bytecode, optimized code, feedback): grows
//            while functions tier up under repeated use and is bounded by the app's own code;
//   native   Blink's C++ objects (DOM, media, the DevTools agent's own buffers): DOM growth is
//            measured separately, by node count.
export interface HeapStatistics {
  objectsBytes: number;
  codeBytes: number;
  nativeBytes: number;
  totalBytes: number;
  nodeCount: number;
}

interface SnapshotJson {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
}

export function heapStatistics(snapshotText: string): HeapStatistics {
  const json = JSON.parse(snapshotText) as SnapshotJson;
  const fields = json.snapshot.meta.node_fields;
  const typeNames = json.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const sizeAt = fields.indexOf('self_size');
  if (width === 0 || typeAt < 0 || sizeAt < 0) throw new Error('not a V8 heap snapshot');
  const s: HeapStatistics = {
    objectsBytes: 0,
    codeBytes: 0,
    nativeBytes: 0,
    totalBytes: 0,
    nodeCount: 0,
  };
  const nodes = json.nodes;
  for (let i = 0; i < nodes.length; i += width) {
    const type = typeNames[nodes[i + typeAt] as number];
    const size = nodes[i + sizeAt] as number;
    s.totalBytes += size;
    s.nodeCount++;
    if (type === 'code') s.codeBytes += size;
    else if (type === 'native') s.nativeBytes += size;
    else if (type !== 'synthetic') s.objectsBytes += size;
  }
  return s;
}
