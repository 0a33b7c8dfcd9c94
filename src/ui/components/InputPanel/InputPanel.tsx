import { SAMPLE_IMAGES } from '../../../core/samples';
import './InputPanel.css';
import { selectSample } from '../../../state/actions';
import { fitsNumeric, setInputMode } from '../../../state/inputActions';
import { useStore } from '../../../state/store';
import { datasetInfo } from '../../../core/data/catalog';
import { selectExampleRef, selectInputMode, selectNetwork, selectSampleId } from '../../selectors';
import { DatasetBrowser } from '../DatasetBrowser/DatasetBrowser';
import { dropProps, usePastedPictures } from './imageSources';
import { InputImage } from './InputImage';
import { NumericInput } from './NumericInput';
import { OwnImagePanel } from './OwnImagePanel';

/** The network input: a sample image, numbers typed by hand, or your own picture. */
export function InputPanel() {
  usePastedPictures();
  const mode = useStore(selectInputMode);
  const sampleId = useStore(selectSampleId);
  const example = useStore(selectExampleRef);
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
        <>
          <div className="input-image-row">
            <InputImage />
            <label className="field">
              sample image
              <select
                data-testid="sample-select"
                value={example ? '' : sampleId}
                onChange={(e) => selectSample(e.target.value)}
              >
                {example && (
                  <option value="">
                    {datasetInfo(example.dataset)?.title ?? example.dataset} #{example.index}
                  </option>
                )}
                {SAMPLE_IMAGES.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.title}
                  </option>
                ))}
              </select>
              <span className="muted small">
                {example
                  ? `a held-out example, fitted to ${h}×${w}`
                  : `resized to ${h}×${w}, ${c === 3 ? 'RGB' : c === 1 ? 'grayscale' : `${c} channels`}`}
              </span>
            </label>
          </div>
          <details className="dataset-details" data-testid="dataset-details">
            <summary>Examples from a dataset</summary>
            <DatasetBrowser />
          </details>
        </>
      ) : mode === 'own' ? (
        <OwnImagePanel />
      ) : (
        <NumericInput />
      )}
    </section>
  );
}
