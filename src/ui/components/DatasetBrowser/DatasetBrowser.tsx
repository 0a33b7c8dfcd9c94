import { useState } from 'react';
import './DatasetBrowser.css';
import { DATASETS, type DatasetId } from '../../../core/data/catalog';
import { selectExample } from '../../../state/exampleActions';
import { useStore } from '../../../state/store';
import { selectExampleRef } from '../../selectors';
import { ExampleThumb } from './ExampleThumb';
import { useHeldOut } from './useHeldOut';

/** Examples shown per class at a time. */
const PER_CLASS = 8;

/**
 * A grid of held-out examples, one row per class; a click makes one the input (and the
 * prediction panel then shows its true label). "Other examples" pages through each class.
 */
export function DatasetBrowser() {
  const current = useStore(selectExampleRef);
  const colour = useStore((s) => s.network.input.c === 3);
  // Opens on the example shown, else on the dataset that suits the input (colour or gray).
  const [dataset, setDataset] = useState<DatasetId>(
    () => current?.dataset ?? (colour ? 'colors' : 'mnist'),
  );
  const [page, setPage] = useState(0);
  const held = useHeldOut(dataset);
  const info = DATASETS.find((d) => d.id === dataset)!;
  return (
    <div className="dataset-browser" data-testid="dataset-browser">
      <div className="dataset-head">
        <label className="field">
          dataset
          <select
            value={dataset}
            onChange={(e) => {
              setDataset(e.target.value as DatasetId);
              setPage(0);
            }}
          >
            {DATASETS.map((d) => (
              <option key={d.id} value={d.id}>
                {d.title}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          onClick={() => setPage((p) => p + 1)}
          disabled={held.status !== 'ready'}
        >
          Other examples
        </button>
      </div>
      {held.status === 'loading' && <p className="muted small">Loading {info.title}…</p>}
      {held.status === 'error' && (
        <p className="error small" role="alert">
          {held.message}
        </p>
      )}
      {held.status === 'ready' && (
        <table className="dataset-grid">
          <caption className="muted small">
            Held-out examples (never trained on), {held.data.size.toLocaleString('en-US')} in all.
            Click one to make it the input. {info.credit}.
          </caption>
          <tbody>
            {held.byClass.map((indices, cls) => {
              if (indices.length === 0) return null;
              const from = (page * PER_CLASS) % indices.length;
              const shown = Array.from(
                { length: Math.min(PER_CLASS, indices.length) },
                (_, k) => indices[(from + k) % indices.length],
              );
              return (
                <tr key={cls}>
                  <th scope="row">{held.data.classes[cls]}</th>
                  {shown.map((index) => {
                    const on = current?.dataset === dataset && current.index === index;
                    return (
                      <td key={index}>
                        <button
                          type="button"
                          className={on ? 'example on' : 'example'}
                          aria-pressed={on}
                          aria-label={`${info.title} example ${index}, a ${held.data.classes[cls]}`}
                          data-example={index}
                          onClick={() => selectExample({ dataset, index })}
                        >
                          <ExampleThumb data={held.data} index={index} />
                        </button>
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
