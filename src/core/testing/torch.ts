// Test support: real PyTorch as the independent reference. The tests hand one batch of work to
// torch_driver.py (one python process: importing torch costs 1-2 s) and read the answers back.
// Where torch is missing they skip with one warning per run; under CI they fail instead.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, inject, it } from 'vitest';

/** Debian's own Python, where apt's python3-torch installs (a `python3` on PATH may differ). */
export const PYTHON = '/usr/bin/python3';
const DRIVER = join(dirname(fileURLToPath(import.meta.url)), 'torch_driver.py');

export interface TorchProbe {
  readonly ok: boolean;
  /** Why the torch tests cannot run, when !ok. */
  readonly why: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** marks: a scratch folder shared by the run's test files (see torchSetup.ts). */
    torch: TorchProbe & { readonly marks: string };
  }
}

/** Whether /usr/bin/python3 finds a torch package, without paying for importing it. */
export function probeTorch(): TorchProbe {
  const res = spawnSync(
    PYTHON,
    ['-c', 'import importlib.util, sys; sys.exit(importlib.util.find_spec("torch") is None)'],
    { encoding: 'utf8' },
  );
  if (res.status === 0) return { ok: true, why: '' };
  const why = res.error ? `${PYTHON} cannot run (${res.error.message})` : `no torch for ${PYTHON}`;
  return { ok: false, why };
}

function torchStatus(): TorchProbe & { readonly marks: string | null } {
  // Without the unit project's global setup (another config), look here.
  return (
    (inject('torch') as ReturnType<typeof inject<'torch'>> | undefined) ?? {
      ...probeTorch(),
      marks: null,
    }
  );
}

/** Whether this file is the first of the run to skip (so only it prints the warning). */
function firstToSkip(marks: string | null): boolean {
  if (marks === null) return true;
  try {
    writeFileSync(join(marks, 'skipped'), '', { flag: 'wx' });
    return true;
  } catch {
    return false;
  }
}

/**
 * describe() for tests that need real PyTorch. Without it they are skipped, with one line per
 * run saying so; with `CI` set a missing torch is a failure, not a skip.
 */
export function describeTorch(name: string, body: () => void): void {
  const status = torchStatus();
  if (status.ok) {
    describe(name, body);
    return;
  }
  if (process.env.CI) {
    describe(name, () => {
      it('needs real PyTorch (CI installs python3-torch: see .ci/run)', () => {
        throw new Error(`real PyTorch not found: ${status.why}`);
      });
    });
    return;
  }
  if (firstToSkip(status.marks)) {
    console.warn(
      `real PyTorch not found (${status.why}): skipping the tests against it (apt-get install python3-torch)`,
    );
  }
  describe.skip(name, body);
}

// ---- the driver's protocol (see torch_driver.py) -------------------------------------------

/** float32 values as base64 of their little-endian bytes: NaN, ±inf and -0 travel exactly. */
export function f32(values: ArrayLike<number>): string {
  const a = Float32Array.from(values);
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

/** The driver's float64 answers back from base64. */
export function f64(b64: string): Float64Array {
  const bytes = Buffer.from(b64, 'base64');
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return new Float64Array(copy.buffer);
}

export interface ScriptRequest {
  /** The exported Python source. */
  readonly code: string;
  /** Trace every layer's output shape (torch.fx + ShapeProp). */
  readonly trace?: boolean;
  /** float32 input (base64, the script's x shape) and, per module with parameters, their values. */
  readonly input?: string;
  readonly params?: readonly Readonly<Record<string, string>>[];
}

export interface ScriptResult {
  readonly ok: boolean;
  /** The script's own printed lines. */
  readonly printed: readonly string[];
  readonly error?: string;
  /** model.parameters() in total. */
  readonly params?: number;
  /** Every leaf module in declaration order: attribute path, class name, parameters. */
  readonly modules?: readonly { name: string; type: string; params: number }[];
  /** Every module / function call of forward in order, with its output shape. */
  readonly trace?: readonly { node: string; shape: number[] }[];
  /** model(input) in float64, base64. */
  readonly output?: string;
}

/** An op reference request: `op` and its options; tensors as base64 with a `<name>Shape`. */
export type OpRequest = Readonly<Record<string, unknown>> & { readonly op: string };

export interface OpResult {
  readonly ok: boolean;
  readonly error?: string;
  readonly shape?: number[];
  /** float64 and float32 results, base64. */
  readonly want?: string;
  readonly want32?: string;
  /** maxPool2d: each window's winner, y * W + x in its channel plane (return_indices). */
  readonly indices?: number[];
}

export interface ShapeRequest {
  readonly op: 'conv2d' | 'maxPool2d' | 'avgPool2d';
  readonly input: readonly number[];
  readonly kernel: readonly number[];
  readonly stride: readonly number[];
  /** 'same': PyTorch's own (stride 1 only). */
  readonly padding: readonly number[] | 'same';
  readonly dilation?: readonly number[];
  readonly ceil?: boolean;
}

export interface ShapeResult {
  readonly ok: boolean;
  readonly shape?: number[];
  readonly error?: string;
}

/** A function of a python module beside the driver (torch_<topic>.py): fn(args, helpers). */
export interface CallRequest {
  readonly module: string;
  readonly fn: string;
  readonly args?: unknown;
}

export type CallResult =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

export interface TorchRequest {
  readonly scripts?: readonly ScriptRequest[];
  readonly ops?: readonly OpRequest[];
  readonly shapes?: readonly ShapeRequest[];
  readonly calls?: readonly CallRequest[];
}

export interface TorchResponse {
  readonly torch: string;
  readonly scripts: ScriptResult[];
  readonly ops: OpResult[];
  readonly shapes: ShapeResult[];
  readonly calls: CallResult[];
}

/** Runs one batch through torch_driver.py in one python process. */
export function runTorch(req: TorchRequest, timeoutMs = 120_000): TorchResponse {
  const dir = mkdtempSync(join(tmpdir(), 'torch-driver-'));
  try {
    const scripts = (req.scripts ?? []).map((s, i) => {
      const path = join(dir, `script${i}.py`);
      writeFileSync(path, s.code);
      return { path, trace: s.trace ?? false, input: s.input ?? null, params: s.params ?? null };
    });
    writeFileSync(join(dir, 'request.json'), JSON.stringify({ ...req, scripts }));
    const res = spawnSync(PYTHON, [DRIVER, join(dir, 'request.json'), join(dir, 'response.json')], {
      encoding: 'utf8',
      timeout: timeoutMs,
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    });
    if (res.status !== 0) {
      throw new Error(
        `${PYTHON} torch_driver.py failed (${res.error?.message ?? res.status}): ${res.stderr}`,
      );
    }
    return JSON.parse(readFileSync(join(dir, 'response.json'), 'utf8')) as TorchResponse;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
