// The trainer runs in the browser, on the page's WebGPU (SwiftShader here) and on the CPU: the
// same code the Node tests train LeNet-5 with (src/backend/train/shapesRun.ts).
import { expect, test } from '@playwright/test';
import { collectConsoleErrors } from './fixtures';

interface Run {
  engine: string;
  losses: number[];
  accuracy: number;
  reason: string;
}

const train = (page: import('@playwright/test').Page, engine: 'cpu' | 'gpu', steps: number) =>
  page.evaluate(
    ([e, s]) =>
      (
        window as unknown as {
          __cnnDebug: { train(e: string, s: number, b: number): Promise<Run> };
        }
      ).__cnnDebug.train(e as string, s as number, 16),
    [engine, steps] as const,
  );

for (const engine of ['gpu', 'cpu'] as const) {
  test(`LeNet-5 trains in the browser on the ${engine.toUpperCase()}: the loss falls`, async ({
    page,
  }) => {
    test.setTimeout(300_000);
    const errors = collectConsoleErrors(page);
    await page.goto('./?preset=lenet5&debug&backend=cpu');
    await page.waitForFunction(
      () => 'train' in ((window as unknown as { __cnnDebug?: object }).__cnnDebug ?? {}),
    );
    const run = await train(page, engine, 30);
    expect(run.engine).toBe(engine);
    expect(run.reason).toBe('finished');
    expect(run.losses).toHaveLength(30);
    const first = run.losses.slice(0, 5).reduce((a, b) => a + b) / 5;
    const last = run.losses.slice(-5).reduce((a, b) => a + b) / 5;
    expect(last).toBeLessThan(first * 0.8);
    expect(errors).toEqual([]);
  });
}
