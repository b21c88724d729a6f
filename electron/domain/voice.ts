// The enterprise's voice: 诉求一路提 (兜底办) — a problem or need that fits no bundle,
// raised at the kiosk and routed like any request — and 好差评, the five-level rating of every
// service, with a follow-up (回访) item for the center after a low one. Node-free: the renderer
// shows the same categories, topics, levels and reasons the services check.
//
// Where a 诉求 goes: a category is one of the catalog's boards (8+N), routed to that board and its
// lead departments, or one of four special categories the center routes itself:
//   拖欠账款 (arrears)          → 法治服务板块, 县经信局 and 县司法局: 附件3 measure 146 puts clearing
//                                 arrears owed to SMEs under 法治服务 with 县经信局 leading; 县司法局
//                                 leads the board (商事解纷).
//   政策兑现 (policy-delivery)  → 政策服务板块 and its lead (县企业综合服务中心).
//   审批卡点 (approval-block)   → 项目服务板块 and its leads (县发改局, 县市场监管局).
//   其他 (general)              → 其他服务板块; the document names no lead there ("根据服务职责确定
//                                 相关牵头部门"), so the center coordinates it.
import type { LocalizedText } from './app';
import type { BoardId } from './catalog';
import { CENTER_DEPARTMENT } from './departments';
import { VERDICTS, type Verdict } from './sync';

// ---- 诉求 categories and prepared descriptions -------------------------------------------------

export const SPECIAL_APPEAL_CATEGORIES = [
  'arrears',
  'policy-delivery',
  'approval-block',
  'general',
] as const;
export type SpecialAppealCategory = (typeof SPECIAL_APPEAL_CATEGORIES)[number];
export type AppealCategoryId = BoardId | SpecialAppealCategory;

/** The special categories: their names and where they go (null: the board's own leads). */
export const SPECIAL_APPEAL_ROUTING: Readonly<
  Record<
    SpecialAppealCategory,
    { name: LocalizedText; board: BoardId; leadDepartments: readonly string[] | null }
  >
> = {
  arrears: {
    name: { 'zh-CN': '拖欠账款', en: 'Overdue payments owed to us' },
    board: 'law',
    leadDepartments: ['县经信局', '县司法局'],
  },
  'policy-delivery': {
    name: { 'zh-CN': '政策兑现', en: 'Policy benefits not delivered' },
    board: 'policy',
    leadDepartments: null,
  },
  'approval-block': {
    name: { 'zh-CN': '审批卡点', en: 'An approval is stuck' },
    board: 'project',
    leadDepartments: null,
  },
  general: {
    name: { 'zh-CN': '其他', en: 'Something else' },
    board: 'other',
    leadDepartments: null,
  },
};

export interface AppealTopic {
  /** Stable slug, sent with the 诉求. */
  id: string;
  text: LocalizedText;
}

const topic = (id: string, zh: string, en: string): AppealTopic => ({
  id,
  text: { 'zh-CN': zh, en },
});

/** Short prepared descriptions per category: one tap instead of typing. */
export const APPEAL_TOPICS: Readonly<Record<AppealCategoryId, readonly AppealTopic[]>> = {
  project: [
    topic('project-slow', '项目审批进度慢', 'A project approval is slow'),
    topic('project-land', '项目用地、规划问题', 'Land use or planning problem'),
    topic('project-build', '施工许可、竣工验收问题', 'Construction permit or acceptance problem'),
  ],
  policy: [
    topic('policy-which', '不清楚能享受哪些政策', 'Not sure which policies apply to us'),
    topic('policy-apply', '政策申报遇到困难', 'Difficulty applying for a policy'),
    topic('policy-explain', '希望获得政策解读', 'We would like a policy explained'),
  ],
  finance: [
    topic('finance-loan', '融资贷款难', 'Hard to get a loan'),
    topic('finance-guarantee', '担保、转贷问题', 'Guarantee or bridge-loan problem'),
    topic('finance-equity', '上市、股权融资需求', 'Listing or equity financing'),
  ],
  talent: [
    topic('talent-hiring', '招工难、用工需求', 'Hard to hire staff'),
    topic('talent-benefits', '人才认定与待遇落实', 'Talent recognition or benefits'),
    topic('talent-housing', '人才住房、子女入学问题', 'Housing or schooling for staff'),
  ],
  law: [
    topic('law-contract', '合同纠纷需要法律帮助', 'A contract dispute: legal help needed'),
    topic('law-ip', '知识产权被侵犯', 'Our intellectual property is infringed'),
    topic('law-inspection', '涉企执法检查问题', 'A problem with an enforcement inspection'),
  ],
  innovation: [
    topic('innovation-project', '科技项目申报', 'Applying for a science and technology project'),
    topic('innovation-hightech', '高新技术企业认定', 'High-tech enterprise recognition'),
    topic('innovation-transfer', '科技成果转化', 'Turning research results into products'),
  ],
  opening: [
    topic('opening-export', '外贸出口问题', 'An export trade problem'),
    topic('opening-foreign', '外资企业服务需求', 'A need of a foreign-invested enterprise'),
    topic('opening-customs', '通关、跨境物流问题', 'Customs or cross-border logistics'),
  ],
  data: [
    topic('data-sharing', '数据开放、共享需求', 'Access to or sharing of public data'),
    topic('data-wrong', '企业信息有误需更正', 'Our enterprise information is wrong'),
    topic('data-online', '线上平台使用问题', 'A problem using the online platform'),
  ],
  other: [
    topic('other-utilities', '水电气网等公用服务问题', 'Water, power, gas or network service'),
    topic('other-logistics', '物流、能源保障问题', 'Logistics or energy supply'),
    topic('other-operations', '其他生产经营困难', 'Another operating difficulty'),
  ],
  arrears: [
    topic('arrears-public', '政府部门或国有企业拖欠账款', 'A public body or state firm owes us'),
    topic('arrears-large', '大型企业拖欠中小企业账款', 'A large company owes us money'),
    topic('arrears-works', '工程款、货款长期未结', 'Works or goods long unpaid'),
  ],
  'policy-delivery': [
    topic('delivery-funds', '奖补资金未按时兑现', 'A subsidy was not paid on time'),
    topic('delivery-steps', '兑现流程繁琐、材料多', 'Too many steps or documents to get a benefit'),
    topic('delivery-promise', '承诺的政策未落实', 'A promised policy was not carried out'),
  ],
  'approval-block': [
    topic('block-slow', '审批时间过长', 'An approval takes too long'),
    topic('block-materials', '材料要求反复、不明确', 'Document requirements change or are unclear'),
    topic('block-shuffle', '部门之间互相推诿', 'Departments pass the matter between them'),
  ],
  general: [
    topic('general-suggestion', '意见建议', 'A suggestion'),
    topic('general-complaint', '服务投诉', 'A complaint about a service'),
    topic('general-other', '其他问题', 'Something else'),
  ],
};

