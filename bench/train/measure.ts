// How the implementations of a case are timed: side by side, in rounds.
//
// Warm-up, each implementation in turn: the first (cold) step, timed on its own, reads its loss
// back (the loss of the initial parameters); then the rest of the warm-up steps, the last of them
// reading its loss (so nothing is still queued).
// Timed: `rounds` rounds; in each, every implementation runs its share of the `steps` steps back
// to back, only the last of them reading its loss back — a GPU implementation may queue the
// others without waiting, and that read waits for all of them. Interleaving the implementations
// spreads a change in the machine's load (another process, SwiftShader's threads) over all of
// them instead of one. Examples per second = steps × batch / the sum of the rounds' times.

import type { StepsTiming } from './schema';

export interface Stepper {
  /** One training step on batch k (0, 1, 2, …); resolves to its mean loss when asked, else null. */
  step(k: number, wantLoss: boolean): Promise<number | null>;
  dispose(): void;
}

const round = (x: number, digits = 4) => Number(x.toPrecision(digits));

interface Progress {
  k: number;
  ms: number;
  roundEps: number[];
  coldMs: number;
  firstLoss: number | null;
  lastLoss: number | null;
}

/** Steps k … k + n − 1; the last one reads the loss back. Returns the milliseconds and the loss. */
async function run(s: Stepper, k: number, n: number) {
  const t0 = performance.now();
  let loss: number | null = null;
  for (let i = 0; i < n; i++) loss = await s.step(k + i, i === n - 1);
  return { ms: performance.now() - t0, loss };
}

/**
 * Times every stepper (by name) on the same schedule. A stepper that throws is dropped: its
 * error is returned under its name and the others go on.
 */
export async function timeSideBySide<K extends string>(
  steppers: ReadonlyMap<K, Stepper>,
  opts: { batch: number; warmup: number; steps: number; rounds: number },
  onDone?: (name: K, result: StepsTiming | Error) => void,
): Promise<Map<K, StepsTiming | Error>> {
  const out = new Map<K, StepsTiming | Error>();
  const live = new Map<K, Progress>();
  const attempt = async (name: K, f: (p: Progress) => Promise<void>, p: Progress) => {
    try {
      await f(p);
    } catch (e) {
      live.delete(name);
      const err = e instanceof Error ? e : new Error(String(e));
      out.set(name, err);
      onDone?.(name, err);
    }
  };
  for (const [name, s] of steppers) {
    const p: Progress = { k: 0, ms: 0, roundEps: [], coldMs: 0, firstLoss: null, lastLoss: null };
    live.set(name, p);
    await attempt(
      name,
      async (p) => {
        const cold = await run(s, 0, 1);
        [p.coldMs, p.firstLoss] = [cold.ms, cold.loss];
        if (opts.warmup > 1) await run(s, 1, opts.warmup - 1);
        p.k = opts.warmup;
      },
      p,
    );
  }
  const rounds = Math.max(1, Math.min(opts.rounds, opts.steps));
  for (let r = 0; r < rounds; r++) {
    const n = Math.floor((opts.steps * (r + 1)) / rounds) - Math.floor((opts.steps * r) / rounds);
    for (const [name, p] of [...live]) {
      await attempt(
        name,
        async (p) => {
          const t = await run(steppers.get(name)!, p.k, n);
          p.k += n;
          p.ms += t.ms;
          p.lastLoss = t.loss;
          p.roundEps.push(round((n * opts.batch * 1000) / t.ms));
        },
        p,
      );
    }
  }
  for (const [name, p] of live) {
    const timing: StepsTiming = {
      eps: round((opts.steps * opts.batch * 1000) / p.ms),
      steps: opts.steps,
      examples: opts.steps * opts.batch,
      ms: round(p.ms, 6),
      warmup_steps: opts.warmup,
      rounds,
      round_eps: p.roundEps,
      cold_ms: round(p.coldMs, 6),
      first_loss: p.firstLoss === null ? null : round(p.firstLoss, 6),
      last_loss: p.lastLoss === null ? null : round(p.lastLoss, 6),
    };
    out.set(name, timing);
    onDone?.(name, timing);
  }
  return out;
}
