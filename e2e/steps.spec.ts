// Watch it compute: the conv and pool step-by-step views against the lecture numbers and the
// computed maps (the CPU reference, or the GPU which matches it).
import { expect, test, type Page } from '@playwright/test';
import { conv2d, linear, activation, simple, type Network } from '../src/core/layers';
import { encodeShare } from '../src/core/share/urlCodec';
import { expectAccessible } from './a11yHelpers';
import { collectConsoleErrors } from './fixtures';

const shot = (page: Page, name: string) =>
  page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: true });

async function openSteps(page: Page, query: string) {
  await page.goto(`./?${query}&debug`);
  await expect(page.getByTestId('compute-status')).toHaveAttribute('data-status', 'done');
  await page.getByTestId('tab-steps').click();
  await expect(page.getByTestId('equation')).toBeVisible();
}

const equation = async (page: Page) => {
  const eq = page.getByTestId('equation');
  return {
    output: Number(await eq.getAttribute('data-output')),
    reference: Number(await eq.getAttribute('data-reference')),
    taps: await page
      .getByTestId('slide-input')
      .first()
      .locator('[data-mark~=tap]')
      .evaluateAll((gs) =>
        gs.map((g) => [Number(g.getAttribute('data-y')), Number(g.getAttribute('data-x'))]),
      ),
  };
};

test('the 5×5 exercise: all 9 positions, each equation equal to the computed map', async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await openSteps(page, 'preset=teach_5x5_exercise&backend=cpu');
  const expected = [4, 3, 4, 2, 4, 3, 2, 3, 4];
  for (let i = 0; i < 9; i++) {
    await expect(page.getByTestId('step-label')).toContainText(`position ${i + 1} of 9`);
    const eq = await equation(page);
    expect(eq.output).toBe(expected[i]);
    expect(eq.reference).toBe(expected[i]);
    // The window: rows oy..oy+2, columns ox..ox+2.
    const [oy, ox] = [Math.floor(i / 3), i % 3];
    expect(eq.taps).toEqual([0, 1, 2].flatMap((dy) => [0, 1, 2].map((dx) => [oy + dy, ox + dx])));
    if (i === 0) {
      await expect(page.getByTestId('equation')).toContainText(
        '1·1 + 1·0 + 1·1 + 0·0 + 1·1 + 1·0 + 0·1 + 0·0 + 1·1 = 4',
      );
      await shot(page, 'steps-5x5-first');
    }
    if (i < 8) await page.getByTestId('step-forward').click();
  }
  // Output filled in completely at the end.
  const filled = await page
    .getByTestId('slide-output')
    .locator('.gc')
    .evaluateAll((gs) => gs.map((g) => g.getAttribute('data-value')));
  expect(filled.map(Number)).toEqual(expected);
  expect(errors).toEqual([]);
});

test('stride 2 and dilation 2: the window jumps and leaves gaps', async ({ page }) => {
  await openSteps(page, 'preset=teach_7x7_s2');
  await page.getByTestId('step-forward').click();
  let eq = await equation(page);
  expect(eq.taps.map(([, x]) => x)).toEqual([2, 3, 4, 2, 3, 4, 2, 3, 4]);
  expect(Math.abs(eq.output - eq.reference)).toBeLessThan(1e-5);
  await openSteps(page, 'preset=teach_dilation');
  await page.locator('[data-card-id=conv2] .card-main').click();
  await page.getByTestId('tab-steps').click();
  eq = await equation(page);
  // padding 2, dilation 2: the first window reads rows and columns −2, 0, 2.
  expect(eq.taps).toEqual([-2, 0, 2].flatMap((y) => [-2, 0, 2].map((x) => [y, x])));
  await expect(page.getByTestId('slide-input').first().locator('[data-mark=gap]')).not.toHaveCount(
    0,
  );
  expect(Math.abs(eq.output - eq.reference)).toBeLessThan(1e-5);
});

test('doesn’t fit: after the last position the never-covered row and column light up', async ({
  page,
}) => {
  await openSteps(page, 'preset=teach_7x7_s3');
  await page.getByTestId('slide-view').locator('.slide-view').press('End');
  await expect(page.getByTestId('step-label')).toContainText('position 4 of 4');
  await expect(page.getByTestId('uncovered-note')).toContainText('6');
  // Row 6 and column 6 of the 7×7 input: 7 + 7 − 1 = 13 cells.
  await expect(page.getByTestId('slide-input').locator('[data-mark=uncovered]')).toHaveCount(13);
  await shot(page, 'steps-doesnt-fit');
});

