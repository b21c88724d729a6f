// Who is signed in. The session itself is the HttpOnly cookie: this store only knows the user.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api, ApiError } from '../api';
import type { SessionInfo } from '../api-types';

export const useSessionStore = defineStore('session', () => {
  const user = ref<SessionInfo['user'] | null>(null);
  const today = ref('');

  function take(s: SessionInfo) {
    user.value = s.user;
    today.value = s.today;
  }

  async function restore(): Promise<void> {
    try {
      take(await api.session());
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 401) throw e;
      user.value = null;
    }
  }

  async function signIn(username: string, password: string): Promise<void> {
    take(await api.signIn(username, password));
  }

  async function signOut(): Promise<void> {
    await api.signOut().catch(() => undefined);
    user.value = null;
  }

  return { user, today, restore, signIn, signOut };
});
