import { useState } from 'react';
import { sealHistory } from '../../../state/networkActions';
import { setInputValue } from '../../../state/inputActions';
import { useStore } from '../../../state/store';
import { withMinus } from '../../viz/format';
import { selectFixedInput, selectNetwork } from '../../selectors';

/** The input typed by hand, one small matrix per channel (up to 16×16). */
export function NumericInput() {
  const network = useStore(selectNetwork);
  const values = useStore(selectFixedInput);
  const { c, h, w } = network.input;
  if (!values || values.length !== c * h * w) return null;
  return (
    <div className="numeric-input" data-testid="numeric-input">
      {Array.from({ length: c }, (_, ch) => (
        <table key={ch} className="matrix" aria-label={`input channel ${ch}`}>
          {c > 1 && <caption>channel {ch}</caption>}
          <tbody>
            {Array.from({ length: h }, (_, y) => (
              <tr key={y}>
                {Array.from({ length: w }, (_, x) => (
                  <td key={x}>
                    <Cell c={ch} y={y} x={x} value={values[(ch * h + y) * w + x]} small={w > 8} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </div>
  );
}

function Cell({
  c,
  y,
  x,
  value,
  small,
}: {
  c: number;
  y: number;
  x: number;
  value: number;
  small: boolean;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const text = draft ?? withMinus(String(value));
  const bad = draft !== null && !Number.isFinite(Number(draft.replace('−', '-')));
  return (
    <input
      className={`cell-input${small ? ' small' : ''}${bad ? ' bad' : ''}`}
      data-testid="input-cell"
      data-c={c}
      data-y={y}
      data-x={x}
      aria-label={`input channel ${c}, row ${y}, column ${x}`}
      inputMode="decimal"
      value={text}
      onFocus={(e) => e.target.select()}
      onChange={(e) => {
        const t = e.target.value;
        setDraft(t);
        const v = Number(t.replace('−', '-'));
        if (t.trim() !== '' && Number.isFinite(v)) setInputValue(c, y, x, v);
      }}
      onBlur={() => {
        setDraft(null);
        sealHistory();
      }}
    />
  );
}
