import { useEffect, useState } from 'react';
import { appUrl } from '../../../io/appUrl';
import { copyText } from '../../../io/clipboard';
import { readFileText } from '../../../io/download';
import { useStore } from '../../../state/store';
import { fileKind, readFileBytes } from '../../../io/modelFile';
import { installOnnxDrop } from '../../../io/onnxDrop';
import { addNotice } from '../../../state/actions';
import { modelFileRefusal, openModelBytes } from '../../../state/modelActions';
import { captureLink, importDocumentText, omittedText } from '../../../state/urlState';
import { encodeShare } from '../../../core/share/urlCodec';
import { EmbedDialog } from './EmbedDialog';
import { ExportMenu } from './ExportMenu';
import './Share.css';

/** Links longer than this are cut by some chat and mail programs. */
const LONG_LINK = 8000;

/** Opens an ONNX model (picked or dropped): read after its size is checked, then imported. */
async function openModel(file: File, report: (s: string) => void): Promise<void> {
  report(`Opening ${file.name}…`);
  try {
    report((await openModelBytes(file.name, await readFileBytes(file, modelFileRefusal))).message);
  } catch (e) {
    const message = `Could not open ${file.name}: ${e instanceof Error ? e.message : String(e)}. Your network is unchanged.`;
    addNotice(message);
    report(message);
  }
}

/** Header tools: copy a link to this screen, an embed snippet, export and import. */
export function ShareMenu() {
  const [status, setStatus] = useState('');
  const [open, setOpen] = useState<'embed' | 'export' | null>(null);

  const copyLink = async () => {
    const { share, omitted } = captureLink();
    const url = appUrl(encodeShare(share));
    const ok = await copyText(url);
    const long =
      url.length > LONG_LINK
        ? ` It is ${url.length.toLocaleString('en-US')} characters long (hand-set weights); some programs cut long links, so Export → Network (JSON) is the safe way to pass it on.`
        : '';
    const left = omittedText(omitted);
    // Your own image never leaves this device: the link shows the sample image in its place.
    const own =
      useStore.getState().inputMode === 'own'
        ? ' Your own image stays on this device: the link shows the sample image instead.'
        : '';
    setStatus(
      ok
        ? `Link copied.${long}${left ? ` ${left}` : ''}${own}`
        : `The browser refused the clipboard; copy the address bar instead.${own}`,
    );
  };

  // A .onnx file dropped anywhere on the page opens as the network (images go to the input panel).
  useEffect(() => installOnnxDrop((file) => void openModel(file, setStatus)), []);

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      if ((await fileKind(file)) === 'onnx') {
        await openModel(file, setStatus);
        return;
      }
      const problem = importDocumentText(await readFileText(file));
      setStatus(
        problem
          ? `Could not open ${file.name}: ${problem}. Your network is unchanged.`
          : `Opened ${file.name}. Undo (Ctrl+Z) goes back.`,
      );
    } catch (e) {
      setStatus(`Could not read ${file.name}: ${e instanceof Error ? e.message : String(e)}.`);
    }
  };

  const toggle = (which: 'embed' | 'export') => setOpen(open === which ? null : which);

  return (
    <div
      className="share"
      role="group"
      aria-label="Share and export"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.preventDefault();
          setOpen(null);
        }
      }}
    >
      <button type="button" data-testid="copy-link" onClick={copyLink}>
        Copy link
      </button>
      <button
        type="button"
        data-testid="embed-open"
        aria-expanded={open === 'embed'}
        onClick={() => toggle('embed')}
      >
        Embed…
      </button>
      <button
        type="button"
        data-testid="export-open"
        aria-expanded={open === 'export'}
        onClick={() => toggle('export')}
      >
        Export…
      </button>
      <label className="import-button">
        Import…
        <input
          type="file"
          accept=".json,application/json,.onnx"
          data-testid="import-file"
          onChange={(e) => {
            void importFile(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
      </label>
      <span className="share-status" role="status" data-testid="share-status">
        {status}
      </span>
      {open === 'embed' && <EmbedDialog onClose={() => setOpen(null)} onStatus={setStatus} />}
      {open === 'export' && <ExportMenu onClose={() => setOpen(null)} onStatus={setStatus} />}
    </div>
  );
}
