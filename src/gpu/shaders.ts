// WGSL lives in shaders/ and each program imports its own file with `?raw`. The helpers in
// shaders/common/index.wgsl and nan.wgsl are prepended to every shader (WGSL has no include;
// unused functions cost nothing); a program lists the other common files it needs itself.

import indexWGSL from '../../shaders/common/index.wgsl?raw';
import nanWGSL from '../../shaders/common/nan.wgsl?raw';
import type { UniformLayout } from './uniforms';

const COMMON = `${indexWGSL}\n${nanWGSL}\n`;

/** A shader module's source: what the pipeline cache compiles and keys pipelines by. */
export interface ShaderCode {
  /** The op's file stem ('conv2d'), for labels only: modules are cached by their code. */
  readonly name: string;
  /** The whole module: common helpers, then the op's WGSL. */
  readonly code: string;
}

/**
 * A program's shader: its code and the layout of its `struct Params` uniform. Every program
 * module exports one as SHADER; shaders.test.ts parses the struct out of the code and checks
 * the layout's field names, types and order against it.
 */
export interface Shader<K extends string = string> extends ShaderCode {
  readonly params: UniformLayout<K>;
}

/** The module `name` made of the common helpers and `parts` (the op's WGSL last). */
export function shader<K extends string>(
  name: string,
  parts: readonly string[],
  params: UniformLayout<K>,
): Shader<K> {
  return { name, code: COMMON + parts.join('\n'), params };
}
