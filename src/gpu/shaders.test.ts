// Every program's uniform layout against its shader's `struct Params`: field names (camelCase in
// TypeScript, snake_case in WGSL), types and order, parsed from the WGSL the program compiles.
// Programs are found by globbing src/gpu/programs/ and its subfolders (optim/, grad/), and every
// shader file that declares a `struct Params` (shaders/ and its subfolders) must belong to one of
// them, so a new program cannot slip past the check.

import { describe, expect, it } from 'vitest';
import type { Shader } from './shaders';

const programs = import.meta.glob<Record<string, unknown>>(
  ['./programs/**/*.ts', '!./programs/**/*.test.ts'],
  { eager: true },
);
const shaderFiles = import.meta.glob<string>('../../shaders/**/*.wgsl', {
  eager: true,
  query: '?raw',
  import: 'default',
});

const isShader = (v: unknown): v is Shader =>
  typeof v === 'object' && v !== null && 'code' in v && 'params' in v && 'name' in v;

const shaders: Shader[] = Object.values(programs).flatMap((m) => Object.values(m).filter(isShader));

/** [name, type] of each field of `struct <name>` in `code`, comments dropped. */
function wgslStruct(code: string, name: string): [string, string][] | null {
  const bare = code.replace(/\/\/[^\n]*/g, '');
  const m = new RegExp(`struct\\s+${name}\\s*\\{([^}]*)\\}`).exec(bare);
  if (!m) return null;
  return m[1]
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean)
    .map((f) => {
      const [field, type] = f.split(':').map((t) => t.trim());
      return [field, type.replace(/^vec([234])<([uif])32>$/, 'vec$1$2')];
    });
}

const snake = (camel: string) => camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

describe('uniform layouts match the WGSL structs', () => {
  it('the struct parser reads names and types, in order, past comments and vec<T> spellings', () => {
    const code =
      'struct Params {\n  a: u32, // count\n  b_c: vec2<f32>, d: vec4i,\n}\nstruct X { y: f32 }';
    expect(wgslStruct(code, 'Params')).toEqual([
      ['a', 'u32'],
      ['b_c', 'vec2f'],
      ['d', 'vec4i'],
    ]);
  });

  it('finds a shader in every program module that has a uniform', () => {
    expect(shaders.map((s) => s.name).sort()).toEqual(
      expect.arrayContaining([
        'activation',
        'add',
        'conv2d',
        'linear',
        'pool2d',
        'softmax',
        'grad/conv2d',
        'grad/linear',
      ]),
    );
  });

  it.each(shaders.map((s) => [s.name, s] as const))(
    '%s: Params fields, types and order',
    (_, s) => {
      const wgsl = wgslStruct(s.code, 'Params');
      expect(wgsl, `${s.name}: no struct Params in its code`).not.toBeNull();
      expect(s.params.fields.map(([n, t]) => [snake(n), t])).toEqual(wgsl);
    },
  );

  it.each(Object.entries(shaderFiles).map(([path, code]) => [path, code] as const))(
    '%s: a struct Params here is checked through some program',
    (path, code) => {
      if (!wgslStruct(code, 'Params')) return;
      expect(
        shaders.some((s) => s.code.includes(code)),
        `${path} has no program`,
      ).toBe(true);
    },
  );
});
