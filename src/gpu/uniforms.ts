// Uniform structs packed by WGSL's alignment rules (WGSL spec, "Alignment and Size"):
// scalars align to 4, vec2 to 8, vec3/vec4 to 16; the struct's size rounds up to its largest
// alignment. A program declares its fields once, in the same order as its WGSL struct.

export type UniformType =
  'u32' | 'i32' | 'f32' | 'vec2u' | 'vec2i' | 'vec2f' | 'vec4u' | 'vec4i' | 'vec4f';

const INFO: Record<UniformType, { align: number; size: number; kind: 'u' | 'i' | 'f' }> = {
  u32: { align: 4, size: 4, kind: 'u' },
  i32: { align: 4, size: 4, kind: 'i' },
  f32: { align: 4, size: 4, kind: 'f' },
  vec2u: { align: 8, size: 8, kind: 'u' },
  vec2i: { align: 8, size: 8, kind: 'i' },
  vec2f: { align: 8, size: 8, kind: 'f' },
  vec4u: { align: 16, size: 16, kind: 'u' },
  vec4i: { align: 16, size: 16, kind: 'i' },
  vec4f: { align: 16, size: 16, kind: 'f' },
};

export interface UniformLayout<K extends string> {
  readonly fields: readonly (readonly [K, UniformType])[];
  /** Byte offset of each field. */
  readonly offsets: Readonly<Record<K, number>>;
  /** Struct size in bytes (a multiple of its alignment, at least 16 for a uniform buffer). */
  readonly size: number;
  /** Packs values (numbers, or arrays for vectors) into a buffer of `size` bytes. */
  pack(values: Readonly<Record<K, number | readonly number[]>>): ArrayBuffer;
}

const roundUp = (n: number, a: number) => Math.ceil(n / a) * a;

export function uniformLayout<K extends string>(
  fields: readonly (readonly [K, UniformType])[],
): UniformLayout<K> {
  let offset = 0;
  let maxAlign = 4;
  const offsets = {} as Record<K, number>;
  for (const [name, type] of fields) {
    const { align, size } = INFO[type];
    offset = roundUp(offset, align);
    offsets[name] = offset;
    offset += size;
    maxAlign = Math.max(maxAlign, align);
  }
  const size = Math.max(16, roundUp(offset, maxAlign));
  const pack = (values: Readonly<Record<K, number | readonly number[]>>): ArrayBuffer => {
    const buf = new ArrayBuffer(size);
    const view = new DataView(buf);
    for (const [name, type] of fields) {
      const v = values[name];
      const list: readonly number[] = typeof v === 'number' ? [v] : (v as readonly number[]);
      const { kind, size: bytes } = INFO[type];
      if (list.length !== bytes / 4)
        throw new RangeError(
          `uniform '${name}' (${type}) needs ${bytes / 4} values, got ${list.length}`,
        );
      list.forEach((x, i) => {
        const at = offsets[name] + i * 4;
        if (kind === 'f') view.setFloat32(at, x, true);
        else if (kind === 'i') view.setInt32(at, x, true);
        else view.setUint32(at, x, true);
      });
    }
    return buf;
  };
  return { fields, offsets, size, pack };
}
