// Takes screenshots of the built app for review: `npm run build && npm run screenshots`.
// Serves dist/ with `vite preview`, opens a few presets at laptop and projector sizes.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { chromium } from '@playwright/test';

const PORT = 4180;
const out = 'screenshots';
mkdirSync(out, { recursive: true });
const server = spawn(
  'npx',
  ['vite', 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'],
  {
    stdio: 'ignore',
  },
);
const base = `http://127.0.0.1:${PORT}/`;
for (let i = 0; i < 50; i++) {
  try {
    if ((await fetch(base)).ok) break;
  } catch {
    /* not up yet */
  }
  await new Promise((r) => setTimeout(r, 200));
}
const executablePath =
  process.env.CHROMIUM_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
const browser = await chromium.launch({
  executablePath,
  args: ['--enable-unsafe-webgpu', '--disable-background-networking'],
});
const shots = (process.argv[2] ?? 'tinyvgg,vgg16,teach_5x5_exercise,teach_7x7_s3,resnet18').split(
  ',',
);
const sizes = [
  ['laptop', 1280, 800],
  ['projector', 1920, 1080],
];
try {
  for (const preset of shots) {
    for (const [name, width, height] of sizes) {
      const page = await browser.newPage({ viewport: { width, height } });
      await page.goto(`${base}?preset=${preset}`);
      await page.waitForSelector('[data-testid=feature-maps], [data-testid=compute-error]', {
        timeout: 60000,
      });
      await page.waitForTimeout(300);
      await page.screenshot({ path: `${out}/${preset}-${name}.png` });
      await page.close();
    }
  }
} finally {
  await browser.close();
  server.kill();
}
console.error(`screenshots written to ${out}/`);
