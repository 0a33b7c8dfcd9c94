// The app's one zustand store, in slices: network (with its undo history), selection, view,
// input, compute and notices. Components select from it with module-scope selectors; actions are
// plain functions in the *Actions.ts files beside this one.

import { create } from 'zustand';
import type { Network } from '../core/layers';
import type { EmbedControl, EmbedView } from '../core/share/viewParams';
import type { UnitRef } from '../core/unitField';
import type { FixedWeights } from '../core/presets/preset';
import { DEFAULT_SAMPLE } from '../core/samples';
import type { Tensor } from '../core/tensor';
import type { ExampleRef } from '../core/data/catalog';
import type { ShippedInfo } from '../core/weightsFile/shipped';
import { DEFAULT_TRAIN_SETTINGS, type TrainSettings } from '../core/train/settings';
import type { Confusion } from '../core/train/confusion';
import type { TrainDataChoice } from '../core/train/trainData';
import type { HealthReport } from '../core/train/health';
import type { OwnImage } from '../core/ownImage';
import { DEFAULT_PREPROCESS, type PreprocessSettings } from '../core/preprocess/settings';
import { INITIAL_EXPLAIN, type ExplainSlice } from './explainSlice';

/** Everything an undo step restores: what the student built, not what they look at. */
export interface Snapshot {
  /** The preset the network came from ('empty' for a blank start), kept for Reset. */
  readonly presetId: string | null;
  /** Whether the network differs from that preset by hand edits. */
  readonly edited: boolean;
  readonly network: Network;
  /** Seed of the weight initialization (shown, so a view can be reproduced). */
  readonly seed: number;
  /** Hand-set or re-seeded parameters by layer id; see core/presets/preset.ts. */
  readonly fixedWeights?: Readonly<Record<string, FixedWeights>>;
  /**
   * Shipped trained weights under the hand-set ones, by name ('lenet5-mnist'), or null for the
   * seeded random weights (core/weightsFile/shipped.ts). Links and files carry the name only.
   */
  readonly weightsId: string | null;
  /** Layers whose parameters training leaves as they are (the lock on a layer card). */
  readonly frozen: readonly string[];
  /**
   * Names of the classifier's outputs when the network was trained here on named classes (a
   * fine-tuned head for digits 5–9, the student's own classes); null: the weights' or dataset's.
   */
  readonly classNames: readonly string[] | null;
  /** A sample image, typed numbers, or your own image (the `own` slice, kept out of links). */
  readonly inputMode: 'image' | 'numeric' | 'own';
  /** How your own image becomes the input (core/preprocess/settings.ts). */
  readonly preprocess: PreprocessSettings;
  /** Numeric-mode input values, one sample C×H×W flattened (repeated for each batch item). */
  readonly fixedInput?: readonly number[];
  readonly selectedLayerId: string | null;
}

export interface NetworkSlice extends Snapshot {
  readonly history: {
    readonly past: readonly Snapshot[];
    readonly future: readonly Snapshot[];
    /** Consecutive edits with the same key (one slider drag) make one undo step. */
    readonly lastKey: string | null;
    readonly lastAt: number;
  };
}

export type ColorScaleMode = 'channel' | 'layer' | 'global';

/** The step-by-step animation of the selected layer, in the store so links and hosts drive it. */
export interface AnimState {
  /** Output position shown (0-based); the view clamps it to `count`. */
  readonly step: number;
  readonly playing: boolean;
  /** Multiple of 1.5 positions per second. */
  readonly speed: number;
  /** Positions of the view on screen (0 when none is). */
  readonly count: number;
}

/** An embed (?embed=1): one view, some controls, and the host origins obeyed. */
export interface EmbedState {
  readonly show: EmbedView;
  /** Animation controls kept; null means all. */
  readonly controls: readonly EmbedControl[] | null;
  /** Host origins whose messages are obeyed; empty means any. */
  readonly origins: readonly string[];
}

/** What the student looks at, exactly as a link carries it (core/share/viewParams.ts). */
export interface ViewSlice {
  readonly view: {
    readonly colorScale: ColorScaleMode;
    /** The middle panel: every feature map, or the selected layer computed step by step. */
    readonly inspector: 'maps' | 'steps';
    /** The unit whose receptive field is pinned (clicked). */
    readonly unit: UnitRef | null;
    /** The channel shown large in the inspector, or null for the grid. */
    readonly zoomChannel: number | null;
    readonly summaryOpen: boolean;
    /** Batch norm with its running statistics (inference) or with the batch's own (training). */
    readonly batchNorm: 'inference' | 'training';
    readonly anim: AnimState;
    readonly theme: 'light' | 'dark';
    /** Lecture mode: large type, high contrast, only the panels that teach. */
    readonly lecture: boolean;
    /** Set once at start-up from ?embed=1. */
    readonly embed: EmbedState | null;
  };
}

