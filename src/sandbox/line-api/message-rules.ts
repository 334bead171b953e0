/**
 * The payload rules of the LINE Messaging API that the fake enforces, from LINE's API reference:
 * 1–5 message objects per request, text up to 5,000 characters, quick replies of 1–13 items with
 * labels up to 20 characters, postback data up to 300 characters, multicast to at most 500 users.
 */
export const lineLimits = {
  messagesPerRequest: 5,
  textLength: 5_000,
  quickReplyItems: 13,
  actionLabelLength: 20,
  postbackDataLength: 300,
  altTextLength: 400,
  multicastRecipients: 500,
} as const;

export interface RuleViolation {
  message: string;
  property: string;
}

const USER_ID = /^U[0-9a-f]{32}$/;
const RETRY_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUserId = (value: unknown): value is string => typeof value === 'string' && USER_ID.test(value);
export const isRetryKey = (value: string): boolean => RETRY_KEY.test(value);

/** Problems with a `messages` array, in LINE's error-detail shape. */
export function checkMessages(messages: unknown): RuleViolation[] {
  if (!Array.isArray(messages) || messages.length < 1 || messages.length > lineLimits.messagesPerRequest) {
    return [{ message: `Size must be between 1 and ${lineLimits.messagesPerRequest}`, property: 'messages' }];
  }
  return messages.flatMap((message, index) =>
    checkMessage(message as Record<string, unknown>, `messages[${index}]`),
  );
}

function checkMessage(message: Record<string, unknown>, path: string): RuleViolation[] {
  const violations: RuleViolation[] = [];
  const type = message.type;
  switch (type) {
    case 'text': {
      const text = message.text;
      if (typeof text !== 'string' || text.length === 0)
        violations.push({ message: 'Must not be empty', property: `${path}.text` });
      else if (text.length > lineLimits.textLength) {
        violations.push({
          message: `Length must be between 0 and ${lineLimits.textLength}`,
          property: `${path}.text`,
        });
      }
      break;
    }
    case 'sticker':
      if (typeof message.packageId !== 'string' || typeof message.stickerId !== 'string') {
        violations.push({ message: 'Must be specified', property: `${path}.stickerId` });
      }
      break;
    case 'image':
      for (const field of ['originalContentUrl', 'previewImageUrl']) {
        if (typeof message[field] !== 'string' || !String(message[field]).startsWith('https://')) {
          violations.push({ message: 'Must be an HTTPS URL', property: `${path}.${field}` });
        }
      }
      break;
    case 'template':
    case 'flex': {
      const altText = message.altText;
      if (typeof altText !== 'string' || altText.length === 0 || altText.length > lineLimits.altTextLength) {
        violations.push({
          message: `Length must be between 1 and ${lineLimits.altTextLength}`,
          property: `${path}.altText`,
        });
      }
      if (type === 'template' && typeof message.template !== 'object') {
        violations.push({ message: 'Must be specified', property: `${path}.template` });
      }
      if (type === 'flex' && typeof message.contents !== 'object') {
        violations.push({ message: 'Must be specified', property: `${path}.contents` });
      }
      if (type === 'template') violations.push(...checkTemplateActions(message.template, `${path}.template`));
      break;
    }
    default:
      violations.push({ message: 'Invalid message type', property: `${path}.type` });
  }
  if (message.quickReply !== undefined)
    violations.push(...checkQuickReply(message.quickReply, `${path}.quickReply`));
  return violations;
}

function checkQuickReply(quickReply: unknown, path: string): RuleViolation[] {
  const items = (quickReply as { items?: unknown } | null)?.items;
  if (!Array.isArray(items) || items.length < 1 || items.length > lineLimits.quickReplyItems) {
    return [
      { message: `Size must be between 1 and ${lineLimits.quickReplyItems}`, property: `${path}.items` },
    ];
  }
  return items.flatMap((item, index) =>
    checkAction((item as { action?: unknown }).action, `${path}.items[${index}].action`),
  );
}

function checkTemplateActions(template: unknown, path: string): RuleViolation[] {
  const actions = (template as { actions?: unknown } | null)?.actions;
  if (!Array.isArray(actions)) return [];
  return actions.flatMap((action, index) => checkAction(action, `${path}.actions[${index}]`));
}

function checkAction(action: unknown, path: string): RuleViolation[] {
  const violations: RuleViolation[] = [];
  const a = (action ?? {}) as Record<string, unknown>;
  const known = [
    'postback',
    'message',
    'uri',
    'datetimepicker',
    'camera',
    'cameraRoll',
    'location',
    'richmenuswitch',
    'clipboard',
  ];
  if (typeof a.type !== 'string' || !known.includes(a.type)) {
    return [{ message: 'Invalid action type', property: `${path}.type` }];
  }
  if (
    a.label !== undefined &&
    (typeof a.label !== 'string' || a.label.length > lineLimits.actionLabelLength)
  ) {
    violations.push({
      message: `Length must be between 0 and ${lineLimits.actionLabelLength}`,
      property: `${path}.label`,
    });
  }
  if (a.type === 'postback' || a.type === 'datetimepicker') {
    if (typeof a.data !== 'string' || a.data.length === 0 || a.data.length > lineLimits.postbackDataLength) {
      violations.push({
        message: `Length must be between 1 and ${lineLimits.postbackDataLength}`,
        property: `${path}.data`,
      });
    }
  }
  if (a.type === 'datetimepicker' && !['date', 'time', 'datetime'].includes(String(a.mode))) {
    violations.push({ message: 'Invalid mode', property: `${path}.mode` });
  }
  if (a.type === 'message' && (typeof a.text !== 'string' || a.text.length === 0 || a.text.length > 300)) {
    violations.push({ message: 'Length must be between 1 and 300', property: `${path}.text` });
  }
  return violations;
}
