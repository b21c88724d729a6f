// Inactivity: after `idleSeconds` without a touch or key, a countdown of `countdownSeconds` (at
// least 20 s, WCAG 2.2.1) offers one big "continue"; when it runs out the session ends.
import { onBeforeUnmount, onMounted, ref, watch, type Ref } from 'vue';

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'touchstart', 'wheel', 'input'] as const;

export interface IdleOptions {
  enabled: Ref<boolean>;
  idleSeconds: Ref<number>;
  countdownSeconds: Ref<number>;
  onTimeout: () => void;
}

export function useIdleTimer(opts: IdleOptions) {
  const warning = ref(false);
  const remaining = ref(0);
  let idleTimer: number | undefined;
  let tickTimer: number | undefined;

  const clear = () => {
    window.clearTimeout(idleTimer);
    window.clearInterval(tickTimer);
    idleTimer = tickTimer = undefined;
  };

  const startCountdown = () => {
    warning.value = true;
    remaining.value = opts.countdownSeconds.value;
    tickTimer = window.setInterval(() => {
      remaining.value -= 1;
      if (remaining.value <= 0) {
        clear();
        warning.value = false;
        opts.onTimeout();
      }
    }, 1000);
  };

  const restart = () => {
    clear();
    warning.value = false;
    if (opts.enabled.value)
      idleTimer = window.setTimeout(startCountdown, opts.idleSeconds.value * 1000);
  };

  /** Whether someone touched the screen since the last time this was asked (main's guide idle). */
  let touched = false;
  const touchedSince = () => {
    const was = touched;
    touched = false;
    return was;
  };

  // While the countdown shows, only its own "continue" extends: a stray touch elsewhere on a
  // shared screen should not keep a stranger's session open.
  const onActivity = () => {
    if (warning.value) return;
    touched = true;
    restart();
  };

  onMounted(() => {
    for (const e of ACTIVITY_EVENTS)
      document.addEventListener(e, onActivity, { capture: true, passive: true });
    restart();
  });
  onBeforeUnmount(() => {
    for (const e of ACTIVITY_EVENTS) document.removeEventListener(e, onActivity, { capture: true });
    clear();
  });
  watch([opts.enabled, opts.idleSeconds], restart);

  return { warning, remaining, extend: restart, touchedSince };
}
