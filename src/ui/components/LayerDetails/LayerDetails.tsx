import { outFormula } from '../../../core/infer';
import { KIND_LABEL } from '../../../core/layers';
import { fmtShape } from '../../../core/shape';
import { analyze } from '../../../state/derived';
import { useStore } from '../../../state/store';
import { fmtInt, fmtRatio, withMinus } from '../../viz/format';
import { selectNetwork, selectSelectedLayer } from '../../selectors';

/** The selected layer: what it is, its output-size arithmetic, and any warning or error. */
export function LayerDetails() {
  const network = useStore(selectNetwork);
  const selected = useStore(selectSelectedLayer);
  const { inference, cost } = analyze(network);
  const ls = selected ? inference.byId.get(selected) : undefined;
  if (!ls) return null;
  const c = cost.layers.get(ls.id);
  return (
    <section className="details" aria-labelledby="details-title" data-testid="layer-details">
      <div>
        <h2 id="details-title">
          {ls.layer.name ?? ls.id} <span className="kind">{KIND_LABEL[ls.layer.kind]}</span>
        </h2>
        {ls.status === 'ok' && (
          <p>
            {ls.inputShapes.map(fmtShape).join(' + ')} → <strong>{fmtShape(ls.shape)}</strong>
            {c && c.params > 0 && <> · {fmtInt(c.params)} parameters</>}
          </p>
        )}
        {ls.status === 'ok' && ls.window && (
          <ul className="formulas" aria-label="Output size">
            <li>
              height: {withMinus(outFormula(ls.window.h))} → {ls.window.h.out}
            </li>
            <li>
              width: {withMinus(outFormula(ls.window.w))} → {ls.window.w.out}
            </li>
          </ul>
        )}
        {ls.status === 'ok' && c && c.params > 0 && (
          <p className="muted" data-testid="dense-comparison">
            A dense layer mapping the same input to the same output would need{' '}
            {fmtInt(c.denseParams)} parameters
            {c.params < c.denseParams && <> ({fmtRatio(c.denseParams / c.params)} as many)</>}.
          </p>
        )}
        {ls.status === 'ok' &&
          ls.window &&
          ls.warnings.length === 0 &&
          (!Number.isInteger(ls.window.h.exactOut) || !Number.isInteger(ls.window.w.exactOut)) && (
            <p className="muted">
              The fraction is floored away, but the cells it drops are padding: every input row and
              column is still covered.
            </p>
          )}
        {ls.status === 'ok' &&
          ls.warnings.map((w) => (
            <p key={`${w.axis}-${w.kind}`} className="warning" data-testid="fit-warning">
              {w.message}
            </p>
          ))}
        {ls.status === 'error' && (
          <p className="error" role="alert">
            {ls.error.message}
          </p>
        )}
        {ls.status === 'blocked' && <p className="blocked">{ls.message}</p>}
      </div>
    </section>
  );
}
