// The compute loop's prediction phase and its wait for shipped weights, with the CPU computation
// behind a fake backend (no worker): the prediction is the classifier's output for the input.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inferShapes, type OkShape } from '../core/infer';
import { getPreset } from '../core/presets';
import { tensor } from '../core/tensor';
import { paramsFor } from '../core/weights';
import { paramsToTensors } from '../core/weightsFile/namedWeights';
import type { Backend, ForwardRequest } from '../backend/backend';
import { computeForward, pickReadback } from '../backend/cpuCompute';
import { loadPreset, selectLayer } from './actions';
import { updateLayer } from './networkActions';
import { SAMPLE_IMAGES } from '../core/samples';
import type { Conv2dLayer } from '../core/layers';
import { requestPrediction, startCompute } from './compute';
import { fetchShipped } from './shippedWeights';
import { initialState, useStore } from './store';

const requests: ForwardRequest[] = [];
const backend: Backend = {
  status: () => ({ kind: 'cpu', notice: null, why: null, device: 'CPU' }),
  onChange: () => () => {},
  async forward(request: ForwardRequest) {
    requests.push(request);
    const all = computeForward(request);
    return { activations: pickReadback(all, request), millis: 0 };
  },
  dispose() {},
} as unknown as Backend;

// A fixed input: a diagonal stroke.
const input = () => {
  const data = new Float32Array(32 * 32);
  for (let i = 4; i < 28; i++) data[i * 32 + i] = 1;
  return tensor([1, 1, 32, 32], data);
};

const until = async (ok: () => boolean) => {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(ok()).toBe(true);
};

let stop: (() => void) | null = null;
beforeEach(() => {
  useStore.setState(initialState(), true);
  requests.length = 0;
});
afterEach(() => stop?.());

