import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { networkCost } from '../../core/cost';
import { inferShapes, type OkShape } from '../../core/infer';
import {
  activation,
  batchNorm,
  conv2d,
  linear,
  pool2d,
  simple,
  type Layer,
  type Network,
} from '../../core/layers';
import { convInfo, isIssue } from '../../core/shape';
import {
  axisTex,
  countTex,
  fitSentence,
  remainderTex,
  sameTex,
  shapeChangeTex,
  texDecimal,
  texInt,
} from './arithmeticTex';

const net = (c: number, h: number, w: number, layers: Layer[]): Network => ({
  input: { n: 1, c, h, w },
  layers,
});

/** The inferred layer `id` of a network, asserted ok. */
function okLayer(network: Network, id: string): OkShape {
  const l = inferShapes(network).byId.get(id)!;
  if (l.status !== 'ok') throw new Error(`${id} is ${l.status}`);
  return l;
}

describe('axisTex', () => {
  it('x=[1,1,7,7] k=3 s=2 p=0: (7 − 3)/2 + 1 = 3, exact', () => {
    const l = okLayer(net(1, 7, 7, [conv2d('c', 1, 3, { stride: 2 })]), 'c');
    const t = axisTex(l.window!.h, 'h');
    expect(t.general).toContain('I + 2P - D\\cdot(K - 1) - 1');
    expect(t.substituted).toContain('\\frac{7 + 2\\cdot 0 - 1\\cdot(3 - 1) - 1}{2}');
    expect(t.substituted).toContain('\\left\\lfloor');
    expect(t.reduced).toContain('\\frac{7 - 3}{2}');
    expect(t.result).toBe('2 + 1 = 3');
    expect(t.out).toBe(3);
    expect(t.note).toBe('');
    expect(t.where).toEqual([
      '\\text{span} = D\\cdot(K - 1) + 1 = 1\\cdot(3 - 1) + 1 = 3',
      'I + 2P = 7 + 2\\cdot 0 = 7',
    ]);
  });

  it('x=[1,1,7,7] k=3 s=3 p=0: 2.33… floored to 2', () => {
    const info = convInfo(conv2d('c', 1, 3, { stride: 3 }), [1, 1, 7, 7]);
    if (isIssue(info)) throw new Error(info.message);
    const t = axisTex(info.w, 'w');
    expect(t.substituted).toContain('\\frac{7 + 2\\cdot 0 - 1\\cdot(3 - 1) - 1}{3}');
    expect(t.result).toBe('\\lfloor 1.33\\ldots \\rfloor + 1 = 1 + 1 = 2');
    expect(t.note).toBe('exact 2.33…, floored to 2');
    expect(t.block).toMatch(/^\\begin\{aligned\} O &= .* \\end\{aligned\}$/);
  });

  it("x=[1,1,7,7] k=3 s=2 padding 'same': 2·1, (9 − 3)/2 + 1 = 4", () => {
    const l = okLayer(net(1, 7, 7, [conv2d('c', 1, 3, { stride: 2, padding: 'same' })]), 'c');
    const t = axisTex(l.window!.h, 'h');
    expect(t.substituted).toContain('7 + 2\\cdot 1 - 1\\cdot(3 - 1) - 1');
    expect(t.reduced).toContain('\\frac{9 - 3}{2}');
    expect(t.result).toBe('3 + 1 = 4');
  });

  it("x=[1,1,7,7] k=4 s=1 padding 'same': asymmetric P_b + P_e = 1 + 2", () => {
    const l = okLayer(net(1, 7, 7, [conv2d('c', 1, 4, { padding: 'same' })]), 'c');
    const t = axisTex(l.window!.w, 'w');
    expect(t.general).toContain('I + P_b + P_e');
    expect(t.substituted).toContain('7 + 1 + 2 - 1\\cdot(4 - 1) - 1');
    expect(t.result).toBe('6 + 1 = 7');
  });

  it('x=[1,1,7,7] k=3 dilation 2: span 2·(3 − 1) + 1 = 5, output 3', () => {
    const l = okLayer(net(1, 7, 7, [conv2d('c', 1, 3, { dilation: 2 })]), 'c');
    const t = axisTex(l.window!.h, 'h');
    expect(t.substituted).toContain('7 + 2\\cdot 0 - 2\\cdot(3 - 1) - 1');
    expect(t.where[0]).toContain('2\\cdot(3 - 1) + 1 = 5');
    expect(t.reduced).toContain('\\frac{7 - 5}{1}');
    expect(t.result).toBe('2 + 1 = 3');
  });

  it('x=[1,1,6,6] maxpool k=3 s=2 ceil mode: ⌈1.5⌉ + 1 = 3', () => {
    const l = okLayer(
      net(1, 6, 6, [pool2d('p', 'maxPool2d', 3, { stride: 2, ceilMode: true })]),
      'p',
    );
    const t = axisTex(l.window!.h, 'h', true);
    expect(t.general).toContain('\\left\\lceil');
    expect(t.result).toBe('\\lceil 1.5 \\rceil + 1 = 2 + 1 = 3');
    expect(t.note).toContain('rounded up to 3');
  });
});

