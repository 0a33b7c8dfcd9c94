// TeX for the arithmetic panel. Every result is read from core's AxisInfo / LayerCost / OkShape,
// never re-derived (house rule 1: shape arithmetic lives in core/shape.ts). The TeX is plain
// ASCII, so KaTeX's strict mode has nothing to warn about.

import { perSample, type LayerCost } from '../../core/cost';
import type { FitWarning, OkShape } from '../../core/infer';
import type { ActivationFn } from '../../core/layers';
import { samePlan, type AxisInfo, type Shape } from '../../core/shape';
import { fmtInt, fmtRatio } from './format';

export type AxisKey = 'h' | 'w';

/** 61100840 → "61{,}100{,}840": thousands separators that KaTeX spaces as digits. */
export const texInt = (n: number): string =>
  Math.round(n).toLocaleString('en-US').replace(/,/g, '{,}');

/** 2.5 → "2.5"; 1.3333 → "1.33\ldots" (rounded, and says so). */
export function texDecimal(x: number): string {
  if (Number.isInteger(x)) return `${x}`;
  for (const d of [1, 2, 3, 4]) {
    if (Math.abs(Number(x.toFixed(d)) - x) < 1e-9) return `${Number(x.toFixed(d))}`;
  }
  let d = 2;
  while (d < 6 && Number.isInteger(Number(x.toFixed(d)))) d++;
  return `${x.toFixed(d)}\\ldots`;
}

/** A per-sample shape as TeX, "6 \times 28 \times 28". */
export const texShape = (s: Shape): string => s.slice(1).join(' \\times ');

/** "2P" when both sides pad the same, else "P_b + P_e" (e.g. 'same' with an even kernel). */
const sym = (a: AxisInfo) => a.padBegin === a.padEnd;
const padSymbol = (a: AxisInfo) => (sym(a) ? '2P' : 'P_b + P_e');
const padNumbers = (a: AxisInfo) =>
  sym(a) ? `2\\cdot ${a.padBegin}` : `${a.padBegin} + ${a.padEnd}`;

/**
 * general, substituted, reduced, result: right-hand sides of O = …, aligned on "=" in `block`.
 * where: span = D(K−1)+1 and I + 2P with numbers. note: plain text, the exact quotient and its
 * rounding ('' when it divides exactly).
 */
export interface AxisTex {
  readonly axis: AxisKey;
  readonly out: number;
  readonly where: readonly [string, string];
  readonly general: string;
  readonly substituted: string;
  readonly reduced: string;
  readonly result: string;
  readonly block: string;
  readonly note: string;
}

/** The output-size formula of one axis, from general to the number core computed. */
export function axisTex(a: AxisInfo, axis: AxisKey, ceilMode = false): AxisTex {
  const [l, r] = ceilMode
    ? ['\\left\\lceil', '\\right\\rceil']
    : ['\\left\\lfloor', '\\right\\rfloor'];
  const wrap = (num: string, den: string) => `${l} \\frac{${num}}{${den}} ${r} + 1`;
  const general = wrap(`I + ${padSymbol(a)} - D\\cdot(K - 1) - 1`, 'S');
  const substituted = wrap(
    `${a.size} + ${padNumbers(a)} - ${a.dilation}\\cdot(${a.kernel} - 1) - 1`,
    `${a.stride}`,
  );
  const reduced = wrap(`${a.padded} - ${a.span}`, `${a.stride}`);
  const q = a.exactOut - 1; // the quotient inside the brackets
  const exact = Number.isInteger(q);
  const [lb, rb] = ceilMode ? ['\\lceil', '\\rceil'] : ['\\lfloor', '\\rfloor'];
  // Ceil mode whose extra window would start in the end padding: PyTorch drops it (a.ceil false).
  const dropped = ceilMode && !exact && !a.ceil;
  const result = exact
    ? `${q} + 1 = ${a.out}`
    : dropped
      ? `${lb} ${texDecimal(q)} ${rb} + 1 \\to ${a.out}`
      : `${lb} ${texDecimal(q)} ${rb} + 1 = ${a.out - 1} + 1 = ${a.out}`;
  const where = [
    `\\text{span} = D\\cdot(K - 1) + 1 = ${a.dilation}\\cdot(${a.kernel} - 1) + 1 = ${a.span}`,
    `I + ${padSymbol(a)} = ${a.size} + ${padNumbers(a)} = ${a.padded}`,
  ] as const;
  const exactText = texDecimal(a.exactOut).replace('\\ldots', '…');
  const note = exact
    ? ''
    : dropped
      ? `exact ${exactText}; ceil mode would add a window starting in the end padding, which PyTorch drops: ${a.out}`
      : ceilMode
        ? `exact ${exactText}, rounded up to ${a.out} (ceil mode): the last window hangs off the end`
        : `exact ${exactText}, floored to ${a.out}`;
  const block =
    `\\begin{aligned} O &= ${general} \\\\ &= ${substituted} \\\\ ` +
    `&= ${reduced} \\\\ &= ${result} \\end{aligned}`;
  return { axis, out: a.out, where, general, substituted, reduced, result, block, note };
}

