// The store's actions without React: build, break, fix, undo, type an input, edit a filter.
import { beforeEach, describe, expect, it } from 'vitest';
import { analyze } from './derived';
import { EMPTY_PRESET, loadPreset, resetNetwork, selectLayer } from './actions';
import { setInputMode, setInputValue } from './inputActions';
import {
  addLayer,
  moveLayerBy,
  redo,
  removeLayer,
  setInputSpec,
  undo,
  updateLayer,
} from './networkActions';
import { initialState, useStore } from './store';
import { applyClassicKernel, currentWeights, reinitLayer, setWeight } from './weightActions';
import { setColorScale, zoomChannel } from './viewActions';

const state = () => useStore.getState();
const total = () => analyze(state().network).cost.params;

beforeEach(() => useStore.setState(initialState(), true));

describe('building LeNet-5 from the empty network', () => {
  it('reaches 61,706 parameters, the preset’s count', () => {
    loadPreset(EMPTY_PRESET);
    setInputSpec({ h: 32, w: 32 });
    const conv1 = addLayer('conv2d')!;
    updateLayer(conv1, { outChannels: 6, kernel: [5, 5] });
    addLayer('activation');
    addLayer('avgPool2d');
    const conv2 = addLayer('conv2d')!;
    updateLayer(conv2, { outChannels: 16, kernel: [5, 5] });
    addLayer('activation');
    addLayer('avgPool2d');
    addLayer('flatten');
    for (const f of [120, 84]) {
      updateLayer(addLayer('linear')!, { outFeatures: f });
      addLayer('activation');
    }
    addLayer('linear');
    expect(analyze(state().network).inference.valid).toBe(true);
    expect(total()).toBe(61706);
  });
});

describe('undo and redo', () => {
  it('undo restores the network and selection before an edit; redo re-applies', () => {
    loadPreset('tinyvgg');
    const before = state().network;
    const id = addLayer('maxPool2d');
    expect(state().selectedLayerId).toBe(id);
    undo();
    expect(state().network).toBe(before);
    redo();
    expect(state().network.layers.some((l) => l.id === id)).toBe(true);
  });
  it('a drag of one control is one undo step; a different control is another', () => {
    loadPreset('tinyvgg');
    const before = state().network;
    for (const k of [3, 5, 7]) updateLayer('conv_1_1', { kernel: [k, k] }, 'kernel');
    updateLayer('conv_1_1', { stride: [2, 2] }, 'stride');
    expect(state().history.past).toHaveLength(2);
    undo();
    undo();
    expect(state().network).toBe(before);
  });
  it('loading a preset starts a fresh history; reset goes back to it', () => {
    loadPreset('lenet5');
    removeLayer(state().network.layers[0].id);
    expect(state().edited).toBe(true);
    resetNetwork();
    expect(state().edited).toBe(false);
    expect(state().network.layers).toHaveLength(getLayerCount('lenet5'));
    expect(state().history.past).toHaveLength(0);
  });
});

function getLayerCount(id: string) {
  loadPreset(id);
  return state().network.layers.length;
}

describe('breaking and fixing a layer', () => {
  it('an invalid kernel is stored as typed and explained; fixing it clears the error', () => {
    loadPreset('tinyvgg');
    updateLayer('conv_1_1', { kernel: [0, 0] });
    const ls = analyze(state().network).inference.byId.get('conv_1_1')!;
    expect(ls.status === 'error' && ls.error.message).toContain(
      'kernel height must be a positive whole number, got 0',
    );
    updateLayer('conv_1_1', { kernel: [3, 3] });
    expect(analyze(state().network).inference.valid).toBe(true);
  });
  it('moving and removing keep the selection sensible', () => {
    loadPreset('lenet5');
    const [a, b] = state().network.layers.map((l) => l.id);
    moveLayerBy(a, 1);
    expect(state().network.layers[1].id).toBe(a);
    selectLayer(b);
    removeLayer(b);
    expect(state().selectedLayerId).toBe(a);
  });
});

describe('numeric input', () => {
  it('the 5×5 exercise: typed input with a typed kernel', () => {
    loadPreset(EMPTY_PRESET);
    setInputSpec({ h: 5, w: 5 });
    expect(setInputMode('numeric')).toBe(true);
    setInputValue(0, 0, 0, 1);
    expect(state().fixedInput?.[0]).toBe(1);
    expect(state().fixedInput).toHaveLength(25);
    setInputSpec({ h: 6 });
    expect(state().fixedInput).toHaveLength(30);
    expect(state().fixedInput?.[0]).toBe(1);
  });
  it('refuses typed input for a 224×224 network with a message', () => {
    loadPreset('vgg16');
    expect(setInputMode('numeric')).toBe(false);
    expect(state().notices[0]).toMatch(/up to 16×16/);
  });
});

