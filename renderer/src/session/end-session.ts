// One way to end a session, whatever ended it. "Home" is this too, on every screen (the
// ScreenLayout's home button): the session ends and the start screen shows. Moving between screens
// of one visit (the wizard's "other matters" to the menu) is plain navigation, never this.
import { useRouter } from 'vue-router';
import { api } from '../api';
import { setLocale } from '../i18n';
import { useKioskStore } from '../stores/kiosk';
import type { ResettableHistory } from './history';
import { runSessionReset, type ResetReason } from './reset';

export function useEndSession() {
  const router = useRouter();
  const kiosk = useKioskStore();
  /** `main`: main ended the session itself (its id moved on); it needs no telling. */
  return async function endSession(reason: ResetReason | 'main'): Promise<void> {
    // Whatever main said of the session ending here no longer counts; the next status names the
    // new one.
    kiosk.endingSession();
    await router.replace({ name: 'attract' });
    // Drop every entry of the history: nothing of the visit can be navigated back to.
    (router.options.history as ResettableHistory).reset(router.currentRoute.value.fullPath);
    await runSessionReset();
    setLocale(kiosk.info?.defaultLocale ?? 'zh-CN');
    if (reason === 'main') return;
    const ended = await api.sessionEnd({ reason }).catch(() => null);
    if (ended) kiosk.adoptSession(ended.session);
  };
}
