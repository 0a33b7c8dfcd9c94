// Feature visualization in the "Why?" panel and the per-channel "What does this detect?": an
// image optimized by gradient ascent, animated frame by frame as it forms, for the explained
// class or a chosen channel; and the held-out examples of the shipped dataset that excite the
// same target most. Both are cached like the other explanations (explainActions.ts).

import { runExplanation, ExplainCancelled, type ExplainJob } from '../backend/explain/explainRun';
import type { DatasetSource } from '../backend/explain/explainProtocol';
import type { ExplainMethod } from '../backend/explain/explain';
import { heldOutOf } from '../backend/explain/datasetSource';
import { explainCacheKey } from '../core/explain/cacheKey';
import type { FeatureTarget } from '../core/explain/featureVis';
import type { TopExample } from '../core/explain/types';
import { featureTarget } from '../core/explain/whySettings';
import type { Network } from '../core/layers';
import type { DatasetId } from '../core/data/catalog';
import { beginJob, cached, ownsJob, remember, setExplain } from './explainActions';
import { explainDeps, explainDevice, whyContext } from './explainContext';
import { useStore } from './store';

/** Frames drawn per run (the image every steps/FRAMES steps). */
const FRAMES = 30;
const NO_INPUT = new Float32Array(0);

export const targetText = (t: FeatureTarget) =>
  t.kind === 'channel' ? `channel ${t.channel} of '${t.layer}'` : `class ${t.cls}`;

const runOn = async () => {
  const device = await explainDevice(useStore.getState());
  const cpuOn = explainDeps().cpuOn;
  return {
    engine: device ? 'gpu' : 'cpu',
    deps: { ...(device ? { device } : {}), ...(cpuOn ? { cpuOn } : {}) },
  } as const;
};

