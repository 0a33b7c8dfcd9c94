// Browser edge: run a function at most once per animation frame and at most every `minMs`
// (30 Hz by default), however often it is asked for; flush() runs it now (a stroke's end).

export interface Throttle {
  /** Asks for a run; several asks before the next frame make one run. */
  schedule(): void;
  /** Runs now if a run is pending (or always, with force). */
  flush(force?: boolean): void;
  cancel(): void;
}

export function frameThrottle(fn: () => void, minMs = 1000 / 30): Throttle {
  let frame = 0;
  let last = -Infinity;
  const run = () => {
    frame = 0;
    last = performance.now();
    fn();
  };
  const tick = (t: number) => {
    if (t - last >= minMs) run();
    else frame = requestAnimationFrame(tick);
  };
  return {
    schedule() {
      if (!frame) frame = requestAnimationFrame(tick);
    },
    flush(force = false) {
      if (!frame && !force) return;
      cancelAnimationFrame(frame);
      run();
    },
    cancel() {
      cancelAnimationFrame(frame);
      frame = 0;
    },
  };
}
