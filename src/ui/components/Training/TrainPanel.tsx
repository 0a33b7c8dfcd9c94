import { useEffect, useState } from 'react';
import './Training.css';
import { TRAIN_BOUNDS, type TrainSettings } from '../../../core/train/settings';
import { trainClassNames, type TrainDataChoice } from '../../../core/train/trainData';
import {
  computeConfusion,
  dataChoice,
  resetTrainedWeights,
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
import { FilterFilmstrip } from './FilterFilmstrip';
import { ConfusionMatrix, heldOutOf } from './ConfusionMatrix';
import { CapturedClasses } from './CapturedClasses';
import { TransferCompare } from './TransferCompare';
import { LayerHealth } from './LayerHealth';
import { addNotice } from '../../../state/actions';
import { replaceHead, startTransferDemo } from '../../../state/transferActions';

/** The held-out confusion matrix of the weights on screen (a notice when it cannot be made). */
async function confusionOf(choice: TrainDataChoice): Promise<void> {
  try {
    const why = await computeConfusion(choice, (await heldOutOf(choice)).data);
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
  const pictures = useStore((s) => s.captured.images.reduce((a, l) => a + l.length, 0));
  const [compare, setCompare] = useState(false);
  const classCount = useStore((s) => trainClassNames(dataChoice(s)).length);
  const report = (why: string | null) => why && addNotice(`Not done: ${why}.`);
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
    if (t.status === 'done') void confusionOf(dataChoice());
  }, [t.status]);
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
            <option value="own">Your classes ({pictures} pictures)</option>
          </select>
        </label>
        {st.dataset === 'mnist' && (
          <label>
            digits
            <select
              data-testid="train-digits"
              value={st.digits}
              disabled={active}
              onChange={(e) => set({ digits: e.target.value as TrainSettings['digits'] })}
            >
              <option value="all">all ten</option>
              <option value="0-4">0–4 only</option>
              <option value="5-9">5–9 only</option>
            </select>
          </label>
        )}
        {st.dataset !== 'own' && (
          <label>
            examples per class
            <select
              data-testid="train-per-class"
              value={st.perClass}
              disabled={active}
              onChange={(e) => set({ perClass: Number(e.target.value) })}
            >
              {[0, 1, 2, 5, 10, 50, 100].map((n) => (
                <option key={n} value={n}>
                  {n === 0 ? 'all' : n}
                </option>
              ))}
            </select>
          </label>
        )}
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
            data-testid="train-batch"
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
            data-testid="train-epochs"
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
        <label>
          weight decay
          <input
            type="number"
            min={0}
            max={TRAIN_BOUNDS.weightDecay[1]}
            step={0.0001}
            value={st.weightDecay}
            disabled={active}
            onChange={(e) => report(set({ weightDecay: Number(e.target.value) }))}
          />
        </label>
        <label>
          seed
          <input
            type="number"
            min={0}
            value={st.seed}
            disabled={active}
            onChange={(e) => report(set({ seed: Number(e.target.value) }))}
          />
        </label>
      </div>
      {st.dataset === 'own' && <CapturedClasses disabled={active} />}
      <div className="toolbar" role="toolbar" aria-label="Training">
        {!active && (
          <button
            type="button"
            data-testid="train-start"
            disabled={refusal !== null}
            onClick={() => void startTraining({ compareScratch: compare })}
          >
            ▶ Train
          </button>
        )}
        {!active && (
          <label className="small">
            <input
              type="checkbox"
              data-testid="train-compare"
              checked={compare}
              onChange={(e) => setCompare(e.target.checked)}
            />{' '}
            then the same from scratch, to compare
          </label>
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
        {!active && (
          <button
            type="button"
            data-testid="train-reset"
            title="Every layer back to random weights (one undo step)"
            onClick={() => report(resetTrainedWeights())}
          >
            ↺ Reset weights
          </button>
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
          onClick={() => void confusionOf(dataChoice())}
        >
          Confusion matrix of these weights (held out)
        </button>
      )}
      <ConfusionMatrix />
      <TransferCompare />
      <div className="transfer">
        <h3>Transfer learning</h3>
        <p className="small muted">
          Start from a network trained on a large general set, give it a new head for the new
          classes, lock the early layers (🔒 on their cards) and train the rest on a few examples.
          Tick “then the same from scratch” to see what the pre-training was worth.
        </p>
        <div className="toolbar" role="toolbar" aria-label="Transfer learning">
          <button
            type="button"
            data-testid="transfer-demo"
            disabled={active}
            onClick={() => void startTransferDemo().then(report)}
          >
            Demo: LeNet-5 that knows 0–4 learns 5–9 from 10 digits
          </button>
          <button
            type="button"
            data-testid="replace-head"
            disabled={active}
            onClick={() => report(replaceHead(trainClassNames(dataChoice())))}
          >
            Replace the head for {classCount} classes
          </button>
        </div>
      </div>
    </section>
  );
}
