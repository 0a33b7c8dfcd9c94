// Bytes → a checked ONNX ModelProto: the size first, then the wire walk (wire.ts), then
// protobufjs, then what the model declares about itself (IR version, operator sets, one graph).

import { onnx } from 'onnx-proto';
import { modelFileRefusal } from '../limits';
import { OnnxError } from './errors';
import { int64, type Int64 } from './tensors';
import { checkWire } from './wire';

/** The default ONNX operator set versions this importer reads (ai.onnx, 'opset'). */
export const OPSET_RANGE = { min: 7, max: 21 } as const;

/** The newest IR version read (ONNX 1.18 writes 11). */
const IR_MAX = 11;

export interface DecodedModel {
  readonly model: onnx.ModelProto;
  readonly graph: onnx.IGraphProto;
  /** The default domain's opset version. */
  readonly opset: number;
}

const isDefaultDomain = (d: string | null | undefined) => !d || d === 'ai.onnx';

export function decodeModel(bytes: Uint8Array): DecodedModel {
  const size = modelFileRefusal(bytes.length);
  if (size) throw new OnnxError(size);
  // A JSON or text file picked by mistake: say so rather than "wire type ...".
  if (bytes[0] === 0x7b || bytes[0] === 0x3c)
    throw new OnnxError('the file is text (JSON or HTML?), not an ONNX model');
  checkWire(bytes);
  let model: onnx.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new OnnxError(
      `the file is not a valid ONNX model (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  const ir = int64(model.irVersion as Int64);
  if (ir < 3 || ir > IR_MAX || !model.graph)
    throw new OnnxError(
      ir === 0 && !model.graph
        ? 'the file is not an ONNX model: it has no IR version and no graph'
        : `the file declares ONNX IR version ${ir}${model.graph ? '' : ' and has no graph'}; the app reads IR versions 3 to ${IR_MAX} with one graph`,
    );
  const sets = model.opsetImport ?? [];
  const main = sets.find((s) => isDefaultDomain(s.domain));
  // IR 3 files without an opset_import mean opset 1 — far older than anything read here.
  const opset = main ? int64(main.version as Int64) : 1;
  if (opset < OPSET_RANGE.min || opset > OPSET_RANGE.max)
    throw new OnnxError(
      `the model uses ONNX opset ${opset}; the app reads opsets ${OPSET_RANGE.min} to ${OPSET_RANGE.max}`,
    );
  if ((model.functions?.length ?? 0) > 0)
    throw new OnnxError('the model defines its own functions, which the app does not read');
  return { model, graph: model.graph, opset };
}
