import { useMemo } from 'react';
import './FieldPanel.css';
import { INPUT_ID, type LayerKind } from '../../../core/layers';
import { analyze, fieldOf } from '../../../state/derived';
import { useStore } from '../../../state/store';
import { pinUnit } from '../../../state/viewActions';
import { fmtInt } from '../../viz/format';
import { selectCompute, selectNetwork, selectPreviewUnit, selectUnit } from '../../selectors';
import { greyLevels } from '../../viz/fieldPixels';
import { FieldOverlay } from './FieldOverlay';
import { RfTable } from './RfTable';

const CHANGES_FIELD = new Set<LayerKind>([
  'conv2d',
  'maxPool2d',
  'avgPool2d',
  'add',
  'concat',
  'flatten',
  'globalAvgPool',
]);

/** The receptive field of the pinned (or hovered) unit: in the input and in every layer. */
export function FieldPanel() {
  const network = useStore(selectNetwork);
  const pinned = useStore(selectUnit);
  const preview = useStore(selectPreviewUnit);
  const compute = useStore(selectCompute);
  const unit = preview ?? pinned;
  const input = compute.input;
  const base = useMemo(() => {
    if (!input || input.shape.length !== 4) return null;
    const [, c, h, w] = input.shape;
    return greyLevels(input.data, c, h * w);
  }, [input]);
  if (!unit)
    return (
      <section className="panel field-panel" aria-label="Receptive field" data-testid="field-panel">
        <h2>Receptive field</h2>
        <p className="muted">
          Zoom into a feature map (click or tap it), then point at a unit to preview the input
          pixels it depends on, and click or tap to pin it. From the keyboard: Tab to a map, Enter,
          then the arrow keys and Enter.
        </p>
      </section>
    );
  const { inference, rf } = analyze(network);
  const field = fieldOf(network, unit);
  const inputDep = field.layers.get(INPUT_ID);
  const layerRf = rf.get(unit.layerId);
  const { h, w } = network.input;
  const tooBig = layerRf && !layerRf.global && (layerRf.h.size > h || layerRf.w.size > w);
  // Layers that change the field (windows, joins, flattening); norms and activations keep it.
  const deps = inference.layers.filter(
    (l) => field.layers.has(l.id) && l.id !== unit.layerId && CHANGES_FIELD.has(l.layer.kind),
  );
  return (
    <section className="panel field-panel" aria-label="Receptive field" data-testid="field-panel">
      <div className="panel-head">
        <h2>Receptive field</h2>
        <span className="muted small">
          {unit.layerId} · channel {unit.c}, y {unit.y}, x {unit.x} ·{' '}
          {pinned && !preview ? 'pinned' : preview ? 'preview' : ''}
        </span>
        {pinned && (
          <button type="button" onClick={() => pinUnit(null)} data-testid="field-clear">
            Clear
          </button>
        )}
      </div>
      {field.problem ? (
        <p className="error">{field.problem}</p>
      ) : (
        inputDep && (
          <>
            <div className="field-input">
              <FieldOverlay
                dep={inputDep}
                base={base}
                size={220}
                label="receptive field in the input"
                testId="field-input"
              />
              <div>
                <p data-testid="field-count">
                  depends on <strong>{fmtInt(inputDep.pixelCount)}</strong> input pixel
                  {inputDep.pixelCount === 1 ? '' : 's'}
                  {inputDep.bbox &&
                    ` in a ${inputDep.bbox.bottom - inputDep.bbox.top + 1}×${inputDep.bbox.right - inputDep.bbox.left + 1} box`}
                </p>
                {layerRf && !layerRf.global && (
                  <p>
                    field {layerRf.h.size}×{layerRf.w.size}, jump {layerRf.h.jump}×{layerRf.w.jump}
                  </p>
                )}
                {inputDep.paddingBox && (
                  <p className="muted small">
                    Part of the field lies in the padding: drawn outside the frame.
                  </p>
                )}
                {tooBig && (
                  <p className="warning small" data-testid="field-exceeds">
                    The field ({layerRf.h.size}×{layerRf.w.size}) is larger than the image ({h}×{w}
                    ): every pixel it could reach is in.
                  </p>
                )}
                <p className="muted small">
                  Colour: how many paths reach each pixel (log scale), through every window.
                </p>
              </div>
            </div>
            <div className="field-layers" role="group" aria-label="The field in every layer">
              {deps.map((l) => {
                const d = field.layers.get(l.id)!;
                const flat = d.height === 1 && d.width === 1;
                return (
                  <figure
                    key={l.id}
                    className="field-layer"
                    data-testid="field-layer"
                    data-layer-id={l.id}
                    data-units={d.pixelCount}
                  >
                    {flat ? (
                      <span className="flat">all {d.channels}</span>
                    ) : (
                      <FieldOverlay
                        dep={d}
                        base={null}
                        size={72}
                        label={`field in ${l.id}`}
                        testId="field-layer-map"
                      />
                    )}
                    <figcaption>
                      {l.layer.name ?? l.id}
                      <br />
                      {fmtInt(d.pixelCount)} position{d.pixelCount === 1 ? '' : 's'}
                    </figcaption>
                  </figure>
                );
              })}
            </div>
          </>
        )
      )}
      <RfTable upTo={unit.layerId} />
    </section>
  );
}
