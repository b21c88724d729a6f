import { describe, expect, it } from 'vitest';
import { digitsView, holdsPhoneLikeNumber } from '../../../electron/domain/personal-text';

describe('a phone-like number in a short text', () => {
  it('is found however it is typed', () => {
    for (const text of [
      '13812345678',
      '138-1234-5678',
      '138 1234 5678',
      '138.1234.5678',
      '１３８１２３４５６７８',
      '１３８－１２３４－５６７８',
      '一三八一二三四五六七八',
      '幺三八幺二三四五六七八',
      '壹叁捌 壹贰叁肆',
      '电话：零五七二-八八八一二三四',
      '(0572) 888-1234',
      '330521198001011234',
      '王先生138／1234／5678',
      '一二三四五',
    ])
      expect(holdsPhoneLikeNumber(text), text).toBe(true);
  });

  it('is not found in what people search for', () => {
    for (const text of [
      '企业开办',
      '第三十二条',
      'qykb',
      '2025年补贴',
      '二〇二五年',
      '一类事',
      '食品经营许可',
      '1234',
      '12 34 a 56',
      '三证合一',
    ])
      expect(holdsPhoneLikeNumber(text), text).toBe(false);
  });

  it('reads numerals as digits and drops separators', () => {
    expect(digitsView('幺三八－１２·3')).toBe('138123');
  });
});
