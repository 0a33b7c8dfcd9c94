import { interpolateBlues } from 'd3';
import { useEffect, useState } from 'react';
import {
  heldOutView,
  trainClassNames,
  type HeldOutView,
  type TrainDataChoice,
} from '../../../core/train/trainData';
import { heldOut } from '../../../io/loadExample';
import { selectExample } from '../../../state/exampleActions';
import { useStore } from '../../../state/store';
import { ExampleThumb } from '../DatasetBrowser/ExampleThumb';

/** Examples shown for a clicked cell. */
const SHOW = 24;

/**
 * The held-out confusion matrix (rows: true class, columns: predicted); a click on a cell lists
 * its examples, each a button that makes it the input to inspect through every layer.
 */
/** The held-out examples of a choice (the shipped set's split loaded when it is one). */
export async function heldOutOf(choice: TrainDataChoice): Promise<HeldOutView> {
  return heldOutView(choice, choice.id === 'own' ? null : await heldOut(choice.id));
}

export function ConfusionMatrix() {
  const confusion = useStore((s) => s.training.confusion);
  const choice = useStore((s) => s.training.confusionOf);
  const [cell, setCell] = useState<[number, number] | null>(null);
  const [view, setView] = useState<HeldOutView | null>(null);
  // A new matrix (another run, another dataset) starts with no cell open.
  const [cellOf, setCellOf] = useState(choice);
  if (cellOf !== choice) {
    setCellOf(choice);
    setCell(null);
  }
  useEffect(() => {
    if (choice) void heldOutOf(choice).then(setView, () => setView(null));
  }, [choice]);
  if (!confusion || !choice) return null;
  const names = trainClassNames(choice);
  const data = view?.data;
  // A shipped set's example opens as the input; your own pictures are shown only.
  const open = (i: number) => {
    const at = view?.sourceIndex?.(i);
    if (at !== undefined && choice.id !== 'own') selectExample({ dataset: choice.id, index: at });
  };
  const max = Math.max(1, ...confusion.counts.flat());
  const picked = cell ? confusion.cells[cell[0]][cell[1]] : [];
  return (
    <div className="confusion" data-testid="confusion">
      <h3>
        Held-out confusion: {confusion.correct} of {confusion.total} right (
        {((confusion.correct / confusion.total) * 100).toFixed(1)}%)
      </h3>
      <table className="confusion-grid">
        <thead>
          <tr>
            <th scope="col" className="corner">
              true ↓ predicted →
            </th>
            {names.map((n, p) => (
              <th key={p} scope="col" title={n}>
                {n.length > 3
                  ? n
                      .split(' ')
                      .map((w) => w[0])
                      .join('')
                  : n}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {confusion.counts.map((row, t) => (
            <tr key={t}>
              <th scope="row">{names[t]}</th>
              {row.map((count, p) => (
                <td key={p}>
                  <button
                    type="button"
                    data-cell={`${t}-${p}`}
                    data-count={count}
                    aria-pressed={cell?.[0] === t && cell?.[1] === p}
                    aria-label={`true ${names[t]}, predicted ${names[p]}: ${count}`}
                    disabled={count === 0}
                    className={t === p ? 'diag' : undefined}
                    style={{
                      background: interpolateBlues(count / max),
                      color: count / max > 0.5 ? '#fff' : '#000',
                    }}
                    onClick={() => setCell([t, p])}
                  >
                    {count}
                  </button>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {cell && data && (
        <div className="confusion-examples" data-testid="confusion-examples">
          <p className="small">
            True {names[cell[0]]}, predicted {names[cell[1]]}: {picked.length} example
            {picked.length === 1 ? '' : 's'}
            {picked.length > SHOW ? ` (the first ${SHOW})` : ''}. Click one to inspect it.
          </p>
          {picked.slice(0, SHOW).map((index) => (
            <button
              key={index}
              type="button"
              className="example"
              data-example={view?.sourceIndex?.(index) ?? index}
              aria-label={`example ${index}`}
              disabled={!view?.sourceIndex}
              onClick={() => open(index)}
            >
              <ExampleThumb data={data} index={index} />
            </button>
          ))}
        </div>
      )}
      {confusion.confidentWrong.length > 0 && data && (
        <div className="confusion-examples" data-testid="confident-wrong">
          <p className="small">Most confidently wrong:</p>
          {confusion.confidentWrong.slice(0, 8).map((w) => (
            <button
              key={w.index}
              type="button"
              className="example"
              title={`true ${names[w.truth]}, predicted ${names[w.predicted]} (${(w.p * 100).toFixed(0)}%)`}
              disabled={!view?.sourceIndex}
              onClick={() => open(w.index)}
            >
              <ExampleThumb data={data} index={w.index} />
              <span className="small">
                {names[w.truth]}→{names[w.predicted]}
              </span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
