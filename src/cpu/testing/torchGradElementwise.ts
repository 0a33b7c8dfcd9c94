// Test support: backward cases for PyTorch autograd of the elementwise and structural ops and
// the losses: the eight activations at their kinks (0, −0, 6) and at ±∞, softmax, add, concat,
// flatten, dropout with its mask, cross-entropy (F.cross_entropy: loss, gradient, the argmax
// accuracy) and MSE (F.mse_loss).

import { ACTIVATIONS } from '../../core/layers';
import { numel } from '../../core/tensor';
import { f32 } from '../../core/testing/torch';
import { activationBackward } from '../grad/activation';
import { addBackward } from '../grad/add';
import { concatBackward } from '../grad/concat';
import { dropoutBackward, dropoutMask } from '../grad/dropout';
import { flattenBackward } from '../grad/flatten';
import { mseLoss, softmaxCrossEntropy } from '../grad/loss';
import { softmaxBackward } from '../grad/softmax';
import { softmax } from '../softmax';
import { fmt, randomCases, type GradCase } from './torchGrad';
import { agrees, arg } from './torchOps';

export function elementwiseCases(seed: number): GradCase[] {
  const { int, pick, normals, T } = randomCases(seed);
  const cases: GradCase[] = [];
  // ---- elementwise and structural ------------------------------------------------------------

  /** Where PyTorch's choices show: the kinks and ±∞ (NaN inputs differ on purpose: see activation.ts). */
  const KINKS = [
    0,
    -0,
    6,
    -6,
    5.999,
    6.001,
    1e-30,
    -1e-30,
    Infinity,
    -Infinity,
    3e38,
    -3e38,
    30,
    -30,
  ];
  for (const fn of ACTIVATIONS) {
    for (let i = 0; i < 5; i++) {
      const n = int(1, 40);
      const x = Float32Array.from([...KINKS, ...normals(n, 4)]);
      const dy = normals(x.length);
      const alpha = pick([0.01, 0.2, -0.5, 1.5]);
      cases.push({
        label: `${fn} alpha=${alpha} n=${x.length}`,
        req: { op: 'activation', ...arg('x', x, [x.length]), dy: f32(dy), fn, alpha },
        got: () => ({
          x: activationBackward(
            { shape: [x.length], data: dy },
            { shape: [x.length], data: x },
            fn,
            alpha,
          ).data,
        }),
      });
    }
  }

  for (let i = 0; i < 20; i++) {
    const shape = i % 2 ? [int(1, 4), int(1, 30)] : [int(1, 2), int(1, 6), int(1, 4), int(1, 4)];
    const x = T(shape, normals(numel(shape), 3));
    const dy = normals(numel(shape));
    cases.push({
      label: `softmax x=${fmt(shape)}`,
      req: { op: 'softmax', ...arg('x', x.data, shape), dy: f32(dy) },
      got: () => ({ x: softmaxBackward({ shape, data: dy }, softmax(x)).data }),
    });
  }

  for (let i = 0; i < 20; i++) {
    const isConcat = i % 2 === 0;
    const N = int(1, 2);
    const rest = pick([[], [2, 3], [1, 1]]);
    const channels = Array.from({ length: int(isConcat ? 1 : 2, 3) }, () =>
      isConcat ? int(1, 4) : 3,
    );
    const shapes = channels.map((C) => [N, C, ...rest]);
    const total = isConcat ? channels.reduce((a, b) => a + b, 0) : 3;
    const dy = normals(N * total * numel(rest));
    const dyT = { shape: [N, total, ...rest], data: dy };
    cases.push({
      label: `${isConcat ? 'concat' : 'add'} ${shapes.map(fmt).join(' ')}`,
      req: {
        op: isConcat ? 'concat' : 'add',
        xs: shapes.map((s) => f32(normals(numel(s)))),
        shapes,
        dy: f32(dy),
      },
      got: () => {
        const dxs = isConcat ? concatBackward(dyT, channels) : addBackward(dyT, channels.length);
        return Object.fromEntries(dxs.map((d, k) => [`x${k}`, d.data]));
      },
    });
  }

  for (let i = 0; i < 5; i++) {
    const shape = [int(1, 3), int(1, 3), int(1, 4), int(1, 4)];
    const dy = normals(numel(shape));
    cases.push({
      label: `flatten x=${fmt(shape)}`,
      req: { op: 'flatten', ...arg('x', normals(numel(shape)), shape), dy: f32(dy) },
      got: () => ({
        x: flattenBackward({ shape: [shape[0], numel(shape.slice(1))], data: dy }, shape).data,
      }),
    });
  }

  for (let i = 0; i < 10; i++) {
    const n = int(1, 200);
    const p = pick([0, 0.1, 0.5, 0.9, 0.99]);
    const [seed, step] = [int(0, 1e9), int(0, 1e6)];
    const dy = normals(n);
    cases.push({
      label: `dropout n=${n} p=${p} seed=${seed} step=${step}`,
      req: {
        op: 'dropout',
        ...arg('x', normals(n), [n]),
        mask: f32(dropoutMask(n, p, seed, step)),
        p,
        dy: f32(dy),
      },
      got: () => ({ x: dropoutBackward({ shape: [n], data: dy }, p, seed, step).data }),
    });
  }

  // ---- losses -------------------------------------------------------------------------------

  for (let i = 0; i < 30; i++) {
    const [N, K] = [int(1, 16), int(1, 20)];
    const shape = i % 3 === 0 ? [N, K, 1, 1] : [N, K];
    const ties = i % 4 === 1;
    const z = ties ? normals(N * K, 1.5).map(Math.round) : normals(N * K, pick([0.1, 3, 30]));
    const labels = Array.from({ length: N }, () => int(0, K - 1));
    const got = softmaxCrossEntropy({ shape, data: z }, labels);
    cases.push({
      label: `crossEntropy z=${fmt(shape)}${ties ? ' ties' : ''}`,
      req: { op: 'crossEntropy', ...arg('z', z, shape), labels },
      got: () => ({ z: got.grad.data }),
      extra: (a) =>
        !agrees(got.loss, a.loss!)
          ? `crossEntropy: loss ${got.loss}, PyTorch ${a.loss}`
          : got.correct !== a.correct
            ? `crossEntropy: ${got.correct} correct, PyTorch ${a.correct}`
            : null,
    });
  }

  for (let i = 0; i < 10; i++) {
    const shape = i % 2 ? [int(1, 8), int(1, 10)] : [int(1, 2), int(1, 3), int(1, 4), int(1, 4)];
    const y = normals(numel(shape), 2);
    const t = normals(numel(shape), 2);
    const got = mseLoss({ shape, data: y }, { shape, data: t });
    cases.push({
      label: `mse y=${fmt(shape)}`,
      req: { op: 'mse', ...arg('y', y, shape), target: f32(t) },
      got: () => ({ y: got.grad.data }),
      extra: (a) => (agrees(got.loss, a.loss!) ? null : `mse: loss ${got.loss}, PyTorch ${a.loss}`),
    });
  }

  return cases;
}
