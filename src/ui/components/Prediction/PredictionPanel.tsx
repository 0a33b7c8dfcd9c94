import { scaleLinear } from 'd3';
import './Prediction.css';
import { topK } from '../../../core/prediction';
import { defaultWeightsFor, shippedWeights } from '../../../core/weightsFile/shipped';
import { useStore, type AppState } from '../../../state/store';
import { selectPrediction, selectWeightsId } from '../../selectors';

/** Bars shown: every class up to this many, else the top 5. */
const ALL_UP_TO = 10;
const TOP = 5;

/**
 * Class names from the network's shipped weights (or, with random weights, its preset's trained
 * set, once fetched) when they name as many classes; else the panel numbers them.
 */
function selectClassNames(s: AppState): readonly string[] | null {
  const id = s.weightsId ?? defaultWeightsFor(s.presetId);
  const entry = id ? s.shipped[id] : undefined;
  return entry?.status === 'ready' ? entry.info.classes : null;
}

const percent = (p: number) =>
  p >= 0.995 ? `${(p * 100).toFixed(1)}%` : p < 0.001 ? '<0.1%' : `${(p * 100).toFixed(1)}%`;

/**
 * What the network says the input is: the top classes with their probabilities (the softmax
 * layer's values, or a softmax of the logits), updated with every input and edit.
 */
export function PredictionPanel() {
  const prediction = useStore(selectPrediction);
  const names = useStore(selectClassNames);
  const weightsId = useStore(selectWeightsId);
  const status = useStore((s) => s.compute.status);
  if (!prediction) return null;
  const k = prediction.scores.length;
  const top = topK(prediction.scores, k <= ALL_UP_TO ? k : TOP, prediction.probabilities);
  const name = (i: number) => (names && names.length === k ? names[i] : `class ${i}`);
  const x = scaleLinear().domain([0, 1]).range([0, 100]).clamp(true);
  const trained = weightsId ? shippedWeights(weightsId) : undefined;
  const best = top[0];
  return (
    <section className="panel prediction" aria-label="Prediction" data-testid="prediction-panel">
      <div className="panel-head">
        <h2>Prediction</h2>
        <span className="muted small">
          {trained ? `weights ${trained.title}` : 'untrained (random) weights: a meaningless guess'}
        </span>
      </div>
      <p className="prediction-top" data-testid="prediction-top" aria-live="polite">
        {best ? (
          <>
            <strong>{name(best.index)}</strong> — {percent(best.probability)}
          </>
        ) : null}
      </p>
      <ol
        className={status === 'running' ? 'prediction-bars stale' : 'prediction-bars'}
        data-testid="prediction-bars"
      >
        {top.map(({ index, probability }, rank) => (
          <li key={index} data-class={index} className={rank === 0 ? 'best' : undefined}>
            <span className="prediction-name">{name(index)}</span>
            <span className="prediction-track" aria-hidden="true">
              <span className="prediction-bar" style={{ width: `${x(probability)}%` }} />
            </span>
            <span className="prediction-p">{percent(probability)}</span>
          </li>
        ))}
      </ol>
      <p className="muted small">
        {prediction.probabilities
          ? `Probabilities from the softmax layer '${prediction.layerId}'`
          : `Softmax of the scores of '${prediction.layerId}'`}
        {k > ALL_UP_TO ? `; the top ${TOP} of ${k} classes.` : '.'}
      </p>
    </section>
  );
}