/** What is on screen for a moment and never in a link: hover, overlays, debug timing. */
export interface UiSlice {
  readonly ui: {
    /** The unit under the pointer, whose receptive field is previewed. */
    readonly previewUnit: UnitRef | null;
    /** The keyboard-shortcut overlay is open. */
    readonly shortcuts: boolean;
    /** performance.now() of the last edit, for the ?debug edit-to-pixels overlay. */
    readonly editAt: number | null;
    /** The last measured edit-to-pixels latency in ms. */
    readonly latency: number | null;
    /** The training studio's panel is open. */
    readonly trainOpen: boolean;
    /** Lecture mode: the selected layer's settings in a drawer (E), and the chrome hidden (H). */
    readonly lectureSettings: boolean;
    readonly bare: boolean;
    /** The service worker: 'ready' once the app works offline, 'update' when a new version waits. */
    readonly offline: 'ready' | 'update' | null;
  };
}

export interface InputSlice {
  readonly sampleId: string;
  /** A held-out dataset example shown instead of the sample image (core/data/catalog.ts). */
  readonly example: ExampleRef | null;
  /** Your own image (file, drop, paste, camera, drawing): never in undo, a link or a file. */
  readonly own: OwnImage | null;
}

/** Where a running computation stands: layer `done` of `total`, the one just finished. */
export interface ComputeProgress {
  readonly done: number;
  readonly total: number;
  readonly layerId: string;
}

/** A classifier's output for the shown input. */
export interface Prediction {
  readonly layerId: string;
  /** The output's values for the first example of the batch: K scores. */
  readonly scores: Float32Array;
  /** The scores are a softmax's probabilities (else logits). */
  readonly probabilities: boolean;
}

export interface ComputeSlice {
  readonly compute: {
    /** 'cancelled': stopped with the Cancel button; the last maps stay until the next change. */
    readonly status: 'idle' | 'running' | 'done' | 'error' | 'cancelled';
    readonly activations: ReadonlyMap<string, Tensor>;
    readonly input: Tensor | null;
    /** What went wrong, in words (status 'error'). */
    readonly message: string | null;
    readonly millis: number | null;
    /** performance.now() when the running computation started. */
    readonly startedAt: number | null;
    readonly progress: ComputeProgress | null;
    /**
     * The classifier output's scores for the first example (core/prediction.ts), computed after
     * the maps; the last one stays on screen until the next arrives (no flicker while drawing).
     */
    readonly prediction: Prediction | null;
    /**
     * 'none': the network does not end in a classifier; 'on-demand': too big to predict on every
     * change (the panel offers a button); 'error': it failed (predictionMessage says why).
     */
    readonly predictionStatus: 'none' | 'ready' | 'on-demand' | 'error';
    readonly predictionMessage: string | null;
    /** The true class of the input when it is a dataset example (for the prediction panel). */
    readonly label: number | null;
  };
  readonly backend: {
    readonly kind: 'cpu' | 'gpu' | null;
    readonly notice: string | null;
    /** The adapter computing ('google swiftshader', 'CPU'). */
    readonly device: string | null;
    /** Why this engine, in a few words ('no WebGPU'), or null. */
    readonly why: string | null;
  };
}

/** Shipped weights as they arrive: a file per name, fetched once (state/shippedWeights.ts). */
export type ShippedEntry =
  | { readonly status: 'loading' }
  | {
      readonly status: 'ready';
      readonly layers: Readonly<Record<string, FixedWeights>>;
      readonly info: ShippedInfo;
    }
  | { readonly status: 'error'; readonly message: string };

export interface ShippedSlice {
  readonly shipped: Readonly<Record<string, ShippedEntry>>;
}

/** One point of a training curve: the batch's (or the held-out set's) loss and accuracy. */
export interface TrainPoint {
  readonly step: number;
  readonly loss: number;
  readonly accuracy: number | null;
}

