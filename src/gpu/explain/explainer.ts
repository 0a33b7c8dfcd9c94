// The explanations on the GPU for one network and its parameters: the same methods as the CPU
// twins (src/cpu/explain), each a few submits of an ExplainPlan — saliency one (SmoothGrad's
// noisy copies as one batch), Grad-CAM one, occlusion one per batch of occluded images, feature
// visualization one per ascent step (the objective and the image's gradient come back; the
// jitter, step and blur of a 3×64×64 image are done by the ascent, core/explain/featureVis.ts).
// Plans are kept per batch size and target, and released together.

import {
  FeatureAscent,
  featureVisFrames,
  type FeatureOracle,
  type FeatureTarget,
  type FeatureVisFrame,
  type FeatureVisOptions,
} from '../../core/explain/featureVis';
import { camResult, gradCamCombine } from '../../core/explain/gradCam';
import {
  camLayer,
  channelMean,
  channelSeed,
  explainGraph,
  oneHotSeed,
} from '../../core/explain/graph';
import { networkClasses, occlusionWith, type TargetValues } from '../../core/explain/runs';
import { meanOfRows, saliencyMap, smoothGradBatch } from '../../core/explain/saliency';
import type {
  GradCamOptions,
  GradCamResult,
  OcclusionResult,
  OcclusionRunOptions,
  SaliencyOptions,
  SaliencyResult,
} from '../../core/explain/types';
import { inferShapes } from '../../core/infer';
import { INPUT_ID, type Network } from '../../core/layers';
import type { LayerParams } from '../../core/weights';
import type { Gpu } from '../gpu';
import { ExplainPlan } from './plan';

export class GpuExplainer {
  private readonly plans = new Map<string, ExplainPlan>();
  readonly classes: number;

  constructor(
    private readonly gpu: Gpu,
    readonly network: Network,
    private readonly params: Readonly<Record<string, LayerParams>>,
  ) {
    this.classes = networkClasses(network);
  }

  /** The plan for a batch of n ending at `target` (default: the score layer). */
  plan(n: number, target: string | undefined, backward: boolean): ExplainPlan {
    const key = `${n}|${target ?? ''}|${backward}`;
    let p = this.plans.get(key);
    if (!p) {
      const net = { ...this.network, input: { ...this.network.input, n } };
      p = new ExplainPlan(this.gpu, explainGraph(inferShapes(net), target), this.params, {
        backward,
      });
      this.plans.set(key, p);
    }
    return p;
  }

  async saliency(image: Float32Array, opts: SaliencyOptions): Promise<SaliencyResult> {
    const { c, h, w } = this.network.input;
    const one = this.plan(1, undefined, true);
    const seed = (n: number) => oneHotSeed(n, this.classes, opts.cls);
    const clean = await one.run(image, seed(1), { acts: [one.graph.output.id], grads: [INPUT_ID] });
    let gradient = clean.grads.get(INPUT_ID)!;
    if (opts.kind === 'smoothGrad') {
      const n = opts.samples ?? 16;
      const noisy = smoothGradBatch(image, n, opts.sigma ?? 0.15, opts.seed ?? 0);
      const r = await this.plan(n, undefined, true).run(noisy, seed(n), { grads: [INPUT_ID] });
      gradient = meanOfRows(r.grads.get(INPUT_ID)!, n, c * h * w);
    }
    return {
      kind: opts.kind,
      map: saliencyMap(opts.kind, gradient, image, c, h, w),
      height: h,
      width: w,
      gradient,
      scores: clean.acts.get(one.graph.output.id)!,
    };
  }

  async gradCam(image: Float32Array, opts: GradCamOptions): Promise<GradCamResult> {
    const ls = camLayer(inferShapes(this.network), opts.layer);
    const plan = this.plan(1, undefined, true);
    const out = plan.graph.output.id;
    const r = await plan.run(image, oneHotSeed(1, this.classes, opts.cls), {
      acts: [ls.id, out],
      grads: [ls.id],
    });
    const [, c, hh, ww] = ls.shape;
    const combined = gradCamCombine(r.acts.get(ls.id)!, r.grads.get(ls.id)!, c, hh, ww);
    const { h, w } = this.network.input;
    return camResult(ls.id, combined, hh, ww, h, w, r.acts.get(out)!);
  }

  /** The score layer's output for n images, [n, K]. */
  async scores(images: Float32Array, n: number): Promise<Float32Array> {
    const plan = this.plan(n, undefined, false);
    const r = await plan.run(images, null, { acts: [plan.graph.output.id] });
    return r.acts.get(plan.graph.output.id)!;
  }

  occlusion(image: Float32Array, opts: OcclusionRunOptions): Promise<OcclusionResult> {
    return occlusionWith(this.network, image, opts, (images, n) => this.scores(images, n));
  }

  featureOracle(target: FeatureTarget): FeatureOracle {
    const layer = target.kind === 'channel' ? target.layer : undefined;
    return async (input) => {
      const plan = this.plan(1, layer, true);
      const out = plan.output;
      const seed =
        target.kind === 'channel'
          ? channelSeed(out.shape, target.channel)
          : oneHotSeed(1, this.classes, target.cls);
      const r = await plan.run(input, seed, { acts: [plan.graph.output.id], grads: [INPUT_ID] });
      const y = r.acts.get(plan.graph.output.id)!;
      const objective =
        target.kind === 'channel' ? channelMean(y, out.shape, target.channel) : y[target.cls];
      return { objective, grad: r.grads.get(INPUT_ID)! };
    };
  }

  featureVis(opts: FeatureVisOptions, steps: number, every = 1): AsyncGenerator<FeatureVisFrame> {
    const { c, h, w } = this.network.input;
    const ascent = new FeatureAscent(c, h, w, opts);
    return featureVisFrames(ascent, this.featureOracle(opts.target), steps, every);
  }

  /** The target's value (a channel's mean or a class score) of each of n images. */
  targetValues(target: FeatureTarget): TargetValues {
    const layer = target.kind === 'channel' ? target.layer : undefined;
    return async (images, n) => {
      const plan = this.plan(n, layer, false);
      const id = plan.graph.output.id;
      const y = (await plan.run(images, null, { acts: [id] })).acts.get(id)!;
      const shape = plan.output.shape;
      return Float32Array.from({ length: n }, (_, i) =>
        target.kind === 'channel'
          ? channelMean(y, shape, target.channel, i)
          : y[i * shape[1] + target.cls],
      );
    };
  }

  release(): void {
    for (const p of this.plans.values()) p.release();
    this.plans.clear();
  }
}
