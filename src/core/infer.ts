// Shape inference over the whole DAG: every layer gets its output shape, a typed error, or
// 'blocked' when something upstream is invalid. Never throws for a bad network.

import { buildGraph, type Graph } from './graph';
import { INPUT_ID, type Layer, type Network } from './layers';
import {
  convInfo,
  convIssues,
  fmtShape,
  isIssue,
  issue,
  poolInfo,
  type AxisInfo,
  type LayerIssue,
  type Shape,
  type WindowInfo,
} from './shape';
import { validateInput, validateLayer } from './validate';

/** "Doesn't fit": a warning, distinct from errors — the layer still computes (floored). */
export interface FitWarning {
  readonly axis: 'height' | 'width';
  /**
   * 'remainder': (I + P − span) is not a multiple of S, so the last rows/columns are never
   * covered (frameworks floor it away). 'gaps': the stride is longer than the window, so rows
   * between windows are skipped (e.g. ResNet's 1×1 stride-2 downsampling).
   */
  readonly kind: 'remainder' | 'gaps';
  readonly remainder: number;
  /** Input rows (height) or columns (width) of this kind that no window ever touches. */
  readonly uncovered: readonly number[];
  /** The full sentence, with the formula and its numbers. */
  readonly message: string;
  /** A few words for a table cell, e.g. "doesn't fit: row 6 never covered". */
  readonly short: string;
}

interface Base {
  readonly id: string;
  readonly layer: Layer;
  readonly inputs: readonly string[];
}
export interface OkShape extends Base {
  readonly status: 'ok';
  readonly inputShapes: readonly Shape[];
  readonly shape: Shape;
  /** Conv and pooling layers: the window arithmetic per axis. */
  readonly window?: WindowInfo;
  readonly warnings: readonly FitWarning[];
}
export interface ErrorShape extends Base {
  readonly status: 'error';
  readonly inputShapes: readonly Shape[];
  /** The first problem; `errors` lists every one. */
  readonly error: LayerIssue;
  readonly errors: readonly LayerIssue[];
}
export interface BlockedShape extends Base {
  readonly status: 'blocked';
  readonly blockedBy: readonly string[];
  readonly message: string;
}
export type LayerShape = OkShape | ErrorShape | BlockedShape;

export interface Inference {
  readonly graph: Graph;
  readonly inputShape: Shape;
  /** The input's first problem; `inputErrors` lists every one. */
  readonly inputError: LayerIssue | null;
  readonly inputErrors: readonly LayerIssue[];
  /** In topological order. */
  readonly layers: readonly LayerShape[];
  readonly byId: ReadonlyMap<string, LayerShape>;
  /** True when every layer is 'ok'. */
  readonly valid: boolean;
}

const rowWord = (axis: 'height' | 'width', n: number) =>
  axis === 'height' ? (n === 1 ? 'row' : 'rows') : n === 1 ? 'column' : 'columns';

function listIndices(ix: readonly number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < ix.length;) {
    let j = i;
    while (j + 1 < ix.length && ix[j + 1] === ix[j] + 1) j++;
    runs.push(j === i ? `${ix[i]}` : `${ix[i]}–${ix[j]}`);
    i = j + 1;
  }
  return runs.length > 6 ? `${runs.slice(0, 6).join(', ')}, …` : runs.join(', ');
}

/** The substituted formula, e.g. "(7 − 3) / 3 + 1 = 2.33". */
export function outFormula(a: AxisInfo): string {
  const pad = a.padBegin + a.padEnd;
  const padText =
    pad === 0
      ? ''
      : a.padBegin === a.padEnd
        ? ` + 2·${a.padBegin}`
        : ` + ${a.padBegin} + ${a.padEnd}`;
  const span = a.dilation === 1 ? `${a.kernel}` : `${a.span}`;
  const exact = Number.isInteger(a.exactOut) ? `${a.exactOut}` : a.exactOut.toFixed(2);
  return `(${a.size}${padText} − ${span}) / ${a.stride} + 1 = ${exact}`;
}

export function fitWarnings(window: WindowInfo): FitWarning[] {
  const out: FitWarning[] = [];
  for (const axis of ['height', 'width'] as const) {
    const a = axis === 'height' ? window.h : window.w;
    if (a.uncovered.length === 0) continue;
    const lastReach = (a.out - 1) * a.stride - a.padBegin + a.span - 1;
    const trailing = a.uncovered.filter((i) => i > lastReach);
    const gaps = a.uncovered.filter((i) => i <= lastReach);
    const never = (ix: readonly number[]) =>
      `${rowWord(axis, ix.length)} ${listIndices(ix)} of the input ${ix.length === 1 ? 'is' : 'are'} never covered`;
    if (trailing.length > 0) {
      out.push({
        axis,
        kind: 'remainder',
        remainder: a.remainder,
        uncovered: trailing,
        message:
          `stride ${a.stride} doesn't fit the ${axis}: ${outFormula(a)}, floored to ${a.out}; ` +
          `the remainder ${a.remainder} means ${never(trailing)} by the kernel`,
        short: `doesn't fit: ${rowWord(axis, trailing.length)} ${listIndices(trailing)} never covered`,
      });
    }
    if (gaps.length > 0) {
      out.push({
        axis,
        kind: 'gaps',
        remainder: a.remainder,
        uncovered: gaps,
        message: `stride ${a.stride} is longer than the window reaches, so ${never(gaps)}`,
        short: `stride skips ${rowWord(axis, gaps.length)} ${listIndices(gaps)}`,
      });
    }
  }
  return out;
}

const sameShape = (a: Shape, b: Shape) => a.length === b.length && a.every((v, i) => v === b[i]);

