// The network overview as geometry: every tensor a pseudo-3D box, placed in columns by the
// longest path from the input (the input is column 0) and in lanes for parallel branches, with
// the edge paths between them. Pure: no DOM, no React; d3 only for scales and link paths.
//
// Boxes are oblique projections of C×H×W: front face thickness from C (log scale), height from
// H and depth from W (square root), so a 3×224×224 image and a 512×14×14 map both fit and the
// pyramid of shrinking maps and growing channels still shows.

import { linkHorizontal, scaleLog, scaleSqrt } from 'd3';
import type { Inference } from '../../core/infer';
import { INPUT_ID, KIND_LABEL, type LayerKind } from '../../core/layers';
import { fmtShape, type Shape } from '../../core/shape';

export interface OverviewBlock {
  readonly id: string;
  /** The layer's display name (its id unless named). */
  readonly name: string;
  /** Resolved input ids (core/graph), 'input' for the network input. */
  readonly inputs: readonly string[];
  readonly kind: LayerKind | 'input';
  readonly kindLabel: string;
  readonly status: 'ok' | 'error' | 'blocked';
  readonly shape: Shape | null;
  /** Text under the box: the shape (C×H×W), 'error' or 'blocked'; '' for compressed boxes. */
  readonly label: string;
  /** Shape-preserving layers (activation, norm) drawn as thin slabs without a label. */
  readonly compressed: boolean;
  readonly col: number;
  readonly lane: number;
  /** Front face in px: top-left corner and size. */
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  /** Offset of the back face in px (dx ≥ 0 right, dy ≤ 0 up). */
  readonly dx: number;
  readonly dy: number;
  /** Label: centred at x + (w + dx) / 2 (the column's centre), baseline at labelY, px. */
  readonly labelY: number;
}

export interface OverviewEdge {
  readonly from: string;
  readonly to: string;
  /** True when the edge arcs over blocks in its lane (a residual skip connection). */
  readonly skip: boolean;
  /** SVG path data. */
  readonly path: string;
}

export interface OverviewLayout {
  readonly blocks: readonly OverviewBlock[];
  readonly edges: readonly OverviewEdge[];
  readonly width: number;
  readonly height: number;
  readonly columns: number;
  readonly lanes: number;
}

export interface OverviewOptions {
  /** Height the drawing should fit in, px; boxes shrink (down to a minimum) to fit it. */
  readonly targetHeight?: number;
}

const PAD = 10; // px around the drawing
const GAP = 20; // px between columns; edges bend inside it
const CHANNEL = 14; // px above a lane that skip connections run through (else 4)
const LABEL_H = 16; // px below each lane for the shape labels
const CHAR_W = 6.6; // px per character of an 11px label, an estimate
const COMPRESSED: ReadonlySet<LayerKind> = new Set(['activation', 'batchNorm', 'layerNorm']);

type Node = Pick<OverviewBlock, 'id' | 'inputs' | 'name' | 'kind' | 'status' | 'shape'>;
const isThin = (n: Node) => n.kind !== 'input' && COMPRESSED.has(n.kind);

/** The largest f(x), at least `floor`. */
const maxBy = <T>(floor: number, xs: Iterable<T>, f: (x: T) => number) => {
  let m = floor;
  for (const x of xs) m = Math.max(m, f(x));
  return m;
};
const logScale = (max: number, lo: number, hi: number) =>
  scaleLog().domain([1, max]).range([lo, hi]).clamp(true);
/** Square root of a side: a map with a quarter of the pixels is drawn half as tall. */
const sideScale = (max: number, lo: number, hi: number) => {
  const s = scaleSqrt().domain([0, max]).range([0, hi]);
  return (v: number) => Math.max(lo, s(v));
};

