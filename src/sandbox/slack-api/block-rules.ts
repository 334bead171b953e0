/**
 * The Block Kit rules the fake enforces, from Slack's reference (the limits a bot most often trips
 * over): 50 blocks in a message and 100 in a view, section text up to 3,000 characters and 10 fields
 * of up to 2,000, header text up to 150 plain characters, buttons with plain-text labels up to 75,
 * action ids up to 255 and unique in their container, values up to 2,000, block ids unique, and the
 * modal's title, submit and close labels up to 24 characters.
 */
export const slackLimits = {
  messageBlocks: 50,
  viewBlocks: 100,
  messageText: 40_000,
  sectionText: 3_000,
  sectionFields: 10,
  fieldText: 2_000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  actionId: 255,
  buttonValue: 2_000,
  blockId: 255,
  viewTitle: 24,
  privateMetadata: 3_000,
  callbackId: 255,
  inputLabel: 2_000,
} as const;

type Json = Record<string, unknown>;

/** Problems with a blocks array, as Slack lists them in `response_metadata.messages`. */
export function checkBlocks(blocks: unknown, max: number): string[] {
  if (!Array.isArray(blocks)) return ['[ERROR] blocks must be an array'];
  if (blocks.length > max) return [`[ERROR] no more than ${max} items allowed [json-pointer:/blocks]`];
  const problems: string[] = [];
  const blockIds = new Set<string>();
  const actionIds = new Set<string>();
  blocks.forEach((block: Json, index) => {
    const at = `[json-pointer:/blocks/${index}]`;
    if (typeof block !== 'object' || block === null || typeof block.type !== 'string') {
      problems.push(`[ERROR] missing required field: type ${at}`);
      return;
    }
    if (block.block_id !== undefined) {
      const id = typeof block.block_id === 'string' ? block.block_id : JSON.stringify(block.block_id);
      if (id.length > slackLimits.blockId) problems.push(`[ERROR] block_id too long ${at}`);
      if (blockIds.has(id)) problems.push(`[ERROR] duplicate block_id ${at}`);
      blockIds.add(id);
    }
    problems.push(...checkBlock(block, at, actionIds));
  });
  return problems;
}

function checkBlock(block: Json, at: string, actionIds: Set<string>): string[] {
  switch (block.type) {
    case 'section': {
      const problems =
        block.text === undefined && block.fields === undefined
          ? [`[ERROR] section needs text or fields ${at}`]
          : [];
      if (block.text !== undefined) problems.push(...checkText(block.text, slackLimits.sectionText, at));
      if (block.fields !== undefined) {
        const fields = Array.isArray(block.fields) ? block.fields : [];
        if (fields.length > slackLimits.sectionFields) problems.push(`[ERROR] too many fields ${at}`);
        for (const field of fields) problems.push(...checkText(field, slackLimits.fieldText, at));
      }
      if (block.accessory !== undefined)
        problems.push(...checkElement(block.accessory as Json, at, actionIds));
      return problems;
    }
    case 'header':
      return checkText(block.text, slackLimits.headerText, at, true);
    case 'context': {
      const elements = Array.isArray(block.elements) ? (block.elements as Json[]) : [];
      if (elements.length < 1 || elements.length > slackLimits.contextElements)
        return [`[ERROR] context needs 1 to ${slackLimits.contextElements} elements ${at}`];
      return elements.flatMap((element) =>
        element.type === 'image' ? [] : checkText(element, slackLimits.sectionText, at),
      );
    }
    case 'actions': {
      const elements = Array.isArray(block.elements) ? (block.elements as Json[]) : [];
      if (elements.length < 1 || elements.length > slackLimits.actionsElements)
        return [`[ERROR] actions needs 1 to ${slackLimits.actionsElements} elements ${at}`];
      return elements.flatMap((element) => checkElement(element, at, actionIds));
    }
    case 'input': {
      const problems = checkText(block.label, slackLimits.inputLabel, at, true);
      if (typeof block.element !== 'object' || block.element === null)
        problems.push(`[ERROR] input needs an element ${at}`);
      else problems.push(...checkElement(block.element as Json, at, actionIds));
      return problems;
    }
    case 'divider':
    case 'image':
    case 'rich_text':
      return [];
    default:
      return [`[ERROR] unknown block type ${String(block.type)} ${at}`];
  }
}

function checkElement(element: Json, at: string, actionIds: Set<string>): string[] {
  const problems: string[] = [];
  if (element.action_id !== undefined) {
    const id = typeof element.action_id === 'string' ? element.action_id : JSON.stringify(element.action_id);
    if (id.length > slackLimits.actionId) problems.push(`[ERROR] action_id too long ${at}`);
    if (actionIds.has(id)) problems.push(`[ERROR] duplicate action_id ${id} ${at}`);
    actionIds.add(id);
  }
  if (element.type === 'button') {
    problems.push(...checkText(element.text, slackLimits.buttonText, at, true));
    if (typeof element.value === 'string' && element.value.length > slackLimits.buttonValue)
      problems.push(`[ERROR] button value too long ${at}`);
    if (element.style !== undefined && element.style !== 'primary' && element.style !== 'danger')
      problems.push(`[ERROR] style must be primary or danger ${at}`);
  }
  return problems;
}

function checkText(text: unknown, max: number, at: string, plainOnly = false): string[] {
  const object = text as Json | undefined;
  if (typeof object !== 'object' || object === null || typeof object.text !== 'string')
    return [`[ERROR] missing required text object ${at}`];
  if (object.type !== 'plain_text' && (plainOnly || object.type !== 'mrkdwn'))
    return [`[ERROR] text type must be ${plainOnly ? 'plain_text' : 'plain_text or mrkdwn'} ${at}`];
  if (object.text.length < 1) return [`[ERROR] text must not be empty ${at}`];
  if (object.text.length > max) return [`[ERROR] text must be at most ${max} characters ${at}`];
  return [];
}

/** Problems with a view (modal or App Home). */
export function checkView(view: unknown, expected?: 'modal' | 'home'): string[] {
  const v = view as Json | undefined;
  if (typeof v !== 'object' || v === null) return ['[ERROR] view is required'];
  if (v.type !== 'modal' && v.type !== 'home') return ['[ERROR] view type must be modal or home'];
  if (expected && v.type !== expected) return [`[ERROR] view type must be ${expected}`];
  const problems = checkBlocks(v.blocks, slackLimits.viewBlocks);
  if (v.type === 'modal') {
    problems.push(...checkText(v.title, slackLimits.viewTitle, '[json-pointer:/view/title]', true));
    for (const label of ['submit', 'close'] as const) {
      if (v[label] !== undefined)
        problems.push(...checkText(v[label], slackLimits.viewTitle, `[json-pointer:/view/${label}]`, true));
    }
  }
  if (typeof v.private_metadata === 'string' && v.private_metadata.length > slackLimits.privateMetadata)
    problems.push('[ERROR] private_metadata too long');
  if (typeof v.callback_id === 'string' && v.callback_id.length > slackLimits.callbackId)
    problems.push('[ERROR] callback_id too long');
  return problems;
}
