import { useEffect } from 'react';
import './Training.css';
import { TRAIN_BOUNDS, type TrainSettings } from '../../../core/train/settings';
import {
  computeConfusion,
  pauseTraining,
  resumeTraining,
  setTrainSettings,
  startTraining,
  stepTraining,
  stopTraining,
  trainingRefusal,
} from '../../../state/trainActions';
import { useStore } from '../../../state/store';
import { TrainingCurves } from './TrainingCurves';
import { ConfusionMatrix } from './ConfusionMatrix';
import { FilterFilmstrip } from './FilterFilmstrip';
import { LayerHealth } from './LayerHealth';
import { heldOut } from '../../../io/loadExample';
import { addNotice } from '../../../state/actions';

/** The held-out confusion matrix of the weights on screen (a notice when it cannot be made). */
async function confusionOf(dataset: TrainSettings['dataset']): Promise<void> {
  try {
    const why = await computeConfusion(dataset, await heldOut(dataset));
    if (why) addNotice(`No confusion matrix: ${why}.`);
  } catch (e) {
    addNotice(`No confusion matrix: ${e instanceof Error ? e.message : String(e)}.`);
  }
}

const LR_MIN = Math.log10(TRAIN_BOUNDS.learningRate[0]);
const LR_MAX = Math.log10(TRAIN_BOUNDS.learningRate[1]);

/**
 * Train the network on screen: the dataset and the optimizer's settings, Train / Pause / one step
 * / Stop, progress (step, epoch, examples per second, engine) and the curves. While it trains,
 * every view shows the weights as they change; switching to another tab pauses it.
 */
export function TrainPanel() {
  const t = useStore((s) => s.training);
  const refusal = useStore(trainingRefusal);
  const set = (patch: Partial<TrainSettings>) => setTrainSettings(patch);
  const active = t.status === 'starting' || t.status === 'running' || t.status === 'paused';
  const st = t.settings;
  useEffect(() => {
    const onHide = () => {
      if (document.hidden && useStore.getState().training.status === 'running') pauseTraining();
    };
    document.addEventListener('visibilitychange', onHide);
    return () => document.removeEventListener('visibilitychange', onHide);
  }, []);
  const last = t.evals.at(-1);
  // After a run, the held-out confusion matrix of the learnt weights.
  useEffect(() => {
    if (t.status === 'done') void confusionOf(st.dataset);
  }, [t.status, st.dataset]);
  return (
    <section className="panel train-panel" aria-label="Train" data-testid="train-panel">
      <div className="panel-head">
        <h2>Train</h2>
        <span className="muted small" data-testid="train-status" data-status={t.status}>
          {t.status === 'idle'
            ? 'not trained here yet'
            : `${t.status} · step ${t.step} · epoch ${t.epoch + 1} of ${st.epochs}` +
              (t.examplesPerSecond > 0 ? ` · ${Math.round(t.examplesPerSecond)} examples/s` : '') +
              (t.engine ? ` · ${t.engine.toUpperCase()}` : '')}
        </span>
      </div>
      <div className="train-settings">
        <label>
          data
          <select
            data-testid="train-dataset"
            value={st.dataset}
            disabled={active}
            onChange={(e) => set({ dataset: e.target.value as TrainSettings['dataset'] })}
          >
            <option value="mnist">MNIST digits (8,495 to train, 1,505 held out)</option>
            <option value="colors">Colour shapes 64×64 (10,000 / 500)</option>
          </select>
        </label>
        <label>
          optimizer
          <select
            data-testid="train-optimizer"
            value={st.optimizer}
            disabled={active}
            onChange={(e) => set({ optimizer: e.target.value as TrainSettings['optimizer'] })}
          >
            <option value="adam">Adam</option>
            <option value="sgd">SGD, momentum 0.9</option>
          </select>
        </label>
        <label>
          learning rate{' '}
          <output data-testid="train-lr">{String(Number(st.learningRate.toPrecision(2)))}</output>
          <input
            type="range"
            data-testid="train-lr-slider"
            min={LR_MIN}
            max={LR_MAX}
            step={0.1}
            disabled={active}
            value={Math.log10(st.learningRate)}
            onChange={(e) =>
              set({ learningRate: Number((10 ** Number(e.target.value)).toPrecision(2)) })
            }
          />
        </label>
        <label>
          batch
          <select
            value={st.batchSize}
            disabled={active}
            onChange={(e) => set({ batchSize: Number(e.target.value) })}
          >
            {[8, 16, 32, 64, 128].map((b) => (
              <option key={b}>{b}</option>
            ))}
          </select>
        </label>
        <label>
          epochs
          <input
            type="number"
            min={1}
            max={TRAIN_BOUNDS.epochs[1]}
            value={st.epochs}
            disabled={active}
            onChange={(e) => set({ epochs: Number(e.target.value) })}
          />
        </label>
        <label>
          <input
            type="checkbox"
            checked={st.augment}
            disabled={active}
            onChange={(e) => set({ augment: e.target.checked })}
          />{' '}
          random shifts
        </label>
      </div>
      <div className="toolbar" role="toolbar" aria-label="Training">
        {!active && (
          <button
            type="button"
            data-testid="train-start"
            disabled={refusal !== null}
            onClick={() => void startTraining()}
          >
            ▶ Train
          </button>
        )}
        {t.status === 'running' && (
          <button type="button" data-testid="train-pause" onClick={pauseTraining}>
            ❚❚ Pause
          </button>
        )}
        {t.status === 'paused' && (
          <>
            <button type="button" data-testid="train-resume" onClick={resumeTraining}>
              ▶ Resume
            </button>
            <button type="button" data-testid="train-step" onClick={stepTraining}>
              One step
            </button>
          </>
        )}
        {active && (
          <button type="button" data-testid="train-stop" onClick={stopTraining}>
            ■ Stop and keep
          </button>
        )}
      </div>
      {refusal && !active && (
        <p className="muted small" data-testid="train-refusal">
          To train: {refusal}.
        </p>
      )}
      {t.message && (
        <p className="train-message" role="alert" data-testid="train-message">
          {t.message}
        </p>
      )}
      {last && (
        <p className="small" data-testid="train-heldout">
          Held-out accuracy at step {last.step}:{' '}
          <strong>{(last.accuracy! * 100).toFixed(1)}%</strong>
        </p>
      )}
      {(t.curve.length > 0 || t.evals.length > 0) && (
        <TrainingCurves curve={t.curve} evals={t.evals} />
      )}
      <LayerHealth />
      <FilterFilmstrip />
      {!active && refusal === null && (
        <button
          type="button"
          data-testid="confusion-compute"
          onClick={() => void confusionOf(st.dataset)}
        >
          Confusion matrix of these weights (held out)
        </button>
      )}
      <ConfusionMatrix />
    </section>
  );
}
