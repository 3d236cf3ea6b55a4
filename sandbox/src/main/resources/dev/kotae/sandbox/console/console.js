// Kotae's sandbox console: polls the sandbox's whole view and keeps the page in step with it.
// Every text from a phone or the API is set with textContent, never parsed as markup.
'use strict';

const STATE = '/sandbox/console/state';
const POLL_MILLIS = 1000;
const RETRY_MILLIS = 2000;
/** A request the sandbox has not answered by then counts as lost: the page says so and asks again. */
const REQUEST_MILLIS = 10000;
/** An advance waits for each due time's work (up to half a minute each, and a batch at the number's pace). */
const ADVANCE_MILLIS = 300000;

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

const pad = n => String(Math.abs(n)).padStart(2, '0');

/**
 * A moment in this browser's time zone, written one way everywhere on the page, whatever the browser's
 * language: ISO 8601's date and time (2026-12-11 09:00:05), as the send-at field takes them.
 */
function localIso(date, { seconds = true } = {}) {
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  const hour = `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  return `${day} ${hour}${seconds ? ':' + pad(date.getSeconds()) : ''}`;
}

/** This browser's offset from UTC at that moment, as RFC 3339 writes it (+09:00, -03:30). */
function offsetOf(date) {
  // Rounded: a historic zone's offset can have seconds, which RFC 3339 offsets do not.
  const offset = -Math.round(date.getTimezoneOffset());
  return `${offset >= 0 ? '+' : '-'}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
}

/** A moment with its date: the sandbox's clock can move days ahead. */
function time(iso) {
  return el('time', { datetime: iso, title: iso, text: localIso(new Date(iso)) });
}

function shortDate(iso) {
  return localIso(new Date(iso), { seconds: false });
}

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]/;

/** Plainly Japanese text is marked so, for a screen reader to read it with a Japanese voice. */
function languageOf(text) {
  return JAPANESE.test(text) ? 'ja' : undefined;
}

/**
 * Keeps a list element's children in step with items: an item whose content is unchanged keeps its
 * element (and whatever is open or focused in it); a changed one is updated in place when update can
 * (so that a live region announces nothing twice), else rendered again; order follows items.
 */
function syncList(list, items, keyOf, render, update = () => false) {
  const existing = new Map([...list.children].map(child => [child.dataset.key, child]));
  let previous = null;
  for (const item of items) {
    const key = keyOf(item);
    const signature = JSON.stringify(item);
    let node = existing.get(key);
    if (!node || (node.dataset.signature !== signature && !update(node, item))) {
      const fresh = render(item);
      fresh.dataset.key = key;
      if (node) node.replaceWith(fresh);
      node = fresh;
    }
    node.dataset.signature = signature;
    existing.delete(key);
    const expectedPosition = previous ? previous.nextSibling : list.firstChild;
    if (node !== expectedPosition) list.insertBefore(node, expectedPosition);
    previous = node;
  }
  for (const stale of existing.values()) stale.remove();
}

