// "Why did it say 7?": the Why panel beside the prediction explains a drawn digit with each
// method on the page's backend (WebGPU on SwiftShader in the webgpu project), and a channel's
// "What does this detect?" runs feature visualization whose objective rises.
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './a11yHelpers';
import { collectConsoleErrors } from './fixtures';
import { draw, type Stroke } from './drawPad';

const SEVEN: readonly Stroke[] = [
  [
    [0.25, 0.2],
    [0.75, 0.2],
    [0.45, 0.85],
  ],
];

const shot = (page: Page, name: string) =>
  process.env.WHY_SHOTS
    ? page.getByTestId('why-panel').screenshot({ path: `${process.env.WHY_SHOTS}/${name}.png` })
    : Promise.resolve();

async function drawnSeven(page: Page, backend: 'cpu' | 'gpu') {
  await page.goto(`./?preset=lenet5&backend=${backend}`);
  await expect(page.getByTestId('weights-select')).toHaveValue('lenet5-mnist');
  await page.getByTestId('input-mode-own').click();
  await page.getByTestId('own-source-draw').click();
  await draw(page, SEVEN);
  await expect(page.locator('[data-testid=prediction-bars] li.best')).toHaveAttribute(
    'data-class',
    '7',
  );
}

for (const backend of ['gpu', 'cpu'] as const)
  test(`each method explains a drawn 7 on the ${backend.toUpperCase()} path, in words`, async ({
    page,
  }) => {
    const errors = collectConsoleErrors(page);
    await drawnSeven(page, backend);
    await expect(page.getByTestId('compute-status')).toHaveAttribute('data-backend', backend);
    const gpu = backend === 'gpu';
    await page.getByTestId('why-open').click();
    const panel = page.getByTestId('why-panel');
    await expect(panel.getByRole('heading')).toContainText('Why “7”?');
    const status = panel.getByTestId('why-status');
    const done = async () => {
      await expect(status).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
      await expect(status).toHaveAttribute('data-engine', gpu ? 'gpu' : 'cpu');
    };

    // Saliency: the heat over the input, with a formula and its pitfalls.
    await done();
    await expect(panel.getByTestId('why-heat')).toBeVisible();
    await expect(panel.getByTestId('why-note')).toContainText('Pitfalls');
    await expect(panel.locator('.katex').first()).toBeVisible();
    await shot(page, `saliency-${backend}`);
    await panel.getByTestId('why-saliency-kind').selectOption('smoothGrad');
    await done();
    await expect(panel.getByTestId('why-note')).toContainText('noise');
    // The cache: back to the gradient answers at once.
    await panel.getByTestId('why-saliency-kind').selectOption('vanilla');
    await expect(status).toContainText('From the cache');

    // Grad-CAM at C3 (the last conv with maps larger than 1×1): 16 channel weights shown.
    await panel.getByTestId('why-method-gradCam').click();
    await done();
    await expect(panel.getByTestId('why-cam-weights')).toHaveAttribute('data-channels', '16');
    await expect(panel.getByTestId('why-cam-coarse')).toBeVisible();
    await shot(page, `gradcam-${backend}`);
    await panel.getByTestId('why-cam-layer').selectOption('c1');
    await done();
    await expect(panel.getByTestId('why-cam-weights')).toHaveAttribute('data-channels', '6');

    // Another class from the top list: the heading follows.
    const second = panel.getByTestId('why-class').nth(1);
    const cls = await second.getAttribute('data-class');
    await second.click();
    await expect(panel.getByRole('heading')).toContainText(`Why “${cls}”?`);
    await done();
    await panel.getByTestId('why-class').first().click();

    // Occlusion: a 7-pixel patch every 3 pixels on 32×32 is 10×10 positions; the playback steps.
    await panel.getByTestId('why-method-occlusion').click();
    await done();
    const playback = panel.getByTestId('why-playback');
    await expect(playback).toHaveAttribute('data-step', '99');
    await playback.getByTestId('step-back').click();
    await expect(playback).toHaveAttribute('data-step', '98');
    await expect(playback.getByTestId('step-label')).toContainText('patch 99 of 100');
    await playback.getByTestId('step-scrub').fill('10');
    await expect(playback).toHaveAttribute('data-step', '10');
    await playback.getByTestId('step-play').click();
    await expect
      .poll(async () => Number(await playback.getAttribute('data-step')))
      .toBeGreaterThan(12);
    await shot(page, `occlusion-${backend}`);
    if (gpu) await expectAccessible(page, 'the Why panel, occlusion playing');
    await panel.getByTestId('why-patch').fill('16');
    await done();
    await expect(playback.getByTestId('step-label')).toContainText('of 9');

    // Feature visualization of the class 7 score: 20 steps, the score rises.
    await panel.getByTestId('why-method-featureVis').click();
    await panel.getByTestId('why-fv-steps').fill('20');
    await panel.getByTestId('why-fv-run').click();
    await done();
    await expect(panel.getByTestId('why-fv-step')).toContainText('step 20 of 20');
    const objective = panel.getByTestId('why-fv-objective');
    const first = Number(await objective.getAttribute('data-first'));
    const last = Number(await objective.getAttribute('data-last'));
    expect(last).toBeGreaterThan(first);
    await shot(page, `featurevis-${backend}`);
    expect(errors).toEqual([]);
  });

test('What does this detect? A C3 channel’s image forms and its top held-out digits open', async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await drawnSeven(page, 'gpu');
  await page.locator('[data-card-id=c3] button.card-main').click();
  await page.locator('[data-testid=channel][data-channel="3"] button').first().click();
  await page.getByTestId('what-detects').click();
  const panel = page.getByTestId('why-panel');
  await expect(panel.getByTestId('why-method-featureVis')).toHaveAttribute('aria-pressed', 'true');
  await expect(panel.getByTestId('why-fv-layer')).toHaveValue('c3');
  await expect(panel.getByTestId('why-fv-channel')).toHaveValue('3');
  await expect(panel.getByTestId('why-status')).toHaveAttribute('data-status', 'done', {
    timeout: 60_000,
  });
  const objective = panel.getByTestId('why-fv-objective');
  expect(Number(await objective.getAttribute('data-last'))).toBeGreaterThan(
    Number(await objective.getAttribute('data-first')),
  );
  await expect(panel.getByTestId('why-top-example')).toHaveCount(9, { timeout: 60_000 });
  await shot(page, 'detects');
  const pick = panel.getByTestId('why-top-example').first();
  const index = await pick.getAttribute('data-index');
  await pick.click();
  await expect(page).toHaveURL(new RegExp(`example=mnist(%3A|:)${index}`));
  expect(errors).toEqual([]);
});
