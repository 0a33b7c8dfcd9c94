// Test support for the PyTorch export: reading the emitted code back (module constructors, shape
// comments, the expected values of the main block), counting the parameters the constructors
// imply with PyTorch's formulas, and running scripts under python3 with the stand-in torch.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inferShapes, type OkShape } from './infer';
import type { Network } from './layers';
import { FAKE_TORCH_INIT, FAKE_TORCH_NN } from './pytorch.testTorch';

/** Whether python3 can be run here; the tests that need it skip when it cannot. */
export const HAS_PYTHON = spawnSync('python3', ['--version']).status === 0;

/** The code part of a line (before the comment) and the comment text. */
export function splitComment(line: string): { code: string; comment: string | null } {
  const at = line.indexOf('#');
  return at < 0
    ? { code: line, comment: null }
    : { code: line.slice(0, at).trimEnd(), comment: line.slice(at + 1).trim() };
}

/** The `-> [1, 6, 28, 28]` shape at the end of a comment, or null. */
export function commentShape(line: string): number[] | null {
  const m = /-> \[([\d, ]+)\]$/.exec(splitComment(line).comment ?? '');
  return m ? m[1].split(', ').map(Number) : null;
}

/** The lines between `start` (exclusive) and the first line matching `end` (exclusive). */
function between(code: string, start: RegExp, end: RegExp): string[] {
  const lines = code.split('\n');
  const from = lines.findIndex((l) => start.test(l));
  if (from < 0) return [];
  const to = lines.findIndex((l, i) => i > from && end.test(l));
  return lines.slice(from + 1, to);
}

/** The entries of `model = nn.Sequential(...)`, one module per line. */
export const sequentialEntries = (code: string) =>
  between(code, /^model = nn\.Sequential\($/, /^\)$/);

/** The statements of forward(), without the return. */
export const forwardStatements = (code: string) =>
  between(code, /^ {4}def forward\(self, x\):$/, /^ {8}return /);

/** The `self.name = nn.X(...)` lines of __init__. */
export const initLines = (code: string) =>
  between(code, /^ {4}def __init__\(self\):$/, /^$/).filter((l) => l.includes('self.'));

/** The shape comments of the model's statements: Sequential entries or forward() lines. */
export function commentShapes(code: string, modulesOnly = false): (number[] | null)[] {
  const seq = sequentialEntries(code);
  const lines = seq.length > 0 || code.includes('nn.Sequential(') ? seq : forwardStatements(code);
  return lines.filter((l) => !modulesOnly || !/= (torch\.cat|\w+ \+)/.test(l)).map(commentShape);
}

/**
 * The shapes the comments should show, straight from the core's inference: per layer, the
 * padded input first where a conv's window pads unequally (the explicit pad module), then the
 * layer's output; add/concat have no module, so `modulesOnly` leaves them out.
 */
export function inferredShapes(network: Network, modulesOnly = false): number[][] {
  const out: number[][] = [];
  for (const ls of inferShapes(network).layers as OkShape[]) {
    if (modulesOnly && (ls.layer.kind === 'add' || ls.layer.kind === 'concat')) continue;
    const win = ls.layer.kind === 'conv2d' ? ls.window! : null;
    if (win && (win.h.padBegin !== win.h.padEnd || win.w.padBegin !== win.w.padEnd)) {
      out.push([ls.shape[0], ls.inputShapes[0][1], win.h.padded, win.w.padded]);
    }
    out.push([...ls.shape]);
  }
  return out;
}

export interface Ctor {
  readonly name: string;
  readonly positional: readonly string[];
  readonly keyword: ReadonlyMap<string, string>;
}

/** Split on commas outside brackets. */
function topLevelSplit(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if ('([{'.includes(ch)) depth++;
    if (')]}'.includes(ch)) depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim() !== '') parts.push(cur.trim());
  return parts;
}

/** Every `nn.X(...)` module constructor of the script, in order, with its arguments. */
export function constructors(code: string): Ctor[] {
  const out: Ctor[] = [];
  for (const line of code.split('\n')) {
    const m = /(?:^ {4}|= )nn\.(\w+)\((.*)\),?$/.exec(splitComment(line).code);
    if (!m) continue;
    const positional: string[] = [];
    const keyword = new Map<string, string>();
    for (const arg of topLevelSplit(m[2])) {
      const kw = /^(\w+)=(.*)$/.exec(arg);
      if (kw) keyword.set(kw[1], kw[2]);
      else positional.push(arg);
    }
    out.push({ name: m[1], positional, keyword });
  }
  return out;
}

