// The service catalog: what seeds/*.json hold (schemas), and the views the renderer receives.
// Node-free: the renderer imports the types and the highlight helpers from here.
//
// Document text stays Chinese and verbatim (the source is 附件1/3/5/6/7 of Deqing's plan); what the
// kiosk adds on its own (questions, routing, feedback time) sits under `guidance` with
// `source: 'center-config'`, so it can never be mistaken for the document's words.
import { z } from 'zod';
import { BOARD_IDS, type BoardId } from './boards';
import {
  BundleFacetsSchema,
  MeasureFacetsSchema,
  StationFacetsSchema,
  type BundleFacets,
} from './facets';

export { BOARD_IDS, type BoardId };

/** The World Bank's B-READY topics (English, as the World Bank names them). */
export const BREADY_TOPICS = [
  'Business Entry',
  'Business Location',
  'Utility Services',
  'Labor',
  'Financial Services',
  'International Trade',
  'Taxation',
  'Dispute Resolution',
  'Market Competition',
  'Business Insolvency',
] as const;
export type BreadyTopic = (typeof BREADY_TOPICS)[number];

/** The seed files, in the order they are validated and hashed. */
export const CATALOG_FILES = [
  'catalog.json',
  'boards.json',
  'measures.json',
  'bundles.json',
  'stations.json',
] as const;
export type CatalogFileName = (typeof CATALOG_FILES)[number];

const text = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((s) => s === s.trim(), 'must not start or end with spaces');
const slug = z
  .string()
  .max(60)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-case ASCII words joined by "-"');
const bilingual = z.strictObject({ 'zh-CN': text(200), en: text(300) });

export const CatalogManifestSchema = z.strictObject({
  /** Human version, e.g. "1.0.0"; shown with the content hash. */
  version: text(40),
  title: text(80),
  source: z.strictObject({
    document: text(200),
    file: text(200),
    parts: z.array(text(80)).max(20),
  }),
});

export const BoardSchema = z.strictObject({
  id: z.enum(BOARD_IDS),
  /** As 附件3's board column writes it, e.g. 政策服务. */
  name: text(10),
  /** As 附件1 事项一 writes it, e.g. 政策服务板块. */
  fullName: text(20),
  en: text(80),
  leadDepartments: z.array(text(40)).max(10),
  /** When the document names no lead department, what it says instead. */
  leadNote: text(200).optional(),
  /** 附件1 事项一's paragraph for the board, verbatim. */
  description: text(3000),
  modules: z.array(z.strictObject({ name: text(40), description: text(2000) })).max(10),
  /** The 重点工作 附件1 puts in the board, verbatim; `keyWork` is its number among the 32, if any. */
  keyWorks: z
    .array(
      z.strictObject({
        text: text(80),
        keyWork: z.number().int().min(1).max(99).nullable(),
        note: text(400).optional(),
      }),
    )
    .max(20),
});

export const TaskSchema = z.strictObject({
  no: z.number().int().min(1).max(20),
  numeral: text(4),
  /** Canonical name, e.g. 信心增预期. */
  name: text(20),
  /** Other spellings the document uses for the same task (garbled page-top copies). */
  variants: z.array(text(40)).max(10),
});

export const KeyWorkSchema = z.strictObject({
  no: z.number().int().min(1).max(99),
  numeral: text(6),
  name: text(60),
  task: text(20),
  variants: z.array(text(60)).max(10),
});

export const MeasureSchema = z.strictObject({
  no: z.number().int().min(1).max(999),
  task: text(20),
  keyWork: z.number().int().min(1).max(99),
  text: text(1000),
  leadDepartment: text(60),
  /** 落实类型: 上级政策宣贯 ticked. */
  policyPublicity: z.boolean(),
  /** 落实类型: 地方细化落实 ticked. */
  localImplementation: z.boolean(),
  serviceMode: text(400).nullable(),
  /** null where the document's board column reads "/". */
  board: z.enum(BOARD_IDS).nullable(),
  /** How a garbled or shifted cell was resolved. */
  note: text(1000).optional(),
  /** Eligibility facets: the kiosk's analysis of the words above (domain/facets.ts). */
  facets: MeasureFacetsSchema,
});

