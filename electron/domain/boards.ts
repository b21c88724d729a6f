// The boards' ids on their own, without the catalog's schemas: the department console (a browser
// build that carries no zod) lists them in its queue filter, and must not drift from the kiosk.

/** The nine boards of 附件1 事项一 (8 common + 其他). */
export const BOARD_IDS = [
  'project',
  'policy',
  'finance',
  'talent',
  'law',
  'innovation',
  'opening',
  'data',
  'other',
] as const;
export type BoardId = (typeof BOARD_IDS)[number];
