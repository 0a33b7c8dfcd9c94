// Browser edge: save a file the user asked for (network JSON, PyTorch code, PNG, SVG), and read
// one they picked.

export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export const downloadText = (text: string, filename: string, type: string) =>
  downloadBlob(new Blob([text], { type }), filename);

/** Reads a picked file as text; files over `maxBytes` are refused before reading. */
export async function readFileText(file: File, maxBytes = 64 * 1024 * 1024): Promise<string> {
  if (file.size > maxBytes)
    throw new Error(
      `the file is ${(file.size / 1e6).toFixed(1)} MB; the limit is ${maxBytes / 1e6} MB`,
    );
  return file.text();
}
