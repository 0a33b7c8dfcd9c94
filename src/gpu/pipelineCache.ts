// Compute pipelines are created once and cached by what determines them: the shader module's
// code, the entry point and the override constants. Shader modules are cached by their code, so
// two shaders that happen to share a name never share a module, and one code is compiled once.

import type { ShaderCode } from './shaders';

type Constants = Readonly<Record<string, number>>;

/** The constants in a canonical order, as 'A=1,B=2' (also the label's argument list). */
export const constantsKey = (constants: Constants): string =>
  Object.keys(constants)
    .sort()
    .map((k) => `${k}=${constants[k]}`)
    .join(',');

export class PipelineCache {
  private readonly modules = new Map<
    string,
    { readonly id: number; readonly module: GPUShaderModule }
  >();
  private readonly pipelines = new Map<string, GPUComputePipeline>();

  constructor(private readonly device: GPUDevice) {}

  /** The compiled module of `shader.code`, and its number in this cache (part of pipeline keys). */
  module(shader: ShaderCode): { readonly id: number; readonly module: GPUShaderModule } {
    let m = this.modules.get(shader.code);
    if (!m) {
      const module = this.device.createShaderModule({
        label: `${shader.name}.wgsl`,
        code: shader.code,
      });
      m = { id: this.modules.size, module };
      this.modules.set(shader.code, m);
    }
    return m;
  }

  /** The pipeline of `entryPoint` in `shader` with `constants` filling its `override`s. */
  pipeline(shader: ShaderCode, entryPoint = 'main', constants: Constants = {}): GPUComputePipeline {
    const { id, module } = this.module(shader);
    const args = constantsKey(constants);
    const key = `${id}:${entryPoint}:${args}`;
    let p = this.pipelines.get(key);
    if (!p) {
      p = this.device.createComputePipeline({
        label: `${shader.name}.${entryPoint}(${args})`,
        layout: 'auto',
        compute: { module, entryPoint, constants: { ...constants } },
      });
      this.pipelines.set(key, p);
    }
    return p;
  }

  get size(): number {
    return this.pipelines.size;
  }

  get moduleCount(): number {
    return this.modules.size;
  }
}
