// Every console page shows a failed call the same way: one translated alert line above the page
// (`<p v-if="error" class="alert" role="alert">`), rather than an unhandled rejection.
import { ref } from 'vue';
import { useI18n } from 'vue-i18n';

export function usePageError() {
  const { t } = useI18n();
  const error = ref('');

  /** Shows `e` as the page's alert. */
  function fail(e: unknown): void {
    error.value = t('app.error', { message: (e as Error).message });
  }

  /** Runs `work`; if it throws, the page shows why instead. */
  async function attempt(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (e) {
      fail(e);
    }
  }

  return { error, fail, attempt };
}
