// Turns what the visitor chose (bundle, answers, items, contact) into a request record, checked
// against the catalog and the session: who is at the screen comes from the session in main, never
// from the renderer. The ticket is given inside the write (request-service.ts).
import crypto from 'node:crypto';
import type { ParsedArgsOf } from '../../contract';
import { departmentFor } from '../../domain/departments';
import { appealRouting, bundleRouting, consultationRouting } from '../../domain/request-routing';
import type { Audience } from '../../domain/enterprise';
import {
  checklistItems,
  CONTACT_NAME_MAX,
  isMainlandMobile,
  type FeedbackPromiseView,
  type ServiceLine,
} from '../../domain/request';
import {
  appealCategory,
  appealTitle,
  cleanAppealText,
  SPECIAL_APPEAL_CATEGORIES,
  SPECIAL_APPEAL_ROUTING,
  type SpecialAppealCategory,
} from '../../domain/voice';
import type { FeedbackPromise } from '../calendar/center-hours';
import type { CatalogService } from '../catalog/catalog-service';
import type { SessionState } from '../session';
import { Refusal } from '../../refusal';
import type { RequestRecord, StoredRouting } from './request-repository';

/**
 * A submission as the contract parses it (`founder`: someone starting a company, only meaningful
 * with nobody identified; an appeal needs a `topic` or a `text`). The privacy consent is the
 * contract's to require, not part of the request.
 */
export type SubmitInput = Omit<ParsedArgsOf<'requestSubmit'>, 'privacyAccepted'>;
export type SubmitSubject = SubmitInput['subject'];

export interface BuildContext {
  catalog: CatalogService;
  session: SessionState;
  enterpriseName(uscc: string): string | null;
  assistedBy: string | null;
  defaultFeedbackDays: number;
  /** The center's promised response time for a 诉求, in working days (`voice.responseDays`). */
  appealResponseDays: number;
  promise(at: Date, workingDays: number): FeedbackPromise;
  now: Date;
}

/** Everything but the ticket and its tracking code, which the write assigns. */
export type DraftRequest = Omit<
  RequestRecord,
  'ticket' | 'ticketDate' | 'ticketSeq' | 'submitHash' | 'trackCode'
>;

/** JSON with object keys in order, so that equal values always give equal text. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v ?? null);
}

/**
 * The fingerprint of a submission: what the visitor sent under its request id. The same id sent
 * again with the same content is the same submission (its answer was lost); with another content
 * it is not.
 */
