import { getPreset } from '../../../core/presets';
import { toPyTorch } from '../../../core/pytorch';
import { documentJson } from '../../../core/share/parseDocument';
import { downloadBlob, downloadText } from '../../../io/download';
import { exportPng, exportSvg } from '../../../io/exportView';
import { currentDocument } from '../../../state/urlState';
import { onnxModelBytes, pytorchWeightsBytes } from '../../../state/modelActions';
import { useStore } from '../../../state/store';

/** The panels that can be saved as pictures, by their test id, with whether they draw SVG. */
const PANELS = [
  ['overview', 'Network overview', true],
  ['feature-maps', 'Feature maps', false],
  ['slide-view', 'Watch it compute', true],
  ['field-panel', 'Receptive field', false],
  ['arithmetic', 'Arithmetic', true],
  ['kernel-view', 'Filters', false],
  ['summary-drawer', 'Summary table', false],
] as const;

const fileStem = () => {
  const s = useStore.getState();
  return `${s.presetId && s.presetId !== 'empty' ? s.presetId : 'network'}${s.edited ? '-edited' : ''}`;
};

const title = () => {
  const s = useStore.getState();
  const preset = s.presetId ? getPreset(s.presetId)?.title : undefined;
  return preset ? `${preset}${s.edited ? ' (edited)' : ''}` : 'A network built by hand';
};

const panel = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`);

/** Save the network (JSON, PyTorch) or a picture of any panel on screen (PNG, SVG). */
export function ExportMenu({
  onClose,
  onStatus,
}: {
  readonly onClose: () => void;
  readonly onStatus: (s: string) => void;
}) {
  const present = PANELS.filter(([id]) => panel(id) !== null);
  const run = (what: string, f: () => Promise<void> | void) => async () => {
    try {
      await f();
      onStatus(`Saved ${what}.`);
      onClose();
    } catch (e) {
      onStatus(`Could not save ${what}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const json = run('the network as JSON', () =>
    downloadText(documentJson(currentDocument()), `${fileStem()}.json`, 'application/json'),
  );
  const python = run('the PyTorch code', () =>
    downloadText(
      toPyTorch(useStore.getState().network, { title: title() }),
      `${fileStem()}.py`,
      'text/x-python',
    ),
  );
  const binary = (bytes: Uint8Array) =>
    new Blob([bytes.slice()], { type: 'application/octet-stream' });
  const onnxModel = run('the ONNX model', async () =>
    downloadBlob(binary(await onnxModelBytes(title())), `${fileStem()}.onnx`),
  );
  const pytorchWithWeights = run('the PyTorch script and its weights', () => {
    // Same stem: the script loads the .safetensors beside it by itself.
    downloadText(
      toPyTorch(useStore.getState().network, { title: title() }),
      `${fileStem()}.py`,
      'text/x-python',
    );
    downloadBlob(binary(pytorchWeightsBytes(title())), `${fileStem()}.safetensors`);
  });
  return (
    <div className="share-pop" role="dialog" aria-label="Export" data-testid="export-menu">
      <p className="share-group">The network</p>
      <button type="button" data-testid="export-json" onClick={json}>
        Network (JSON)
      </button>
      <button type="button" data-testid="export-pytorch" onClick={python}>
        PyTorch code (.py)
      </button>
      <button type="button" data-testid="export-pytorch-weights" onClick={pytorchWithWeights}>
        PyTorch script + weights (.py + .safetensors)
      </button>
      <button type="button" data-testid="export-onnx" onClick={onnxModel}>
        ONNX model (.onnx)
      </button>
      <p className="share-group">A picture of a panel</p>
      {present.map(([id, label, svg]) => (
        <span key={id} className="share-row">
          <button
            type="button"
            data-testid={`export-png-${id}`}
            onClick={run(`${label} as PNG`, () => exportPng(panel(id)!, `${fileStem()}-${id}.png`))}
          >
            {label} (PNG)
          </button>
          {svg && (
            <button
              type="button"
              data-testid={`export-svg-${id}`}
              onClick={run(`${label} as SVG`, () => {
                if (!exportSvg(panel(id)!, `${fileStem()}-${id}.svg`))
                  throw new Error('this panel has no diagram right now');
              })}
            >
              SVG
            </button>
          )}
        </span>
      ))}
      <div className="share-actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
