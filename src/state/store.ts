// The app's one zustand store, in slices: network, selection, input, compute, notices.
// Components select from it with module-scope selectors; actions live in actions.ts.

import { create } from 'zustand';
import type { Network } from '../core/layers';
import type { FixedWeights } from '../core/presets/preset';
import { DEFAULT_SAMPLE } from '../core/samples';
import type { Tensor } from '../core/tensor';

export interface NetworkSlice {
  /** The preset the network came from, or null once edited by hand. */
  readonly presetId: string | null;
  readonly network: Network;
  /** Seed of the weight initialization (shown, so a view can be reproduced). */
  readonly seed: number;
  readonly fixedWeights?: Readonly<Record<string, FixedWeights>>;
  /** A preset's numeric input (NCHW flattened); when set, it replaces the sample image. */
  readonly fixedInput?: readonly number[];
}

export interface SelectionSlice {
  readonly selectedLayerId: string | null;
}

export interface InputSlice {
  readonly sampleId: string;
}

export interface ComputeSlice {
  readonly compute: {
    readonly status: 'idle' | 'running' | 'done' | 'error';
    readonly activations: ReadonlyMap<string, Tensor>;
    readonly input: Tensor | null;
    /** What went wrong, in words (status 'error'). */
    readonly message: string | null;
    readonly millis: number | null;
  };
  readonly backend: {
    readonly kind: 'cpu' | 'gpu' | null;
    readonly notice: string | null;
    /** The adapter computing ('google swiftshader', 'CPU'). */
    readonly device: string | null;
  };
}

export interface NoticeSlice {
  /** Non-blocking messages: a broken link, a failed image, a fallback. */
  readonly notices: readonly string[];
}

export type AppState = NetworkSlice & SelectionSlice & InputSlice & ComputeSlice & NoticeSlice;

export const EMPTY_NETWORK: Network = { input: { n: 1, c: 1, h: 28, w: 28 }, layers: [] };

export const initialState = (): AppState => ({
  presetId: null,
  network: EMPTY_NETWORK,
  seed: 1,
  selectedLayerId: null,
  sampleId: DEFAULT_SAMPLE,
  compute: { status: 'idle', activations: new Map(), input: null, message: null, millis: null },
  backend: { kind: null, notice: null, device: null },
  notices: [],
});

export const useStore = create<AppState>()(() => initialState());
