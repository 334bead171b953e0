import type { InboxEvent } from '../db/models/index.js';
import type { StaffAlert } from './staff-alerts.js';

/**
 * A webhook event the inbox gave up on after its retries: staff see its kind, when it came and the
 * error's code, never what the customer wrote (the event body stays in the inbox for an admin).
 */
export function parkedEventAlert(
  event: Pick<InboxEvent, '_id' | 'type'>,
  error: { code: string },
): StaffAlert {
  return {
    topic: 'event-parked',
    severity: 'warning',
    title: {
      ja: `LINE からのイベント（${event.type}）を処理できず、保留にしました`,
      en: `A LINE event (${event.type}) could not be processed and was parked`,
    },
    lines: [
      {
        ja: `エラー: ${error.code} · イベント ID: ${event._id}。お客様からのメッセージが届いていない可能性があります。管理者に確認を依頼してください。`,
        en: `Error: ${error.code} · event id: ${event._id}. A customer's message may not have been handled; please ask your admin to look.`,
      },
    ],
    context: { eventId: event._id, type: event.type, code: error.code },
  };
}
