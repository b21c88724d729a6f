// Eligibility facets: who a measure or a station service is for, at which stage of a business's
// life, and how it is enjoyed — derived by the kiosk from the document's words and stored beside
// them in seeds/ under `facets` with `source: 'kiosk-analysis'`, never mixed into the document's
// own fields. Every facet carries `basis`: the exact words of the record that justify it (checked
// at load: electron/services/catalog/validate.ts), and `in`: which field of the record they are in.
// Node-free: the renderer imports the vocabulary from here.
import { z } from 'zod';

/** Who a measure is for. Labels and reasons: TARGETS below. */
export const TARGET_IDS = [
  'sme',
  'small-micro',
  'individual',
  'listing',
  'tech',
  'high-tech',
  'specialized',
  'trade',
  'platform',
  'homestay',
  'geo',
  'iov',
  'talent',
  'manufacturing',
  'startup',
  'biomedicine',
  'food-retail',
] as const;
export type TargetId = (typeof TARGET_IDS)[number];

/** The stages of a business's life: 开办, 建设, 经营, 扩张, 退出. */
export const STAGE_IDS = ['opening', 'construction', 'operation', 'expansion', 'exit'] as const;
export type StageId = (typeof STAGE_IDS)[number];

/**
 * How an enterprise comes to enjoy an offered measure:
 *   no-application  免申即享 — enjoyed without applying (the text says so, or it is a cut in a
 *                   statutory rate applied to every payer);
 *   application     the enterprise applies, declares, registers or is selected on application;
 *   service         advice, guidance, training, events or publicity the enterprise asks for or joins.
 */
export const DELIVERY_IDS = ['no-application', 'application', 'service'] as const;
export type DeliveryId = (typeof DELIVERY_IDS)[number];

/**
 * Why a record is not offered to enterprises:
 *   internal     the government's own work (inspections of departments, 干部考核, 审计, coordination,
 *                cleaning up rules, statistics, building the center and its platforms);
 *   enforcement  supervision and enforcement over the market, nothing to ask for;
 *   other-party  addressed to other parties (financial institutions, state-owned groups, agencies).
 */
export const NOT_OFFERED_KINDS = ['internal', 'enforcement', 'other-party'] as const;
export type NotOfferedKind = (typeof NOT_OFFERED_KINDS)[number];

export interface Bilingual {
  zh: string;
  en: string;
}

/** Labels of the vocabulary, both languages. */
export const TARGETS: Record<TargetId, Bilingual> = {
  sme: { zh: '中小微企业', en: 'Small and medium-sized enterprises' },
  'small-micro': { zh: '小微企业', en: 'Small and micro enterprises' },
  individual: { zh: '个体工商户', en: 'Individual businesses' },
  listing: { zh: '上市/拟上市企业', en: 'Listed companies and listing candidates' },
  tech: { zh: '科技型企业', en: 'Technology enterprises' },
  'high-tech': { zh: '高新技术企业', en: 'High-tech enterprises' },
  specialized: { zh: '专精特新企业', en: 'Specialised and innovative (专精特新) enterprises' },
  trade: { zh: '外贸/参展企业', en: 'Foreign trade and trade fairs' },
  platform: { zh: '平台企业', en: 'Platform enterprises' },
  homestay: { zh: '民宿', en: 'Homestays (民宿)' },
  geo: { zh: '地理信息', en: 'Geographic information' },
  iov: { zh: '车联网', en: 'Connected vehicles (车联网)' },
  talent: { zh: '高层次人才', en: 'High-level talent' },
  manufacturing: { zh: '制造业', en: 'Manufacturing' },
  startup: { zh: '初创企业', en: 'Start-ups' },
  biomedicine: { zh: '生物医药', en: 'Biomedicine' },
  'food-retail': { zh: '餐饮、住宿、零售和食品经营', en: 'Catering, lodging, retail and food' },
};

export const STAGES: Record<StageId, Bilingual> = {
  opening: { zh: '开办', en: 'Starting up' },
  construction: { zh: '建设', en: 'Building' },
  operation: { zh: '经营', en: 'Operating' },
  expansion: { zh: '扩张', en: 'Growing' },
  exit: { zh: '退出', en: 'Closing down' },
};