export const MeasuresFileSchema = z.strictObject({
  tasks: z.array(TaskSchema).min(1).max(20),
  keyWorks: z.array(KeyWorkSchema).min(1).max(99),
  measures: z.array(MeasureSchema).min(1).max(999),
});

export const QuestionSchema = z.strictObject({
  id: slug,
  text: bilingual,
  /** What a "yes" adds to the checklist; `listed` names the bundle list it comes from, if any. */
  yesAdds: z
    .array(
      z.strictObject({
        name: text(400),
        basis: text(300),
        listed: z.enum(['basicServices', 'valueAddedServices']).optional(),
      }),
    )
    .min(1)
    .max(10),
});

export const RoutingSchema = z.strictObject({
  board: z.enum(BOARD_IDS),
  module: text(40).nullable(),
  leadDepartments: z.array(text(40)).max(10),
  station: slug.nullable(),
  /** Which parts of the document the routing is derived from. */
  basis: text(600),
});

export const GuidanceSchema = z.strictObject({
  /** Marks everything below as the center's own setting, not the document's words. */
  source: z.literal('center-config'),
  routing: RoutingSchema,
  questions: z.array(QuestionSchema).max(20),
  /**
   * The center's promised feedback time in working days; null = the center default
   * (config `catalog.feedbackDays`). A service promise, never a statutory limit.
   */
  feedbackDays: z.number().int().min(1).max(60).nullable(),
});

export const BundleModelSchema = z.strictObject({
  source: text(80),
  /** The document's sentence, verbatim. */
  summary: text(600),
  parts: z
    .array(
      z.strictObject({
        letter: z.string().length(1),
        what: text(80),
        en: text(200),
        basicServices: z.array(text(400)).max(20),
        valueAddedServices: z.array(text(1000)).max(20),
        /** Only part of the package when this question is answered "yes". */
        whenQuestion: slug.optional(),
      }),
    )
    .min(1)
    .max(12),
});

const DAY = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'YYYY-MM-DD');

/**
 * A basic service's 办事指南, as the department publishes it (浙江政务服务网 or the department's
 * own notice): never written by the kiosk. Each part is optional; a guide names its source and
 * when it was checked against it. Carried into the kiosks by signed content bundles.
 */
export const ServiceGuideSchema = z
  .strictObject({
    /** 办理材料: what to bring. */
    materials: z.array(text(400)).min(1).max(60).optional(),
    /** 申请条件. */
    conditions: z.array(text(600)).min(1).max(30).optional(),
    /** 办理流程, in order. */
    steps: z.array(text(400)).min(1).max(30).optional(),
    /** 法定时限, as the guide words it (e.g. "20个工作日"). */
    statutoryLimit: text(200).optional(),
    /** 承诺时限, as the guide words it. */
    promisedLimit: text(200).optional(),
    /** 收费 (e.g. "不收费"). */
    fees: text(300).optional(),
    /** 办理地点. */
    place: text(300).optional(),
    /** 窗口. */
    window: text(200).optional(),
    /** Where the text comes from (publisher, item code or URL). */
    source: text(300),
    /** When it was last checked against its source. */
    checkedOn: DAY,
  })
  .refine(
    (g) =>
      [
        g.materials,
        g.conditions,
        g.steps,
        g.statutoryLimit,
        g.promisedLimit,
        g.fees,
        g.place,
        g.window,
      ].some((v) => v !== undefined),
    'a guide gives at least one of materials, conditions, steps, limits, fees, place, window',
  );
export type ServiceGuide = z.infer<typeof ServiceGuideSchema>;

