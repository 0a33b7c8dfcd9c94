// Test support: backward cases for PyTorch autograd of the layers with structure: max pooling
// (ties included: PyTorch routes to the first maximum too) and average pooling (padding, ceil
// mode, count_include_pad), global average pooling, batch norm in training mode (dx, dγ, dβ and
// the running statistics, nn.BatchNorm2d/1d) and with frozen statistics, layer norm.

import { pool2d as poolLayer } from '../../core/layers';
import { isIssue, poolInfo } from '../../core/shape';
import { numel } from '../../core/tensor';
import { f32, f64 } from '../../core/testing/torch';
import { batchNormBackward, batchNormTrain, frozenStats } from '../grad/batchNorm';
import { globalAvgPoolBackward } from '../grad/globalAvgPool';
import { layerNormBackward, layerNormTrain } from '../grad/layerNorm';
import { pool2dBackward } from '../grad/pool2d';
import { pool2d } from '../pool2d';
import { compare, fmt, randomCases, type GradCase } from './torchGrad';
import { arg } from './torchOps';

export function layerCases(seed: number): GradCase[] {
  const { rng, int, pick, normals, T } = randomCases(seed);
  const cases: GradCase[] = [];
  // ---- pooling ------------------------------------------------------------------------------

  for (let i = 0; i < 60; i++) {
    const kind = i % 2 ? 'maxPool2d' : 'avgPool2d';
    const shape = [int(1, 2), int(1, 3), int(1, 9), int(1, 9)];
    const kernel: [number, number] = [int(1, 4), int(1, 4)];
    const layer = poolLayer('p', kind, kernel, {
      stride: [int(1, 3), int(1, 3)],
      padding: [int(0, kernel[0] >> 1), int(0, kernel[1] >> 1)],
      ceilMode: rng.next() < 0.5,
      countIncludePad: rng.next() < 0.5,
    });
    if (isIssue(poolInfo(layer, shape))) continue;
    const ties = i % 4 === 1;
    const x = T(shape, ties ? normals(numel(shape), 1.5).map(Math.round) : undefined);
    const { out, argmax } = pool2d(x, layer);
    const dy = normals(out.data.length);
    cases.push({
      label: `${kind} x=${fmt(shape)} k=${layer.kernel} s=${layer.stride} p=${layer.padding}${layer.ceilMode ? ' ceil' : ''}${layer.countIncludePad ? ' incl' : ''}${ties ? ' ties' : ''}`,
      req: {
        op: kind,
        ...arg('x', x.data, shape),
        dy: f32(dy),
        kernel: layer.kernel,
        stride: layer.stride,
        padding: layer.padding,
        ceil: layer.ceilMode,
        includePad: layer.countIncludePad,
      },
      got: () => ({ x: pool2dBackward({ shape: out.shape, data: dy }, shape, layer, argmax).data }),
    });
  }

  for (let i = 0; i < 10; i++) {
    const shape = [int(1, 3), int(1, 4), int(1, 6), int(1, 6)];
    const dy = normals(shape[0] * shape[1]);
    cases.push({
      label: `globalAvgPool x=${fmt(shape)}`,
      req: { op: 'globalAvgPool', ...arg('x', normals(numel(shape)), shape), dy: f32(dy) },
      got: () => ({
        x: globalAvgPoolBackward({ shape: [shape[0], shape[1], 1, 1], data: dy }, shape).data,
      }),
    });
  }

  // ---- normalization ------------------------------------------------------------------------

  for (let i = 0; i < 40; i++) {
    const shape = i % 2 ? [int(2, 8), int(1, 6)] : [int(1, 3), int(1, 4), int(1, 4), int(1, 4)];
    if (numel(shape) / shape[1] < 2) continue;
    const C = shape[1];
    const training = i % 5 !== 4;
    const eps = pick([1e-5, 1e-3, 0.1]);
    const x = T(shape, normals(numel(shape), 2));
    const p = {
      gamma: normals(C),
      beta: normals(C),
      runningMean: normals(C),
      runningVar: normals(C).map((v) => 0.2 + v * v),
    };
    const dy = normals(numel(shape));
    const train = batchNormTrain(x, p, eps);
    const saved = training ? train : frozenStats(p.runningMean, p.runningVar, eps);
    cases.push({
      label: `batchNorm ${training ? 'training' : 'frozen'} x=${fmt(shape)} eps=${eps}`,
      req: {
        op: 'batchNorm',
        ...arg('x', x.data, shape),
        gamma: f32(p.gamma),
        beta: f32(p.beta),
        runningMean: f32(p.runningMean),
        runningVar: f32(p.runningVar),
        eps,
        training,
        dy: f32(dy),
      },
      got: () => {
        const g = batchNormBackward(
          { shape, data: dy },
          x,
          p.gamma,
          saved,
          training ? 'training' : 'inference',
        );
        return { x: g.dx.data, gamma: g.dgamma, beta: g.dbeta };
      },
      extra: (a) =>
        training
          ? (compare('batchNorm', 'running mean', train.runningMean, f64(a.runningMean!)) ??
            compare('batchNorm', 'running var', train.runningVar, f64(a.runningVar!)))
          : null,
    });
  }

  for (let i = 0; i < 30; i++) {
    const shape = i % 2 ? [int(1, 4), int(2, 12)] : [int(1, 3), int(1, 3), int(1, 4), int(1, 4)];
    const S = numel(shape.slice(1));
    const affine = i % 3 !== 2;
    const x = T(shape, normals(numel(shape), 2));
    const gamma = affine ? normals(S) : null;
    const beta = affine ? normals(S) : null;
    const dy = normals(numel(shape));
    cases.push({
      label: `layerNorm x=${fmt(shape)}${affine ? ' affine' : ''}`,
      req: {
        op: 'layerNorm',
        ...arg('x', x.data, shape),
        ...(affine
          ? { ...arg('gamma', gamma!, shape.slice(1)), ...arg('beta', beta!, shape.slice(1)) }
          : {}),
        eps: 1e-5,
        dy: f32(dy),
      },
      got: (): Record<string, ArrayLike<number>> => {
        const g = layerNormBackward(
          { shape, data: dy },
          x,
          gamma,
          layerNormTrain(x, gamma, beta, 1e-5),
        );
        return affine ? { x: g.dx.data, gamma: g.dgamma!, beta: g.dbeta! } : { x: g.dx.data };
      },
    });
  }

  return cases;
}
