// A walk over an ONNX file's protobuf wire format before anything is decoded. protobufjs trusts
// what it reads: it recurses into nested messages without a limit (a file nested 100,000 deep
// overflows the stack), and it builds one object per repeated entry. This walk reads only tags
// and lengths, with the schema's message fields below, and refuses in words a length past the
// end of its message, a wire type ONNX never writes, nesting deeper than LIMITS.onnxNesting or
// more nodes than LIMITS.onnxNodes — so the decoder only ever sees a well-formed, bounded file.

import { LIMITS } from '../limits';
import { OnnxError } from './errors';

/** Field number → the message type it holds, per message (onnx.proto; onnx-proto 8.0.1). */
const MESSAGES: Readonly<Record<string, Readonly<Record<number, string>>>> = {
  ModelProto: {
    7: 'GraphProto',
    8: 'Leaf',
    14: 'Leaf',
    20: 'TrainingInfoProto',
    25: 'FunctionProto',
  },
  GraphProto: {
    1: 'NodeProto',
    5: 'TensorProto',
    11: 'ValueInfoProto',
    12: 'ValueInfoProto',
    13: 'ValueInfoProto',
    14: 'TensorAnnotation',
    15: 'SparseTensorProto',
  },
  NodeProto: { 5: 'AttributeProto' },
  AttributeProto: {
    5: 'TensorProto',
    6: 'GraphProto',
    10: 'TensorProto',
    11: 'GraphProto',
    14: 'TypeProto',
    15: 'TypeProto',
    22: 'SparseTensorProto',
    23: 'SparseTensorProto',
  },
  TensorProto: { 3: 'Leaf', 13: 'Leaf' },
  SparseTensorProto: { 1: 'TensorProto', 2: 'TensorProto' },
  ValueInfoProto: { 2: 'TypeProto' },
  TypeProto: { 1: 'TypeTensor', 4: 'TypeElem', 5: 'TypeMap', 8: 'TypeTensor', 9: 'TypeElem' },
  TypeTensor: { 2: 'TensorShapeProto' },
  TypeElem: { 1: 'TypeProto' },
  TypeMap: { 2: 'TypeProto' },
  TensorShapeProto: { 1: 'Leaf' },
  TensorAnnotation: { 2: 'Leaf' },
  TrainingInfoProto: { 1: 'GraphProto', 2: 'GraphProto', 3: 'Leaf', 4: 'Leaf' },
  FunctionProto: { 7: 'NodeProto', 9: 'Leaf' },
  /** Messages without message fields (OperatorSetId, StringStringEntry, Segment, Dimension). */
  Leaf: {},
};

/**
 * Packed repeated 64-bit integers that protobufjs turns into one object per value (Long): dims,
 * int64_data, uint64_data of a tensor and an attribute's ints. Shapes and attribute lists are
 * short; this many bytes is far beyond any of them.
 */
const PACKED_INT64_BYTES = 1 << 16;
const PACKED_INT64: Readonly<Record<string, readonly number[]>> = {
  TensorProto: [1, 7, 11],
  AttributeProto: [8],
};

/**
 * Messages in one file: each becomes an object in the decoder. A node with its attributes is
 * about ten; a value's type about six.
 */
const MAX_MESSAGES = 100 * LIMITS.onnxNodes;

const WIRE_NAMES = ['varint', '64-bit', 'length-delimited', 'group start', 'group end', '32-bit'];

class Cursor {
  at = 0;
  messages = 0;
  nodes = 0;
  constructor(readonly bytes: Uint8Array) {}

  /** A varint as a number (exact up to 2^53; larger values only ever fail a bounds check). */
  varint(end: number): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.at >= end) throw corrupt('a number runs past the end of its message');
      const b = this.bytes[this.at++];
      value += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return value;
      scale *= 128;
    }
    throw corrupt('a number is longer than 10 bytes');
  }
}

const corrupt = (what: string) =>
  new OnnxError(`the file is not a valid ONNX model (${what}): is it truncated or not ONNX?`);

function walk(c: Cursor, type: string, end: number, depth: number): void {
  if (depth > LIMITS.onnxNesting)
    throw new OnnxError(
      `the file nests messages more than ${LIMITS.onnxNesting} deep; an ONNX model needs about 8 (a protobuf bomb?)`,
    );
  if (++c.messages > MAX_MESSAGES)
    throw new OnnxError(
      `the file holds more than ${MAX_MESSAGES.toLocaleString('en-US')} protobuf messages; a model the app can show needs far fewer`,
    );
  const fields = MESSAGES[type];
  while (c.at < end) {
    const tag = c.varint(end);
    const field = Math.floor(tag / 8);
    const wire = tag % 8;
    if (field === 0) throw corrupt('a field numbered 0');
    switch (wire) {
      case 0:
        c.varint(end);
        break;
      case 1:
      case 5: {
        const size = wire === 1 ? 8 : 4;
        if (c.at + size > end) throw corrupt('a fixed-size value runs past the end');
        c.at += size;
        break;
      }
      case 2: {
        const length = c.varint(end);
        if (length > end - c.at)
          throw new OnnxError(
            `the file is not a valid ONNX model: a ${type} field declares ${length.toLocaleString('en-US')} bytes but only ${(end - c.at).toLocaleString('en-US')} remain (truncated, or a protobuf bomb)`,
          );
        const sub = fields[field];
        if (PACKED_INT64[type]?.includes(field) && length > PACKED_INT64_BYTES)
          throw new OnnxError(
            `the file holds a list of ${length.toLocaleString('en-US')} bytes of 64-bit integers in a ${type}; shapes and settings need a few`,
          );
        if (sub) {
          if (type === 'GraphProto' && field === 1 && ++c.nodes > LIMITS.onnxNodes)
            throw new OnnxError(`the model has more than ${LIMITS.onnxNodes} nodes`);
          walk(c, sub, c.at + length, depth + 1);
        } else {
          c.at += length;
        }
        break;
      }
      default:
        throw corrupt(`wire type ${WIRE_NAMES[wire] ?? wire}, which ONNX never writes`);
    }
  }
  if (c.at !== end) throw corrupt('a message runs past its declared end');
}

/**
 * Checks that `bytes` is a well-formed ModelProto within the limits; throws OnnxError naming the
 * problem otherwise. Reads tags and lengths only: no allocation proportional to the file.
 */
export function checkWire(bytes: Uint8Array): void {
  walk(new Cursor(bytes), 'ModelProto', bytes.length, 1);
}
