// Test support: strokes drawn on the drawing pad with the mouse, in the pad's unit square
// (x right, y down). The pad's box is measured at each call (the layout may have moved).
import type { Page } from '@playwright/test';

export type Stroke = readonly (readonly [number, number])[];

export async function draw(page: Page, strokes: readonly Stroke[]) {
  const box = (await page.getByTestId('draw-pad').boundingBox())!;
  const at = ([x, y]: readonly [number, number]) =>
    [box.x + x * box.width, box.y + y * box.height] as const;
  for (const stroke of strokes) {
    await page.mouse.move(...at(stroke[0]));
    await page.mouse.down();
    for (const p of stroke.slice(1)) await page.mouse.move(...at(p), { steps: 6 });
    await page.mouse.up();
  }
}
