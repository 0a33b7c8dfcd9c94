// Serves the built app (dist/) with `vite preview` on 127.0.0.1 and launches a Chromium with
// WebGPU enabled, for the scripts that look at the app (screenshots, latency benchmark).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

export async function startPreview(port) {
  const server = spawn(
    'npx',
    ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    { stdio: 'ignore' },
  );
  const base = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 50; i++) {
    try {
      if ((await fetch(base)).ok) break;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const executablePath =
    process.env.CHROMIUM_PATH ||
    (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  const browser = await chromium.launch({
    executablePath,
    args: ['--enable-unsafe-webgpu', '--disable-background-networking'],
  });
  const stop = async () => {
    await browser.close();
    server.kill();
  };
  return { base, browser, stop };
}

/** Rows of one shape as a Markdown table on stdout. */
export function printTable(rows) {
  const cols = Object.keys(rows[0] ?? {});
  const lines = [cols, cols.map(() => '---'), ...rows.map((r) => cols.map((c) => r[c]))];
  process.stdout.write(lines.map((l) => `| ${l.join(' | ')} |`).join('\n') + '\n');
}
