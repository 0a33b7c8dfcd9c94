import type { Fit } from '../../../core/preprocess/geometry';
import type { Normalization } from '../../../core/preprocess/normalize';
import type { DigitSetting } from '../../../core/preprocess/settings';
import { setPreprocess } from '../../../state/ownImageActions';
import { useStore } from '../../../state/store';
import { selectNetwork, selectPreprocess } from '../../selectors';

const FIT_LABELS: Record<Fit, string> = {
  crop: 'crop the middle',
  letterbox: 'letterbox (black bars)',
  stretch: 'stretch',
};
const NORM_LABELS: Record<Normalization, string> = {
  none: 'none, values 0…1',
  mnist: 'MNIST (mean 0.1307, std 0.3081)',
  imagenet: 'ImageNet (per-channel mean/std)',
};
const DIGIT_LABELS: Record<DigitSetting, string> = {
  auto: 'for drawings',
  on: 'always',
  off: 'never',
};

/** How your own image is fitted, coloured and normalized (the strip above shows each step). */
export function PreprocessControls() {
  const s = useStore(selectPreprocess);
  const { c } = useStore(selectNetwork).input;
  return (
    <div className="own-settings">
      <label className="field">
        fit to the input
        <select
          value={s.fit}
          data-testid="own-fit"
          onChange={(e) => setPreprocess({ fit: e.target.value as Fit })}
        >
          {(Object.keys(FIT_LABELS) as Fit[]).map((k) => (
            <option key={k} value={k}>
              {FIT_LABELS[k]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        normalization
        <select
          value={s.normalize}
          data-testid="own-normalize"
          onChange={(e) => setPreprocess({ normalize: e.target.value as Normalization })}
        >
          {(Object.keys(NORM_LABELS) as Normalization[]).map((k) => (
            <option key={k} value={k}>
              {NORM_LABELS[k]}
            </option>
          ))}
        </select>
      </label>
      {c === 1 && (
        <label
          className="field"
          title="MNIST's recipe: ink box scaled to 20 px, centred by mass in 28×28"
        >
          MNIST digit recipe
          <select
            value={s.digit}
            data-testid="own-digit"
            onChange={(e) => setPreprocess({ digit: e.target.value as DigitSetting })}
          >
            {(Object.keys(DIGIT_LABELS) as DigitSetting[]).map((k) => (
              <option key={k} value={k}>
                {DIGIT_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
      )}
      <span className="muted small note">
        colour: {c === 1 ? 'grayscale (luma)' : c === 3 ? 'RGB' : `${c} channels from R, G, B`},
        from the network's input
      </span>
    </div>
  );
}
