// Unified social credit code (统一社会信用代码), GB 32100-2015. Pure and Node-free: the services
// use it to validate every scanned or keyed code, and the renderer's keypad uses it for live
// feedback on the check characters.
//
// 18 characters from a 31-character set (no I, O, S, V, Z):
//   1      registering authority (9 = market regulation)
//   2      entity type under that authority (under 9: 1 company, 2 individual business, 3 co-op)
//   3–8    administrative division (330521 = 德清县)
//   9–17   organization code: 8 body characters + its GB 11714 check character (position 17)
//   18     check character over positions 1–17
// A code is valid only when both checks hold. Some codes issued in pilot areas before the
// standard settled fail the check though they are legal: callers ask the user to verify or call a
// guide, and never treat such a code as verified.

export const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
export const USCC_LENGTH = 18;
/** Weights of positions 1–17 for the final check: 3^(i−1) mod 31. */
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
/** GB 11714 weights over the 8 body characters of the organization code. */
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

const USCC_CHAR_RE = /^[0-9A-HJ-NP-RTUWXY]$/;
export const USCC_RE = /^[0-9A-HJ-NP-RTUWXY]{18}$/;

export function isUsccChar(c: string): boolean {
  return USCC_CHAR_RE.test(c);
}

/** Value 0–30 of a character in the USCC set, or −1. */
function usccValue(c: string): number {
  return c.length === 1 ? USCC_CHARS.indexOf(c) : -1;
}

/** GB 11714 value: digits 0–9, letters A=10 … Z=35 (a different mapping from the USCC set). */
function orgValue(c: string): number {
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 90) return code - 55;
  return -1;
}

/** The check character (position 18) for the first 17 characters, or null if they are not usable. */
export function usccCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = usccValue(first17[i] as string);
    if (v < 0) return null;
    sum += v * (USCC_WEIGHTS[i] as number);
  }
  return USCC_CHARS[(31 - (sum % 31)) % 31] as string;
}

/** The GB 11714 check character (position 17) for the 8 body characters (positions 9–16). */
export function orgCodeCheckChar(body8: string): string | null {
  if (body8.length !== 8) return null;
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = body8[i] as string;
    if (!isUsccChar(c)) return null;
    sum += orgValue(c) * (ORG_WEIGHTS[i] as number);
  }
  const r = 11 - (sum % 11);
  return r === 10 ? 'X' : r === 11 ? '0' : String(r);
}

/**
 * Upper-cases and folds full-width forms (ＡＢＣ１２３ from a Chinese IME) to ASCII; trims the
 * ends. Nothing else is changed: inner spaces or other characters make the code invalid.
 */
export function normalizeUscc(text: string): string {
  return text.normalize('NFKC').trim().toUpperCase();
}

export type UsccProblem = 'empty' | 'length' | 'charset' | 'org-check' | 'check-char';

export interface UsccCheck {
  /** The normalized input. */
  code: string;
  valid: boolean;
  /** The first problem found, in the order listed in UsccProblem; null when valid. */
  problem: UsccProblem | null;
  /** 1-based position of the first character outside the set (problem `charset`). */
  badPosition: number | null;
  /** Whether each check holds (null when it cannot be computed: wrong length or characters). */
  orgCheckOk: boolean | null;
  checkCharOk: boolean | null;
}

/** Both checks of GB 32100-2015 on one code. Never throws, whatever the input. */
export function checkUscc(input: string): UsccCheck {
  const code = typeof input === 'string' ? normalizeUscc(input) : '';
  const base = { code, badPosition: null, orgCheckOk: null, checkCharOk: null };
  if (code.length === 0) return { ...base, valid: false, problem: 'empty' };
  for (let i = 0; i < Math.min(code.length, USCC_LENGTH); i++) {
    if (!isUsccChar(code[i] as string)) {
      return {
        ...base,
        valid: false,
        problem: code.length === USCC_LENGTH ? 'charset' : 'length',
        badPosition: i + 1,
      };
    }
  }
  if (code.length !== USCC_LENGTH) return { ...base, valid: false, problem: 'length' };
  const orgCheckOk = orgCodeCheckChar(code.slice(8, 16)) === code[16];
  const checkCharOk = usccCheckChar(code.slice(0, 17)) === code[17];
  const problem: UsccProblem | null = !orgCheckOk
    ? 'org-check'
    : !checkCharOk
      ? 'check-char'
      : null;
  return { code, valid: problem === null, problem, badPosition: null, orgCheckOk, checkCharOk };
}

