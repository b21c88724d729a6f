// The request being put together at the screen (the 6-step 一类事 wizard, or a one-step policy
// consultation) and the receipt once it is stored. Lives in memory only and is wiped with the
// session (onSessionReset): the next visitor finds nothing of it.
import { defineStore } from 'pinia';
import { computed, readonly, ref, shallowRef, shallowReadonly } from 'vue';
import type { BoardId, BundleDetail } from '../../../electron/domain/catalog';
import {
  checklistItems,
  isMainlandMobile,
  itemsOfQuestion,
  preselectedItems,
  type ReceiptView,
} from '../../../electron/domain/request';
import {
  APPEAL_TEXT_MAX,
  cleanAppealText,
  type AppealCategoryView,
} from '../../../electron/domain/voice';
import { api } from '../api';
import { onSessionReset } from '../session/reset';

export type WizardStep =
  'covers' | 'questions' | 'services' | 'valueAdded' | 'contact' | 'review' | 'appeal';
export const BUNDLE_STEPS: readonly WizardStep[] = [
  'covers',
  'questions',
  'services',
  'valueAdded',
  'contact',
  'review',
];
export const CONSULTATION_STEPS: readonly WizardStep[] = ['contact', 'review'];
/** A 诉求 (兜底办): what it is about, the contact, then review. */
export const APPEAL_STEPS: readonly WizardStep[] = ['appeal', 'contact', 'review'];

/** A 诉求 being put together: its category, a prepared description and/or a typed text. */
export interface AppealDraft {
  category: AppealCategoryView | null;
  topic: string | null;
  text: string;
}

export interface Consultation {
  measureNo: number | null;
  board: BoardId | null;
  /** What the visitor asks about, as the screen shows it (measure text or board name). */
  subject: string;
  title: string;
}

/** Why a step cannot be left yet (an i18n key suffix under request.errors). */
export type StepProblem =
  | 'answerAll'
  | 'chooseService'
  | 'phoneRequired'
  | 'phoneInvalid'
  | 'phoneNotConfirmed'
  | 'privacy'
  | 'chooseCategory'
  | 'describe'
  | 'textInvalid';