describe('the compute loop', () => {
  it('after the selected layer, the classifier output: the softmax of the whole network', async () => {
    loadPreset('lenet5');
    useStore.setState({ weightsId: null });
    selectLayer('c1');
    stop = startCompute(backend, async () => input());
    await until(() => useStore.getState().compute.prediction !== null);
    const p = useStore.getState().compute.prediction!;
    expect(p.layerId).toBe('softmax');
    expect(p.probabilities).toBe(true);
    // Independent of the loop: the whole forward at once.
    const all = computeForward({ network: getPreset('lenet5')!.network, input: input(), seed: 1 });
    expect(Array.from(p.scores)).toEqual(Array.from(all.get('softmax')!.data));
    expect(p.scores.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    // The maps' request stopped at c1; the prediction asked for the output.
    expect(requests.map((r) => r.upTo)).toEqual(['c1', 'softmax']);
  });

  it('a dataset example: its fitted input and its true label', async () => {
    loadPreset('lenet5');
    useStore.setState({ weightsId: null, example: { dataset: 'mnist', index: 4 } });
    const asked: number[] = [];
    stop = startCompute(
      backend,
      async () => {
        throw new Error('the sample is not wanted');
      },
      async (ref) => {
        asked.push(ref.index);
        return { input: input(), label: 7 };
      },
    );
    await until(() => useStore.getState().compute.prediction !== null);
    expect(asked).toEqual([4]);
    expect(useStore.getState().compute.label).toBe(7);
    expect(requests[0].input.data).toEqual(input().data);
  });

  it('an edit to the layers reuses the input made last; a new picture is loaded afresh', async () => {
    loadPreset('lenet5');
    useStore.setState({ weightsId: null });
    selectLayer('c1');
    const loaded: string[] = [];
    // Each file gives a different picture: its stroke starts at a row of its own.
    stop = startCompute(backend, async (file) => {
      loaded.push(file);
      const t = input();
      t.data[loaded.length] = 1;
      return t;
    });
    await until(() => useStore.getState().compute.status === 'done');
    expect(loaded).toHaveLength(1);
    const first = requests[0].input.data.slice();
    updateLayer('c1', { kernel: [3, 3] });
    const c1Kernel = (r: ForwardRequest) => (r.network.layers[0] as Conv2dLayer).kernel[0];
    await until(() => requests.some((r) => c1Kernel(r) === 3));
    // No second load; the same numbers went out.
    expect(loaded).toHaveLength(1);
    const edited = requests.find((r) => c1Kernel(r) === 3)!;
    expect(edited.input.data).toEqual(first);
    // Another sample picture: loaded, and its numbers sent.
    const other = SAMPLE_IMAGES.find((x) => x.id !== useStore.getState().sampleId)!;
    useStore.setState({ sampleId: other.id });
    await until(() => loaded.length === 2);
    await until(() => requests.some((r) => r.input.data[2] === 1));
    expect(loaded[1]).toBe(other.file);
  });

  it('waits for shipped weights, then computes with them', async () => {
    loadPreset('lenet5');
    stop = startCompute(backend, async () => input());
    await new Promise((r) => setTimeout(r, 30));
    expect(useStore.getState().compute.status).toBe('running');
    expect(requests).toHaveLength(0);
    const lenet = inferShapes(getPreset('lenet5')!.network);
    const trained = Object.fromEntries(
      lenet.layers
        .map((ls) => [ls.id, paramsFor(ls as OkShape, 99)] as const)
        .filter(([, p]) => Object.keys(p).length),
    );
    await fetchShipped('lenet5-mnist', async () => ({
      tensors: paramsToTensors(lenet, trained),
      info: { classes: '0123456789'.split(''), testAccuracy: 0.98 },
    }));
    await until(() => useStore.getState().compute.prediction !== null);
    expect(requests[0].fixedWeights?.c1.weight).toEqual(Array.from(trained.c1.weight!));
  });
});

describe('the prediction of a big network', () => {
  // conv 3→64 over 1024×1024 is 1.8 G multiply-accumulates: over LIMITS.autoPredictMacs.
  const big = {
    input: { n: 1, c: 3, h: 1024, w: 1024 },
    layers: [
      {
        id: 'conv',
        kind: 'conv2d',
        outChannels: 64,
        kernel: [3, 3],
        stride: [1, 1],
        padding: [1, 1],
        paddingMode: 'zeros',
        dilation: [1, 1],
        groups: 1,
        bias: true,
      },
      { id: 'gap', kind: 'globalAvgPool' },
      { id: 'flat', kind: 'flatten' },
      { id: 'fc', kind: 'linear', outFeatures: 5, bias: true },
    ],
  } as unknown as import('../core/layers').Network;
  const asked: (string | undefined)[] = [];
  // Answers without computing: zeros of each asked layer's shape, or a refusal for 'fc'.
  const fake = (refuse: boolean): Backend =>
    ({
      status: () => ({ kind: 'cpu', notice: null, why: null, device: 'CPU' }),
      onChange: () => () => {},
      async forward(r: ForwardRequest) {
        asked.push(r.upTo);
        if (r.upTo === 'fc' && refuse) throw new Error("layer 'fc' is over the budget");
        const ls = inferShapes(r.network).byId.get(r.upTo!) as OkShape;
        const n = ls.shape.reduce((a, b) => a * b, 1);
        return {
          activations: new Map([[r.upTo!, tensor([...ls.shape], new Float32Array(n))]]),
          millis: 0,
        };
      },
      dispose() {},
    }) as unknown as Backend;
  const image = async () => tensor([1, 3, 1024, 1024], new Float32Array(3 * 1024 * 1024));

  it('waits for the button, then predicts once', async () => {
    asked.length = 0;
    useStore.setState({ network: big, selectedLayerId: 'conv' });
    stop = startCompute(fake(false), image);
    await until(() => useStore.getState().compute.predictionStatus === 'on-demand');
    expect(asked).toEqual(['conv']);
    requestPrediction();
    await until(() => useStore.getState().compute.predictionStatus === 'ready');
    expect(asked.at(-1)).toBe('fc');
    expect(useStore.getState().compute.prediction?.scores).toHaveLength(5);
  });

  it('a prediction that fails is said, and the maps stay done', async () => {
    useStore.setState({ network: { ...big }, selectedLayerId: 'conv' });
    stop = startCompute(fake(true), image);
    await until(() => useStore.getState().compute.predictionStatus === 'on-demand');
    requestPrediction();
    await until(() => useStore.getState().compute.predictionStatus === 'error');
    expect(useStore.getState().compute.predictionMessage).toMatch(/over the budget/);
    expect(useStore.getState().compute.status).toBe('done');
  });
});
