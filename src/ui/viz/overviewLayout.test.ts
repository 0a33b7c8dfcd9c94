import { describe, expect, it } from 'vitest';
import { inferShapes } from '../../core/infer';
import { conv2d, INPUT_ID, linear, type Network } from '../../core/layers';
import { getPreset } from '../../core/presets';
import { overviewLayout, type OverviewBlock, type OverviewLayout } from './overviewLayout';

const layoutOf = (network: Network) => overviewLayout(inferShapes(network));
const preset = (id: string) => layoutOf(getPreset(id)!.network);
const block = (l: OverviewLayout, id: string) => {
  const b = l.blocks.find((x) => x.id === id);
  if (!b) throw new Error(`no block ${id}`);
  return b;
};
/** The box's footprint on screen: front face plus the oblique back face. */
const box = (b: OverviewBlock) => ({
  x0: b.x,
  x1: b.x + b.w + b.dx,
  y0: b.y + b.dy,
  y1: b.y + b.h,
});

function expectWellFormed(l: OverviewLayout) {
  const boxes = l.blocks.map(box);
  for (let i = 0; i < boxes.length; i++) {
    const a = boxes[i];
    expect(a.x0).toBeGreaterThanOrEqual(0);
    expect(a.x1).toBeLessThanOrEqual(l.width);
    expect(a.y0).toBeGreaterThanOrEqual(0);
    expect(l.blocks[i].labelY).toBeLessThanOrEqual(l.height);
    for (let j = i + 1; j < boxes.length; j++) {
      const b = boxes[j];
      const overlap = a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
      expect(overlap, `${l.blocks[i].id} overlaps ${l.blocks[j].id}`).toBe(false);
    }
  }
  for (const e of l.edges) {
    const [s, t] = [block(l, e.from), block(l, e.to)];
    expect(t.col, `${e.from} → ${e.to}`).toBeGreaterThan(s.col);
    expect(s.x + s.w + s.dx).toBeLessThan(t.x);
    expect(e.path).toMatch(/^M[\d.]+,[\d.]+/);
    expect(e.path).not.toMatch(/NaN|undefined/);
  }
}

describe('overview layout', () => {
  it('lenet5: one lane, the input first in column 0, one edge per layer', () => {
    const net = getPreset('lenet5')!.network;
    const l = layoutOf(net);
    expect(l.lanes).toBe(1);
    expect(l.blocks[0]).toMatchObject({ id: INPUT_ID, col: 0, label: '1×32×32', kind: 'input' });
    expect(l.blocks.map((b) => b.col)).toEqual(l.blocks.map((_, i) => i));
    expect(l.edges).toHaveLength(net.layers.length);
    expect(block(l, 'c1')).toMatchObject({ label: '6×28×28', name: 'C1', kindLabel: 'Conv' });
    // Shape-preserving layers are thin slabs without a label.
    expect(block(l, 'tanh1')).toMatchObject({ compressed: true, label: '' });
    expect(block(l, 'tanh1').w).toBeLessThan(block(l, 'c1').w);
    expectWellFormed(l);
    // A small network is not stretched: it stays within the fit height and a sane width.
    expect(l.height).toBeLessThanOrEqual(200);
    expect(l.width).toBeLessThan(1000);
  });

  it('boxes follow the shape: taller for larger H (sqrt), thicker for more C (log)', () => {
    const l = preset('vgg16');
    const input = block(l, INPUT_ID); // 3×224×224
    const deep = l.blocks.find((b) => b.label === '512×14×14')!;
    expect(input.h).toBeGreaterThan(deep.h);
    expect(deep.w).toBeGreaterThan(input.w);
    // Square root of the side: 16× fewer rows is 4× shorter; log of the channels: 170× more
    // channels is only a few times thicker.
    expect(input.h / deep.h).toBeCloseTo(4, 0);
    expect(deep.w / input.w).toBeLessThan(5);
    // Vectors are thin tall bars.
    const fc = l.blocks.find((b) => b.shape?.length === 2 && b.kind === 'linear')!;
    expect(fc.w).toBeLessThan(fc.h / 3);
    expectWellFormed(l);
  });

  it('googlenet: the four branches of an inception module share a column, in four lanes', () => {
    const l = preset('googlenet');
    const heads = ['b1.conv', 'b2.reduce.conv', 'b3.reduce.conv', 'b4.pool'].map((s) =>
      block(l, `inception3a.${s}`),
    );
    expect(new Set(heads.map((b) => b.col)).size).toBe(1);
    expect(new Set(heads.map((b) => b.lane)).size).toBe(4);
    expect(l.lanes).toBe(4);
    const tails = ['b1.relu', 'b2.relu', 'b3.relu', 'b4.relu'].map((s) =>
      block(l, `inception3a.${s}`),
    );
    const concat = block(l, 'inception3a');
    for (const t of tails) expect(concat.col).toBeGreaterThan(t.col);
    expect(l.edges.filter((e) => e.to === 'inception3a').map((e) => e.from)).toHaveLength(4);
    // The main line stays in the top lane.
    expect(concat.lane).toBe(0);
    expect(block(l, 'fc').lane).toBe(0);
    expectWellFormed(l);
  });

  it('resnet18: identity shortcuts arc over their block, downsample branches get a lane', () => {
    const l = preset('resnet18');
    expect(l.lanes).toBe(2);
    const identity = l.edges.find((e) => e.to === 'layer1.0.add' && e.from === 'maxpool')!;
    expect(identity.skip).toBe(true);
    const ds = block(l, 'layer2.0.downsample.0');
    expect(ds.lane).toBe(1);
    expect(ds.col).toBe(block(l, 'layer2.0.conv1').col);
    const fromDs = l.edges.find((e) => e.from === 'layer2.0.downsample.1')!;
    expect(fromDs).toMatchObject({ to: 'layer2.0.add', skip: false });
    expect(block(l, 'layer2.0.add').lane).toBe(0);
    expectWellFormed(l);
  });

  it('resnet50 scrolls sideways instead of shrinking: every box keeps a legible size', () => {
    const l = overviewLayout(inferShapes(getPreset('resnet50')!.network), { targetHeight: 200 });
    expect(l.height).toBeLessThanOrEqual(200);
    expect(l.width).toBeGreaterThan(2000);
    expect(Math.min(...l.blocks.map((b) => b.h))).toBeGreaterThanOrEqual(6);
    expectWellFormed(l);
  });

  it('error and blocked layers get placeholders, still wired into the graph', () => {
    const net: Network = {
      input: { n: 1, c: 1, h: 8, w: 8 },
      layers: [conv2d('big', 4, 11), conv2d('after', 4, 3), linear('fc', 10)],
    };
    const l = layoutOf(net);
    expect(block(l, 'big')).toMatchObject({ status: 'error', label: 'error', shape: null });
    expect(block(l, 'after')).toMatchObject({ status: 'blocked', label: 'blocked' });
    expect(block(l, 'fc').col).toBe(3);
    expect(l.edges.map((e) => `${e.from}→${e.to}`)).toEqual(['input→big', 'big→after', 'after→fc']);
    expectWellFormed(l);
  });

  it('an empty network is just the input tensor', () => {
    const l = layoutOf({ input: { n: 1, c: 3, h: 32, w: 32 }, layers: [] });
    expect(l.blocks.map((b) => b.id)).toEqual([INPUT_ID]);
    expect(l.edges).toEqual([]);
    expectWellFormed(l);
  });
});
