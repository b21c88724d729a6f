// One pattern for every catalog screen: load on entry, remember a failure's code, retry on demand.
import { onMounted, ref } from 'vue';
import { ApiError } from '../../api';

export function useCatalogLoad(load: () => Promise<void>) {
  const failed = ref<string | null>(null);
  const loading = ref(false);
  async function run(): Promise<void> {
    failed.value = null;
    loading.value = true;
    try {
      await load();
    } catch (e) {
      failed.value = e instanceof ApiError ? String(e.code) : 'INTERNAL';
    } finally {
      loading.value = false;
    }
  }
  onMounted(() => {
    window.scrollTo(0, 0);
    void run();
  });
  return { failed, loading, run };
}
