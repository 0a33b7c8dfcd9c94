// The glue between the browser's picture sources (io/images) and the store's actions: a file
// picked, dropped or pasted is decoded and shown, or refused with a notice; the input panel takes
// drops anywhere on it, and the page takes pastes.

import { useEffect } from 'react';
import type { DragEvent } from 'react';
import type { OwnSource } from '../../../core/ownImage';
import { decodeImageFile } from '../../../io/images/decodeImage';
import { carriesFiles, listenForPastedFiles, transferFile } from '../../../io/images/transferFile';
import { openOwnImage } from '../../../state/ownImageActions';

/** Decodes a picked, dropped or pasted file and shows it (a refusal becomes a notice). */
export function openPictureFile(file: File, source: Exclude<OwnSource, 'camera' | 'drawing'>) {
  const name = file.name || (source === 'paste' ? 'pasted image' : 'image');
  return openOwnImage(name, source, () => decodeImageFile(file, name));
}

/** Props that make an element take dropped picture files. */
export const dropProps = {
  onDragOver(e: DragEvent) {
    if (!carriesFiles(e.dataTransfer)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  },
  onDrop(e: DragEvent) {
    const file = transferFile(e.dataTransfer);
    if (!file) return;
    e.preventDefault();
    void openPictureFile(file, 'drop');
  },
};

/** Pasting a picture anywhere on the page (outside text fields) makes it the input. */
export function usePastedPictures(): void {
  useEffect(() => listenForPastedFiles((file) => void openPictureFile(file, 'paste')), []);
}