export const DELIVERIES: Record<DeliveryId, Bilingual> = {
  'no-application': { zh: '免申即享', en: 'Enjoyed without applying' },
  application: { zh: '需申请办理', en: 'Apply to receive it' },
  service: { zh: '咨询或参加', en: 'Ask or take part' },
};

export const NOT_OFFERED: Record<NotOfferedKind, Bilingual> = {
  internal: { zh: '政府内部工作', en: "The government's own work" },
  enforcement: { zh: '监管执法工作', en: 'Supervision and enforcement' },
  'other-party': { zh: '面向其他机构', en: 'Addressed to other bodies' },
};

/** The source marker of every facet block: the kiosk's analysis, not the document's words. */
export const FACET_SOURCE = 'kiosk-analysis' as const;

/** Fields of a measure whose words may justify a facet. */
export const MEASURE_FACET_FIELDS = ['text', 'keyWork', 'serviceMode'] as const;
/** Fields of a station service whose words may justify a facet. */
export const STATION_FACET_FIELDS = ['name', 'category', 'type'] as const;
/** Fields of a bundle whose words may justify a facet. */
export const BUNDLE_FACET_FIELDS = ['name', 'basicServices', 'valueAddedServices'] as const;

const basis = z
  .string()
  .min(1)
  .max(120)
  .refine((s) => s === s.trim(), 'must not start or end with spaces');

function facetOf<
  I extends readonly [string, ...string[]],
  F extends readonly [string, ...string[]],
>(ids: I, fields: F) {
  return z.strictObject({
    id: z.enum(ids),
    /** The exact words of the record that justify the facet. */
    basis,
    /** The field they are in; the record's main text when absent. */
    in: z.enum(fields).optional(),
  });
}

function offeredFacets<F extends readonly [string, ...string[]]>(fields: F) {
  return z
    .strictObject({
      source: z.literal(FACET_SOURCE),
      offered: z.boolean(),
      /** Only when not offered: why, with the words that show it. */
      notOffered: z
        .strictObject({
          kind: z.enum(NOT_OFFERED_KINDS),
          basis,
          in: z.enum(fields).optional(),
        })
        .optional(),
      /** Empty: open to every enterprise. */
      targets: z.array(facetOf(TARGET_IDS, fields)).max(10),
      /** 'any' (default): one matching target is enough; 'all': every target must match. */
      targetMatch: z.enum(['any', 'all']).optional(),
      /** Empty: any stage. */
      stages: z.array(facetOf(STAGE_IDS, fields)).max(5),
      /** null exactly when not offered. */
      delivery: facetOf(DELIVERY_IDS, fields).nullable(),
      /** Why a borderline call went the way it did. */
      note: z.string().min(1).max(600).optional(),
    })
    .superRefine((f, ctx) => {
      if (f.offered) {
        if (f.notOffered)
          ctx.addIssue({ code: 'custom', path: ['notOffered'], message: 'only when not offered' });
        if (!f.delivery)
          ctx.addIssue({
            code: 'custom',
            path: ['delivery'],
            message: 'an offered record says how',
          });
      } else {
        if (!f.notOffered)
          ctx.addIssue({
            code: 'custom',
            path: ['notOffered'],
            message: 'say why it is not offered',
          });
        if (f.delivery)
          ctx.addIssue({
            code: 'custom',
            path: ['delivery'],
            message: 'must be null when not offered',
          });
        if (f.targets.length || f.stages.length)
          ctx.addIssue({
            code: 'custom',
            path: ['targets'],
            message: 'no targets when not offered',
          });
      }
      const ids = f.targets.map((t) => t.id);
      if (new Set(ids).size !== ids.length)
        ctx.addIssue({ code: 'custom', path: ['targets'], message: 'a target is listed twice' });
      const stages = f.stages.map((t) => t.id);
      if (new Set(stages).size !== stages.length)
        ctx.addIssue({ code: 'custom', path: ['stages'], message: 'a stage is listed twice' });
    });
}

