// `npm run bench [-- options]`: builds bench/index.html with Vite, serves it on 127.0.0.1, runs it
// in Chromium with WebGPU, writes the results as JSON and prints a table. See README.md,
// section "Benchmark", for the options and the JSON schema.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  err,
  geomean,
  out,
  parseOptions,
  printColumns,
  round,
  runBenchPage,
  writeJson,
} from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const configFile = resolve(here, 'vite.config.ts');

const USAGE = `usage: npm run bench -- [options]
  --out FILE            write the JSON here (default bench/results/latest.json)
  --quick               smoke run: 3 runs per case, VGG-16 cases skipped
  --cases a,b           only these cases (names as in the table; overrides --quick's selection)
  --runs N              warm runs per case and path (default 10; 3 with --quick)
  --budget S            seconds a path may spend on one case's timed runs; a slow case gets
                        fewer runs, never fewer than 3 (default 60)
  --cpu-max-gflop G     skip our CPU path above G GFLOP (default 2)
  --no-gpu-time         do not instrument our device with timestamp queries
  --timeout-min M       give up after M minutes (default 40; 10 with --quick)`;

function parseArgs(argv) {
  const opts = parseOptions(
    argv,
    {
      flags: ['quick', 'no-gpu-time'],
      strings: ['out', 'cases'],
      numbers: ['runs', 'budget', 'cpu-max-gflop', 'timeout-min'],
    },
    USAGE,
    { quick: false },
  );
  return {
    ...opts,
    out: resolve(opts.out ?? resolve(here, 'results/latest.json')),
    gpuTime: !opts.noGpuTime,
  };
}

/** Adds per-case ratio and GFLOP/s, and the geometric means per kind. */
function summarize(results) {
  const cases = results.cases.map((c) => {
    const gflops = (t) => (t ? round(c.flops / 1e9 / (t.median / 1e3)) : null);
    return {
      ...c,
      ratio_tfjs_over_ours:
        c.ours_ms && c.tfjs_ms ? round(c.tfjs_ms.median / c.ours_ms.median) : null,
      gflops_ours: gflops(c.ours_ms),
      gflops_tfjs: gflops(c.tfjs_ms),
      gflops_cpu: gflops(c.cpu_ms),
    };
  });
  const summary = {};
  for (const kind of ['conv2d', 'network']) {
    const of = cases.filter((c) => c.kind === kind);
    const ratios = of.map((c) => c.ratio_tfjs_over_ours).filter((r) => r !== null);
    const skipped = (c) =>
      c.notes.ours?.startsWith('skipped') && c.notes.tfjs?.startsWith('skipped');
    const without = of.filter((c) => c.ratio_tfjs_over_ours === null);
    summary[kind] = {
      geomean_ratio_tfjs_over_ours: ratios.length ? round(geomean(ratios)) : null,
      cases: ratios.length,
      missing: without.filter((c) => !skipped(c)).map((c) => c.name),
      skipped: without.filter(skipped).map((c) => c.name),
    };
  }
  return { ...results, cases, summary };
}

const ms = (t) => (t ? `${t.median.toFixed(1)} (${t.min.toFixed(1)})` : '—');
const num = (x, d) => (x === null || x === undefined ? '—' : x.toFixed(d));

function printTable(r) {
  const head = [
    'case',
    'kind',
    'GFLOP',
    'ours ms (min)',
    'tfjs ms (min)',
    'cpu ms (min)',
    'ours GPU ms',
    'tfjs/ours',
    'ours GFLOP/s',
    'tfjs GFLOP/s',
    'runs',
  ];
  const rows = r.cases.map((c) => [
    c.name,
    c.kind,
    num(c.flops / 1e9, 3),
    ms(c.ours_ms),
    ms(c.tfjs_ms),
    ms(c.cpu_ms),
    c.ours_gpu_ms ? c.ours_gpu_ms.median.toFixed(1) : '—',
    num(c.ratio_tfjs_over_ours, 2),
    num(c.gflops_ours, 2),
    num(c.gflops_tfjs, 2),
    [c.ours_ms, c.tfjs_ms, c.cpu_ms].map((t) => (t ? t.runs : '-')).join('/'),
  ]);
  out(`adapter: ${r.adapter}   browser: ${r.browser}   date: ${r.date}`);
  out(
    `median (min) of warm runs; runs = ours/tfjs/cpu; tfjs/ours > 1 means ours is faster; ours GPU ms from timestamp queries${r.timestamps ? '' : ' (unavailable)'}`,
  );
  printColumns(head, rows, 2);
  for (const kind of ['conv2d', 'network']) {
    const s = r.summary[kind];
    const missing =
      (s.missing.length ? `; without ${s.missing.join(', ')}` : '') +
      (s.skipped.length ? `; skipped ${s.skipped.join(', ')}` : '');
    out(
      `geomean tfjs/ours, ${kind}: ${num(s.geomean_ratio_tfjs_over_ours, 2)} over ${s.cases} case(s)${missing}`,
    );
  }
  const notes = r.cases.flatMap((c) =>
    ['ours', 'ours_gpu', 'tfjs', 'cpu']
      .filter((path) => c.notes[path])
      .map((path) => `  ${c.name} ${path}: ${c.notes[path]}`),
  );
  if (r.ours_error) out(`our GPU path: ${r.ours_error}`);
  if (notes.length) out(`notes:\n${notes.join('\n')}`);
  const checks = r.cases.filter((c) => c.check);
  if (checks.length) {
    const worst = checks.map(
      (c) => `${c.name} ${(c.check.max_abs_diff / (c.check.max_abs_value || 1)).toExponential(1)}`,
    );
    out(`ours vs our CPU, max |diff| / max |value|: ${worst.join(', ')}`);
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const params = new URLSearchParams();
  if (opts.quick) params.set('quick', '1');
  if (opts.cases) params.set('cases', opts.cases);
  if (opts.runs) params.set('runs', String(opts.runs));
  if (opts.budget) params.set('budget', String(opts.budget));
  if (opts.cpuMaxGflop) params.set('cpuMaxGflop', String(opts.cpuMaxGflop));
  if (!opts.gpuTime) params.set('gpuTime', '0');
  const { results: page, failure } = await runBenchPage({
    configFile,
    query: params,
    timeoutMin: opts.timeoutMin ?? (opts.quick ? 10 : 40),
  });
  if (failure) process.exitCode = 1;
  if (!page) return;
  const results = summarize(page);
  const shown = await writeJson(opts.out, results);
  printTable(results);
  out(`results: ${shown}`);
}

main().catch((e) => {
  err(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
