// WebGPU adapter and device: acquisition that says why when WebGPU is unavailable, the limits we
// ask for (the adapter's maxima, so big layers fit), and the features we use when present.

export interface GpuDevice {
  readonly device: GPUDevice;
  /** 'vendor architecture' of the adapter, for notices and benchmark reports. */
  readonly adapterName: string;
  readonly isFallbackAdapter: boolean;
  readonly hasTimestamps: boolean;
}

export type GpuAcquisition = { ok: true; gpu: GpuDevice } | { ok: false; reason: string };

const WANTED_LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupSizeY',
  'maxStorageBuffersPerShaderStage',
] as const;

/** Finds an adapter and opens a device; never throws, returns the reason in words instead. */
export async function acquireGpu(
  gpu: GPU | undefined,
  label = 'cnn-visualizer',
): Promise<GpuAcquisition> {
  if (!gpu) {
    return { ok: false, reason: 'WebGPU is not available in this browser' };
  }
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (e) {
    return {
      ok: false,
      reason: `the browser refused a WebGPU adapter (${e instanceof Error ? e.message : e})`,
    };
  }
  if (!adapter)
    return {
      ok: false,
      reason: 'no WebGPU adapter was found (the GPU may be blocklisted or disabled)',
    };
  const requiredLimits: Record<string, number> = {};
  for (const name of WANTED_LIMITS) requiredLimits[name] = adapter.limits[name];
  const hasTimestamps = adapter.features.has('timestamp-query');
  try {
    const device = await adapter.requestDevice({
      label,
      requiredLimits,
      requiredFeatures: hasTimestamps ? ['timestamp-query'] : [],
    });
    const info = adapter.info;
    return {
      ok: true,
      gpu: {
        device,
        adapterName:
          [info?.vendor, info?.architecture].filter(Boolean).join(' ') || 'unknown adapter',
        isFallbackAdapter: Boolean(
          (info as { isFallbackAdapter?: boolean } | undefined)?.isFallbackAdapter,
        ),
        hasTimestamps,
      },
    };
  } catch (e) {
    return {
      ok: false,
      reason: `the GPU device could not be created (${e instanceof Error ? e.message : e})`,
    };
  }
}
