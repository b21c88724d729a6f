// 政策找企业 for the enterprise at the screen: the ranked matches the services computed for it.
// Visitor data: memory only, for the enterprise it was fetched for, wiped when the session ends.
import { defineStore } from 'pinia';
import { readonly, ref, shallowRef } from 'vue';
import type { PolicyMatchResult } from '../../../electron/domain/policy-match';
import { api, ApiError } from '../api';
import { onSessionReset } from '../session/reset';

export const usePoliciesStore = defineStore('policies', () => {
  const result = shallowRef<PolicyMatchResult | null>(null);
  /** The error code of the last failed load (NOT_VERIFIED, NO_PROFILE, …). */
  const failed = ref<string | null>(null);
  const loading = ref(false);

  /** The matches for `uscc`; fetched again when another enterprise is at the screen. */
  async function load(uscc: string | null): Promise<PolicyMatchResult | null> {
    if (!uscc) {
      result.value = null;
      return null;
    }
    if (result.value?.uscc === uscc) return result.value;
    loading.value = true;
    failed.value = null;
    try {
      result.value = await api.policyMatches();
    } catch (e) {
      result.value = null;
      failed.value = e instanceof ApiError ? String(e.code) : 'INTERNAL';
    } finally {
      loading.value = false;
    }
    return result.value;
  }

  function clear(): void {
    result.value = null;
    failed.value = null;
    loading.value = false;
  }
  onSessionReset(clear);

  return {
    result: readonly(result),
    failed: readonly(failed),
    loading: readonly(loading),
    load,
    clear,
  };
});
