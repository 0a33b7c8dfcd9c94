// Dropout's mask, the one definition both backends use: element i of a tensor is kept at
// training step `step` of a layer seeded `seed` when dropoutHash(seed, step, i) ≥ threshold(p),
// where threshold(p) = ⌊p · 2³²⌋, so it is dropped with probability p (to 2⁻³²). Kept values are
// scaled by scale(p) = 1/(1 − p) rounded to float32 (PyTorch's inverted dropout), dropped ones
// multiplied by 0 (a NaN or ±∞ input stays NaN, as x · mask · scale in PyTorch).
// The mask is a pure function of (seed, step, i): nothing is stored between the forward and the
// backward, and the GPU recomputes exactly the same bits (shaders/grad/dropout.wgsl, hash()).
//
// The hash is pcg3d (Jarzynski & Olano, "Hash Functions for GPU Rendering", JCGT 2020): a
// counter-based hash of three 32-bit words whose rounds multiply the words into each other, so
// steps and seeds give unrelated masks (not shifted copies of one another as i + f(step) would),
// followed by a lowbias32 avalanche (C. Wellons) of the three words xor'ed. Integer arithmetic
// mod 2³² only: Math.imul here, u32 wrap-around in WGSL.

const u32 = (v: number) => v >>> 0;

/** lowbias32: a 32-bit avalanche (every input bit flips each output bit with probability ~½). */
function lowbias32(v: number): number {
  let x = u32(v);
  x = u32(Math.imul(x ^ (x >>> 16), 0x7feb352d));
  x = u32(Math.imul(x ^ (x >>> 15), 0x846ca68b));
  return u32(x ^ (x >>> 16));
}

/** The mask hash of element `index` at training step `step` of a layer seeded `seed` (all u32). */
export function dropoutHash(seed: number, step: number, index: number): number {
  let x = u32(Math.imul(seed, 1664525) + 1013904223);
  let y = u32(Math.imul(step, 1664525) + 1013904223);
  let z = u32(Math.imul(index, 1664525) + 1013904223);
  x = u32(x + Math.imul(y, z));
  y = u32(y + Math.imul(z, x));
  z = u32(z + Math.imul(x, y));
  x ^= x >>> 16;
  y ^= y >>> 16;
  z ^= z >>> 16;
  x = u32(x + Math.imul(y, z));
  y = u32(y + Math.imul(z, x));
  z = u32(z + Math.imul(x, y));
  return lowbias32(x ^ y ^ z);
}

/** Hashes at or above this are kept: ⌊p · 2³²⌋ (p in [0, 1): at most 2³² − 1). */
export function dropoutThreshold(p: number): number {
  if (!(p >= 0 && p < 1)) throw new RangeError(`dropout probability must be in [0, 1), got ${p}`);
  return Math.floor(p * 4294967296);
}

/** The kept values' factor 1/(1 − p), as the float32 both backends multiply by. */
export const dropoutScale = (p: number): number => Math.fround(1 / (1 - p));

/** Whether element `index` survives (mask 1) at this seed and step. */
export const dropoutKeeps = (threshold: number, seed: number, step: number, index: number) =>
  dropoutHash(seed, step, index) >= threshold;
