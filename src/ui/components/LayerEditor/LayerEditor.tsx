import { ACTIVATIONS, INPUT_ID, KIND_LABEL, type Layer } from '../../../core/layers';
import { analyze } from '../../../state/derived';
import { updateLayer } from '../../../state/networkActions';
import { useStore } from '../../../state/store';
import { selectNetwork, selectSelectedLayer } from '../../selectors';
import { NumberField } from '../Fields/NumberField';
import { TextField } from '../Fields/TextField';
import { InputEditor } from './InputEditor';
import { WindowFields } from './WindowFields';

/** Every setting of the selected layer, with the core's sentence when one does not work. */
export function LayerEditor() {
  const network = useStore(selectNetwork);
  const selected = useStore(selectSelectedLayer);
  if (selected === INPUT_ID) return <InputEditor />;
  const { inference } = analyze(network);
  const ls = selected ? inference.byId.get(selected) : undefined;
  if (!ls) {
    return (
      <section className="panel editor" aria-label="Layer settings">
        <h2>Settings</h2>
        <p className="muted">
          {network.layers.length === 0
            ? 'The network is empty: add a layer from the palette above.'
            : 'Select a layer card to change its settings.'}
        </p>
      </section>
    );
  }
  const layer = ls.layer;
  const set = (patch: Partial<Layer>, field: string) => updateLayer(layer.id, patch, field);
  const earlier = [
    INPUT_ID,
    ...network.layers.slice(0, network.layers.indexOf(layer)).map((l) => l.id),
  ];
  return (
    <section className="panel editor" aria-label="Layer settings" data-testid="layer-editor">
      <h2>
        {layer.name ?? layer.id} <span className="kind">{KIND_LABEL[layer.kind]}</span>
      </h2>
      <div className="fields">
        {(layer.kind === 'conv2d' || layer.kind === 'maxPool2d' || layer.kind === 'avgPool2d') && (
          <WindowFields
            layer={layer}
            set={set}
            inShape={ls.status === 'blocked' ? undefined : ls.inputShapes[0]}
          />
        )}
        {layer.kind === 'linear' && (
          <>
            <NumberField
              label="output features"
              value={layer.outFeatures}
              min={1}
              max={4096}
              onChange={(v) => set({ outFeatures: v }, 'outFeatures')}
              testId="field-out-features"
            />
            <Check label="bias" checked={layer.bias} onChange={(b) => set({ bias: b }, 'bias')} />
          </>
        )}
        {layer.kind === 'activation' && (
          <>
            <label className="field">
              function
              <select
                value={layer.fn}
                data-testid="field-activation"
                onChange={(e) => {
                  const fn = e.target.value as (typeof ACTIVATIONS)[number];
                  set({ fn, alpha: fn === 'leakyRelu' ? (layer.alpha ?? 0.01) : undefined }, 'fn');
                }}
              >
                {ACTIVATIONS.map((a) => (
                  <option key={a}>{a}</option>
                ))}
              </select>
            </label>
            {layer.fn === 'leakyRelu' && (
              <NumberField
                label="negative slope"
                value={layer.alpha ?? 0.01}
                min={0}
                max={1}
                step={0.01}
                onChange={(v) => set({ alpha: v }, 'alpha')}
                testId="field-alpha"
              />
            )}
          </>
        )}
        {layer.kind === 'dropout' && (
          <NumberField
            label="drop probability p"
            value={layer.p}
            min={0}
            max={0.9}
            step={0.05}
            onChange={(v) => set({ p: v }, 'p')}
            testId="field-dropout-p"
          />
        )}
        {(layer.kind === 'batchNorm' || layer.kind === 'layerNorm') && (
          <NumberField
            label="epsilon"
            value={layer.eps}
            min={0}
            max={0.01}
            step={0.00001}
            slider={false}
            onChange={(v) => set({ eps: v }, 'eps')}
            testId="field-eps"
          />
        )}
        {layer.kind === 'layerNorm' && (
          <Check
            label="learnable γ, β"
            checked={layer.affine}
            onChange={(b) => set({ affine: b }, 'affine')}
          />
        )}
        {(layer.kind === 'add' || layer.kind === 'concat') && (
          <fieldset className="inputs">
            <legend>inputs</legend>
            {(layer.inputs ?? []).map((src, i) => (
              <select
                key={i}
                value={src}
                data-testid={`field-input-${i}`}
                aria-label={`input ${i + 1}`}
                onChange={(e) => {
                  const inputs = [...(layer.inputs ?? [])];
                  inputs[i] = e.target.value;
                  set({ inputs }, 'inputs');
                }}
              >
                {earlier.map((id) => (
                  <option key={id}>{id}</option>
                ))}
              </select>
            ))}
          </fieldset>
        )}
        <TextField
          key={`name-${layer.id}`}
          label="name"
          value={layer.name ?? ''}
          placeholder={layer.id}
          onChange={(text) => set({ name: text || undefined }, 'name')}
          testId="field-name"
        />
      </div>
      {ls.status === 'error' && (
        <div className="error" role="alert" data-testid="layer-error">
          {ls.errors.length === 1 ? (
            <p>{ls.errors[0].message}.</p>
          ) : (
            <ul>
              {ls.errors.map((e) => (
                <li key={e.message}>{e.message};</li>
              ))}
            </ul>
          )}
          <p>The maps below are from the last setting that worked.</p>
        </div>
      )}
      {ls.status === 'blocked' && <p className="blocked">{ls.message}</p>}
    </section>
  );
}

function Check(props: { label: string; checked: boolean; onChange: (b: boolean) => void }) {
  return (
    <label className="field check">
      <input
        type="checkbox"
        checked={props.checked}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      {props.label}
    </label>
  );
}
