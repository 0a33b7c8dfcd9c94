import './LayerHealth.css';
import type { Histogram } from '../../../core/train/healthStats';
import type { LayerHealth as Layer, TensorHealth, Verdict } from '../../../core/train/health';
import { HEALTHY_RATIO } from '../../../core/train/healthThresholds';
import { magnitude, percent } from '../../../core/train/healthWords';
import { useStore, type AppState } from '../../../state/store';
import { histogramBars, histogramX } from '../../viz/histogramBars';

const W = 160;
const H = 32;

const selectHealth = (s: AppState) => s.training.health;

/** The verdict as a word and a symbol (never colour alone), and its colour class. */
const VERDICT: Record<
  Verdict,
  { label: string; mark: string; tone: 'ok' | 'warn' | 'bad' | 'off' }
> = {
  ok: { label: 'ok', mark: '✓', tone: 'ok' },
  slow: { label: 'slow', mark: '!', tone: 'warn' },
  fast: { label: 'large', mark: '!', tone: 'warn' },
  vanishing: { label: 'vanishing', mark: '✕', tone: 'bad' },
  exploding: { label: 'exploding', mark: '✕', tone: 'bad' },
  frozen: { label: 'locked', mark: '🔒', tone: 'off' },
};

const num = (v: number) =>
  v === 0 ? '0' : Math.abs(v) >= 0.01 ? v.toFixed(3) : v.toExponential(1);

/** One small histogram; `marker`: a value to mark (the gradients' RMS). */
function Bars({ h, label, marker }: { h: Histogram; label: string; marker?: number }) {
  const log = h.scale === 'log10';
  const bars = histogramBars(h.counts, W, H - 9);
  const mark = marker !== undefined && marker > 0 ? histogramX(marker, h.lo, h.hi, W, log) : null;
  // Log axis: a label every 3 decades (1e-12, 1e-9, … 1); linear: its ends and 0.
  const ticks: [number, string][] = log
    ? Array.from({ length: Math.floor((h.hi - h.lo) / 3) + 1 }, (_, k) => h.lo + 3 * k).map((d) => [
        ((d - h.lo) / (h.hi - h.lo)) * W,
        d === 0 ? '1' : `1e${d}`,
      ])
    : [
        [0, num(h.lo)],
        [W / 2, '0'],
        [W, num(h.hi)],
      ];
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="health-hist" role="img" aria-label={label}>
      <title>{label}</title>
      {!log && <line x1={W / 2} x2={W / 2} y1={0} y2={H - 9} className="zero" />}
      {bars.map((b, i) =>
        b.height > 0 ? <rect key={i} x={b.x} y={b.y} width={b.width} height={b.height} /> : null,
      )}
      {mark !== null && <line x1={mark} x2={mark} y1={0} y2={H - 9} className="mark" />}
      {ticks.map(([x, text], i) => (
        <text
          key={text}
          x={x}
          y={H - 1}
          textAnchor={i === 0 ? 'start' : i === ticks.length - 1 ? 'end' : 'middle'}
          className="tick"
        >
          {text}
        </text>
      ))}
    </svg>
  );
}

const mainOf = (l: Layer): TensorHealth | undefined =>
  l.tensors.find((t) => t.field === 'weight') ?? l.tensors.find((t) => t.field === 'gamma');

function Row({ layer }: { layer: Layer }) {
  const main = mainOf(layer);
  const v = VERDICT[layer.verdict];
  if (!main) return null;
  const w = main.values;
  const g = main.gradient;
  const zeros = main.gradientHistogram?.zeros ?? 0;
  return (
    <tr data-testid={`health-${layer.id}`}>
      <th scope="row">{layer.name}</th>
      <td>
        <Bars
          h={main.valueHistogram}
          label={`${layer.name} ${main.field}: mean ${num(w.mean)}, std ${num(w.std)}, largest |w| ${num(w.maxAbs)}`}
        />
      </td>
      <td>
        {g && main.gradientHistogram ? (
          <Bars
            h={main.gradientHistogram}
            marker={g.rms}
            label={`${layer.name} gradient sizes, log scale: typical (RMS) ${magnitude(g.rms)}, norm ${num(g.norm)}${zeros ? `, ${zeros} exactly 0` : ''}`}
          />
        ) : (
          <span className="muted small">none (locked)</span>
        )}
      </td>
      <td>
        <span className={`health-chip ${v.tone}`}>
          <span aria-hidden="true">{v.mark} </span>
          {layer.frozen || layer.ratio === null ? v.label : `${v.label} ${percent(layer.ratio)}`}
        </span>
        <div className="small muted">{layer.words}</div>
      </td>
    </tr>
  );
}

/**
 * Per layer, the weights' histogram, the gradients' sizes on one log axis for every layer (a
 * vanishing layer sits far to the left), the update/weight ratio of the last measured step with a
 * verdict, and above the list the plain-words warnings when a layer vanishes or explodes.
 */
export function LayerHealth() {
  const health = useStore(selectHealth);
  if (!health) return null;
  return (
    <section className="layer-health" aria-label="Layer health" data-testid="layer-health">
      <h3>
        Layer health <span className="muted small">at step {health.step}</span>
      </h3>
      {health.warnings.length > 0 ? (
        <ul className="health-warnings" data-testid="health-warnings">
          {health.warnings.map((w) => (
            <li key={w.kind} className="train-message">
              <strong>Warning:</strong> {w.text}
            </li>
          ))}
        </ul>
      ) : (
        <p className="small" data-testid="health-fine">
          No vanishing or exploding gradients.
        </p>
      )}
      <table className="health-table">
        <thead>
          <tr>
            <th scope="col">Layer</th>
            <th scope="col">Weights</th>
            <th scope="col">
              Gradient sizes <span className="muted">(log; | = RMS)</span>
            </th>
            <th scope="col">
              Update / weight <span className="muted">(≈{percent(HEALTHY_RATIO)} is healthy)</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {health.layers.map((l) => (
            <Row key={l.id} layer={l} />
          ))}
        </tbody>
      </table>
      {health.dead.length > 0 && (
        <p className="small muted" data-testid="health-dead">
          ReLU units that never fired on the batch (dead):{' '}
          {health.dead.map((d) => `after ${d.after} ${d.dead} of ${d.units}`).join(', ')}.
        </p>
      )}
    </section>
  );
}
