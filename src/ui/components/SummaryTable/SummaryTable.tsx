import { useEffect, useRef } from 'react';
import { fmtShape } from '../../../core/shape';
import { KIND_LABEL } from '../../../core/layers';
import { selectLayer } from '../../../state/actions';
import { analyze } from '../../../state/derived';
import { useStore } from '../../../state/store';
import { toggleSummary } from '../../../state/viewActions';
import { fmtBytes, fmtInt } from '../../viz/format';
import { selectNetwork, selectPresetId, selectSelectedLayer } from '../../selectors';
import { getPreset } from '../../../core/presets';
import { FLAT_JUMP_TITLE, rfText, statusText } from './cells';

/**
 * Per-layer summary: output shape, parameters, MACs, receptive field, memory, status.
 * Contract for tests and embedding hosts: data-testid="layer-summary", one tr per layer with
 * data-layer-id, cells with data-col, the total in data-testid="total-params".
 */
export function SummaryTable() {
  const network = useStore(selectNetwork);
  const selected = useStore(selectSelectedLayer);
  const { inference, cost, rf } = analyze(network);
  const presetId = useStore(selectPresetId);
  const preset = presetId ? getPreset(presetId) : undefined;
  const { n, c, h, w } = network.input;
  // Opened from the keyboard, the table takes the focus (it opens at the end of the page, after
  // every other control); Escape closes it and goes back to the button that opened it.
  const wrap = useRef<HTMLDivElement>(null);
  useEffect(() => wrap.current?.focus({ preventScroll: true }), []);
  return (
    <div
      className="table-wrap"
      ref={wrap}
      tabIndex={-1}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        toggleSummary(false);
        document.querySelector<HTMLElement>('[data-testid=summary-toggle]')?.focus();
      }}
    >
      {preset && (
        <div className="preset-info" data-testid="preset-info">
          <strong>{preset.title}.</strong> {preset.description}{' '}
          <span className="muted">
            Reference: {preset.reference}
            {preset.referenceParams !== undefined &&
              (preset.referenceParams === cost.params
                ? ` — ${fmtInt(preset.referenceParams)} parameters, matched to the unit.`
                : ` reports ${fmtInt(preset.referenceParams)} parameters.`)}
          </span>
        </div>
      )}
      <table data-testid="layer-summary" className="summary">
        <caption>
          Layers of the network, input {n > 1 ? `${n} × ` : ''}
          {c}×{h}×{w}
        </caption>
        <colgroup>
          {['layer', 'shape', 'params', 'macs', 'rf', 'jump', 'mem', 'status'].map((c) => (
            <col key={c} className={`c-${c}`} />
          ))}
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Layer</th>
            <th scope="col">Output C×H×W</th>
            <th scope="col">Params</th>
            <th scope="col">MACs</th>
            <th scope="col">RF size</th>
            <th scope="col">RF jump</th>
            <th scope="col">Memory</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {inference.layers.map((ls) => {
            const c = cost.layers.get(ls.id);
            const field = rf.get(ls.id) ?? null;
            const status = statusText(ls);
            return (
              <tr
                key={ls.id}
                data-layer-id={ls.id}
                data-status={status.level}
                aria-selected={ls.id === selected}
                className={ls.id === selected ? 'selected' : undefined}
                onClick={() => selectLayer(ls.id)}
              >
                <th scope="row">
                  <button type="button" className="layer-name" onClick={() => selectLayer(ls.id)}>
                    {ls.layer.name ?? ls.id}
                    <span className="kind">{KIND_LABEL[ls.layer.kind]}</span>
                  </button>
                </th>
                <td data-col="output-shape">{ls.status === 'ok' ? fmtShape(ls.shape) : '—'}</td>
                <td data-col="params" className="num">
                  {c ? fmtInt(c.params) : '—'}
                </td>
                <td data-col="macs" className="num">
                  {c ? fmtInt(c.macs) : '—'}
                </td>
                <td data-col="rf-size" className="num">
                  {rfText(field, 'size')}
                  {field?.global && <span className="kind"> whole input</span>}
                </td>
                <td
                  data-col="rf-jump"
                  className="num"
                  title={field?.flat ? FLAT_JUMP_TITLE : undefined}
                >
                  {rfText(field, 'jump')}
                </td>
                <td data-col="memory" className="num">
                  {c ? fmtBytes(c.activationBytes) : '—'}
                </td>
                <td data-col="status" className={`status ${status.level}`} title={status.full}>
                  {status.text}
                </td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td />
            <td className="num" data-testid="total-params">
              {fmtInt(cost.params)}
            </td>
            <td className="num" data-testid="total-macs">
              {fmtInt(cost.macs)}
            </td>
            <td />
            <td />
            <td className="num" data-testid="total-memory">
              {fmtBytes(cost.activationBytes)}
            </td>
            <td />
          </tr>
        </tfoot>
      </table>
      {cost.buffers > 0 && (
        <p className="table-note">
          Batch norm also stores {fmtInt(cost.buffers)} running statistics (mean and variance per
          channel): kept, not learned, so not counted as parameters.
        </p>
      )}
    </div>
  );
}
