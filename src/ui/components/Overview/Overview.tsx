import { color } from 'd3';
import { useDeferredValue, useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { type LayerKind } from '../../../core/layers';
import { fmtShape } from '../../../core/shape';
import { selectLayer } from '../../../state/actions';
import { analyze } from '../../../state/derived';
import { useStore } from '../../../state/store';
import { selectNetwork, selectSelectedLayer } from '../../selectors';
import { overviewLayout, type OverviewBlock } from '../../viz/overviewLayout';
import './Overview.css';

/** Height the drawing fits in, px; the scroll box adds room for its scrollbar (Overview.css). */
const DRAWING_HEIGHT = 100;

/** Kinds grouped for colour: Tableau-10 hues, distinct on a projector and for most eyes. */
const GROUPS = {
  input: { color: '#8d96a3', label: 'Input' },
  conv: { color: '#4e79a7', label: 'Conv' },
  pool: { color: '#f28e2b', label: 'Pooling' },
  norm: { color: '#b07aa1', label: 'Normalization' },
  activation: { color: '#59a14f', label: 'Activation' },
  linear: { color: '#76b7b2', label: 'Linear' },
  reshape: { color: '#9c755f', label: 'Flatten / softmax' },
  merge: { color: '#e377c2', label: 'Add / concat' },
} as const;
type BlockGroup = keyof typeof GROUPS;

const GROUP_OF: Record<LayerKind, BlockGroup> = {
  conv2d: 'conv',
  maxPool2d: 'pool',
  avgPool2d: 'pool',
  globalAvgPool: 'pool',
  batchNorm: 'norm',
  layerNorm: 'norm',
  activation: 'activation',
  flatten: 'reshape',
  dropout: 'activation',
  softmax: 'reshape',
  linear: 'linear',
  add: 'merge',
  concat: 'merge',
};
const groupOf = (b: OverviewBlock): BlockGroup => (b.kind === 'input' ? 'input' : GROUP_OF[b.kind]);

/** Front, top and side face colours of each group: the top lit, the side in shade. */
const FACES = Object.fromEntries(
  Object.entries(GROUPS).map(([g, { color: c }]) => [
    g,
    { front: c, top: color(c)!.brighter(0.7).formatHex(), side: color(c)!.darker(0.6).formatHex() },
  ]),
) as Record<BlockGroup, { front: string; top: string; side: string }>;

const shapeText = (b: OverviewBlock) => (b.shape ? fmtShape(b.shape) : b.status);

/**
 * The whole network at a glance: every tensor a box shaped by its C×H×W, in columns from the
 * input, parallel branches in lanes, skip connections arcing over their block. Click or
 * Enter/Space on a box selects that layer; the selection is outlined and scrolled into view.
 */
export function Overview() {
  // Deferred: an edit's own render (the field, the compute request) goes first; the drawing
  // follows in a render that yields to the feature maps.
  const network = useDeferredValue(useStore(selectNetwork));
  const selected = useDeferredValue(useStore(selectSelectedLayer));
  const { inference } = analyze(network);
  const layout = useMemo(
    () => overviewLayout(inference, { targetHeight: DRAWING_HEIGHT }),
    [inference],
  );
  const scroller = useRef<HTMLDivElement>(null);
  const drawing = useRef<SVGSVGElement>(null);

  // Bring the selected box into view, horizontally only, when it is off screen. Measured at the
  // next frame, where the layout is due anyway (here it would force one in the middle of a task).
  useEffect(() => {
    const box = scroller.current;
    const svg = drawing.current;
    const b = layout.blocks.find((x) => x.id === selected);
    if (!box || !svg || !b) return;
    const raf = requestAnimationFrame(() => reveal(box, svg, b));
    return () => cancelAnimationFrame(raf);
  }, [selected, layout]);

  const groups = [...new Set(layout.blocks.map(groupOf))];
  return (
    <section className="overview" data-testid="overview" aria-label="Network overview">
      <ul className="ov-legend" aria-label="Colours by layer kind">
        {groups.map((g) => (
          <li key={g}>
            <span className="ov-swatch" style={{ background: GROUPS[g].color }} />
            {GROUPS[g].label}
          </li>
        ))}
        {layout.edges.some((e) => e.skip) && (
          <li>
            <span className="ov-swatch ov-swatch-skip" />
            Skip connection
          </li>
        )}
      </ul>
      <div className="ov-scroll" ref={scroller}>
        <svg
          ref={drawing}
          width={layout.width}
          height={layout.height}
          viewBox={`0 0 ${layout.width} ${layout.height}`}
          role="group"
          aria-label={`The input and ${layout.blocks.length - 1} layers`}
        >
          <g className="ov-edges" aria-hidden="true">
            {layout.edges.map((e, i) => (
              <path
                key={`${e.from}->${e.to}#${i}`}
                d={e.path}
                className={
                  'ov-edge' +
                  (e.skip ? ' ov-skip' : '') +
                  (e.from === selected || e.to === selected ? ' ov-active' : '')
                }
              />
            ))}
          </g>
          {layout.blocks.map((b) => (
            <Block key={b.id} block={b} selected={b.id === selected} />
          ))}
          {/* The shape labels, apart from the boxes: each box's name already says its shape. */}
          <g className="ov-labels" aria-hidden="true">
            {layout.blocks.map(
              (b) =>
                b.label && (
                  <text
                    key={b.id}
                    className={`ov-label ov-label-${b.status}`}
                    data-selected={String(b.id === selected)}
                    x={b.x + (b.w + b.dx) / 2}
                    y={b.labelY}
                    textAnchor="middle"
                  >
                    {b.label}
                  </text>
                ),
            )}
          </g>
        </svg>
      </div>
    </section>
  );
}

function Block({
  block: b,
  selected,
}: {
  readonly block: OverviewBlock;
  readonly selected: boolean;
}) {
  const { x, y, w, h, dx, dy } = b;
  const faces = b.status === 'ok' ? FACES[groupOf(b)] : null;
  // e.g. "C1: Conv 6×28×28", "Input 1×32×32", "fc: Linear blocked"
  const text =
    b.kind === 'input' ? `Input ${shapeText(b)}` : `${b.name}: ${b.kindLabel} ${shapeText(b)}`;
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    selectLayer(b.id);
  };
  return (
    <g
      className={`ov-block ov-${b.status}${b.compressed ? ' ov-thin' : ''}`}
      data-testid="overview-block"
      data-layer-id={b.id}
      data-selected={String(selected)}
      role="button"
      tabIndex={0}
      aria-label={text}
      aria-pressed={selected}
      onClick={() => selectLayer(b.id)}
      onKeyDown={onKeyDown}
    >
      <title>{text}</title>
      <rect
        className="ov-focus"
        x={x - 4}
        y={y + dy - 4}
        width={w + dx + 8}
        height={h - dy + 8}
        rx={3}
      />
      <path
        className="ov-face"
        d={`M${x},${y}l${dx},${dy}h${w}l${-dx},${-dy}z`}
        fill={faces?.top}
      />
      <path
        className="ov-face"
        d={`M${x + w},${y}l${dx},${dy}v${h}l${-dx},${-dy}z`}
        fill={faces?.side}
      />
      <rect className="ov-face" x={x} y={y} width={w} height={h} fill={faces?.front} />
      <path className="ov-hull" d={`M${x},${y + h}V${y}l${dx},${dy}h${w}v${h}l${-dx},${-dy}z`} />
    </g>
  );
}

/** Scrolls the drawing's box sideways so the block is in view, when it is not. */
function reveal(box: HTMLDivElement, svg: SVGSVGElement, b: OverviewBlock) {
  const origin = svg.getBoundingClientRect().left - box.getBoundingClientRect().left;
  const left = box.scrollLeft + origin + b.x - 24;
  const right = box.scrollLeft + origin + b.x + b.w + b.dx + 24;
  if (left >= box.scrollLeft && right <= box.scrollLeft + box.clientWidth) return;
  const reduce = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
  box.scrollTo({
    left: (left + right - box.clientWidth) / 2,
    behavior: reduce ? 'auto' : 'smooth',
  });
}
