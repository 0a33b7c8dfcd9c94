// Export a network as a runnable PyTorch script: `python file.py` builds the model, runs a
// random input through it and prints the output shape and parameter count, each next to the
// value the visualizer expects. Pure string building from the core's own shape inference and
// cost summary, so the script and the visualizer cannot disagree about sizes.

import { networkCost } from './cost';
import { resolvedInputs } from './graph';
import { inferShapes, type Inference, type OkShape } from './infer';
import { INPUT_ID, type Network } from './layers';
import { declare, layerLabel, moduleClassLines } from './pytorchClass';
import { WEIGHTS_LOADER } from './pytorchLoader';
import { layerModules, needsTrueConv, pyShape, TRUE_CONV_CLASS } from './pytorchModules';
import { commentText, pyIdentifier } from './pytorchNames';

export interface PyTorchOptions {
  /**
   * Name of the nn.Module subclass a DAG network becomes (default 'Net'), made a valid Python
   * identifier. A purely sequential network becomes nn.Sequential and ignores it.
   */
  readonly className?: string;
  /** What the header comment calls the network, e.g. a preset's title. */
  readonly title?: string;
}

/** One reason the network cannot be exported, in the core's own words. */
export interface ExportProblem {
  /** The offending layer's id, or 'input' for the input spec. */
  readonly layerId: string;
  readonly message: string;
}

/** The network is invalid (shape or graph errors): exporting it would give code that crashes. */
export class PyTorchExportError extends Error {
  readonly problems: readonly ExportProblem[];

  constructor(problems: readonly ExportProblem[]) {
    const list = problems.map(
      (p) => `${p.layerId === INPUT_ID ? 'the input' : `layer '${p.layerId}'`}: ${p.message}`,
    );
    super(`Cannot export to PyTorch until the network is valid. ${list.join('; ')}`);
    this.name = 'PyTorchExportError';
    this.problems = problems;
  }
}

function problemsOf(inference: Inference): ExportProblem[] {
  const out: ExportProblem[] = [];
  if (inference.inputError) out.push({ layerId: INPUT_ID, message: inference.inputError.message });
  // 'blocked' layers only wait for these: naming them too would repeat the same cause.
  for (const ls of inference.layers) {
    if (ls.status === 'error') out.push({ layerId: ls.id, message: ls.error.message });
  }
  return out;
}

/** Every layer reads the one before it (the first reads the input) and none merges tensors. */
function isSequential(network: Network): boolean {
  return network.layers.every((layer, i) => {
    if (layer.kind === 'add' || layer.kind === 'concat') return false;
    const ins = resolvedInputs(network, i);
    return ins.length === 1 && ins[0] === (i === 0 ? INPUT_ID : network.layers[i - 1].id);
  });
}

/** 61706 → '61,706', the same in every locale (toLocaleString is not). */
const thousands = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** The modules of nn.Sequential in order: a layer's pad module (if any), then its own. */
function sequentialModules(layers: readonly OkShape[]) {
  return layers.flatMap((ls) => {
    const { pad, main } = layerModules(ls);
    return [pad, main].flatMap((m, k) => (m ? [{ ls, spec: m, isMain: k === 1 }] : []));
  });
}

function sequentialLines(layers: readonly OkShape[]): string[] {
  const lines = ['model = nn.Sequential('];
  for (const { ls, spec: m } of sequentialModules(layers)) {
    const note = m.note ? `: ${m.note}` : '';
    lines.push(`    ${m.ctor},  # ${layerLabel(ls)}${note} -> ${pyShape(m.shape)}`);
  }
  lines.push(')');
  return lines;
}

/**
 * Where each layer's module sits in the exported model, as its state_dict prefix: the index in
 * nn.Sequential ('3'), or the attribute of the class ('conv1'). Layers without a module (add,
 * concat) have none. Throws PyTorchExportError as toPyTorch does.
 */
