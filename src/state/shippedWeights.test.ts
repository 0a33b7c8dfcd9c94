// Shipped trained weights in the store: fetched once, merged under the student's edits, named
// (not carried) by links and files, switched as one undo step, and a failed fetch said in words.
import { beforeEach, describe, expect, it } from 'vitest';
import { inferShapes, type OkShape } from '../core/infer';
import { getPreset } from '../core/presets';
import { paramsFor } from '../core/weights';
import { paramsToTensors } from '../core/weightsFile/namedWeights';
import { loadPreset } from './actions';
import { undo } from './history';
import { initialState, useStore } from './store';
import {
  effectiveWeights,
  fetchShipped,
  setWeightsSource,
  weightsOrigin,
  type ShippedLoader,
} from './shippedWeights';
import { currentDocument, importDocumentText, openLink, shareQuery } from './urlState';
import { setWeight } from './weightActions';
import { documentJson } from '../core/share/parseDocument';

const state = () => useStore.getState();
beforeEach(() => useStore.setState(initialState(), true));

// "Trained" LeNet-5 weights for the test: the seeded ones of another seed, so they differ.
const lenet = inferShapes(getPreset('lenet5')!.network);
const trained = Object.fromEntries(
  lenet.layers
    .map((ls) => [ls.id, paramsFor(ls as OkShape, 1234)])
    .filter(([, p]) => Object.keys(p).length),
);
const info = {
  classes: '0123456789'.split(''),
  testAccuracy: 0.981,
  testExamples: 1460,
  input: 'x',
};
const loader: ShippedLoader = async () => ({ tensors: paramsToTensors(lenet, trained), info });

describe('shipped weights', () => {
  it('LeNet-5 opens with its trained set; the views compute with it once fetched', async () => {
    loadPreset('lenet5');
    expect(state().weightsId).toBe('lenet5-mnist');
    expect(effectiveWeights(state())).toBeUndefined();
    await fetchShipped('lenet5-mnist', loader);
    const w = effectiveWeights(state())!;
    expect(w.c1.weight).toEqual(Array.from(trained.c1.weight!));
    expect(weightsOrigin(state(), 'c1')).toBe('trained on MNIST digits');
    // A typed weight is an edit over the trained one.
    setWeight('c1', 0, 0.5);
    const edited = effectiveWeights(state())!.c1;
    expect(edited.weight).toEqual(Array.from(trained.c1.weight!));
    expect(edited.weightEdits).toEqual([[0, 0.5]]);
  });

  it('switching to random is one undo step and a link says weights=random', async () => {
    loadPreset('lenet5');
    await fetchShipped('lenet5-mnist', loader);
    expect(setWeightsSource(null)).toBeNull();
    expect(effectiveWeights(state())).toBeUndefined();
    expect(state().edited).toBe(false);
    const query = shareQuery();
    expect(query).toContain('preset=lenet5');
    expect(query).toContain('weights=random');
    undo();
    expect(state().weightsId).toBe('lenet5-mnist');
    expect(shareQuery()).not.toContain('weights=');
    useStore.setState(initialState(), true);
    expect(openLink(`?${query}`)).toBe(true);
    expect(state().weightsId).toBeNull();
    expect(setWeightsSource('nope')).toMatch(/no shipped weights named 'nope'/);
  });

  it('a network file names the set instead of carrying its numbers', async () => {
    loadPreset('lenet5');
    await fetchShipped('lenet5-mnist', loader);
    setWeight('c1', 0, 0.5);
    const doc = currentDocument();
    expect(doc.trainedWeights).toBe('lenet5-mnist');
    expect(doc.weights).toEqual({ c1: expect.objectContaining({ weightEdits: [[0, 0.5]] }) });
    // An edited network's link carries the name and the one typed weight, not 61,706 numbers.
    const query = shareQuery();
    expect(query.length).toBeLessThan(3_000);
    useStore.setState(initialState(), true);
    expect(openLink(`?${query}`)).toBe(true);
    expect(state().weightsId).toBe('lenet5-mnist');
    expect(state().fixedWeights?.c1.weightEdits).toEqual([[0, 0.5]]);
    const text = documentJson(doc);
    expect(text.length).toBeLessThan(5_000);
    useStore.setState(initialState(), true);
    expect(importDocumentText(text)).toBeNull();
    expect(state().weightsId).toBe('lenet5-mnist');
    expect(importDocumentText(text.replace('lenet5-mnist', 'imagenet-resnet'))).toMatch(
      /trainedWeights: must name shipped weights/,
    );
  });

  it('a failed fetch is an error entry in words, and can be retried', async () => {
    loadPreset('lenet5');
    await fetchShipped('lenet5-mnist', async () => {
      throw new Error('HTTP 404');
    });
    const entry = state().shipped['lenet5-mnist'];
    expect(entry.status).toBe('error');
    expect(entry.status === 'error' && entry.message).toMatch(/HTTP 404.*switch to random weights/);
    await fetchShipped('lenet5-mnist', loader);
    expect(state().shipped['lenet5-mnist'].status).toBe('ready');
    // Weights that do not fit the network are refused naming the layer.
    useStore.setState({ shipped: {} });
    await fetchShipped('lenet5-mnist', async () => ({
      tensors: paramsToTensors(lenet, trained).filter((t) => t.name !== 'c3.bias'),
      info,
    }));
    const bad = state().shipped['lenet5-mnist'];
    expect(bad.status === 'error' && bad.message).toMatch(/no bias for layer 'c3'/);
  });
});
