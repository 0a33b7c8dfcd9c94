// GPU-side time of our forward pass from timestamp queries, without any hook in src/: while
// armed, every compute pass begun on our device gets `timestampWrites` (two query slots), and
// after the forward call returns the queries are resolved and the pass durations summed. The
// GPU backend records a forward as one compute pass in one submit, so this is the GPU time of
// the whole network (upload and readback copies excluded).

const CAPACITY = 64; // query slots: 32 compute passes per forward call

export interface GpuTimer {
  /** Times the compute passes begun from now until collect(). */
  arm(): void;
  /** Milliseconds of GPU time of the passes since arm(); null when a pass could not be timed. */
  collect(): Promise<number | null>;
  /** Why collect() gave null (the last time it did). */
  readonly problem: string | null;
}

/** Instruments `device`; null when the device has no 'timestamp-query' feature. */
export function instrumentTimestamps(device: GPUDevice): GpuTimer | null {
  if (!device.features.has('timestamp-query')) return null;
  const querySet = device.createQuerySet({ type: 'timestamp', count: CAPACITY, label: 'bench.ts' });
  const resolved = device.createBuffer({
    size: CAPACITY * 8,
    usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC,
    label: 'bench.ts.resolve',
  });
  const readback = device.createBuffer({
    size: CAPACITY * 8,
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    label: 'bench.ts.read',
  });
  let armed = false;
  let used = 0;
  let untimed = 0;
  let problem: string | null = null;

  const createCommandEncoder = device.createCommandEncoder.bind(device);
  device.createCommandEncoder = (descriptor?: GPUCommandEncoderDescriptor) => {
    const encoder = createCommandEncoder(descriptor);
    if (!armed) return encoder;
    const beginComputePass = encoder.beginComputePass.bind(encoder);
    encoder.beginComputePass = (pass?: GPUComputePassDescriptor) => {
      if (!armed) return beginComputePass(pass);
      if (pass?.timestampWrites || used + 2 > CAPACITY) {
        untimed++;
        return beginComputePass(pass);
      }
      const i = used;
      used += 2;
      return beginComputePass({
        ...pass,
        timestampWrites: { querySet, beginningOfPassWriteIndex: i, endOfPassWriteIndex: i + 1 },
      });
    };
    return encoder;
  };

  return {
    get problem() {
      return problem;
    },
    arm() {
      armed = true;
      used = 0;
      untimed = 0;
    },
    async collect() {
      armed = false;
      if (untimed > 0) {
        problem = `${untimed} compute pass(es) could not be timed`;
        return null;
      }
      if (used === 0) {
        problem = 'no compute pass was recorded';
        return null;
      }
      const encoder = createCommandEncoder({ label: 'bench.ts.resolve' });
      encoder.resolveQuerySet(querySet, 0, used, resolved, 0);
      encoder.copyBufferToBuffer(resolved, 0, readback, 0, used * 8);
      device.queue.submit([encoder.finish()]);
      await readback.mapAsync(GPUMapMode.READ, 0, used * 8);
      const ticks = new BigUint64Array(readback.getMappedRange(0, used * 8).slice(0));
      readback.unmap();
      let ns = 0n;
      for (let i = 0; i < used; i += 2) {
        if (ticks[i + 1] < ticks[i] || ticks[i + 1] === 0n) {
          problem = 'the adapter wrote invalid timestamps';
          return null;
        }
        ns += ticks[i + 1] - ticks[i];
      }
      return Number(ns) / 1e6;
    },
  };
}
