// What the applicant is told, in Chinese: the ticket and the status only, nothing personal (no
// name, no enterprise, no note: a returned request's reason is read at the kiosk or the counter).
export const NOTIFY_ACTIONS = ['accept', 'correct', 'complete', 'return'] as const;
export type NotifyAction = (typeof NOTIFY_ACTIONS)[number];

const TEXT: Record<NotifyAction, string> = {
  accept: '已受理',
  correct: '需要补正材料',
  complete: '已办结',
  return: '已退回',
};

export function notificationText(action: NotifyAction, ticket: string): string {
  return `【德清县企业综合服务中心】您的办件 ${ticket} ${TEXT[action]}，详情请凭回执在自助终端查询进度。`;
}