export function submissionHash(input: SubmitInput): string {
  const { requestId, subject, founder, contact } = input;
  return crypto
    .createHash('sha256')
    .update(canonical({ requestId, subject, founder, contact }))
    .digest('hex');
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/;

function contactOf(
  input: SubmitInput,
  verified: boolean,
): { phone: string | null; name: string | null } {
  const phone = input.contact.phone?.trim() || null;
  const name = input.contact.name?.trim() || null;
  const bad: string[] = [];
  if (phone === null ? !verified : !isMainlandMobile(phone)) bad.push('contact.phone');
  if (name !== null && ([...name].length > CONTACT_NAME_MAX || CONTROL.test(name)))
    bad.push('contact.name');
  if (bad.length)
    throw new Refusal(
      'INVALID_REQUEST',
      phone === null && !verified
        ? 'a phone number is required for an unverified applicant'
        : 'contact details are not valid',
      bad,
    );
  return { phone, name };
}

function promiseView(p: FeedbackPromise): FeedbackPromiseView {
  return {
    workingDays: p.workingDays,
    countsFrom: p.countsFrom,
    dueDate: p.dueDate,
    reason: p.reason,
    calendarCertain: p.calendarCertain,
  };
}

function bundlePart(
  subject: Extract<SubmitSubject, { kind: 'bundle' }>,
  ctx: BuildContext,
): Pick<DraftRequest, 'bundleId' | 'measureNo' | 'title' | 'routing' | 'services' | 'answers'> & {
  days: number;
} {
  const bundle = ctx.catalog.bundle(subject.bundleId);
  if (!bundle)
    throw new Refusal('NOT_FOUND', `no bundle ${subject.bundleId}`, ['subject.bundleId']);
  const questions = new Set(bundle.guidance.questions.map((q) => q.id));
  const strayAnswers = Object.keys(subject.answers).filter((k) => !questions.has(k));
  if (strayAnswers.length)
    throw new Refusal('INVALID_REQUEST', 'answers to questions the bundle does not ask', [
      'subject.answers',
    ]);
  const items = checklistItems(bundle);
  const chosen = new Set(subject.items);
  const unknown = [...chosen].filter((id) => !items.some((i) => i.id === id));
  if (unknown.length)
    throw new Refusal('INVALID_REQUEST', `items not in the bundle: ${unknown.join(', ')}`, [
      'subject.items',
    ]);
  if (chosen.size === 0)
    throw new Refusal('INVALID_REQUEST', 'choose at least one service', ['subject.items']);
  const routing: StoredRouting = bundleRouting(bundle, bundle.board);
  const services: ServiceLine[] = items
    .filter((i) => chosen.has(i.id))
    .map((i) => {
      const d = departmentFor(i.name, routing.leadDepartments);
      return { name: i.name, kind: i.kind, department: d.department, departmentFrom: d.from };
    });
  return {
    bundleId: bundle.id,
    measureNo: null,
    title: bundle.name,
    routing,
    services,
    answers: { ...subject.answers },
    days: bundle.feedbackDays,
  };
}

function consultationPart(
  subject: Extract<SubmitSubject, { kind: 'consultation' }>,
  ctx: BuildContext,
): Pick<DraftRequest, 'bundleId' | 'measureNo' | 'title' | 'routing' | 'services' | 'answers'> & {
  days: number;
} {
  const routed = consultationRouting(
    { boards: ctx.catalog.boards(), measures: ctx.catalog.loaded.catalog.measures },
    subject.measureNo,
    subject.board,
  );
  if (!routed.ok) {
    if (routed.missing === 'subject')
      throw new Refusal('INVALID_REQUEST', 'a consultation needs a measure or a board', [
        'subject',
      ]);
    if (routed.missing === 'measure')
      throw new Refusal('NOT_FOUND', `no measure ${subject.measureNo}`, ['subject.measureNo']);
    throw new Refusal('NOT_FOUND', `no board ${subject.board}`, ['subject.board']);
  }
  const { measure, title } = routed;
  const leads = routed.routing.leadDepartments;
  const lead = leads.join('、') || routed.routing.boardName;
  return {
    bundleId: null,
    measureNo: measure?.no ?? null,
    title,
    routing: routed.routing,
    services: [
      {
        name: measure ? measure.text : title,
        kind: 'basic',
        department: lead,
        departmentFrom: leads.length ? 'lead' : 'center',
      },
    ],
    answers: {},
    days: ctx.defaultFeedbackDays,
  };
}

type Part = Pick<
  DraftRequest,
  'bundleId' | 'measureNo' | 'title' | 'routing' | 'services' | 'answers' | 'appeal'
> & { days: number };

function appealPart(subject: Extract<SubmitSubject, { kind: 'appeal' }>, ctx: BuildContext): Part {
  const category = appealCategory(subject.category, ctx.catalog.boards());
  if (!category)
    throw new Refusal('NOT_FOUND', `no category ${subject.category}`, ['subject.category']);
  const topic = subject.topic === null ? null : category.topics.find((t) => t.id === subject.topic);
  if (topic === undefined)
    throw new Refusal('INVALID_REQUEST', `no topic ${subject.topic} in ${category.id}`, [
      'subject.topic',
    ]);
  const text = cleanAppealText(subject.text);
  if (text !== null && typeof text === 'object')
    throw new Refusal('INVALID_REQUEST', `the text is not acceptable (${text.problem})`, [
      'subject.text',
    ]);
  if (topic === null && text === null)
    throw new Refusal('INVALID_REQUEST', 'choose a description or type one', [
      'subject.topic',
      'subject.text',
    ]);
  const special = (SPECIAL_APPEAL_CATEGORIES as readonly string[]).includes(category.id)
    ? SPECIAL_APPEAL_ROUTING[category.id as SpecialAppealCategory]
    : null;
  const categoryName = special ? special.name['zh-CN'] : category.boardName;
  const board = ctx.catalog.boards().find((b) => b.id === category.board);
  const named = special?.leadDepartments ?? board?.leadDepartments ?? [];
  return {
    bundleId: null,
    measureNo: null,
    title: appealTitle(categoryName),
    routing: appealRouting(category),
    services: [
      {
        name: topic ? `${categoryName}：${topic.text['zh-CN']}` : `${categoryName}诉求`,
        kind: 'basic',
        department: category.leadDepartments.join('、'),
        departmentFrom: named.length ? 'lead' : 'center',
      },
    ],
    answers: {},
    appeal: { category: category.id, topic: topic?.id ?? null, text },
    days: ctx.appealResponseDays,
  };
}

export function draftRequest(input: SubmitInput, ctx: BuildContext): DraftRequest {
  const s = ctx.session;
  const enterprise = s.enterprise;
  const audience: Audience = s.audience;
  const verified = enterprise?.verified === true;
  const founder = input.founder && enterprise === null;
  const contact = contactOf(input, verified);
  const part: Part =
    input.subject.kind === 'bundle'
      ? { ...bundlePart(input.subject, ctx), appeal: null }
      : input.subject.kind === 'consultation'
        ? { ...consultationPart(input.subject, ctx), appeal: null }
        : appealPart(input.subject, ctx);
  const { days, ...rest } = part;
  const at = ctx.now.toISOString();
  return {
    id: input.requestId,
    createdAt: at,
    kind: input.subject.kind,
    ...rest,
    audience,
    verified,
    founder,
    uscc: enterprise?.uscc ?? null,
    enterpriseName: enterprise ? ctx.enterpriseName(enterprise.uscc) : null,
    contactPhone: contact.phone,
    contactName: contact.name,
    assistedBy: ctx.assistedBy,
    promise: promiseView(ctx.promise(ctx.now, days)),
    status: 'submitted',
    statusAt: at,
    closedAt: null,
    sentAt: null,
    personalPurgedAt: null,
  };
}
