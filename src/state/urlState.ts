// Reads the start-up state from the URL query. For now: ?preset=<id> and ?sample=<id>.
// Pure: takes the query string, returns what to load and what to tell the user.

import { getPreset } from '../core/presets';
import { SAMPLE_IMAGES } from '../core/samples';

export interface UrlStart {
  readonly presetId: string;
  readonly sampleId?: string;
  readonly problems: readonly string[];
}

export const DEFAULT_PRESET = 'tinyvgg';

export function parseUrl(search: string): UrlStart {
  const q = new URLSearchParams(search);
  const problems: string[] = [];
  let presetId = DEFAULT_PRESET;
  const preset = q.get('preset');
  if (preset !== null) {
    if (getPreset(preset)) presetId = preset;
    else
      problems.push(
        `The link asks for a network '${preset.slice(0, 40)}' that does not exist; showing ${getPreset(DEFAULT_PRESET)?.title ?? DEFAULT_PRESET} instead.`,
      );
  }
  const sample = q.get('sample');
  let sampleId: string | undefined;
  if (sample !== null) {
    if (SAMPLE_IMAGES.some((s) => s.id === sample)) sampleId = sample;
    else
      problems.push(
        `The link asks for a sample image '${sample.slice(0, 40)}' that does not exist; showing the default image.`,
      );
  }
  return { presetId, sampleId, problems };
}
