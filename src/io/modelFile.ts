// Browser edge: read a picked or dropped file as bytes (its size checked before any byte is
// read), and tell an ONNX model from a network file (JSON) by its name, else by its first byte.

/** Reads a file as bytes; `refusal` (the size policy) is asked first, and its answer thrown. */
export async function readFileBytes(
  file: File,
  refusal: (byteLength: number) => string | null,
): Promise<Uint8Array> {
  const why = refusal(file.size);
  if (why) throw new Error(why);
  return new Uint8Array(await file.arrayBuffer());
}

export const isOnnxName = (name: string) => /\.onnx$/i.test(name);

/**
 * 'onnx' or 'json': by extension, else by the first byte that is not white space ('{' starts a
 * network file; an ONNX model starts with its IR version field, byte 0x08).
 */
export async function fileKind(file: File): Promise<'onnx' | 'json'> {
  if (isOnnxName(file.name)) return 'onnx';
  if (/\.json$/i.test(file.name)) return 'json';
  const head = new Uint8Array(await file.slice(0, 64).arrayBuffer());
  const first = head.find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
  return first === 0x08 ? 'onnx' : 'json';
}
