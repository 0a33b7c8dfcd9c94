// Files that are not ONNX models, or that try to make the importer allocate or recurse without
// bound, are refused with a sentence — never a crash, a hang or a huge allocation.

import { describe, expect, it } from 'vitest';
import { LIMITS, modelFileRefusal } from '../limits';
import { tryImportOnnx } from './importModel';
import { fixtureBytes } from './testing/fixtures';
import { field, model, node, ramp, tensor, varint } from './testing/build';

const refusal = (bytes: Uint8Array | number[]) => {
  const r = tryImportOnnx(bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes));
  if (r.ok) throw new Error('expected a refusal');
  return r.message;
};

const relu = (extra: Partial<Parameters<typeof model>[0]> = {}) =>
  model({ nodes: [node('Relu', ['input'], ['output'])], ...extra });

describe('not an ONNX file', () => {
  it('a PNG header', () => {
    const png = [
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
    ];
    expect(refusal(png)).toMatch(/not a valid ONNX model/);
  });
  it('JSON text (a network file picked by mistake)', () => {
    expect(refusal(new TextEncoder().encode('{"format":"cnn-visualizer/network"}'))).toMatch(
      /text \(JSON or HTML\?\)/,
    );
  });
  it('an empty file', () => expect(refusal([])).toBe('the file is empty'));
  it('random bytes', () => {
    let s = 7;
    const bytes = Array.from(
      { length: 4096 },
      () => ((s = (s * 1103515245 + 12345) % 2 ** 31) >> 16) & 255,
    );
    expect(refusal(bytes)).toMatch(/not a valid ONNX model|not an ONNX model|IR version/);
  });
  it('valid protobuf that is not a model (no IR version, no graph)', () => {
    expect(refusal([...field(2, [...new TextEncoder().encode('hello')])])).toMatch(
      /not an ONNX model: it has no IR version and no graph/,
    );
  });
  it('protobuf groups (a wire type ONNX never writes)', () => {
    expect(refusal([0x08, 0x07, 0x0b, 0x0c])).toMatch(/wire type group start/);
  });
});

describe('truncated and bombs', () => {
  it('LeNet-5 cut in half: a length past the end', () => {
    const bytes = fixtureBytes('lenet5');
    expect(refusal(bytes.subarray(0, bytes.length >> 1))).toMatch(
      /declares [\d,]+ bytes but only [\d,]+ remain/,
    );
  });
  it('a graph claiming 2 GB in a 10-byte file is refused before anything is allocated', () => {
    const bytes = [0x08, 0x07, ...varint(7 * 8 + 2), ...varint(2 ** 31), 1, 2, 3];
    expect(refusal(bytes)).toMatch(/declares 2,147,483,648 bytes but only 3 remain/);
  });
  it('nesting 1,500 deep (graph → node → attribute → graph …) stops at the nesting limit', () => {
    let inner: number[] = [];
    for (let i = 0; i < 500; i++) inner = field(1, field(5, field(6, inner))); // node → attribute → graph
    const bytes = [0x08, 0x07, ...field(7, inner)];
    expect(refusal(bytes)).toMatch(
      new RegExp(`nests messages more than ${LIMITS.onnxNesting} deep`),
    );
  });
  it(`more than ${LIMITS.onnxNodes} nodes`, () => {
    const empty = field(1, []);
    const graph: number[] = [];
    for (let i = 0; i <= LIMITS.onnxNodes; i++) graph.push(...empty);
    expect(refusal([0x08, 0x07, ...field(7, graph)])).toMatch(/more than 20000 nodes/);
  });
  it('a dims list of a million 64-bit integers', () => {
    const packed = field(1, new Array<number>(1 << 17).fill(1)); // TensorProto.dims, packed
    const bytes = [0x08, 0x07, ...field(7, field(5, packed))];
    expect(refusal(bytes)).toMatch(/bytes of 64-bit integers/);
  });
  it(`a file over ${LIMITS.weightsFileBytes / 1e6} MB (a 2 GB file) is refused by its size alone`, () => {
    expect(modelFileRefusal(2 * 2 ** 30)).toMatch(
      /the file is 2147 MB; the app opens model files up to 600 MB/,
    );
    expect(modelFileRefusal(1000)).toBeNull();
  });
});

