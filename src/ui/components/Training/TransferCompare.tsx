import { line, scaleLinear } from 'd3';
import { useStore, type TrainPoint } from '../../../state/store';

const W = 320;
const H = 150;
const M = { top: 10, right: 10, bottom: 24, left: 40 };
const pct = (a: number) => `${(a * 100).toFixed(1)}%`;

/**
 * Transfer learning's evidence: held-out accuracy by step of the fine-tuned network and of the
 * same network trained from scratch on the same examples for the same steps.
 */
export function TransferCompare() {
  const compare = useStore((s) => s.training.compare);
  if (!compare) return null;
  const { tuned, scratch } = compare;
  const points = (ps: readonly TrainPoint[]) => ps.filter((p) => p.accuracy !== null);
  const a = points(tuned);
  const b = points(scratch);
  const last = Math.max(1, ...a.map((p) => p.step), ...b.map((p) => p.step));
  const x = scaleLinear()
    .domain([0, last])
    .range([M.left, W - M.right]);
  const y = scaleLinear()
    .domain([0, 1])
    .range([H - M.bottom, M.top]);
  const path = line<TrainPoint>()
    .x((p) => x(p.step))
    .y((p) => y(p.accuracy!));
  const ta = a.at(-1)?.accuracy;
  const sb = b.at(-1)?.accuracy;
  return (
    <div className="transfer-compare" data-testid="transfer-compare" data-status={compare.status}>
      <h3>Fine-tuned vs from scratch (held out)</h3>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        className="train-chart"
        role="img"
        aria-label={`Held-out accuracy by step: fine-tuned ${ta !== undefined && ta !== null ? pct(ta) : '–'}, from scratch ${sb !== undefined && sb !== null ? pct(sb) : 'still training'}`}
      >
        {y.ticks(4).map((t) => (
          <g key={t}>
            <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} className="grid" />
            <text x={M.left - 4} y={y(t)} dy="0.32em" textAnchor="end" className="tick">
              {Math.round(t * 100)}%
            </text>
          </g>
        ))}
        {x.ticks(5).map((t) => (
          <text key={t} x={x(t)} y={H - 6} textAnchor="middle" className="tick">
            {t}
          </text>
        ))}
        <path d={path(a) ?? ''} className="tuned" />
        <path d={path(b) ?? ''} className="scratch" />
        {a.map((p) => (
          <circle key={`a${p.step}`} cx={x(p.step)} cy={y(p.accuracy!)} r={2.5} className="tuned" />
        ))}
        {b.map((p) => (
          <rect
            key={`b${p.step}`}
            x={x(p.step) - 2.5}
            y={y(p.accuracy!) - 2.5}
            width={5}
            height={5}
            className="scratch"
          />
        ))}
      </svg>
      <p className="small" data-testid="transfer-result">
        <span className="key tuned">● fine-tuned</span>{' '}
        <span className="key scratch">■ from scratch</span>
        {ta !== undefined && ta !== null && (
          <>
            {' '}
            — after {a.at(-1)!.step} steps: fine-tuned <strong>{pct(ta)}</strong>
            {sb !== undefined && sb !== null && compare.status === 'done' ? (
              <>
                , from scratch <strong>{pct(sb)}</strong>.
              </>
            ) : compare.status === 'failed' ? (
              `; the run from scratch failed (${compare.message ?? 'unknown reason'}).`
            ) : (
              '; training the same network from scratch on the same examples…'
            )}
          </>
        )}
      </p>
    </div>
  );
}
