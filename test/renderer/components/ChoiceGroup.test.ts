// @vitest-environment happy-dom
// The toggle rows: one pressed button at most, a named group, and the choice left to the parent.
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import ChoiceGroup from '../../../renderer/src/components/ChoiceGroup.vue';

const OPTIONS = [
  { value: 'topic', label: 'By topic' },
  { value: 'board', label: 'By board', testId: 'board-choice' },
];

describe('ChoiceGroup', () => {
  it('is a group named by its label, with the chosen option pressed', () => {
    const w = mount(ChoiceGroup, { props: { options: OPTIONS, selected: 'board', label: 'Show' } });
    expect(w.get('div').attributes('role')).toBe('group');
    expect(w.get('div').attributes('aria-label')).toBe('Show');
    const buttons = w.findAll('button');
    expect(buttons.map((b) => [b.text(), b.attributes('aria-pressed')])).toEqual([
      ['By topic', 'false'],
      ['By board', 'true'],
    ]);
    expect(buttons[1]?.attributes('data-testid')).toBe('board-choice');
  });

  it('with a legend is a fieldset, and nothing is pressed when no option has the value', () => {
    const w = mount(ChoiceGroup, {
      props: { options: OPTIONS, selected: null, legend: 'Show' },
    });
    expect(w.get('fieldset legend').text()).toBe('Show');
    expect(w.findAll('[aria-pressed="true"]')).toHaveLength(0);
  });

  it('tells the parent what was chosen and changes nothing itself', async () => {
    const w = mount(ChoiceGroup, { props: { options: OPTIONS, selected: 'topic' } });
    await w.findAll('button')[1]?.trigger('click');
    expect(w.emitted('choose')).toEqual([['board']]);
    expect(w.findAll('button')[0]?.attributes('aria-pressed')).toBe('true');
    // Without a label or legend the row is plain: its parent names the group.
    expect(w.get('div').attributes('role')).toBeUndefined();
  });

  it('plain buttons carry the option and pressed classes; disabled stops every option', () => {
    const w = mount(ChoiceGroup, {
      props: {
        options: OPTIONS,
        selected: 'topic',
        button: 'plain',
        optionClass: 'catalog-tab',
        pressedClass: 'is-on',
        disabled: true,
      },
    });
    const [a, b] = w.findAll('button');
    expect(a?.classes()).toEqual(['catalog-tab', 'is-on']);
    expect(b?.classes()).toEqual(['catalog-tab']);
    expect(a?.attributes('type')).toBe('button');
    expect(w.findAll('button[disabled]')).toHaveLength(2);
  });
});
