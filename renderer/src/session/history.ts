// The router's history, in memory, and resettable: within a session "back" works as people
// expect; when the session ends every entry of the visit is dropped (vue-router's memory history
// cannot be emptied without also dropping the router's listener, so the listeners are kept here
// and moved to a fresh history).
import { createMemoryHistory, type RouterHistory } from 'vue-router';

type Listener = Parameters<RouterHistory['listen']>[0];

export interface ResettableHistory extends RouterHistory {
  /** Forgets every entry: the history holds only `location` (where the router is now) again. */
  reset(location: string): void;
  /** How many entries the history holds (for tests of the wipe). */
  size(): number;
}

export function createResettableHistory(): ResettableHistory {
  let inner = createMemoryHistory();
  const listeners = new Set<Listener>();
  const detach = new Map<Listener, () => void>();
  let entries = 1;
  let position = 0;

  const attach = (l: Listener) => detach.set(l, inner.listen(l));

  return {
    get base() {
      return inner.base;
    },
    get location() {
      return inner.location;
    },
    get state() {
      return inner.state;
    },
    push(to, data) {
      inner.push(to, data);
      entries = position + 2;
      position += 1;
    },
    replace(to, data) {
      inner.replace(to, data);
    },
    go(delta, triggerListeners) {
      const next = Math.max(0, Math.min(entries - 1, position + delta));
      position = next;
      inner.go(delta, triggerListeners);
    },
    listen(l) {
      listeners.add(l);
      attach(l);
      return () => {
        listeners.delete(l);
        detach.get(l)?.();
        detach.delete(l);
      };
    },
    createHref: (location) => inner.createHref(location),
    destroy() {
      listeners.clear();
      detach.clear();
      inner.destroy();
    },
    reset(location) {
      inner.destroy();
      inner = createMemoryHistory();
      inner.replace(location);
      detach.clear();
      for (const l of listeners) attach(l);
      entries = 1;
      position = 0;
    },
    size: () => entries,
  };
}