describe('filters', () => {
  it('setWeight, a classic kernel, and re-initialization', () => {
    loadPreset('tinyvgg');
    const w0 = currentWeights('conv_1_1')!;
    setWeight('conv_1_1', 0, 0.5);
    expect(currentWeights('conv_1_1')![0]).toBe(0.5);
    expect(applyClassicKernel('conv_1_1', 1, 2, 'sobelX')).toBe(true);
    const w = currentWeights('conv_1_1')!;
    const perOut = w.length / 10;
    expect(Array.from(w.slice(perOut + 18, perOut + 27))).toEqual([-1, 0, 1, -2, 0, 2, -1, 0, 1]);
    reinitLayer('conv_1_1', 42);
    const w2 = currentWeights('conv_1_1')!;
    expect(w2[0]).not.toBe(0.5);
    expect(w2[0]).not.toBe(w0[0]);
    undo();
    expect(currentWeights('conv_1_1')![perOut + 18]).toBe(-1);
  });
  it('kernel 3×3 → 5×5 keeps a typed weight, moved to the same place around the centre', () => {
    loadPreset('tinyvgg');
    setWeight('conv_1_1', 0, 0.5); // filter 0, channel 0, row 0, column 0 of 3×3
    updateLayer('conv_1_1', { kernel: [5, 5] });
    // Row 0, column 0 of the 3×3 is row 1, column 1 of the 5×5: index 1·5 + 1 = 6.
    expect(state().fixedWeights?.conv_1_1?.weightEdits).toEqual([[6, 0.5]]);
    expect(currentWeights('conv_1_1')![6]).toBe(0.5);
    expect(state().notices.join(' ')).toMatch(/kept 1 of 1 typed weights/);
    undo();
    expect(currentWeights('conv_1_1')![0]).toBe(0.5);
  });
  it('kernel 5×5 → 3×3 crops typed weights around the centre and names the dropped ones', () => {
    loadPreset('tinyvgg');
    updateLayer('conv_1_1', { kernel: [5, 5] });
    setWeight('conv_1_1', 0, 0.25); // a corner: outside the 3×3 centre
    setWeight('conv_1_1', 12, 0.75); // the centre of 5×5
    updateLayer('conv_1_1', { kernel: [3, 3] });
    expect(state().fixedWeights?.conv_1_1?.weightEdits).toEqual([[4, 0.75]]);
    expect(state().notices.join(' ')).toMatch(/kept 1 of 2 typed weights/);
  });
  it("the 5×5 exercise's typed 3×3 kernel survives a 5×5 kernel, padded with zeros", () => {
    loadPreset('teach_5x5_exercise');
    updateLayer('conv', { kernel: [5, 5], padding: [1, 1] });
    const w = Array.from(currentWeights('conv')!);
    // 1s on the corners and the centre of the 3×3, now in the middle of a ring of zeros.
    expect(w).toEqual([0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0]);
    expect(state().notices.join(' ')).toMatch(
      /kept 9 of 9 hand-set values, the 16 new ones set to 0/,
    );
  });
  it('a typed weight stays through an invalid kernel and comes back with a valid one', () => {
    loadPreset('tinyvgg');
    setWeight('conv_1_1', 4, 2); // the centre
    updateLayer('conv_1_1', { kernel: [0, 0] }); // stored, explained, not computable
    updateLayer('conv_1_1', { kernel: [5, 5] });
    expect(currentWeights('conv_1_1')![12]).toBe(2);
  });
  it('one typed weight in a big layer stores one pair, not a copy of the layer', () => {
    loadPreset('vgg16');
    setWeight('conv5_3', 7, 0.125);
    expect(state().fixedWeights?.conv5_3?.weightEdits).toEqual([[7, 0.125]]);
    expect(state().fixedWeights?.conv5_3?.weight).toBeUndefined();
  });
});

describe('view', () => {
  it('colour scale mode and zoom; selecting another layer leaves the zoom', () => {
    loadPreset('tinyvgg');
    setColorScale('channel');
    zoomChannel(3);
    expect(state().view).toMatchObject({ colorScale: 'channel', zoomChannel: 3 });
    selectLayer('conv_1_2');
    expect(state().view.zoomChannel).toBeNull();
  });
});

