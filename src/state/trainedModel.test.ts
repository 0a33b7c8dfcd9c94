// A reload of a trained model: the link leaves LeNet-5's largest arrays out; the saved document
// puts them back. A plain preset link, or another network, is left alone.
import { beforeEach, describe, expect, it } from 'vitest';
import { inferShapes, type OkShape } from '../core/infer';
import { getPreset } from '../core/presets';
import { paramsFor } from '../core/weights';
import { loadPreset } from './actions';
import { commit } from './history';
import { initialState, useStore } from './store';
import { restoreTrained } from './trainedModel';
import { currentDocument, openLink, shareQuery } from './urlState';

const state = () => useStore.getState();
beforeEach(() => useStore.setState(initialState(), true));

function trainedLenet() {
  loadPreset('lenet5');
  const inference = inferShapes(getPreset('lenet5')!.network);
  const fixed = Object.fromEntries(
    inference.layers
      .map((ls) => [ls.id, paramsFor(ls as OkShape, 77)] as const)
      .filter(([, p]) => Object.keys(p).length)
      .map(([id, p]) => [
        id,
        Object.fromEntries(Object.entries(p).map(([k, a]) => [k, Array.from(a as Float32Array)])),
      ]),
  );
  commit({ fixedWeights: fixed, weightsId: null });
  return { savedAt: Date.now(), document: currentDocument() };
}

describe('the last trained model across a reload', () => {
  it('puts back the arrays the link left out, as an undo step', () => {
    const saved = trainedLenet();
    const query = shareQuery();
    useStore.setState(initialState(), true);
    expect(openLink(`?${query}`)).toBe(true);
    expect(state().fixedWeights?.c5?.weight).toBeUndefined(); // 48,000 numbers: left out
    expect(restoreTrained(saved)).toBe(true);
    // As a file holds them: float32 values to 9 significant digits, the same float32s.
    const back = Float32Array.from(state().fixedWeights!.c5.weight!);
    expect(back.every((v, i) => v === saved.document.weights!.c5.weight![i])).toBe(true);
    expect(state().notices.join(' ')).toMatch(/Restored the weights trained in this browser/);
  });

  it('leaves a plain preset link and other networks alone', () => {
    const saved = trainedLenet();
    useStore.setState(initialState(), true);
    openLink('?preset=lenet5');
    expect(restoreTrained(saved)).toBe(false);
    openLink('?preset=tinyvgg');
    expect(restoreTrained(saved)).toBe(false);
    expect(restoreTrained(null)).toBe(false);
  });
});