async function call(method, path, body, headers = {}, timeoutMillis = REQUEST_MILLIS) {
  const response = await fetch(path, {
    method,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMillis),
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

/** Runs a request with the buttons in container disabled, so that a second Enter cannot send it twice. */
async function inFlight(container, request) {
  const buttons = [...container.querySelectorAll('button')];
  buttons.forEach(button => { button.disabled = true; });
  try {
    return await request();
  } finally {
    buttons.forEach(button => { button.disabled = false; });
  }
}

/** Submits a form's request; a refusal is shown in the form's alert, the view refreshed either way. */
function handle(form, send, { keep = false } = {}) {
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const alert = form.querySelector('.form-error');
    alert.textContent = '';
    try {
      const answer = await inFlight(form, () => send(new FormData(form)));
      if (answer.status >= 400) {
        alert.textContent = errorText(answer);
      } else if (!keep) {
        form.reset();
      }
    } catch (failure) {
      alert.textContent = `The sandbox did not answer: ${failure.message}`;
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
  // It stays quiet until it holds the thread as first read (renderPhones turns it on): opening the page
  // does not read every message out, and after that only new messages are announced.
  const log = el('div', { class: 'thread-log', role: 'log', 'aria-live': 'off', 'aria-relevant': 'additions',
    'aria-label': `Messages with ${number}`, tabindex: '0' }, thread);
  const input = el('input', { id: `${id}-reply`, name: 'body', required: true, autocomplete: 'off' });
  const form = el('form', { class: 'reply' },
    el('div', { class: 'field' }, el('label', { for: `${id}-reply`, text: `Reply from ${number}` }), input),
    el('button', { type: 'submit', text: 'Send' }),
    el('p', { class: 'form-error', role: 'alert' }));
  handle(form, data => {
    const request = { from: number, body: data.get('body') };
    // As End User Messaging: a reply names the message most recently sent to the phone (previousPublishedMessageId).
    const last = lastSent(number);
    if (last) request.inReplyTo = last;
    return call('POST', '/sandbox/inbound', request);
  });
  return el('li', { class: 'phone', 'data-number': number },
    el('article', { 'aria-labelledby': `${id}-title` }, title, badges, log, form));
}

/** End User Messaging's id of the message most recently sent to the phone (accepted, whatever became of it). */
function lastSent(number) {
  const phone = latest && latest.phones.find(p => p.number === number);
  const sent = phone ? phone.thread.filter(bubble => bubble.direction === 'out' && bubble.sentAt) : [];
  sent.sort((a, b) => Date.parse(a.sentAt) - Date.parse(b.sentAt));
  return sent.length ? sent[sent.length - 1].providerMessageId : null;
}

/** What a number's consent to marketing reads as on its badge, by its state (none while it was never recorded). */
const CONSENT_BADGES = {
  GRANTED: { class: 'confirmed', text: 'Marketing consent since' },
  PENDING: { class: 'open', text: 'Marketing consent asked' },
  REVOKED: { class: 'closed', text: 'Marketing consent withdrawn' },
};

/**
 * The phone's opt-out state, its consent to marketing (as GET /recipients shows it), then each conversation with its
 * reference, what it awaits or got, and its expiry.
 */
function badgeItems(recipient, consent) {
  if (!recipient) return [];
  const items = [recipient.optedOut
    ? { key: 'opt', class: 'opted-out', text: 'Opted out' + (recipient.optedOutAt ? ` since ${shortDate(recipient.optedOutAt)}` : '') }
    : { key: 'opt', class: 'opted-in', text: 'Opted in' }];
  const marketing = consent && CONSENT_BADGES[consent.state];
  if (marketing) {
    items.push({ key: 'consent', class: marketing.class,
      text: marketing.text + (consent.changedAt ? ` ${shortDate(consent.changedAt)}` : '') });
  }
  for (const conversation of recipient.conversations) {
    const name = conversation.reference || `conversation ${conversation.conversationId.slice(0, 8)}`;
    const state = conversation.state;
    const parts = [`${state} ${name}`];
    if (state === 'OPEN') parts.push(`awaits ${conversation.keywords.join(', ')}`);
    if (conversation.answeredWith) parts.push(`answered ${conversation.answeredWith}`);
    parts.push(`${state === 'EXPIRED' ? 'expired' : 'expires'} ${shortDate(conversation.expiresAt)}`);
    items.push({ key: conversation.conversationId, class: state.toLowerCase(), text: parts.join(' · ') });
  }
  return items;
}

function statusText(item) {
  if (item.status === 'scheduled') return `scheduled for ${shortDate(item.sendAt)}`;
  if (item.status === 'failed') return `failed: ${item.failure}`;
  return item.status;
}

function refusalList(item) {
  if (!item.refusals || item.refusals.length === 0) return null;
  const refusals = el('ul', { class: 'refusals', 'aria-label': 'Refused by End User Messaging' });
  for (const refusal of item.refusals) {
    refusals.append(el('li', {}, time(refusal.at), ` ${refusal.error}${refusal.reason ? ' ' + refusal.reason : ''}: ${refusal.message}`));
  }
  return refusals;
}

function bubble(item) {
  const segments = `${item.segments} segment${item.segments === 1 ? '' : 's'} · ${item.encoding === 'UCS2' ? 'UCS-2' : 'GSM-7'}`;
  const meta = el('p', { class: 'meta' }, time(item.at), ` · ${segments}`);
  if (item.direction === 'out') {
    meta.append(' · ', el('span', { class: 'status', text: statusText(item) }));
  } else if (item.deliveries > 1) {
    meta.append(` · delivered to Kotae ${item.deliveries} times`);
  }
  return el('li', { class: `bubble ${item.direction} ${item.status || ''}` },
    el('span', { class: 'visually-hidden', text: item.direction === 'out' ? 'Kotae: ' : 'Phone: ' }),
    el('p', { class: 'text', lang: languageOf(item.body), text: item.body }), meta, refusalList(item));
}

/** A message's status moved, or a retry was refused: changed in place, so the log does not announce it again. */
function updateBubble(node, item) {
  const status = node.querySelector('.status');
  if (item.direction !== 'out' || !status) return false;
  node.className = `bubble out ${item.status}`;
  status.textContent = statusText(item);
  node.querySelector('.meta time').replaceWith(time(item.at));
  node.querySelector('.refusals')?.remove();
  const refusals = refusalList(item);
  if (refusals) node.append(refusals);
  return true;
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
    syncList(card.querySelector('.thread'), phone.thread, item => item.direction + item.key, bubble, updateBubble);
    log.setAttribute('aria-live', 'polite');
    if (atBottom) log.scrollTop = log.scrollHeight;
    syncList(card.querySelector('.badges'), badgeItems(phone.recipient, phone.consent), item => item.key,
      item => el('li', { class: `badge ${item.class}`, text: item.text }));
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
    const shown = queue.depth > queue.messages.length ? ` (the first ${queue.messages.length} below)` : '';
    const item = el('li', {}, el('strong', { text: queue.deadLetterQueue }),
      ` · ${queue.depth} message${queue.depth === 1 ? '' : 's'}${shown}`);
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
      // The call every send makes is the one most worth failing.
      if (options.includes('SendTextMessage')) select.value = 'SendTextMessage';
    }
  }
  const pending = view.faults.pending.length ? view.faults.pending : [{ none: true }];
  syncList(document.getElementById('pending-faults'), pending, fault => fault.none ? 'none' : fault.operation, fault => fault.none
    ? el('li', { class: 'hint', text: 'None: every call is answered as usual.' })
    : el('li', { text: `${fault.operation}: ${fault.fault}, ${fault.remaining} more call${fault.remaining === 1 ? '' : 's'}` }));
}

/** The sandbox's time: this machine's (the page's), plus how far the sandbox's clock was moved ahead. */
function renderClock() {
  if (!latest) return;
  const now = new Date(Date.now() + latest.clock.aheadMillis);
  const shown = document.getElementById('clock-now');
  shown.dateTime = now.toISOString();
  shown.textContent = `${localIso(now)} ${offsetOf(now)}`;
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
    const response = await fetch(STATE, { cache: 'no-store', headers: etag ? { 'If-None-Match': etag } : {},
      signal: AbortSignal.timeout(REQUEST_MILLIS) });
    if (response.status === 200) {
      const tag = response.headers.get('ETag');
      render(await response.json());
      // Held only once drawn whole: after a failure the next answer is the whole view again, not a 304.
      etag = tag;
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

const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The send-at field's local time (2026-12-11 09:00, seconds optional) as RFC 3339 with this browser's offset
 * then; what is not such a time goes to the API as written, for it to refuse with its own code.
 */
function rfc3339(local) {
  const parts = LOCAL_TIME.exec(local.trim());
  if (!parts) return local;
  const [year, month, day, hour, minute, second] = parts.slice(1).map(part => Number(part ?? 0));
  const at = new Date(year, month - 1, day, hour, minute, second);
  // A date that does not exist (30 February, 24:00) or an hour a clock change skips would be moved by Date:
  // it goes as written instead, for the API to refuse.
  const exists = at.getFullYear() === year && at.getMonth() === month - 1 && at.getDate() === day
    && at.getHours() === hour && at.getMinutes() === minute && at.getSeconds() === second;
  return exists ? `${localIso(at).replace(' ', 'T')}${offsetOf(at)}` : local;
}

/** What an advance of the clock did on the way, in words. */
function passageText(passage) {
  const counted = (count, one, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
  return `Now ${passage.ahead} ahead: ${counted(passage.schedulesFired, 'schedule')} fired, `
    + `${counted(passage.messagesSent, 'message')} sent, ${passage.messagesFailed} failed, `
    + `${counted(passage.conversationsExpired, 'conversation')} expired.`;
}

/** The API's answer: its status line is announced, the body is there to read. */
function showAnswer(answer) {
  const box = document.getElementById('compose-answer');
  box.className = `answer ${answer.status >= 400 || answer.status === 0 ? 'error' : 'success'}`;
  box.querySelector('.status-line').textContent = `${answer.status} ${answer.statusText}`.trim();
  box.querySelector('pre').textContent = answer.json ? JSON.stringify(answer.json, null, 2) : answer.text;
  box.hidden = false;
}

function composeRequest(data) {
  const request = { to: data.get('to'), body: data.get('body') };
  const keywords = String(data.get('keywords') || '').split(',').map(k => k.trim()).filter(Boolean);
  // Any of the three asks for a reply; the API, not the page, says what is missing.
  if (keywords.length || data.get('reference') || data.get('ttlSeconds')) {
    request.expectReply = {};
    if (keywords.length) request.expectReply.keywords = keywords;
    if (data.get('reference')) request.expectReply.reference = data.get('reference');
    if (data.get('ttlSeconds')) request.expectReply.ttlSeconds = Number(data.get('ttlSeconds'));
  }
  if (data.get('sendAt')) request.sendAt = rfc3339(data.get('sendAt'));
  if (data.get('dryRun')) request.dryRun = true;
  return request;
}

function wireForms() {
  const compose = document.getElementById('compose-form');
  compose.addEventListener('submit', async event => {
    event.preventDefault();
    const data = new FormData(compose);
    const key = data.get('idempotencyKey');
    try {
      showAnswer(await inFlight(compose, () =>
        call('POST', '/messages', composeRequest(data), key ? { 'Idempotency-Key': key } : {})));
    } catch (failure) {
      showAnswer({ status: 0, statusText: 'No answer', json: null, text: failure.message });
    }
    refreshNow();
  });

  handle(document.getElementById('new-phone'), data =>
    call('POST', '/sandbox/inbound', { from: data.get('from'), body: data.get('body') }));

  handle(document.getElementById('fault-form'), data => call('POST', '/sandbox/faults',
    { operation: data.get('operation'), fault: data.get('fault'), count: Number(data.get('count')) }), { keep: true });

  const clock = document.getElementById('clock-form');
  handle(clock, data => advanceClock(data.get('advance')));
  const presets = document.getElementById('clock-presets');
  for (const preset of presets.querySelectorAll('[data-advance]')) {
    preset.addEventListener('click', async () => {
      const alert = clock.querySelector('.form-error');
      try {
        const answer = await inFlight(presets, () => advanceClock(preset.dataset.advance));
        alert.textContent = answer.status >= 400 ? errorText(answer) : '';
      } catch (failure) {
        alert.textContent = `The sandbox did not answer: ${failure.message}`;
      }
      refreshNow();
    });
  }
}

/**
 * Lets time pass: the sandbox answers once everything due on the way has fired and what it set going is
 * done, which may take a while; what happened on the way is said under the buttons.
 */
async function advanceClock(advance) {
  const result = document.getElementById('clock-result');
  result.textContent = `Letting ${advance} pass…`;
  try {
    const answer = await call('POST', '/sandbox/clock', { advance }, {}, ADVANCE_MILLIS);
    if (answer.status >= 400) {
      result.textContent = '';
    } else {
      result.textContent = answer.json.reached ? passageText(answer.json) : `${passageText(answer.json)} ${answer.json.message}`;
    }
    return answer;
  } catch (failure) {
    result.textContent = '';
    throw failure;
  }
}

wireForms();
poll();
setInterval(renderClock, 1000);
