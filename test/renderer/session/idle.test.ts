// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, ref } from 'vue';
import { useIdleTimer } from '../../../renderer/src/session/idle';

function harness(enabled = true) {
  const onTimeout = vi.fn();
  let idle!: ReturnType<typeof useIdleTimer>;
  const on = ref(enabled);
  const wrapper = mount(
    defineComponent({
      setup() {
        idle = useIdleTimer({
          enabled: on,
          idleSeconds: ref(90),
          countdownSeconds: ref(20),
          onTimeout,
        });
        return () => h('div');
      },
    }),
    { attachTo: document.body },
  );
  return { idle, onTimeout, wrapper, on };
}

describe('idle timer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('warns after the idle time and ends the session when the countdown runs out', () => {
    const { idle, onTimeout } = harness();
    vi.advanceTimersByTime(89_000);
    expect(idle.warning.value).toBe(false);
    vi.advanceTimersByTime(1_000);
    expect(idle.warning.value).toBe(true);
    expect(idle.remaining.value).toBe(20);
    vi.advanceTimersByTime(19_000);
    expect(onTimeout).not.toHaveBeenCalled();
    expect(idle.remaining.value).toBe(1);
    vi.advanceTimersByTime(1_000);
    expect(onTimeout).toHaveBeenCalledOnce();
    expect(idle.warning.value).toBe(false);
  });

  it('any touch or key before the warning starts the idle time again', () => {
    const { idle, onTimeout } = harness();
    vi.advanceTimersByTime(80_000);
    document.dispatchEvent(new Event('pointerdown'));
    vi.advanceTimersByTime(80_000);
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
    vi.advanceTimersByTime(89_000);
    expect(idle.warning.value).toBe(false);
    expect(onTimeout).not.toHaveBeenCalled();
  });

  it('during the countdown only "continue" extends, not a stray touch', () => {
    const { idle, onTimeout } = harness();
    vi.advanceTimersByTime(90_000);
    document.dispatchEvent(new Event('pointerdown'));
    expect(idle.warning.value).toBe(true);
    idle.extend();
    expect(idle.warning.value).toBe(false);
    vi.advanceTimersByTime(100_000);
    expect(idle.warning.value).toBe(true);
    expect(onTimeout).not.toHaveBeenCalled();
  });

  it('does nothing while disabled (no visitor on screen)', () => {
    const { idle, onTimeout, on } = harness(false);
    vi.advanceTimersByTime(500_000);
    expect(idle.warning.value).toBe(false);
    on.value = true;
    return Promise.resolve().then(() => {
      vi.advanceTimersByTime(110_000);
      expect(onTimeout).toHaveBeenCalledOnce();
    });
  });
});
