// The kiosk's own facts (who, where, hours) and whether it is in service.
import { defineStore } from 'pinia';
import { computed, readonly, ref } from 'vue';
import type { AppInfo, AppStatus } from '../../../electron/domain/app';
import { api } from '../api';

export const useKioskStore = defineStore('kiosk', () => {
  const info = ref<AppInfo | null>(null);
  const status = ref<AppStatus>({
    inService: true,
    reason: null,
    staffed: { open: true, nextOpening: null },
  });
  const unreachable = ref(false);

  async function load(): Promise<void> {
    info.value = await api.appInfo();
  }

  async function refreshStatus(): Promise<void> {
    try {
      status.value = await api.appStatus();
      unreachable.value = false;
    } catch {
      unreachable.value = true;
    }
  }

  const inService = computed(() => status.value.inService && !unreachable.value);

  return {
    info: readonly(info),
    status: readonly(status),
    unreachable: readonly(unreachable),
    inService,
    load,
    refreshStatus,
  };
});
