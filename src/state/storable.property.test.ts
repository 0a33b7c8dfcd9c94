// Whatever the editor can store, a link and a file carry back: random sequences of the edits a
// student can make (good values and bad ones: kernel −1 or 65, a name with `<`, batch 0, height
// 2.5, hand-typed weights, undo, redo), each ending in a round trip through a link and a file
// that must give the same network, weights, input and seed. A reload can never lose a network.

import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { PALETTE } from '../core/edit';
import { documentJson, parseDocumentText } from '../core/share/parseDocument';
import { decodeShare } from '../core/share/urlCodec';
import { CLASSIC_KERNELS } from '../core/kernels';
import { loadPreset } from './actions';
import { setInputMode, setInputValue } from './inputActions';
import {
  addLayer,
  duplicateLayer,
  moveLayer,
  redo,
  removeLayer,
  setInputSpec,
  undo,
  updateLayer,
} from './networkActions';
import { initialState, useStore } from './store';
import { currentDocument, openLink, shareQuery } from './urlState';
import { applyClassicKernel, reinitLayer, setNetworkSeed, setWeight } from './weightActions';

const SEQUENCES = Number(process.env.STORABLE_RUNS ?? 10_000);
const PRESETS = [
  'empty',
  'lenet5',
  'tinyvgg',
  'teach_5x5_exercise',
  'teach_maxpool_4x4',
  'teach_two_3x3',
];

const state = () => useStore.getState();
const fresh = () => useStore.setState(initialState(), true);
beforeEach(fresh);

/** Numbers a student might type: good ones, and the nine that once lost a network. */
const typed = fc.oneof(
  fc.integer({ min: 0, max: 12 }),
  fc.constantFrom(-1, -3, 0, 1, 2, 2.5, 64, 65, 1024, 1025, 4096, 5000, 1e9, NaN, Infinity),
  fc.double({ min: -10, max: 10, noNaN: true }),
);
const name = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('a<b', 'x`y', 'ok name', 'x'.repeat(80), 'x'.repeat(81), '<img src=x>'),
);
const field = fc.constantFrom(
  'outChannels',
  'kernel',
  'stride',
  'padding',
  'dilation',
  'groups',
  'outFeatures',
  'eps',
  'alpha',
  'name',
  'bias',
  'paddingMode',
  'ceilMode',
  'trueConvolution',
  'affine',
  'fn',
);

type Op =
  | { op: 'add'; kind: number; after: number }
  | { op: 'remove' | 'duplicate'; at: number }
  | { op: 'move'; at: number; to: number }
  | { op: 'update'; at: number; field: string; a: number; b: number; text: string; flag: boolean }
  | { op: 'input'; key: 'n' | 'c' | 'h' | 'w'; v: number }
  | { op: 'mode'; numeric: boolean }
  | { op: 'value'; c: number; y: number; x: number; v: number }
  | { op: 'weight'; at: number; i: number; v: number }
  | { op: 'kernel'; at: number; k: number }
  | { op: 'reinit'; at: number; seed: number }
  | { op: 'seed'; seed: number }
  | { op: 'undo' | 'redo' };

const at = fc.nat(40);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ op: fc.constant('add' as const), kind: fc.nat(20), after: at }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constantFrom('remove' as const, 'duplicate' as const), at }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('move' as const),
      at,
      to: fc.integer({ min: -2, max: 30 }),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant('update' as const),
      at,
      field,
      a: typed,
      b: typed,
      text: name,
      flag: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('input' as const),
      key: fc.constantFrom('n' as const, 'c' as const, 'h' as const, 'w' as const),
      v: typed,
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('mode' as const), numeric: fc.boolean() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('value' as const),
      c: fc.nat(3),
      y: fc.nat(16),
      x: fc.nat(16),
      v: typed,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('weight' as const), at, i: fc.nat(500), v: typed }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('kernel' as const), at, k: fc.nat(20) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('reinit' as const), at, seed: typed }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('seed' as const), seed: typed }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constantFrom('undo' as const, 'redo' as const) }) },
);

