import { describe, expect, it } from 'vitest';
import { highlightSegments } from '../../../electron/domain/catalog';

describe('highlightSegments', () => {
  it('splits text into plain and marked parts', () => {
    expect(highlightSegments('德清企业开办服务', [[2, 6]])).toEqual([
      { text: '德清', mark: false },
      { text: '企业开办', mark: true },
      { text: '服务', mark: false },
    ]);
  });

  it('merges overlapping and touching ranges, sorts them, clamps them to the text', () => {
    expect(
      highlightSegments('abcdefgh', [
        [6, 20],
        [0, 2],
        [1, 3],
        [3, 4],
        [5, 5],
      ]),
    ).toEqual([
      { text: 'abcd', mark: true },
      { text: 'ef', mark: false },
      { text: 'gh', mark: true },
    ]);
  });

  it('no ranges: the whole text, unmarked', () => {
    expect(highlightSegments('文本', [])).toEqual([{ text: '文本', mark: false }]);
    expect(highlightSegments('', [])).toEqual([{ text: '', mark: false }]);
  });
});
