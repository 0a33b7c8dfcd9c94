// Test support for the PyTorch export: reading the emitted code back (shape comments, module
// lines, the expected values of the main block) and what the core says each module and each
// call of forward() should be, to hold against what real PyTorch reports (testing/torch.ts).

import { networkCost } from '../cost';
import { dependencies, inferShapes, type OkShape } from '../infer';
import type { Network } from '../layers';
import { layerModules } from '../pytorchModules';

/** The code part of a line (before the comment) and the comment text. */
export function splitComment(line: string): { code: string; comment: string | null } {
  const at = line.indexOf('#');
  return at < 0
    ? { code: line, comment: null }
    : { code: line.slice(0, at).trimEnd(), comment: line.slice(at + 1).trim() };
}

/** The `-> [1, 6, 28, 28]` shape at the end of a comment, or null. */
export function commentShape(line: string): number[] | null {
  const m = /-> \[([\d, ]+)\]$/.exec(splitComment(line).comment ?? '');
  return m ? m[1].split(', ').map(Number) : null;
}

/** The lines between `start` (exclusive) and the first line matching `end` (exclusive). */
function between(code: string, start: RegExp, end: RegExp): string[] {
  const lines = code.split('\n');
  const from = lines.findIndex((l) => start.test(l));
  if (from < 0) return [];
  const to = lines.findIndex((l, i) => i > from && end.test(l));
  return lines.slice(from + 1, to);
}

/** The entries of `model = nn.Sequential(...)`, one module per line. */
export const sequentialEntries = (code: string) =>
  between(code, /^model = nn\.Sequential\($/, /^\)$/);

/** The statements of forward(), without the return. */
export const forwardStatements = (code: string) =>
  between(code, /^ {4}def forward\(self, x\):$/, /^ {8}return /);

/** The `self.name = nn.X(...)` lines of __init__. */
export const initLines = (code: string) =>
  between(code, /^ {4}def __init__\(self\):$/, /^$/).filter((l) => l.includes('self.'));

/** The shape comments of the model's statements: Sequential entries or forward() lines. */
export function commentShapes(code: string): (number[] | null)[] {
  const seq = sequentialEntries(code);
  const lines = seq.length > 0 || code.includes('nn.Sequential(') ? seq : forwardStatements(code);
  return lines.map(commentShape);
}

/** The two expected values of the main block: output shape and parameter total. */
export function expectedValues(code: string): { shape: number[]; params: number } {
  const shape = /# expected torch\.Size\(\[([\d, ]+)\]\)/.exec(code);
  const params = /"parameters"\)\s+# expected (\d+)/.exec(code);
  if (!shape || !params) throw new Error('no expected values in the main block');
  return { shape: shape[1].split(', ').map(Number), params: Number(params[1]) };
}

/** One module or call, named by the layer it belongs to. */
export interface Expected {
  readonly id: string;
  readonly shape: readonly number[];
}

const okLayers = (network: Network) => {
  const inference = inferShapes(network);
  if (!inference.valid) throw new Error('the network is not valid');
  return { inference, layers: inference.layers as readonly OkShape[] };
};

/**
 * What the core says forward() computes, in order: per layer the output shape, after the padded
 * input where an explicit pad module runs first; only the layers the output depends on.
 */
export function expectedCalls(network: Network): Expected[] {
  const { inference, layers } = okLayers(network);
  const last = layers.at(-1);
  const needed = dependencies(inference, last?.id);
  return layers
    .filter((ls) => needed.has(ls.id))
    .flatMap((ls) => {
      const { pad } = layerModules(ls);
      const out = { id: ls.id, shape: ls.shape };
      return pad ? [{ id: `${ls.id} (pad)`, shape: pad.shape }, out] : [out];
    });
}

/** Leaf modules the script should declare, in order: class name and cost.ts's parameters. */
export function expectedModules(network: Network): { id: string; type: string; params: number }[] {
  const { inference, layers } = okLayers(network);
  const cost = networkCost(inference);
  const type = (ctor: string) => /^(?:nn\.)?(\w+)\(/.exec(ctor)![1];
  return layers.flatMap((ls) => {
    const { pad, main } = layerModules(ls);
    return [
      ...(pad ? [{ id: `${ls.id} (pad)`, type: type(pad.ctor), params: 0 }] : []),
      ...(main
        ? [{ id: ls.id, type: type(main.ctor), params: cost.layers.get(ls.id)!.params }]
        : []),
    ];
  });
}