function newRequestId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] as number) & 0x0f) | 0x40;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const useRequestStore = defineStore('request', () => {
  const bundle = shallowRef<BundleDetail | null>(null);
  const consultation = shallowRef<Consultation | null>(null);
  const appeal = shallowRef<AppealDraft | null>(null);
  const founder = ref(false);
  const answers = ref<Record<string, boolean>>({});
  const selected = ref<string[]>([]);
  const phone = ref('');
  const phoneConfirmed = ref(false);
  const contactName = ref('');
  const privacyAccepted = ref(false);
  const stepIndex = ref(0);
  const requestId = ref('');
  const submitting = ref(false);
  const receipt = shallowRef<ReceiptView | null>(null);
  /** Tickets whose receipt was printed by itself already (coming back to the screen: no copy). */
  const autoPrinted = ref<string[]>([]);

  const steps = computed<readonly WizardStep[]>(() =>
    appeal.value ? APPEAL_STEPS : consultation.value ? CONSULTATION_STEPS : BUNDLE_STEPS,
  );
  const step = computed<WizardStep>(() => steps.value[stepIndex.value] ?? 'covers');
  const items = computed(() => (bundle.value ? checklistItems(bundle.value) : []));

  function clear(): void {
    bundle.value = null;
    consultation.value = null;
    appeal.value = null;
    founder.value = false;
    answers.value = {};
    selected.value = [];
    phone.value = '';
    phoneConfirmed.value = false;
    contactName.value = '';
    privacyAccepted.value = false;
    stepIndex.value = 0;
    requestId.value = '';
    submitting.value = false;
    receipt.value = null;
  }
  onSessionReset(() => {
    clear();
    autoPrinted.value = [];
  });

  /** True the first time only, for each ticket. */
  function firstPrint(ticket: string): boolean {
    if (autoPrinted.value.includes(ticket)) return false;
    autoPrinted.value = [...autoPrinted.value, ticket];
    return true;
  }

  /** Starts (or, for the same bundle, resumes) a bundle request; the contact stays. */
  function startBundle(b: BundleDetail, opts: { founder?: boolean } = {}): void {
    if (bundle.value?.id === b.id && !receipt.value) return;
    const keep = { phone: phone.value, confirmed: phoneConfirmed.value, name: contactName.value };
    clear();
    bundle.value = b;
    founder.value = opts.founder === true;
    selected.value = preselectedItems(b, {});
    requestId.value = newRequestId();
    // Nothing typed is asked twice: a phone given for an earlier request of this visit is kept.
    phone.value = keep.phone;
    phoneConfirmed.value = keep.confirmed;
    contactName.value = keep.name;
  }

  function startConsultation(c: Consultation): void {
    const keep = { phone: phone.value, confirmed: phoneConfirmed.value, name: contactName.value };
    clear();
    consultation.value = c;
    requestId.value = newRequestId();
    phone.value = keep.phone;
    phoneConfirmed.value = keep.confirmed;
    contactName.value = keep.name;
  }

  /** Starts a 诉求; a phone given earlier in this visit stays (the privacy notice is asked again). */
  function startAppeal(): void {
    const keep = { phone: phone.value, confirmed: phoneConfirmed.value, name: contactName.value };
    clear();
    appeal.value = { category: null, topic: null, text: '' };
    requestId.value = newRequestId();
    phone.value = keep.phone;
    phoneConfirmed.value = keep.confirmed;
    contactName.value = keep.name;
  }

  /** Another category drops the description chosen for the previous one; the typed text stays. */
  function chooseCategory(c: AppealCategoryView): void {
    const a = appeal.value;
    if (!a) return;
    appeal.value = { ...a, category: c, topic: a.category?.id === c.id ? a.topic : null };
  }
  function chooseTopic(id: string | null): void {
    const a = appeal.value;
    if (!a) return;
    appeal.value = { ...a, topic: a.topic === id ? null : id };
  }
  function setAppealText(value: string): void {
    const a = appeal.value;
    if (!a) return;
    appeal.value = { ...a, text: [...value].slice(0, APPEAL_TEXT_MAX).join('') };
  }

  /** A "yes" selects what the question adds; a "no" takes it out again. Other choices stay. */
  function answer(questionId: string, yes: boolean): void {
    const b = bundle.value;
    if (!b) return;
    answers.value = { ...answers.value, [questionId]: yes };
    const affected = new Set(itemsOfQuestion(b, questionId));
    const next = new Set(selected.value);
    for (const id of affected) {
      if (yes) next.add(id);
      else next.delete(id);
    }
    selected.value = items.value.map((i) => i.id).filter((id) => next.has(id));
  }

  function toggle(id: string): void {
    const next = new Set(selected.value);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    selected.value = items.value.map((i) => i.id).filter((x) => next.has(x));
  }

  function setPhone(value: string): void {
    phone.value = value.replace(/\D/g, '').slice(0, 11);
    phoneConfirmed.value = false;
  }
  function confirmPhone(): boolean {
    phoneConfirmed.value = isMainlandMobile(phone.value);
    return phoneConfirmed.value;
  }
  function editPhone(): void {
    phoneConfirmed.value = false;
  }
  function setContactName(value: string): void {
    contactName.value = value.slice(0, 20);
  }
  function setPrivacy(accepted: boolean): void {
    privacyAccepted.value = accepted;
  }

  /** What keeps `s` from being left; `phoneOptional` for a verified enterprise. */
  function problemsOf(s: WizardStep, phoneOptional: boolean): StepProblem[] {
    const b = bundle.value;
    switch (s) {
      case 'questions':
        return b && b.guidance.questions.some((q) => answers.value[q.id] === undefined)
          ? ['answerAll']
          : [];
      case 'appeal': {
        const a = appeal.value;
        if (!a?.category) return ['chooseCategory'];
        const text = cleanAppealText(a.text);
        if (text !== null && typeof text === 'object') return ['textInvalid'];
        return a.topic === null && text === null ? ['describe'] : [];
      }
      case 'services':
        return items.value.some((i) => i.kind === 'basic' && selected.value.includes(i.id))
          ? []
          : ['chooseService'];
      case 'contact': {
        const out: StepProblem[] = [];
        if (phone.value === '') {
          if (!phoneOptional) out.push('phoneRequired');
        } else if (!isMainlandMobile(phone.value)) out.push('phoneInvalid');
        else if (!phoneConfirmed.value) out.push('phoneNotConfirmed');
        if (!privacyAccepted.value) out.push('privacy');
        return out;
      }
      default:
        return [];
    }
  }

  function goTo(s: WizardStep): void {
    const i = steps.value.indexOf(s);
    if (i >= 0) stepIndex.value = i;
  }
  function next(): void {
    stepIndex.value = Math.min(stepIndex.value + 1, steps.value.length - 1);
  }
  function back(): boolean {
    if (stepIndex.value === 0) return false;
    stepIndex.value -= 1;
    return true;
  }

  async function submit(): Promise<ReceiptView> {
    submitting.value = true;
    try {
      const c = consultation.value;
      const b = bundle.value;
      const a = appeal.value;
      const text = a ? cleanAppealText(a.text) : null;
      const subject = a
        ? {
            kind: 'appeal' as const,
            category: a.category?.id ?? 'general',
            topic: a.topic,
            text: typeof text === 'string' ? text : null,
          }
        : c
          ? { kind: 'consultation' as const, measureNo: c.measureNo, board: c.board }
          : {
              kind: 'bundle' as const,
              bundleId: b?.id ?? '',
              answers: { ...answers.value },
              items: [...selected.value],
            };
      const r = await api.requestSubmit({
        requestId: requestId.value,
        subject,
        founder: founder.value,
        contact: { phone: phone.value || null, name: contactName.value.trim() || null },
        privacyAccepted: true,
      });
      receipt.value = r;
      return r;
    } finally {
      submitting.value = false;
    }
  }

  return {
    // Catalog and receipt objects are never changed in place. shallowReadonly, not a computed: a
    // computed would keep the last visitor's object cached after the session's reset.
    bundle: shallowReadonly(bundle),
    consultation: shallowReadonly(consultation),
    appeal: shallowReadonly(appeal),
    founder: readonly(founder),
    answers: readonly(answers),
    selected: readonly(selected),
    phone: readonly(phone),
    phoneConfirmed: readonly(phoneConfirmed),
    contactName: readonly(contactName),
    privacyAccepted: readonly(privacyAccepted),
    stepIndex: readonly(stepIndex),
    submitting: readonly(submitting),
    receipt: shallowReadonly(receipt),
    steps,
    step,
    items,
    startBundle,
    startConsultation,
    startAppeal,
    chooseCategory,
    chooseTopic,
    setAppealText,
    answer,
    toggle,
    setPhone,
    confirmPhone,
    editPhone,
    setContactName,
    setPrivacy,
    problemsOf,
    goTo,
    next,
    back,
    submit,
    clear,
    firstPrint,
  };
});