/**
 * How TensorFlow-style 'same' chose one axis' padding, from the core's plan: the size it aims
 * for (⌈I/S⌉; the input size when S = 1), the padding the last window needs, and its split with
 * the odd cell at the end. The padding equals the axis' P_b and P_e (convPadding reads the plan).
 */
export function sameTex(a: AxisInfo): readonly [string, string, string] {
  const p = samePlan(a.size, a.kernel, a.stride, a.dilation);
  const aim =
    a.stride === 1
      ? `O = I = ${p.out}`
      : `O = \\left\\lceil \\frac{I}{S} \\right\\rceil = \\left\\lceil \\frac{${a.size}}{${a.stride}} \\right\\rceil = ${p.out}`;
  const total =
    `P_b + P_e = \\max\\left((O - 1)\\cdot S + \\text{span} - I,\\ 0\\right) = ` +
    `\\max\\left((${p.out} - 1)\\cdot ${a.stride} + ${p.span} - ${a.size},\\ 0\\right) = ${p.total}`;
  const split = `P_b = \\left\\lfloor ${p.total}/2 \\right\\rfloor = ${p.begin},\\quad P_e = ${p.total} - ${p.begin} = ${p.end}`;
  return [aim, total, split];
}

/** "(I + 2P − span) mod S = (7 − 3) mod 3 = 1": what is left after the last window. */
export function remainderTex(a: AxisInfo): string {
  return (
    `(I + ${padSymbol(a)} - \\text{span}) \\bmod S = ` +
    `(${a.padded} - ${a.span}) \\bmod ${a.stride} = ${a.remainder}`
  );
}

const rows = (axis: FitWarning['axis'], n: number) =>
  axis === 'height' ? (n === 1 ? 'row' : 'rows') : n === 1 ? 'column' : 'columns';

/** The doesn't-fit warning in one plain sentence, naming the cells from the warning itself. */
export function fitSentence(w: FitWarning, a: AxisInfo): string {
  const list =
    w.uncovered.length > 8 ? `${w.uncovered.slice(0, 8).join(', ')}, …` : w.uncovered.join(', ');
  const never = `input ${rows(w.axis, w.uncovered.length)} ${list} ${w.uncovered.length === 1 ? 'is' : 'are'} never covered`;
  if (w.kind === 'remainder') {
    return `the last ${a.remainder} ${rows(w.axis, a.remainder)} of the padded input ${a.remainder === 1 ? 'is' : 'are'} left over after the last window: ${never}`;
  }
  return a.stride > a.span
    ? `the stride ${a.stride} is longer than the window span ${a.span}, so windows skip cells: ${never}`
    : `the dilated windows leave holes no other window fills: ${never}`;
}

/** A labelled line of the panel: plain text and its TeX. */
export interface TexLine {
  readonly label: string;
  readonly tex: string;
}
const line = (label: string, tex: string): TexLine => ({ label, tex });

const OUT = 'C_{\\text{out}}';
const IN = 'C_{\\text{in}}';

/** The layer's own counts: parameters (and buffers), multiply-accumulates. */
function ownCounts(ls: OkShape, c: LayerCost): TexLine[] {
  const { layer, inputShapes, shape, window } = ls;
  const x = inputShapes[0];
  const [N, NN] = shape[0] > 1 ? ['N\\cdot ', `${shape[0]}\\cdot `] : ['', ''];
  const bias = 'bias' in layer && layer.bias;
  const plus = bias ? ' + 1' : '';
  const params = texInt(c.params);
  const macs = texInt(c.macs);
  if (layer.kind === 'conv2d' && window) {
    const { h, w, inChannels: ci, outChannels: co, groups: g } = window;
    const k = `${h.kernel} \\times ${w.kernel}`;
    return [
      line(
        `parameters${bias ? ' (weights + one bias per output channel)' : ' (no bias)'}`,
        `${OUT} \\times \\left(${IN}/G \\times K_h \\times K_w${plus}\\right) = ${co} \\times (${ci}/${g} \\times ${k}${plus}) = ${params}`,
      ),
      line(
        'multiply-accumulates',
        `${N}${OUT}\\cdot H_{\\text{out}}\\cdot W_{\\text{out}}\\cdot ${IN}/G\\cdot K_h\\cdot K_w = ` +
          `${NN}${co}\\cdot ${h.out}\\cdot ${w.out}\\cdot ${ci}/${g}\\cdot ${h.kernel}\\cdot ${w.kernel} = ${macs}`,
      ),
    ];
  }
  if (layer.kind === 'linear') {
    const [fi, fo] = [texInt(x[1]), texInt(layer.outFeatures)];
    return [
      line(
        `parameters${bias ? ' (weights + one bias per output)' : ' (no bias)'}`,
        `\\text{out} \\times (\\text{in}${plus}) = ${fo} \\times (${fi}${plus}) = ${params}`,
      ),
      line(
        'multiply-accumulates',
        `${N}\\text{in}\\cdot\\text{out} = ${NN}${fi}\\cdot ${fo} = ${macs}`,
      ),
    ];
  }
  if (layer.kind === 'batchNorm') {
    return [
      line(
        'parameters (a scale and a shift per channel)',
        `2\\cdot C = 2\\cdot ${x[1]} = ${params}`,
      ),
      line(
        'running statistics (mean and variance, stored, not learned)',
        `2\\cdot C = 2\\cdot ${x[1]} = ${texInt(c.buffers)}`,
      ),
    ];
  }
  if (layer.kind === 'layerNorm' && layer.affine) {
    const dims = x.slice(1).join('\\cdot ');
    return [line('parameters (a scale and a shift per element)', `2\\cdot ${dims} = ${params}`)];
  }
  return [];
}