/** The training studio: its settings, the run's progress and curves (state/trainActions.ts). */
export interface TrainingSlice {
  readonly training: {
    readonly status: 'idle' | 'starting' | 'running' | 'paused' | 'done' | 'failed';
    readonly settings: TrainSettings;
    readonly step: number;
    readonly epoch: number;
    readonly examplesPerSecond: number;
    readonly engine: 'cpu' | 'gpu' | null;
    readonly curve: readonly TrainPoint[];
    readonly evals: readonly TrainPoint[];
    /** Why it stopped (divergence, a refusal), or what happened (recovered). */
    readonly message: string | null;
    /** The latest parameters while a run is on: every view computes with them. */
    readonly live: Readonly<Record<string, FixedWeights>> | null;
    /**
     * The first conv layer's weights at each snapshot (the filmstrip scrubbed after training);
     * at most 200 frames, thinned evenly when a long run has more.
     */
    readonly film: {
      readonly layerId: string;
      readonly steps: readonly number[];
      readonly frames: readonly Float32Array[];
    } | null;
    /** The latest per-layer weight and gradient health of the run (core/train/health.ts). */
    readonly health: HealthReport | null;
    /** The held-out confusion matrix of the network's weights after the run (or on request). */
    readonly confusion: Confusion | null;
    /** The held-out examples it was made of. */
    readonly confusionOf: TrainDataChoice | null;
    /**
     * Transfer learning's comparison: the same network trained from scratch on the same examples
     * for the same steps, after the run (its held-out accuracy beside the fine-tune's).
     */
    readonly compare: {
      readonly status: 'running' | 'done' | 'failed';
      /** The fine-tuned run's held-out points, kept when the scratch run starts. */
      readonly tuned: readonly TrainPoint[];
      readonly scratch: readonly TrainPoint[];
      readonly message: string | null;
    } | null;
  };
  /**
   * The student's own classes (Teachable-Machine style): names, and pictures prepared as the
   * network's input when they were added (`shape`, null before the first). On this device only:
   * never in a link, a file or the undo history.
   */
  readonly captured: {
    readonly names: readonly string[];
    readonly images: readonly (readonly Float32Array[])[];
    readonly shape: readonly [number, number, number] | null;
  };
}

/** "Start here" (state/lessonActions.ts): the open step and the steps answered on this device. */
export interface LessonSlice {
  readonly lessons: {
    readonly open: boolean;
    readonly index: number;
    readonly done: readonly string[];
  };
}

export interface NoticeSlice {
  /** Non-blocking messages: a broken link, a failed image, a fallback. */
  readonly notices: readonly string[];
}

export type AppState = NetworkSlice &
  ViewSlice &
  UiSlice &
  InputSlice &
  ComputeSlice &
  ShippedSlice &
  TrainingSlice &
  ExplainSlice &
  LessonSlice &
  NoticeSlice;

export const EMPTY_NETWORK: Network = { input: { n: 1, c: 1, h: 28, w: 28 }, layers: [] };

export const initialState = (): AppState => ({
  presetId: null,
  edited: false,
  network: EMPTY_NETWORK,
  seed: 1,
  weightsId: null,
  frozen: [],
  classNames: null,
  inputMode: 'image',
  preprocess: DEFAULT_PREPROCESS,
  selectedLayerId: null,
  history: { past: [], future: [], lastKey: null, lastAt: 0 },
  view: {
    colorScale: 'layer',
    inspector: 'maps',
    unit: null,
    zoomChannel: null,
    summaryOpen: false,
    batchNorm: 'inference',
    anim: { step: 0, playing: false, speed: 1, count: 0 },
    theme: 'light',
    lecture: false,
    embed: null,
  },
  ui: {
    previewUnit: null,
    shortcuts: false,
    editAt: null,
    latency: null,
    trainOpen: false,
    lectureSettings: false,
    bare: false,
    offline: null,
  },
  sampleId: DEFAULT_SAMPLE,
  example: null,
  own: null,
  compute: {
    status: 'idle',
    activations: new Map(),
    input: null,
    message: null,
    millis: null,
    startedAt: null,
    progress: null,
    prediction: null,
    predictionStatus: 'none',
    predictionMessage: null,
    label: null,
  },
  backend: { kind: null, notice: null, device: null, why: null },
  shipped: {},
  training: {
    status: 'idle',
    settings: DEFAULT_TRAIN_SETTINGS,
    step: 0,
    epoch: 0,
    examplesPerSecond: 0,
    engine: null,
    curve: [],
    evals: [],
    message: null,
    live: null,
    film: null,
    health: null,
    confusion: null,
    confusionOf: null,
    compare: null,
  },
  captured: { names: ['Class 1', 'Class 2'], images: [[], []], shape: null },
  explain: INITIAL_EXPLAIN,
  lessons: { open: false, index: 0, done: [] },
  notices: [],
});

export const useStore = create<AppState>()(() => initialState());

export type { WhyResult } from './explainSlice';
