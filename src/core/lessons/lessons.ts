// "Start here": short guided steps in the order the course teaches, each built on a teaching
// preset or a classic network. A step loads a state (a link's query string), points at the
// control to try (a data-testid), and asks one question the student answers by doing it; the
// check is a pure function of the facts (facts.ts). `?lesson=<id>` opens a step from a slide.

import { layerOf, type LessonFacts } from './facts';

export interface LessonStep {
  readonly id: string;
  readonly title: string;
  /** The state it starts from: a link's query string. */
  readonly link: string;
  /** What to look at, in a few sentences. */
  readonly text: string;
  /** The control to try: a data-testid the panel highlights. */
  readonly point: string;
  readonly question: string;
  readonly check: (f: LessonFacts) => boolean;
  /** Said once the question is answered. */
  readonly answer: string;
}

const conv = (f: LessonFacts, id: string) => {
  const ls = layerOf(f, id);
  return ls && ls.layer.kind === 'conv2d' ? { ...ls, layer: ls.layer } : null;
};

export const LESSONS: readonly LessonStep[] = [
  {
    id: 'slide',
    title: 'Convolution: a sliding dot product',
    link: 'preset=teach_5x5_exercise&view=steps',
    text: 'A 3×3 kernel slides over a 5×5 image. At each position it multiplies the 9 numbers under it by its 9 weights and adds them up: one output number.',
    point: 'step-forward',
    question: 'Step to output row 1, column 1 (the middle of the 3×3 output).',
    check: (f) => f.inspector === 'steps' && f.step === 4,
    answer: 'The middle window has 1, 1, 0, 1 under the X’s corners and 1 under its centre: 4.',
  },
  {
    id: 'filters',
    title: 'Channels and filters',
    link: 'preset=teach_conv32_pad2&layer=conv',
    text: 'Each filter of a conv layer makes one output channel: a 3-channel image through 10 filters gives 10 maps. Every filter has a 5×5 kernel per input channel.',
    point: 'field-out-channels',
    question: 'Give this layer 16 filters.',
    check: (f) => conv(f, 'conv')?.layer.outChannels === 16,
    answer: '16 filters make 16 output channels: the maps panel now shows 16.',
  },
  {
    id: 'padding',
    title: 'Padding',
    link: 'preset=teach_conv32_pad2&layer=conv',
    text: 'A 5×5 kernel fits 28 times across 32 pixels. Padding 2 adds a 2-pixel border (zeros, or copies of the edge), so the output stays 32×32.',
    point: 'field-padding',
    question: 'Set the padding to 0. The output shrinks: to what size?',
    check: (f) => {
      const c = conv(f, 'conv');
      return !!c && c.layer.padding[0] === 0 && c.layer.padding[1] === 0 && c.shape[2] === 28;
    },
    answer: '32 − 5 + 1 = 28: without padding every 5×5 layer eats 4 pixels.',
  },
  {
    id: 'stride',
    title: 'Stride, and the case that does not fit',
    link: 'preset=teach_7x7_s3&layer=conv&view=steps',
    text: 'Stride 3 jumps 3 pixels at a time: on a 7×7 input the last row and column are never read (the view marks them at the end of the slide).',
    point: 'field-stride',
    question: 'Change the stride so that every input pixel is read.',
    check: (f) => {
      const c = conv(f, 'conv');
      return (
        !!c &&
        c.layer.stride[0] !== 3 &&
        c.window?.h.uncovered.length === 0 &&
        c.window.w.uncovered.length === 0
      );
    },
    answer:
      'With stride 2 (or 1), (7 − 3) is a multiple of the stride: the windows end exactly at the edge.',
  },
  {
    id: 'dilation',
    title: 'Dilation',
    link: 'preset=teach_two_3x3&layer=conv1',
    text: 'Dilation spreads a kernel’s 9 weights apart: a 3×3 kernel with dilation 2 covers a 5×5 area, with the same 9 weights.',
    point: 'field-dilation',
    question: 'Make conv1 cover 5×5 input pixels with its 3×3 kernel.',
    check: (f) =>
      conv(f, 'conv1')?.layer.dilation[0] === 2 && conv(f, 'conv1')?.layer.dilation[1] === 2,
    answer: 'Span = dilation × (kernel − 1) + 1 = 2 × 2 + 1 = 5.',
  },
  {
    id: 'field',
    title: 'Receptive fields',
    link: 'preset=teach_two_3x3&layer=conv2',
    text: 'Two stacked 3×3 convs: a unit of conv2 reads 3×3 units of conv1, each of which reads 3×3 pixels. Click a map to zoom in, then click a unit to pin it.',
    point: 'channel',
    question: 'Pin a unit of conv2 and read how many input pixels it depends on.',
    check: (f) => f.unit?.layerId === 'conv2',
    answer:
      '25 pixels, a 5×5 box: two 3×3 layers see as far as one 5×5, with 18 weights instead of 25.',
  },
  {
    id: 'pooling',
    title: 'Pooling',
    link: 'preset=teach_maxpool_4x4&view=steps',
    text: 'Max pooling keeps the largest value of each 2×2 window: no weights, and the map halves.',
    point: 'step-forward',
    question: 'Step to the window whose maximum is 8.',
    check: (f) => f.inspector === 'steps' && f.step === 1,
    answer: 'The top-right window holds 2, 4, 7, 8: it keeps 8.',
  },
  {
    id: 'normalization',
    title: 'Batch normalization',
    link: 'preset=resnet18&layer=bn1&view=steps',
    text: 'Batch norm subtracts a mean and divides by a standard deviation per channel. At inference it uses the running statistics learnt in training; in training it uses the batch’s own.',
    point: 'bn-mode-toggle',
    question: 'Switch batch norm to training mode and watch the statistics change.',
    check: (f) => f.batchNorm === 'training',
    answer:
      'In training mode the mean and variance come from the batch itself, so each output depends on the other images in the batch.',
  },
  {
    id: 'parameters',
    title: 'Counting parameters',
    link: 'preset=teach_conv32_pad2&layer=conv',
    text: 'This conv has 10 filters of 3×5×5 weights plus a bias each: 10 × (75 + 1) = 760 parameters, whatever the image size. A dense layer from this 3×32×32 image to 10 units would need 30,730.',
    point: 'field-kernel',
    question: 'Change one setting so that the layer has exactly 280 parameters.',
    check: (f) => f.cost.layers.get('conv')?.params === 280,
    answer: 'A 3×3 kernel: 10 × (3 × 3 × 3 + 1) = 280.',
  },
  {
    id: 'architectures',
    title: 'Classic architectures: ResNet’s skips',
    link: 'preset=resnet18',
    text: 'ResNet adds a block’s input to its output (the arcs over the blocks in the overview), so a block only has to learn a change.',
    point: 'overview-block',
    question: 'Select a layer where a skip connection joins the main path (an Add).',
    check: (f) => {
      const s = f.selected ? layerOf(f, f.selected) : null;
      return s?.layer.kind === 'add';
    },
    answer: 'The add takes two inputs of the same shape and sums them element by element.',
  },
  {
    id: 'learning',
    title: 'Learning',
    link: 'preset=lenet5&weights=random',
    text: 'LeNet-5 with random weights guesses. Training nudges every weight against the gradient of the loss, batch after batch.',
    point: 'train-toggle',
    question: 'Open Train… and press Train; watch the loss fall for a few seconds, then Pause.',
    check: (f) => f.trainedSteps >= 1,
    answer:
      'Each step, one batch of digits moved all 61,706 weights a little against the gradient: the loss falls and the filters start to look like strokes.',
  },
  {
    id: 'transfer',
    title: 'Transfer learning',
    link: 'preset=lenet5',
    text: 'A network trained on digits 0–4 already knows strokes. Fine-tuning it on a few examples of 5–9 beats training the same network from scratch on them.',
    point: 'train-toggle',
    question: 'Open Train… and run the transfer demo.',
    check: (f) => f.compared,
    answer: 'The two held-out curves side by side: the fine-tuned one starts ahead.',
  },
];

export const lessonIndex = (id: string): number => LESSONS.findIndex((l) => l.id === id);
