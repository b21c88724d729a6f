// The guide (帮办) at the kiosk, if one has unlocked guide mode. Main enforces the rights and the
// 2-minute idle lock; this store only mirrors who is unlocked for the screens. Locking guide mode
// ends the session (session/end-session.ts), which wipes this store with the rest.
import { defineStore } from 'pinia';
import { computed, readonly, ref } from 'vue';
import type { UnlockOutcome } from '../../../electron/domain/guide';
import type { StaffRole } from '../../../electron/domain/signed-token';
import { api } from '../api';
import { onSessionReset } from '../session/reset';

export interface GuideStaff {
  staffId: string;
  role: StaffRole;
}

export const useGuideStore = defineStore('guide', () => {
  const staff = ref<GuideStaff | null>(null);

  async function unlockWithPin(staffId: string, pin: string): Promise<UnlockOutcome> {
    const outcome = await api.guideUnlockPin({ staffId, pin });
    if (outcome.unlocked) staff.value = { staffId: outcome.staffId, role: outcome.role };
    return outcome;
  }

  /** A staff badge was verified by the scan flow. */
  function unlocked(by: GuideStaff): void {
    staff.value = by;
  }

  onSessionReset(() => {
    staff.value = null;
  });

  return {
    staff: readonly(staff),
    isUnlocked: computed(() => staff.value !== null),
    isAdmin: computed(() => staff.value?.role === 'admin'),
    unlockWithPin,
    unlocked,
  };
});
