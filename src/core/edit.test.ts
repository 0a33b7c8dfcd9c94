import { describe, expect, it } from 'vitest';
import { duplicateLayer, insertLayer, moveLayer, removeLayer, uniqueId, updateLayer } from './edit';
import { resolvedInputs } from './graph';
import { inferShapes } from './infer';
import { conv2d, linear, simple, type Network } from './layers';
import { getPreset } from './presets';

const seq: Network = {
  input: { n: 1, c: 1, h: 8, w: 8 },
  layers: [
    conv2d('conv1', 4, 3, { padding: 1 }),
    conv2d('conv2', 4, 3, { padding: 1 }),
    simple('flatten1', 'flatten'),
  ],
};
const ids = (n: Network) => n.layers.map((l) => l.id);
const inputsOf = (n: Network, id: string) =>
  resolvedInputs(
    n,
    n.layers.findIndex((l) => l.id === id),
  );

describe('network edits', () => {
  it('uniqueId takes the first free number', () => {
    expect(uniqueId(seq, 'conv')).toBe('conv3');
    expect(uniqueId(seq, 'pool')).toBe('pool1');
  });
  it('insert after conv1: the new layer reads conv1, conv2 reads the new layer', () => {
    const { network, id } = insertLayer(seq, 'maxPool2d', 'conv1');
    expect(id).toBe('pool1');
    expect(ids(network)).toEqual(['conv1', 'pool1', 'conv2', 'flatten1']);
    expect(inputsOf(network, 'conv2')).toEqual(['pool1']);
    expect(inferShapes(network).valid).toBe(true);
  });
  it('insert with nothing selected appends; after the input prepends', () => {
    expect(ids(insertLayer(seq, 'linear', null).network).at(-1)).toBe('fc1');
    expect(ids(insertLayer(seq, 'activation', 'input').network)[0]).toBe('relu1');
  });
  it('a new add joins the selected tensor with the nearest earlier one of the same shape', () => {
    const { network, id } = insertLayer(seq, 'add', 'conv2', inferShapes(seq));
    const add = network.layers.find((l) => l.id === id)!;
    expect(add.inputs).toEqual(['conv2', 'conv1']);
    expect(inferShapes(network).valid).toBe(true);
  });
  it('removing a layer re-points its explicit consumers at its inputs', () => {
    const withAdd = insertLayer(seq, 'add', 'conv2', inferShapes(seq)).network;
    const n = removeLayer(withAdd, 'conv2');
    expect(n.layers.find((l) => l.kind === 'add')!.inputs).toEqual(['conv1', 'conv1']);
    expect(inferShapes(n).valid).toBe(true);
  });
  it('removing a branch layer keeps the next (implicit) layer reading the same tensor', () => {
    const net: Network = {
      input: { n: 1, c: 1, h: 8, w: 8 },
      layers: [conv2d('a', 2, 1), conv2d('b', 2, 1, { inputs: ['input'] }), linear('c', 2)],
    };
    // c read b implicitly; b read the input explicitly → c now reads the input, not a.
    const n = removeLayer(net, 'b');
    expect(inputsOf(n, 'c')).toEqual(['input']);
  });
  it('duplicate inserts a copy with a fresh id right after', () => {
    const { network, id } = duplicateLayer(seq, 'conv1');
    expect(id).toBe('conv3');
    expect(ids(network)).toEqual(['conv1', 'conv3', 'conv2', 'flatten1']);
    expect(inferShapes(network).valid).toBe(true);
  });
  it('move reorders and clamps', () => {
    expect(ids(moveLayer(seq, 'flatten1', 0))).toEqual(['flatten1', 'conv1', 'conv2']);
    expect(ids(moveLayer(seq, 'conv1', 99))).toEqual(['conv2', 'flatten1', 'conv1']);
    expect(moveLayer(seq, 'conv1', 0)).toBe(seq);
  });
  it('update keeps id and kind, and an invalid kernel is explained by the core', () => {
    const n = updateLayer(seq, 'conv1', { kernel: [0, 0], kind: 'linear' } as never);
    expect(n.layers[0].kind).toBe('conv2d');
    const ls = inferShapes(n).byId.get('conv1')!;
    expect(ls.status).toBe('error');
    expect(ls.status === 'error' && ls.error.message).toMatch(
      /kernel height must be a positive whole number, got 0/,
    );
  });
  it('every layer of GoogLeNet can be removed without a graph error', () => {
    const g = getPreset('googlenet')!.network;
    for (const l of g.layers.slice(0, 30)) {
      const inf = inferShapes(removeLayer(g, l.id));
      for (const ls of inf.layers)
        if (ls.status === 'error') expect(ls.error.code).not.toBe('graph');
    }
  });
});
