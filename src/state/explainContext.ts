// What every explanation starts from: the network on screen, its parameters as the views compute
// with them, the first image of the computed input, the class explained, a name for the weights
// (for the cache key), and where to run (the page's GPU when the backend is on one). Shared by
// explainActions.ts and featureVisActions.ts.

import { argmax } from '../core/explain/gradCam';
import type { LayerParams } from '../core/weights';
import type { ExplainDevice as GpuDevice } from '../backend/explain/explainRun';
import { currentParams } from './currentParams';
import type { AppState } from './store';

/** What the page provides: the GPU device for the GPU path, and MNIST for the top examples. */
export interface ExplainDeps {
  readonly gpu?: () => Promise<GpuDevice>;
  readonly mnistBytes?: () => Promise<Uint8Array>;
  /** Where CPU explanations run (tests: 'inline'). */
  readonly cpuOn?: 'worker' | 'inline';
}

let deps: ExplainDeps = {};
let device: Promise<GpuDevice | null> | null = null;

export function configureExplain(d: ExplainDeps): void {
  deps = d;
  device = null;
}
export const explainDeps = (): ExplainDeps => deps;

/** The page's GPU for explanations when the app computes on one, else null (the CPU). */
export async function explainDevice(s: AppState): Promise<GpuDevice | null> {
  if (s.backend.kind !== 'gpu' || !deps.gpu) return null;
  device ??= deps.gpu().catch(() => null);
  const d = await device;
  if (d === null) device = null; // try again next time
  return d;
}

/** Forgets a device that failed (lost), so the next explanation asks for a new one. */
export function dropExplainDevice(): void {
  device = null;
}

export interface WhyContext {
  readonly network: AppState['network'];
  readonly params: Record<string, LayerParams>;
  /** C×H×W of the first input image. */
  readonly image: Float32Array;
  readonly c: number;
  readonly h: number;
  readonly w: number;
  /** The class explained (the chosen one, else the top class), or null without a prediction. */
  readonly cls: number | null;
  /** Classes the network scores, or 0 without a prediction. */
  readonly classes: number;
  readonly weights: string;
}

const ids = new WeakMap<object, number>();
let nextId = 1;
const idOf = (o: object | null | undefined) => {
  if (!o) return 0;
  let id = ids.get(o);
  if (id === undefined) ids.set(o, (id = nextId++));
  return id;
};

/** A name for the parameter values on screen: changes whenever they may have. */
export function weightsName(s: AppState): string {
  const shipped = s.weightsId ? s.shipped[s.weightsId] : undefined;
  return [
    s.weightsId ?? 'random',
    `seed ${s.seed}`,
    `edit ${idOf(s.fixedWeights)}`,
    `live ${idOf(s.training.live)}`,
    `shipped ${idOf(shipped)}`,
  ].join(' ');
}

/** The context, or the reason there is nothing to explain yet. */
export function whyContext(s: AppState): WhyContext | string {
  const t = s.compute.input;
  const { c, h, w } = s.network.input;
  if (!t || t.shape[1] !== c || t.shape[2] !== h || t.shape[3] !== w)
    return 'waiting for the input to be computed';
  let params: Record<string, LayerParams>;
  try {
    params = currentParams(s);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  const p = s.compute.prediction;
  const classes = p?.scores.length ?? 0;
  const chosen = s.explain.settings.cls;
  const cls = !p ? null : chosen !== null && chosen < classes ? chosen : argmax(p.scores);
  return {
    network: s.network,
    params,
    image: t.data.slice(0, c * h * w),
    c,
    h,
    w,
    cls,
    classes,
    weights: weightsName(s),
  };
}
