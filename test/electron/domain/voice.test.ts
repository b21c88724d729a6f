// 诉求 categories and their routing over the catalog's real boards, prepared descriptions, the
// typed text's cleaning, and the 好差评 arithmetic (counts, 好评率, weeks).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BOARD_IDS, type BoardId } from '../../../electron/domain/catalog';
import { CENTER_DEPARTMENT } from '../../../electron/domain/departments';
import {
  APPEAL_TEXT_MAX,
  APPEAL_TOPICS,
  appealCategories,
  appealCategory,
  cleanAppealText,
  isLowRating,
  RATING_LEVELS,
  ratingCounts,
  SPECIAL_APPEAL_CATEGORIES,
  weekOf,
  type AppealBoard,
} from '../../../electron/domain/voice';

const seeded = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../../../seeds/boards.json'), 'utf8'),
) as { boards?: AppealBoard[] } | AppealBoard[];
const BOARDS: AppealBoard[] = Array.isArray(seeded) ? seeded : (seeded.boards ?? []);

describe('诉求 categories', () => {
  it('are the catalog’s boards in order, then 拖欠账款, 政策兑现, 审批卡点, 其他', () => {
    const cats = appealCategories(BOARDS);
    expect(BOARDS.map((b) => b.id)).toEqual([...BOARD_IDS]);
    expect(cats.map((c) => c.id)).toEqual([...BOARD_IDS, ...SPECIAL_APPEAL_CATEGORIES]);
    expect(cats.filter((c) => c.group === 'board')).toHaveLength(BOARDS.length);
    expect(cats.slice(-4).map((c) => c.name['zh-CN'])).toEqual([
      '拖欠账款',
      '政策兑现',
      '审批卡点',
      '其他',
    ]);
  });

  it('route each special category to its board and lead departments', () => {
    const route = (id: string) => {
      const c = appealCategory(id, BOARDS);
      return c && { board: c.board, boardName: c.boardName, leads: c.leadDepartments };
    };
    expect(route('arrears')).toEqual({
      board: 'law',
      boardName: '法治服务板块',
      leads: ['县经信局', '县司法局'],
    });
    expect(route('policy-delivery')).toEqual({
      board: 'policy',
      boardName: '政策服务板块',
      leads: ['县企业综合服务中心'],
    });
    expect(route('approval-block')).toEqual({
      board: 'project',
      boardName: '项目服务板块',
      leads: ['县发改局', '县市场监管局'],
    });
    // 其他服务 names no lead department in the document: the center coordinates.
    expect(route('general')).toEqual({
      board: 'other',
      boardName: '其他服务板块',
      leads: [CENTER_DEPARTMENT],
    });
    expect(route('other')?.leads).toEqual([CENTER_DEPARTMENT]);
    expect(route('finance')).toEqual({
      board: 'finance',
      boardName: '金融服务板块',
      leads: ['县金融办'],
    });
    expect(route('nonsense')).toBeNull();
    // A catalog without the board a special category needs: that category is not offered.
    expect(
      appealCategory(
        'arrears',
        BOARDS.filter((b) => b.id !== 'law'),
      ),
    ).toBeNull();
  });

  it('each have a few short prepared descriptions, ids unique across categories', () => {
    const ids = Object.values(APPEAL_TOPICS).flatMap((ts) => ts.map((t) => t.id));
    expect(new Set(ids).size).toBe(ids.length);
    for (const [cat, topics] of Object.entries(APPEAL_TOPICS)) {
      expect(topics.length, cat).toBeGreaterThanOrEqual(2);
      for (const t of topics) {
        expect(t.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
        expect([...t.text['zh-CN']].length, t.id).toBeLessThanOrEqual(20);
        expect(t.text.en.length, t.id).toBeGreaterThan(3);
      }
    }
    const keys = Object.keys(APPEAL_TOPICS).sort();
    expect(keys).toEqual(
      ([...BOARD_IDS, ...SPECIAL_APPEAL_CATEGORIES] as (BoardId | string)[]).sort(),
    );
  });
});

describe('the typed text', () => {
  it('is trimmed, line breaks normalised; empty is none; too long or control characters refused', () => {
    expect(cleanAppealText(null)).toBeNull();
    expect(cleanAppealText('  \n ')).toBeNull();
    expect(cleanAppealText('  货款拖欠半年\r\n\r\n\r\n\r\n请协调  ')).toBe(
      '货款拖欠半年\n\n请协调',
    );
    expect(cleanAppealText('款'.repeat(APPEAL_TEXT_MAX))).toBe('款'.repeat(APPEAL_TEXT_MAX));
    expect(cleanAppealText('款'.repeat(APPEAL_TEXT_MAX + 1))).toEqual({ problem: 'long' });
    // Counted in characters, not UTF-16 units.
    expect(cleanAppealText('𠀀'.repeat(APPEAL_TEXT_MAX))).toBe('𠀀'.repeat(APPEAL_TEXT_MAX));
    expect(cleanAppealText('a\u0007b')).toEqual({ problem: 'control' });
    expect(cleanAppealText('a\u202eb')).toEqual({ problem: 'control' });
  });
});

describe('好差评 arithmetic', () => {
  it('counts levels, the 好评率 (top three) and the mean score', () => {
    expect(ratingCounts({})).toMatchObject({ total: 0, goodShare: null, averageScore: null });
    const c = ratingCounts({ 'very-satisfied': 2, 'basically-satisfied': 1, unsatisfied: 1 });
    expect(c.total).toBe(4);
    expect(c.levels).toEqual({
      'very-satisfied': 2,
      satisfied: 0,
      'basically-satisfied': 1,
      unsatisfied: 1,
      'very-unsatisfied': 0,
    });
    expect(c.goodShare).toBe(0.75);
    expect(c.averageScore).toBe((5 + 5 + 3 + 2) / 4);
    expect(RATING_LEVELS.filter(isLowRating)).toEqual(['unsatisfied', 'very-unsatisfied']);
  });

  it('keys a week by its Monday', () => {
    expect(weekOf('2025-06-11')).toBe('2025-06-09'); // Wednesday
    expect(weekOf('2025-06-15')).toBe('2025-06-09'); // Sunday
    expect(weekOf('2025-06-16')).toBe('2025-06-16'); // Monday
    expect(weekOf('2025-01-01')).toBe('2024-12-30'); // across the year
    expect(weekOf('2024-03-01')).toBe('2024-02-26'); // across a leap February
  });
});
