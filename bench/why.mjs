// How long the "Why?" panel takes to answer, as the page itself reports it (the status line's
// data-ms: from the request to the result, pipelines and the worker's start-up included), for
// each method on three kinds of input — a digit drawn on the pad, a webcam frame (Chromium's
// fake camera) and a held-out dataset example — with the trained LeNet-5 and Tiny VGG, on the
// GPU path and the CPU path. Run after `npm run build`:
//   npm run bench:why            (BACKENDS=gpu to skip the CPU rows)
// SwiftShader is a CPU: compare the rows of one run with each other, never across machines.
import { printTable, startPreview } from '../scripts/previewServer.mjs';

const BACKENDS = (process.env.BACKENDS ?? 'gpu,cpu').split(',');
const { base, browser, stop } = await startPreview({
  args: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
});

const METHODS = [
  ['saliency', async (p) => p.getByTestId('why-method-saliency').click()],
  ['SmoothGrad ×16', async (p) => p.getByTestId('why-saliency-kind').selectOption('smoothGrad')],
  ['Grad-CAM', async (p) => p.getByTestId('why-method-gradCam').click()],
  ['occlusion', async (p) => p.getByTestId('why-method-occlusion').click()],
  [
    'feature vis. 60 steps',
    async (p) => {
      await p.getByTestId('why-method-featureVis').click();
      await p.getByTestId('why-fv-run').click();
    },
  ],
];

async function drawSeven(page) {
  await page.getByTestId('input-mode-own').click();
  await page.getByTestId('own-source-draw').click();
  const pad = page.getByTestId('draw-pad');
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  const at = (x, y) => [box.x + x * box.width, box.y + y * box.height];
  await page.mouse.move(...at(0.25, 0.2));
  await page.mouse.down();
  await page.mouse.move(...at(0.75, 0.2), { steps: 6 });
  await page.mouse.move(...at(0.45, 0.85), { steps: 6 });
  await page.mouse.up();
}

async function webcam(page) {
  await page.getByTestId('input-mode-own').click();
  await page.getByTestId('own-source-camera').click();
  await page.getByTestId('camera-capture').click({ timeout: 30000 });
}

const INPUTS = [
  ['LeNet-5', 'drawn digit', 'preset=lenet5', drawSeven],
  ['LeNet-5', 'webcam frame', 'preset=lenet5', webcam],
  ['LeNet-5', 'dataset example', 'preset=lenet5&example=mnist:12', null],
  ['Tiny VGG', 'webcam frame', 'preset=tinyvgg', webcam],
  ['Tiny VGG', 'dataset example', 'preset=tinyvgg&example=colors:3', null],
];

const rows = [];
try {
  for (const backend of BACKENDS)
    for (const [network, input, query, prepare] of INPUTS) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await page.goto(`${base}?${query}&backend=${backend}`);
      const ready = page.locator(`[data-testid=compute-status][data-backend=${backend}]`);
      await ready.waitFor({ timeout: 120000 });
      await page.locator('[data-testid=prediction-bars] li.best').waitFor({ timeout: 120000 });
      if (prepare) await prepare(page);
      await page.waitForTimeout(500);
      await page.getByTestId('why-open').click();
      const row = { backend, network, input };
      for (const [name, start] of METHODS) {
        const status = page.getByTestId('why-status');
        await start(page);
        await page
          .locator('[data-testid=why-status][data-status=done]')
          .waitFor({ timeout: 300000 });
        row[`${name} ms`] = await status.getAttribute('data-ms');
      }
      rows.push(row);
      await page.close();
    }
} finally {
  await stop();
}
printTable(rows);
