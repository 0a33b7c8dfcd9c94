// Your own images as the input: a file, a drop, a paste, a refused file, an EXIF-rotated photo,
// the drawing pad and the (fake) webcam. The input tensor is read with the ?debug hook; every
// test also checks that nothing threw on the page.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { SHOTS } from './a11yHelpers';
import { debugHooks } from './debug';

const FIXTURES = 'e2e/own-images';
/** LeNet-5: one channel, 32×32, small and quick. */
const LENET = './?preset=lenet5&backend=cpu&debug';

function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** The input once it is computed and differs from `before` (null: any). */
async function inputAfter(page: Page, before: number[] | null): Promise<number[]> {
  let now: number[] | null = null;
  await expect
    .poll(async () => {
      now = await debugHooks.input(page);
      return now !== null && JSON.stringify(now) !== JSON.stringify(before);
    })
    .toBe(true);
  return now!;
}

/**
 * The input once it has changed from `before` and then stopped changing: the pad updates at most
 * once a frame while drawing and once more at the stroke's end, so a first change can be a
 * half-drawn stroke.
 */
async function settledInput(page: Page, before: number[] | null): Promise<number[]> {
  let last = JSON.stringify(await inputAfter(page, before));
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(150);
    const now = JSON.stringify(await debugHooks.input(page));
    if (now === last) break;
    last = now;
  }
  return JSON.parse(last) as number[];
}

/** A DataTransfer in the page holding one w×h PNG of the gray level `level` (0…255). */
const transferHandle = (page: Page, name: string, level: number) =>
  page.evaluateHandle(
    async ([name, level]) => {
      const c = new OffscreenCanvas(24, 24);
      const ctx = c.getContext('2d')!;
      ctx.fillStyle = `rgb(${level},${level},${level})`;
      ctx.fillRect(0, 0, 24, 24);
      const blob = await c.convertToBlob({ type: 'image/png' });
      const dt = new DataTransfer();
      dt.items.add(new File([blob], name as string, { type: 'image/png' }));
      return dt;
    },
    [name, level] as const,
  );

async function openOwn(page: Page) {
  await page.goto(LENET);
  await expect(page.getByTestId('compute-status')).toHaveAttribute('data-status', 'done');
  await page.getByTestId('input-mode-own').click();
}

test('file, drop, paste, refused files and an EXIF-rotated photo', async ({ page }) => {
  const errors = pageErrors(page);
  await openOwn(page);
  await expect(page.getByTestId('own-privacy')).toContainText('Your image stays on this device');
  const sample = await inputAfter(page, null);

  // A PNG, top half white: cropped to the middle square, rows 0–15 white, 16–31 black.
  await page.getByTestId('own-file').setInputFiles(`${FIXTURES}/halves.png`);
  await expect(page.getByTestId('own-name')).toContainText('halves.png, 48 wide × 32 tall');
  const halves = await inputAfter(page, sample);
  expect(halves[5 * 32 + 5]).toBeGreaterThan(0.95);
  expect(halves[25 * 32 + 5]).toBeLessThan(0.05);
  await expect(page.getByTestId('own-stages').getByTestId('own-stage')).toHaveCount(4);
  await page.getByTestId('input-panel').screenshot({ path: `${SHOTS}/own-photo-1440.png` });

  // Refused: damaged, empty, text. Each names the file; the input stays exactly as it was.
  const file = page.getByTestId('own-file');
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const ihdr = Buffer.from('0000000d494844520000002000000020', 'hex');
  await file.setInputFiles({
    name: 'broken.png',
    mimeType: 'image/png',
    buffer: Buffer.concat([png, ihdr, Buffer.alloc(40, 7)]),
  });
  await expect(page.getByTestId('notice').filter({ hasText: '“broken.png”' })).toContainText(
    'could not be decoded',
  );
  await file.setInputFiles({ name: 'empty.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(0) });
  await expect(page.getByTestId('notice').filter({ hasText: '“empty.jpg”' })).toContainText(
    'empty (0 bytes)',
  );
  await file.setInputFiles({
    name: 'notes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('not a picture\n'),
  });
  await expect(page.getByTestId('notice').filter({ hasText: '“notes.txt”' })).toContainText(
    'it is text. Choose a PNG, JPEG',
  );
  // 10000×10000 in the header: refused before decoding anything.
  const huge = Buffer.from('0000000d49484452000027100000271008020000', 'hex');
  await file.setInputFiles({
    name: 'huge.png',
    mimeType: 'image/png',
    buffer: Buffer.concat([png, huge, Buffer.alloc(40)]),
  });
  await expect(page.getByTestId('notice').filter({ hasText: '“huge.png”' })).toContainText(
    '10000×10000 (100.0 megapixels)',
  );
  await expect(page.getByTestId('own-name')).toContainText('halves.png');
  expect(await debugHooks.input(page)).toEqual(halves);

  // EXIF orientation 6: stored 40×20 with the white half left, shown 20×40 with it on top.
  await file.setInputFiles(`${FIXTURES}/exif-rotated.jpg`);
  await expect(page.getByTestId('own-name')).toContainText('exif-rotated.jpg, 20 wide × 40 tall');
  const upright = await inputAfter(page, halves);
  expect(upright[2 * 32 + 29]).toBeGreaterThan(0.9); // top right: white only when upright
  expect(upright[29 * 32 + 2]).toBeLessThan(0.1);

  // Dropped on the panel (a 24×24 gray of 200), then pasted on the page (gray 60).
  const dropped = await transferHandle(page, 'dropped.png', 200);
  await page.getByTestId('input-panel').dispatchEvent('drop', { dataTransfer: dropped });
  await expect(page.getByTestId('own-name')).toContainText('dropped.png');
  expect((await inputAfter(page, upright))[0]).toBeCloseTo(200 / 255, 2);
  const pasted = await transferHandle(page, 'pasted.png', 60);
  const before = await debugHooks.input(page);
  await page.evaluate((dt) => {
    document.body.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }),
    );
  }, pasted);
  await expect(page.getByTestId('own-name')).toContainText('pasted.png');
  expect((await inputAfter(page, before))[0]).toBeCloseTo(60 / 255, 2);

  // A link cannot carry the picture, and says so.
  await page.getByTestId('copy-link').click();
  await expect(page.getByTestId('share-status')).toContainText(
    'Your own image stays on this device',
  );
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByTestId('input-panel').screenshot({ path: `${SHOTS}/own-photo-390.png` });
  // Axe on the input panel only (the whole page is a11y.spec.ts's): labelled controls, contrast.
  const { violations } = await new AxeBuilder({ page })
    .include('[data-testid=input-panel]')
    .analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  expect(errors).toEqual([]);
});

