// Enterprise profiles from a file (一企一档 loaded from the market regulator's or the county's
// records): one row → one validated profile, or a reason in Chinese and English. Pure and
// Node-free: kioskctl (single site) and the back office (fleet) validate with the same rules, and
// the file format is documented in docs/enterprise-import.md.
//
// A row's fields come either from a CSV header (Chinese or English names, see FIELD_NAMES) as
// strings, or from a JSON Lines object (English names) as JSON values.
import { checkUscc, normalizeUscc, usccFacts, type UsccProblem } from './credit-code';
import {
  maskPersonName,
  type BenefitReceived,
  type EnterpriseRecord,
  type EnterpriseSize,
  type EnterpriseStatus,
  type EntityKind,
  type Licence,
} from './enterprise';

/**
 * The tag vocabulary: what 政策找企业 and the menu's bundle recommendations read (both
 * policy-match.ts), plus the descriptive tags the profiles carry. A tag outside it would silently
 * match nothing, so a row carrying one is refused.
 */
export const PROFILE_TAGS = [
  '小微企业',
  '个体工商户',
  '农民专业合作社',
  '外商投资',
  '上市公司',
  '拟上市',
  '高新技术企业',
  '科技型中小企业',
  '专精特新',
  '外贸',
  '跨境电商',
  '平台企业',
  '民宿',
  '地理信息',
  '车联网',
  '高层次人才',
  '高端装备',
  '新设企业',
  '生物医药',
  '绿色家居',
] as const;
const TAG_SET = new Set<string>(PROFILE_TAGS);

/** The canonical (English) field names and the header names accepted for each. */
export const FIELD_NAMES = {
  uscc: ['uscc', '统一社会信用代码', '信用代码'],
  name: ['name', '企业名称', '名称'],
  entityType: ['entityType', '主体类型', '企业类型'],
  status: ['status', '登记状态', '经营状态'],
  address: ['address', '住所', '地址'],
  legalRepresentative: ['legalRepresentative', '法定代表人', '负责人', '经营者'],
  industry: ['industry', '行业'],
  tags: ['tags', '标签'],
  registeredOn: ['registeredOn', '成立日期'],
  size: ['size', '企业规模'],
  registeredCapitalWan: ['registeredCapitalWan', '注册资本（万元）', '注册资本(万元)', '注册资本'],
  businessScope: ['businessScope', '经营范围'],
  town: ['town', '所属镇街', '镇街'],
  licences: ['licences', '证照'],
  benefitsReceived: ['benefitsReceived', '已享政策'],
} as const;
export type ImportField = keyof typeof FIELD_NAMES;

const HEADER_TO_FIELD = new Map<string, ImportField>();
for (const [field, names] of Object.entries(FIELD_NAMES) as [ImportField, readonly string[]][])
  for (const n of names) HEADER_TO_FIELD.set(n.toLowerCase(), field);

/** The field a header cell names (case-insensitive, trimmed), or null. */
export function fieldOfHeader(header: string): ImportField | null {
  return HEADER_TO_FIELD.get(header.trim().toLowerCase()) ?? null;
}

export interface Reason {
  zh: string;
  en: string;
}

export interface RowRejection {
  /** 1-based: the CSV's line as a spreadsheet numbers it (header = 1), or the JSON Lines line. */
  row: number;
  /** The field at fault, when one is (canonical name). */
  field: ImportField | null;
  /** "中文 / English", for one-line output. */
  reason: string;
  reasonZh: string;
  reasonEn: string;
}

export function rejection(row: number, field: ImportField | null, r: Reason): RowRejection {
  return { row, field, reason: `${r.zh} / ${r.en}`, reasonZh: r.zh, reasonEn: r.en };
}

/** A profile as imported: everything but where it is stored from and when. */
export type ImportedProfile = Omit<EnterpriseRecord, 'demo' | 'source' | 'updatedAt'>;

