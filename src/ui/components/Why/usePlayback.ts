import { useState } from 'react';
import { usePlaybackClock } from '../SlideView/usePlaybackClock';
import { prefersReducedMotion, type Stepper } from '../SlideView/useStepper';

/** Positions per second at 1×. */
const RATE = 8;

/**
 * A playback of `count` positions held in this view (not the store's kernel-slide position, so
 * both can be on screen): the same Stepper as the slide view, for the same controls and keys.
 * A new run (`reset` changes) starts at the end, the whole map shown; Play starts it over.
 */
export function usePlayback(count: number, reset: unknown): Stepper {
  const [step, setStep] = useState(Math.max(0, count - 1));
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(1);
  // A new run: adjust the state while rendering (React's pattern for a prop that resets state).
  const [seen, setSeen] = useState<readonly [number, unknown]>([count, reset]);
  if (seen[0] !== count || seen[1] !== reset) {
    setSeen([count, reset]);
    setStep(Math.max(0, count - 1));
    setPlaying(false);
  }
  usePlaybackClock(playing, RATE * speed, (n) =>
    setStep((s) => {
      const next = Math.min(count - 1, s + n);
      if (next >= count - 1) setPlaying(false);
      return next;
    }),
  );
  const go = (s: number) => {
    setPlaying(false);
    setStep(Math.max(0, Math.min(count - 1, s)));
  };
  return {
    step: Math.min(step, Math.max(0, count - 1)),
    count,
    playing,
    speed,
    reducedMotion: prefersReducedMotion(),
    go,
    toggle: () => {
      if (!playing && step >= count - 1) setStep(0);
      setPlaying(!playing);
    },
    setSpeed,
  };
}
