import { useStore, type AppState } from '../../../state/store';
import { toggleBare, toggleLectureSettings } from '../../../state/viewActions';
import { toggleLecture } from '../../lecture';

const selectBar = (s: AppState) => s.ui;

/**
 * Lecture mode's one line: the layer's settings one key away (E), the chrome hidden (H), and the
 * way out (L). With the chrome hidden, only a small "Show" button stays, in a corner.
 */
export function LectureBar() {
  const { lectureSettings, bare } = useStore(selectBar);
  if (bare)
    return (
      <button
        type="button"
        className="lecture-unbare"
        onClick={() => toggleBare(false)}
        data-testid="lecture-unbare"
      >
        Show controls (H)
      </button>
    );
  return (
    <p className="lecture-banner" data-testid="lecture-banner">
      Lecture mode.{' '}
      <button
        type="button"
        onClick={() => toggleLectureSettings()}
        aria-expanded={lectureSettings}
        data-testid="lecture-settings-toggle"
      >
        Layer settings (E)
      </button>{' '}
      <button type="button" onClick={() => toggleBare(true)} data-testid="lecture-bare">
        Hide controls (H)
      </button>{' '}
      <button type="button" onClick={toggleLecture} data-testid="lecture-exit">
        Leave (L)
      </button>
    </p>
  );
}
