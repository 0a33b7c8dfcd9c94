// The benchmark page: runs every case on our GPU path, TensorFlow.js's WebGPU backend and our CPU
// path, one after the other, and leaves the results on `window.__bench` for bench/run.mjs.
// Options come from the query string (run.mjs builds it from its command line).

import type { Backend, ForwardRequest } from '../src/backend/backend';
import { createCpuBackend } from '../src/backend/cpuBackend';
import type { Tensor } from '../src/core/tensor';
import { selectCases, type BenchCase } from './cases';
import { instrumentTimestamps, type GpuTimer } from './gpuTimer';
import type { CaseResult, PageResults, Path, Timing } from './schema';
import { buildTfjsModel, initTfjs, RefusedError } from './tfjsModels';

type Ours = typeof import('./ours');
type OursDevice = Extract<Awaited<ReturnType<Ours['acquireGpu']>>, { ok: true }>['gpu'];

interface BenchState {
  done: boolean;
  error: string | null;
  results: PageResults | null;
}

declare global {
  interface Window {
    __bench: BenchState;
    /** Exposed by bench/run.mjs (absent when the page is opened by hand): progress lines, */
    benchProgress?: (line: string) => Promise<void> | void;
    /** the run's metadata before the first case, */
    benchMeta?: (meta: Omit<PageResults, 'cases'>) => Promise<void> | void;
    /** and each case as it finishes, so a crash keeps the cases done before it. */
    benchCase?: (result: CaseResult) => Promise<void> | void;
  }
}

const SEED = 1;
/** A second warm-up call is made when the cold call took less than this. */
const SECOND_WARMUP_BELOW_MS = 10_000;
const MIN_RUNS = 3;

const query = new URLSearchParams(location.search);
const quick = query.has('quick');
const runs = Number(query.get('runs') ?? (quick ? 3 : 10));
const budgetS = Number(query.get('budget') ?? 60);
const cpuMaxGflop = Number(query.get('cpuMaxGflop') ?? 2);
const gpuTime = query.get('gpuTime') !== '0';
const caseNames = query.get('cases')?.split(',').filter(Boolean) ?? null;

window.__bench = { done: false, error: null, results: null };
const progress = (line: string) => void window.benchProgress?.(line);
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
/** A resource guard's refusal (ours: GPU buffer limits or memory budget; CPU: weight budget). */
const note = (e: unknown) => {
  const m = message(e);
  return /needs [\d.]+ MiB|more than the .*budget|budget of/.test(m)
    ? `refused: ${m}`
    : `failed: ${m}`;
};

