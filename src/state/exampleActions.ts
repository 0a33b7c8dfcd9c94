// A held-out dataset example as the input (the input panel's dataset browser, `example=` in
// links): the image mode with the example instead of the sample image. Not an undo step, as
// choosing a sample image is not.

import { exampleRefusal, type ExampleRef } from '../core/data/catalog';
import { setInputMode } from './inputActions';
import { useStore } from './store';

const same = (a: ExampleRef | null, b: ExampleRef | null) =>
  a === b || (a !== null && b !== null && a.dataset === b.dataset && a.index === b.index);

/** Shows `ref` as the input, or none (the sample image again); returns why not, or null. */
export function selectExample(ref: ExampleRef | null): string | null {
  if (ref !== null) {
    const why = exampleRefusal(ref);
    if (why) return why;
  }
  const s = useStore.getState();
  if (ref !== null && s.inputMode !== 'image' && !setInputMode('image'))
    return 'the input cannot switch to images now';
  if (!same(s.example, ref)) useStore.setState({ example: ref });
  return null;
}
