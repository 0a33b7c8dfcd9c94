import { extent, line, scaleLinear, scaleLog } from 'd3';
import { useState } from 'react';
import type { TrainPoint } from '../../../state/store';
import { smooth } from '../../viz/smooth';

const W = 320;
const H = 140;
const M = { top: 8, right: 8, bottom: 22, left: 40 };

interface Props {
  readonly what: 'loss' | 'accuracy';
  readonly curve: readonly TrainPoint[];
  readonly evals: readonly TrainPoint[];
  readonly smoothing: number;
  readonly log: boolean;
}

const value = (p: TrainPoint, what: Props['what']) => (what === 'loss' ? p.loss : p.accuracy);

/** One chart: the training batches' values (smoothed, with the raw ones faint) and held-out points. */
function Chart({ what, curve, evals, smoothing, log }: Props) {
  const train = curve.filter((p) => value(p, what) !== null && Number.isFinite(value(p, what)));
  const raw = train.map((p) => value(p, what)!);
  const smoothed = smooth(raw, smoothing);
  const held = evals.filter((p) => value(p, what) !== null);
  const steps = [...train, ...held].map((p) => p.step);
  const [x0, x1] = extent(steps.length ? steps : [0, 1]) as [number, number];
  const x = scaleLinear()
    .domain([x0, Math.max(x1, x0 + 1)])
    .range([M.left, W - M.right]);
  const vals = [...raw, ...held.map((p) => value(p, what)!)];
  const useLog = log && what === 'loss' && vals.every((v) => v > 0);
  const lo = Math.min(...vals, what === 'accuracy' ? 0 : Infinity);
  const hi = Math.max(...vals, what === 'accuracy' ? 1 : -Infinity);
  const y = useLog
    ? scaleLog()
        .domain([Math.max(1e-4, lo), Math.max(hi, lo * 1.01)])
        .range([H - M.bottom, M.top])
        .nice()
    : scaleLinear()
        .domain(what === 'accuracy' ? [0, 1] : [Math.min(0, lo), hi > lo ? hi : lo + 1])
        .range([H - M.bottom, M.top])
        .nice();
  const path = line<number>()
    .x((_, i) => x(train[i].step))
    .y((v) => y(v));
  const ticks = y.ticks(4);
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      className="train-chart"
      role="img"
      aria-label={`${what} by step: ${train.length} training points, ${held.length} held-out points`}
      data-testid={`train-chart-${what}`}
    >
      {ticks.map((t) => (
        <g key={t}>
          <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} className="grid" />
          <text x={M.left - 4} y={y(t)} dy="0.32em" textAnchor="end" className="tick">
            {what === 'accuracy' ? `${Math.round(t * 100)}%` : t.toPrecision(2)}
          </text>
        </g>
      ))}
      <text x={W - M.right} y={H - 4} textAnchor="end" className="tick">
        step {x1}
      </text>
      {smoothing > 0 && <path d={path(raw) ?? ''} className="raw" />}
      <path d={path(smoothed) ?? ''} className="train" />
      {held.map((p) => (
        <circle key={p.step} cx={x(p.step)} cy={y(value(p, what)!)} r={3} className="held" />
      ))}
    </svg>
  );
}

/** Loss and accuracy by step: training batches (line) and held-out evaluations (dots). */
export function TrainingCurves({
  curve,
  evals,
}: {
  readonly curve: readonly TrainPoint[];
  readonly evals: readonly TrainPoint[];
}) {
  const [smoothing, setSmoothing] = useState(0.6);
  const [log, setLog] = useState(false);
  return (
    <div className="train-curves">
      <div className="train-curve-controls">
        <label>
          smoothing
          <input
            type="range"
            min={0}
            max={0.95}
            step={0.05}
            value={smoothing}
            onChange={(e) => setSmoothing(Number(e.target.value))}
          />
        </label>
        <label>
          <input type="checkbox" checked={log} onChange={(e) => setLog(e.target.checked)} /> log
          scale (loss)
        </label>
        <span className="muted small">
          <span className="key train" /> training batches <span className="key held" /> held out
        </span>
      </div>
      <Chart what="loss" curve={curve} evals={evals} smoothing={smoothing} log={log} />
      <Chart what="accuracy" curve={curve} evals={evals} smoothing={smoothing} log={false} />
    </div>
  );
}
