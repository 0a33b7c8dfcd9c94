// One entry point for the explanations: explain(method, options) runs a method on the GPU when
// a device is given (options.gpu), else on the CPU, and returns plain typed results
// (core/explain/types.ts). Feature visualization returns an async generator of frames (the
// image every `every` steps, and the objective), to animate the image as it forms.

import type { Dataset } from '../../core/data/dataset';
import type { FeatureVisFrame, FeatureVisOptions } from '../../core/explain/featureVis';
import type { FeatureTarget } from '../../core/explain/featureVis';
import { topExamplesWith, type TopExamplesOptions } from '../../core/explain/runs';
import type {
  GradCamOptions,
  GradCamResult,
  OcclusionResult,
  OcclusionRunOptions,
  SaliencyOptions,
  SaliencyResult,
  TopExample,
} from '../../core/explain/types';
import type { Network } from '../../core/layers';
import type { LayerParams } from '../../core/weights';
import { cpuFeatureVis } from '../../cpu/explain/featureVis';
import { cpuGradCam } from '../../cpu/explain/gradCam';
import { cpuOcclusion } from '../../cpu/explain/occlusion';
import { cpuSaliency } from '../../cpu/explain/saliency';
import { cpuTargetValues } from '../../cpu/explain/topExamples';
import type { Gpu } from '../../gpu/gpu';
import { GpuExplainer } from '../../gpu/explain/explainer';

export interface ExplainBase {
  readonly network: Network;
  readonly params: Readonly<Record<string, LayerParams>>;
  /** A WebGPU device to run on; without one the CPU computes. */
  readonly gpu?: Gpu;
}

export interface ExplainOptions {
  saliency: ExplainBase & SaliencyOptions & { readonly image: Float32Array };
  gradCam: ExplainBase & GradCamOptions & { readonly image: Float32Array };
  occlusion: ExplainBase & OcclusionRunOptions & { readonly image: Float32Array };
  featureVis: ExplainBase &
    FeatureVisOptions & {
      readonly steps: number;
      /** A frame every `every` steps (default 1). */
      readonly every?: number;
    };
  topExamples: ExplainBase &
    TopExamplesOptions & { readonly target: FeatureTarget; readonly dataset: Dataset };
}

export interface ExplainResults {
  saliency: SaliencyResult;
  gradCam: GradCamResult;
  occlusion: OcclusionResult;
  featureVis: AsyncGenerator<FeatureVisFrame>;
  topExamples: TopExample[];
}

export type ExplainMethod = keyof ExplainOptions;

/** One GpuExplainer (its recorded plans) per device, network and parameter set. */
const explainers = new WeakMap<Gpu, WeakMap<object, GpuExplainer>>();

function explainerFor(o: ExplainBase & { gpu: Gpu }): GpuExplainer {
  let byParams = explainers.get(o.gpu);
  if (!byParams) explainers.set(o.gpu, (byParams = new WeakMap()));
  let e = byParams.get(o.params);
  if (!e || e.network !== o.network) {
    e?.release();
    e = new GpuExplainer(o.gpu, o.network, o.params);
    byParams.set(o.params, e);
  }
  return e;
}

/** Releases the GPU plans kept for a parameter set (when the network or weights change). */
export function releaseExplainer(gpu: Gpu, params: object): void {
  explainers.get(gpu)?.get(params)?.release();
  explainers.get(gpu)?.delete(params);
}

export async function explain<M extends ExplainMethod>(
  method: M,
  options: ExplainOptions[M],
): Promise<ExplainResults[M]> {
  return (await run(method, options)) as ExplainResults[M];
}

async function run(method: ExplainMethod, o: ExplainOptions[ExplainMethod]): Promise<unknown> {
  const g = o.gpu ? explainerFor({ ...o, gpu: o.gpu }) : null;
  switch (method) {
    case 'saliency': {
      const s = o as ExplainOptions['saliency'];
      return g ? g.saliency(s.image, s) : cpuSaliency(s.network, s.params, s.image, s);
    }
    case 'gradCam': {
      const s = o as ExplainOptions['gradCam'];
      return g ? g.gradCam(s.image, s) : cpuGradCam(s.network, s.params, s.image, s);
    }
    case 'occlusion': {
      const s = o as ExplainOptions['occlusion'];
      return g ? g.occlusion(s.image, s) : cpuOcclusion(s.network, s.params, s.image, s);
    }
    case 'featureVis': {
      const s = o as ExplainOptions['featureVis'];
      return g
        ? g.featureVis(s, s.steps, s.every)
        : cpuFeatureVis(s.network, s.params, s, s.steps, s.every);
    }
    case 'topExamples': {
      const s = o as ExplainOptions['topExamples'];
      const values = g ? g.targetValues(s.target) : cpuTargetValues(s.network, s.params, s.target);
      return topExamplesWith(s.network, s.dataset, values, s);
    }
  }
}