const layerAt = (i: number) => {
  const layers = state().network.layers;
  return layers.length ? layers[i % layers.length] : undefined;
};

function patchFor(field: string, a: number, b: number, text: string, flag: boolean): object {
  switch (field) {
    case 'kernel':
    case 'stride':
    case 'dilation':
      return { [field]: [a, flag ? a : b] };
    case 'padding':
      return { padding: flag ? [a, b] : a > 5 ? 'same' : 'valid' };
    case 'name':
      return { name: text };
    case 'bias':
    case 'ceilMode':
    case 'trueConvolution':
    case 'affine':
      return { [field]: flag };
    case 'paddingMode':
      return {
        paddingMode: ['zeros', 'replicate', 'reflect'][Math.abs(Math.trunc(a)) % 3] ?? 'zeros',
      };
    case 'fn':
      return { fn: ['relu', 'tanh', 'leakyRelu', 'gelu'][Math.abs(Math.trunc(a)) % 4] ?? 'relu' };
    default:
      return { [field]: a };
  }
}

function apply(o: Op): void {
  switch (o.op) {
    case 'add':
      addLayer(PALETTE[o.kind % PALETTE.length].kind, layerAt(o.after)?.id ?? null);
      return;
    case 'remove':
      if (layerAt(o.at)) removeLayer(layerAt(o.at)!.id);
      return;
    case 'duplicate':
      if (layerAt(o.at)) duplicateLayer(layerAt(o.at)!.id);
      return;
    case 'move':
      if (layerAt(o.at)) moveLayer(layerAt(o.at)!.id, o.to);
      return;
    case 'update': {
      const l = layerAt(o.at);
      if (l) updateLayer(l.id, patchFor(o.field, o.a, o.b, o.text, o.flag), o.field);
      return;
    }
    case 'input':
      setInputSpec({ [o.key]: o.v }, o.key);
      return;
    case 'mode':
      setInputMode(o.numeric ? 'numeric' : 'image');
      return;
    case 'value':
      setInputValue(o.c, o.y, o.x, o.v);
      return;
    case 'weight':
      if (layerAt(o.at)) setWeight(layerAt(o.at)!.id, o.i, o.v);
      return;
    case 'kernel': {
      const l = layerAt(o.at);
      const k = CLASSIC_KERNELS[o.k % CLASSIC_KERNELS.length];
      if (l) applyClassicKernel(l.id, 0, 0, k.id);
      return;
    }
    case 'reinit':
      if (layerAt(o.at)) reinitLayer(layerAt(o.at)!.id, o.seed);
      return;
    case 'seed':
      setNetworkSeed(o.seed);
      return;
    case 'undo':
      undo();
      return;
    case 'redo':
      redo();
  }
}

/** What a reload must give back: the document the store holds, as the file writes it. */
const built = () => documentJson(currentDocument(state()));
const same = (a: string, b: string) => expect(JSON.parse(a)).toEqual(JSON.parse(b));

describe('every network the editor can store survives a link and a file', () => {
  it(`${SEQUENCES} random sequences of edits, undo and redo`, () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PRESETS),
        fc.array(opArb, { minLength: 1, maxLength: 10 }),
        (preset, ops) => {
          fresh();
          loadPreset(preset);
          for (const o of ops) apply(o);
          const before = built();
          // The file: what Export → Network (JSON) writes, Import reads back the same.
          const file = parseDocumentText(before);
          if (!file.ok) throw new Error(`the file is refused: ${file.message}\n${before}`);
          same(documentJson(file.value), before);
          // The link: what the address bar holds, a reload opens the same network.
          const link = `?${shareQuery()}`;
          const decoded = decodeShare(link);
          if (!decoded.ok) throw new Error(`the link is refused: ${decoded.message}\n${before}`);
          fresh();
          expect(openLink(link)).toBe(true);
          same(built(), before);
        },
      ),
      { numRuns: SEQUENCES, seed: Number(process.env.STORABLE_SEED ?? 20261202) },
    );
  }, 600_000);
});