export function isValidUscc(input: string): boolean {
  return checkUscc(input).valid;
}

/**
 * Completes a code from its first 16 characters (authority, type, division, org body): appends
 * the organization-code check and the final check. For making demo data and test codes.
 */
export function completeUscc(first16: string): string | null {
  const head = normalizeUscc(first16);
  if (head.length !== 16) return null;
  const org = orgCodeCheckChar(head.slice(8, 16));
  if (org === null || !isUsccChar(org)) return null;
  for (const c of head) if (!isUsccChar(c)) return null;
  const check = usccCheckChar(head + org);
  return check === null ? null : head + org + check;
}

/** Live feedback while a code is keyed in, character by character. */
export type UsccEntryState =
  | { state: 'empty' }
  /** Fewer than 17 characters, all allowed. */
  | { state: 'typing'; remaining: number }
  | { state: 'bad-char'; position: number }
  /** 17 characters: the organization code (positions 9–17) can be checked already. */
  | { state: 'org-check-failed' }
  | { state: 'awaiting-check-char' }
  | { state: 'check-char-failed' }
  | { state: 'valid' }
  | { state: 'too-long' };

export function usccEntryState(input: string): UsccEntryState {
  const code = normalizeUscc(input);
  if (code.length === 0) return { state: 'empty' };
  for (let i = 0; i < code.length && i < USCC_LENGTH; i++) {
    if (!isUsccChar(code[i] as string)) return { state: 'bad-char', position: i + 1 };
  }
  if (code.length > USCC_LENGTH) return { state: 'too-long' };
  if (code.length < 17) return { state: 'typing', remaining: USCC_LENGTH - code.length };
  if (orgCodeCheckChar(code.slice(8, 16)) !== code[16]) return { state: 'org-check-failed' };
  if (code.length === 17) return { state: 'awaiting-check-char' };
  return usccCheckChar(code.slice(0, 17)) === code[17]
    ? { state: 'valid' }
    : { state: 'check-char-failed' };
}

/** What the code itself says about the entity (shown for any valid code, even without a file). */
export interface UsccFacts {
  authority: 'market-regulation' | 'institutional' | 'civil-affairs' | 'other';
  entity: 'company' | 'individual-business' | 'cooperative' | 'other';
  division: string;
  /** Chinese name of the division when this kiosk knows it (Huzhou and its counties). */
  divisionName: string | null;
  organizationCode: string;
}

const DIVISIONS: Record<string, string> = {
  '330500': '湖州市',
  '330502': '湖州市吴兴区',
  '330503': '湖州市南浔区',
  '330521': '湖州市德清县',
  '330522': '湖州市长兴县',
  '330523': '湖州市安吉县',
};

export const DEQING_DIVISION = '330521';

export function usccFacts(code: string): UsccFacts | null {
  const c = normalizeUscc(code);
  if (!USCC_RE.test(c)) return null;
  const a = c[0];
  const t = c[1];
  const authority =
    a === '9'
      ? 'market-regulation'
      : a === '1'
        ? 'institutional'
        : a === '5'
          ? 'civil-affairs'
          : 'other';
  const entity =
    a !== '9'
      ? 'other'
      : t === '1'
        ? 'company'
        : t === '2'
          ? 'individual-business'
          : t === '3'
            ? 'cooperative'
            : 'other';
  const division = c.slice(2, 8);
  return {
    authority,
    entity,
    division,
    divisionName: DIVISIONS[division] ?? null,
    organizationCode: `${c.slice(8, 16)}-${c[16]}`,
  };
}
