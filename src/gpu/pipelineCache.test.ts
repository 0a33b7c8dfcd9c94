// The pipeline cache keys pipelines by (shader code, entry point, constants) and modules by code,
// checked against a counting stand-in for the device (no GPU needed).

import { describe, expect, it } from 'vitest';
import { constantsKey, PipelineCache } from './pipelineCache';

function fakeDevice() {
  const made = { modules: [] as string[], pipelines: [] as string[] };
  const device = {
    createShaderModule: ({ code }: { code: string }) => {
      made.modules.push(code);
      return { code } as unknown as GPUShaderModule;
    },
    createComputePipeline: (d: GPUComputePipelineDescriptor) => {
      made.pipelines.push(d.label ?? '');
      return { label: d.label } as unknown as GPUComputePipeline;
    },
  } as unknown as GPUDevice;
  return { device, made };
}

describe('PipelineCache', () => {
  it('two shaders of one name but different code get two modules and two pipelines', () => {
    const { device, made } = fakeDevice();
    const cache = new PipelineCache(device);
    const a = cache.pipeline({ name: 'op', code: 'A' }, 'main', { WG: 64 });
    const b = cache.pipeline({ name: 'op', code: 'B' }, 'main', { WG: 64 });
    expect(a).not.toBe(b);
    expect(made.modules).toEqual(['A', 'B']);
  });

  it('one code under two names is compiled once', () => {
    const { device, made } = fakeDevice();
    const cache = new PipelineCache(device);
    const a = cache.pipeline({ name: 'one', code: 'C' }, 'main');
    const b = cache.pipeline({ name: 'two', code: 'C' }, 'main');
    expect(a).toBe(b);
    expect(made.modules).toHaveLength(1);
  });

  it('constants in any order name one pipeline; another value or entry point, another', () => {
    const { device, made } = fakeDevice();
    const cache = new PipelineCache(device);
    const s = { name: 'conv2d', code: 'X' };
    const p = cache.pipeline(s, 'gemm', { WG_M: 8, TK: 16 });
    expect(cache.pipeline(s, 'gemm', { TK: 16, WG_M: 8 })).toBe(p);
    expect(cache.pipeline(s, 'gemm', { TK: 32, WG_M: 8 })).not.toBe(p);
    expect(cache.pipeline(s, 'direct', { TK: 16, WG_M: 8 })).not.toBe(p);
    expect(made.pipelines).toEqual([
      'conv2d.gemm(TK=16,WG_M=8)',
      'conv2d.gemm(TK=32,WG_M=8)',
      'conv2d.direct(TK=16,WG_M=8)',
    ]);
    expect(cache.size).toBe(3);
    expect(constantsKey({ b: 1, a: 2 })).toBe('a=2,b=1');
  });
});
