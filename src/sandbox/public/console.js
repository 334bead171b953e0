// The sandbox console: polls /sandbox/api/state and turns clicks into /sandbox/api/* calls, which the
// server turns into signed LINE webhooks and Slack requests to the bot.

const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'onclick') node.addEventListener('click', value);
    else if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
};

const ui = {
  selected: localStorage.getItem('joren.sandbox.customer') ?? '',
  lastChat: '',
  lastStaff: '',
  modalId: '',
};
let threadTs = '';
let pending = '';

function setStatus(text, isError = false) {
  $('status').textContent = text;
  $('status').classList.toggle('error', isError);
}

async function call(path, body, busy) {
  setStatus(busy ?? '送信中…');
  document.body.setAttribute('aria-busy', 'true');
  try {
    const res = await fetch(`/sandbox/api${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
    const answer = await res.json().catch(() => ({}));
    if (!res.ok || answer.error) throw new Error(answer.message ?? `HTTP ${res.status}`);
    setStatus('');
    return answer;
  } catch (error) {
    setStatus(`エラー: ${error.message}`, true);
    return undefined;
  } finally {
    // Busy until the screen shows the outcome (tests and screen readers wait on aria-busy).
    await refresh();
    document.body.removeAttribute('aria-busy');
  }
}

function line(input) {
  if (!ui.selected) return setStatus('先にお客様を追加または選択してください。', true);
  return call('/line', { userId: ui.selected, input });
}

// ---- LINE messages -------------------------------------------------------------------------------

function actionButton(action) {
  const label = action.label ?? action.text ?? '（ボタン）';
  return el('button', { type: 'button', text: label, onclick: () => tap(action) });
}

function tap(action) {
  const label = action.label ?? '';
  if (action.type === 'message') return line({ kind: 'text', text: action.text ?? label });
  if (action.type === 'postback')
    return line({ kind: 'postback', data: action.data, label: action.displayText ?? label });
  if (action.type === 'datetimepicker') {
    pending = action.data;
    $('date-label').textContent = label;
    $('date-picker').hidden = false;
    $('date-input').focus();
    return undefined;
  }
  return setStatus(`${action.type} のボタンはサンドボックスでは動きません。`, true);
}

function bubbleOf(message) {
  const bubble = el('div', { class: 'bubble' });
  if (message.type === 'text') bubble.append(message.text);
  else if (message.type === 'sticker') bubble.append('（スタンプ）');
  else if (message.type === 'template') {
    const template = message.template ?? {};
    bubble.append(template.text ?? message.altText ?? '');
    const buttons = el('div', { class: 'buttons' });
    for (const action of template.actions ?? []) buttons.append(actionButton(action));
    bubble.append(buttons);
  } else bubble.append(message.altText ? `［${message.type}］${message.altText}` : `［${message.type}］`);
  return bubble;
}

function renderChat(items) {
  const chat = $('chat');
  chat.replaceChildren();
  let quick = [];
  for (const item of items) {
    if (item.from === 'customer') {
      chat.append(el('li', { class: 'from-customer' }, el('div', { class: 'bubble', text: item.text })));
      quick = [];
    } else {
      const time = item.at ? clockText(item.at) : '';
      chat.append(
        el('li', { class: 'from-shop' }, bubbleOf(item.message), el('span', { class: 'time', text: time })),
      );
      quick = item.message.quickReply?.items?.map((i) => i.action) ?? [];
    }
  }
  // LINE shows quick replies under the latest message only, and hides them once the customer answers.
  $('quick-replies').replaceChildren(...quick.map(actionButton));
  chat.scrollTop = chat.scrollHeight;
}

// ---- Slack messages ------------------------------------------------------------------------------

function escapeHtml(text) {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
}

function mrkdwn(text) {
  const html = escapeHtml(text ?? '')
    .replace(/&lt;([^|&]+)\|([^&]+)&gt;/g, '$2')
    .replace(/&lt;@([A-Z0-9]+)&gt;/g, '@$1')
    .replace(/\*([^*\n]+)\*/g, '<strong>$1</strong>')
    .replace(/(^|\s)_([^_\n]+)_/g, '$1<em>$2</em>')
    .replace(/~([^~\n]+)~/g, '<del>$1</del>');
  return html
    .split('\n')
    .map((l) => (l.startsWith('&gt; ') ? `<blockquote>${l.slice(5)}</blockquote>` : `${l}<br>`))
    .join('');
}

function textNode(obj, cls = 'block') {
  const div = el('div', { class: cls });
  if (!obj) return div;
  if (obj.type === 'mrkdwn') div.innerHTML = mrkdwn(obj.text);
  else div.textContent = obj.text ?? '';
  return div;
}

function renderBlocks(blocks, messageTs, ephemeral = false) {
  const out = [];
  for (const block of blocks ?? []) {
    if (block.type === 'header') out.push(textNode(block.text, 'block header'));
    else if (block.type === 'section') {
      if (block.text) out.push(textNode(block.text));
      if (block.fields) out.push(el('div', { class: 'fields' }, ...block.fields.map((f) => textNode(f))));
      if (block.accessory?.type === 'button')
        out.push(
          el(
            'div',
            { class: 'block actions' },
            slackButton(block.accessory, block.block_id, messageTs, ephemeral),
          ),
        );
    } else if (block.type === 'context') {
      const div = el('div', { class: 'block context' });
      for (const e of block.elements ?? []) if (e.text) div.append(textNode(e, 'ctx'));
      out.push(div);
    } else if (block.type === 'actions') {
      const div = el('div', { class: 'block actions' });
      for (const e of block.elements ?? [])
        if (e.type === 'button') div.append(slackButton(e, block.block_id, messageTs, ephemeral));
      out.push(div);
    } else if (block.type === 'divider') out.push(el('hr'));
    else if (block.type === 'image')
      out.push(el('div', { class: 'block context', text: `［画像］${block.alt_text ?? ''}` }));
  }
  return out;
}

function slackButton(element, blockId, messageTs, ephemeral) {
  const attrs = { type: 'button', text: element.text?.text ?? element.action_id };
  if (element.style) attrs.class = element.style;
  if (!messageTs) attrs.disabled = 'disabled';
  return el('button', {
    ...attrs,
    onclick: () =>
      call('/slack/press', {
        messageTs,
        actionId: element.action_id,
        ...(element.value !== undefined ? { value: element.value } : {}),
        ...(blockId ? { blockId } : {}),
        ...(ephemeral ? { ephemeral } : {}),
      }),
  });
}

function slackMessage(message, isReply) {
  const li = el('li', { class: 'slack-message' });
  li.append(
    el('span', { class: 'author', text: message.user }),
    el('span', { class: 'time', text: tsText(message.ts) }),
  );
  if (message.blocks?.length) li.append(...renderBlocks(message.blocks, message.ts));
  else li.append(textNode({ type: 'mrkdwn', text: message.text }));
  if (!isReply) {
    const replies = message.replies ?? [];
    if (replies.length)
      li.append(
        el('ol', { class: 'thread', 'aria-label': 'スレッド' }, ...replies.map((r) => slackMessage(r, true))),
      );
    li.append(
      el('button', {
        type: 'button',
        class: 'link-button',
        text: replies.length ? `スレッドで返信（${replies.length} 件）` : 'スレッドで返信',
        onclick: () => openThread(message),
      }),
    );
  }
  return li;
}

function openThread(message) {
  threadTs = message.ts;
  const snippet = (message.text ?? '').replace(/\s+/g, ' ').slice(0, 30);
  $('thread-label').textContent = `スレッドで返信: ${snippet}`;
  $('thread-reply').hidden = false;
  $('thread-text').focus();
}

function renderStaff(staff) {
  $('channel-name').textContent = `#${staff.channel}`;
  const list = $('staff-messages');
  list.replaceChildren(...staff.messages.map((m) => slackMessage(m, false)));
  list.scrollTop = list.scrollHeight;
  const answers = staff.answers.map((body) =>
    el(
      'div',
      { class: 'answer' },
      el('div', { class: 'label', text: 'あなただけに表示されています' }),
      ...(body.blocks?.length
        ? renderBlocks(body.blocks, 'ephemeral', true)
        : [textNode({ type: 'mrkdwn', text: body.text })]),
    ),
  );
  $('answers').replaceChildren(...answers.slice(-3));
  renderModal(staff.modal);
}

function renderModal(modal) {
  if (!modal) {
    $('modal').hidden = true;
    ui.modalId = '';
    return;
  }
  if (modal.id === ui.modalId) return;
  ui.modalId = modal.id;
  $('modal-title').textContent = modal.view.title?.text ?? '';
  $('modal-submit').textContent = modal.view.submit?.text ?? '送信';
  const body = $('modal-body');
  body.replaceChildren();
  for (const block of modal.view.blocks ?? []) {
    if (block.type !== 'input') {
      body.append(...renderBlocks([block], ''));
      continue;
    }
    const id = `modal-${block.block_id}-${block.element?.action_id}`;
    const field = block.element?.multiline ? el('textarea', { rows: '3' }) : el('input');
    field.id = id;
    field.dataset.block = block.block_id;
    field.dataset.action = block.element?.action_id;
    body.append(el('label', { for: id, text: block.label?.text ?? '' }), field);
  }
  $('modal').hidden = false;
  body.querySelector('input, textarea')?.focus();
}

// ---- state ---------------------------------------------------------------------------------------

function clockText(iso) {
  return new Date(iso).toLocaleString('ja-JP', {
    timeZone: ui.timezone,
    month: 'numeric',
    day: 'numeric',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
}

function tsText(ts) {
  return clockText(new Date(Number(ts) * 1000).toISOString());
}

function renderCustomers(customers) {
  const select = $('customer-select');
  const options = customers.map((c) => el('option', { value: c.userId, text: c.displayName }));
  if (customers.length === 0) options.push(el('option', { value: '', text: '（まだいません）' }));
  const known = customers.some((c) => c.userId === ui.selected);
  if (!known) ui.selected = customers[0]?.userId ?? '';
  select.replaceChildren(...options);
  select.value = ui.selected;
}

let refreshes = 0;
let shown = 0;

async function refresh() {
  // The periodic refresh and an action's refresh can overlap: an older answer never overwrites a newer one.
  const mine = ++refreshes;
  const query = ui.selected ? `?customer=${encodeURIComponent(ui.selected)}` : '';
  const res = await fetch(`/sandbox/api/state${query}`).catch(() => undefined);
  if (!res?.ok) return setStatus('ボットに接続できません。npm start が動いているか確認してください。', true);
  const state = await res.json();
  if (mine < shown) return undefined;
  shown = mine;
  ui.timezone = state.timezone;
  $('shop-name').textContent = `— ${state.shopName}`;
  $('clock').textContent = clockText(state.now);
  renderCustomers(state.customers);
  const chatKey = JSON.stringify([ui.selected, state.chat]);
  if (chatKey !== ui.lastChat) {
    ui.lastChat = chatKey;
    renderChat(state.chat);
  }
  const staffKey = JSON.stringify(state.staff);
  if (staffKey !== ui.lastStaff) {
    ui.lastStaff = staffKey;
    renderStaff(state.staff);
  }
  return undefined;
}

// ---- wiring --------------------------------------------------------------------------------------

$('customer-select').addEventListener('change', (e) => {
  ui.selected = e.target.value;
  localStorage.setItem('joren.sandbox.customer', ui.selected);
  void refresh();
});
$('add-customer').addEventListener('submit', async (e) => {
  e.preventDefault();
  const displayName = $('new-name').value.trim();
  if (!displayName) return setStatus('名前を入力してください。', true);
  const added = await call('/customers', { displayName });
  if (added) {
    ui.selected = added.userId;
    localStorage.setItem('joren.sandbox.customer', ui.selected);
    $('new-name').value = '';
    await refresh();
  }
  return undefined;
});
$('follow').addEventListener('click', () => line({ kind: 'follow' }));
$('unfollow').addEventListener('click', () => line({ kind: 'unfollow' }));
$('record-visit').addEventListener('click', async () => {
  if (!ui.selected) return setStatus('先にお客様を選択してください。', true);
  const recorded = await call('/visit', { userId: ui.selected, menu: 'カット' }, '来店を記録しています…');
  if (recorded) setStatus('来店（カット）を記録しました。翌日にお礼、7 日後にアンケートが届きます。');
  return undefined;
});
$('check-in').addEventListener('click', async () => {
  if (!ui.selected) return setStatus('先にお客様を選択してください。', true);
  // The counter QR types today's check-in message into the chat; this sends it as the customer would.
  const sent = await call('/check-in', { userId: ui.selected }, 'チェックインしています…');
  if (sent) setStatus(`「${sent.message}」を送りました（店頭の QR を読み取ったときと同じです）。`);
  return undefined;
});
$('sticker').addEventListener('click', () => line({ kind: 'sticker' }));
$('say').addEventListener('submit', async (e) => {
  e.preventDefault();
  const text = $('say-text').value.trim();
  if (!text) return;
  $('say-text').value = '';
  await line({ kind: 'text', text });
});
$('date-picker').addEventListener('submit', async (e) => {
  e.preventDefault();
  $('date-picker').hidden = true;
  await line({
    kind: 'postback',
    data: pending,
    label: $('date-label').textContent,
    date: $('date-input').value,
  });
});
$('command').addEventListener('submit', async (e) => {
  e.preventDefault();
  const typed = $('command-text').value.trim();
  const match = /^(\/[a-z-]+)\s*([\s\S]*)$/.exec(typed);
  if (!match) return setStatus('「/lapsed」のように / で始まるコマンドを入力してください。', true);
  $('command-text').value = '';
  await call('/slack/command', { command: match[1], text: match[2] });
  return undefined;
});
$('thread-reply').addEventListener('submit', async (e) => {
  e.preventDefault();
  const text = $('thread-text').value.trim();
  if (!text) return;
  $('thread-text').value = '';
  $('thread-reply').hidden = true;
  await call('/slack/reply', { threadTs, text });
});
$('thread-cancel').addEventListener('click', () => ($('thread-reply').hidden = true));
$('modal-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const values = {};
  for (const field of $('modal-body').querySelectorAll('[data-block]')) {
    values[field.dataset.block] = { ...values[field.dataset.block], [field.dataset.action]: field.value };
  }
  $('modal').hidden = true;
  await call('/slack/submit', { viewId: ui.modalId, values });
});
$('modal-cancel').addEventListener('click', async () => {
  $('modal').hidden = true;
  await call('/slack/close', { viewId: ui.modalId });
});
for (const button of document.querySelectorAll('[data-travel]')) {
  button.addEventListener('click', async () => {
    const moved = await call('/time', { days: Number(button.dataset.travel) }, '時間を進めています…');
    if (moved) setStatus(`${clockText(moved.now)} に進めました（実行した処理: ${moved.jobsRun} 件）`);
  });
}
$('to-birthday').addEventListener('click', async () => {
  if (!ui.selected) return setStatus('先にお客様を選択してください。', true);
  const moved = await call('/time', { birthdayOf: ui.selected }, '時間を進めています…');
  if (moved) setStatus(`${clockText(moved.now)} に進めました（実行した処理: ${moved.jobsRun} 件）`);
  return undefined;
});
$('load-demo').addEventListener('click', async () => {
  const loaded = await call('/demo', {}, 'デモデータを読み込んでいます…');
  if (loaded)
    setStatus(`デモデータを読み込みました（お客様 ${loaded.customers} 人、来店 ${loaded.visits} 件）`);
});

await refresh();
setInterval(() => void refresh(), 1500);
