// `npm run bench [-- options]`: builds bench/index.html with Vite, serves it on 127.0.0.1, runs it
// in Chromium with WebGPU, writes the results as JSON and prints a table. See README.md,
// section "Benchmark", for the options and the JSON schema.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import * as prettier from 'prettier';
import { build, preview } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const configFile = resolve(here, 'vite.config.ts');
const out = (s) => process.stdout.write(`${s}\n`);
const err = (s) => process.stderr.write(`${s}\n`);

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
  const opts = { out: resolve(here, 'results/latest.json'), quick: false, gpuTime: true };
  const value = (i, name) => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${name} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') {
      out(USAGE);
      process.exit(0);
    } else if (a === '--quick') opts.quick = true;
    else if (a === '--no-gpu-time') opts.gpuTime = false;
    else if (a === '--out') opts.out = resolve(value(i++, a));
    else if (a === '--cases') opts.cases = value(i++, a);
    else if (['--runs', '--budget', '--cpu-max-gflop', '--timeout-min'].includes(a)) {
      const n = Number(value(i++, a));
      if (!Number.isFinite(n) || n <= 0) throw new Error(`${a} needs a positive number`);
      opts[a.slice(2).replace(/-(\w)/g, (_, c) => c.toUpperCase())] = n;
    } else throw new Error(`unknown option ${a}\n${USAGE}`);
  }
  return opts;
}

/** Four significant digits: ratios and rates carry no more. */
const round = (x) => Number(x.toPrecision(4));
const geomean = (xs) => Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);

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
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells) =>
    cells.map((s, i) => (i < 2 ? s.padEnd(widths[i]) : s.padStart(widths[i]))).join('  ');
  out(`adapter: ${r.adapter}   browser: ${r.browser}   date: ${r.date}`);
  out(
    `median (min) of warm runs; runs = ours/tfjs/cpu; tfjs/ours > 1 means ours is faster; ours GPU ms from timestamp queries${r.timestamps ? '' : ' (unavailable)'}`,
  );
  out(line(head));
  out(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) out(line(row));
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

/** http://127.0.0.1:PORT/ of a listening Node HTTP server. */
function serverUrl(httpServer) {
  const address = httpServer.address();
  if (!address || typeof address === 'string')
    throw new Error(`the bench server is not listening on a TCP port (${address})`);
  return `http://127.0.0.1:${address.port}/`;
}

async function waitForServer(url) {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the bench page did not come up at ${url}`);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const timeoutMin = opts.timeoutMin ?? (opts.quick ? 10 : 40);
  err('building bench/ with Vite …');
  await build({ configFile, logLevel: 'warn' });
  // Port 0: the OS picks a free port, read back from the server. A fixed port can be taken by
  // another run, or be one that fetch refuses outright (4190 is on the fetch standard's list of
  // blocked ports: Node 20.20's fetch said "bad port" and the bench never started).
  const server = await preview({
    configFile,
    logLevel: 'warn',
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const base = serverUrl(server.httpServer);
  await waitForServer(base);
  const executablePath =
    process.env.CHROMIUM_PATH ||
    process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH ||
    (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  const browser = await chromium.launch({
    executablePath,
    args: [
      '--enable-unsafe-webgpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  const cases = [];
  let meta = null;
  let state;
  let failure = null;
  try {
    const page = await browser.newPage();
    await page.exposeFunction('benchProgress', (line) => err(line));
    page.on('pageerror', (e) => err(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') err(`page ${m.type()}: ${m.text()}`);
    });
    const params = new URLSearchParams();
    if (opts.quick) params.set('quick', '1');
    if (opts.cases) params.set('cases', opts.cases);
    if (opts.runs) params.set('runs', String(opts.runs));
    if (opts.budget) params.set('budget', String(opts.budget));
    if (opts.cpuMaxGflop) params.set('cpuMaxGflop', String(opts.cpuMaxGflop));
    if (!opts.gpuTime) params.set('gpuTime', '0');
    await page.exposeFunction('benchMeta', (m) => (meta = m));
    await page.exposeFunction('benchCase', (c) => cases.push(c));
    await page.goto(`${base}?${params}`);
    await page.waitForFunction(() => window.__bench?.done, null, {
      timeout: timeoutMin * 60_000,
      polling: 1000,
    });
    state = await page.evaluate(() => window.__bench);
    state.browser = browser.version();
  } catch (e) {
    failure = `the benchmark did not finish: ${e instanceof Error ? e.message : e}`;
  } finally {
    state ??= { browser: browser.version() };
    await browser.close();
    await server.close();
  }
  if (state.error) failure = `the benchmark failed: ${state.error}`;
  if (failure) {
    err(failure);
    process.exitCode = 1;
    if (!meta || cases.length === 0) return;
    err(`writing the ${cases.length} finished case(s) only`);
  }
  const page = state.results ?? { ...meta, cases, incomplete: failure };
  const results = summarize({ ...page, browser: state.browser });
  mkdirSync(dirname(opts.out), { recursive: true });
  const config = (await prettier.resolveConfig(opts.out)) ?? {};
  writeFileSync(
    opts.out,
    await prettier.format(JSON.stringify(results), { ...config, parser: 'json' }),
  );
  printTable(results);
  const shown = relative(process.cwd(), opts.out);
  out(`results: ${shown.startsWith('..') ? opts.out : shown}`);
}

main().catch((e) => {
  err(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