export function overviewLayout(
  inference: Pick<Inference, 'layers' | 'inputShape' | 'inputError'>,
  { targetHeight = 200 }: OverviewOptions = {},
): OverviewLayout {
  const nodes: Node[] = [
    {
      id: INPUT_ID,
      inputs: [],
      kind: 'input',
      name: 'Input',
      status: inference.inputError ? 'error' : 'ok',
      shape: inference.inputShape,
    },
    ...inference.layers.map((l) => ({
      id: l.id,
      inputs: l.inputs,
      kind: l.layer.kind,
      name: l.layer.name ?? l.id,
      status: l.status,
      shape: l.status === 'ok' ? l.shape : null,
    })),
  ];

  // Columns: longest path from the input; inputs not (yet) placed count as the input.
  const col = new Map<string, number>();
  for (const n of nodes) {
    const c = maxBy(0, n.inputs, (i) => (col.get(i) ?? 0) + 1);
    col.set(n.id, c);
  }

  // Lanes: a layer continues its input's lane unless a sibling took it first (list order wins);
  // merges take the topmost lane of their inputs; a taken cell pushes the layer further down.
  const lane = new Map<string, number>();
  const used = new Set<string>(); // `${col}:${lane}`
  const handedOn = new Set<string>();
  for (const n of nodes) {
    const known = n.inputs.filter((i) => lane.has(i));
    let want = 0;
    if (known.length === 1) {
      const src = known[0];
      want = lane.get(src)! + (handedOn.has(src) ? 1 : 0);
      handedOn.add(src);
    } else if (known.length > 1) {
      want = Math.min(...known.map((i) => lane.get(i)!));
    }
    const c = col.get(n.id)!;
    while (used.has(`${c}:${want}`)) want++;
    used.add(`${c}:${want}`);
    lane.set(n.id, want);
  }
  const lanes = maxBy(0, lane.values(), (k) => k) + 1;
  const columns = maxBy(0, col.values(), (c) => c) + 1;

  // Edges run along whichever lane is clear between their ends; else they arc over (skip).
  const free = (k: number, from: number, to: number) => {
    for (let c = from + 1; c < to; c++) if (used.has(`${c}:${k}`)) return false;
    return true;
  };
  const wires = nodes.flatMap((n) =>
    n.inputs
      .filter((from) => lane.has(from))
      .map((from) => {
        const [sc, sk, tc, tk] = [col.get(from)!, lane.get(from)!, col.get(n.id)!, lane.get(n.id)!];
        const viaSource = free(sk, sc, tc);
        return { from, to: n.id, viaSource, skip: tc > sc && !viaSource && !free(tk, sc, tc) };
      }),
  );
  const gutter = Array.from({ length: lanes }, (_, k) =>
    wires.some((w) => w.skip && lane.get(w.from) === k) ? CHANNEL : 4,
  );

  // Scales over the whole network, so equal sizes draw equal everywhere.
  const ok = nodes.map((n) => n.shape).filter((s): s is Shape => s !== null);
  const maps = ok.filter((s) => s.length === 4);
  const flatSize = (s: Shape) => s.slice(1).reduce((a, b) => a * b, 1);
  const maxSpatial = maxBy(2, maps, (s) => Math.max(s[2], s[3]));
  const maxC = maxBy(2, maps, (s) => s[1]);
  const maxF = maxBy(2, ok, (s) => (s.length === 4 ? 0 : flatSize(s)));

  const sizeAt = (m: number) => {
    const hOf = sideScale(maxSpatial, 6, m);
    const dOf = sideScale(maxSpatial, 2, m * 0.4);
    const cOf = logScale(maxC, 4, Math.min(34, Math.max(12, m * 0.35)));
    const fOf = logScale(maxF, Math.max(8, m * 0.2), m);
    return (n: Node) => {
      const s = n.shape;
      const thin = isThin(n);
      let w: number, h: number, d: number;
      if (!s) [w, h, d] = [12, m * 0.45, 8];
      else if (s.length === 4) [w, h, d] = [thin ? 3 : cOf(s[1]), hOf(s[2]), dOf(s[3])];
      else [w, h, d] = [thin ? 3 : 6, fOf(flatSize(s)), 3];
      const r = Math.round;
      return { w: r(w), h: r(h), dx: r(d * 0.8), dy: -r(d * 0.6) };
    };
  };

  // The largest box height at which every lane fits the target height (or the smallest).
  const laneOf = (n: Node) => lane.get(n.id)!;
  const laneSpan = (size: ReturnType<typeof sizeAt>, k: number) => {
    const sizes = nodes.filter((n) => laneOf(n) === k).map(size);
    return { top: maxBy(0, sizes, (s) => -s.dy), body: maxBy(0, sizes, (s) => s.h) };
  };
  let size = sizeAt(110);
  let spans: { top: number; body: number }[] = [];
  for (let m = 110; m >= 24; m -= 4) {
    size = sizeAt(m);
    spans = Array.from({ length: lanes }, (_, k) => laneSpan(size, k));
    const total = spans.reduce((a, s, k) => a + gutter[k] + s.top + s.body + LABEL_H, 2 * PAD);
    if (total <= targetHeight) break;
  }

  const laneTop: number[] = [];
  let yCursor = PAD;
  for (const [k, s] of spans.entries()) {
    laneTop.push(yCursor + gutter[k] + s.top); // the top of the tallest front face
    yCursor += gutter[k] + s.top + s.body + LABEL_H;
  }
  const height = yCursor + PAD;

  const label = (n: Node) => (n.status !== 'ok' ? n.status : isThin(n) ? '' : fmtShape(n.shape!));
  const colW = new Array<number>(columns).fill(0);
  for (const n of nodes) {
    const s = size(n);
    const c = col.get(n.id)!;
    colW[c] = Math.max(colW[c], s.w + s.dx, Math.ceil(label(n).length * CHAR_W) + 4);
  }
  const colLeft: number[] = [];
  let xCursor = PAD;
  for (const w of colW) {
    colLeft.push(xCursor);
    xCursor += w + GAP;
  }
  const width = Math.ceil(xCursor - GAP + PAD);
  const colRight = (c: number) => colLeft[c] + colW[c];

  const blocks: OverviewBlock[] = nodes.map((n) => {
    const s = size(n);
    const [c, k] = [col.get(n.id)!, laneOf(n)];
    const mid = laneTop[k] + spans[k].body / 2;
    return {
      ...n,
      kindLabel: n.kind === 'input' ? 'Input' : KIND_LABEL[n.kind],
      label: label(n),
      compressed: isThin(n),
      col: c,
      lane: k,
      x: Math.round(colLeft[c] + (colW[c] - s.w - s.dx) / 2),
      y: Math.round(mid - s.h / 2),
      ...s,
      labelY: laneTop[k] + spans[k].body + 12,
    };
  });

  const byId = new Map(blocks.map((b) => [b.id, b]));
  const edges: OverviewEdge[] = wires.map(({ from, to, skip, viaSource }) => {
    const [s, t] = [byId.get(from)!, byId.get(to)!];
    const [sx, sy, tx, ty] = [s.x + s.w, s.y + s.h / 2, t.x, t.y + t.h / 2];
    let path = `M${sx},${sy}`;
    if (t.col <= s.col)
      path += bend(sx, sy, tx, ty); // only in a broken graph
    else if (!skip) {
      // Straight along the clear lane, bending in the gap next to the source or the target.
      const a = viaSource ? colRight(t.col - 1) : colRight(s.col);
      path += `L${a},${sy}${bend(a, sy, a + GAP, ty)}L${tx},${ty}`;
    } else {
      // Arc over the blocks in between, through the channel above the source's lane.
      const gy = laneTop[s.lane] - spans[s.lane].top - CHANNEL / 2;
      const [a, b] = [colRight(s.col), colLeft[t.col] - GAP];
      path += `L${a},${sy}${bend(a, sy, a + GAP, gy)}L${b},${gy}${bend(b, gy, b + GAP, ty)}`;
      path += `L${tx},${ty}`;
    }
    return { from, to, skip, path };
  });
  return { blocks, edges, width, height, columns, lanes };
}

const link = linkHorizontal();
/** A horizontal S-bend from (a, ya) to (b, yb), continuing the current path. */
const bend = (a: number, ya: number, b: number, yb: number) =>
  (link({ source: [a, ya], target: [b, yb] }) ?? '').replace(/^M/, 'L');
