// Compute pipelines are created once and cached by a key built from the op and every setting
// that changes the compiled code (override constants, kernel variant). Shader modules likewise.

export class PipelineCache {
  private readonly modules = new Map<string, GPUShaderModule>();
  private readonly pipelines = new Map<string, GPUComputePipeline>();

  constructor(private readonly device: GPUDevice) {}

  module(name: string, code: string): GPUShaderModule {
    let m = this.modules.get(name);
    if (!m) {
      m = this.device.createShaderModule({ label: `${name}.wgsl`, code });
      this.modules.set(name, m);
    }
    return m;
  }

  /**
   * The pipeline for `key` ('conv2d.gemm:tile=64x64:...'): `code` is compiled once per shader
   * name, `constants` fill the shader's `override` declarations.
   */
  pipeline(
    key: string,
    shaderName: string,
    code: string,
    constants: Record<string, number> = {},
    entryPoint = 'main',
  ): GPUComputePipeline {
    let p = this.pipelines.get(key);
    if (!p) {
      p = this.device.createComputePipeline({
        label: key,
        layout: 'auto',
        compute: { module: this.module(shaderName, code), entryPoint, constants },
      });
      this.pipelines.set(key, p);
    }
    return p;
  }

  get size(): number {
    return this.pipelines.size;
  }
}
