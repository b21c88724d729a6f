import { describe, expect, it } from 'vitest';
import { dueBucket, nextStatuses } from '../../../electron/domain/work-queue';

describe('console rules', () => {
  it('sorts a due date against the center’s today', () => {
    expect(dueBucket('2025-06-13', '2025-06-16')).toBe('overdue');
    expect(dueBucket('2025-06-16', '2025-06-16')).toBe('today');
    expect(dueBucket('2025-06-17', '2025-06-16')).toBe('later');
    expect(dueBucket('2024-12-31', '2025-01-01')).toBe('overdue');
  });

  it('offers steps forward, a return while open, a reopening after a return, nothing once final', () => {
    expect(nextStatuses('submitted')).toEqual([
      'received',
      'accepted',
      'in-progress',
      'completed',
      'returned',
    ]);
    expect(nextStatuses('accepted')).toEqual(['in-progress', 'completed', 'returned']);
    expect(nextStatuses('in-progress')).toEqual(['completed', 'returned']);
    expect(nextStatuses('returned')).toEqual(['received', 'accepted', 'in-progress', 'completed']);
    expect(nextStatuses('completed')).toEqual([]);
    expect(nextStatuses('cancelled')).toEqual([]);
  });
});