describe("doesn't fit", () => {
  it('x=[1,1,7,7] k=3 s=3: (7 − 3) mod 3 = 1, row 6 never covered', () => {
    const l = okLayer(net(1, 7, 7, [conv2d('c', 1, 3, { stride: 3 })]), 'c');
    expect(remainderTex(l.window!.h)).toBe(
      '(I + 2P - \\text{span}) \\bmod S = (7 - 3) \\bmod 3 = 1',
    );
    const w = l.warnings.find((x) => x.axis === 'height')!;
    expect(fitSentence(w, l.window!.h)).toBe(
      'the last 1 row of the padded input is left over after the last window: input row 6 is never covered',
    );
  });

  it('x=[1,1,8,8] k=1 s=2: gaps 1, 3, 5 between windows and row 7 after the last', () => {
    const l = okLayer(net(1, 8, 8, [conv2d('c', 1, 1, { stride: 2 })]), 'c');
    const w = l.warnings.find((x) => x.kind === 'gaps')!;
    expect(fitSentence(w, l.window!.h)).toContain('stride 2 is longer than the window span 1');
    expect(fitSentence(w, l.window!.h)).toContain('input rows 1, 3, 5 are never covered');
    const r = l.warnings.find((x) => x.kind === 'remainder' && x.axis === 'height')!;
    expect(fitSentence(r, l.window!.h)).toContain('input row 7 is never covered');
  });
});

describe('countTex', () => {
  it('LeNet conv1 x=[1,1,32,32] k=5 c_out=6: 6 × (1/1 × 5 × 5 + 1) = 156', () => {
    const n = net(1, 32, 32, [conv2d('c1', 6, 5)]);
    const l = okLayer(n, 'c1');
    const c = networkCost(inferShapes(n)).layers.get('c1')!;
    const [params, macs, dense, ratio] = countTex(l, c).map((x) => x.tex);
    expect(params).toContain('6 \\times (1/1 \\times 5 \\times 5 + 1) = 156');
    expect(macs).toContain('6\\cdot 28\\cdot 28\\cdot 1/1\\cdot 5\\cdot 5 = 117{,}600');
    expect(dense).toContain('1{,}024 \\times 4{,}704 + 4{,}704 = 4{,}821{,}600');
    expect(ratio).toContain('\\approx 30{,}900\\times');
  });

  it('conv without bias drops the + 1; linear out × (in + 1); batch norm 2·C', () => {
    const n = net(3, 8, 8, [
      conv2d('c', 4, 3, { bias: false }),
      batchNorm('bn'),
      simple('f', 'flatten'),
      linear('fc', 10),
    ]);
    const cost = networkCost(inferShapes(n)).layers;
    const texts = (id: string) => countTex(okLayer(n, id), cost.get(id)!).map((x) => x.tex);
    expect(texts('c')[0]).toContain('4 \\times (3/1 \\times 3 \\times 3) = 108');
    expect(texts('bn')[0]).toBe('2\\cdot C = 2\\cdot 4 = 8');
    expect(texts('bn')[1]).toBe('2\\cdot C = 2\\cdot 4 = 8');
    expect(texts('fc')[0]).toContain('10 \\times (144 + 1) = 1{,}450');
  });

  it('pooling and activations count nothing', () => {
    const n = net(1, 4, 4, [pool2d('p', 'maxPool2d', 2), activation('r', 'relu')]);
    const cost = networkCost(inferShapes(n)).layers;
    expect(countTex(okLayer(n, 'p'), cost.get('p')!)).toEqual([]);
    expect(countTex(okLayer(n, 'r'), cost.get('r')!)).toEqual([]);
  });
});

