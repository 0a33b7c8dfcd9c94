import { SAMPLE_IMAGES } from '../../../core/samples';
import './InputPanel.css';
import { selectSample } from '../../../state/actions';
import { fitsNumeric, setInputMode } from '../../../state/inputActions';
import { useStore } from '../../../state/store';
import { selectInputMode, selectNetwork, selectSampleId } from '../../selectors';
import { dropProps, usePastedPictures } from './imageSources';
import { InputImage } from './InputImage';
import { NumericInput } from './NumericInput';
import { OwnImagePanel } from './OwnImagePanel';

/** The network input: a sample image, numbers typed by hand, or your own picture. */
export function InputPanel() {
  usePastedPictures();
  const mode = useStore(selectInputMode);
  const sampleId = useStore(selectSampleId);
  const network = useStore(selectNetwork);
  const { c, h, w } = network.input;
  const canType = fitsNumeric(network.input);
  return (
    <section
      className="panel input-panel"
      aria-label="Input"
      data-testid="input-panel"
      {...dropProps}
    >
      <div className="panel-head">
        <h2>Input</h2>
        <div className="segmented" role="radiogroup" aria-label="Input mode">
          <button
            type="button"
            role="radio"
            aria-checked={mode === 'image'}
            data-testid="input-mode-image"
            onClick={() => setInputMode('image')}
          >
            Image
          </button>
          <button
            type="button"
            role="radio"
            aria-checked={mode === 'numeric'}
            data-testid="input-mode-numeric"
            title={
              canType
                ? 'Type the input values'
                : `Typed input holds up to 16×16; this input is ${h}×${w}`
            }
            onClick={() => setInputMode('numeric')}
          >
            Numbers
          </button>
          <button
            type="button"
            role="radio"
            aria-checked={mode === 'own'}
            data-testid="input-mode-own"
            title="Your own picture: a file, the camera or a drawing"
            onClick={() => setInputMode('own')}
          >
            Yours
          </button>
        </div>
      </div>
      {mode === 'image' ? (
        <div className="input-image-row">
          <InputImage />
          <label className="field">
            sample image
            <select
              data-testid="sample-select"
              value={sampleId}
              onChange={(e) => selectSample(e.target.value)}
            >
              {SAMPLE_IMAGES.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.title}
                </option>
              ))}
            </select>
            <span className="muted small">
              resized to {h}×{w}, {c === 3 ? 'RGB' : c === 1 ? 'grayscale' : `${c} channels`}
            </span>
          </label>
        </div>
      ) : mode === 'own' ? (
        <OwnImagePanel />
      ) : (
        <NumericInput />
      )}
    </section>
  );
}
