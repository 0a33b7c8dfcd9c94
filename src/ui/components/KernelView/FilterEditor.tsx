import { useState } from 'react';
import { sealHistory } from '../../../state/networkActions';
import { CLASSIC_KERNELS } from '../../../core/kernels';
import { applyClassicKernel, setWeight } from '../../../state/weightActions';
import { withMinus } from '../../viz/format';

interface Props {
  readonly layerId: string;
  readonly weights: Float32Array;
  readonly offset: number;
  readonly kh: number;
  readonly kw: number;
  readonly out: number;
  readonly inCh: number;
}

const show = (v: number) => withMinus(String(Math.round(v * 1000) / 1000));

/** One filter's values, typed by hand, or replaced by a classic kernel. */
export function FilterEditor({ layerId, weights, offset, kh, kw, out, inCh }: Props) {
  const classic = kh === 3 && kw === 3;
  return (
    <div className="filter-editor" data-testid="filter-editor">
      <h3>
        filter {out}, input channel {inCh}
      </h3>
      <table className="matrix">
        <tbody>
          {Array.from({ length: kh }, (_, y) => (
            <tr key={y}>
              {Array.from({ length: kw }, (_, x) => (
                <td key={x}>
                  <WeightCell
                    value={weights[offset + y * kw + x]}
                    label={`weight row ${y}, column ${x}`}
                    onValue={(v) => setWeight(layerId, offset + y * kw + x, v)}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <label className="field">
        classic kernel
        <select
          data-testid="classic-kernel"
          value=""
          disabled={!classic}
          title={classic ? undefined : 'The classic kernels are 3×3; set the kernel size to 3'}
          onChange={(e) => applyClassicKernel(layerId, out, inCh, e.target.value)}
        >
          <option value="">{classic ? 'apply…' : 'needs a 3×3 kernel'}</option>
          {CLASSIC_KERNELS.map((k) => (
            <option key={k.id} value={k.id}>
              {k.title}: {k.what}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

function WeightCell({
  value,
  label,
  onValue,
}: {
  value: number;
  label: string;
  onValue: (v: number) => void;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const bad = draft !== null && !Number.isFinite(Number(draft.replace('−', '-')));
  return (
    <input
      className={`cell-input${bad ? ' bad' : ''}`}
      data-testid="weight-cell"
      aria-label={label}
      inputMode="decimal"
      value={draft ?? show(value)}
      onFocus={(e) => e.target.select()}
      onChange={(e) => {
        const t = e.target.value;
        setDraft(t);
        const v = Number(t.replace('−', '-'));
        if (t.trim() !== '' && Number.isFinite(v)) onValue(v);
      }}
      onBlur={() => {
        setDraft(null);
        sealHistory();
      }}
    />
  );
}
