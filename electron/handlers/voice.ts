// The enterprise's voice (issue 10): 诉求 categories, 好差评 ratings, follow-ups and 回访 in guide
// mode. The voice service decides who may rate what; 诉求 are submitted through requestSubmit.
import type { Handlers } from '../contract';
import { CallError } from '../domain/call';
import type { Services } from '../services/kiosk-services';
import { RequestError } from '../services/requests/request-errors';
import { VoiceError } from '../services/voice/voice-service';

async function refusing<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof VoiceError || e instanceof RequestError)
      throw new CallError(e.code, e.message, e.fields);
    throw e;
  }
}

export function voiceHandlers(
  s: Services,
): Pick<
  Handlers,
  | 'voiceCategories'
  | 'ratingPrompt'
  | 'ratingSubmit'
  | 'guideRatingsSummary'
  | 'guideFollowUps'
  | 'guideFollowUpContact'
  | 'guideFollowUpClose'
  | 'guideRecordFollowUp'
> {
  return {
    voiceCategories: () => s.voice.categories(),
    ratingPrompt: ({ ticket, occasion }) => refusing(() => s.voice.ratingPrompt(ticket, occasion)),
    ratingSubmit: (args) => refusing(() => s.voice.rate(args)),
    guideRatingsSummary: ({ days }) => s.voice.summary({ days }),
    guideFollowUps: ({ state }) => refusing(() => s.voice.followUps(state)),
    guideFollowUpContact: ({ id }) => refusing(() => s.voice.followUpContact(id)),
    guideFollowUpClose: ({ id, note, verdict }) =>
      refusing(() => s.voice.closeFollowUp(id, note, verdict)),
    guideRecordFollowUp: ({ ticket, verdict, note }) =>
      refusing(() => s.voice.recordFollowUp(ticket, verdict, note || null)),
  };
}