test('max pooling: the winner of each window, 6 8 / 3 4', async ({ page }) => {
  await openSteps(page, 'preset=teach_maxpool_4x4');
  const view = page.getByTestId('pool-steps');
  const winners = [];
  for (let i = 0; i < 4; i++) {
    const w = view.getByTestId('slide-input').locator('[data-mark~=winner]');
    winners.push(Number(await w.getAttribute('data-value')));
    const eq = await equation(page);
    expect(eq.output).toBe(eq.reference);
    if (i < 3) await view.press('ArrowRight');
  }
  expect(winners).toEqual([6, 8, 3, 4]);
  await shot(page, 'steps-maxpool');
});

test('keyboard: Space plays to the end, Home goes back, ← and → step', async ({ page }) => {
  await openSteps(page, 'preset=teach_5x5_exercise');
  const view = page.getByTestId('conv-steps');
  await page.getByTestId('step-speed').selectOption('50');
  await view.focus();
  await page.keyboard.press('Space');
  await expect(page.getByTestId('step-label')).toContainText('position 9 of 9');
  await page.keyboard.press('Home');
  await expect(page.getByTestId('step-label')).toContainText('position 1 of 9');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('step-label')).toContainText('position 2 of 9');
  // A click on an output cell jumps there.
  await page.getByTestId('slide-output').locator('[data-y="2"][data-x="1"]').click();
  await expect(page.getByTestId('step-label')).toContainText('position 8 of 9');
});

test('activation: the value moves along the ReLU curve; negative inputs give 0', async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await page.goto('./?preset=tinyvgg&debug');
  await page.locator('[data-card-id=relu_1_1] .card-main').click();
  await page.getByTestId('tab-steps').click();
  const view = page.getByTestId('activation-steps');
  await expect(view.locator('svg.curve path.fn')).toBeAttached();
  // Numbers on both axes, and 0 among them.
  await expect(view.getByTestId('curve-ticks').locator('text')).not.toHaveCount(0);
  expect(await view.getByTestId('curve-ticks').locator('text').allTextContents()).toContain('0');
  for (let i = 0; i < 4; i++) {
    const text = (await page.getByTestId('equation').textContent()) ?? '';
    const [, input] = /relu\(([^)]*)\)/.exec(text) ?? [];
    const v = Number(input.replace('\u2212', '-'));
    expect(Number(await page.getByTestId('equation').getAttribute('data-output'))).toBeCloseTo(
      Math.max(0, v),
      2,
    );
    await view.press('ArrowRight');
  }
  expect(errors).toEqual([]);
});

test('normalization: batch norm pools one channel across the batch, layer norm one sample', async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await page.goto('./?preset=tinyvgg&debug');
  await expect(page.getByTestId('compute-status')).toHaveAttribute('data-status', 'done');
  await page.getByTestId('palette-batchNorm').click();
  await page.getByTestId('tab-steps').click();
  await page.getByTestId('norm-batch').selectOption('3');
  const maps = page.getByTestId('norm-map');
  await expect(maps).toHaveCount(3 * 10);
  const pooled = page.locator('[data-testid=norm-map][data-pooled=true]');
  // Batch norm, channel 0: the three samples' 62×62 planes.
  await expect(pooled).toHaveCount(3);
  await expect(page.getByTestId('norm-grid')).toHaveAttribute(
    'data-pooled-count',
    String(3 * 62 * 62),
  );
  const cells = await pooled.evaluateAll((bs) =>
    bs.map((b) => Number(b.getAttribute('data-cells'))),
  );
  expect(cells.reduce((a, b) => a + b, 0)).toBe(3 * 62 * 62);
  await shot(page, 'steps-batchnorm');
  // Layer norm, sample 0: its ten channels.
  await page.getByTestId('pool-layerNorm').click();
  await expect(pooled).toHaveCount(10);
  await expect(page.getByTestId('norm-grid')).toHaveAttribute(
    'data-pooled-count',
    String(10 * 62 * 62),
  );
  // Following another map moves the pooled set with it.
  await maps.nth(2 * 10 + 4).click();
  await expect(page.locator('[data-testid=norm-map][data-pooled=true]').first()).toHaveAttribute(
    'aria-label',
    'sample 2, channel 0',
  );
  await expect(page.getByTestId('norm-modes')).toContainText('inference');
  expect(errors).toEqual([]);
});

