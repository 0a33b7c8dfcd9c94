// The "Why?" panel's actions: open it, change its settings, and explain the input on screen with
// the chosen method: saliency, Grad-CAM or occlusion run by themselves whenever the input,
// the network, the weights or a setting changes (the newest request wins, an older one is
// cancelled); results are cached per (network, weights, input, method, options), so going back
// to a method or an input shows its answer at once. Feature visualization and the top examples
// are in featureVisActions.ts. Nothing here enters the undo history or a link.

import { ExplainCancelled, runExplanation, type ExplainJob } from '../backend/explain/explainRun';
import type { ExplainMethod } from '../backend/explain/explain';
import type { RunOptions } from '../backend/explain/explainProtocol';
import { explainCacheKey } from '../core/explain/cacheKey';
import { occlusionGeometry, whyRefusal, type WhySettings } from '../core/explain/whySettings';
import {
  dropExplainDevice,
  explainDeps,
  explainDevice,
  whyContext,
  type WhyContext,
} from './explainContext';
import { useStore, type AppState, type WhyResult } from './store';

type Explain = AppState['explain'];
export const setExplain = (patch: Partial<Explain>) =>
  useStore.setState({ explain: { ...useStore.getState().explain, ...patch } });

/** Results kept, newest last (a Map keeps insertion order: the first is the least recent). */
const CACHE_SIZE = 40;
const cache = new Map<string, Omit<WhyResult, 'cached'> & { objectives?: readonly number[] }>();

export function cached(key: string) {
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
  }
  return hit;
}
export function remember(
  key: string,
  entry: Omit<WhyResult, 'cached'> & { objectives?: readonly number[] },
) {
  cache.set(key, entry);
  while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
}
/** Empties the cache (tests). */
export const forgetExplanations = () => cache.clear();

let job: { key: string; run: ExplainJob<ExplainMethod> } | null = null;

/** Cancels the explanation running now, if any. */
export function cancelWhy(): void {
  job?.run.cancel();
  job = null;
}

/** Makes `run` the explanation running now (cancelling the one before); a token to check. */
export function beginJob(key: string, run: ExplainJob<ExplainMethod>): object {
  cancelWhy();
  job = { key, run };
  return job;
}
/** Whether the run begun with `token` is still the one running; ends it when `end`. */
export function ownsJob(token: object, end = false): boolean {
  const mine = job === token;
  if (mine && end) job = null;
  return mine;
}

export function openWhy(open = !useStore.getState().explain.open): void {
  if (!open) cancelWhy();
  setExplain({ open });
  if (open) scheduleWhy();
}

/** Changes the panel's settings; returns why not (and changes nothing), or null. */
export function setWhy(patch: Partial<WhySettings>): string | null {
  const s = useStore.getState();
  const why = whyRefusal(patch, s.network.input.h, s.network.input.w);
  if (why) return why;
  const settings = { ...s.explain.settings, ...patch };
  // A change that asks a new question shows "Computing…" at once (the opacity only redraws).
  const asks = Object.keys(patch).some((k) => k !== 'opacity');
  setExplain(
    asks && s.explain.open && settings.method !== 'featureVis'
      ? { settings, status: 'running', message: null }
      : { settings },
  );
  scheduleWhy();
  return null;
}

/** The backend options of an automatic method, and its cache key. */
export function whyRequest(ctx: WhyContext & { cls: number }, s: WhySettings) {
  let method: ExplainMethod;
  let options: Record<string, unknown>;
  if (s.method === 'saliency') {
    method = 'saliency';
    options = {
      cls: ctx.cls,
      kind: s.saliencyKind,
      ...(s.saliencyKind === 'smoothGrad' ? { samples: s.samples, seed: 0 } : {}),
    };
  } else if (s.method === 'gradCam') {
    method = 'gradCam';
    options = { cls: ctx.cls, ...(s.camLayer ? { layer: s.camLayer } : {}) };
  } else {
    method = 'occlusion';
    options = { cls: ctx.cls, ...occlusionGeometry(s, ctx.h, ctx.w), fill: s.fill };
  }
  const key = explainCacheKey({
    network: ctx.network,
    weights: ctx.weights,
    input: ctx.image,
    method,
    options,
  });
  return { method, options, key };
}

let timer: ReturnType<typeof setTimeout> | null = null;
/** Explains soon: several changes in one moment (input, then prediction) run once. */
export function scheduleWhy(delay = 30): void {
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = null;
    void runWhy();
  }, delay);
}

/** Explains the input on screen with the chosen automatic method (not feature visualization). */
export async function runWhy(): Promise<void> {
  const s = useStore.getState();
  const settings = s.explain.settings;
  if (!s.explain.open || settings.method === 'featureVis') return;
  const ctx = whyContext(s);
  if (typeof ctx === 'string') {
    cancelWhy();
    return setExplain({ status: 'idle', message: ctx });
  }
  if (ctx.cls === null) {
    cancelWhy();
    const p = s.compute.predictionStatus;
    return setExplain({
      status: 'idle',
      message:
        p === 'on-demand'
          ? 'press Predict first: an explanation explains a prediction'
          : p === 'error'
            ? 'there is no prediction to explain (see the prediction panel)'
            : 'an explanation needs a classifier: a network that ends in class scores (a linear layer, or a softmax)',
    });
  }
  const { method, options, key } = whyRequest({ ...ctx, cls: ctx.cls }, settings);
  const hit = cached(key);
  if (hit) {
    cancelWhy();
    return setExplain({ status: 'done', message: null, result: { ...hit, cached: true } });
  }
  if (job?.key === key) return; // already on its way
  cancelWhy();
  setExplain({ status: 'running', message: null });
  await explainNow(key, method, options, ctx.cls, settings.method);
}

async function explainNow(
  key: string,
  method: ExplainMethod,
  options: Record<string, unknown>,
  cls: number,
  why: WhySettings['method'],
  retried = false,
): Promise<void> {
  const s = useStore.getState();
  const ctx = whyContext(s) as WhyContext;
  const device = await explainDevice(s);
  const engine = device ? 'gpu' : 'cpu';
  const full = { ...options, network: ctx.network, params: ctx.params, image: ctx.image };
  const run = runExplanation(method, full as unknown as RunOptions<typeof method>, {
    ...(device ? { device } : {}),
    ...(explainDeps().cpuOn ? { cpuOn: explainDeps().cpuOn } : {}),
  });
  const mine = { key, run };
  job = mine;
  const t0 = performance.now();
  try {
    const value = (await run.done) as WhyResult['value'];
    const entry = { method: why, key, cls, value, ms: performance.now() - t0, engine } as const;
    remember(key, entry);
    if (job !== mine) return;
    job = null;
    setExplain({ status: 'done', message: null, result: { ...entry, cached: false } });
  } catch (e) {
    if (e instanceof ExplainCancelled || job !== mine) return;
    job = null;
    const message = e instanceof Error ? e.message : String(e);
    const said = e instanceof RangeError || (e instanceof Error && e.name === 'ExplainError');
    if (engine === 'gpu' && !retried && !said) {
      // The device failed (lost, out of memory): the CPU answers, and the next run asks anew.
      dropExplainDevice();
      return explainNow(key, method, options, cls, why, true);
    }
    setExplain({ status: 'error', message });
  }
}