/** The typed description: short (the OS pinyin input method on a touch screen), no photos. */
export const APPEAL_TEXT_MAX = 200;

/** What a board looks like to the routing (the catalog's BoardSummary has these fields). */
export interface AppealBoard {
  id: BoardId;
  name: string;
  fullName: string;
  en: string;
  leadDepartments: readonly string[];
}

export interface AppealCategoryView {
  id: AppealCategoryId;
  /** `board`: one of the catalog's boards; `special`: a category the center routes itself. */
  group: 'board' | 'special';
  name: LocalizedText;
  board: BoardId;
  boardName: string;
  /** Never empty: a board without a named lead is coordinated by the center. */
  leadDepartments: string[];
  topics: AppealTopic[];
}

/** Where a category goes, with the catalog's boards; null for an unknown category. */
export function appealCategory(
  id: string,
  boards: readonly AppealBoard[],
): AppealCategoryView | null {
  const special = (SPECIAL_APPEAL_CATEGORIES as readonly string[]).includes(id)
    ? SPECIAL_APPEAL_ROUTING[id as SpecialAppealCategory]
    : null;
  const board = boards.find((b) => b.id === (special ? special.board : id));
  if (!board) return null;
  const leads = special?.leadDepartments ?? board.leadDepartments;
  return {
    id: id as AppealCategoryId,
    group: special ? 'special' : 'board',
    name: special ? special.name : { 'zh-CN': board.name, en: board.en },
    board: board.id,
    boardName: board.fullName,
    leadDepartments: leads.length ? [...leads] : [CENTER_DEPARTMENT],
    topics: [...(APPEAL_TOPICS[id as AppealCategoryId] ?? [])],
  };
}

/** Every category: the catalog's boards in their order, then the special ones. */
export function appealCategories(boards: readonly AppealBoard[]): AppealCategoryView[] {
  return [...boards.map((b) => b.id), ...SPECIAL_APPEAL_CATEGORIES]
    .map((id) => appealCategory(id, boards))
    .filter((c): c is AppealCategoryView => c !== null);
}

/** A 诉求's title on the receipt and in lists, e.g. 诉求（兜底办）：拖欠账款. */
export function appealTitle(categoryName: string): string {
  return `诉求（兜底办）：${categoryName}`;
}

/** The mark every 诉求 carries: the center's 兜底办 mechanism takes what fits nowhere else. */
export const FALLBACK_MARK = '兜底办';

const CONTROL =
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/;

/**
 * A typed description as stored: line breaks normalised, ends trimmed, at most two line breaks in
 * a row. Null when empty; `{ problem }` when too long or carrying control characters.
 */
