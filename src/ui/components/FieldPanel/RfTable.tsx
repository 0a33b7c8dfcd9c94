import { INPUT_ID, type LayerKind } from '../../../core/layers';
import type { AxisRF } from '../../../core/receptiveField';
import { analyze } from '../../../state/derived';
import { useStore } from '../../../state/store';
import { fmtValue } from '../../viz/format';
import { selectNetwork } from '../../selectors';
import { Tex } from '../Arithmetic/Tex';
import { FLAT_JUMP_TITLE } from '../SummaryTable/cells';

// Layer norm is not here: each of its values depends on the whole input, so its row is where
// the field becomes the whole input.
const KEEPS_FIELD = new Set<LayerKind>(['batchNorm', 'activation', 'softmax']);

const fmt = (v: number) => fmtValue(v).replace('\u2212', '-');

/** Size, jump and start of every layer up to `upTo`, and the recurrences with its numbers. */
export function RfTable({ upTo }: { readonly upTo: string }) {
  const network = useStore(selectNetwork);
  const { inference, rf } = analyze(network);
  const end = inference.layers.findIndex((l) => l.id === upTo);
  // Norms and activations keep their input's field: only the layers that change it are listed.
  const rows = inference.layers
    .slice(0, end + 1)
    .filter((l, i) => i === end || !KEEPS_FIELD.has(l.layer.kind));
  const target = inference.layers[end];
  const prev = target ? rf.get(target.inputs[0] ?? INPUT_ID) : undefined;
  const mine = rf.get(upTo);
  const win = target?.status === 'ok' ? target.window : undefined;
  const sub = (a: AxisRF, b: AxisRF, axis: 'h' | 'w') => {
    const wa = win![axis];
    return `r = ${a.size} + (${wa.kernel} - 1)\\cdot ${wa.dilation}\\cdot ${a.jump} = ${b.size},\\quad j = ${a.jump}\\cdot ${wa.stride} = ${b.jump}`;
  };
  return (
    // A scroll box for deep networks: focusable, so the keyboard can scroll it too.
    <div className="rf-table-wrap" tabIndex={0} role="region" aria-labelledby="rf-table-title">
      <h3 id="rf-table-title">Receptive field, layer by layer</h3>
      <Tex
        display
        expr={'r_l = r_{l-1} + (k_l - 1)\\,d_l\\,j_{l-1}, \\qquad j_l = j_{l-1}\\,s_l'}
      />
      {win && prev && mine && !mine.global && (
        <div data-testid="rf-substituted">
          <Tex
            display
            expr={`\\text{${upTo.replace(/_/g, '\\_')}, height: } ${sub(prev.h, mine.h, 'h')}`}
          />
          {(win.w.kernel !== win.h.kernel ||
            win.w.stride !== win.h.stride ||
            win.w.dilation !== win.h.dilation) && (
            <Tex display expr={`\\text{width: } ${sub(prev.w, mine.w, 'w')}`} />
          )}
        </div>
      )}
      <table className="rf-table" data-testid="rf-table">
        <thead>
          <tr>
            <th>layer</th>
            <th>size r</th>
            <th>jump j</th>
            <th>start</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((l) => {
            const r = rf.get(l.id);
            return (
              <tr key={l.id} className={l.id === upTo ? 'current' : undefined} data-layer-id={l.id}>
                <th>{l.layer.name ?? l.id}</th>
                {!r ? (
                  <td colSpan={3} className="muted">
                    —
                  </td>
                ) : r.global ? (
                  <td
                    colSpan={3}
                    data-col="size"
                    title={
                      r.flat
                        ? FLAT_JUMP_TITLE
                        : 'Each value depends on the whole input; neighbours stay ' +
                          `${r.h.jump}×${r.w.jump} pixels apart.`
                    }
                  >
                    the whole input{r.flat ? ' (flat: no jump)' : ''}
                  </td>
                ) : (
                  <>
                    <td data-col="size">
                      {r.h.size}×{r.w.size}
                    </td>
                    <td>
                      {r.h.jump}×{r.w.jump}
                    </td>
                    <td>
                      {fmt(r.h.start)}, {fmt(r.w.start)}
                      {r.misaligned ? ' *' : ''}
                    </td>
                  </>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