export interface ImportContext {
  /** The title of a measure of 附件3 by its number, or null when the catalog has none. */
  measureTitle(no: number): string | null;
}

type RowResult = { ok: true; profile: ImportedProfile } | { ok: false; rejection: RowRejection };

class RowError extends Error {
  constructor(
    readonly field: ImportField | null,
    readonly reasonText: Reason,
  ) {
    super(reasonText.en);
  }
}
const fail = (field: ImportField | null, zh: string, en: string): never => {
  throw new RowError(field, { zh, en });
};

const USCC_REASON: Record<UsccProblem, Reason> = {
  empty: { zh: '缺少统一社会信用代码', en: 'credit code missing' },
  length: { zh: '统一社会信用代码应为 18 位', en: 'credit code must have 18 characters' },
  charset: {
    zh: '统一社会信用代码含有不允许的字符',
    en: 'credit code has a character outside its set',
  },
  'org-check': {
    zh: '统一社会信用代码组织机构代码校验位不符',
    en: 'credit code: organization-code check character does not match',
  },
  'check-char': {
    zh: '统一社会信用代码校验位不符',
    en: 'credit code: check character does not match',
  },
};

function text(v: unknown, field: ImportField, max: number): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string' && typeof v !== 'number')
    fail(field, `${field} 应为文字`, `${field} must be text`);
  const s = String(v).trim();
  if ([...s].length > max)
    fail(field, `${field} 超过 ${max} 个字符`, `${field} is longer than ${max} characters`);
  return s;
}

/**
 * A date as YYYY-MM-DD from YYYY-MM-DD, YYYY/M/D, YYYY.M.D or YYYY年M月D日; it must exist.
 * Returns null for an empty value; throws for anything else.
 */
export function parseDay(v: string, field: ImportField, what: Reason): string | null {
  const s = v.trim();
  if (s === '') return null;
  const m = /^(\d{4})(?:[-/.]|年)(\d{1,2})(?:[-/.]|月)(\d{1,2})日?$/.exec(s);
  const bad = () =>
    fail(field, `${what.zh}不是有效日期：${s}`, `${what.en} is not a valid date: ${s}`);
  if (!m) return bad();
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const t = new Date(`${day}T00:00:00Z`);
  if (
    Number.isNaN(t.getTime()) ||
    t.getUTCFullYear() !== y ||
    t.getUTCMonth() + 1 !== mo ||
    t.getUTCDate() !== d ||
    y < 1900 ||
    y > 2200
  )
    return bad();
  return day;
}

const STATUS_WORDS: [RegExp, EnterpriseStatus][] = [
  [/^(operating|存续|在业|开业|在营|正常)/i, 'operating'],
  [/^(deregistering|注销中|清算|歇业)/i, 'deregistering'],
  [/^(deregistered|注销|吊销|撤销|已注销)/i, 'deregistered'],
];

function status(v: string): EnterpriseStatus {
  if (v === '') return 'operating';
  for (const [re, s] of STATUS_WORDS) if (re.test(v)) return s;
  return fail(
    'status',
    `登记状态无法识别：${v}（存续、注销中、注销）`,
    `status not understood: ${v} (operating, deregistering, deregistered)`,
  );
}

const SIZE_WORDS: Record<string, EnterpriseSize> = {
  micro: 'micro',
  small: 'small',
  medium: 'medium',
  large: 'large',
  微型: 'micro',
  小型: 'small',
  中型: 'medium',
  大型: 'large',
};

function size(v: string): EnterpriseSize | null {
  if (v === '') return null;
  const s = SIZE_WORDS[v.replace(/企业$/, '').toLowerCase()];
  return (
    s ??
    fail(
      'size',
      `企业规模无法识别：${v}（微型、小型、中型、大型）`,
      `size not understood: ${v} (micro, small, medium, large)`,
    )
  );
}

