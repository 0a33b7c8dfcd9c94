import { useState } from 'react';
import type { Pair } from '../../../core/layers';
import { NumberField } from './NumberField';

interface Props {
  readonly label: string;
  readonly value: Pair;
  readonly min: number;
  readonly max: number;
  /** Returns why the value cannot be kept, or null/undefined. */
  readonly onChange: (v: Pair) => string | null | void;
  readonly testId: string;
}

/** A [height, width] setting: one control while both are equal, two once unlinked. */
export function PairField({ label, value, min, max, onChange, testId }: Props) {
  const [linked, setLinked] = useState(value[0] === value[1]);
  const link = (
    <label className="link-toggle" title="Use the same value for height and width">
      <input
        type="checkbox"
        checked={linked}
        aria-label={`${label}: same for height and width`}
        onChange={(e) => {
          setLinked(e.target.checked);
          if (e.target.checked && value[0] !== value[1]) onChange([value[0], value[0]]);
        }}
      />
      H=W
    </label>
  );
  return (
    <div className="pair-field">
      {linked ? (
        <NumberField
          label={label}
          value={value[0]}
          min={min}
          max={max}
          onChange={(v) => onChange([v, v])}
          testId={testId}
          extra={link}
        />
      ) : (
        <>
          <NumberField
            label={`${label} height`}
            value={value[0]}
            min={min}
            max={max}
            onChange={(v) => onChange([v, value[1]])}
            testId={`${testId}-h`}
          />
          <NumberField
            label={`${label} width`}
            value={value[1]}
            min={min}
            max={max}
            onChange={(v) => onChange([value[0], v])}
            testId={`${testId}-w`}
            extra={link}
          />
        </>
      )}
    </div>
  );
}
