// Embedding: ?embed=1 shows one view; a host page on another origin drives it over postMessage
// and hears its events; with ?origins=… a page not on the list is ignored.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { collectConsoleErrors } from './fixtures';
import { embedSize } from '../src/core/share/embedSize';
import type { EmbedView } from '../src/core/share/viewParams';

/** A host page at another origin (its own little server on another port) with the app in an
 *  iframe; the page records the app's events in window.events and posts with window.send. */
async function hostPage(
  page: Page,
  appUrlFor: string | ((hostOrigin: string) => string),
  size = { width: 900, height: 620 },
) {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  servers.push(server);
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const appUrl = typeof appUrlFor === 'string' ? appUrlFor : appUrlFor(origin);
  const html = `<!doctype html><html lang="en"><head><title>Course notes</title></head><body>
    <h1>Convolution, embedded</h1>
    <iframe id="cnn" src="${appUrl}" width="${size.width}" height="${size.height}" style="border:0" title="CNN visualizer"></iframe>
    <script>
      window.events = [];
      window.addEventListener('message', (e) => {
        if (e.data && e.data.channel === 'cnn-visualizer') window.events.push({ origin: e.origin, ...e.data });
      });
      window.send = (m) => document.getElementById('cnn').contentWindow.postMessage({ channel: 'cnn-visualizer', ...m }, '*');
    </script></body></html>`;
  server.on('request', (_, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(html);
  });
  await page.goto(`${origin}/notes.html`);
  return page.frameLocator('#cnn');
}

const servers: Server[] = [];
test.afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

const events = (page: Page) =>
  page.evaluate(() => (window as unknown as { events: { type: string }[] }).events);
const send = (page: Page, m: object) =>
  page.evaluate((msg) => (window as unknown as { send(m: object): void }).send(msg), m);

