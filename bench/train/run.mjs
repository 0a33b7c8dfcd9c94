// `npm run bench:train [-- options]`: builds bench/train/index.html with Vite, serves it on
// 127.0.0.1, runs it in Chromium with WebGPU (bench/harness.mjs), writes the results as JSON and
// prints a table of examples per second and their ratios. See README.md, section "Training
// benchmark", for the options and the JSON schema.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  err,
  out,
  parseOptions,
  printColumns,
  round,
  runBenchPage,
  writeJson,
} from '../harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const configFile = resolve(here, 'vite.config.ts');
const IMPLS = ['ours', 'tfjs', 'convnetjs', 'cpu'];

const USAGE = `usage: npm run bench:train -- [options]
  --out FILE          write the JSON here (default bench/results/train.json)
  --quick             smoke run: lenet5-32-sgd only, 2 warm-up and 4 timed steps in 2 rounds
  --cases a,b         only these cases (e.g. lenet5-28-sgd,tinyvgg-64-adam; overrides --quick's)
  --impls a,b         only these implementations, of ${IMPLS.join(', ')} (default all)
  --steps N           timed steps per case and implementation (default 20; 4 with --quick)
  --warmup N          warm-up steps before them, the cold one included (default 3; 2 with --quick)
  --rounds R          split the timed steps into R rounds, the implementations taking turns in
                      each (default 4; 2 with --quick)
  --timeout-min M     give up after M minutes (default 120; 10 with --quick)`;

function parseArgs(argv) {
  const opts = parseOptions(
    argv,
    {
      flags: ['quick'],
      strings: ['out', 'cases', 'impls'],
      numbers: ['steps', 'warmup', 'rounds', 'timeout-min'],
    },
    USAGE,
    { quick: false },
  );
  const unknown = opts.impls?.split(',').filter((i) => !IMPLS.includes(i)) ?? [];
  if (unknown.length) throw new Error(`unknown implementation(s) ${unknown.join(', ')}\n${USAGE}`);
  for (const k of ['steps', 'warmup', 'rounds'])
    if (opts[k] !== undefined && !Number.isInteger(opts[k]))
      throw new Error(`--${k} needs a whole number`);
  return { ...opts, out: resolve(opts.out ?? resolve(here, '../results/train.json')) };
}

const ratio = (a, b) => (a && b ? round(a / b) : null);

/** Adds the ratios of examples per second and the first-step loss checks. */
function summarize(results) {
  const cases = results.cases.map((c) => {
    const first = (impl) => c.timings[impl]?.first_loss ?? null;
    const diff = (impl) =>
      first(impl) !== null && first('cpu') !== null
        ? Number(Math.abs(first(impl) - first('cpu')).toPrecision(2))
        : null;
    return {
      ...c,
      ours_over_tfjs: ratio(c.ours_eps, c.tfjs_eps),
      ours_over_convnetjs: ratio(c.ours_eps, c.convnetjs_eps),
      cpu_over_convnetjs: ratio(c.cpu_eps, c.convnetjs_eps),
      cpu_over_tfjs: ratio(c.cpu_eps, c.tfjs_eps),
      first_loss_diff: { ours_vs_cpu: diff('ours'), tfjs_vs_cpu: diff('tfjs') },
    };
  });
  return { ...results, cases };
}

const num = (x, d) => (x === null || x === undefined ? '—' : x.toFixed(d));

function printTable(r) {
  const o = r.options;
  out(`adapter: ${r.adapter}   browser: ${r.browser}   date: ${r.date}`);
  out(
    `examples/s over ${o.steps} warm steps (${o.rounds} interleaved rounds) after ${o.warmup} warm-up; ratios > 1: the first is faster; SwiftShader is a CPU: compare ratios, not absolute numbers`,
  );
  const head = ['case', 'batch', 'ours', 'tfjs', 'convnetjs', 'cpu'];
  head.push('ours/tfjs', 'ours/convnetjs', 'cpu/convnetjs', 'cpu/tfjs');
  const rows = r.cases.map((c) => [
    c.name,
    String(c.batch),
    num(c.ours_eps, 1),
    num(c.tfjs_eps, 1),
    num(c.convnetjs_eps, 1),
    num(c.cpu_eps, 1),
    num(c.ours_over_tfjs, 2),
    num(c.ours_over_convnetjs, 2),
    num(c.cpu_over_convnetjs, 2),
    num(c.cpu_over_tfjs, 2),
  ]);
  printColumns(head, rows, 1);
  const losses = r.cases.map((c) => {
    const l = (impl) => {
      const t = c.timings[impl];
      return t ? `${impl} ${num(t.first_loss, 4)} → ${num(t.last_loss, 4)}` : null;
    };
    return `  ${c.name}: ${IMPLS.map(l).filter(Boolean).join(', ')}`;
  });
  out(`loss, first step → last timed step (ours, tfjs, cpu start from the same parameters):`);
  out(losses.join('\n'));
  if (r.ours_error) out(`our GPU path: ${r.ours_error}`);
  const notes = r.cases.flatMap((c) =>
    IMPLS.filter((impl) => c.notes[impl]).map((impl) => `  ${c.name} ${impl}: ${c.notes[impl]}`),
  );
  if (notes.length) out(`notes:\n${notes.join('\n')}`);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const params = new URLSearchParams();
  if (opts.quick) params.set('quick', '1');
  for (const k of ['cases', 'impls', 'steps', 'warmup', 'rounds'])
    if (opts[k] !== undefined) params.set(k, String(opts[k]));
  const { results: page, failure } = await runBenchPage({
    configFile,
    query: params,
    timeoutMin: opts.timeoutMin ?? (opts.quick ? 10 : 120),
    what: 'bench/train/',
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
