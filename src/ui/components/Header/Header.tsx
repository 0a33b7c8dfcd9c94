import { PRESETS } from '../../../core/presets';
import { EMPTY_PRESET, loadPreset, resetNetwork } from '../../../state/actions';
import { redo, undo } from '../../../state/networkActions';
import { useStore } from '../../../state/store';
import {
  toggleShortcuts,
  toggleSummary,
  toggleTheme,
  toggleTrain,
} from '../../../state/viewActions';
import { toggleLecture } from '../../lecture';
import {
  selectEdited,
  selectLessons,
  selectHistory,
  selectLecture,
  selectPresetId,
  selectSummaryOpen,
  selectTheme,
  selectTrainOpen,
} from '../../selectors';
import { ShareMenu } from '../Share/ShareMenu';
import { WeightsSelect } from './WeightsSelect';
import { closeLessons, openLesson } from '../../../state/lessonActions';

const GROUPS = [
  ['classic', 'Classic architectures'],
  ['teaching', 'Teaching examples'],
] as const;

/** Title bar: presets, reset, undo/redo, the summary table, sharing, and the display modes. */
export function Header() {
  const presetId = useStore(selectPresetId);
  const edited = useStore(selectEdited);
  const history = useStore(selectHistory);
  const summaryOpen = useStore(selectSummaryOpen);
  const theme = useStore(selectTheme);
  const lecture = useStore(selectLecture);
  const trainOpen = useStore(selectTrainOpen);
  const lessons = useStore(selectLessons);
  return (
    <header className="header">
      <h1>
        <img className="logo" src="icons/icon.svg" alt="" width="20" height="20" />
        CNN Visualizer
      </h1>
      <button
        type="button"
        className="start-here primary"
        data-testid="lessons-open"
        onClick={() => (lessons.open ? closeLessons() : openLesson(lessons.index))}
        aria-expanded={lessons.open}
        title="Short guided steps through convolutional networks, in the order a course teaches them"
      >
        {lessons.open ? 'Hide lessons' : 'Start here'}
      </button>
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
      <WeightsSelect />
      {edited && <span className="edited-badge">edited</span>}
      <div className="header-tools">
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
            ↶<span className="label"> Undo</span>
          </button>
          <button
            type="button"
            data-testid="redo"
            disabled={history.future.length === 0}
            onClick={redo}
            title="Redo (Ctrl+Shift+Z)"
          >
            ↷<span className="label"> Redo</span>
          </button>
          <button
            type="button"
            data-testid="train-toggle"
            aria-expanded={trainOpen}
            onClick={() => toggleTrain()}
            title="Train this network on MNIST digits or the colour shapes"
          >
            {trainOpen ? 'Hide training' : 'Train…'}
          </button>
          <button
            type="button"
            data-testid="summary-toggle"
            aria-expanded={summaryOpen}
            onClick={() => toggleSummary()}
          >
            {summaryOpen ? 'Hide summary' : 'Summary'}
          </button>
        </div>
        <ShareMenu />
        <div className="toolbar" role="toolbar" aria-label="Display">
          <button
            type="button"
            data-testid="lecture-toggle"
            aria-pressed={lecture}
            onClick={toggleLecture}
            title="Lecture mode: large type, high contrast, fullscreen (L)"
          >
            Lecture
          </button>
          <button
            type="button"
            data-testid="theme-toggle"
            aria-pressed={theme === 'dark'}
            onClick={toggleTheme}
            title="Dark or light theme (D)"
          >
            {theme === 'dark' ? '☀ Light' : '☾ Dark'}
          </button>
          <button
            type="button"
            data-testid="shortcuts-toggle"
            onClick={() => toggleShortcuts()}
            aria-label="Keyboard shortcuts"
            title="Keyboard shortcuts (?)"
          >
            ?
          </button>
        </div>
      </div>
    </header>
  );
}
