// Every limit of the app, in one place. The editor, the store's actions, the link and file
// schema (share/networkSchema.ts), the CPU preview's budget and the GPU guard all read these, so
// what the editor can store is exactly what a link or a file can carry back.
// They are generous for teaching (every preset fits with room to spare) and small enough that a
// hostile link cannot make the page allocate gigabytes or hang: a 10^9-channel layer is refused
// before any tensor exists.

export const LIMITS = {
  /** Layers in one network (GoogLeNet has 197). */
  layers: 512,
  /** Input batch a network on screen (and a link) may have, channels and side length. */
  batch: 8,
  /** Batch the engine computes (training batches, benchmarks); memory guards still apply. */
  engineBatch: 1024,
  inputChannels: 64,
  inputSide: 1024,
  /** Conv output channels and groups. */
  channels: 4096,
  /** Linear output features (VGG's classifier has 4096). */
  features: 16384,
  /** Kernel, stride, padding and dilation per axis. */
  window: 64,
  /** Characters in a layer id and a layer name. */
  idLength: 64,
  nameLength: 80,
  /** Class names a network file carries (ImageNet's 1,000 fit; core/prediction MAX_CLASSES). */
  classNames: 1000,
  /** Numbers in one hand-set parameter array or typed input. */
  arrayLength: 1 << 22,
  /**
   * Numbers (hand-set values, typed input) a link carries; larger hand-set arrays go in the
   * network file (share/linkBudget.ts). 50,000 numbers make a link of roughly 300 k characters.
   */
  linkNumbers: 50_000,
  /** A shared link's query string, in characters. */
  queryLength: 2_000_000,
  /** A link's network document once decompressed, in characters (stops decompression bombs). */
  documentChars: 16_000_000,
  /** Values in the input tensor, N × C × H × W (8 × 3 × 1024 × 1024 fits). */
  inputValues: 1 << 25,
  /** Multiply-accumulates of a forward pass (VGG-16 needs 1.5 × 10^10). */
  macs: 5e10,
  /** Activations of a whole forward pass, in bytes (ResNet-50 at 224×224 needs 150 MB). */
  activationBytes: 1e9,
  /** Learnable parameters (VGG-16 has 138 M). */
  params: 2e8,
  /** Batch/layer norm epsilon. */
  eps: 1,
  /** Dropout probability, at most (p = 1 would zero everything and divide by 0). */
  dropout: 0.99,
  /** Leaky ReLU slope, either sign. */
  alpha: 10,
  /** Inputs of one add/concat layer. */
  layerInputs: 64,
  /** Weight-initialization seeds are whole numbers in [0, seedMax]. */
  seedMax: 2 ** 31,
  /** Typed (numeric-mode) input: at most this many rows and columns per channel… */
  numericSide: 16,
  /** …and this many channels. */
  numericChannels: 4,
  /** The CPU preview makes each layer's weights on demand; one layer may hold at most this many. */
  cpuLayerWeights: 40_000_000,
  /**
   * The prediction panel computes the whole network on every change up to this many
   * multiply-accumulates (AlexNet's 0.7 G fits, GoogLeNet's 1.5 G and VGG-16's 15.5 G wait for
   * its button): the maps of the selected layer must not wait seconds for it.
   */
  autoPredictMacs: 1e9,
  /** GPU memory one network may hold (weights + activations), bytes. */
  gpuMemoryBytes: 1.5 * 2 ** 30,
  /** A weights file (safetensors) or model file (ONNX) opened in the app, bytes (VGG-16 is 553 MB). */
  weightsFileBytes: 600_000_000,
  /** Your own image (file, drop, paste): bytes of the file, refused before it is read… */
  ownImageBytes: 25 * 2 ** 20,
  /** …and decoded pixels (width × height), refused from the header where it names them. */
  ownImagePixels: 40_000_000,
  /** A decoded own image is kept at most this many pixels on its longer side (16 MB of RGBA). */
  ownImageSide: 2048,
  /** Nodes in an imported ONNX graph, shape-arithmetic constants included (GoogLeNet needs ~300). */
  onnxNodes: 20_000,
  /** Protobuf messages nested inside one another in an ONNX file (a plain model needs 8). */
  onnxNesting: 16,
} as const;

/** Why a weights or model file of this many bytes is not read, or null (asked before reading). */
export function modelFileRefusal(byteLength: number): string | null {
  if (byteLength > LIMITS.weightsFileBytes)
    return `the file is ${(byteLength / 1e6).toFixed(0)} MB; the app opens model files up to ${LIMITS.weightsFileBytes / 1e6} MB`;
  if (byteLength === 0) return 'the file is empty';
  return null;
}

/** Whether typed (numeric-mode) input can hold an input of this size. */
export const fitsNumeric = (spec: { readonly c: number; readonly h: number; readonly w: number }) =>
  spec.h <= LIMITS.numericSide && spec.w <= LIMITS.numericSide && spec.c <= LIMITS.numericChannels;

/** Layer ids: letters, digits and _ . - / (ids appear in URLs and as Python attribute sources). */
export const ID_PATTERN = /^[A-Za-z0-9_.\-/]+$/;

/** Names: printable text without markup or control characters. */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
export const NAME_PATTERN = /^[^<>`\u0000-\u001f\u007f]*$/;
