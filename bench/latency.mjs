// Edit-to-pixels latency of the visualizer, as the ?debug overlay measures it: from the store
// edit to the frame after the feature maps are painted, split into the backend's compute time
// and the rest (the UI's share: messages, React, drawing); and the first feature map after
// navigation (from the navigation's start). Run after `npm run build`:
//   npm run bench:latency            (tinyvgg and vgg16, GPU and CPU, 12 edits each)
// SwiftShader is a CPU: compare the rows of one run with each other, never across machines.
import { printTable, startPreview } from '../scripts/previewServer.mjs';

const EDITS = Number(process.env.EDITS ?? 12);
const { base, browser, stop } = await startPreview();

// [preset, backend, field, two values to alternate]
const cases = [
  ['tinyvgg', 'gpu', 'field-kernel', ['5', '3']],
  ['tinyvgg', 'cpu', 'field-kernel', ['5', '3']],
  ['vgg16', 'gpu', 'field-out-channels', ['32', '64']],
  ['vgg16', 'cpu', 'field-out-channels', ['32', '64']],
];
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))];
const rows = [];
try {
  for (const [preset, backend, field, values] of cases) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${base}?preset=${preset}&debug&backend=${backend}`);
    const done = page.locator(
      `[data-testid=compute-status][data-status=done][data-backend=${backend}]`,
    );
    await page.locator('[data-testid=channel] canvas').first().waitFor({ timeout: 120000 });
    const firstMap = await page.evaluate(() => Math.round(performance.now()));
    await done.waitFor({ timeout: 120000 });
    const overlay = page.getByTestId('debug-overlay');
    const samples = [];
    const ui = [];
    for (let i = 0; i < EDITS; i++) {
      const before = await overlay.getAttribute('data-latency');
      await page.getByTestId(field).fill(values[i % 2]);
      await page.getByTestId(field).blur();
      await page.waitForFunction(
        (b) => {
          const v = document
            .querySelector('[data-testid=debug-overlay]')
            ?.getAttribute('data-latency');
          return v && v !== b;
        },
        before,
        { timeout: 120000 },
      );
      await done.waitFor({ timeout: 120000 });
      const latency = Number(await overlay.getAttribute('data-latency'));
      samples.push(latency);
      ui.push(latency - Number(await overlay.getAttribute('data-compute')));
    }
    const adapter = (await page.getByTestId('compute-status').textContent())?.match(
      /on (.*) in/,
    )?.[1];
    rows.push({
      preset,
      backend,
      edit: field.replace('field-', ''),
      median_ms: Math.round(quantile(samples, 0.5)),
      p90_ms: Math.round(quantile(samples, 0.9)),
      ui_median_ms: Math.round(quantile(ui, 0.5)),
      ui_p95_ms: Math.round(quantile(ui, 0.95)),
      first_map_ms: firstMap,
      adapter,
    });
    await page.close();
  }
} finally {
  await stop();
}
printTable(rows);
