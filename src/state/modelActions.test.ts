// Opening an ONNX model replaces the network and its weights as one undo step, with a notice
// that sums it up; a refused file changes nothing but the notices. The exports read the
// parameters the views show (currentParams).

import { onnx } from 'onnx-proto';
import { beforeEach, describe, expect, it } from 'vitest';
import { fixtureBytes } from '../core/onnx/testing/fixtures';
import { inferShapes, type OkShape } from '../core/infer';
import { paramsFor } from '../core/weights';
import { loadPreset } from './actions';
import { currentParams } from './currentParams';
import { onnxModelBytes, openModelBytes, pytorchWeightsBytes } from './modelActions';
import { undo } from './networkActions';
import { initialState, useStore } from './store';

const state = () => useStore.getState();

beforeEach(() => {
  useStore.setState(initialState(), true);
  loadPreset('tinyvgg');
  // Random weights: the trained ones are fetched by the page, not here.
  useStore.setState({ weightsId: null });
});

describe('opening an ONNX model', () => {
  it('LeNet-5 from PyTorch: the network and weights replace the preset in one undo step', async () => {
    const r = await openModelBytes('lenet5.onnx', fixtureBytes('lenet5'));
    expect(r).toEqual({
      ok: true,
      message:
        "Opened lenet5.onnx: 13 layers, 61,706 parameters; batch size 'batch' set to 1; Pad nodes of zero width skipped (×2). Undo (Ctrl+Z) goes back.",
    });
    expect(state().notices).toContain(r.message);
    expect(state().network.layers).toHaveLength(13);
    expect(state().presetId).toBeNull();
    expect(state().selectedLayerId).toBe('c1');
    const c1 = inferShapes(state().network).byId.get('c1') as OkShape;
    expect(Array.from(currentParams().c1.weight!)).toEqual(state().fixedWeights!.c1.weight);
    expect(paramsFor(c1, state().seed, state().fixedWeights!.c1).bias!.length).toBe(6);
    undo();
    expect(state().presetId).toBe('tinyvgg');
    expect(state().fixedWeights).toBeUndefined();
    expect(state().weightsId).toBeNull();
  });

  it('a refused file leaves the network, weights and history as they were', async () => {
    const before = { network: state().network, past: state().history.past };
    const r = await openModelBytes('up.onnx', fixtureBytes('resize_unsupported'));
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(
      /^Could not open up\.onnx: node '\/up\/Resize' \(Resize\) is not supported; .*Your network is unchanged\.$/,
    );
    expect(state().network).toBe(before.network);
    expect(state().history.past).toBe(before.past);
    expect(state().notices).toEqual([r.message]);
  });
});

describe('exports of the network on screen', () => {
  it('ONNX: the current parameters go in, and the file opens again as the same network', async () => {
    await openModelBytes('m.onnx', fixtureBytes('mobilenet_block'));
    const bytes = await onnxModelBytes('Mine');
    const g = onnx.ModelProto.decode(bytes).graph!;
    const w = g.initializer!.find((t) => t.name === 'dw.weight')!;
    expect(Array.from(new Float32Array(Uint8Array.from(w.rawData!).buffer))).toEqual(
      state().fixedWeights!.dw.weight,
    );
    const kinds = state().network.layers.map((l) => l.kind);
    await openModelBytes('again.onnx', bytes);
    expect(state().network.layers.map((l) => l.kind)).toEqual(kinds);
  });

  it('PyTorch weights: one tensor per parameter array, safetensors header first', () => {
    const bytes = pytorchWeightsBytes();
    const size = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + size)));
    const arrays = Object.values(currentParams()).reduce((n, p) => n + Object.keys(p).length, 0);
    expect(Object.keys(header).filter((k) => k !== '__metadata__')).toHaveLength(arrays);
  });
});

describe('with shipped trained weights', () => {
  it('an opened model drops them (its own weights count), and undo brings them back', async () => {
    loadPreset('lenet5');
    expect(state().weightsId).toBe('lenet5-mnist');
    expect(() => currentParams()).toThrow(/still loading/);
    await openModelBytes('lenet5.onnx', fixtureBytes('lenet5'));
    expect(state().weightsId).toBeNull();
    expect(Array.from(currentParams().c1.weight!)).toEqual(state().fixedWeights!.c1.weight);
    undo();
    expect(state().weightsId).toBe('lenet5-mnist');
  });
});