describe('edits a link could not carry are refused with a reason, and change nothing', () => {
  // The nine ways a reload used to replace the student's network with Tiny VGG, and more.
  const refusals: [string, () => string | null, RegExp][] = [
    [
      'a layer named a<b',
      () => updateLayer('conv_1_1', { name: 'a<b' }),
      /name: must be plain text/,
    ],
    ['a name with a backtick', () => updateLayer('conv_1_1', { name: 'a`b' }), /plain text/],
    [
      'a name of 81 characters',
      () => updateLayer('conv_1_1', { name: 'x'.repeat(81) }),
      /at most 80/,
    ],
    ['input batch 0', () => setInputSpec({ n: 0 }), /batch: must be at least 1/],
    ['input height 2.5', () => setInputSpec({ h: 2.5 }), /height: must be a whole number/],
    ['input height 1025', () => setInputSpec({ h: 1025 }), /height: must be at most 1024/],
    ['input height −1', () => setInputSpec({ h: -1 }), /height: must be at least 1/],
    ['input batch 9', () => setInputSpec({ n: 9 }), /batch: must be at most 8/],
    ['input channels 65', () => setInputSpec({ c: 65 }), /channels: must be at most 64/],
    [
      'conv channels 5000',
      () => updateLayer('conv_1_1', { outChannels: 5000 }),
      /output channels: must be at most 4096/,
    ],
    [
      'kernel −1',
      () => updateLayer('conv_1_1', { kernel: [-1, -1] }),
      /kernel height: must be at least 0/,
    ],
    [
      'kernel 65',
      () => updateLayer('conv_1_1', { kernel: [65, 65] }),
      /kernel height: must be at most 64/,
    ],
    ['bias "yes"', () => updateLayer('conv_1_1', { bias: 'yes' as unknown as boolean }), /bias/],
    [
      'padding mode circular',
      () => updateLayer('conv_1_1', { paddingMode: 'circular' as 'zeros' }),
      /padding mode/,
    ],
    ['an unknown setting', () => updateLayer('conv_1_1', { code: 1 } as object), /code/],
  ];
  it.each(refusals)('%s', (_, edit, why) => {
    loadPreset('tinyvgg');
    const before = state().network;
    let refusal: string | null = null;
    expect(() => (refusal = edit())).not.toThrow();
    expect(refusal).toMatch(why);
    expect(state().network).toBe(before);
    expect(state().history.past).toHaveLength(0);
  });

  it('batch-norm epsilon above 1 is refused', () => {
    loadPreset('resnet18');
    const bn = state().network.layers.find((l) => l.kind === 'batchNorm')!;
    expect(updateLayer(bn.id, { eps: 2 })).toMatch(/epsilon: must be ≤ 1/);
  });

  it('typed input: no holes, no throw, for out-of-range positions and bad numbers', () => {
    loadPreset('teach_5x5_exercise');
    const before = state().fixedInput;
    expect(setInputValue(0, 9, 9, 1)).toMatch(/no input value at channel 0, row 9, column 9/);
    expect(setInputValue(0, 1.5, 0, 1)).toMatch(/no input value/);
    expect(setInputValue(0, 0, 0, NaN)).toMatch(/finite/);
    expect(setInputValue(0, 0, 0, 1e39)).toMatch(/float32/);
    expect(state().fixedInput).toBe(before);
    expect(state().fixedInput!.every((v) => typeof v === 'number')).toBe(true);
  });

  it('reinitLayer with NaN or a missing layer, setWeight out of range: refused', () => {
    loadPreset('tinyvgg');
    expect(reinitLayer('conv_1_1', NaN)).toBeNull();
    expect(reinitLayer('nope', 3)).toBeNull();
    expect(setWeight('conv_1_1', -1, 1)).toMatch(/no weight -1/);
    expect(setWeight('conv_1_1', 2.5, 1)).toMatch(/no weight 2.5/);
    expect(setWeight('conv_1_1', 0, Infinity)).toMatch(/finite/);
    expect(state().fixedWeights).toBeUndefined();
  });

  it('setInputMode with a mode that does not exist changes nothing', () => {
    loadPreset('tinyvgg');
    expect(setInputMode('text' as 'image')).toBe(false);
    expect(state().inputMode).toBe('image');
  });
});
