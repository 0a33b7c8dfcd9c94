import { describe, expect, it } from 'vitest';
import { inferShapes, outFormula } from './infer';
import { activation, conv2d, linear, pool2d, simple, type Network } from './layers';

const net = (c: number, h: number, w: number, layers: Network['layers']): Network => ({
  input: { n: 1, c, h, w },
  layers,
});

describe('inferShapes', () => {
  it('x=[1,1,7,7] k=3 s=3: ok with a doesn’t-fit warning naming row/column 6', () => {
    const inf = inferShapes(net(1, 7, 7, [conv2d('c', 1, 3, { stride: 3 })]));
    const l = inf.byId.get('c')!;
    expect(l.status).toBe('ok');
    if (l.status !== 'ok') return;
    expect(l.shape).toEqual([1, 1, 2, 2]);
    expect(l.warnings.map((w) => w.axis)).toEqual(['height', 'width']);
    expect(l.warnings[0].uncovered).toEqual([6]);
    expect(l.warnings[0].message).toBe(
      "stride 3 doesn't fit the height: (7 − 3) / 3 + 1 = 2.33, floored to 2; the remainder 1 means row 6 of the input is never covered by the kernel",
    );
    expect(outFormula(l.window!.w)).toBe('(7 − 3) / 3 + 1 = 2.33');
  });

  it('x=[1,1,7,7] k=3 s=1 and s=2: no warning', () => {
    for (const s of [1, 2]) {
      const l = inferShapes(net(1, 7, 7, [conv2d('c', 1, 3, { stride: s })])).byId.get('c')!;
      expect(l.status === 'ok' && l.warnings).toEqual([]);
    }
  });

  it('invalid layer → error; downstream → blocked, never crashed', () => {
    const inf = inferShapes(
      net(1, 7, 7, [
        conv2d('a', 4, 9),
        activation('r', 'relu'),
        simple('f', 'flatten'),
        linear('fc', 3),
      ]),
    );
    expect(inf.layers.map((l) => l.status)).toEqual(['error', 'blocked', 'blocked', 'blocked']);
    expect(inf.valid).toBe(false);
    const b = inf.byId.get('r')!;
    expect(b.status === 'blocked' && b.message).toBe("waiting for 'a' to be fixed");
  });

  it('add of 16×28×28 and 32×28×28 → mismatch error', () => {
    const inf = inferShapes(
      net(3, 28, 28, [
        conv2d('a', 16, 3, { padding: 1 }),
        conv2d('b', 32, 3, { padding: 1, inputs: ['input'] }),
        simple('sum', 'add', ['a', 'b']),
      ]),
    );
    const l = inf.byId.get('sum')!;
    expect(l.status === 'error' && l.error.message).toBe(
      'add needs equal shapes, got 16×28×28 and 32×28×28',
    );
  });

  it('concat of 16×8×8 and 8×8×8 → 24×8×8', () => {
    const inf = inferShapes(
      net(3, 8, 8, [
        conv2d('a', 16, 1),
        conv2d('b', 8, 1, { inputs: ['input'] }),
        simple('cat', 'concat', ['a', 'b']),
      ]),
    );
    const l = inf.byId.get('cat')!;
    expect(l.status === 'ok' && l.shape).toEqual([1, 24, 8, 8]);
  });

  it('linear on 16×5×5 asks for a flatten', () => {
    const l = inferShapes(net(16, 5, 5, [linear('fc', 10)])).byId.get('fc')!;
    expect(l.status === 'error' && l.error.message).toBe(
      'linear needs a flat input, got 16×5×5: add a flatten layer before it',
    );
  });

  it('unknown input and duplicate ids are errors, not crashes', () => {
    const inf = inferShapes(
      net(1, 4, 4, [conv2d('a', 1, 1), conv2d('a', 1, 1), conv2d('b', 1, 1, { inputs: ['nope'] })]),
    );
    expect(inf.valid).toBe(false);
    const b = inf.byId.get('b')!;
    expect(b.status === 'error' && b.error.message).toBe(
      "input 'nope' is not a layer of this network",
    );
  });

  it('a cycle is reported', () => {
    const inf = inferShapes(
      net(1, 4, 4, [conv2d('a', 1, 1, { inputs: ['b'] }), conv2d('b', 1, 1, { inputs: ['a'] })]),
    );
    expect(inf.layers.every((l) => l.status !== 'ok')).toBe(true);
  });

  it('zero output channels: the parameter is named', () => {
    const l = inferShapes(net(1, 4, 4, [conv2d('a', 0, 1)])).byId.get('a')!;
    expect(l.status === 'error' && l.error.message).toBe(
      'output channels must be a positive whole number, got 0',
    );
  });

  it('bad input size blocks everything with a reason', () => {
    const inf = inferShapes(net(1, 0, 4, [conv2d('a', 1, 1)]));
    expect(inf.inputError?.message).toBe('input height must be a positive whole number, got 0');
    expect(inf.layers[0].status).toBe('blocked');
  });

  it('pool ceil mode x=[1,1,6,6] k=3 s=2 → 3×3', () => {
    const l = inferShapes(
      net(1, 6, 6, [pool2d('p', 'maxPool2d', 3, { stride: 2, ceilMode: true })]),
    ).byId.get('p')!;
    expect(l.status === 'ok' && l.shape).toEqual([1, 1, 3, 3]);
  });
});

describe('every problem of a layer is named, not only the first', () => {
  it('stride 0 does not hide negative padding (built in code, past the editor)', () => {
    const conv = { ...conv2d('c', 4, 3), stride: [0, 0] as const, padding: [-1, -1] as const };
    const l = inferShapes(net(1, 8, 8, [conv])).byId.get('c')!;
    expect(l.status === 'error' && l.errors.map((e) => e.message)).toEqual([
      'stride height must be a positive whole number, got 0',
      'stride width must be a positive whole number, got 0',
      'padding height must be a whole number ≥ 0, got -1',
      'padding width must be a whole number ≥ 0, got -1',
    ]);
  });
  it('groups that do not divide and a kernel too large are both named', () => {
    const l = inferShapes(net(3, 4, 4, [conv2d('c', 4, 7, { groups: 2 })])).byId.get('c')!;
    expect(l.status === 'error' && l.errors.map((e) => e.code)).toEqual([
      'groups',
      'kernel-too-large',
    ]);
  });
  it('an input with two bad sizes names both', () => {
    const inf = inferShapes({ input: { n: 0, c: 1, h: 2.5, w: 4 }, layers: [] });
    expect(inf.inputErrors.map((e) => e.message)).toEqual([
      'batch size must be a positive whole number, got 0',
      'input height must be a positive whole number, got 2.5',
    ]);
  });
});

describe('dropout', () => {
  it('keeps its input shape; p outside [0, 0.99] is named', () => {
    const ok = inferShapes(net(3, 8, 8, [{ id: 'd', kind: 'dropout', p: 0.5 }])).byId.get('d')!;
    expect(ok.status === 'ok' && ok.shape).toEqual([1, 3, 8, 8]);
    const bad = inferShapes(net(3, 8, 8, [{ id: 'd', kind: 'dropout', p: 1 }])).byId.get('d')!;
    expect(bad.status === 'error' && bad.error.message).toBe(
      'dropout probability must be between 0 and 0.99, got 1',
    );
  });
});