describe('tensors and shapes', () => {
  const conv = (weight: ReturnType<typeof tensor>) =>
    model({
      nodes: [node('Conv', ['input', 'w'], ['output'], { kernel_shape: [3, 3] })],
      initializers: [weight],
    });
  it('an initializer claiming 65536 × 65536 values (with no data) is refused by its count', () => {
    expect(refusal(conv({ name: 'w', dims: [65536, 65536, 1, 1], dataType: 1 }))).toMatch(
      /initializer 'w' has shape \[65536, 65536, 1, 1\]: 4,294,967,296 values; the app holds at most 4,194,304/,
    );
  });
  it('a dimension beyond 2^53', () => {
    expect(
      refusal(
        conv({ name: 'w', dims: [{ low: 0, high: 0x7fffffff } as never, 3, 3, 3], dataType: 1 }),
      ),
    ).toMatch(/impossible dimension/);
  });
  it('raw data shorter than the shape says', () => {
    expect(
      refusal(conv({ name: 'w', dims: [2, 3, 3, 3], dataType: 1, rawData: new Uint8Array(12) })),
    ).toMatch(/has shape \[2, 3, 3, 3\] \(216 bytes of float32\) but holds 12 bytes/);
  });
  it('NaN in the weights', () => {
    const w = ramp(54);
    w[5] = NaN;
    expect(refusal(conv(tensor('w', [2, 3, 3, 3], w)))).toMatch(
      /weight holds NaN at position 5; weights must be finite/,
    );
  });
  it('float16 weights', () => {
    expect(
      refusal(conv({ name: 'w', dims: [2, 3, 3, 3], dataType: 10, rawData: new Uint8Array(108) })),
    ).toMatch(/holds float16 values; the app reads float32, float64, int32 and int64/);
  });
  it('weights in an external file', () => {
    const w = {
      name: 'w',
      dims: [2, 3, 3, 3],
      dataType: 1,
      dataLocation: 1,
      externalData: [{ key: 'location', value: 'w.bin' }],
    };
    expect(refusal(conv(w))).toMatch(/keeps its values in an external file/);
  });
  it('an input with a negative or symbolic height, or NaN in a reshape target', () => {
    expect(refusal(relu({ input: [1, 3, -4, 8] }))).toMatch(
      /the input's height is -4; it must be a positive whole number/,
    );
    expect(refusal(relu({ input: [1, 3, 'h', 8] }))).toMatch(
      /the input's height is not fixed \('h'\)/,
    );
    const reshape = model({
      nodes: [node('Reshape', ['input', 'shape'], ['output'])],
      initializers: [tensor('shape', [2], [1, NaN])],
    });
    expect(refusal(reshape)).toMatch(/holds NaN|must hold whole numbers/);
  });
  it('an input larger than the app holds', () => {
    expect(refusal(relu({ input: [1, 3, 5000, 8] }))).toMatch(
      /the input \[1, 3, 5000, 8\]: height: must be at most 1024/,
    );
  });
});

describe('models the app cannot show', () => {
  it('the PyTorch Upsample fixture: Resize is named with the supported list', () => {
    expect(refusal(fixtureBytes('resize_unsupported'))).toMatch(
      /^node '\/up\/Resize' \(Resize\) is not supported; supported: Conv, MaxPool, AveragePool, .*Dropout, Identity/,
    );
  });
  it('opsets outside 7–21', () => {
    expect(refusal(relu({ opset: 6 }))).toMatch(/uses ONNX opset 6; the app reads opsets 7 to 21/);
    expect(refusal(relu({ opset: 22 }))).toMatch(/opset 22/);
  });
  it('a node of another operator set', () => {
    const n = { ...node('FusedConv', ['input'], ['output']), domain: 'com.microsoft' };
    expect(refusal(model({ nodes: [n] }))).toMatch(
      /node 'FusedConv_output' \(FusedConv\) is from the operator set 'com.microsoft'/,
    );
  });
  it('two inputs, or an input that is not an image', () => {
    expect(refusal(relu({ extraInputs: ['mask'] }))).toMatch(/the graph has 2 inputs/);
    expect(refusal(relu({ input: [1, 10] }))).toMatch(/has rank 2; the app reads \[N, C, H, W\]/);
  });
  it('a node reading a value nobody produced', () => {
    expect(refusal(model({ nodes: [node('Relu', ['nowhere'], ['output'])] }))).toMatch(
      /reads 'nowhere', which no earlier node produces/,
    );
  });
  it('a stated output shape that disagrees with the app', () => {
    expect(refusal(relu({ outputDims: ['N', 3, 8, 9] }))).toMatch(
      /the file says its output 'output' is \[N, 3, 8, 9\], the app computes \[1, 3, 8, 8\]/,
    );
  });
});
