// Lecture mode and fullscreen: the store keeps the mode; the Fullscreen API is the browser's.
// Entering lecture mode asks for fullscreen (allowed because a key or click started it);
// leaving it leaves fullscreen. A refused request (an iframe without allow="fullscreen") is fine.

import { useStore } from '../state/store';
import { setLecture } from '../state/viewActions';

const fullscreen = () => document.fullscreenElement !== null;

function enterFullscreen(): void {
  if (!fullscreen() && document.fullscreenEnabled)
    document.documentElement.requestFullscreen().catch(() => undefined);
}

function exitFullscreen(): void {
  if (fullscreen()) document.exitFullscreen().catch(() => undefined);
}

export function toggleFullscreen(): void {
  if (fullscreen()) exitFullscreen();
  else enterFullscreen();
}

export function toggleLecture(): void {
  const on = !useStore.getState().view.lecture;
  setLecture(on);
  if (on) enterFullscreen();
  else exitFullscreen();
}
