// Guide mode's line for content bundles: the version in force (or built-in), and a fault when the
// last bundle offered was refused after it.
import type { HealthItem } from '../../domain/guide';
import type { ContentState } from './content-service';

export function contentHealthItem(state: ContentState): HealthItem {
  const value = state.active ? `v${state.active.version}` : 'built-in';
  if (!state.lastRefusal) return { id: 'content', ok: true, value };
  const r = state.lastRefusal;
  return {
    id: 'content',
    ok: false,
    value: `${value}; refused ${r.version === null ? '?' : `v${r.version}`} (${r.reason})`,
    note: 'contentRefused',
  };
}
