// The shipped LeNet-5 weights are real: evaluated on the held-out MNIST digits with the app's CPU
// forward they reach the bar, and the accuracy their JSON states is the one measured here.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { mnistDatasets } from '../../src/core/data/mnist';
import { classSubset } from '../../src/core/data/subset';
import { getPreset } from '../../src/core/presets';
import { mnistBytes } from '../data/mnistConvert';
import { evaluate, readWeights } from './evaluate';
import { checkShippedJson } from './shippedJson';

const dir = new URL('../../public/weights/', import.meta.url);
const bytes = new Uint8Array(readFileSync(new URL('lenet5-mnist.safetensors', dir)));
const json = JSON.parse(readFileSync(new URL('lenet5-mnist.json', dir), 'utf8'));

describe('public/weights/lenet5-mnist', () => {
  const network = getPreset('lenet5')!.network;
  const { params, metadata } = readWeights(network, bytes);
  const { train, test } = mnistDatasets(mnistBytes(), { pad: 2 });

  it('reaches ≥ 97% on the 1,505 held-out digits, as its JSON and metadata state (to 0.1%)', () => {
    const r = evaluate(network, params, test);
    expect(r.examples).toBe(1505);
    expect(r.accuracy).toBeGreaterThanOrEqual(0.97);
    expect(Math.abs(r.accuracy - json.testAccuracy)).toBeLessThanOrEqual(0.001);
    expect(Math.abs(r.accuracy - Number(metadata.accuracy))).toBeLessThanOrEqual(0.001);
    // Every digit is learnt, not just the easy ones.
    for (const [ok, n] of r.perClass) expect(ok / n).toBeGreaterThan(0.9);
  });

  it('its JSON describes the data, the input and the run', () => {
    checkShippedJson(json, metadata, {
      name: 'lenet5-mnist',
      preset: 'lenet5',
      classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
      trainExamples: train.size,
      testExamples: test.size,
      command: 'npm run train:lenet',
    });
    expect(json.input).toMatch(/28×28.*padded.*32×32.*\[0, 1\].*white.*on black/);
  });
});

describe('public/weights/lenet5-mnist04 (the transfer-learning demo: digits 0–4 only)', () => {
  const network = getPreset('lenet5')!.network;
  const file = (name: string) => new URL(name, dir);
  const w04 = readWeights(
    network,
    new Uint8Array(readFileSync(file('lenet5-mnist04.safetensors'))),
  );
  const json04 = JSON.parse(readFileSync(file('lenet5-mnist04.json'), 'utf8'));
  const { test } = mnistDatasets(mnistBytes(), { pad: 2 });
  const seen = classSubset(test, { classes: [0, 1, 2, 3, 4] });
  const unseen = classSubset(test, { classes: [5, 6, 7, 8, 9] });

  it('knows 0–4 (≥ 96% held out, as its JSON states) and has never answered 5–9', () => {
    const r = evaluate(network, w04.params, seen);
    expect(r.accuracy).toBeGreaterThanOrEqual(0.96);
    expect(Math.abs(r.accuracy - json04.testAccuracy)).toBeLessThanOrEqual(0.001);
    // classSubset relabels 5–9 as 0–4: a digit 5 is "right" here only when the net says 0.
    // Every unseen digit is called one of 0–4, so that is chance: about 20%, never near 90%.
    const u = evaluate(network, w04.params, unseen);
    expect(u.accuracy).toBeLessThan(0.4);
    expect(json04.classes).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(json04.command).toBe('npm run train:lenet04');
  });
});
