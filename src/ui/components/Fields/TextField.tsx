import { useId, useState } from 'react';
import './Fields.css';
import { sealHistory } from '../../../state/networkActions';

interface Props {
  readonly label: string;
  readonly value: string;
  readonly placeholder?: string;
  /** Returns why the text cannot be kept (shown beside the box), or null. */
  readonly onChange: (text: string) => string | null;
  readonly testId: string;
}

/**
 * Text typed into a setting (a layer's name). What the app cannot keep (a `<`, 81 characters)
 * stays in the box with the reason beside it, and the stored value is left as it was.
 */
export function TextField({ label, value, placeholder, onChange, testId }: Props) {
  const id = useId();
  const [typed, setTyped] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        value={typed ?? value}
        placeholder={placeholder}
        data-testid={testId}
        className={refusal ? 'bad' : undefined}
        aria-invalid={refusal !== null}
        aria-describedby={refusal ? `${id}-hint` : undefined}
        onChange={(e) => {
          setTyped(e.target.value);
          setRefusal(onChange(e.target.value));
        }}
        onBlur={() => {
          if (!refusal) setTyped(null);
          sealHistory();
        }}
      />
      {refusal && (
        <span className="field-hint" role="status" id={`${id}-hint`} data-testid={`${testId}-hint`}>
          not kept: {refusal}
        </span>
      )}
    </div>
  );
}
