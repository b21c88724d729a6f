import { describe, expect, it } from 'vitest';
import {
  checkUscc,
  completeUscc,
  orgCodeCheckChar,
  USCC_CHARS,
  usccCheckChar,
  usccEntryState,
  usccFacts,
} from '../../../electron/domain/credit-code';

// Public examples (python-stdnum's tests, field notes §2).
const VALID = ['91110000600037341L', '91340600MA2PBM9HXD', '91620105L015101280'];

describe('credit code (GB 32100-2015)', () => {
  it('accepts the public valid examples', () => {
    for (const code of VALID) {
      const r = checkUscc(code);
      expect(r, code).toMatchObject({
        valid: true,
        problem: null,
        orgCheckOk: true,
        checkCharOk: true,
      });
    }
  });

  it('handles the wrap-around case: Σ mod 31 = 0 gives check character 0', () => {
    expect(usccCheckChar('91620105L01510128')).toBe('0');
    // Not 31 − 0 = 31, which is outside the set.
    expect(USCC_CHARS.length).toBe(31);
  });

  it('refuses a pre-standard pilot code that fails the final check', () => {
    const r = checkUscc('91350211M00013FA1N');
    expect(r.valid).toBe(false);
    expect(r.problem).toBe('check-char');
    expect(r.orgCheckOk).toBe(true);
    expect(r.checkCharOk).toBe(false);
  });

  it('computes the GB 11714 organization-code check with its own letter values', () => {
    // 60003734-1 from 91110000600037341L; MA2PBM9H-X from 91340600MA2PBM9HXD (r = 10 → X).
    expect(orgCodeCheckChar('60003734')).toBe('1');
    expect(orgCodeCheckChar('MA2PBM9H')).toBe('X');
    // Σ mod 11 = 0 → r = 11 → 0.
    expect(orgCodeCheckChar('00000000')).toBe('0');
    // Letters count A=10 … Z=35 here: L = 21 (in the USCC set it would be 19).
    expect(orgCodeCheckChar('L0151012')).toBe('8');
  });

  it('names the check that fails: organization code before the final character', () => {
    // Change position 17 (the org-code check) and recompute position 18: only the org check fails.
    const head = '91110000600037342';
    const bad = head + (usccCheckChar(head) as string);
    expect(checkUscc(bad)).toMatchObject({ valid: false, problem: 'org-check', checkCharOk: true });
    // Change the last character only.
    expect(checkUscc('91110000600037341K')).toMatchObject({
      problem: 'check-char',
      orgCheckOk: true,
    });
  });

  it('catches every single-character substitution in a valid code', () => {
    for (const code of VALID) {
      for (let i = 0; i < 18; i++) {
        for (const c of USCC_CHARS) {
          if (c === code[i]) continue;
          const changed = code.slice(0, i) + c + code.slice(i + 1);
          expect(checkUscc(changed).valid, changed).toBe(false);
        }
      }
    }
  });

  it('reports length and characters outside the set, with the position', () => {
    expect(checkUscc('')).toMatchObject({ valid: false, problem: 'empty' });
    expect(checkUscc('91110000600037341')).toMatchObject({ problem: 'length' });
    expect(checkUscc('91110000600037341LL')).toMatchObject({ problem: 'length' });
    expect(checkUscc('9111000060003734IL')).toMatchObject({ problem: 'charset', badPosition: 17 });
    for (const bad of ['I', 'O', 'S', 'V', 'Z'])
      expect(checkUscc(`${bad}1110000600037341L`).problem).toBe('charset');
  });

  it('upper-cases and folds full-width characters before checking', () => {
    expect(checkUscc('91340600ma2pbm9hxd').valid).toBe(true);
    expect(checkUscc(' ９１１１００００６０００３７３４１Ｌ\n').valid).toBe(true);
    expect(checkUscc('9111 0000600037341L').valid).toBe(false);
  });

  it('completes a code from its first 16 characters', () => {
    expect(completeUscc('9111000060003734')).toBe('91110000600037341L');
    expect(completeUscc('91340600MA2PBM9H')).toBe('91340600MA2PBM9HXD');
    const made = completeUscc('91330521DQ000001');
    expect(made && checkUscc(made).valid).toBe(true);
    expect(completeUscc('9133052')).toBeNull();
    expect(completeUscc('91330521DQ00000O')).toBeNull();
  });

  it('gives live feedback while a code is keyed in', () => {
    expect(usccEntryState('')).toEqual({ state: 'empty' });
    expect(usccEntryState('9134')).toEqual({ state: 'typing', remaining: 14 });
    expect(usccEntryState('91340O')).toEqual({ state: 'bad-char', position: 6 });
    expect(usccEntryState('91340600MA2PBM9HX')).toEqual({ state: 'awaiting-check-char' });
    expect(usccEntryState('91340600MA2PBM9H1')).toEqual({ state: 'org-check-failed' });
    expect(usccEntryState('91340600MA2PBM9HXD')).toEqual({ state: 'valid' });
    expect(usccEntryState('91340600MA2PBM9HXE')).toEqual({ state: 'check-char-failed' });
    expect(usccEntryState('91340600MA2PBM9HXDD')).toEqual({ state: 'too-long' });
    expect(usccEntryState('91340600ma2pbm9hxd')).toEqual({ state: 'valid' });
  });

  it('reads what the code itself says', () => {
    expect(usccFacts('91330521DQ0000018A')).toEqual({
      authority: 'market-regulation',
      entity: 'company',
      division: '330521',
      divisionName: '湖州市德清县',
      organizationCode: 'DQ000001-8',
    });
    expect(usccFacts('92330521DQ0000181E')?.entity).toBe('individual-business');
    expect(usccFacts('91110000600037341L')?.divisionName).toBeNull();
    expect(usccFacts('not a code')).toBeNull();
  });
});