describe('shapeChangeTex', () => {
  it('flatten x=[1,16,5,5]: C·H·W = 16·5·5 = 400; windowed layers get none', () => {
    const n = net(16, 5, 5, [simple('f', 'flatten')]);
    expect(shapeChangeTex(okLayer(n, 'f'))!.tex).toBe(
      'C\\cdot H\\cdot W = 16\\cdot 5\\cdot 5 = 400',
    );
    const c = net(1, 7, 7, [conv2d('c', 1, 3)]);
    expect(shapeChangeTex(okLayer(c, 'c'))).toBeNull();
  });

  it('activation keeps the shape', () => {
    const n = net(6, 28, 28, [activation('r', 'relu')]);
    const t = shapeChangeTex(okLayer(n, 'r'))!;
    expect(t.tex).toContain('\\max(0, x)');
    expect(t.label).toContain('4,704 values');
  });
});

describe('number formatting', () => {
  it('thousands in TeX, decimals exact or marked', () => {
    expect(texInt(61100840)).toBe('61{,}100{,}840');
    expect(texDecimal(2.5)).toBe('2.5');
    expect(texDecimal(7 / 3)).toBe('2.33\\ldots');
    expect(texDecimal(1.2)).toBe('1.2');
    expect(texDecimal(2.9999)).toBe('2.9999');
    expect(texDecimal(2 + 1 / 3000)).toBe('2.0003\\ldots');
  });
});

describe('KaTeX', () => {
  it('every string parses in strict mode (no unicode in math, no unknown macros)', () => {
    const n = net(3, 9, 9, [
      conv2d('c', 4, 3, { stride: 3, padding: 'same', dilation: 2 }),
      batchNorm('bn'),
      activation('r', 'leakyRelu'),
      pool2d('p', 'maxPool2d', 2, { ceilMode: true }),
      simple('f', 'flatten'),
      linear('fc', 10),
      simple('s', 'softmax'),
    ]);
    const inf = inferShapes(n);
    const cost = networkCost(inf).layers;
    const all: string[] = [];
    for (const l of inf.layers) {
      if (l.status !== 'ok') throw new Error(l.id);
      if (l.window) {
        for (const k of ['h', 'w'] as const) {
          const t = axisTex(l.window[k], k, l.layer.kind === 'maxPool2d');
          all.push(t.block, ...t.where, remainderTex(l.window[k]));
        }
      }
      all.push(...countTex(l, cost.get(l.id)!).map((x) => x.tex));
      const change = shapeChangeTex(l);
      if (change) all.push(change.tex);
    }
    for (const tex of all) {
      expect(() =>
        katex.renderToString(tex, { throwOnError: true, strict: 'error' }),
      ).not.toThrow();
    }
  });
});

describe('sameTex', () => {
  it("x=[1,3,224,224] k=3 s=2 'same': ⌈224/2⌉ = 112, (112 − 1)·2 + 3 − 224 = 1 → 0 + 1", () => {
    const l = okLayer(net(3, 224, 224, [conv2d('c', 8, 3, { stride: 2, padding: 'same' })]), 'c');
    const [aim, total, split] = sameTex(l.window!.h);
    expect(aim).toBe(
      'O = \\left\\lceil \\frac{I}{S} \\right\\rceil = \\left\\lceil \\frac{224}{2} \\right\\rceil = 112',
    );
    expect(total).toContain('\\max\\left((112 - 1)\\cdot 2 + 3 - 224,\\ 0\\right) = 1');
    expect(split).toBe('P_b = \\left\\lfloor 1/2 \\right\\rfloor = 0,\\quad P_e = 1 - 0 = 1');
    // The same numbers as the layer's axis: the plan is what convPadding used.
    expect([l.window!.h.padBegin, l.window!.h.padEnd, l.window!.h.out]).toEqual([0, 1, 112]);
    for (const t of [aim, total, split])
      expect(() => katex.renderToString(t, { throwOnError: true, strict: 'error' })).not.toThrow();
  });

  it("x=[1,1,7,7] k=4 s=1 'same': O = I = 7, total 3 split 1 + 2", () => {
    const l = okLayer(net(1, 7, 7, [conv2d('c', 1, 4, { padding: 'same' })]), 'c');
    const [aim, total, split] = sameTex(l.window!.w);
    expect(aim).toBe('O = I = 7');
    expect(total).toContain('(7 - 1)\\cdot 1 + 4 - 7,\\ 0\\right) = 3');
    expect(split).toContain('P_e = 3 - 1 = 2');
  });
});
