import type { ConvStep } from '../../../core/slideConv';
import { useStore } from '../../../state/store';
import { fmtValue } from '../../viz/format';

/** The step's sum and the computed map agree to float32 rounding. */
const agrees = (a: number, b: number) => Math.abs(a - b) <= 1e-4 * Math.max(1, Math.abs(b));

const MAX_TERMS = 12;

/** The dot product written out with the actual numbers, then the bias and the output. */
export function Equation({ step, reference }: { step: ConvStep; reference: number | undefined }) {
  const running = useStore((s) => s.compute.status === 'running');
  const single = step.channels.length === 1;
  const terms = single
    ? step.channels[0].values.map(
        (v, i) => `${fmtValue(v)}·${fmtValue(step.channels[0].weights[i])}`,
      )
    : step.channels.map((c) => `(${fmtValue(c.partial)})`);
  const written =
    terms.length <= MAX_TERMS
      ? terms.join(' + ')
      : `${terms.slice(0, 8).join(' + ')} + … + ${terms.slice(-2).join(' + ')}`;
  const sum = step.channels.reduce((s, c) => s + c.partial, 0);
  return (
    <div
      className="equation"
      data-testid="equation"
      data-output={step.output}
      data-reference={reference ?? ''}
    >
      <p>
        {single
          ? 'Σ window × kernel'
          : `Σ over ${step.channels.length} channels of the partial sums`}{' '}
        = <span className="terms">{written}</span> ={' '}
        <strong data-testid="eq-sum">{fmtValue(sum)}</strong>
      </p>
      <p>
        {step.hasBias ? (
          <>
            {fmtValue(sum)} + bias {fmtValue(step.bias)} ={' '}
          </>
        ) : (
          <>no bias: </>
        )}
        output[{step.outChannel}, {step.window.oy}, {step.window.ox}] ={' '}
        <strong className="result" data-testid="eq-output">
          {fmtValue(step.output)}
        </strong>
        {reference !== undefined && (
          <span className="muted small" data-testid="eq-reference">
            {' '}
            · computed map: {fmtValue(reference)}
            {!agrees(step.output, reference) &&
              (running
                ? ' (being recomputed for this change)'
                : ' (the map was computed before the last change; it updates in a moment)')}
          </span>
        )}
      </p>
    </div>
  );
}
