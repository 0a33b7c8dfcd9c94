// Browser edge: a model file dropped anywhere on the page opens it. Claims only drags of files
// and only drops of one .onnx file: image drops (the input panel's), layer-card drags and drops
// another handler already took (defaultPrevented) pass through untouched.

import { isOnnxName } from './modelFile';

const carriesFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;

/** Whether any dragged item is an image (the input panel takes those). */
const carriesImage = (e: DragEvent) =>
  [...(e.dataTransfer?.items ?? [])].some((i) => i.kind === 'file' && i.type.startsWith('image/'));

/** Listens on `target` (the window); returns the function that stops listening. */
export function installOnnxDrop(
  onModel: (file: File) => void,
  target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window,
): () => void {
  const over = (e: DragEvent) => {
    if (e.defaultPrevented || !carriesFiles(e) || carriesImage(e)) return;
    e.preventDefault(); // allows the drop; the browser would otherwise open the file itself
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
  };
  const drop = (e: DragEvent) => {
    if (e.defaultPrevented || !carriesFiles(e)) return;
    const files = [...(e.dataTransfer?.files ?? [])];
    if (files.length !== 1 || !isOnnxName(files[0].name)) return;
    e.preventDefault();
    onModel(files[0]);
  };
  target.addEventListener('dragover', over as EventListener);
  target.addEventListener('drop', drop as EventListener);
  return () => {
    target.removeEventListener('dragover', over as EventListener);
    target.removeEventListener('drop', drop as EventListener);
  };
}
