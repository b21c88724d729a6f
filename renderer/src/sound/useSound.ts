// Plays the kiosk's tones with the settings from config (sound.enabled, volume, quiet hours). One
// AudioContext for the page, made on the first tone: by then the visitor has touched the screen,
// so the browser lets it play.
import { useKioskStore } from '../stores/kiosk';
import { scheduleTone, toneGain, type ToneName } from './tones';

let context: AudioContext | null = null;

export function useSound(): { play(name: ToneName): void } {
  const kiosk = useKioskStore();
  return {
    play(name) {
      const gain = toneGain(kiosk.info?.sound ?? null, new Date());
      if (gain <= 0 || typeof AudioContext === 'undefined') return;
      try {
        context ??= new AudioContext();
        if (context.state === 'suspended') void context.resume();
        scheduleTone(context, name, gain);
      } catch {
        // No audio device: the screen says everything the tones do.
      }
    },
  };
}
