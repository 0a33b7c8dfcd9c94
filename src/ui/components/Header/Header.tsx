import { PRESETS } from '../../../core/presets';
import { SAMPLE_IMAGES } from '../../../core/samples';
import { loadPreset, selectSample } from '../../../state/actions';
import { useStore } from '../../../state/store';
import { selectFixedInput, selectPresetId, selectSampleId } from '../../selectors';

/** Title bar: the preset and sample-image pickers. */
export function Header() {
  const presetId = useStore(selectPresetId);
  const sampleId = useStore(selectSampleId);
  const fixedInput = useStore(selectFixedInput);
  const groups = [
    ['classic', 'Classic architectures'],
    ['teaching', 'Teaching examples'],
  ] as const;
  return (
    <header className="header">
      <h1>CNN Visualizer</h1>
      <label>
        Network
        <select
          data-testid="preset-select"
          value={presetId ?? ''}
          onChange={(e) => loadPreset(e.target.value)}
        >
          {presetId === null && <option value="">(custom)</option>}
          {groups.map(([g, label]) => (
            <optgroup key={g} label={label}>
              {PRESETS.filter((p) => p.group === g).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.title}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      <label>
        Input image
        <select
          data-testid="sample-select"
          value={fixedInput ? '' : sampleId}
          disabled={fixedInput !== undefined}
          title={fixedInput ? 'This teaching example fixes its input values' : undefined}
          onChange={(e) => selectSample(e.target.value)}
        >
          {fixedInput && <option value="">(fixed by the example)</option>}
          {SAMPLE_IMAGES.map((s) => (
            <option key={s.id} value={s.id}>
              {s.title}
            </option>
          ))}
        </select>
      </label>
    </header>
  );
}
