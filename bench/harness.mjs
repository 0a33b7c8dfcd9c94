// What the benchmark runners share (bench/run.mjs, bench/train/run.mjs): build a page with Vite,
// serve it on 127.0.0.1 on a port the OS picks, run it in Chromium with WebGPU, collect what it
// reports, write the JSON, print a table.
//
// The page's side of the protocol: it calls `window.benchProgress(line)` for progress lines,
// `window.benchMeta(meta)` before its first case and `window.benchCase(case)` after each one (so
// a crash keeps the cases done before it), and finally sets `window.__bench` to
// `{ done: true, error, results }`.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { chromium } from '@playwright/test';
import * as prettier from 'prettier';
import { build, preview } from 'vite';

export const out = (s) => process.stdout.write(`${s}\n`);
export const err = (s) => process.stderr.write(`${s}\n`);

/** Four significant digits: ratios and rates carry no more. */
export const round = (x) => Number(x.toPrecision(4));
export const geomean = (xs) => Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);

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

/**
 * Builds the page of `configFile`, serves it, opens `?query` in Chromium and waits until the page
 * is done (or `timeoutMin` minutes). Returns `{ results, failure }`: the page's results (with
 * `browser` added), or when it failed, its metadata and the cases it finished (with `incomplete`)
 * — null when there is nothing to write.
 */
export async function runBenchPage({ configFile, query, timeoutMin, what = 'bench/' }) {
  err(`building ${what} with Vite …`);
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
    await page.exposeFunction('benchMeta', (m) => (meta = m));
    await page.exposeFunction('benchCase', (c) => cases.push(c));
    await page.goto(`${base}?${query}`);
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
    if (!meta || cases.length === 0) return { results: null, failure };
    err(`writing the ${cases.length} finished case(s) only`);
  }
  const page = state.results ?? { ...meta, cases, incomplete: failure };
  return { results: { ...page, browser: state.browser }, failure };
}

/** Writes `value` as JSON formatted the way the repository formats JSON; returns a path to show. */
export async function writeJson(file, value) {
  mkdirSync(dirname(file), { recursive: true });
  const config = (await prettier.resolveConfig(file)) ?? {};
  writeFileSync(file, await prettier.format(JSON.stringify(value), { ...config, parser: 'json' }));
  const shown = relative(process.cwd(), file);
  return shown.startsWith('..') ? file : shown;
}

/** Prints rows of strings in columns: the first `left` columns left-aligned, the rest right. */
export function printColumns(head, rows, left = 1) {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells) =>
    cells.map((s, i) => (i < left ? s.padEnd(widths[i]) : s.padStart(widths[i]))).join('  ');
  out(line(head));
  out(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) out(line(row));
}

/**
 * Parses `--flag`, `--name VALUE` and `--name N` (a positive number) options into an object with
 * camel-cased keys. `spec`: { flags: [...], strings: [...], numbers: [...] }, names without '--'.
 * `--help` prints `usage` and exits.
 */
export function parseOptions(argv, spec, usage, opts = {}) {
  const value = (i, name) => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${name} needs a value`);
    return v;
  };
  const key = (a) => a.slice(2).replace(/-(\w)/g, (_, c) => c.toUpperCase());
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const name = a.slice(2);
    if (a === '--help' || a === '-h') {
      out(usage);
      process.exit(0);
    } else if (spec.flags?.includes(name)) opts[key(a)] = true;
    else if (spec.strings?.includes(name)) opts[key(a)] = value(i++, a);
    else if (spec.numbers?.includes(name)) {
      const n = Number(value(i++, a));
      if (!Number.isFinite(n) || n <= 0) throw new Error(`${a} needs a positive number`);
      opts[key(a)] = n;
    } else throw new Error(`unknown option ${a}\n${usage}`);
  }
  return opts;
}
