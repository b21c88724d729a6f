// How the screen looks for this visitor: the elder mode (适老化: bigger text and targets, no
// motion) and the high-contrast mode. Both reset with the session.
import { defineStore } from 'pinia';
import { readonly, ref, watchEffect } from 'vue';
import { onSessionReset } from '../session/reset';

export const useDisplayStore = defineStore('display', () => {
  const elder = ref(false);
  const highContrast = ref(false);

  watchEffect(() => {
    document.documentElement.classList.toggle('elder', elder.value);
    document.documentElement.classList.toggle('high-contrast', highContrast.value);
  });

  onSessionReset(() => {
    elder.value = false;
    highContrast.value = false;
  });

  return {
    elder: readonly(elder),
    highContrast: readonly(highContrast),
    toggleElder: () => (elder.value = !elder.value),
    toggleHighContrast: () => (highContrast.value = !highContrast.value),
  };
});
