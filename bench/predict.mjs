// Live prediction while drawing: how many times a second the prediction panel updates while a
// digit is drawn on the drawing pad, LeNet-5 (trained) on the CPU path and on the GPU path, as
// the page itself counts them (?debug hooks). Run after `npm run build`:
//   npm run bench:predict          (4 s of continuous drawing per backend; DRAW_MS to change)
// The bar: at least 10 updates a second on the CPU path. SwiftShader is a CPU: compare
// the rows of one run with each other, never across machines.
import { printTable, startPreview } from '../scripts/previewServer.mjs';

const DRAW_MS = Number(process.env.DRAW_MS ?? 4000);
const { base, browser, stop } = await startPreview();
const rows = [];
const counts = (page) => page.evaluate(() => window.__cnnDebug.counts());
try {
  for (const backend of ['cpu', 'gpu']) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${base}?preset=lenet5&debug&backend=${backend}`);
    await page
      .locator(`[data-testid=compute-status][data-status=done][data-backend=${backend}]`)
      .waitFor({ timeout: 120000 });
    await page.getByTestId('input-mode-own').click();
    await page.getByTestId('own-source-draw').click();
    const pad = page.getByTestId('draw-pad');
    await pad.scrollIntoViewIfNeeded();
    const box = await pad.boundingBox();
    const before = await counts(page);
    const t0 = Date.now();
    let moves = 0;
    // Circles round and round (a zero), one pointer move every ~8 ms, lifting every 40 moves.
    while (Date.now() - t0 < DRAW_MS) {
      const a0 = moves / 6;
      await page.mouse.move(
        box.x + box.width * (0.5 + 0.3 * Math.cos(a0)),
        box.y + box.height * (0.5 + 0.35 * Math.sin(a0)),
      );
      await page.mouse.down();
      for (let k = 0; k < 40 && Date.now() - t0 < DRAW_MS; k++, moves++) {
        const a = moves / 6;
        await page.mouse.move(
          box.x + box.width * (0.5 + 0.3 * Math.cos(a)),
          box.y + box.height * (0.5 + 0.35 * Math.sin(a)),
        );
        await page.waitForTimeout(8);
      }
      await page.mouse.up();
    }
    const seconds = (Date.now() - t0) / 1000;
    // Let the last computation land, then count.
    await page.waitForTimeout(500);
    const after = await counts(page);
    rows.push({
      backend,
      seconds: seconds.toFixed(1),
      pointer_moves: moves,
      input_updates: after.inputs - before.inputs,
      predictions: after.predictions - before.predictions,
      predictions_per_s: ((after.predictions - before.predictions) / seconds).toFixed(1),
      // Predictions per input image: 1.0 means every drawn frame was classified.
      kept_up: ((after.predictions - before.predictions) / (after.inputs - before.inputs)).toFixed(
        2,
      ),
    });
    await page.close();
  }
} finally {
  await stop();
}
printTable(rows);