export function cleanAppealText(
  raw: string | null,
): string | null | { problem: 'long' | 'control' } {
  if (raw === null) return null;
  const text = raw
    .replace(/\r\n?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (text === '') return null;
  if (CONTROL.test(text)) return { problem: 'control' };
  if ([...text].length > APPEAL_TEXT_MAX) return { problem: 'long' };
  return text;
}

// ---- 好差评 ---------------------------------------------------------------------------------------

/** The five levels, best first (the same scale as the back office's 回访 verdict). */
export const RATING_LEVELS = VERDICTS;
export type RatingLevel = Verdict;

/** 不满意 and 非常不满意: reasons may be ticked, and the center opens a follow-up item. */
export const LOW_RATING_LEVELS: readonly RatingLevel[] = ['unsatisfied', 'very-unsatisfied'];

export function isLowRating(level: RatingLevel): boolean {
  return LOW_RATING_LEVELS.includes(level);
}

/** 非常满意 5 … 非常不满意 1. */
export const RATING_SCORE: Readonly<Record<RatingLevel, number>> = {
  'very-satisfied': 5,
  satisfied: 4,
  'basically-satisfied': 3,
  unsatisfied: 2,
  'very-unsatisfied': 1,
};

/** Reasons a low rating may tick: 态度, 效率, 材料要求, 政策不清, 其他. */
export const RATING_REASONS = [
  'attitude',
  'efficiency',
  'materials',
  'policy-unclear',
  'other',
] as const;
export type RatingReason = (typeof RATING_REASONS)[number];

/**
 * When a rating is asked for: right after a submission (the receipt screen), and when tracking
 * shows a completed ticket. One rating per ticket per occasion: the completion rating judges the
 * handling, which the submission rating could not yet know.
 */
export const RATING_OCCASIONS = ['submission', 'completion'] as const;
export type RatingOccasion = (typeof RATING_OCCASIONS)[number];

export interface RatingPrompt {
  ticket: string;
  occasion: RatingOccasion;
  /** Whether the screen should offer the rating now. */
  open: boolean;
  /**
   * Why not: already rated on this occasion; (completion) the ticket is not completed, or this
   * session has not shown the receipt's tracking code.
   */
  reason: 'open' | 'rated' | 'not-completed' | 'no-receipt';
}

export interface RatingOutcome {
  id: string;
  ticket: string;
  occasion: RatingOccasion;
  level: RatingLevel;
  /** A low rating opened a follow-up item for the center. */
  followUp: boolean;
}

export interface RatingCounts {
  total: number;
  levels: Record<RatingLevel, number>;
  /** 好评率: 非常满意 + 满意 + 基本满意 over all; null with no ratings. */
  goodShare: number | null;
  /** Mean of the scores (5 … 1); null with no ratings. */
  averageScore: number | null;
}

export interface RatingGroupRow extends RatingCounts {
  /** Bundle id (or `consultation` / `appeal` for the other kinds), board id, or week (Monday). */
  key: string;
  /** The catalog's name (bundle, board); null where the screen words it (kinds, weeks). */
  label: string | null;
}

export interface RatingSummary {
  /** Ratings from this instant on; null: all stored. */
  since: string | null;
  overall: RatingCounts;
  byBundle: RatingGroupRow[];
  byBoard: RatingGroupRow[];
  /** Newest week first; a week is keyed by its Monday (the center's local date). */
  byWeek: RatingGroupRow[];
  reasons: Record<RatingReason, number>;
  openFollowUps: number;
}

export function emptyLevels(): Record<RatingLevel, number> {
  return Object.fromEntries(RATING_LEVELS.map((l) => [l, 0])) as Record<RatingLevel, number>;
}

/** Counts per level → totals, 好评率 and mean score. */
export function ratingCounts(levels: Readonly<Partial<Record<RatingLevel, number>>>): RatingCounts {
  const all = emptyLevels();
  for (const l of RATING_LEVELS) all[l] = levels[l] ?? 0;
  const total = RATING_LEVELS.reduce((n, l) => n + all[l], 0);
  const good = all['very-satisfied'] + all.satisfied + all['basically-satisfied'];
  const score = RATING_LEVELS.reduce((n, l) => n + all[l] * RATING_SCORE[l], 0);
  return {
    total,
    levels: all,
    goodShare: total ? good / total : null,
    averageScore: total ? score / total : null,
  };
}

/** The Monday (YYYY-MM-DD) of the week a local date falls in (ISO weeks start on Monday). */
export function weekOf(ymd: string): string {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  const t = Date.UTC(y, m - 1, d);
  const weekday = (new Date(t).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return new Date(t - weekday * 86_400_000).toISOString().slice(0, 10);
}

// ---- follow-up items (回访待办) ---------------------------------------------------------------------

export interface FollowUpView {
  id: string;
  ticket: string;
  title: string;
  boardName: string;
  occasion: RatingOccasion;
  level: RatingLevel;
  reasons: RatingReason[];
  openedAt: string;
  state: 'open' | 'closed';
  closedAt: string | null;
  closedBy: string | null;
  note: string | null;
  /** The enterprise's verdict when staff called back, if they recorded one. */
  verdict: RatingLevel | null;
  enterpriseName: string | null;
  /** Masked; staff reveal the whole number with a separate, audited call. */
  phoneMasked: string | null;
}
