import { describe, expect, it } from 'vitest';
import { dependencies, inferShapes, type Inference } from '../core/infer';
import { conv2d, linear, simple, type Network } from '../core/layers';
import { getPreset } from '../core/presets';
import { createRng } from '../core/rng';
import { tensor, type Tensor } from '../core/tensor';
import { fixedLayerParams, initLayerParams } from '../core/weights';
import { forward } from './forward';

const randomInput = (shape: readonly number[], seed = 3): Tensor => {
  const r = createRng(seed);
  return tensor(
    shape,
    Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => r.next()),
  );
};

const seeded = (seed: number) => ({
  params: (ls: Parameters<typeof initLayerParams>[0]) => initLayerParams(ls, seed),
});

function run(id: string, upTo?: string) {
  const p = getPreset(id)!;
  const inf = inferShapes(p.network);
  const input = randomInput(inf.inputShape);
  return { inf, out: forward(inf, input, { ...seeded(1), upTo }) };
}

function expectShapesMatchInference(inf: Inference, out: Map<string, Tensor>) {
  for (const [id, t] of out) {
    const ls = inf.byId.get(id)!;
    expect(ls.status === 'ok' && t.shape).toEqual(ls.status === 'ok' ? ls.shape : null);
    expect(t.data.every(Number.isFinite)).toBe(true);
  }
}

describe('forward', () => {
  it('lenet5 x=[1,1,32,32]: every layer computed, shapes as inferred, softmax sums to 1', () => {
    const { inf, out } = run('lenet5');
    expect(out.size).toBe(inf.layers.length);
    expectShapesMatchInference(inf, out);
    const last = out.get(inf.layers.at(-1)!.id)!;
    expect([...last.data].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });

  it('tinyvgg x=[1,3,64,64] and resnet18 up to layer1 (a DAG with adds): shapes as inferred', () => {
    expectShapesMatchInference(run('tinyvgg').inf, run('tinyvgg').out);
    const { inf, out } = run('resnet18', 'layer1.1.relu2');
    expect(out.has('fc')).toBe(false);
    expectShapesMatchInference(inf, out);
  });

  it('the 5×5 exercise with its fixed kernel gives [[4,3,4],[2,4,3],[2,3,4]]', () => {
    const p = getPreset('teach_5x5_exercise')!;
    const inf = inferShapes(p.network);
    const out = forward(inf, tensor(inf.inputShape, p.input!), {
      params: (ls) => fixedLayerParams(ls, p.weights![ls.id]),
    });
    expect([...out.get(p.network.layers[0].id)!.data]).toEqual([4, 3, 4, 2, 4, 3, 2, 3, 4]);
  });

  it('upTo computes only the ancestors; reuse skips recomputation', () => {
    const net: Network = {
      input: { n: 1, c: 1, h: 6, w: 6 },
      layers: [
        conv2d('a', 2, 3),
        conv2d('b', 2, 3, { inputs: ['input'] }),
        simple('s', 'add', ['a', 'b']),
        simple('f', 'flatten'),
        linear('fc', 3),
      ],
    };
    const inf = inferShapes(net);
    expect([...dependencies(inf, 's')].sort()).toEqual(['a', 'b', 's']);
    const input = randomInput([1, 1, 6, 6]);
    const first = forward(inf, input, { ...seeded(1), upTo: 'a' });
    expect([...first.keys()]).toEqual(['a']);
    const computed: string[] = [];
    const all = forward(inf, input, {
      ...seeded(1),
      reuse: first,
      onLayer: (id) => computed.push(id),
    });
    expect(computed).toEqual(['b', 's', 'f', 'fc']);
    expect(all.get('a')).toBe(first.get('a'));
  });

  it('an invalid layer on the path throws its message; a wrong input shape is refused', () => {
    const net: Network = { input: { n: 1, c: 1, h: 4, w: 4 }, layers: [conv2d('a', 1, 7)] };
    const inf = inferShapes(net);
    expect(() => forward(inf, randomInput([1, 1, 4, 4]), seeded(1))).toThrow(/kernel 7×7/);
    const ok = inferShapes({ ...net, layers: [conv2d('a', 1, 3)] });
    expect(() => forward(ok, randomInput([1, 1, 5, 5]), seeded(1))).toThrow(
      /expects \[1, 1, 4, 4\]/,
    );
  });
});
