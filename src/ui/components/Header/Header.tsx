import { PRESETS } from '../../../core/presets';
import { EMPTY_PRESET, loadPreset, resetNetwork } from '../../../state/actions';
import { redo, undo } from '../../../state/networkActions';
import { useStore } from '../../../state/store';
import { toggleSummary } from '../../../state/viewActions';
import { selectEdited, selectHistory, selectPresetId, selectSummaryOpen } from '../../selectors';

const GROUPS = [
  ['classic', 'Classic architectures'],
  ['teaching', 'Teaching examples'],
] as const;

/** Title bar: the presets menu, reset, undo/redo and the summary table toggle. */
export function Header() {
  const presetId = useStore(selectPresetId);
  const edited = useStore(selectEdited);
  const history = useStore(selectHistory);
  const summaryOpen = useStore(selectSummaryOpen);
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
          <option value={EMPTY_PRESET}>Empty network (build your own)</option>
          {GROUPS.map(([g, label]) => (
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
      {edited && <span className="edited-badge">edited</span>}
      <div className="toolbar" role="toolbar" aria-label="History">
        <button
          type="button"
          data-testid="reset"
          disabled={!edited}
          onClick={resetNetwork}
          title="Back to the network as it was loaded"
        >
          Reset
        </button>
        <button
          type="button"
          data-testid="undo"
          disabled={history.past.length === 0}
          onClick={undo}
          title="Undo (Ctrl+Z)"
        >
          ↶ Undo
        </button>
        <button
          type="button"
          data-testid="redo"
          disabled={history.future.length === 0}
          onClick={redo}
          title="Redo (Ctrl+Shift+Z)"
        >
          ↷ Redo
        </button>
        <button
          type="button"
          data-testid="summary-toggle"
          aria-expanded={summaryOpen}
          onClick={() => toggleSummary()}
        >
          {summaryOpen ? 'Hide' : 'Show'} summary table
        </button>
      </div>
    </header>
  );
}