function layerOutput(
  layer: Layer,
  ins: readonly Shape[],
): { shape: Shape; window?: WindowInfo } | LayerIssue {
  const x = ins[0];
  const multi = layer.kind === 'add' || layer.kind === 'concat';
  if (!multi && ins.length !== 1) return issue('graph', `takes one input, got ${ins.length}`);
  switch (layer.kind) {
    case 'conv2d': {
      const info = convInfo(layer, x);
      if (isIssue(info)) return info;
      return { shape: [info.batch, info.outChannels, info.h.out, info.w.out], window: info };
    }
    case 'maxPool2d':
    case 'avgPool2d': {
      const info = poolInfo(layer, x);
      if (isIssue(info)) return info;
      return { shape: [info.batch, info.outChannels, info.h.out, info.w.out], window: info };
    }
    case 'globalAvgPool':
      if (x.length !== 4)
        return issue('rank', `global average pooling needs a C×H×W input, got ${fmtShape(x)}`);
      return { shape: [x[0], x[1], 1, 1] };
    case 'batchNorm':
      if (x.length !== 4 && x.length !== 2)
        return issue('rank', `batch norm needs C×H×W or features, got ${fmtShape(x)}`);
      return { shape: x };
    case 'layerNorm':
    case 'activation':
    case 'softmax':
    case 'dropout':
      return { shape: x };
    case 'flatten':
      return { shape: [x[0], x.slice(1).reduce((a, b) => a * b, 1)] };
    case 'linear':
      if (x.length !== 2) {
        return issue(
          'rank',
          `linear needs a flat input, got ${fmtShape(x)}: add a flatten layer before it`,
        );
      }
      return { shape: [x[0], layer.outFeatures] };
    case 'add': {
      if (ins.length < 2) return issue('graph', `add needs at least two inputs, got ${ins.length}`);
      const bad = ins.find((s) => !sameShape(s, x));
      if (bad)
        return issue('mismatch', `add needs equal shapes, got ${fmtShape(x)} and ${fmtShape(bad)}`);
      return { shape: x };
    }
    case 'concat': {
      if (ins.length < 1) return issue('graph', 'concat needs at least one input');
      for (const s of ins) {
        const rest = (t: Shape) => [t[0], ...t.slice(2)];
        if (s.length !== x.length || !sameShape(rest(s), rest(x))) {
          return issue(
            'mismatch',
            `concat joins channels and needs equal spatial sizes, got ${fmtShape(x)} and ${fmtShape(s)}`,
          );
        }
      }
      const c = ins.reduce((sum, s) => sum + s[1], 0);
      return { shape: [x[0], c, ...x.slice(2)] };
    }
  }
}

/** Every problem of a failed layer: all of its own settings', or all its conv window's. */
function allIssues(
  layer: Layer,
  ins: readonly Shape[],
  own: readonly LayerIssue[],
  first: LayerIssue,
): readonly LayerIssue[] {
  if (own.length > 0) return own;
  if (layer.kind === 'conv2d' && ins.length === 1) {
    const all = convIssues(layer, ins[0]);
    if (all[0]?.message === first.message) return all;
  }
  return [first];
}

export function inferShapes(network: Network): Inference {
  const graph = buildGraph(network);
  const { n, c, h, w } = network.input;
  const inputShape: Shape = [n, c, h, w];
  const inputErrors = validateInput(network.input);
  const inputError = inputErrors[0] ?? null;
  const graphProblems = new Map(graph.problems.map((p) => [p.layerId, p.message]));
  const byId = new Map<string, LayerShape>();
  const layers: LayerShape[] = [];
  for (const node of graph.order) {
    const { layer, inputs } = node;
    const base = { id: layer.id, layer, inputs };
    let result: LayerShape;
    const upstream = inputs.map((i) => (i === INPUT_ID ? null : byId.get(i)));
    const blockedBy = inputs.filter((i, k) =>
      i === INPUT_ID ? inputError !== null : upstream[k]?.status !== 'ok',
    );
    const problem = graphProblems.get(layer.id);
    if (problem) {
      const error = issue('graph', problem);
      result = { ...base, status: 'error', inputShapes: [], error, errors: [error] };
    } else if (blockedBy.length > 0) {
      const names = blockedBy.map((b) => (b === INPUT_ID ? 'the input' : `'${b}'`)).join(' and ');
      result = {
        ...base,
        status: 'blocked',
        blockedBy,
        message: `waiting for ${names} to be fixed`,
      };
    } else {
      const inputShapes = upstream.map((u) => (u === null ? inputShape : (u as OkShape).shape));
      const bad = validateLayer(layer);
      const out = bad.length > 0 ? bad[0] : layerOutput(layer, inputShapes);
      result = isIssue(out)
        ? {
            ...base,
            status: 'error',
            inputShapes,
            error: out,
            errors: allIssues(layer, inputShapes, bad, out),
          }
        : {
            ...base,
            status: 'ok',
            inputShapes,
            shape: out.shape,
            window: out.window,
            warnings: out.window ? fitWarnings(out.window) : [],
          };
    }
    byId.set(layer.id, result);
    layers.push(result);
  }
  const valid = inputError === null && layers.every((l) => l.status === 'ok');
  return { graph, inputShape, inputError, inputErrors, layers, byId, valid };
}

/** The ids `target` depends on, itself included, or every layer when target is unset. */
export function dependencies(inference: Inference, target?: string): Set<string> {
  if (target === undefined) return new Set(inference.layers.map((l) => l.id));
  const need = new Set<string>();
  const stack = [target];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === INPUT_ID || need.has(id)) continue;
    const l = inference.byId.get(id);
    if (!l) continue;
    need.add(id);
    stack.push(...l.inputs);
  }
  return need;
}
