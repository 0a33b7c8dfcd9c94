// Serves the built app (dist/) with `vite preview` on 127.0.0.1 and launches a Chromium with
// WebGPU enabled, for the scripts that look at the app (screenshots, latency benchmark).
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { preview } from 'vite';

/**
 * Serves dist/ on a port the OS picks (port 0, read back from the server): a fixed port can be
 * taken by another run, or be one that fetch refuses (the fetch standard blocks some, e.g. 4190).
 */
export async function startPreview({ args = [] } = {}) {
  const server = await preview({
    logLevel: 'warn',
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string')
    throw new Error(`the preview server is not listening on a TCP port (${address})`);
  const base = `http://127.0.0.1:${address.port}/`;
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
    args: ['--enable-unsafe-webgpu', '--disable-background-networking', ...args],
  });
  const stop = async () => {
    await browser.close();
    await server.close();
  };
  return { base, browser, stop };
}

/** Rows of one shape as a Markdown table on stdout. */
export function printTable(rows) {
  const cols = Object.keys(rows[0] ?? {});
  const lines = [cols, cols.map(() => '---'), ...rows.map((r) => cols.map((c) => r[c]))];
  process.stdout.write(lines.map((l) => `| ${l.join(' | ')} |`).join('\n') + '\n');
}
