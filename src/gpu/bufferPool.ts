// Reuses GPU buffers across runs: released buffers go back to a free list keyed by usage and
// size class, so running the same network again allocates nothing new.

/** Size classes: powers of two up to 4 KiB, then eighths of a power of two (≤ 12.5 % slack). */
export function sizeClass(bytes: number): number {
  const n = Math.max(16, Math.ceil(bytes / 4) * 4);
  if (n <= 4096) return 2 ** Math.ceil(Math.log2(n));
  const step = 2 ** Math.floor(Math.log2(n)) / 8;
  return Math.ceil(n / step) * step;
}

export class BufferPool {
  private readonly free = new Map<string, GPUBuffer[]>();
  private readonly sizes = new Map<GPUBuffer, string>();
  private inUseCount = 0;

  constructor(private readonly device: GPUDevice) {}

  /** A buffer of at least `bytes` bytes with `usage`, labelled for debugging tools. */
  acquire(bytes: number, usage: GPUBufferUsageFlags, label: string): GPUBuffer {
    const size = sizeClass(bytes);
    const key = `${usage}:${size}`;
    const list = this.free.get(key);
    let buffer = list?.pop();
    if (!buffer) {
      buffer = this.device.createBuffer({ label, size, usage });
      this.sizes.set(buffer, key);
    } else {
      buffer.label = label;
    }
    this.inUseCount++;
    return buffer;
  }

  release(buffer: GPUBuffer): void {
    const key = this.sizes.get(buffer);
    if (key === undefined) return; // not ours (or already destroyed)
    const list = this.free.get(key) ?? [];
    if (list.includes(buffer)) return; // released twice: ignore
    list.push(buffer);
    this.free.set(key, list);
    this.inUseCount--;
  }

  /** Buffers created and not destroyed: in use plus free. */
  get live(): number {
    return this.sizes.size;
  }

  get inUse(): number {
    return this.inUseCount;
  }

  /** Destroys the buffers on the free list (those in use stay). */
  trim(): void {
    for (const list of this.free.values()) {
      for (const b of list) {
        this.sizes.delete(b);
        b.destroy();
      }
    }
    this.free.clear();
  }

  destroyAll(): void {
    for (const b of this.sizes.keys()) b.destroy();
    this.sizes.clear();
    this.free.clear();
    this.inUseCount = 0;
  }
}
