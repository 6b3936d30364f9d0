import { Injectable } from '@angular/core';

/** The one preference kept in the browser: a boolean, nothing about any patient. */
export const ALERT_SOUND_KEY = 'clinic.board.alertSound';

export interface AlertSound {
  enabled(): boolean;
  armOnNextGesture(): void;
  setEnabled(on: boolean): void;
  play(): void;
}

/**
 * The optional sound of the board's critical alerts (issue 20): off by default; turned on by the
 * nurse (the click is the user gesture that lets the page play audio, so nothing autoplays); the
 * choice is kept as one boolean in localStorage (stored only while on). A short two-tone beep
 * made with Web Audio: no file to load.
 */
@Injectable({ providedIn: 'root' })
export class BoardAlertSound implements AlertSound {
  private context: AudioContext | null = null;

  enabled(): boolean {
    try {
      return localStorage.getItem(ALERT_SOUND_KEY) === 'on';
    } catch {
      return false;
    }
  }

  setEnabled(on: boolean): void {
    try {
      if (on) localStorage.setItem(ALERT_SOUND_KEY, 'on');
      else localStorage.removeItem(ALERT_SOUND_KEY);
    } catch {
      // Storage refused (private mode): the choice lasts for this page only.
    }
    if (on) {
      // A short beep to confirm, once the context runs.
      void this.unlock().then(() => {
        this.play();
      });
    }
  }

  /**
   * With the sound on from an earlier visit, audio may start only after a gesture on this page:
   * the next click or key press anywhere unlocks it.
   */
  armOnNextGesture(): void {
    if (!this.enabled() || typeof document === 'undefined') return;
    const unlock = (): void => {
      void this.unlock();
    };
    document.addEventListener('pointerdown', unlock, { once: true, capture: true });
    document.addEventListener('keydown', unlock, { once: true, capture: true });
  }

  play(): void {
    const context = this.context;
    if (context === null || context.state !== 'running') return;
    const start = context.currentTime;
    [880, 660].forEach((frequency, index) => {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.2, start + index * 0.25);
      gain.gain.exponentialRampToValueAtTime(0.001, start + index * 0.25 + 0.22);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(start + index * 0.25);
      oscillator.stop(start + index * 0.25 + 0.23);
    });
  }

  /** Creates (or resumes) the audio context; only ever called from a gesture. */
  private async unlock(): Promise<void> {
    if (typeof AudioContext === 'undefined') return;
    this.context ??= new AudioContext();
    if (this.context.state === 'suspended') {
      await this.context.resume();
    }
  }
}
