import { setInputSpec } from '../../../state/networkActions';
import { useStore } from '../../../state/store';
import { selectNetwork } from '../../selectors';
import { NumberField } from '../Fields/NumberField';
import { analyze } from '../../../state/derived';

/** The network input's size: channels (1 gray, 3 RGB), height, width and batch. */
export function InputEditor() {
  const network = useStore(selectNetwork);
  const { input } = network;
  const error = analyze(network).inference.inputError;
  return (
    <section className="panel editor" aria-label="Input settings" data-testid="layer-editor">
      <h2>
        input <span className="kind">Input</span>
      </h2>
      <div className="fields">
        <NumberField
          label="channels (1 gray, 3 RGB)"
          value={input.c}
          min={1}
          max={4}
          onChange={(v) => setInputSpec({ c: v }, 'c')}
          testId="field-input-c"
        />
        <NumberField
          label="height"
          value={input.h}
          min={1}
          max={256}
          onChange={(v) => setInputSpec({ h: v }, 'h')}
          testId="field-input-h"
        />
        <NumberField
          label="width"
          value={input.w}
          min={1}
          max={256}
          onChange={(v) => setInputSpec({ w: v }, 'w')}
          testId="field-input-w"
        />
        <NumberField
          label="batch"
          value={input.n}
          min={1}
          max={8}
          onChange={(v) => setInputSpec({ n: v }, 'n')}
          testId="field-input-n"
        />
      </div>
      {error && (
        <p className="error" role="alert" data-testid="layer-error">
          {error.message}
        </p>
      )}
    </section>
  );
}
