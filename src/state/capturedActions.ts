// The student's own classes for the training studio: add, rename and remove classes, and add the
// picture on screen to one — the network's input exactly as computed (a webcam capture, a
// drawing, an uploaded photo after its preprocessing, or a dataset example), so what the network
// trains on is what the student saw it take in. The pictures stay on this device: they are in
// the `captured` slice only, never in a link, a file or the undo history.

import { MAX_CAPTURED_CLASSES, MAX_PER_CLASS, type CapturedClasses } from '../core/data/captured';
import { LIMITS, NAME_PATTERN } from '../core/limits';
import { ownInput } from './ownInput';
import { useStore, type AppState } from './store';

type Captured = AppState['captured'];
const setCaptured = (c: Captured) => useStore.setState({ captured: c });

/** The captured classes as a dataset source, or null before the first picture. */
export function capturedOf(s: AppState = useStore.getState()): CapturedClasses | null {
  const c = s.captured;
  return c.shape ? { names: c.names, shape: c.shape, images: c.images } : null;
}

export function addCapturedClass(): string | null {
  const c = useStore.getState().captured;
  if (c.names.length >= MAX_CAPTURED_CLASSES) return `at most ${MAX_CAPTURED_CLASSES} classes`;
  let n = c.names.length + 1;
  while (c.names.includes(`Class ${n}`)) n++;
  setCaptured({ ...c, names: [...c.names, `Class ${n}`], images: [...c.images, []] });
  return null;
}

/** Renames class k; returns why not (and keeps the old name), or null. */
export function renameCapturedClass(k: number, name: string): string | null {
  const c = useStore.getState().captured;
  const trimmed = name.trim();
  if (!(k >= 0 && k < c.names.length)) return `there is no class ${k + 1}`;
  if (!trimmed) return 'a class needs a name';
  if (trimmed.length > LIMITS.nameLength)
    return `a class name must be at most ${LIMITS.nameLength} characters`;
  if (!NAME_PATTERN.test(trimmed))
    return 'a class name must be plain text (no < > ` or control characters)';
  if (c.names.some((n, i) => i !== k && n === trimmed))
    return `there is already a class '${trimmed}'`;
  setCaptured({ ...c, names: c.names.map((n, i) => (i === k ? trimmed : n)) });
  return null;
}

export function removeCapturedClass(k: number): void {
  const c = useStore.getState().captured;
  const names = c.names.filter((_, i) => i !== k);
  const images = c.images.filter((_, i) => i !== k);
  setCaptured({ names, images, shape: images.some((l) => l.length) ? c.shape : null });
}

export function removeCapturedPicture(k: number, j: number): void {
  const c = useStore.getState().captured;
  const images = c.images.map((l, i) => (i === k ? l.filter((_, x) => x !== j) : l));
  setCaptured({ ...c, images, shape: images.some((l) => l.length) ? c.shape : null });
}

/** Adds the network's input on screen to class k; returns why not, or null. */
export function captureInput(k: number): string | null {
  const s = useStore.getState();
  const c = s.captured;
  if (!(k >= 0 && k < c.names.length)) return `there is no class ${k + 1}`;
  // Your own image is prepared here, synchronously: the picture drawn a moment ago, not the one
  // the last finished computation saw. Any other input is the computed one.
  const own = s.inputMode === 'own' ? ownInput(s) : null;
  const input = s.compute.input;
  if (!own && !input) return 'there is no input yet: wait for the maps, then add it';
  const { c: ch, h, w } = s.network.input;
  const shape = [ch, h, w] as const;
  if (!own && input!.shape.slice(1).join() !== shape.join())
    return 'the input is still being computed for the new size: try again in a moment';
  if (c.shape && c.shape.join() !== shape.join())
    return (
      `the pictures so far are ${c.shape.join('×')} and the network now takes ${shape.join('×')}: ` +
      'remove them first, or set the input back'
    );
  if (c.images[k].length >= MAX_PER_CLASS)
    return `'${c.names[k]}' has ${MAX_PER_CLASS} pictures already, the most a class keeps`;
  const picture = (own ? own.data : input!.data).slice(0, ch * h * w);
  setCaptured({
    ...c,
    shape,
    images: c.images.map((l, i) => (i === k ? [...l, picture] : l)),
  });
  return null;
}