export const MeasureFacetsSchema = offeredFacets(MEASURE_FACET_FIELDS);
export const StationFacetsSchema = offeredFacets(STATION_FACET_FIELDS);
/**
 * Bundles are whole packages of services: who they are for and when, nothing else. `targets`
 * restrict the bundle (地信+ is for 地理信息 firms); `alsoFor` names whom one of its services, or
 * the bundle's work, commonly serves without restricting it (企业开办's 个体工商户转企业): the
 * menu offers the bundle first to them, 政策找企业 does not list it as theirs.
 */
export const BundleFacetsSchema = z
  .strictObject({
    source: z.literal(FACET_SOURCE),
    targets: z.array(facetOf(TARGET_IDS, BUNDLE_FACET_FIELDS)).max(10),
    stages: z.array(facetOf(STAGE_IDS, BUNDLE_FACET_FIELDS)).max(5),
    alsoFor: z.array(facetOf(TARGET_IDS, BUNDLE_FACET_FIELDS)).max(10).optional(),
  })
  .superRefine((f, ctx) => {
    const ids = (f.alsoFor ?? []).map((t) => t.id);
    if (new Set(ids).size !== ids.length)
      ctx.addIssue({ code: 'custom', path: ['alsoFor'], message: 'a target is listed twice' });
  });

export type MeasureFacets = z.infer<typeof MeasureFacetsSchema>;
export type StationFacets = z.infer<typeof StationFacetsSchema>;
export type BundleFacets = z.infer<typeof BundleFacetsSchema>;
export type Facet<I extends string = string> = { id: I; basis: string; in?: string };

/** Every justifying phrase of a facet block, with where it sits (for validation and tests). */
export function facetPhrases(
  f: MeasureFacets | StationFacets | BundleFacets,
): { path: string; basis: string; in: string | undefined }[] {
  const out: { path: string; basis: string; in: string | undefined }[] = [];
  f.targets.forEach((t, i) => out.push({ path: `targets.[${i}].basis`, basis: t.basis, in: t.in }));
  f.stages.forEach((t, i) => out.push({ path: `stages.[${i}].basis`, basis: t.basis, in: t.in }));
  if ('alsoFor' in f)
    f.alsoFor?.forEach((t, i) =>
      out.push({ path: `alsoFor.[${i}].basis`, basis: t.basis, in: t.in }),
    );
  if ('delivery' in f && f.delivery)
    out.push({ path: 'delivery.basis', basis: f.delivery.basis, in: f.delivery.in });
  if ('notOffered' in f && f.notOffered)
    out.push({ path: 'notOffered.basis', basis: f.notOffered.basis, in: f.notOffered.in });
  return out;
}

/** A service mode cell split into what is done online and offline (the document's words). */
export function splitServiceMode(mode: string | null): {
  online: string | null;
  offline: string | null;
  other: string | null;
} {
  if (!mode) return { online: null, offline: null, other: null };
  const clean = (s: string | undefined) => {
    const v = s
      ?.replace(/^[\s:：;；,，]+/, '')
      .replace(/[\s;；,，。]+$/, '')
      .trim();
    return v ? v : null;
  };
  const on = /线上\s*[:：]?/.exec(mode);
  const off = /线下\s*[:：]?/.exec(mode);
  if (!on && !off) return { online: null, offline: null, other: clean(mode) };
  // "线上线下同时贯通办理" and the like: both at once.
  if (on && off && off.index === on.index + 2 && on[0] === '线上' && off[0] === '线下')
    return { online: clean(mode), offline: clean(mode), other: null };
  const cut = (m: RegExpExecArray | null, other: RegExpExecArray | null) => {
    if (!m) return null;
    const end = other && other.index > m.index ? other.index : mode.length;
    const rest = clean(mode.slice(m.index + m[0].length, end));
    // "线下办理", "线上服务": too short to stand without its label.
    return rest && [...rest].length > 2 ? rest : clean(mode.slice(m.index, end));
  };
  const before = Math.min(on?.index ?? Infinity, off?.index ?? Infinity);
  return { online: cut(on, off), offline: cut(off, on), other: clean(mode.slice(0, before)) };
}
