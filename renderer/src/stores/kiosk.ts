// The kiosk's own facts (who, where, hours), whether it is in service, and which session main
// says is at the screen: when main ends a session by itself (a guide's rights lapsed, guide mode
// was locked) its id changes, and `sessionsEndedByMain` tells the screen to wipe what it holds.
import { defineStore } from 'pinia';
import { computed, readonly, ref } from 'vue';
import type { AppInfo, AppStatus } from '../../../electron/domain/app';
import { api, ApiError } from '../api';

export const useKioskStore = defineStore('kiosk', () => {
  const info = ref<AppInfo | null>(null);
  const status = ref<AppStatus>({
    inService: true,
    reason: null,
    staffed: { open: true, nextOpening: null },
    session: '',
  });
  const unreachable = ref(false);
  /** The session this screen is in, as main named it; null while the screen is ending one. */
  const session = ref<string | null>(null);
  const sessionsEndedByMain = ref(0);
  /** Moves on whenever the screen ends a session: a status asked for before speaks of the old one. */
  let epoch = 0;

  async function load(): Promise<void> {
    info.value = await api.appInfo();
  }

  async function refreshStatus(): Promise<void> {
    const asked = epoch;
    try {
      status.value = await api.appStatus();
      unreachable.value = false;
    } catch (e) {
      // A status abandoned because a session ended says nothing about the services.
      if (!(e instanceof ApiError && e.code === 'ABANDONED')) unreachable.value = true;
      return;
    }
    if (asked !== epoch) return;
    const now = status.value.session;
    if (session.value === null) session.value = now;
    else if (now !== session.value) {
      session.value = now;
      sessionsEndedByMain.value += 1;
    }
  }

  /** The screen is ending the session itself: what main said of the old one no longer counts. */
  function endingSession(): void {
    epoch += 1;
    session.value = null;
  }

  /** The session main started when the screen ended the last one. */
  function adoptSession(id: string): void {
    epoch += 1;
    session.value = id;
  }

  const inService = computed(() => status.value.inService && !unreachable.value);

  return {
    info: readonly(info),
    status: readonly(status),
    unreachable: readonly(unreachable),
    sessionsEndedByMain: readonly(sessionsEndedByMain),
    inService,
    load,
    refreshStatus,
    endingSession,
    adoptSession,
  };
});