test('the drawing pad draws a digit into the input as you draw (MNIST recipe for LeNet-5)', async ({
  page,
}) => {
  const errors = pageErrors(page);
  await openOwn(page);
  const sample = await inputAfter(page, null);
  await page.getByTestId('own-source-draw').click();
  const pad = page.getByTestId('draw-pad');
  await expect(pad).toHaveCSS('touch-action', 'none');
  const box = (await pad.boundingBox())!;
  const at = (fx: number, fy: number) => [box.x + fx * box.width, box.y + fy * box.height] as const;
  // A "1": one vertical stroke.
  await page.mouse.move(...at(0.5, 0.2));
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(...at(0.5, 0.2 + i * 0.075));
  await page.mouse.up();
  const one = await settledInput(page, sample);
  const stages = page.getByTestId('own-stages');
  await expect(stages.locator('[data-label="centred by mass in"]')).toContainText('28×28');
  await expect(stages.locator('[data-label="padded to"]')).toContainText('32×32');
  // The recipe leaves the 2-pixel frame of LeNet's 32×32 input empty; the middle column is ink.
  expect(one.slice(0, 64).every((v) => v === 0)).toBe(true);
  expect(Math.max(...one.slice(16 * 32 + 12, 16 * 32 + 20))).toBeGreaterThan(0.5);
  // A second stroke (a foot), then Undo stroke takes it away again.
  await page.mouse.move(...at(0.3, 0.8));
  await page.mouse.down();
  await page.mouse.move(...at(0.7, 0.8), { steps: 6 });
  await page.mouse.up();
  const withFoot = await settledInput(page, one);
  await page.getByTestId('input-panel').screenshot({ path: `${SHOTS}/own-draw-1440.png` });
  await page.getByTestId('draw-undo').click();
  expect(await settledInput(page, withFoot)).toEqual(one);
  await page.getByTestId('draw-clear').click();
  expect((await inputAfter(page, one)).every((v) => v === 0)).toBe(true);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.mouse.move(...at(0.5, 0.3));
  await page.getByTestId('input-panel').screenshot({ path: `${SHOTS}/own-draw-390.png` });
  expect(errors).toEqual([]);
});

test('the webcam: live preview, capture into the input, tracks stopped on leaving', async ({
  page,
}) => {
  const errors = pageErrors(page);
  // Remember every stream the page opens, to check that each track is stopped.
  await page.addInitScript(() => {
    const w = window as unknown as { __streams: MediaStream[] };
    w.__streams = [];
    const open = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (c) => {
      const s = await open(c);
      w.__streams.push(s);
      return s;
    };
  });
  await openOwn(page);
  const sample = await inputAfter(page, null);
  await page.getByTestId('own-source-camera').click();
  const video = page.getByTestId('camera-video');
  await expect(video).toHaveAttribute('playsinline', '');
  await expect(video).toHaveJSProperty('muted', true);
  await expect(page.getByTestId('camera-capture')).toBeEnabled();
  await page.getByTestId('camera-capture').click();
  await expect(page.getByTestId('own-name')).toContainText('camera photo');
  await inputAfter(page, sample);
  await page.getByTestId('input-panel').screenshot({ path: `${SHOTS}/own-camera-1440.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByTestId('input-panel').screenshot({ path: `${SHOTS}/own-camera-390.png` });
  await page.getByTestId('own-source-photo').click();
  const live = () =>
    page.evaluate(
      () =>
        (window as unknown as { __streams: MediaStream[] }).__streams
          .flatMap((s) => s.getTracks())
          .filter((t) => t.readyState === 'live').length,
    );
  await expect.poll(live).toBe(0);
  expect(errors).toEqual([]);
});