interface Sample {
  readonly ms: number;
  readonly gpuMs?: number | null;
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Milliseconds to the microsecond (performance.now() is coarser than that in a browser). */
const us = (ms: number) => Math.round(ms * 1000) / 1000;

const timing = (samples: number[], cold: number | null): Timing => ({
  median: us(median(samples)),
  min: us(Math.min(...samples)),
  runs: samples.length,
  cold_ms: cold === null ? null : us(cold),
  samples: samples.map(us),
});

/**
 * One cold call, a second warm-up call unless the cold one was slow, then `runs` timed calls;
 * fewer (at least MIN_RUNS) when the first timed call says they would take more than the budget.
 */
async function measure(call: () => Promise<Sample>): Promise<{ wall: Timing; gpu: Timing | null }> {
  const cold = await call();
  if (cold.ms < SECOND_WARMUP_BELOW_MS) await call();
  const wall: number[] = [];
  const gpu: (number | null)[] = [];
  let n = runs;
  for (let i = 0; i < n; i++) {
    const s = await call();
    wall.push(s.ms);
    gpu.push(s.gpuMs ?? null);
    if (i === 0) n = Math.min(runs, Math.max(MIN_RUNS, Math.floor((budgetS * 1000) / s.ms)));
  }
  const gpuOk = gpu.every((g): g is number => g !== null);
  return { wall: timing(wall, cold.ms), gpu: gpuOk ? timing(gpu, cold.gpuMs ?? null) : null };
}

/** Random NCHW inputs; runs alternate between two so no path can reuse a previous result. */
function makeInputs(c: BenchCase): [Tensor, Tensor] {
  const { n, c: ch, h, w } = c.network.input;
  const shape = [n, ch, h, w];
  const make = (seed: number) => {
    const data = new Float32Array(n * ch * h * w);
    let s = seed;
    for (let i = 0; i < data.length; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      data[i] = s / 2 ** 32;
    }
    return { shape, data };
  };
  return [make(11), make(12)];
}

/** Times `backend.forward` on the case; returns the timings and the output for inputs[0]. */
async function timeBackend(
  backend: Backend,
  c: BenchCase,
  inputs: [Tensor, Tensor],
  timer: GpuTimer | null,
) {
  let k = 0;
  let first: Float32Array | null = null;
  const result = await measure(async () => {
    const request: ForwardRequest = {
      network: c.network,
      input: inputs[k++ % 2],
      seed: SEED,
      readback: [c.target],
      ...(c.upTo ? { upTo: c.upTo } : {}),
    };
    timer?.arm();
    const t0 = performance.now();
    const out = await backend.forward(request);
    const ms = performance.now() - t0;
    const gpuMs = timer ? await timer.collect() : null;
    const t = out.activations.get(c.target);
    if (!t) throw new Error(`layer '${c.target}' was not read back`);
    first ??= t.data;
    return { ms, gpuMs };
  });
  return { ...result, first: first as Float32Array | null };
}

function compare(a: Float32Array | null, b: Float32Array | null): CaseResult['check'] {
  if (!a || !b || a.length !== b.length) return null;
  let maxDiff = 0;
  let maxAbs = 0;
  for (let i = 0; i < a.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
    maxAbs = Math.max(maxAbs, Math.abs(b[i]));
  }
  return { max_abs_diff: maxDiff, max_abs_value: maxAbs };
}

const fmt = (t: Timing | null, note?: string) =>
  t ? `${t.median.toFixed(1)} ms` : (note?.split(':')[0] ?? 'n/a');

async function runCase(
  c: BenchCase,
  ours: { mod: Ours; gpu: OursDevice; timer: GpuTimer | null } | null,
  oursError: string | null,
  tfjsError: string | null,
  skipGpu: string | null,
): Promise<CaseResult> {
  const inputs = makeInputs(c);
  const notes: Partial<Record<Path, string>> = {};
  if (skipGpu) {
    notes.ours = skipGpu;
    notes.ours_gpu = skipGpu;
    notes.tfjs = skipGpu;
    [ours, tfjsError] = [null, 'unused'];
  }
  let oursMs: Timing | null = null;
  let oursGpu: Timing | null = null;
  let oursOut: Float32Array | null = null;
  if (ours) {
    const backend = ours.mod.createGpuBackend(ours.gpu);
    try {
      const r = await timeBackend(backend, c, inputs, ours.timer);
      [oursMs, oursGpu, oursOut] = [r.wall, r.gpu, r.first];
      if (!oursGpu) notes.ours_gpu = `failed: ${ours.timer?.problem ?? 'no timestamps'}`;
    } catch (e) {
      notes.ours = note(e);
    } finally {
      backend.dispose();
    }
  } else {
    notes.ours ??= `failed: ${oursError}`;
  }
  if (!ours?.timer && !notes.ours_gpu) {
    notes.ours_gpu = !ours
      ? 'skipped: our GPU path did not run'
      : gpuTime
        ? 'skipped: the adapter has no timestamp-query'
        : 'skipped: --no-gpu-time';
  }
  if (notes.ours && !notes.ours_gpu) notes.ours_gpu = 'skipped: our GPU path did not run';

  let tfjsMs: Timing | null = null;
  if (tfjsError) {
    notes.tfjs ??= `failed: ${tfjsError}`;
  } else {
    try {
      const model = buildTfjsModel(c.network, c.upTo);
      try {
        let k = 0;
        tfjsMs = (
          await measure(async () => {
            const t0 = performance.now();
            await model.run(inputs[k++ % 2].data);
            return { ms: performance.now() - t0 };
          })
        ).wall;
      } finally {
        model.dispose();
      }
    } catch (e) {
      notes.tfjs = `${e instanceof RefusedError ? 'refused' : 'failed'}: ${message(e)}`;
    }
  }

  let cpuMs: Timing | null = null;
  let cpuOut: Float32Array | null = null;
  const gflop = c.flops / 1e9;
  if (gflop > cpuMaxGflop) {
    notes.cpu = `skipped: ${gflop.toFixed(1)} GFLOP is above the CPU limit of ${cpuMaxGflop} GFLOP (--cpu-max-gflop)`;
  } else {
    const backend = createCpuBackend();
    try {
      const r = await timeBackend(backend, c, inputs, null);
      [cpuMs, cpuOut] = [r.wall, r.first];
    } catch (e) {
      notes.cpu = note(e);
    } finally {
      backend.dispose();
    }
  }
  return {
    name: c.name,
    kind: c.kind,
    description: c.description,
    flops: c.flops,
    ours_ms: oursMs,
    tfjs_ms: tfjsMs,
    cpu_ms: cpuMs,
    ours_gpu_ms: oursGpu,
    notes,
    check: compare(oursOut, cpuOut),
  };
}

async function main(): Promise<PageResults> {
  const cases = selectCases(caseNames, quick);
  let ours: { mod: Ours; gpu: OursDevice; timer: GpuTimer | null } | null = null;
  let oursError: string | null = null;
  try {
    const mod = await import('./ours');
    const acquired = await mod.acquireGpu(navigator.gpu, 'bench');
    if (acquired.ok) {
      const timer = gpuTime ? instrumentTimestamps(acquired.gpu.device) : null;
      ours = { mod, gpu: acquired.gpu, timer };
    } else oursError = `no GPU device: ${acquired.reason}`;
  } catch (e) {
    oursError = `our GPU path could not be loaded: ${message(e)}`;
  }
  let tfjsAdapter: string | null = null;
  let tfjsError: string | null = null;
  try {
    tfjsAdapter = (await initTfjs()).adapter;
  } catch (e) {
    tfjsError = `TensorFlow.js WebGPU backend unavailable: ${message(e)}`;
  }
  progress(`adapter: ${ours?.gpu.adapterName ?? tfjsAdapter ?? 'none'}`);
  if (oursError) progress(`our GPU path: ${oursError}`);
  if (tfjsError) progress(tfjsError);

  const meta: Omit<PageResults, 'cases'> = {
    schema: 1,
    date: new Date().toISOString(),
    adapter: ours?.gpu.adapterName ?? tfjsAdapter ?? 'none',
    adapter_tfjs: tfjsAdapter,
    timestamps: Boolean(ours?.gpu.hasTimestamps),
    user_agent: navigator.userAgent,
    runs,
    quick,
    budget_s: budgetS,
    cpu_max_gflop: cpuMaxGflop,
    seed: SEED,
    ours_error: oursError,
  };
  await window.benchMeta?.(meta);
  const results: CaseResult[] = [];
  for (const [i, c] of cases.entries()) {
    progress(`[${i + 1}/${cases.length}] ${c.name} (${c.description}) …`);
    const stood = c.fallbackFor && !caseNames && results.find((r) => r.name === c.fallbackFor);
    const skipGpu =
      stood && stood.ours_ms && stood.tfjs_ms
        ? `skipped: ${c.fallbackFor} has both GPU timings; this case only stands in for it when it is refused or fails (name it in --cases to run it anyway)`
        : null;
    const r = await runCase(c, ours, oursError, tfjsError, skipGpu);
    results.push(r);
    await window.benchCase?.(r);
    progress(
      `[${i + 1}/${cases.length}] ${c.name}: ours ${fmt(r.ours_ms, r.notes.ours)}, tfjs ${fmt(r.tfjs_ms, r.notes.tfjs)}, cpu ${fmt(r.cpu_ms, r.notes.cpu)}`,
    );
  }
  return { ...meta, cases: results };
}

main().then(
  (results) => {
    window.__bench = { done: true, error: null, results };
  },
  (e) => {
    window.__bench = { done: true, error: message(e), results: null };
  },
);