const ints = (v: string): number[] => (v.match(/\d+/g) ?? []).map(Number);

/** Learnable parameters PyTorch creates for a constructor call (its defaults where omitted). */
export function ctorParams(c: Ctor): number {
  const arg = (i: number, name: string) => c.positional[i] ?? c.keyword.get(name);
  const bias = c.keyword.get('bias') !== 'False';
  switch (c.name) {
    case 'Conv2d': {
      const [cin, cout] = [Number(arg(0, 'in_channels')), Number(arg(1, 'out_channels'))];
      const [kh, kw] = ints(arg(2, 'kernel_size')!);
      const groups = Number(c.keyword.get('groups') ?? 1);
      return cout * (cin / groups) * kh * kw + (bias ? cout : 0);
    }
    case 'Linear': {
      const [fin, fout] = [Number(arg(0, 'in_features')), Number(arg(1, 'out_features'))];
      return fin * fout + (bias ? fout : 0);
    }
    case 'BatchNorm1d':
    case 'BatchNorm2d':
      return 2 * Number(arg(0, 'num_features')); // gamma and beta; running stats are buffers
    case 'LayerNorm': {
      if (c.keyword.get('elementwise_affine') === 'False') return 0;
      return 2 * ints(arg(0, 'normalized_shape')!).reduce((a, b) => a * b, 1);
    }
    default:
      return 0;
  }
}

/** The two expected values of the main block: output shape and parameter total. */
export function expectedValues(code: string): { shape: number[]; params: number } {
  const shape = /# expected torch\.Size\(\[([\d, ]+)\]\)/.exec(code);
  const params = /"parameters"\)\s+# expected (\d+)/.exec(code);
  if (!shape || !params) throw new Error('no expected values in the main block');
  return { shape: shape[1].split(', ').map(Number), params: Number(params[1]) };
}

const RUNNER = String.raw`
import contextlib, io, json, runpy, sys, traceback
results = []
for path in sys.argv[1:]:
    buf = io.StringIO()
    try:
        with contextlib.redirect_stdout(buf):
            runpy.run_path(path, run_name="__main__")
        results.append({"ok": True, "out": buf.getvalue()})
    except BaseException as e:
        results.append({"ok": False, "out": buf.getvalue(), "error": "".join(traceback.format_exception(e))})
print(json.dumps(results))
`;

export interface ScriptRun {
  readonly ok: boolean;
  /** The script's own printed lines (the TRACE lines removed). */
  readonly printed: readonly string[];
  /** The output shape of every leaf module call, in call order. */
  readonly traced: readonly number[][];
  readonly error?: string;
}

/** Runs each script as `python file.py` would, with the stand-in torch; one python3 process. */
export function runWithFakeTorch(scripts: readonly string[]): ScriptRun[] {
  const dir = mkdtempSync(join(tmpdir(), 'pytorch-export-'));
  try {
    mkdirSync(join(dir, 'torch'));
    writeFileSync(join(dir, 'torch', '__init__.py'), FAKE_TORCH_INIT);
    writeFileSync(join(dir, 'torch', 'nn.py'), FAKE_TORCH_NN);
    writeFileSync(join(dir, 'runner.py'), RUNNER);
    const files = scripts.map((s, i) => {
      const f = join(dir, `script${i}.py`);
      writeFileSync(f, s);
      return f;
    });
    const res = spawnSync('python3', [join(dir, 'runner.py'), ...files], {
      env: { ...process.env, PYTHONPATH: dir, PYTHONDONTWRITEBYTECODE: '1' },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (res.status !== 0) throw new Error(`python3 failed: ${res.stderr}`);
    const raw = JSON.parse(res.stdout) as { ok: boolean; out: string; error?: string }[];
    return raw.map((r) => {
      const lines = r.out.split('\n').filter((l) => l !== '');
      return {
        ok: r.ok,
        printed: lines.filter((l) => !l.startsWith('TRACE ')),
        traced: lines.filter((l) => l.startsWith('TRACE ')).map((l) => ints(l)),
        error: r.error,
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