test('embed: only the animation with play and step; no header', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.goto('./?preset=teach_5x5_exercise&view=steps&embed=1&show=steps&controls=play,step');
  await expect(page.getByTestId('embed-app')).toBeVisible();
  await expect(page.getByTestId('slide-view')).toBeVisible();
  await expect(page.getByTestId('step-play')).toBeVisible();
  await expect(page.getByTestId('step-forward')).toBeVisible();
  await expect(page.getByTestId('step-scrub')).toHaveCount(0);
  await expect(page.getByTestId('step-speed')).toHaveCount(0);
  await expect(page.getByTestId('preset-select')).toHaveCount(0);
  await expect(page.getByTestId('embed-open-full')).toHaveAttribute(
    'href',
    /preset=teach_5x5_exercise/,
  );
  const axe = await new AxeBuilder({ page }).analyze();
  const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(' ')})`)).toEqual(
    [],
  );
  expect(errors).toEqual([]);
});

test('a host page on another origin drives the embed and receives its events', async ({
  page,
  baseURL,
}) => {
  const frame = await hostPage(page, `${baseURL}?preset=lenet5&embed=1&show=steps`);
  await expect.poll(async () => (await events(page)).map((e) => e.type)).toContain('ready');
  const ready = (await events(page)).find((e) => e.type === 'ready') as unknown as {
    origin: string;
    layers: string[];
  };
  expect(ready.origin).toBe(new URL(baseURL!).origin);
  expect(ready.layers).toContain('c1');

  await send(page, { type: 'load', preset: 'teach_5x5_exercise' });
  await expect.poll(async () => (await events(page)).map((e) => e.type)).toContain('loaded');
  await expect(frame.getByTestId('step-label')).toContainText('position 1 of 9');

  await send(page, { type: 'step', by: 2 });
  await expect(frame.getByTestId('step-label')).toContainText('position 3 of 9');
  await send(page, { type: 'seek', step: 8 });
  await expect(frame.getByTestId('step-label')).toContainText('position 9 of 9');
  await send(page, { type: 'play' });
  await expect
    .poll(async () =>
      (await events(page)).some(
        (e) => e.type === 'step' && (e as unknown as { playing: boolean }).playing,
      ),
    )
    .toBe(true);
  await send(page, { type: 'pause' });

  await send(page, { type: 'selectUnit', unit: { layerId: 'conv', c: 0, y: 1, x: 1 } });
  await expect
    .poll(async () =>
      (await events(page)).some(
        (e) =>
          e.type === 'selection' &&
          JSON.stringify((e as unknown as { unit: unknown }).unit) ===
            JSON.stringify({ layerId: 'conv', c: 0, y: 1, x: 1 }),
      ),
    )
    .toBe(true);
  await send(page, { type: 'showView', view: 'field' });
  await expect(frame.getByTestId('field-panel')).toBeVisible();

  // A bad message gets an error event, and the network stays.
  await send(page, { type: 'load', document: { format: 'nope' } });
  await expect
    .poll(async () =>
      (await events(page))
        .filter((e) => e.type === 'error')
        .map((e) => (e as unknown as { message: string }).message),
    )
    .toContainEqual(expect.stringContaining('format'));
  await send(page, { type: 'showView', view: 'steps' });
  await expect(frame.getByTestId('step-label')).toContainText('of 9');
});

test('with ?origins=…, messages from a page not on the list are ignored', async ({
  page,
  baseURL,
}) => {
  const frame = await hostPage(
    page,
    `${baseURL}?preset=teach_5x5_exercise&view=steps&embed=1&show=steps&origins=${encodeURIComponent('https://allowed.example.org')}`,
  );
  await expect(frame.getByTestId('step-label')).toContainText('position 1 of 9');
  await send(page, { type: 'seek', step: 5 });
  await send(page, { type: 'getState' });
  await page.waitForTimeout(1000);
  await expect(frame.getByTestId('step-label')).toContainText('position 1 of 9');
  expect(await events(page)).toEqual([]);
});

test('Copy embed code: an iframe snippet with the view and controls chosen', async ({ page }) => {
  await page.goto('./?preset=lenet5');
  await expect(page.getByTestId('feature-maps')).toBeVisible();
  await page.getByTestId('embed-open').click();
  await page.getByTestId('embed-view').selectOption('steps');
  await page.getByLabel('Speed').uncheck();
  await page.getByLabel('Position slider').uncheck();
  await page.getByTestId('embed-origins').fill('https://course.example.org');
  const code = await page.getByTestId('embed-code').inputValue();
  expect(code).toMatch(/^<iframe src="http:\/\/[^"]+\?v=1&amp;preset=lenet5&amp;/);
  expect(code).toContain('embed=1&amp;show=steps&amp;controls=play%2Cstep');
  expect(code).toContain('origins=https%3A%2F%2Fcourse.example.org');
  expect(code).toContain('title="CNN visualizer: Watch it compute (animation)"');
  const src = code.match(/src="([^"]+)"/)![1].replace(/&amp;/g, '&');
  await page.goto(src);
  await expect(page.getByTestId('embed-app')).toBeVisible();
  await expect(page.getByTestId('step-play')).toBeVisible();
  await expect(page.getByTestId('step-speed')).toHaveCount(0);
});

test('with ?origins=… naming the host page, its messages are obeyed', async ({ page, baseURL }) => {
  const frame = await hostPage(
    page,
    (origin) =>
      `${baseURL}?preset=teach_5x5_exercise&view=steps&embed=1&show=steps&origins=${encodeURIComponent(origin)}`,
  );
  await expect.poll(async () => (await events(page)).map((e) => e.type)).toContain('ready');
  await send(page, { type: 'seek', step: 5 });
  await expect(frame.getByTestId('step-label')).toContainText('position 6 of 9');
});

const FITS: readonly (readonly [string, EmbedView, number])[] = [
  ['teach_5x5_exercise', 'steps', 1],
  ['lenet5', 'steps', 1],
  ['tinyvgg', 'steps', 3],
  ['tinyvgg', 'maps', 3],
  ['tinyvgg', 'field', 3],
  ['tinyvgg', 'arithmetic', 3],
  ['tinyvgg', 'overview', 3],
  ['tinyvgg', 'filters', 3],
  ['tinyvgg', 'summary', 3],
];

for (const [preset, view, channels] of FITS)
  test(`${preset}, show=${view}: the suggested iframe shows it all, and the embed says its height`, async ({
    page,
    baseURL,
  }) => {
    const size = embedSize(view, channels);
    const frame = await hostPage(page, `${baseURL}?preset=${preset}&embed=1&show=${view}`, size);
    await expect(frame.getByTestId('embed-open-full')).toBeVisible();
    if (view === 'field') await expect(frame.getByTestId('channel').first()).toBeVisible();
    if (view === 'steps') await expect(frame.getByTestId('step-label')).toBeVisible();
    await page.waitForTimeout(1000);
    const sizes = (await events(page)).filter((e) => e.type === 'resize') as unknown as {
      width: number;
      height: number;
    }[];
    expect(sizes.length).toBeGreaterThan(0);
    const last = sizes[sizes.length - 1];
    expect(last.height).toBeGreaterThan(100);
    expect(last.height).toBeLessThanOrEqual(size.height);
    expect(last.width).toBeLessThanOrEqual(size.width);
    // The way out is inside the iframe's box, not scrolled away.
    const box = (await page.locator('#cnn').boundingBox())!;
    const link = (await frame.getByTestId('embed-open-full').boundingBox())!;
    expect(link.y + link.height).toBeLessThanOrEqual(box.y + box.height + 1);
  });
