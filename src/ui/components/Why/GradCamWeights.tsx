import { scaleLinear } from 'd3';
import { fmtValue } from '../../viz/format';

/** α_k per channel as bars around zero: the weights Grad-CAM sums the maps with. */
export function GradCamWeights({ weights, layer }: { weights: Float32Array; layer: string }) {
  const n = weights.length;
  const m = Math.max(1e-12, ...Array.from(weights, Math.abs));
  const W = 260;
  const H = 64;
  const y = scaleLinear()
    .domain([-m, m])
    .range([H - 2, 2]);
  const bw = W / n;
  const top = Array.from(weights.keys())
    .sort((a, b) => weights[b] - weights[a])
    .slice(0, 3);
  return (
    <figure className="why-cam-weights" data-testid="why-cam-weights" data-channels={n}>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width={W}
        height={H}
        role="img"
        aria-label={`α per channel of ${layer}`}
      >
        <line x1={0} x2={W} y1={y(0)} y2={y(0)} className="axis" />
        {Array.from(weights, (a, k) => (
          <rect
            key={k}
            x={k * bw + bw * 0.1}
            width={Math.max(1, bw * 0.8)}
            y={Math.min(y(a), y(0))}
            height={Math.max(0.5, Math.abs(y(a) - y(0)))}
            className={a >= 0 ? 'pos' : 'neg'}
          >
            <title>{`channel ${k}: α = ${fmtValue(a)}`}</title>
          </rect>
        ))}
      </svg>
      <figcaption className="muted small">
        α for each of the {n} channels of <code>{layer}</code> (blue: evidence for the class, red:
        against). Largest: {top.map((k) => `channel ${k} (${fmtValue(weights[k])})`).join(', ')}.
      </figcaption>
    </figure>
  );
}