/** Parameters, MACs and the dense comparison, with results taken from the layer's cost. */
export function countTex(ls: OkShape, c: LayerCost): TexLine[] {
  const lines = ownCounts(ls, c);
  if (c.params === 0) return lines;
  const nIn = texInt(ls.inputShapes.reduce((sum, s) => sum + perSample(s), 0));
  const nOut = texInt(perSample(ls.shape));
  lines.push(
    line(
      c.params === c.denseParams
        ? 'a linear layer with bias is the dense layer: the same count'
        : 'a dense layer from the same input to the same output would need',
      `n_{\\text{in}} \\times n_{\\text{out}} + n_{\\text{out}} = ` +
        `${nIn} \\times ${nOut} + ${nOut} = ${texInt(c.denseParams)}`,
    ),
  );
  if (c.params < c.denseParams) {
    const ratio = fmtRatio(c.denseParams / c.params)
      .replace(/,/g, '{,}')
      .replace('×', '\\times');
    const frac = `\\dfrac{${texInt(c.denseParams)}}{${texInt(c.params)}}`;
    lines.push(line('ratio: dense ÷ this layer', `${frac} \\approx ${ratio}`));
  }
  return lines;
}

const ACTIVATION_TEX: Record<ActivationFn, string> = {
  relu: '\\max(0, x)',
  relu6: '\\min(\\max(0, x), 6)',
  leakyRelu: '\\max(\\alpha x, x)',
  sigmoid: '\\frac{1}{1 + e^{-x}}',
  tanh: '\\tanh x',
  gelu: 'x\\,\\Phi(x)',
  silu: 'x\\,\\sigma(x)',
  identity: 'x',
};

const SOFTMAX_TEX = '\\operatorname{softmax}(x)_i = \\frac{e^{x_i}}{\\sum_j e^{x_j}}';
const NORM_TEX = 'y = \\gamma\\,\\frac{x - \\mu}{\\sqrt{\\sigma^2 + \\varepsilon}} + \\beta';

/** One line on how a layer without a window maps its input; null for windowed layers. */
export function shapeChangeTex(ls: OkShape): TexLine | null {
  const { layer, inputShapes: ins, shape } = ls;
  const x = ins[0];
  const keep = '; the shape is unchanged';
  switch (layer.kind) {
    case 'conv2d':
    case 'maxPool2d':
    case 'avgPool2d':
      return null;
    case 'activation': {
      const alpha = layer.fn === 'leakyRelu' ? `,\\quad \\alpha = ${layer.alpha ?? 0.01}` : '';
      const label = `${layer.fn} on each of the ${fmtInt(perSample(shape))} values${keep}`;
      return line(label, `f(x) = ${ACTIVATION_TEX[layer.fn]}${alpha}`);
    }
    case 'flatten': {
      const names = x.length === 4 ? 'C\\cdot H\\cdot W' : 'n';
      const tex = `${names} = ${x.slice(1).join('\\cdot ')} = ${texInt(shape[1])}`;
      return line('every value of a sample in one vector', tex);
    }
    case 'globalAvgPool':
      return line(
        'each channel becomes the mean of its H·W values',
        'C\\times H\\times W \\to C\\times 1\\times 1',
      );
    case 'softmax':
      return line(`positive values that sum to 1${keep}`, SOFTMAX_TEX);
    case 'dropout':
      return line(
        `while training each value is zeroed with probability ${layer.p}, the rest scaled; at inference it passes unchanged${keep}`,
        `y = \\frac{m\\,x}{1 - p},\\quad m \\sim \\mathrm{Bernoulli}(1 - p)`,
      );
    case 'batchNorm':
      return line(`each channel normalized, then scaled and shifted${keep}`, NORM_TEX);
    case 'layerNorm':
      return line(`each sample normalized over all its values${keep}`, NORM_TEX);
    case 'linear':
      return line(
        'every output a weighted sum of every input',
        `y = Wx${layer.bias ? ' + b' : ''}`,
      );
    case 'add':
      return line(
        `element-wise sum of equal shapes`,
        `y = ${ins.map((_, i) => `x_{${i + 1}}`).join(' + ')}`,
      );
    case 'concat':
      return line(
        'channels stacked; height and width unchanged',
        `C = ${ins.map((s) => s[1]).join(' + ')} = ${shape[1]}`,
      );
  }
}

/** The condition a window must meet, shown beside a kernel-too-large error. */
export const FIT_CONDITION_TEX = 'D\\cdot(K - 1) + 1 \\le I + P_b + P_e';
