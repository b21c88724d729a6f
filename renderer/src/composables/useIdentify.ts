// What happens after a scan or a keyed code, shared by the attract and scan screens: ask the
// services, then show the enterprise's profile, or stay on the scan screen with the outcome.
import { useRouter } from 'vue-router';
import type { IdentifyResult } from '../../../electron/domain/enterprise';
import { ApiError } from '../api';
import { useSound } from '../sound/useSound';
import { useGuideStore } from '../stores/guide';
import { useSessionStore } from '../stores/session';

export type IdentifyFailure = 'UNAVAILABLE' | 'other';

export function useIdentify() {
  const session = useSessionStore();
  const guide = useGuideStore();
  const router = useRouter();
  const sound = useSound();

  async function route(result: IdentifyResult): Promise<void> {
    if (result.outcome === 'staff') {
      // A verified staff badge opens guide mode (main has unlocked it and audited the unlock).
      guide.unlocked({ staffId: result.staff.id, role: result.staff.role });
      await router.push({ name: 'guide' });
    } else if (result.outcome === 'enterprise' && result.profile) {
      await router.push({ name: 'enterprise' });
    } else if (result.outcome === 'ticket') {
      // A receipt's QR (or a keyed ticket): straight to its progress (issue 5).
      await router.push({ name: 'track', query: { ticket: result.ticket } });
    } else if (router.currentRoute.value.name !== 'scan') {
      await router.push({ name: 'scan' });
    }
  }

  /** Returns a failure code when the services could not answer (the caller shows it). */
  async function fromScan(
    text: string,
    via: 'camera' | 'usb-scanner',
  ): Promise<IdentifyFailure | null> {
    if (session.busy) return null;
    try {
      const result = await session.identifyScan(text, via);
      // A scan has no key press to feel: a tone says it was read, or refused.
      sound.play(result.outcome === 'refused' ? 'refused' : 'read');
      await route(result);
      return null;
    } catch (e) {
      sound.play('refused');
      return e instanceof ApiError && e.code === 'UNAVAILABLE' ? 'UNAVAILABLE' : 'other';
    }
  }

  async function fromKeypad(code: string): Promise<IdentifyFailure | null> {
    if (session.busy) return null;
    try {
      await route(await session.identifyKeyed(code));
      return null;
    } catch (e) {
      return e instanceof ApiError && e.code === 'UNAVAILABLE' ? 'UNAVAILABLE' : 'other';
    }
  }

  return { fromScan, fromKeypad };
}
