// Bring your own model: an ONNX file written by PyTorch opens from Import… and by dropping it on
// the page; a broken one is refused in words and the network stays; the export menu's ONNX model
// is a file ONNX Runtime runs.

import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import * as ort from 'onnxruntime-node';
import { collectConsoleErrors } from './fixtures';

const FIXTURE = 'src/core/onnx/fixtures/lenet5.onnx';
const lenet = () => readFileSync(FIXTURE);

/** The builder's layer cards, the input's left out. */
const cards = (page: Page) => page.locator('[data-testid=layer-card]:not([data-card-id=input])');

test('a PyTorch LeNet-5 opens from Import…; a truncated file is refused and the network stays', async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await page.goto('./?preset=tinyvgg');
  await expect(page.getByTestId('feature-maps')).toBeVisible();
  await page
    .getByTestId('import-file')
    .setInputFiles({ name: 'lenet5.onnx', mimeType: 'application/octet-stream', buffer: lenet() });
  await expect(page.getByTestId('share-status')).toContainText(
    'Opened lenet5.onnx: 13 layers, 61,706 parameters',
  );
  await expect(cards(page)).toHaveCount(13);
  await expect(page.getByTestId('notice').first()).toContainText('Opened lenet5.onnx');
  await expect(page.getByTestId('feature-maps')).toBeVisible();

  const bytes = lenet();
  await page.getByTestId('import-file').setInputFiles({
    name: 'broken.onnx',
    mimeType: 'application/octet-stream',
    buffer: bytes.subarray(0, bytes.length >> 1),
  });
  await expect(page.getByTestId('share-status')).toContainText('Could not open broken.onnx');
  await expect(page.getByTestId('share-status')).toContainText('Your network is unchanged');
  await expect(cards(page)).toHaveCount(13);
  expect(errors).toEqual([]);
});

test('a .onnx file dropped on the page opens; the ONNX export runs in ONNX Runtime', async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await page.goto('./?preset=tinyvgg');
  await expect(page.getByTestId('feature-maps')).toBeVisible();
  const data = [...lenet()];
  await page.evaluate((values) => {
    const file = new File([new Uint8Array(values)], 'dropped.onnx');
    const transfer = new DataTransfer();
    transfer.items.add(file);
    for (const type of ['dragover', 'drop'])
      document.body.dispatchEvent(
        new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }),
      );
  }, data);
  await expect(page.getByTestId('notice').first()).toContainText(
    'Opened dropped.onnx: 13 layers, 61,706 parameters',
  );
  await expect(cards(page)).toHaveCount(13);

  await page.getByTestId('export-open').click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-onnx').click(),
  ]);
  expect(download.suggestedFilename()).toBe('network-edited.onnx');
  const model = readFileSync(await download.path());
  const session = await ort.InferenceSession.create(model);
  const input = new ort.Tensor('float32', new Float32Array(32 * 32).fill(0.5), [1, 1, 32, 32]);
  const out = (await session.run({ input })).output;
  expect(out.dims).toEqual([1, 10]);
  const probabilities = [...(out.data as Float32Array)];
  expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  expect(errors).toEqual([]);
});
