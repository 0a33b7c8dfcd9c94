// A cache key for an explanation: the same network, weights, input, method and options give
// the same key, and a change to any of them a different one (up to a 2 × 32-bit hash
// collision). The network is hashed through its JSON (the app's networks are plain data); the
// weights are named by the caller (a shipped id, or an edit's version), since hashing 60,000
// parameters on every lookup would cost more than some explanations; the input's float32 bits
// are hashed exactly.

export interface ExplainKeyParts {
  readonly network: unknown;
  /** Names one set of parameter values: 'tinyvgg-colors', 'seed 7', 'edit 12'. */
  readonly weights: string;
  readonly input: Float32Array;
  readonly method: string;
  /** The method's options (class, layer, patch size, …), any JSON. */
  readonly options?: unknown;
}

/** Two FNV-1a variants over bytes, as 16 hex digits. */
export function hashBytes(bytes: Uint8Array): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ bytes.length;
  for (let i = 0; i < bytes.length; i++) {
    a = Math.imul(a ^ bytes[i], 0x01000193);
    b = Math.imul(b ^ bytes[i], 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

const text = (s: string) => hashBytes(new TextEncoder().encode(s));

/** JSON with object keys sorted, so { a, b } and { b, a } agree. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

export function explainCacheKey(p: ExplainKeyParts): string {
  const input = new Uint8Array(p.input.buffer, p.input.byteOffset, p.input.byteLength);
  return [
    p.method,
    text(stableJson(p.network)),
    text(p.weights),
    `${p.input.length}.${hashBytes(input)}`,
    text(stableJson(p.options ?? null)),
  ].join(':');
}
