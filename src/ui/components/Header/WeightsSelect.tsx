import { SHIPPED_WEIGHTS } from '../../../core/weightsFile/shipped';
import { setWeightsSource, weightsEntry } from '../../../state/shippedWeights';
import { useStore } from '../../../state/store';
import { selectPresetId, selectSeed, selectWeightsId } from '../../selectors';

const RANDOM = '';

/**
 * Trained or random weights, for a network that has a shipped trained set (LeNet-5 on MNIST):
 * switching shows what training changed, in every view. Hidden for networks without one.
 */
export function WeightsSelect() {
  const presetId = useStore(selectPresetId);
  const weightsId = useStore(selectWeightsId);
  const seed = useStore(selectSeed);
  const entry = useStore(weightsEntry);
  const sets = SHIPPED_WEIGHTS.filter((w) => w.preset === presetId || w.id === weightsId);
  if (sets.length === 0) return null;
  const accuracy = (id: string) => {
    if (id !== weightsId || entry?.status !== 'ready') return '';
    return ` · ${(entry.info.testAccuracy * 100).toFixed(1)}% held out`;
  };
  return (
    <label>
      Weights
      <select
        data-testid="weights-select"
        value={weightsId ?? RANDOM}
        onChange={(e) => setWeightsSource(e.target.value === RANDOM ? null : e.target.value)}
      >
        {sets.map((w) => (
          <option key={w.id} value={w.id}>
            {w.title[0].toUpperCase() + w.title.slice(1)}
            {accuracy(w.id)}
          </option>
        ))}
        <option value={RANDOM}>Random, untrained (seed {seed})</option>
      </select>
      {entry?.status === 'loading' && <span className="muted small"> loading…</span>}
    </label>
  );
}
