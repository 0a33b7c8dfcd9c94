// The fields every shipped model's JSON has (public/weights/<name>.json), checked by the tests of
// the shipped weights against what they measure and against the safetensors metadata.
import { expect } from 'vitest';

export const SHIPPED_JSON_FIELDS = [
  'name',
  'preset',
  'dataset',
  'classes',
  'input',
  'trainExamples',
  'testExamples',
  'testAccuracy',
  'perClassAccuracy',
  'epochs',
  'steps',
  'batchSize',
  'optimizer',
  'learningRate',
  'augmentation',
  'loss',
  'initialization',
  'seed',
  'engine',
  'seconds',
  'command',
  'weights',
] as const;

export function checkShippedJson(
  json: Record<string, unknown>,
  metadata: Readonly<Record<string, string>>,
  want: {
    name: string;
    preset: string;
    classes: readonly string[];
    trainExamples: number;
    testExamples: number;
    command: string;
  },
): void {
  expect(Object.keys(json).sort()).toEqual([...SHIPPED_JSON_FIELDS].sort());
  expect(json.name).toBe(want.name);
  expect(json.weights).toBe(`${want.name}.safetensors`);
  expect(json.preset).toBe(want.preset);
  expect(json.classes).toEqual(want.classes);
  expect(json.trainExamples).toBe(want.trainExamples);
  expect(json.testExamples).toBe(want.testExamples);
  expect(json.command).toBe(want.command);
  expect(metadata.command).toBe(want.command);
  expect(metadata.preset).toBe(want.preset);
  expect(metadata.seed).toBe(String(json.seed));
  expect(metadata.steps).toBe(String(json.steps));
  expect(metadata.accuracy).toBe(String(json.testAccuracy));
  expect(metadata.dataset).toBe(json.dataset);
  expect(json.seconds).toBeGreaterThan(0);
}
