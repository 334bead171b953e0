/** Action ids of the visits-and-reach buttons (constants only: the card modules import them). */
export const UNDO_CHECK_IN = 'checkin:undo';
export const SEND_CHECK_IN_QR = 'checkin:qr';
export const LINK_HISTORY = 'link:issue';
export const PHONE_LINK = 'phone:link';
export const PHONE_REJECT = 'phone:reject';
export const TASK_DONE = 'task:done';
export const TASK_NOT_NEEDED = 'task:skip';
export const EDIT_TAGS = 'customer:tags';
export const OPEN_COMPLAINT = 'customer:complaint';
export const CASE_STEP = 'case:step';
/** The customer card's 「データを書き出す」 button (src/slack/customers/disclosure-slack.ts). */
export const EXPORT_CUSTOMER_DATA = 'customer:export';
