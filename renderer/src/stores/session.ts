// Who is at the screen, as the renderer knows it: the audience (public / verified enterprise /
// staff), the enterprise's profile as the services chose to show it to that audience, and the last
// identification outcome. Everything of a session lives here, in memory only — never in web
// storage — so that ending the session (onSessionReset) removes it.
import { defineStore } from 'pinia';
import { computed, readonly, ref, shallowRef } from 'vue';
import type {
  Audience,
  EnterpriseView,
  IdentifyResult,
  SessionView,
  StaffIdentity,
} from '../../../electron/domain/enterprise';
import { MAX_SCAN_BYTES } from '../../../electron/domain/scan-text';
import { api } from '../api';
import { onSessionReset } from '../session/reset';
import { useKioskStore } from './kiosk';

export const useSessionStore = defineStore('session', () => {
  const audience = ref<Audience>('anonymous');
  const uscc = ref<string | null>(null);
  const verified = ref(false);
  const staff = shallowRef<StaffIdentity | null>(null);
  const profile = shallowRef<EnterpriseView | null>(null);
  const lastResult = shallowRef<IdentifyResult | null>(null);
  const busy = ref(false);

  function apply(view: SessionView): void {
    audience.value = view.audience;
    uscc.value = view.uscc;
    verified.value = view.verified;
    staff.value = view.staff;
    profile.value = view.profile;
  }

  async function settle(result: IdentifyResult): Promise<IdentifyResult> {
    lastResult.value = result;
    if (result.outcome === 'enterprise' || result.outcome === 'staff') {
      apply(await api.enterpriseProfile());
    }
    return result;
  }

  /** A text from the camera or the USB scanner. Never rejects on a bad text: that is a result. */
  async function identifyScan(
    text: string,
    via: 'camera' | 'usb-scanner',
  ): Promise<IdentifyResult> {
    busy.value = true;
    try {
      // Anything longer than the parser reads is refused there; send no more than it needs to see.
      const bounded = text.length > MAX_SCAN_BYTES + 1 ? text.slice(0, MAX_SCAN_BYTES + 1) : text;
      return await settle(await api.identifyScan({ text: bounded, via }));
    } finally {
      busy.value = false;
    }
  }

  async function identifyKeyed(code: string): Promise<IdentifyResult> {
    busy.value = true;
    try {
      return await settle(await api.identifyKeyed({ code }));
    } finally {
      busy.value = false;
    }
  }

  async function refresh(): Promise<void> {
    apply(await api.enterpriseProfile());
  }

  function clearResult(): void {
    lastResult.value = null;
  }

  function clearLocal(): void {
    audience.value = 'anonymous';
    uscc.value = null;
    verified.value = false;
    staff.value = null;
    profile.value = null;
    lastResult.value = null;
    busy.value = false;
  }

  // Ending a session (session/end-session.ts) wipes this store with everything else.
  onSessionReset(clearLocal);

  /** A fresh screen (first start, or a reload after a crash): nobody is here, in main either. */
  async function reset(): Promise<void> {
    clearLocal();
    const kiosk = useKioskStore();
    kiosk.endingSession();
    try {
      kiosk.adoptSession((await api.sessionEnd({ reason: 'reload' })).session);
    } catch {
      // The services may be unreachable; the screen is cleared regardless.
    }
  }

  const isVerified = computed(() => audience.value === 'enterprise' || audience.value === 'staff');

  return {
    audience: readonly(audience),
    uscc: readonly(uscc),
    verified: readonly(verified),
    staff: readonly(staff),
    profile: readonly(profile),
    lastResult: readonly(lastResult),
    busy: readonly(busy),
    isVerified,
    identifyScan,
    identifyKeyed,
    refresh,
    clearResult,
    reset,
  };
});