/** Runs feature visualization for the panel's target, animating the image as it forms. */
export async function runFeatureVis(): Promise<void> {
  const s = useStore.getState();
  const settings = s.explain.settings;
  const ctx = whyContext(s);
  if (typeof ctx === 'string') return setExplain({ status: 'idle', message: ctx });
  if (!settings.channel && ctx.cls === null)
    return setExplain({
      status: 'idle',
      message:
        'choose a channel ("What does this detect?" on a zoomed map): there is no class to visualize',
    });
  const target = featureTarget(settings, ctx.cls ?? 0);
  const options = {
    target,
    steps: settings.steps,
    every: Math.max(1, Math.round(settings.steps / FRAMES)),
    seed: 0,
  };
  const key = explainCacheKey({
    network: ctx.network,
    weights: ctx.weights,
    input: NO_INPUT,
    method: 'featureVis',
    options,
  });
  const hit = cached(key);
  const cls = target.kind === 'class' ? target.cls : -1;
  if (hit)
    return setExplain({
      status: 'done',
      message: null,
      result: { ...hit, cached: true },
      objectives: hit.objectives ?? [],
    });
  setExplain({ status: 'running', message: null, objectives: [], result: null });
  const { engine, deps } = await runOn();
  const objectives: number[] = [];
  let token: object | null = null;
  const run = runExplanation(
    'featureVis',
    { ...options, network: ctx.network, params: ctx.params },
    {
      ...deps,
      onFrame: (frame) => {
        if (token && !ownsJob(token)) return;
        objectives.push(frame.objective);
        setExplain({
          objectives: [...objectives],
          result: {
            method: 'featureVis',
            key,
            cls,
            value: frame,
            ms: performance.now() - t0,
            engine,
            cached: false,
          },
        });
      },
    },
  );
  token = beginJob(key, run as ExplainJob<ExplainMethod>);
  setExplain({ status: 'running', message: null, objectives: [], result: null });
  const t0 = performance.now();
  try {
    const last = await run.done;
    const entry = {
      method: 'featureVis',
      key,
      cls,
      value: last,
      ms: performance.now() - t0,
      engine,
      objectives: [...objectives],
    } as const;
    remember(key, entry);
    if (!ownsJob(token, true)) return;
    setExplain({
      status: 'done',
      message: null,
      result: { ...entry, cached: false },
      objectives: entry.objectives,
    });
  } catch (e) {
    if (e instanceof ExplainCancelled || !ownsJob(token, true)) return;
    setExplain({ status: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}

/** The shipped dataset whose examples the network takes as they are, or the reason none does. */
export function topSource(network: Network): { id: DatasetId; pad: number } | string {
  const { c, h, w } = network.input;
  if (c === 1 && h === w && (h === 28 || h === 32)) return { id: 'mnist', pad: (h - 28) / 2 };
  if (c === 3 && h === 64 && w === 64) return { id: 'colors', pad: 0 };
  return `no shipped dataset has ${c}×${h}×${w} examples (MNIST: 1×28×28 or 1×32×32; colour shapes: 3×64×64)`;
}

let topJob: ExplainJob<'topExamples'> | null = null;
/** Found examples by key (their pixels too), as the other explanations are cached. */
const topCache = new Map<
  string,
  { examples: readonly TopExample[]; images: readonly Float32Array[] }
>();

/** Finds the held-out examples that excite the feature-visualization target most. */
export async function findTopExamples(count = 9): Promise<void> {
  const s = useStore.getState();
  const ctx = whyContext(s);
  const fail = (message: string, dataset: DatasetId | null = null) =>
    setExplain({
      top: { status: 'error', dataset, examples: [], images: [], message, target: '' },
    });
  if (typeof ctx === 'string') return fail(ctx);
  if (!s.explain.settings.channel && ctx.cls === null)
    return fail('there is no class or channel to look for');
  const target = featureTarget(s.explain.settings, ctx.cls ?? 0);
  const where = topSource(ctx.network);
  if (typeof where === 'string') return fail(where);
  const options = { target, count, batch: 50 };
  const key = explainCacheKey({
    network: ctx.network,
    weights: ctx.weights,
    input: NO_INPUT,
    method: 'topExamples',
    options: { ...options, dataset: where.id },
  });
  const text = targetText(target);
  const done = (found: { examples: readonly TopExample[]; images: readonly Float32Array[] }) =>
    setExplain({
      top: { status: 'done', dataset: where.id, ...found, message: null, target: text },
    });
  const hit = topCache.get(key);
  if (hit) return done(hit);
  topJob?.cancel();
  setExplain({
    top: {
      status: 'running',
      dataset: where.id,
      examples: [],
      images: [],
      message: null,
      target: text,
    },
  });
  let source: DatasetSource;
  try {
    source =
      where.id === 'mnist'
        ? { id: 'mnist', bytes: await explainDeps().mnistBytes!(), pad: where.pad }
        : { id: 'colors' };
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e), where.id);
  }
  const { deps } = await runOn();
  const run = runExplanation(
    'topExamples',
    { ...options, network: ctx.network, params: ctx.params, source },
    deps,
  );
  topJob = run;
  try {
    const examples = await run.done;
    const data = heldOutOf(source);
    const per = data.shape[0] * data.shape[1] * data.shape[2];
    const images = examples.map((e) => {
      const out = new Float32Array(per);
      data.example(e.index, out, 0);
      return out;
    });
    topCache.set(key, { examples, images });
    if (topCache.size > 20) topCache.delete(topCache.keys().next().value!);
    if (topJob !== run) return;
    topJob = null;
    done({ examples, images });
  } catch (e) {
    if (e instanceof ExplainCancelled || topJob !== run) return;
    topJob = null;
    fail(e instanceof Error ? e.message : String(e), where.id);
  }
}

/** "What does this detect?" on a channel: the panel opens on feature visualization for it. */
export function whatDetects(layer: string, channel: number): void {
  const e = useStore.getState().explain;
  setExplain({
    open: true,
    settings: { ...e.settings, method: 'featureVis', channel: { layer, channel } },
    top: null,
  });
  void runFeatureVis();
  void findTopExamples();
}
