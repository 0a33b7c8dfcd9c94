import { useEffect, useRef, useState } from 'react';

/** Steps per second at 1×. */
const BASE_RATE = 1.5;
export const SPEEDS = [0.25, 0.5, 1, 2, 5, 10, 25, 50] as const;

export interface Stepper {
  readonly step: number;
  readonly count: number;
  readonly playing: boolean;
  readonly speed: number;
  readonly reducedMotion: boolean;
  go(step: number): void;
  toggle(): void;
  setSpeed(speed: number): void;
}

const prefersReducedMotion = () =>
  typeof window !== 'undefined' &&
  window.matchMedia?.('(prefers-reduced-motion: reduce)').matches === true;

/**
 * The position of an animation over `count` output cells: play/pause at a speed, step, jump.
 * Playing advances on animation frames (never faster than the display); it stops at the end.
 * With reduced motion the page still steps when asked, but playing starts paused and slow.
 */
export function useStepper(count: number): Stepper {
  const [step, setStep] = useState(0);
  const reducedMotion = prefersReducedMotion();
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(reducedMotion ? 0.5 : 1);
  const last = useRef(0);
  const clamped = Math.min(step, Math.max(0, count - 1));

  useEffect(() => {
    if (!playing) return;
    let raf = 0;
    let carry = 0;
    last.current = performance.now();
    const tick = (t: number) => {
      carry += ((t - last.current) / 1000) * BASE_RATE * speed;
      last.current = t;
      const advance = Math.floor(carry);
      if (advance > 0) {
        carry -= advance;
        setStep((s) => {
          const next = Math.min(count - 1, s + advance);
          if (next === count - 1) setPlaying(false);
          return next;
        });
      }
      raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, [playing, speed, count]);

  return {
    step: clamped,
    count,
    playing,
    speed,
    reducedMotion,
    go: (s) => setStep(Math.max(0, Math.min(count - 1, Math.round(s)))),
    toggle: () => {
      if (!playing && clamped >= count - 1) setStep(0);
      setPlaying(!playing);
    },
    setSpeed,
  };
}
