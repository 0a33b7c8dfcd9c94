// The step-by-step animation: position, play/pause and speed. The view on screen reports how
// many positions it has (setAnimCount); everything else — its buttons, its keys, a link, a host
// page — moves it through these functions.

import { SPEEDS } from '../core/share/viewParams';
import { useStore, type AnimState } from './store';

const setAnim = (patch: Partial<AnimState>) => {
  const view = useStore.getState().view;
  useStore.setState({ view: { ...view, anim: { ...view.anim, ...patch } } });
};

const clamp = (step: number, count: number) =>
  Math.max(0, Math.min(Math.max(0, count - 1), Math.round(step)));

/** Called by the view on screen with its number of positions (0 when it unmounts). */
export function setAnimCount(count: number): void {
  const a = useStore.getState().view.anim;
  if (a.count === count) return;
  // A link's position waits for the view to mount, so only clamp when a view is there.
  setAnim(count > 0 ? { count, step: clamp(a.step, count) } : { count, playing: false });
}

/** Jumps to a position (clamped); pauses nothing. */
export function goStep(step: number): void {
  const a = useStore.getState().view.anim;
  if (!Number.isFinite(step)) return;
  setAnim({ step: a.count > 0 ? clamp(step, a.count) : Math.max(0, Math.round(step)) });
}

export const stepBy = (delta: number) => goStep(useStore.getState().view.anim.step + delta);

/** Plays from where it is (from the start when at the end), or pauses. */
export function setPlaying(playing: boolean): void {
  const a = useStore.getState().view.anim;
  if (playing && a.count > 0 && a.step >= a.count - 1) setAnim({ step: 0, playing });
  else setAnim({ playing: playing && a.count > 1 });
}

export const togglePlay = () => setPlaying(!useStore.getState().view.anim.playing);

export function setSpeed(speed: number): void {
  if ((SPEEDS as readonly number[]).includes(speed)) setAnim({ speed });
}

/** Advances a playing animation by `n` positions; stops at the end. */
export function advance(n: number): void {
  const a = useStore.getState().view.anim;
  const next = Math.min(a.count - 1, a.step + n);
  setAnim({ step: next, playing: next < a.count - 1 });
}
