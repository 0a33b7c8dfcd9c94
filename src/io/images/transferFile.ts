// Browser edge: the picture in a drop or a paste (a DataTransfer), and the page-wide paste
// listener (Ctrl/Cmd+V anywhere, unless the focus is in a text field, which keeps its paste).

/** The first file in a drop or paste (an image if there is one), or null. */
export function transferFile(dt: DataTransfer | null): File | null {
  if (!dt) return null;
  const files = [...dt.files];
  if (files.length === 0)
    for (const item of dt.items ?? []) {
      const f = item.kind === 'file' ? item.getAsFile() : null;
      if (f) files.push(f);
    }
  return files.find((f) => f.type.startsWith('image/')) ?? files[0] ?? null;
}

/** Whether a drag carries files (so the panel accepts the drop). */
export const carriesFiles = (dt: DataTransfer | null): boolean =>
  !!dt && [...dt.types].includes('Files');

/** Whether the element takes typed text (its own paste must not be taken over). */
function isTextField(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  if (el.isContentEditable || el instanceof HTMLTextAreaElement) return true;
  if (el instanceof HTMLSelectElement) return false;
  return (
    el instanceof HTMLInputElement &&
    !['button', 'checkbox', 'radio', 'range', 'file', 'submit', 'reset', 'color'].includes(el.type)
  );
}

/** Calls `onFile` with each pasted file; returns the function that stops listening. */
export function listenForPastedFiles(onFile: (file: File) => void): () => void {
  const onPaste = (e: ClipboardEvent) => {
    if (isTextField(e.target) || isTextField(document.activeElement)) return;
    const file = transferFile(e.clipboardData);
    if (!file) return;
    e.preventDefault();
    onFile(file);
  };
  document.addEventListener('paste', onPaste);
  return () => document.removeEventListener('paste', onPaste);
}
