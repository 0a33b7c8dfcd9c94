// Takes screenshots of the built app for review: `npm run build && npm run screenshots`.
// Serves dist/ with `vite preview`, opens a few presets at laptop and projector sizes.
import { mkdirSync } from 'node:fs';
import { startPreview } from './previewServer.mjs';

const out = 'screenshots';
mkdirSync(out, { recursive: true });
const { base, browser, stop } = await startPreview();
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
  await stop();
}
console.error(`screenshots written to ${out}/`);
