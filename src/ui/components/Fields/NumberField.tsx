import { useId, useState, type ReactNode } from 'react';
import './Fields.css';
import { sealHistory } from '../../../state/networkActions';
import { fmtNumber, withMinus } from '../../viz/format';

interface Props {
  readonly label: string;
  readonly value: number;
  /** Slider range; the number box accepts anything and the core explains what does not fit. */
  readonly min: number;
  readonly max: number;
  readonly step?: number;
  /** Returns why the value cannot be kept (shown beside the box), or null/undefined. */
  readonly onChange: (v: number) => string | null | void;
  readonly testId: string;
  /** Show a slider next to the number box. */
  readonly slider?: boolean;
  /** Something after the number box (the height = width link of a pair). */
  readonly extra?: ReactNode;
}

/**
 * A number typed or dragged. Any number is passed on, even one the layer cannot use (the core's
 * sentence explains it); text that is not a number stays in the box with a hint and changes nothing,
 * and so does a number the app cannot keep (the store says why: "must be at most 64").
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
  const [refusal, setRefusal] = useState<string | null>(null);
  const draft = typed ?? fmtNumber(value);
  const parsed = draft.trim() === '' ? NaN : Number(draft.replace('−', '-'));
  const bad = !Number.isFinite(parsed);
  const commit = (text: string) => {
    setDraft(text);
    const v = text.trim() === '' ? NaN : Number(text.replace('−', '-'));
    if (!Number.isFinite(v)) return setRefusal(null);
    setRefusal(v !== value ? (onChange(v) ?? null) : null);
  };
  const hintId = `${id}-hint`;
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
      <span className="stepper">
        <button
          type="button"
          className="step-down"
          tabIndex={-1}
          aria-label={`${label}: one less`}
          data-testid={`${testId}-less`}
          onClick={() => commit(String((bad ? value : parsed) - step))}
        >
          −
        </button>
        <input
          id={id}
          type="text"
          inputMode="decimal"
          className={bad || refusal ? 'number bad' : 'number'}
          data-testid={testId}
          value={typed ?? withMinus(draft)}
          aria-invalid={bad || refusal !== null}
          aria-describedby={bad || refusal ? hintId : undefined}
          onBlur={() => {
            // A refused value stays in the box, with its reason, until it is corrected.
            if (!refusal) setDraft(null);
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
        <button
          type="button"
          className="step-up"
          tabIndex={-1}
          aria-label={`${label}: one more`}
          data-testid={`${testId}-more`}
          onClick={() => commit(String((bad ? value : parsed) + step))}
        >
          +
        </button>
      </span>
      {extra ?? <span />}
      {(bad || refusal) && (
        <span className="field-hint" role="status" id={hintId} data-testid={`${testId}-hint`}>
          {bad ? 'type a number' : `not kept: ${refusal}`}
        </span>
      )}
    </div>
  );
}
