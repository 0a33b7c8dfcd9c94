// The little of ConvNetJS 0.3.0 (npm `convnetjs`, no types of its own) the benchmark uses.
declare module 'convnetjs' {
  export class Vol {
    constructor(sx: number, sy: number, depth: number, c?: number);
    sx: number;
    sy: number;
    depth: number;
    w: Float64Array;
    dw: Float64Array;
  }
  export type LayerDef = Readonly<Record<string, string | number>> & { readonly type: string };
  export class Net {
    makeLayers(defs: readonly LayerDef[]): void;
    forward(v: Vol, isTraining?: boolean): Vol;
    layers: readonly { readonly layer_type: string }[];
  }
  export interface TrainerOptions {
    readonly method?: 'sgd' | 'adagrad' | 'windowgrad' | 'adadelta';
    readonly learning_rate?: number;
    readonly momentum?: number;
    readonly batch_size?: number;
    readonly l2_decay?: number;
  }
  export class Trainer {
    constructor(net: Net, options?: TrainerOptions);
    train(x: Vol, y: number): { readonly loss: number; readonly cost_loss: number };
  }
  const convnetjs: { Vol: typeof Vol; Net: typeof Net; Trainer: typeof Trainer };
  export default convnetjs;
}
