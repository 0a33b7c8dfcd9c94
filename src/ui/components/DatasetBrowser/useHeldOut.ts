import { useEffect, useState } from 'react';
import type { DatasetId } from '../../../core/data/catalog';
import type { Dataset } from '../../../core/data/dataset';
import { heldOut } from '../../../io/loadExample';

export type HeldOut =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly data: Dataset; readonly byClass: readonly number[][] }
  | { readonly status: 'error'; readonly message: string };

/** A dataset's held-out split and its example indices by class, once loaded. */
export function useHeldOut(id: DatasetId): HeldOut {
  const [state, setState] = useState<{ id: DatasetId; held: HeldOut } | null>(null);
  useEffect(() => {
    let live = true;
    heldOut(id).then(
      (data) => {
        const byClass: number[][] = data.classes.map(() => []);
        const scratch = new Float32Array(data.shape[0] * data.shape[1] * data.shape[2]);
        // Drawing every example to learn its class took ~0.4 s of the main thread at start-up.
        const labelOf = data.label
          ? data.label.bind(data)
          : (i: number) => data.example(i, scratch, 0);
        for (let i = 0; i < data.size; i++) byClass[labelOf(i)]?.push(i);
        if (live) setState({ id, held: { status: 'ready', data, byClass } });
      },
      (e: unknown) => {
        const message = e instanceof Error ? e.message : String(e);
        if (live) setState({ id, held: { status: 'error', message } });
      },
    );
    return () => {
      live = false;
    };
  }, [id]);
  return state?.id === id ? state.held : { status: 'loading' };
}
