import { describe, expect, it } from 'vitest';
import { uniformLayout } from './uniforms';

describe('uniformLayout (WGSL alignment)', () => {
  it('u32, vec2u, f32, vec4f → offsets 0, 8, 16, 32; size 48', () => {
    const l = uniformLayout([
      ['a', 'u32'],
      ['b', 'vec2u'],
      ['c', 'f32'],
      ['d', 'vec4f'],
    ] as const);
    expect(l.offsets).toEqual({ a: 0, b: 8, c: 16, d: 32 });
    expect(l.size).toBe(48);
  });
  it('three scalars → 12 bytes rounded to the 16-byte minimum; values land little-endian', () => {
    const l = uniformLayout([
      ['x', 'u32'],
      ['y', 'i32'],
      ['z', 'f32'],
    ] as const);
    expect(l.size).toBe(16);
    const v = new DataView(l.pack({ x: 7, y: -2, z: 0.5 }));
    expect([v.getUint32(0, true), v.getInt32(4, true), v.getFloat32(8, true)]).toEqual([
      7, -2, 0.5,
    ]);
  });
  it('a vector given the wrong number of values is refused', () => {
    const l = uniformLayout([['v', 'vec2u']] as const);
    expect(() => l.pack({ v: [1] })).toThrow(/needs 2 values/);
  });
});
