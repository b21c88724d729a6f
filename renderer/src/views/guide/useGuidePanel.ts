// One pattern for every guide-mode panel: load on entry (and on demand), keep the newest result,
// show a failure as one line, and pass every failure up as `forbidden` — GuideView ends the
// session when the refusal says guide mode locked itself. Actions of a panel fail the same way.
import { onMounted, ref, type Ref } from 'vue';
import { useErrorText } from '../../errors';

export type ForbiddenEmit = (event: 'forbidden', error: unknown) => void;

export interface GuidePanelOptions {
  /** The words for a failure, where the panel has its own for some codes. */
  describe?: (e: unknown) => string | null;
  /** Load on mount (the default), or only when the panel calls `load`. */
  immediate?: boolean;
}

export interface GuidePanel<T> {
  data: Ref<T>;
  error: Ref<string>;
  loading: Ref<boolean>;
  /** Loads again; only the newest of overlapping loads shows its result or its failure. */
  load(): Promise<void>;
  /** Shows `e` and passes it up. */
  failed(e: unknown): void;
  /** Runs an action; a failure is shown and passed up. True when it succeeded. */
  attempt(action: () => Promise<unknown>): Promise<boolean>;
}

export function useGuidePanel<T>(
  emit: ForbiddenEmit,
  fetch: () => Promise<T>,
  opts: GuidePanelOptions & { initial: T },
): GuidePanel<T>;
export function useGuidePanel<T>(
  emit: ForbiddenEmit,
  fetch: () => Promise<T>,
  opts?: GuidePanelOptions,
): GuidePanel<T | null>;
export function useGuidePanel<T>(
  emit: ForbiddenEmit,
  fetch: () => Promise<T>,
  opts: GuidePanelOptions & { initial?: T } = {},
): GuidePanel<T | null> {
  const errorText = useErrorText();
  const data = ref(opts.initial ?? null) as Ref<T | null>;
  const error = ref('');
  const loading = ref(false);
  let latest = 0;

  function failed(e: unknown): void {
    error.value = opts.describe?.(e) ?? errorText(e);
    emit('forbidden', e);
  }

  async function load(): Promise<void> {
    const mine = ++latest;
    loading.value = true;
    try {
      const result = await fetch();
      if (mine !== latest) return;
      data.value = result;
      error.value = '';
    } catch (e) {
      if (mine === latest) failed(e);
    } finally {
      if (mine === latest) loading.value = false;
    }
  }

  async function attempt(action: () => Promise<unknown>): Promise<boolean> {
    try {
      await action();
      return true;
    } catch (e) {
      failed(e);
      return false;
    }
  }

  if (opts.immediate !== false) onMounted(load);
  return { data, error, loading, load, failed, attempt };
}
