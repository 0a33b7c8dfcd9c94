import type { InputSpec } from '../../../core/layers';
import { setInputSpec } from '../../../state/networkActions';
import { useStore } from '../../../state/store';
import { selectNetwork } from '../../selectors';
import { NumberField } from '../Fields/NumberField';
import { analyze } from '../../../state/derived';

const FIELDS: readonly [keyof InputSpec, string, number][] = [
  ['c', 'channels (1 gray, 3 RGB)', 4],
  ['h', 'height', 256],
  ['w', 'width', 256],
  ['n', 'batch', 8],
];

/** The network input's size: channels (1 gray, 3 RGB), height, width and batch. */
export function InputEditor() {
  const network = useStore(selectNetwork);
  const { input } = network;
  const errors = analyze(network).inference.inputErrors;
  return (
    <section className="panel editor" aria-label="Input settings" data-testid="layer-editor">
      <h2>
        input <span className="kind">Input</span>
      </h2>
      <div className="fields">
        {FIELDS.map(([key, label, max]) => (
          <NumberField
            key={key}
            label={label}
            value={input[key]}
            min={1}
            max={max}
            onChange={(v) => setInputSpec({ [key]: v }, key)}
            testId={`field-input-${key}`}
          />
        ))}
      </div>
      {errors.length > 0 && (
        <p className="error" role="alert" data-testid="layer-error">
          {errors.map((e) => e.message).join('; ')}
        </p>
      )}
    </section>
  );
}
