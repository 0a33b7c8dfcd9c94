// WGSL lives in shaders/ and each program imports its own file with `?raw`. The helpers in
// shaders/common/ are prepended to every shader with withCommon() (WGSL has no include; unused
// functions cost nothing).

import indexWGSL from '../../shaders/common/index.wgsl?raw';
import nanWGSL from '../../shaders/common/nan.wgsl?raw';

const COMMON = `${indexWGSL}\n${nanWGSL}\n`;

export const withCommon = (code: string): string => COMMON + code;
