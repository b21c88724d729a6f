// Whether a short free text (a search that found nothing) may hold a phone number, an ID number
// or a credit-code fragment: five digits in a row, however they were typed. People key numbers
// with separators (138-1234-5678, 138 1234 5678), in full-width digits (１３８…), or in Chinese
// numerals (一三八…, 幺三八…, 壹叁捌…); all of them count. Pure and Node-free.

/** Digits in a row from which a text is taken to hold a number about someone. */
export const PHONE_LIKE_DIGITS = 5;

const CHINESE_DIGITS: Readonly<Record<string, string>> = {
  〇: '0',
  零: '0',
  洞: '0',
  一: '1',
  幺: '1',
  壹: '1',
  二: '2',
  两: '2',
  贰: '2',
  三: '3',
  叁: '3',
  四: '4',
  肆: '4',
  五: '5',
  伍: '5',
  六: '6',
  陆: '6',
  七: '7',
  柒: '7',
  拐: '7',
  八: '8',
  捌: '8',
  九: '9',
  玖: '9',
  勾: '9',
};

/** What people put between the digits of a number (after NFKC has made full-width forms plain). */
const SEPARATORS = /[\s\p{Pd}\p{Pc}\p{Ps}\p{Pe}.,:;/\\|+*#~'"·・、。，：；]/gu;

const DIGIT_RUN = new RegExp(`\\p{Nd}{${PHONE_LIKE_DIGITS},}`, 'u');

/** The text as a number-reader sees it: compatibility forms folded, numerals as digits, no separators. */
export function digitsView(text: string): string {
  const folded = text.normalize('NFKC');
  let out = '';
  for (const c of folded) out += CHINESE_DIGITS[c] ?? c;
  return out.replace(SEPARATORS, '');
}

/** True when the text holds five or more digits in a row, however they were written. */
export function holdsPhoneLikeNumber(text: string): boolean {
  return DIGIT_RUN.test(digitsView(text));
}
