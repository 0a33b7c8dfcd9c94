// A network and its parameters → an ONNX model (opset 13, IR 7): one graph input 'input'
// [N, C, H, W] with the batch left free ('N'), one output 'output', every layer the output
// depends on as the nodes exportNodes.ts writes, weights as float32 initializers named
// '<layer id>.<field>'. ONNX Runtime and PyTorch's own importers read it.

import { onnx } from 'onnx-proto';
import { dependencies, inferShapes, type OkShape } from '../infer';
import { INPUT_ID, type Network } from '../layers';
import type { LayerParams } from '../weights';
import { OnnxError } from './errors';
import { GraphBuilder } from './exportGraph';
import { emitLayer } from './exportNodes';

export const EXPORT_OPSET = 13;

export interface OnnxExportOptions {
  /** What the model's doc string calls the network, e.g. a preset's title. */
  readonly title?: string;
}

function valueInfo(name: string, dims: readonly (number | string)[]): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: 1,
        shape: {
          dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })),
        },
      },
    },
  };
}

/**
 * The ONNX bytes of `network` with `params` (by layer id, as the views compute with them).
 * Throws OnnxError when the network does not compute (a layer with a shape error).
 */
export function exportOnnx(
  network: Network,
  params: Readonly<Record<string, LayerParams>>,
  opts: OnnxExportOptions = {},
): Uint8Array {
  const inference = inferShapes(network);
  if (!inference.valid) {
    const bad = inference.layers.find((l) => l.status === 'error');
    const why =
      inference.inputError?.message ??
      (bad?.status === 'error' ? `layer '${bad.id}': ${bad.error.message}` : '');
    throw new OnnxError(`Cannot export to ONNX until the network is valid. ${why}`);
  }
  const layers = inference.layers as readonly OkShape[];
  if (layers.length === 0)
    throw new OnnxError('Cannot export an empty network to ONNX: add a layer first.');
  const output = layers[layers.length - 1];
  const needed = dependencies(inference, output.id);
  const b = new GraphBuilder();
  const valueOf = new Map<string, string>([[INPUT_ID, b.take('input')]]);
  b.take('output');
  for (const ls of layers) {
    if (!needed.has(ls.id)) continue;
    const out = ls === output ? 'output' : b.take(ls.id);
    emitLayer(
      b,
      ls,
      params[ls.id] ?? {},
      ls.inputs.map((i) => valueOf.get(i)!),
      out,
    );
    valueOf.set(ls.id, out);
  }
  const { c, h, w } = network.input;
  const model: onnx.IModelProto = {
    irVersion: 7,
    opsetImport: [{ domain: '', version: EXPORT_OPSET }],
    producerName: 'cnn-visualizer',
    producerVersion: '1',
    docString: `${opts.title ?? 'A CNN'}, exported from the CNN visualizer`,
    graph: {
      name: 'network',
      node: b.nodes,
      initializer: b.initializers,
      input: [valueInfo('input', ['N', c, h, w])],
      output: [valueInfo('output', ['N', ...output.shape.slice(1)])],
    },
  };
  return onnx.ModelProto.encode(model).finish();
}
