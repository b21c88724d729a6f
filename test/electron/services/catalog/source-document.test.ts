import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIXTURE, SHARED_ORIGINAL } from './source-document';

describe('the source document copy', () => {
  it('is identical to the shared original where that is present', () => {
    if (!fs.existsSync(SHARED_ORIGINAL)) {
      console.log(
        `note: ${SHARED_ORIGINAL} is not present here; the committed copy in test/fixtures is used as is`,
      );
      return;
    }
    expect(fs.readFileSync(FIXTURE).equals(fs.readFileSync(SHARED_ORIGINAL))).toBe(true);
  });
});