function entityKind(uscc: string, entityType: string): EntityKind {
  if (/个体/.test(entityType)) return 'individual';
  if (/合作社/.test(entityType)) return 'cooperative';
  if (/分公司|分支机构|分厂/.test(entityType)) return 'branch';
  const facts = usccFacts(uscc);
  if (facts?.entity === 'individual-business') return 'individual';
  if (facts?.entity === 'cooperative') return 'cooperative';
  return 'company';
}

/** A list cell: items separated by ；; 、 or a new line. */
function splitList(v: string): string[] {
  return v
    .split(/[;；、\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function tags(v: unknown): string[] {
  const list = Array.isArray(v)
    ? v.map((t) => (typeof t === 'string' ? t.trim() : ''))
    : splitList(text(v, 'tags', 2000));
  const out: string[] = [];
  for (const t of list) {
    if (!TAG_SET.has(t))
      fail(
        'tags',
        `未知标签：${t || '（空）'}（可用标签见导入说明）`,
        `unknown tag: ${t || '(empty)'} (the import guide lists the tags)`,
      );
    if (!out.includes(t)) out.push(t);
  }
  return out;
}

const LICENCE_WHAT = { zh: '证照有效期至', en: 'licence valid-until' };
const LONG_TERM = /^(长期|永久|无固定期限|long-term|none)$/i;

function licence(name: unknown, number: unknown, validUntil: unknown): Licence {
  const n = text(name, 'licences', 100);
  if (n === '') fail('licences', '证照缺少名称', 'a licence has no name');
  const until = text(validUntil, 'licences', 20);
  return {
    name: n,
    number: text(number, 'licences', 60),
    validUntil: LONG_TERM.test(until)
      ? null
      : (parseDay(until, 'licences', LICENCE_WHAT) ??
        fail(
          'licences',
          `证照“${n}”缺少有效期至（无期限写“长期”）`,
          `licence "${n}" has no valid-until date (write "长期" for none)`,
        )),
  };
}

/** CSV: `名称|编号|有效期至` entries separated by ；; or a new line. JSON: objects. */
function licences(v: unknown): Licence[] {
  if (v === undefined || v === null || v === '') return [];
  if (Array.isArray(v))
    return v.map((l) => {
      if (!l || typeof l !== 'object')
        return fail('licences', '证照应为对象', 'each licence must be an object');
      const o = l as Record<string, unknown>;
      return licence(o.name, o.number, o.validUntil);
    });
  return text(v, 'licences', 4000)
    .split(/[;；\n]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const parts = entry.split(/[|｜]/).map((s) => s.trim());
      if (parts.length !== 3)
        fail(
          'licences',
          `证照应写作“名称|编号|有效期至”：${entry}`,
          `a licence is written "name|number|valid-until": ${entry}`,
        );
      return licence(parts[0], parts[1], parts[2]);
    });
}

const BENEFIT_WHAT = { zh: '享受日期', en: 'benefit date' };

function benefit(no: unknown, on: unknown, ctx: ImportContext): BenefitReceived {
  const s = typeof no === 'number' ? String(no) : typeof no === 'string' ? no.trim() : '';
  if (!/^\d{1,4}$/.test(s))
    fail('benefitsReceived', `政策措施序号无效：${s}`, `not a measure number: ${s}`);
  const measureNo = Number(s);
  const title = ctx.measureTitle(measureNo);
  if (title === null)
    fail(
      'benefitsReceived',
      `目录中没有第 ${measureNo} 项措施`,
      `the catalog has no measure ${measureNo}`,
    );
  const receivedOn =
    parseDay(text(on, 'benefitsReceived', 20), 'benefitsReceived', BENEFIT_WHAT) ??
    fail('benefitsReceived', `第 ${measureNo} 项缺少享受日期`, `measure ${measureNo} has no date`);
  return { measureNo, title: title as string, receivedOn };
}

/** CSV: `序号|日期` entries separated by ；; 、 or a new line. JSON: `{ measureNo, receivedOn }`. */
function benefits(v: unknown, ctx: ImportContext): BenefitReceived[] {
  if (v === undefined || v === null || v === '') return [];
  if (Array.isArray(v))
    return v.map((b) => {
      if (!b || typeof b !== 'object')
        return fail('benefitsReceived', '已享政策应为对象', 'each benefit must be an object');
      const o = b as Record<string, unknown>;
      return benefit(o.measureNo, o.receivedOn, ctx);
    });
  return splitList(text(v, 'benefitsReceived', 4000)).map((entry) => {
    const parts = entry.split(/[|｜]/).map((s) => s.trim());
    if (parts.length !== 2)
      fail(
        'benefitsReceived',
        `已享政策应写作“序号|日期”：${entry}`,
        `a benefit is written "measure-number|date": ${entry}`,
      );
    return benefit(parts[0], parts[1], ctx);
  });
}

function capital(v: unknown): number | null {
  if (v === undefined || v === null || v === '') return null;
  const n = typeof v === 'number' ? v : Number(String(v).replace(/[,，万元\s]/g, ''));
  if (!Number.isFinite(n) || n < 0)
    fail(
      'registeredCapitalWan',
      `注册资本不是数字：${String(v)}`,
      `capital is not a number: ${String(v)}`,
    );
  return n;
}

/** Validates one row (fields by canonical name). Never throws. */
export function validateRow(
  fields: Partial<Record<ImportField, unknown>>,
  row: number,
  ctx: ImportContext,
): RowResult {
  try {
    const code = normalizeUscc(text(fields.uscc, 'uscc', 40));
    const check = checkUscc(code);
    if (!check.valid) throw new RowError('uscc', USCC_REASON[check.problem ?? 'empty']);
    const name = text(fields.name, 'name', 200);
    if (name === '') fail('name', '缺少企业名称', 'enterprise name missing');
    const entityType = text(fields.entityType, 'entityType', 100);
    const rep = text(fields.legalRepresentative, 'legalRepresentative', 60);
    const profile: ImportedProfile = {
      uscc: code,
      name,
      entityType,
      entityKind: entityKind(code, entityType),
      foreignInvested: /外商|外国|台港澳|中外合资|中外合作/.test(entityType),
      status: status(text(fields.status, 'status', 40)),
      registeredOn: parseDay(text(fields.registeredOn, 'registeredOn', 20), 'registeredOn', {
        zh: '成立日期',
        en: 'registration date',
      }),
      address: text(fields.address, 'address', 300),
      businessScope: text(fields.businessScope, 'businessScope', 4000),
      industry: text(fields.industry, 'industry', 100),
      size: size(text(fields.size, 'size', 20)),
      registeredCapitalWan: capital(fields.registeredCapitalWan),
      tags: tags(fields.tags),
      // Stored only masked: the kiosk never needs the full name of a person.
      legalRepresentative: rep === '' ? '' : maskPersonName(rep),
      benefitsReceived: benefits(fields.benefitsReceived, ctx),
      licences: licences(fields.licences),
      town: text(fields.town, 'town', 40) || null,
    };
    return { ok: true, profile };
  } catch (e) {
    if (e instanceof RowError)
      return { ok: false, rejection: rejection(row, e.field, e.reasonText) };
    return {
      ok: false,
      rejection: rejection(row, null, {
        zh: `无法读取此行：${(e as Error).message}`,
        en: `row cannot be read: ${(e as Error).message}`,
      }),
    };
  }
}

/** Keys sorted at every depth, so that equal content gives equal text. */
function sortedDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedDeep);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortedDeep((v as Record<string, unknown>)[k])]),
    );
  return v;
}

/** Field by field, in a fixed order: equal content gives equal text (idempotent imports). */
export function canonicalProfile(p: ImportedProfile): string {
  return JSON.stringify(sortedDeep(p));
}
