import { useId, useState, type ReactNode } from 'react';
import './Fields.css';
import { sealHistory } from '../../../state/networkActions';
import { withMinus } from '../../viz/format';

interface Props {
  readonly label: string;
  readonly value: number;
  /** Slider range; the number box accepts anything and the core explains what does not fit. */
  readonly min: number;
  readonly max: number;
  readonly step?: number;
  readonly onChange: (v: number) => void;
  readonly testId: string;
  /** Show a slider next to the number box. */
  readonly slider?: boolean;
  /** Something after the number box (the height = width link of a pair). */
  readonly extra?: ReactNode;
}

/**
 * A number typed or dragged. Any number is passed on, even one the layer cannot use (the core's
 * sentence explains it); text that is not a number stays in the box with a hint and changes nothing.
 */
export function NumberField({
  label,
  value,
  min,
  max,
  step = 1,
  onChange,
  testId,
  slider = true,
  extra,
}: Props) {
  const id = useId();
  // What is being typed; null shows the stored value (and follows undo, presets, sliders).
  const [typed, setDraft] = useState<string | null>(null);
  const draft = typed ?? String(value);
  const parsed = draft.trim() === '' ? NaN : Number(draft.replace('−', '-'));
  const bad = !Number.isFinite(parsed);
  const commit = (text: string) => {
    setDraft(text);
    const v = text.trim() === '' ? NaN : Number(text.replace('−', '-'));
    if (Number.isFinite(v) && v !== value) onChange(v);
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {slider && (
        <input
          type="range"
          min={min}
          max={max}
          step={step}
          value={Math.min(max, Math.max(min, Number.isFinite(value) ? value : min))}
          onChange={(e) => {
            commit(e.target.value);
            setDraft(null);
          }}
          onPointerUp={sealHistory}
          aria-label={`${label} slider`}
          tabIndex={-1}
        />
      )}
      <input
        id={id}
        type="text"
        inputMode="decimal"
        className={bad ? 'number bad' : 'number'}
        data-testid={testId}
        value={typed ?? withMinus(draft)}
        aria-invalid={bad}
        onBlur={() => {
          setDraft(null);
          sealHistory();
        }}
        onChange={(e) => commit(e.target.value)}
        onKeyDown={(e) => {
          if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
          e.preventDefault();
          const base = bad ? value : parsed;
          commit(String(base + (e.key === 'ArrowUp' ? step : -step)));
        }}
      />
      {extra ?? <span />}
      {bad && (
        <span className="field-hint" role="status">
          type a number
        </span>
      )}
    </div>
  );
}
