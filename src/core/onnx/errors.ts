// The one error type of ONNX import and export: its message is a sentence for the student
// ("node 'Resize_12' (Resize) is not supported; supported: ..."), shown as it is.

export class OnnxError extends Error {
  override readonly name = 'OnnxError';
}

/** What a node is called in messages: "node 'Conv_3' (Conv)". */
export const nodeLabel = (node: {
  readonly name?: string | null;
  readonly opType?: string | null;
}) => `node '${node.name || '(unnamed)'}' (${node.opType || 'no op type'})`;
