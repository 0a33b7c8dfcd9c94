// The shipped Tiny VGG weights are real: evaluated on the held-out colour shapes with the app's
// CPU forward they reach what their JSON states (to 0.1%), far above what colour alone or gray
// pixels alone give (src/core/data/colors.test.ts).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { COLOR_CLASSES } from '../../src/core/data/colors';
import { getPreset } from '../../src/core/presets';
import { evaluate, readWeights } from './evaluate';
import { checkShippedJson } from './shippedJson';
import { tinyvggRecipe } from './tinyvgg';

const dir = new URL('../../public/weights/', import.meta.url);
const bytes = new Uint8Array(readFileSync(new URL('tinyvgg-colors.safetensors', dir)));
const json = JSON.parse(readFileSync(new URL('tinyvgg-colors.json', dir), 'utf8'));

describe('public/weights/tinyvgg-colors', () => {
  const network = getPreset('tinyvgg')!.network;
  const { params, metadata } = readWeights(network, bytes);
  const recipe = tinyvggRecipe();

  it('reaches ≥ 90% on the held-out pictures, as its JSON and metadata state (to 0.1%)', () => {
    const r = evaluate(network, params, recipe.test);
    expect(r.examples).toBe(json.testExamples);
    expect(r.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(Math.abs(r.accuracy - json.testAccuracy)).toBeLessThanOrEqual(0.001);
    expect(Math.abs(r.accuracy - Number(metadata.accuracy))).toBeLessThanOrEqual(0.001);
  }, 60_000);

  it('its JSON describes the data, the input and the run', () => {
    checkShippedJson(json, metadata, {
      name: 'tinyvgg-colors',
      preset: 'tinyvgg',
      classes: COLOR_CLASSES,
      trainExamples: recipe.trainExamples,
      testExamples: recipe.test.size,
      command: 'npm run train:tinyvgg',
    });
    expect(json.input).toMatch(/64×64 RGB.*\[0, 1\]/);
  });
});
