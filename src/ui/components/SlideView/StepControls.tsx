import type { EmbedControl } from '../../../core/share/viewParams';
import { useStore } from '../../../state/store';
import { selectEmbed } from '../../selectors';
import { SPEEDS, type Stepper } from './useStepper';

/** Play/pause, step, scrub and speed; the keys are handled by the view around it. */
export function StepControls({ s, label }: { readonly s: Stepper; readonly label: string }) {
  // An embed may keep only some controls (?controls=play,step); the label always shows.
  const kept = useStore(selectEmbed)?.controls ?? null;
  const has = (c: EmbedControl) => kept === null || kept.includes(c);
  return (
    <div className="step-controls" role="group" aria-label="Animation controls">
      {has('play') && (
        <button type="button" data-testid="step-play" onClick={s.toggle} aria-pressed={s.playing}>
          {s.playing ? '❚❚ Pause' : '▶ Play'}
        </button>
      )}
      {has('step') && (
        <>
          <button
            type="button"
            data-testid="step-back"
            disabled={s.step === 0}
            onClick={() => s.go(s.step - 1)}
            aria-label="Step back"
          >
            ‹
          </button>
          <button
            type="button"
            data-testid="step-forward"
            disabled={s.step >= s.count - 1}
            onClick={() => s.go(s.step + 1)}
            aria-label="Step forward"
          >
            ›
          </button>
        </>
      )}
      {has('scrub') && (
        <input
          type="range"
          min={0}
          max={Math.max(0, s.count - 1)}
          value={s.step}
          data-testid="step-scrub"
          aria-label="Output position"
          aria-valuetext={label}
          onChange={(e) => s.go(Number(e.target.value))}
        />
      )}
      <span className="step-label" data-testid="step-label">
        {label}
      </span>
      {has('speed') && (
        <label className="speed">
          speed
          <select
            value={s.speed}
            onChange={(e) => s.setSpeed(Number(e.target.value))}
            data-testid="step-speed"
          >
            {SPEEDS.map((v) => (
              <option key={v} value={v}>
                {v}×
              </option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}

/** Space plays/pauses, ←/→ step, Home/End jump: bound on the view's container. */
export function stepKeys(s: Stepper) {
  return (e: React.KeyboardEvent) => {
    const target = e.target as HTMLElement;
    if (target.tagName === 'INPUT' && target.getAttribute('type') !== 'range') return;
    if (target.tagName === 'SELECT') return;
    // Space and Enter on a button press that button (step back, step forward…).
    if (target.tagName === 'BUTTON' && (e.key === ' ' || e.key === 'Enter')) return;
    const act: Record<string, () => void> = {
      ' ': s.toggle,
      ArrowLeft: () => s.go(s.step - 1),
      ArrowRight: () => s.go(s.step + 1),
      Home: () => s.go(0),
      End: () => s.go(s.count - 1),
    };
    const f = act[e.key];
    if (f) {
      e.preventDefault();
      f();
    }
  };
}
