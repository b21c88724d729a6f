// The enterprise's voice: 诉求 categories, 好差评 ratings, follow-ups and 回访 in guide mode. The
// voice service decides who may rate what; 诉求 are submitted through requestSubmit.
import type { Handlers } from '../contract';
import type { Services } from '../services/services';

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
    ratingPrompt: ({ ticket, occasion }) => s.voice.ratingPrompt(ticket, occasion),
    ratingSubmit: (args) => s.voice.rate(args),
    guideRatingsSummary: ({ days }) => s.voice.summary({ days }),
    guideFollowUps: ({ state }) => s.voice.followUps(state),
    guideFollowUpContact: ({ id }) => s.voice.followUpContact(id),
    guideFollowUpClose: ({ id, note, verdict }) => s.voice.closeFollowUp(id, note, verdict),
    guideRecordFollowUp: ({ ticket, verdict, note }) =>
      s.voice.recordFollowUp(ticket, verdict, note || null),
  };
}
