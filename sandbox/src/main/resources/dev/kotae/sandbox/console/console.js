// Kotae's sandbox console: polls the sandbox's whole view and keeps the page in step with it.
// Every text from a phone or the API is set with textContent, never parsed as markup.
'use strict';

const STATE = '/sandbox/console/state';
const POLL_MILLIS = 1000;
const RETRY_MILLIS = 2000;

let etag = null;
let timer = null;
let polling = false;
let pollAgain = false;
let connected = null;
let latest = null;

// ---- Small helpers -------------------------------------------------------------------------------

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'text') node.textContent = value;
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

function time(iso) {
  const at = new Date(iso);
  return el('time', { datetime: iso, title: iso, text: at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' }) });
}

function dateTime(iso) {
  return el('time', { datetime: iso, title: iso, text: new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' }) });
}

/**
 * Keeps a list element's children in step with items: an item whose content is unchanged keeps its
 * element (and whatever is open or focused in it); a changed one is rendered again; order follows items.
 */
function syncList(list, items, keyOf, render) {
  const existing = new Map([...list.children].map(child => [child.dataset.key, child]));
  let previous = null;
  for (const item of items) {
    const key = keyOf(item);
    const signature = JSON.stringify(item);
    let node = existing.get(key);
    if (!node || node.dataset.signature !== signature) {
      const fresh = render(item);
      fresh.dataset.key = key;
      fresh.dataset.signature = signature;
      if (node) node.replaceWith(fresh);
      node = fresh;
    }
    existing.delete(key);
    const expectedPosition = previous ? previous.nextSibling : list.firstChild;
    if (node !== expectedPosition) list.insertBefore(node, expectedPosition);
    previous = node;
  }
  for (const stale of existing.values()) stale.remove();
}

async function call(method, path, body, headers = {}) {
  const response = await fetch(path, {
    method,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  return { status: response.status, statusText: response.statusText, json, text };
}

function errorText(answer) {
  const error = answer.json && answer.json.error;
  return error ? `${answer.status} ${error.code}: ${error.message}` : `${answer.status} ${answer.text}`;
}

/** Submits a form's request; a refusal is shown in the form's alert, the view refreshed either way. */
function handle(form, send) {
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const alert = form.querySelector('.form-error');
    if (alert) alert.textContent = '';
    try {
      const answer = await send(new FormData(form));
      if (answer.status >= 400) {
        if (alert) alert.textContent = errorText(answer);
      } else {
        if (form.dataset.reset !== 'no') form.reset();
      }
    } catch (failure) {
      if (alert) alert.textContent = `The sandbox did not answer: ${failure.message}`;
    }
    refreshNow();
  });
}

// ---- Phones --------------------------------------------------------------------------------------

function phoneId(number) {
  return 'phone-' + number.replace(/[^0-9A-Za-z]/g, '');
}

function phoneCard(number) {
  const id = phoneId(number);
  const title = el('h3', { id: `${id}-title`, text: number });
  const badges = el('ul', { class: 'badges', 'aria-label': `State of ${number}` });
  const thread = el('ol', { class: 'thread' });
  // The log is a scrolling region around the list, so that its messages stay list items to a screen reader.
  const log = el('div', { class: 'thread-log', role: 'log', 'aria-live': 'polite', 'aria-label': `Messages with ${number}`, tabindex: '0' }, thread);
  const input = el('input', { id: `${id}-reply`, name: 'body', required: true, autocomplete: 'off' });
  const form = el('form', { class: 'reply' },
    el('div', { class: 'field' }, el('label', { for: `${id}-reply`, text: `Reply from ${number}` }), input),
    el('button', { type: 'submit', text: 'Send' }),
    el('p', { class: 'form-error', role: 'alert' }));
  handle(form, data => {
    const request = { from: number, body: data.get('body') };
    // As End User Messaging: a reply names the last message sent to the phone (previousPublishedMessageId).
    const last = lastDelivered(number);
    if (last) request.inReplyTo = last;
    return call('POST', '/sandbox/inbound', request);
  });
  const card = el('li', { class: 'phone', 'data-number': number },
    el('article', { 'aria-labelledby': `${id}-title` }, title, badges, log, form));
  return card;
}

function lastDelivered(number) {
  const phone = latest && latest.phones.find(p => p.number === number);
  if (!phone) return null;
  const ours = phone.thread.filter(bubble => bubble.direction === 'out' && bubble.providerMessageId);
  return ours.length ? ours[ours.length - 1].providerMessageId : null;
}

function badgeItems(recipient) {
  if (!recipient) return [];
  const items = [recipient.optedOut
    ? { key: 'opt', class: 'opted-out', text: 'Opted out' + (recipient.optedOutAt ? ` since ${new Date(recipient.optedOutAt).toLocaleString()}` : '') }
    : { key: 'opt', class: 'opted-in', text: 'Opted in' }];
  for (const conversation of recipient.conversations) {
    const name = conversation.reference || conversation.conversationId.slice(0, 8);
    const state = conversation.state;
    let detail;
    if (state === 'OPEN') detail = `expires ${new Date(conversation.expiresAt).toLocaleString()}`;
    else if (state === 'CONFIRMED' && conversation.answeredWith) detail = `answered ${conversation.answeredWith}`;
    else if (state === 'EXPIRED') detail = `expired ${new Date(conversation.expiresAt).toLocaleString()}`;
    items.push({ key: conversation.conversationId, class: state.toLowerCase(), text: `${state} ${name}` + (detail ? ` · ${detail}` : ''),
                 title: `Conversation ${conversation.conversationId}, keywords ${conversation.keywords.join(', ')}, expires ${conversation.expiresAt}` });
  }
  return items;
}

function bubble(item) {
  const segments = `${item.segments} segment${item.segments === 1 ? '' : 's'} · ${item.encoding === 'UCS2' ? 'UCS-2' : 'GSM-7'}`;
  const meta = el('p', { class: 'meta' }, time(item.at), ` · ${segments}`);
  if (item.direction === 'out') {
    const status = item.status === 'failed' ? `failed: ${item.failure}` : item.status;
    meta.append(' · ', el('span', { class: 'status', text: status }));
  }
  const node = el('li', { class: `bubble ${item.direction} ${item.status || ''}`, 'aria-label': item.direction === 'out' ? 'Kotae' : 'Phone' },
    el('p', { class: 'text', text: item.body }), meta);
  if (item.refusals && item.refusals.length) {
    const refusals = el('ul', { class: 'refusals', 'aria-label': 'Refused by End User Messaging' });
    for (const refusal of item.refusals) {
      refusals.append(el('li', {}, time(refusal.at), ` ${refusal.error}${refusal.reason ? ' ' + refusal.reason : ''}: ${refusal.message}`));
    }
    node.append(refusals);
  }
  return node;
}

function renderPhones(view) {
  const list = document.getElementById('phone-list');
  document.getElementById('no-phones').hidden = view.phones.length > 0;
  const cards = new Map([...list.children].map(card => [card.dataset.number, card]));
  for (const phone of view.phones) {
    let card = cards.get(phone.number);
    if (!card) {
      card = phoneCard(phone.number);
      list.append(card);
    }
    const log = card.querySelector('.thread-log');
    const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
    syncList(card.querySelector('.thread'), phone.thread, item => item.direction + item.key, bubble);
    if (atBottom) log.scrollTop = log.scrollHeight;
    syncList(card.querySelector('.badges'), badgeItems(phone.recipient), item => item.key,
      item => el('li', { class: `badge ${item.class}`, title: item.title, text: item.text }));
  }
}

// ---- Side panels ---------------------------------------------------------------------------------

function renderEvents(view) {
  document.getElementById('events-count').textContent = String(view.events.length);
  const newestFirst = [...view.events].reverse();
  syncList(document.getElementById('events'), newestFirst, event => event.eventId, event => {
    const detail = event.detail || {};
    const who = detail.phoneNumber || detail.to || '';
    return el('li', {}, el('details', {},
      el('summary', {}, el('strong', { text: event.detailType }), who ? ` · ${who}` : '', el('span', { class: 'hint', text: ` ${event.source}` })),
      el('pre', { text: JSON.stringify(detail, null, 2) })));
  });
}

function renderDeadLetters(view) {
  syncList(document.getElementById('dead-letters'), view.deadLetters, queue => queue.queue, queue => {
    const item = el('li', {}, el('strong', { text: queue.deadLetterQueue }), ` · ${queue.messages.length} message${queue.messages.length === 1 ? '' : 's'}`);
    for (const message of queue.messages) {
      item.append(el('details', {}, el('summary', { text: message.messageId }), el('pre', { text: message.body })));
    }
    return item;
  });
}

function renderFaults(view) {
  for (const [id, options] of [['fault-operation', view.faults.operations], ['fault-name', view.faults.available]]) {
    const select = document.getElementById(id);
    if (select.options.length === 0) {
      for (const option of options) select.append(el('option', { value: option, text: option }));
    }
  }
  const pending = view.faults.pending.length ? view.faults.pending : [{ none: true }];
  syncList(document.getElementById('pending-faults'), pending, fault => fault.none ? 'none' : fault.operation, fault => fault.none
    ? el('li', { class: 'hint', text: 'None: every call is answered as usual.' })
    : el('li', { text: `${fault.operation}: ${fault.fault}, ${fault.remaining} more call${fault.remaining === 1 ? '' : 's'}` }));
}

function renderClock() {
  if (!latest) return;
  const now = new Date(Date.now() + latest.clock.aheadMillis);
  const shown = document.getElementById('clock-now');
  shown.dateTime = now.toISOString();
  shown.textContent = now.toLocaleString();
  document.getElementById('clock-ahead').textContent = latest.clock.aheadMillis === 0 ? '' : `(${latest.clock.ahead} ahead of this machine)`;
}

function render(view) {
  latest = view;
  document.getElementById('our-number').textContent = view.ourNumber;
  renderClock();
  renderPhones(view);
  renderEvents(view);
  renderDeadLetters(view);
  renderFaults(view);
}

// ---- Live updates --------------------------------------------------------------------------------

function setConnected(state) {
  if (connected === state) return;
  connected = state;
  const status = document.getElementById('connection');
  status.textContent = state ? 'Live' : 'Reconnecting to the sandbox…';
  status.classList.toggle('lost', !state);
}

async function poll() {
  if (polling) { pollAgain = true; return; }
  polling = true;
  clearTimeout(timer);
  try {
    const response = await fetch(STATE, { cache: 'no-store', headers: etag ? { 'If-None-Match': etag } : {} });
    if (response.status === 200) {
      etag = response.headers.get('ETag');
      render(await response.json());
    } else if (response.status !== 304) {
      throw new Error(`status ${response.status}`);
    }
    setConnected(true);
  } catch {
    setConnected(false);
  } finally {
    polling = false;
    if (pollAgain) {
      pollAgain = false;
      poll();
    } else {
      timer = setTimeout(poll, connected ? POLL_MILLIS : RETRY_MILLIS);
    }
  }
}

function refreshNow() {
  poll();
}

// ---- Forms ---------------------------------------------------------------------------------------

/** A datetime-local value (local time, no offset) as RFC 3339 with this browser's offset, whole seconds. */
function rfc3339(local) {
  const at = new Date(local);
  const pad = n => String(Math.abs(n)).padStart(2, '0');
  const offset = -at.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`
    + `${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
}

function showAnswer(answer) {
  const box = document.getElementById('compose-answer');
  box.className = `answer ${answer.status >= 400 ? 'error' : 'success'}`;
  box.replaceChildren(
    el('p', { class: 'status-line', text: `${answer.status} ${answer.statusText}`.trim() }),
    el('pre', { text: answer.json ? JSON.stringify(answer.json, null, 2) : answer.text }));
}

function composeRequest(data) {
  const request = { to: data.get('to'), body: data.get('body') };
  const keywords = String(data.get('keywords') || '').split(',').map(k => k.trim()).filter(Boolean);
  if (keywords.length) {
    request.expectReply = { keywords };
    if (data.get('reference')) request.expectReply.reference = data.get('reference');
    if (data.get('ttlSeconds')) request.expectReply.ttlSeconds = Number(data.get('ttlSeconds'));
  }
  if (data.get('sendAt')) request.sendAt = rfc3339(data.get('sendAt'));
  if (data.get('dryRun')) request.dryRun = true;
  return request;
}

function wireForms() {
  const compose = document.getElementById('compose-form');
  compose.dataset.reset = 'no';
  compose.addEventListener('submit', async event => {
    event.preventDefault();
    const data = new FormData(compose);
    const key = data.get('idempotencyKey');
    try {
      showAnswer(await call('POST', '/messages', composeRequest(data), key ? { 'Idempotency-Key': key } : {}));
    } catch (failure) {
      showAnswer({ status: 0, statusText: 'No answer', json: null, text: failure.message });
    }
    refreshNow();
  });

  handle(document.getElementById('new-phone'), data =>
    call('POST', '/sandbox/inbound', { from: data.get('from'), body: data.get('body') }));

  const faults = document.getElementById('fault-form');
  faults.dataset.reset = 'no';
  handle(faults, data => call('POST', '/sandbox/faults',
    { operation: data.get('operation'), fault: data.get('fault'), count: Number(data.get('count')) }));

  const clock = document.getElementById('clock-form');
  handle(clock, data => call('POST', '/sandbox/clock', { advance: data.get('advance') }));
  for (const preset of document.querySelectorAll('[data-advance]')) {
    preset.addEventListener('click', async () => {
      const alert = clock.querySelector('.form-error');
      const answer = await call('POST', '/sandbox/clock', { advance: preset.dataset.advance });
      alert.textContent = answer.status >= 400 ? errorText(answer) : '';
      refreshNow();
    });
  }
}

wireForms();
poll();
setInterval(renderClock, 1000);
