// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import HighlightedText from '../../../renderer/src/components/HighlightedText.vue';

describe('HighlightedText', () => {
  it('marks the matched ranges and nothing else', () => {
    const w = mount(HighlightedText, {
      props: { text: '地信+企业开办', ranges: [[3, 7]] },
    });
    expect(w.text()).toBe('地信+企业开办');
    expect(w.findAll('mark').map((m) => m.text())).toEqual(['企业开办']);
  });

  it('renders markup in the data as text, never as HTML', () => {
    const w = mount(HighlightedText, {
      props: { text: '<b>粗体</b><img src=x>', ranges: [[3, 5]] },
    });
    expect(w.find('b').exists()).toBe(false);
    expect(w.find('img').exists()).toBe(false);
    expect(w.find('mark').text()).toBe('粗体');
  });
});