export const BundleSchema = z.strictObject({
  id: slug,
  /** The document's name without quotes and without the suffix 一类事. */
  name: text(40),
  kind: z.enum(['common', 'featured']),
  /** 附件5's 世行指标 (common bundles); null for featured ones. */
  indicator: text(20).nullable(),
  breadyTopic: z.enum(BREADY_TOPICS).nullable(),
  basicServices: z.array(text(400)).min(1).max(60),
  valueAddedServices: z.array(text(1000)).max(60),
  model: BundleModelSchema.optional(),
  /** How the transcription resolved merged, shifted or odd cells. */
  notes: z.array(text(600)).max(10).optional(),
  guidance: GuidanceSchema,
  /** Who the bundle is for and when: the kiosk's analysis of its words (domain/facets.ts). */
  facets: BundleFacetsSchema.optional(),
  /** 办事指南 by basic service (its exact name in `basicServices`); none are built in. */
  guides: z.record(text(400), ServiceGuideSchema).optional(),
});

export const StationSchema = z.strictObject({
  id: slug,
  name: text(60),
  source: text(120),
  services: z
    .array(
      z.strictObject({
        no: z.number().int().min(1).max(999),
        type: text(40),
        category: text(40),
        name: text(200),
        note: text(400).optional(),
        /** Eligibility facets: the kiosk's analysis of its words (domain/facets.ts). */
        facets: StationFacetsSchema,
      }),
    )
    .min(1)
    .max(999),
});

/** One schema per seed file. */
export const CATALOG_FILE_SCHEMAS = {
  'catalog.json': CatalogManifestSchema,
  'boards.json': z.array(BoardSchema).min(1).max(BOARD_IDS.length),
  'measures.json': MeasuresFileSchema,
  'bundles.json': z.array(BundleSchema).min(1).max(200),
  'stations.json': z.array(StationSchema).max(50),
} as const satisfies Record<CatalogFileName, z.ZodType>;

export type CatalogManifest = z.infer<typeof CatalogManifestSchema>;
export type Board = z.infer<typeof BoardSchema>;
export type Task = z.infer<typeof TaskSchema>;
export type KeyWork = z.infer<typeof KeyWorkSchema>;
export type Measure = z.infer<typeof MeasureSchema>;
export type Question = z.infer<typeof QuestionSchema>;
export type Bundle = z.infer<typeof BundleSchema>;
export type Station = z.infer<typeof StationSchema>;
export type StationService = Station['services'][number];

/** A validated catalog, whole. */
export interface Catalog {
  manifest: CatalogManifest;
  boards: Board[];
  tasks: Task[];
  keyWorks: KeyWork[];
  measures: Measure[];
  bundles: Bundle[];
  stations: Station[];
}

// ---- What the renderer receives ----

export interface CatalogCounts {
  bundles: number;
  commonBundles: number;
  featuredBundles: number;
  basicServices: number;
  valueAddedServices: number;
  measures: number;
  tasks: number;
  keyWorks: number;
  boards: number;
  stations: number;
  stationServices: number;
}

export interface CatalogInfo {
  version: string;
  /** sha256 of the validated content, hex. */
  hash: string;
  /** The first 12 hex digits, for screens and receipts. */
  shortHash: string;
  source: 'built-in' | 'content' | 'override';
  /** Why an override in the data directory was refused (the built-in catalog is in use). */
  overrideRefused: string | null;
  title: string;
  counts: CatalogCounts;
}

export interface BundleSummary {
  id: string;
  name: string;
  kind: Bundle['kind'];
  indicator: string | null;
  breadyTopic: BreadyTopic | null;
  board: BoardId;
  basicCount: number;
  valueAddedCount: number;
  /** Who it is for and when (the menu's recommendations read these); null without. */
  facets: BundleFacets | null;
}

/** A bundle as the lists show it. */
export function bundleSummary(b: Bundle): BundleSummary {
  return {
    id: b.id,
    name: b.name,
    kind: b.kind,
    indicator: b.indicator,
    breadyTopic: b.breadyTopic,
    board: b.guidance.routing.board,
    basicCount: b.basicServices.length,
    valueAddedCount: b.valueAddedServices.length,
    facets: b.facets ?? null,
  };
}

