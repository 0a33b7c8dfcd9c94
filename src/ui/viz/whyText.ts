// What each explanation computes, in words and in a formula, and what it cannot tell: the text
// the "Why?" panel shows under each method (KaTeX typesets the formulas).

import type { WhyMethod } from '../../core/explain/whySettings';
import type { SaliencyKind } from '../../core/explain/saliency';

export interface MethodText {
  readonly title: string;
  /** One TeX display formula. */
  readonly formula: string;
  readonly plain: string;
  readonly pitfalls: string;
}

export const SALIENCY_TEXT: Record<SaliencyKind, MethodText> = {
  vanilla: {
    title: 'Saliency (gradient)',
    formula: String.raw`M_{ij} = \max_c \left|\frac{\partial S_k}{\partial x_{c,i,j}}\right|`,
    plain:
      'How much the score S_k of the chosen class would change if one input pixel changed a little: one backward pass from the score down to the image (Simonyan et al., 2014). Bright pixels are those the score is most sensitive to.',
    pitfalls:
      'Gradients are noisy and local: a pixel can matter a lot and still have a small gradient (the ReLU after it is saturated), and the map often looks like an edge detector whatever the network learnt.',
  },
  smoothGrad: {
    title: 'SmoothGrad',
    formula: String.raw`\begin{aligned} M &= \frac{1}{n}\sum_{i=1}^{n} \left|\nabla_x S_k\!\left(x + \varepsilon_i\right)\right| \\ \varepsilon_i &\sim \mathcal{N}(0, \sigma^2) \end{aligned}`,
    plain:
      'The gradient averaged over n copies of the image with a little noise added (Smilkov et al., 2017): the noise cancels, what the class really depends on stays. σ is 15% of the image’s range.',
    pitfalls:
      'n times the work of one gradient; still a sensitivity, not a proof of cause. Too much noise washes the map out.',
  },
  gradTimesInput: {
    title: 'Gradient × input',
    formula: String.raw`M_{ij} = \left|\sum_c x_{c,i,j}\,\frac{\partial S_k}{\partial x_{c,i,j}}\right|`,
    plain:
      'The gradient weighted by the pixel itself: how much each pixel’s actual value contributes to the score, to first order. On a dark background only the ink can light up.',
    pitfalls:
      'A black pixel (0) always gets 0, even when its darkness is what matters; the map leans toward bright areas.',
  },
};

export const WHY_TEXT: Record<Exclude<WhyMethod, 'saliency'>, MethodText> = {
  gradCam: {
    title: 'Grad-CAM',
    formula: String.raw`\begin{aligned} \alpha_k &= \frac{1}{HW}\sum_{i,j}\frac{\partial S_c}{\partial A^k_{ij}} \\ L &= \mathrm{ReLU}\Big(\sum_k \alpha_k A^k\Big) \end{aligned}`,
    plain:
      'Each channel A^k of a conv layer gets a weight α_k: the average gradient of the class score over that channel. The weighted sum of the maps, with the negative part cut off, shows where the layer saw evidence for the class; it is then stretched to the input’s size (Selvaraju et al., 2017).',
    pitfalls:
      'As coarse as the layer: LeNet-5’s C3, for one, is 10×10 for a 32×32 input, so its map is blurry by construction. An earlier layer is sharper but knows less about classes; with one channel the weights can only scale the map.',
  },
  occlusion: {
    title: 'Occlusion sensitivity',
    formula: String.raw`D(p) = P(c \mid x) - P\big(c \mid x_{\text{patch at } p}\big)`,
    plain:
      'A grey (or blurred) patch hides one part of the image at a time, and the network predicts again: where the probability of the class drops most is what it needed (Zeiler & Fergus, 2014). No gradients: only forward passes, one per position.',
    pitfalls:
      'The answer depends on the patch: too small and nothing changes, too large and everything does; a grey patch is itself something the network never saw.',
  },
  featureVis: {
    title: 'Feature visualization',
    formula: String.raw`x \leftarrow \mathrm{clip}\Big(x + \eta\,\frac{\nabla_x f(\mathrm{jitter}(x))}{\overline{|\nabla_x f|}}\Big)`,
    plain:
      'Starting from grey noise, the image itself is trained: gradient ascent on the input makes the chosen channel’s mean activation (or the class score) f as large as possible. Jitter, an occasional blur and clipping to the image range keep it from turning into high-frequency noise (Olah et al., 2017).',
    pitfalls:
      'The result is what excites the unit most, not what it usually sees: compare it with the dataset examples that excite it most. Small networks give abstract patterns, not objects.',
  },
};

export const methodText = (m: WhyMethod, kind: SaliencyKind): MethodText =>
  m === 'saliency' ? SALIENCY_TEXT[kind] : WHY_TEXT[m];