test('flatten and dense: the index arithmetic and one neuron’s dot product', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.goto('./?preset=tinyvgg&debug&backend=cpu');
  await page.locator('[data-card-id=flatten] .card-main').click();
  await page.getByTestId('tab-steps').click();
  const flat = page.getByTestId('flatten-steps');
  await expect(flat).toBeVisible();
  await flat.press('End');
  // 10×13×13: the last value is channel 9, row 12, column 12.
  await expect(page.getByTestId('equation')).toContainText(
    'index 1689 = c·H·W + y·W + x = 9·13·13 + 12·13 + 12',
  );
  await page.goto('./?preset=lenet5&debug&backend=cpu');
  await page.locator('[data-card-id=f6] .card-main').click();
  await page.getByTestId('tab-steps').click();
  const eq = page.getByTestId('equation');
  await expect(eq).toBeVisible();
  for (let j = 0; j < 3; j++) {
    const out = Number(await eq.getAttribute('data-output'));
    const ref = Number(await eq.getAttribute('data-reference'));
    expect(Math.abs(out - ref)).toBeLessThan(1e-4);
    await page.getByTestId('linear-steps').press('ArrowRight');
  }
  await expect(page.getByTestId('dense-vs-conv')).toContainText('84 × (120 + 1) = 10,164');
  expect(errors).toEqual([]);
});

/** A tiny network with a global average pool over 6 channels of 14×14, as a link. */
function gapLink(extra = ''): string {
  const network: Network = {
    input: { n: 1, c: 3, h: 14, w: 14 },
    layers: [
      conv2d('c1', 6, 3, { padding: 1 }),
      activation('relu', 'relu'),
      simple('gap', 'globalAvgPool'),
      simple('flat', 'flatten'),
      linear('fc', 4),
    ],
  };
  return `./?${encodeShare({ doc: { network, seed: 3 }, view: { layer: 'gap', view: 'steps' } }).replace('#', `${extra}#`)}`;
}

test('global average pool: one channel’s 14×14 values, their sum ÷ 196 = the computed map', async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await page.goto(gapLink('&backend=cpu'));
  await expect(page.getByTestId('compute-status')).toHaveAttribute('data-status', 'done');
  const view = page.getByTestId('gap-steps');
  await expect(view).toBeVisible();
  // The whole 14×14 map in numbers: 196 cells.
  await expect(view.getByTestId('slide-input').locator('.gc')).toHaveCount(196);
  await expect(page.getByTestId('equation')).toContainText('sum of the 196 values');
  await expect(page.getByTestId('equation')).toContainText('/ (14·14)');
  for (let c = 0; c < 6; c++) {
    await expect(page.getByTestId('step-label')).toHaveText(`channel ${c} (${c + 1} of 6)`);
    const eq = page.getByTestId('equation');
    const out = Number(await eq.getAttribute('data-output'));
    const ref = Number(await eq.getAttribute('data-reference'));
    expect(Math.abs(out - ref)).toBeLessThan(1e-5);
    // The grid holds the channel's values: their mean is the equation's result.
    const values = await view
      .getByTestId('slide-input')
      .locator('.gc')
      .evaluateAll((gs) => gs.map((g) => Number(g.getAttribute('data-value'))));
    expect(values).toHaveLength(196);
    expect(Math.abs(values.reduce((a, b) => a + b, 0) / 196 - ref)).toBeLessThan(1e-5);
    if (c === 0) await page.getByTestId('step-forward').click();
    else if (c < 5) await view.press('ArrowRight');
  }
  // The output row filled in for every channel; End, Home and the channel picker move it too.
  await expect(view.getByTestId('slide-output').locator('.gc[data-value=""]')).toHaveCount(0);
  await view.press('Home');
  await expect(page.getByTestId('step-label')).toHaveText('channel 0 (1 of 6)');
  await page.getByTestId('follow-channel').selectOption('4');
  await expect(page.getByTestId('step-label')).toHaveText('channel 4 (5 of 6)');
  await shot(page, 'steps-gap');
  await expectAccessible(page, 'global average pool steps');
  expect(errors).toEqual([]);
});

test('true convolution on a symmetric kernel: the view says flipping changes nothing and offers an asymmetric one', async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await page.goto('./?preset=teach_5x5_exercise&view=steps');
  const note = page.getByTestId('flip-note');
  await expect(note).toContainText('flipping it changes nothing');
  const compare = page.getByTestId('flip-compare');
  const numbers = async () =>
    ((await compare.textContent()) ?? '').match(/[−-]?\d+(\.\d+)?(?=\s|$|·)/g) ?? [];
  await expect.poll(async () => new Set(await numbers()).size).toBe(1);
  await page.getByTestId('flip-asymmetric').click();
  await expect(note).toHaveCount(0);
  // Somewhere along the slide the two orientations now disagree (at the first window both
  // happen to give 1 on this binary image).
  let differs = false;
  for (let i = 0; i < 9 && !differs; i++) {
    differs = new Set(await numbers()).size === 2;
    if (!differs) await page.getByTestId('step-forward').click();
  }
  expect(differs).toBe(true);
  // The sum and the computed map agree once the map is recomputed: no unexplained mismatch.
  await page.getByTestId('true-conv').check();
  await expect(page.getByTestId('eq-reference')).not.toContainText('(');
  expect(errors).toEqual([]);
});
