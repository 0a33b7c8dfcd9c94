import { useEffect, useRef } from 'react';

/**
 * While `playing`, reports whole steps at `stepsPerSecond` on animation frames (never faster
 * than the display; fractions carry over): the kernel slide's and the occlusion playback's clock.
 */
export function usePlaybackClock(
  playing: boolean,
  stepsPerSecond: number,
  onSteps: (n: number) => void,
): void {
  const report = useRef(onSteps);
  useEffect(() => {
    report.current = onSteps;
  });
  useEffect(() => {
    if (!playing) return;
    let raf = 0;
    let carry = 0;
    let last = performance.now();
    const tick = (t: number) => {
      carry += ((t - last) / 1000) * stepsPerSecond;
      last = t;
      const n = Math.floor(carry);
      if (n > 0) {
        carry -= n;
        report.current(n);
      }
      raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, [playing, stepsPerSecond]);
}
