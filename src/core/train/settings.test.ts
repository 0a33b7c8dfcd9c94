import { describe, expect, it } from 'vitest';
import { trainSettingsRefusal } from './settings';

describe('training settings', () => {
  it('keeps what is in bounds and names what is not', () => {
    expect(trainSettingsRefusal({ learningRate: 1e3, batchSize: 64 })).toBeNull();
    expect(trainSettingsRefusal({ learningRate: 0 })).toMatch(/learningRate: must be at least/);
    expect(trainSettingsRefusal({ batchSize: 2.5 })).toMatch(/batchSize: must be a whole number/);
    expect(trainSettingsRefusal({ epochs: 51 })).toMatch(/epochs: must be at most 50/);
    expect(trainSettingsRefusal({ dataset: 'cifar' })).toMatch(/dataset: must be one of/);
    expect(trainSettingsRefusal({ learningRate: NaN })).toMatch(/learningRate/);
    expect(trainSettingsRefusal({ sneaky: 1 })).not.toBeNull();
  });
});
