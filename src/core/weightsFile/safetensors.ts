// The safetensors container (Hugging Face's format: an 8-byte little-endian header length, a JSON
// header naming each tensor's dtype, shape and byte range, then the raw little-endian data). The
// project ships its trained weights in it and the PyTorch export's sidecar uses it, because any
// Python can read it with json + struct (no extra package) and the `safetensors` package reads
// it natively. Only float32 is written; float32 and float64 are read. Pure: bytes in, bytes out.

import { LIMITS } from '../limits';

export interface NamedTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

export interface SafetensorsFile {
  readonly tensors: readonly NamedTensor[];
  /** The header's __metadata__: string keys and values (provenance, accuracy, ...). */
  readonly metadata: Readonly<Record<string, string>>;
}

export class SafetensorsError extends Error {
  override readonly name = 'SafetensorsError';
}

const count = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

export function encodeSafetensors(
  tensors: readonly NamedTensor[],
  metadata: Readonly<Record<string, string>> = {},
): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = { ...metadata };
  let offset = 0;
  const seen = new Set<string>();
  for (const t of tensors) {
    if (seen.has(t.name) || t.name === '__metadata__')
      throw new SafetensorsError(`tensor name '${t.name}' is used twice or reserved`);
    seen.add(t.name);
    if (count(t.shape) !== t.data.length)
      throw new SafetensorsError(
        `tensor '${t.name}' has ${t.data.length} values but shape [${t.shape.join(', ')}]`,
      );
    header[t.name] = {
      dtype: 'F32',
      shape: [...t.shape],
      data_offsets: [offset, offset + t.data.length * 4],
    };
    offset += t.data.length * 4;
  }
  // The header is padded with spaces to a multiple of 8 bytes, so the data starts aligned.
  let json = JSON.stringify(header);
  while ((json.length + 8) % 8 !== 0) json += ' ';
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerBytes.length, true);
  view.setUint32(4, 0, true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const t of tensors) {
    for (let i = 0; i < t.data.length; i++) view.setFloat32(at + i * 4, t.data[i], true);
    at += t.data.length * 4;
  }
  return out;
}

interface HeaderEntry {
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly data_offsets: readonly [number, number];
}

const isEntry = (e: unknown): e is HeaderEntry => {
  if (typeof e !== 'object' || e === null) return false;
  const r = e as Record<string, unknown>;
  return (
    typeof r.dtype === 'string' &&
    Array.isArray(r.shape) &&
    r.shape.every((d) => Number.isSafeInteger(d) && d >= 0) &&
    Array.isArray(r.data_offsets) &&
    r.data_offsets.length === 2 &&
    r.data_offsets.every((d) => Number.isSafeInteger(d) && d >= 0)
  );
};

const BYTES: Record<string, number> = { F32: 4, F64: 8 };

/** Reads a safetensors file; anything malformed or over the limits is refused in words. */
export function decodeSafetensors(bytes: Uint8Array): SafetensorsFile {
  if (bytes.length > LIMITS.weightsFileBytes)
    throw new SafetensorsError(
      `the weights file is ${bytes.length} bytes; at most ${LIMITS.weightsFileBytes} are read`,
    );
  if (bytes.length < 8)
    throw new SafetensorsError('the weights file is too short to hold a header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  if (headerLength > Math.min(bytes.length - 8, 16 * 1024 * 1024))
    throw new SafetensorsError(
      `the weights file declares a ${headerLength}-byte header but holds ${bytes.length - 8} bytes`,
    );
  let header: unknown;
  try {
    header = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength)),
    );
  } catch {
    throw new SafetensorsError(
      'the weights file header is not valid JSON: is it a safetensors file?',
    );
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header))
    throw new SafetensorsError('the weights file header is not a JSON object');
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  const metadata: Record<string, string> = {};
  const tensors: NamedTensor[] = [];
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') {
      if (typeof entry === 'object' && entry !== null)
        for (const [k, v] of Object.entries(entry)) if (typeof v === 'string') metadata[k] = v;
      continue;
    }
    if (!isEntry(entry))
      throw new SafetensorsError(`tensor '${name}' has a malformed header entry`);
    const size = BYTES[entry.dtype];
    if (!size)
      throw new SafetensorsError(`tensor '${name}' is ${entry.dtype}; only F32 and F64 are read`);
    const [from, to] = entry.data_offsets;
    const n = count(entry.shape);
    if (to < from || to > dataLength || to - from !== n * size)
      throw new SafetensorsError(
        `tensor '${name}' claims bytes ${from}–${to} for shape [${entry.shape.join(', ')}] in ${dataLength} bytes of data`,
      );
    const data = new Float32Array(n);
    const at = dataStart + from;
    for (let i = 0; i < n; i++)
      data[i] = size === 4 ? view.getFloat32(at + i * 4, true) : view.getFloat64(at + i * 8, true);
    tensors.push({ name, shape: entry.shape, data });
  }
  return { tensors, metadata };
}
