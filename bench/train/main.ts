// The training benchmark page: every case on our GPU engine, TensorFlow.js's WebGPU backend,
// ConvNetJS and our CPU engine, one after the other, from the same batches (and, but for
// ConvNetJS, the same initial parameters); results on `page.__bench` for bench/train/run.mjs
// (the protocol of bench/harness.mjs). Options come from the query string.

import { createCpuEngine } from '../../src/backend/train/cpuEngine';
import type { OptimizerConfig } from '../../src/core/train/optim';
import type { TrainBatch } from '../../src/train/engine';
import { initTfjs } from '../tfjsModels';
import { selectCases, type TrainCase } from './cases';
import { CONVNETJS_DIFFERENCES, convnetStepper, convnetUnavailable } from './convnet';
import { initialParams, makeBatches } from './data';
import { engineStepper } from './engines';
import { timeSideBySide, type Stepper } from './measure';
import { loadOursGpu, type OursGpu } from './oursGpu';
import {
  IMPLS,
  type Impl,
  type OptimizerInfo,
  type StepsTiming,
  type TrainCaseResult,
  type TrainPageResults,
} from './schema';
import { tfjsStepper } from './tfjsTrain';

interface BenchState {
  done: boolean;
  error: string | null;
  results: TrainPageResults | null;
}

/** The page's side of bench/harness.mjs's protocol (bench/main.ts declares the forward one). */
interface BenchWindow {
  __bench: BenchState;
  benchProgress?: (line: string) => Promise<void> | void;
  benchMeta?: (meta: Omit<TrainPageResults, 'cases'>) => Promise<void> | void;
  benchCase?: (result: TrainCaseResult) => Promise<void> | void;
}
const page = window as unknown as BenchWindow;

const SEED = 1;
const query = new URLSearchParams(location.search);
const quick = query.has('quick');
const steps = Number(query.get('steps') ?? (quick ? 4 : 20));
const warmup = Number(query.get('warmup') ?? (quick ? 2 : 3));
const rounds = Number(query.get('rounds') ?? (quick ? 2 : 4));
const caseNames = query.get('cases')?.split(',').filter(Boolean) ?? null;
const impls = (query.get('impls')?.split(',').filter(Boolean) ?? IMPLS) as Impl[];

page.__bench = { done: false, error: null, results: null };
const progress = (line: string) => void page.benchProgress?.(line);
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

function optimizerInfo(o: OptimizerConfig): OptimizerInfo {
  return o.kind === 'sgd'
    ? { kind: o.kind, lr: o.lr, momentum: o.momentum }
    : { kind: o.kind, lr: o.lr, betas: o.betas, eps: o.eps };
}

interface Peers {
  readonly ours: OursGpu;
  readonly tfjsError: string | null;
}

/** The stepper of one implementation on a case, or why it does not run. */
async function stepperFor(
  impl: Impl,
  c: TrainCase,
  batches: TrainBatch[],
  peers: Peers,
): Promise<Stepper | string> {
  const params = initialParams(c.network, SEED);
  switch (impl) {
    case 'ours':
      if (!peers.ours.ok) return `unavailable: ${peers.ours.reason}`;
      return engineStepper(peers.ours.factory, c, params, batches, SEED);
    case 'tfjs':
      if (peers.tfjsError) return `unavailable: ${peers.tfjsError}`;
      return tfjsStepper(c, params, batches);
    case 'convnetjs':
      return convnetUnavailable(c) ?? convnetStepper(c, batches);
    case 'cpu':
      return engineStepper(createCpuEngine, c, params, batches, SEED);
  }
}

async function runCase(c: TrainCase, peers: Peers): Promise<TrainCaseResult> {
  const batches = makeBatches(c.network, SEED);
  const timings: Record<Impl, StepsTiming | null> = {
    ours: null,
    tfjs: null,
    convnetjs: null,
    cpu: null,
  };
  const notes: Partial<Record<Impl, string>> = {};
  const steppers = new Map<Impl, Stepper>();
  try {
    for (const impl of IMPLS) {
      if (!impls.includes(impl)) {
        notes[impl] = 'skipped: not in --impls';
        continue;
      }
      try {
        const s = await stepperFor(impl, c, batches, peers);
        if (typeof s === 'string') notes[impl] = s;
        else steppers.set(impl, s);
      } catch (e) {
        notes[impl] = `failed: ${message(e)}`;
      }
      if (notes[impl]) progress(`  ${c.name} ${impl}: ${notes[impl]}`);
    }
    const opts = { batch: c.batch, warmup, steps, rounds };
    await timeSideBySide(steppers, opts, (impl, r) => {
      if (r instanceof Error) notes[impl] = `failed: ${r.message}`;
      else timings[impl] = r;
      progress(`  ${c.name} ${impl}: ${r instanceof Error ? notes[impl] : `${r.eps}/s`}`);
    });
  } finally {
    for (const s of steppers.values()) s.dispose();
  }
  if (timings.convnetjs) notes.convnetjs = CONVNETJS_DIFFERENCES;
  const { c: ch, h, w } = c.network.input;
  return {
    name: c.name,
    model: c.model,
    description: c.description,
    input: [ch, h, w],
    batch: c.batch,
    optimizer: optimizerInfo(c.optimizer),
    ours_eps: timings.ours?.eps ?? null,
    tfjs_eps: timings.tfjs?.eps ?? null,
    convnetjs_eps: timings.convnetjs?.eps ?? null,
    cpu_eps: timings.cpu?.eps ?? null,
    timings,
    notes,
  };
}

async function main(): Promise<TrainPageResults> {
  const cases = selectCases(caseNames, quick);
  let ours: OursGpu;
  try {
    ours = impls.includes('ours') ? await loadOursGpu() : { ok: false, reason: 'not in --impls' };
  } catch (e) {
    ours = { ok: false, reason: `our GPU engine could not be loaded: ${message(e)}` };
  }
  let tfjsAdapter: string | null = null;
  let tfjsError: string | null = null;
  try {
    if (impls.includes('tfjs')) tfjsAdapter = (await initTfjs()).adapter;
  } catch (e) {
    tfjsError = `TensorFlow.js WebGPU backend unavailable: ${message(e)}`;
  }
  const adapter = (ours.ok ? ours.adapter : null) ?? tfjsAdapter ?? 'none';
  progress(`adapter: ${adapter}`);
  if (!ours.ok) progress(`our GPU path: ${ours.reason}`);
  if (tfjsError) progress(tfjsError);
  const meta: Omit<TrainPageResults, 'cases'> = {
    schema: 1,
    date: new Date().toISOString(),
    adapter,
    adapter_tfjs: tfjsAdapter,
    user_agent: navigator.userAgent,
    hardware_concurrency: navigator.hardwareConcurrency,
    options: { quick, steps, warmup, rounds, cases: caseNames, impls, seed: SEED },
    ours_error: ours.ok ? null : ours.reason,
  };
  await page.benchMeta?.(meta);
  const results: TrainCaseResult[] = [];
  for (const [i, c] of cases.entries()) {
    progress(`[${i + 1}/${cases.length}] ${c.name} (${c.description}) …`);
    const r = await runCase(c, { ours, tfjsError });
    results.push(r);
    await page.benchCase?.(r);
  }
  return { ...meta, cases: results };
}

main().then(
  (results) => {
    page.__bench = { done: true, error: null, results };
  },
  (e) => {
    page.__bench = { done: true, error: message(e), results: null };
  },
);