export interface BundleGroup {
  /** A B-READY topic, `featured`, or a board id. */
  key: string;
  /** Chinese heading from the data (世行指标 or board name); null for the featured group. */
  title: string | null;
  /** English heading from the data (B-READY topic or board's English name); null for featured. */
  titleEn: string | null;
  bundles: BundleSummary[];
}

export interface BoardSummary {
  id: BoardId;
  name: string;
  fullName: string;
  en: string;
  leadDepartments: string[];
  leadNote: string | null;
  measureCount: number;
  bundleCount: number;
}

export interface BoardDetail extends BoardSummary {
  description: string;
  modules: Board['modules'];
  keyWorks: Board['keyWorks'];
}

export interface BundleDetail extends Bundle {
  board: BoardSummary;
  /** The feedback time that applies: the bundle's own, else the center default. */
  feedbackDays: number;
  feedbackDaysFrom: 'bundle' | 'center-default';
}

export interface KeyWorkOverview {
  no: number;
  numeral: string;
  name: string;
  measureCount: number;
}

export interface TaskOverview {
  no: number;
  numeral: string;
  name: string;
  measureCount: number;
  keyWorks: KeyWorkOverview[];
}

export interface MeasureView extends Measure {
  keyWorkNumeral: string;
  keyWorkName: string;
  boardName: string | null;
}

export interface StationView {
  id: string;
  name: string;
  source: string;
  count: number;
  types: { type: string; categories: { category: string; services: StationService[] }[] }[];
}

export interface StationSummary {
  id: string;
  name: string;
  count: number;
}

/** [start, end) in UTF-16 code units of the string it belongs to. */
export type MatchRange = readonly [number, number];

export type SearchHitKind = 'bundle' | 'board' | 'service' | 'station' | 'measure';

export interface SearchHit {
  kind: SearchHitKind;
  /** Unique within one result list. */
  key: string;
  /** Where tapping the hit leads. */
  target: {
    bundleId?: string;
    boardId?: BoardId;
    measureNo?: number;
    keyWork?: number;
    stationId?: string;
    stationServiceNo?: number;
  };
  /** The entry's name (null for measures, which have only text). */
  title: string | null;
  titleRanges: MatchRange[];
  /** A window of the entry's text around the first match, when the text matched. */
  snippet: string | null;
  snippetRanges: MatchRange[];
  /** Where the entry sits, from the data (e.g. 企业开办 · 基本服务事项). */
  context: string;
  /** Whether the name or only the text matched (name hits rank first). */
  field: 'name' | 'text';
  matchedBy: 'characters' | 'pinyin';
}

export interface SearchResult {
  query: string;
  total: number;
  hits: SearchHit[];
}

// ---- Pure helpers the renderer uses ----

export interface TextSegment {
  text: string;
  mark: boolean;
}

/** Splits `text` into plain and marked segments; ranges may overlap or be out of order. */
export function highlightSegments(text: string, ranges: readonly MatchRange[]): TextSegment[] {
  const clean = ranges
    .map(([a, b]) => [Math.max(0, Math.min(a, text.length)), Math.max(0, Math.min(b, text.length))])
    .filter(([a, b]) => (b as number) > (a as number))
    .sort((x, y) => (x[0] as number) - (y[0] as number)) as [number, number][];
  const merged: [number, number][] = [];
  for (const r of clean) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  const out: TextSegment[] = [];
  let pos = 0;
  for (const [a, b] of merged) {
    if (a > pos) out.push({ text: text.slice(pos, a), mark: false });
    out.push({ text: text.slice(a, b), mark: true });
    pos = b;
  }
  if (pos < text.length || out.length === 0) out.push({ text: text.slice(pos), mark: false });
  return out;
}
