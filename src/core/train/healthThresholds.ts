// The health check's thresholds (health.ts), each with where its rule of thumb comes from.

/**
 * The update/weight ratio a healthy layer shows: "somewhere around 1e-3" (A. Karpathy, CS231n
 * "Neural Networks Part 3", Babysitting the learning process: ratio of weights:updates; lower
 * means the learning rate might be too low, higher that it is likely too high).
 */
export const HEALTHY_RATIO = 1e-3;
/** "Around": within this factor either side of HEALTHY_RATIO is ok (1e-4 … 1e-2). */
export const RATIO_BAND = 10;
/**
 * Updates this large a part of the weights per step (10%) overwrite what was learnt in a few
 * steps: the classic sign of a learning rate far too high, a step before the loss turns NaN.
 */
export const EXPLODING_RATIO = 0.1;
/**
 * A layer's gradients (RMS) this many times smaller than the largest layer's: vanishing. Three
 * orders of magnitude between layers of one network is far beyond what depth alone gives a ReLU
 * network with He init (Glorot & Bengio 2010 show sigmoid stacks shrinking them layer by layer).
 */
export const VANISHING_FACTOR = 1e-3;
/**
 * A ReLU layer with this fraction of its units (channels / features) silent on a whole batch.
 * CS231n notes "as much as 40% of your network can be dead" after too high a learning rate;
 * warning at a fifth catches it earlier. Our choice, not a published threshold.
 */
export const DEAD_RELU_FRACTION = 0.2;
