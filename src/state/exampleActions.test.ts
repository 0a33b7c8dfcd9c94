import { beforeEach, describe, expect, it } from 'vitest';
import { loadPreset, selectSample } from './actions';
import { selectExample } from './exampleActions';
import { setInputMode } from './inputActions';
import { initialState, useStore } from './store';
import { openLink, shareQuery } from './urlState';

const state = () => useStore.getState();
beforeEach(() => useStore.setState(initialState(), true));

describe('a dataset example as the input', () => {
  it('is chosen, carried by a link as example=mnist:12, and cleared by a sample', () => {
    loadPreset('lenet5');
    expect(selectExample({ dataset: 'mnist', index: 12 })).toBeNull();
    const query = shareQuery();
    expect(query).toContain('example=mnist%3A12');
    useStore.setState(initialState(), true);
    expect(openLink(`?${query}`)).toBe(true);
    expect(state().example).toEqual({ dataset: 'mnist', index: 12 });
    selectSample('coffee');
    expect(state().example).toBeNull();
  });
  it('switches typed numbers back to the image mode; bad references are refused', () => {
    loadPreset('teach_5x5_exercise');
    expect(state().inputMode).toBe('numeric');
    expect(selectExample({ dataset: 'mnist', index: 3 })).toBeNull();
    expect(state().inputMode).toBe('image');
    expect(selectExample({ dataset: 'cifar' as 'mnist', index: 3 })).toMatch(/no dataset 'cifar'/);
    expect(selectExample({ dataset: 'mnist', index: -1 })).toMatch(/whole number/);
    expect(state().example).toEqual({ dataset: 'mnist', index: 3 });
    // Typed numbers again: the link does not carry the example.
    setInputMode('numeric');
    expect(shareQuery()).not.toContain('example=');
  });
  it('a link with a bad example is refused in words', () => {
    expect(openLink('?preset=lenet5&example=mnist:x')).toBe(false);
    expect(state().notices.join(' ')).toMatch(/example: must be dataset:index/);
  });
});
