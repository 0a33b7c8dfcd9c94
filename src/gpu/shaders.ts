// WGSL sources, imported as strings from shaders/ (the only place WGSL lives). The helpers in
// shaders/common/ are prepended to every shader (WGSL has no include; unused functions cost
// nothing).

import indexWGSL from '../../shaders/common/index.wgsl?raw';
import nanWGSL from '../../shaders/common/nan.wgsl?raw';
import activationWGSL from '../../shaders/activation.wgsl?raw';

const COMMON = `${indexWGSL}\n${nanWGSL}\n`;
const withCommon = (code: string) => COMMON + code;

export const SHADERS = {
  activation: withCommon(activationWGSL),
} as const;

export type ShaderName = keyof typeof SHADERS;
