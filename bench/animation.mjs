// Frame rate of the step-by-step view while it plays at 50×, on a small and a big layer: the
// browser's animation frames per second and how many positions advanced. Run after
// `npm run build`:  npm run bench:animation   (SPEED=10 for another speed; default 50)
// SwiftShader is a CPU and this machine has 2 cores: compare rows, not absolute numbers.
import { printTable, startPreview } from '../scripts/previewServer.mjs';

const { base, browser, stop } = await startPreview();
const cases = [
  ['teach_7x7_s1', 'conv', '7×7 input, 3×3 kernel'],
  ['tinyvgg', 'conv_1_1', '3×64×64 input, 3 channels'],
  ['vgg16', 'conv1_1', '3×224×224 input, 3 channels'],
  ['vgg16', 'conv3_1', '128×56×56 input, 128 channels'],
];
const rows = [];
try {
  for (const [preset, layer, what] of cases) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${base}?preset=${preset}&debug`);
    await page
      .locator('[data-testid=compute-status][data-status=done]')
      .waitFor({ timeout: 120000 });
    await page.locator(`[data-card-id="${layer}"] .card-main`).click();
    await page
      .locator('[data-testid=compute-status][data-status=done]')
      .waitFor({ timeout: 120000 });
    await page.getByTestId('tab-steps').click();
    await page.getByTestId('equation').waitFor();
    await page.getByTestId('step-speed').selectOption(process.env.SPEED ?? '50');
    const result = await page.evaluate(async () => {
      const label = () => document.querySelector('[data-testid=step-label]')?.textContent ?? '';
      const pos = () => Number(/position (\d+)/.exec(label())?.[1] ?? 0);
      document.querySelector('[data-testid=step-play]').click();
      const start = performance.now();
      const p0 = pos();
      let frames = 0;
      let worst = 0;
      let last = start;
      await new Promise((done) => {
        const tick = (t) => {
          frames++;
          worst = Math.max(worst, t - last);
          last = t;
          if (t - start < 3000) requestAnimationFrame(tick);
          else done();
        };
        requestAnimationFrame(tick);
      });
      const secs = (performance.now() - start) / 1000;
      return { fps: frames / secs, worst, steps: (pos() - p0) / secs };
    });
    rows.push({
      preset,
      layer,
      what,
      fps: result.fps.toFixed(1),
      worst_frame_ms: Math.round(result.worst),
      positions_per_s: result.steps.toFixed(1),
    });
    await page.close();
  }
} finally {
  await stop();
}
printTable(rows);