export function modulePaths(network: Network): ReadonlyMap<string, string> {
  const inference = inferShapes(network);
  if (!inference.valid) throw new PyTorchExportError(problemsOf(inference));
  const layers = inference.layers as readonly OkShape[];
  if (isSequential(network))
    return new Map(
      sequentialModules(layers).flatMap((m, i) =>
        m.isMain ? [[m.ls.id, String(i)] as const] : [],
      ),
    );
  return new Map(declare(layers).flatMap((d) => (d.attr ? [[d.ls.id, d.attr] as const] : [])));
}

/** Names the script defines at module level: a class called one of these would shadow it. */
const MODULE_LEVEL = new Set([
  'torch',
  'nn',
  'model',
  'x',
  'p',
  'print',
  'sum',
  'TrueConv2d',
  'os',
  'sys',
  'json',
  'struct',
  'read_safetensors',
  'load_weights',
  'weights_path',
  'weights',
]);

function className(raw: string | undefined): string {
  const name = pyIdentifier(raw ?? 'Net');
  return MODULE_LEVEL.has(name) ? `${name}_` : name;
}

/**
 * Python source for `network`: nn.Sequential when every layer reads the previous one, else an
 * nn.Module subclass with a forward() that wires the graph. Each module line carries the output
 * shape the core infers. Throws PyTorchExportError when the core reports the network invalid.
 */
export function toPyTorch(network: Network, opts: PyTorchOptions = {}): string {
  const inference = inferShapes(network);
  if (!inference.valid) throw new PyTorchExportError(problemsOf(inference));
  const layers = inference.layers as readonly OkShape[];
  const cost = networkCost(inference);
  const output = layers.length > 0 ? layers[layers.length - 1] : null;
  const outShape = output ? output.shape : inference.inputShape;
  const sequential = isSequential(network);
  const title = commentText(opts.title ?? '') || 'A CNN';

  const header = [
    `# ${title}, exported from the CNN visualizer as PyTorch.`,
    `# ${layers.length} layers (${sequential ? 'sequential' : 'a graph with branches'}), ` +
      `${thousands(cost.params)} learnable parameters, input ${pyShape(inference.inputShape)}.`,
  ];
  if (cost.buffers > 0) {
    header.push(
      `# Batch norm also keeps ${thousands(cost.buffers)} running-statistic values: buffers, not parameters.`,
    );
  }
  header.push(
    "# Each comment gives a layer's output shape [N, C, H, W] (or [N, features]) as the visualizer infers it.",
    '# Weights: `python this.py --weights FILE.safetensors`, or a .safetensors file of the same name',
    '# beside this script, is loaded into the model (its state_dict names); without one it stays random.',
    'import json',
    'import os',
    'import struct',
    'import sys',
    '',
    'import torch',
    'from torch import nn',
    '',
  );

  const body = sequential
    ? sequentialLines(layers)
    : ['', ...moduleClassLines(inference, layers, output!.id, className(opts.className))];
  // Defined once, only where a layer needs it; two blank lines around it, as around any class.
  if (network.layers.some(needsTrueConv)) {
    body.unshift('', ...TRUE_CONV_CLASS, '', ...(sequential ? [''] : []));
  }

  const { n, c, h, w } = network.input;
  const main = [
    '',
    '',
    ...WEIGHTS_LOADER,
    '',
    '',
    'if __name__ == "__main__":',
    '    model.eval()  # inference mode: batch norm uses its running statistics, as the visualizer does',
    '    weights = weights_path(sys.argv)',
    '    if weights is not None:',
    '        load_weights(model, weights)',
    `    x = torch.randn(${n}, ${c}, ${h}, ${w})`,
    `    print(model(x).shape)  # expected torch.Size(${pyShape(outShape)})`,
    `    print(sum(p.numel() for p in model.parameters()), "parameters")  # expected ${cost.params}`,
  ];
  return [...header, ...body, ...main].join('\n') + '\n';
}
