import { useEffect } from 'react';
import { usePlaybackClock } from './usePlaybackClock';
import { advance, goStep, setAnimCount, setSpeed, togglePlay } from '../../../state/animActions';
import { useStore } from '../../../state/store';
import { selectAnim } from '../../selectors';

export { SPEEDS } from '../../../core/share/viewParams';

/** Steps per second at 1×. */
const BASE_RATE = 1.5;

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

export const prefersReducedMotion = () =>
  typeof window !== 'undefined' &&
  window.matchMedia?.('(prefers-reduced-motion: reduce)').matches === true;

/**
 * The position of an animation over `count` output cells: play/pause at a speed, step, jump.
 * The position lives in the store (a link or a host page can set it); this hook reports the
 * count and, while playing, advances on animation frames (never faster than the display).
 */
export function useStepper(count: number): Stepper {
  const anim = useStore(selectAnim);
  const reducedMotion = prefersReducedMotion();

  useEffect(() => {
    setAnimCount(count);
    return () => setAnimCount(0);
  }, [count]);

  // A position from a link or a host may lie past this view's end: bring it back.
  useEffect(() => {
    if (count > 0 && anim.step > count - 1) goStep(count - 1);
  }, [anim.step, count]);

  const { playing, speed } = anim;
  usePlaybackClock(playing, BASE_RATE * speed, advance);

  return {
    step: Math.min(anim.step, Math.max(0, count - 1)),
    count,
    playing,
    speed,
    reducedMotion,
    go: goStep,
    toggle: togglePlay,
    setSpeed,
  };
}
