import { scaleLinear } from 'd3';
import './Prediction.css';
import { topK } from '../../../core/prediction';
import { shippedWeights } from '../../../core/weightsFile/shipped';
import { requestPrediction } from '../../../state/compute';
import { setWhyOpen } from '../../../state/explainWatch';
import { fmtCompact } from '../../viz/format';
import { analyze } from '../../../state/derived';
import { useStore } from '../../../state/store';
import {
  selectClassNames,
  selectPrediction,
  selectTrueLabel,
  selectWeightsId,
} from '../../selectors';

/** Bars shown: every class up to this many, else the top 5. */
const ALL_UP_TO = 10;
const TOP = 5;

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
  const label = useStore(selectTrueLabel);
  const training = useStore((s) => s.training.live !== null);
  const ownWeights = useStore((s) =>
    Object.values(s.fixedWeights ?? {}).some((f) => f.weight !== undefined),
  );
  const predictionStatus = useStore((s) => s.compute.predictionStatus);
  const predictionMessage = useStore((s) => s.compute.predictionMessage);
  const macs = useStore((s) => analyze(s.network).cost.macs);
  const whyOpen = useStore((s) => s.explain.open);
  if (predictionStatus === 'on-demand' || predictionStatus === 'error')
    return (
      <section className="panel prediction" aria-label="Prediction" data-testid="prediction-panel">
        <div className="panel-head">
          <h2>Prediction</h2>
        </div>
        {predictionStatus === 'error' ? (
          <p className="muted small" data-testid="prediction-message">
            No prediction: {predictionMessage}
          </p>
        ) : (
          <>
            <p className="muted small">
              The prediction needs the whole network: {fmtCompact(macs)} multiply-accumulates, too
              many to repeat on every change.
            </p>
            <button type="button" data-testid="predict" onClick={requestPrediction}>
              Predict
            </button>
          </>
        )}
      </section>
    );
  if (!prediction || predictionStatus === 'none') return null;
  const k = prediction.scores.length;
  const top = topK(prediction.scores, k <= ALL_UP_TO ? k : TOP, prediction.probabilities);
  const name = (i: number) => (names && names.length === k ? names[i] : `class ${i}`);
  const x = scaleLinear().domain([0, 1]).range([0, 100]).clamp(true);
  const trained = weightsId ? shippedWeights(weightsId) : undefined;
  const weightsText = trained
    ? `weights ${trained.title}`
    : training
      ? 'weights being trained: watch it change'
      : ownWeights
        ? 'weights trained or set here'
        : 'untrained (random) weights: a meaningless guess';
  const best = top[0];
  const truth = label !== null && label < k ? label : null;
  const truthP =
    truth === null
      ? 0
      : topK(prediction.scores, k, prediction.probabilities).find((c) => c.index === truth)!
          .probability;
  return (
    <section className="panel prediction" aria-label="Prediction" data-testid="prediction-panel">
      <div className="panel-head">
        <h2>Prediction</h2>
        <span className="muted small">{weightsText}</span>
        <button
          type="button"
          data-testid="why-open"
          aria-pressed={whyOpen}
          onClick={() => setWhyOpen()}
          title="Saliency, Grad-CAM, occlusion and feature visualization of this prediction"
        >
          Why?
        </button>
      </div>
      <p className="prediction-top" data-testid="prediction-top" aria-live="polite">
        {best ? (
          <>
            <strong>{name(best.index)}</strong> — {percent(best.probability)}
          </>
        ) : null}
      </p>
      {truth !== null && best && (
        <p
          className={best.index === truth ? 'prediction-truth right' : 'prediction-truth wrong'}
          data-testid="prediction-truth"
        >
          True class: <strong>{name(truth)}</strong> ({percent(truthP)}) —{' '}
          {best.index === truth ? '✓ right' : '✗ wrong'}
        </p>
      )}
      <ol
        className={status === 'running' ? 'prediction-bars stale' : 'prediction-bars'}
        data-testid="prediction-bars"
      >
        {top.map(({ index, probability }, rank) => (
          <li
            key={index}
            data-class={index}
            className={
              [rank === 0 ? 'best' : '', index === truth ? 'truth' : ''].join(' ').trim() ||
              undefined
            }
          >
            <span className="prediction-name">
              {name(index)}
              {index === truth && <span className="sr-only"> (the true class)</span>}
            </span>
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
