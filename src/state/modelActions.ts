// Models in and out: open an ONNX file as the network on screen (one undo step, as a network file
// opens), and build the ONNX / PyTorch-weights bytes of the network on screen with the
// parameters the views show. The ONNX code (and its protobuf schema) loads on first use only.

import { modelFileRefusal } from '../core/limits';
import { pytorchWeightsFile } from '../core/pytorchWeights';
import { addNotice, defaultSelection } from './actions';
import { currentParams } from './currentParams';
import { commit } from './history';
import { useStore } from './store';

export { modelFileRefusal };

/** 61706 → '61,706' in every locale. */
const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

export interface Opened {
  readonly ok: boolean;
  /** The sentence shown (also added as a notice). */
  readonly message: string;
}

/**
 * Opens an ONNX model's bytes: on success the imported network and its weights replace the
 * current ones as one undo step; on refusal nothing changes. Either way a notice says what
 * happened.
 */
export async function openModelBytes(fileName: string, bytes: Uint8Array): Promise<Opened> {
  const { tryImportOnnx } = await import('../core/onnx/importModel');
  const r = tryImportOnnx(bytes);
  if (!r.ok) {
    const message = `Could not open ${fileName}: ${r.message}. Your network is unchanged.`;
    addNotice(message);
    return { ok: false, message };
  }
  const { network, weights, notes, params } = r.value;
  commit({
    presetId: null,
    edited: true,
    network,
    fixedWeights: weights,
    // The model's own weights, not the trained ones of the preset it replaces.
    weightsId: null,
    classNames: null,
    fixedInput: undefined,
    inputMode: 'image',
    selectedLayerId: defaultSelection({ network }),
  });
  const count = network.layers.length;
  const message =
    `Opened ${fileName}: ${count} layer${count === 1 ? '' : 's'}, ${thousands(params)} parameters` +
    `${notes.length > 0 ? `; ${notes.join('; ')}` : ''}. Undo (Ctrl+Z) goes back.`;
  addNotice(message);
  return { ok: true, message };
}

/** The network on screen as an ONNX model (opset 13) with the parameters the views show. */
export async function onnxModelBytes(title?: string): Promise<Uint8Array> {
  const { exportOnnx } = await import('../core/onnx/exportModel');
  return exportOnnx(useStore.getState().network, currentParams(), { title });
}

/** The PyTorch script's weights file (safetensors, by the script's state_dict names). */
export function pytorchWeightsBytes(title?: string): Uint8Array {
  return pytorchWeightsFile(useStore.getState().network, currentParams(), title);
}
