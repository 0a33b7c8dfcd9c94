import { beforeEach, describe, expect, it } from 'vitest';
import { tensor } from '../core/tensor';
import type { GradCamResult, SaliencyResult } from '../core/explain/types';
import type { FeatureVisFrame } from '../core/explain/featureVis';
import { loadPreset } from './actions';
import { configureExplain } from './explainContext';
import { forgetExplanations, openWhy, runWhy, setWhy } from './explainActions';
import { runFeatureVis, topSource } from './featureVisActions';
import { initialState, useStore } from './store';

const state = () => useStore.getState();

/** LeNet-5 with its seeded random weights, a 32×32 input with a bar, and a prediction. */
function lenetWith(bar: number, top = 3) {
  loadPreset('lenet5');
  const data = new Float32Array(32 * 32);
  for (let y = 4; y < 28; y++) data[y * 32 + bar] = 1;
  const scores = new Float32Array(10);
  scores[top] = 5;
  useStore.setState({
    weightsId: null,
    compute: {
      ...state().compute,
      input: tensor([1, 1, 32, 32], data),
      prediction: { layerId: 'f7', scores, probabilities: false },
      predictionStatus: 'ready',
    },
  });
}

beforeEach(() => {
  useStore.setState(initialState(), true);
  forgetExplanations();
  configureExplain({ cpuOn: 'inline' });
});

describe('the Why panel explains the input on screen', () => {
  it('explains the top class by default, on the CPU, and answers again from the cache', async () => {
    lenetWith(10);
    openWhy(true);
    await runWhy();
    const r = state().explain.result!;
    expect(state().explain.status).toBe('done');
    expect(r).toMatchObject({ method: 'saliency', cls: 3, engine: 'cpu', cached: false });
    expect((r.value as SaliencyResult).map).toHaveLength(32 * 32);
    await runWhy();
    expect(state().explain.result).toMatchObject({ key: r.key, cached: true, value: r.value });
    // Another class, then another input: new keys, computed afresh.
    expect(setWhy({ cls: 7 })).toBeNull();
    await runWhy();
    expect(state().explain.result).toMatchObject({ cls: 7, cached: false });
    lenetWith(20);
    useStore.setState({ explain: { ...state().explain, open: true } });
    await runWhy();
    expect(state().explain.result!.key).not.toBe(r.key);
  });

  it('Grad-CAM at C3 by default (16 weights), or at the layer chosen', async () => {
    lenetWith(10);
    openWhy(true);
    setWhy({ method: 'gradCam' });
    await runWhy();
    const cam = state().explain.result!.value as GradCamResult;
    expect([cam.layer, cam.weights.length, cam.camHeight]).toEqual(['c3', 16, 10]);
    setWhy({ camLayer: 'c1' });
    await runWhy();
    expect((state().explain.result!.value as GradCamResult).weights).toHaveLength(6);
  });

  it('refuses bad settings in words and keeps the old ones; says what is missing', async () => {
    lenetWith(10);
    expect(setWhy({ patch: 40 })).toMatch(/1 … 32 pixels/);
    expect(state().explain.settings.patch).toBeNull();
    openWhy(true);
    useStore.setState({
      compute: { ...state().compute, prediction: null, predictionStatus: 'none' },
    });
    await runWhy();
    expect(state().explain).toMatchObject({ status: 'idle' });
    expect(state().explain.message).toMatch(/needs a classifier/);
    useStore.setState({ compute: { ...state().compute, input: null } });
    await runWhy();
    expect(state().explain.message).toMatch(/waiting for the input/);
  });

  it('feature visualization: one frame per step for 5 steps, then cached', async () => {
    lenetWith(10);
    openWhy(true);
    setWhy({ method: 'featureVis', steps: 5, channel: { layer: 'c1', channel: 2 } });
    await runFeatureVis();
    expect(state().explain.objectives).toHaveLength(5);
    expect((state().explain.result!.value as FeatureVisFrame).step).toBe(5);
    await runFeatureVis();
    expect(state().explain.result!.cached).toBe(true);
    expect(state().explain.objectives).toHaveLength(5);
  });

  it('top examples come from the dataset the input matches, or say none does', () => {
    loadPreset('lenet5');
    expect(topSource(state().network)).toEqual({ id: 'mnist', pad: 2 });
    loadPreset('tinyvgg');
    expect(topSource(state().network)).toEqual({ id: 'colors', pad: 0 });
    expect(topSource({ input: { n: 1, c: 3, h: 32, w: 32 }, layers: [] })).toMatch(
      /no shipped dataset has 3×32×32/,
    );
  });
});
