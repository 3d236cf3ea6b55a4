// Kotae's send page: signs the person in (the user pool's managed login, authorization code with PKCE), keeps the
// tokens in memory only, sends through POST /api/messages with the ID token and lists the person's own (GET). No framework, no inline script.
'use strict';

const TEXTS = {
  en: {
    title: 'Send a password by SMS', otherLanguage: '日本語', signIn: 'Sign in', signOut: 'Sign out',
    why: "Send the password of the file you e-mail by another channel: the recipient's phone.",
    to: "Recipient's mobile number", toHint: 'A Japanese number (090-1234-5678) or an international one (+81 90 1234 5678).',
    body: 'Message', generate: 'Generate a password', copy: 'Copy', send: 'Send', copied: 'Copied.',
    signingIn: 'Signing you in…', signedIn: 'Signed in.', sending: 'Sending…',
    sent: (receipt) => `Sent to ${receipt.to}: ${receipt.status}, ${receipt.segments} part(s), ${receipt.encoding}.`,
    failed: 'Not sent', signInAgain: 'Your sign-in has ended: sign in again.', offline: 'The network failed: press Send again; the message will not be sent twice.',
    passwordFor: 'Password for the file (shown once):',
    delivered: 'Delivered to the phone.',
    notDelivered: (reason) => `Not delivered: ${reason}. Check the number, or tell the recipient another way.`,
    willSend: (preview) => `Will go to ${preview.to}: ${preview.segments} part(s), ${preview.encoding}.`,
    mySends: 'My sends', noSends: 'You have not sent a message yet.', sentAt: 'Sent', recipient: 'To', state: 'Status',
    states: {
      DELIVERED: 'Delivered', FAILED: 'Not delivered', SENT: 'Sent, not delivered yet',
      UNKNOWN: 'May not have been sent: check with the recipient', DRY_RUN: 'Checked only, not sent',
    },
    refusals: {
      INVALID_PHONE_NUMBER: 'This number does not exist: check it with the recipient.',
      DESTINATION_NOT_ALLOWED: 'Your company does not send SMS to this country.',
      RECIPIENT_OPTED_OUT: 'The recipient asked not to receive SMS from us: tell them another way.',
      CALLER_QUOTA_EXCEEDED: 'You have sent your messages for today: try again tomorrow, or ask your administrator.',
      THROTTLED: 'Many messages are going out right now: wait a moment and press Send again.',
    },
  },
  ja: {
    title: 'パスワードをSMSで送る', otherLanguage: 'English', signIn: 'サインイン', signOut: 'サインアウト',
    why: 'メールで送るファイルのパスワードを、別の経路（相手の携帯電話）で送ります。',
    to: '送り先の携帯電話番号', toHint: '日本の番号（090-1234-5678）または国際番号（+81 90 1234 5678）。',
    body: 'メッセージ', generate: 'パスワードを作る', copy: 'コピー', send: '送信', copied: 'コピーしました。',
    signingIn: 'サインインしています…', signedIn: 'サインインしました。', sending: '送信しています…',
    sent: (receipt) => `${receipt.to} に送信しました：${receipt.status}、${receipt.segments}通、${receipt.encoding}。`,
    failed: '送信できませんでした', signInAgain: 'サインインの有効期限が切れました。もう一度サインインしてください。',
    offline: '通信に失敗しました。もう一度「送信」を押してください（二重には送られません）。',
    passwordFor: 'ファイルのパスワード（一度だけ表示）：',
    delivered: '携帯電話に届きました。',
    notDelivered: (reason) => `届きませんでした（${reason}）。番号を確かめるか、別の方法で相手に伝えてください。`,
    willSend: (preview) => `送り先 ${preview.to}：${preview.segments}通、${preview.encoding}。`,
    mySends: '送信履歴', noSends: 'まだ送信していません。', sentAt: '送信日時', recipient: '送り先', state: '状態',
    states: {
      DELIVERED: '届きました', FAILED: '届きませんでした', SENT: '送信済み（未着）',
      UNKNOWN: '送信されたか不明です。相手に確かめてください', DRY_RUN: '確認のみ（送信していません）',
    },
    refusals: {
      INVALID_PHONE_NUMBER: 'この番号は存在しません。相手に確かめてください。',
      DESTINATION_NOT_ALLOWED: 'この国へはSMSを送れない設定です。',
      RECIPIENT_OPTED_OUT: '相手はSMSの受け取りを停止しています。別の方法で伝えてください。',
      CALLER_QUOTA_EXCEEDED: '今日送れる件数に達しました。明日送るか、管理者に相談してください。',
      THROTTLED: '送信が混み合っています。少し待ってからもう一度「送信」を押してください。',
    },
  },
};
// Letters and digits a person cannot misread on a phone: no 0/O, 1/l/I, 5/S, 2/Z, 8/B.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY34679';

let language = navigator.language && navigator.language.startsWith('ja') ? 'ja' : 'en';
let config;
let idToken;
let idempotencyKey;
let lastAttempt;
let mySends = [];

const $ = (id) => document.getElementById(id);

function text(key) {
  return TEXTS[language][key];
}

function render() {
  document.documentElement.lang = language;
  document.querySelectorAll('[data-text]').forEach((element) => { element.textContent = text(element.dataset.text); });
  document.title = text('title');
  renderMySends();
}

/** How far a message went, in plain words: the phone's delivery event decides, else the send's own status. */
function stateOf(message) {
  const states = text('states');
  const delivery = (message.delivery || {}).status;
  if (delivery === 'DELIVERED' || delivery === 'FAILED') {
    return states[delivery];
  }
  return states[message.status] || states.SENT;
}

// Written with textContent only: nothing the API answers is ever read as HTML.
function renderMySends() {
  const rows = $('my-sends-rows');
  rows.replaceChildren(...mySends.map((message) => {
    const row = document.createElement('tr');
    const when = new Date(message.createdAt).toLocaleString(language === 'ja' ? 'ja-JP' : 'en-GB',
      { dateStyle: 'short', timeStyle: 'short' });
    [when, message.to, stateOf(message)].forEach((value) => {
      const cell = document.createElement('td');
      cell.textContent = value;
      row.append(cell);
    });
    return row;
  }));
  $('no-sends').hidden = mySends.length > 0;
  rows.closest('table').hidden = mySends.length === 0;
}

// "My sends": the person's latest messages as the API lists them (the number masked, never the text). A list that
// cannot be read now keeps the last one shown: it never stops a send or its following.
async function loadMySends() {
  try {
    const answer = await fetch('/api/messages', { headers: { Authorization: `Bearer ${idToken}` } });
    const listed = answer.ok ? (await answer.json()).messages : undefined;
    if (Array.isArray(listed)) {
      mySends = listed;
      renderMySends();
    }
  } catch (failure) {
    // the network failed: the next send or delivery reads it again
  }
}

/** A refusal in plain words where the page has them, else the API's own message. */
function refusal(error) {
  return text('refusals')[error.code] || error.message;
}

function say(message, refused) {
  $('status').textContent = message;
  $('status').classList.toggle('refused', Boolean(refused));
}

function base64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomText(length) {
  const values = crypto.getRandomValues(new Uint32Array(length));
  return Array.from(values, (value) => ALPHABET[value % ALPHABET.length]).join('');
}

function pageUrl() {
  return `${location.origin}${location.pathname}`;
}

async function signIn() {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  // The verifier and state must survive the trip to the sign-in page and back; tokens never leave memory.
  sessionStorage.setItem('kotae.signIn', JSON.stringify({ verifier, state }));
  const query = new URLSearchParams({
    response_type: 'code', client_id: config.clientId, redirect_uri: pageUrl(), scope: 'openid email',
    state, code_challenge_method: 'S256', code_challenge: challenge,
  });
  location.assign(`${config.signInUrl}/oauth2/authorize?${query}`);
}

async function finishSignIn(parameters) {
  const pending = JSON.parse(sessionStorage.getItem('kotae.signIn') || 'null');
  sessionStorage.removeItem('kotae.signIn');
  history.replaceState(null, '', pageUrl());
  if (!pending || pending.state !== parameters.get('state')) {
    say(text('signInAgain'), true);
    return;
  }
  say(text('signingIn'));
  const answer = await fetch(`${config.signInUrl}/oauth2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', client_id: config.clientId, code: parameters.get('code'),
      redirect_uri: pageUrl(), code_verifier: pending.verifier,
    }),
  });
  if (!answer.ok) {
    say(text('signInAgain'), true);
    return;
  }
  idToken = (await answer.json()).id_token;
  $('signed-out').hidden = true;
  $('send').hidden = false;
  $('sign-out').hidden = false;
  $('my-sends').hidden = false;
  say(text('signedIn'));
  await loadMySends();
}

function signOut() {
  idToken = undefined;
  const query = new URLSearchParams({ client_id: config.clientId, logout_uri: pageUrl() });
  location.assign(`${config.signInUrl}/logout?${query}`);
}

function generate() {
  const password = randomText(16);
  $('password').textContent = password;
  $('copy').hidden = false;
  $('body').value = `${text('passwordFor')} ${password}`;
  schedulePreview();
}

let previewTimer;

// As the person types: the number as Kotae reads it (or why it would be refused) and the message's parts, from
// the API itself, which sends, records and counts nothing for a preview.
function schedulePreview() {
  clearTimeout(previewTimer);
  previewTimer = setTimeout(async () => {
    const message = { to: $('to').value.trim(), body: $('body').value || ' ' };
    if (!message.to || !idToken) {
      $('preview').textContent = '';
      return;
    }
    const answer = await fetch('/api/preview', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${idToken}` },
      body: JSON.stringify(message),
    });
    const body = await answer.json();
    $('preview').textContent = answer.ok ? text('willSend')(body) : (body.error ? refusal(body.error) : '');
    $('preview').classList.toggle('refused', !answer.ok);
  }, 400);
}

async function send(event) {
  event.preventDefault();
  const message = { to: $('to').value.trim(), body: $('body').value };
  const attempt = JSON.stringify(message);
  // One key for this message, kept while it is retried, so a retry after a network error sends nothing twice.
  if (attempt !== lastAttempt) {
    idempotencyKey = crypto.randomUUID();
    lastAttempt = attempt;
  }
  say(text('sending'));
  let answer;
  try {
    answer = await fetch('/api/messages', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey, Authorization: `Bearer ${idToken}` },
      body: attempt,
    });
  } catch (failure) {
    say(text('offline'), true);
    return;
  }
  if (answer.status === 401) {
    say(text('signInAgain'), true);
    return;
  }
  const body = await answer.json();
  if (!answer.ok) {
    say(`${text('failed')}: ${body.error ? refusal(body.error) : answer.status}`, true);
    return;
  }
  lastAttempt = undefined;
  say(text('sent')(body));
  loadMySends();
  follow(body.messageId);
}

// Follows the message until End User Messaging's delivery event says it reached the phone, or failed: every two
// seconds for two minutes at most.
async function follow(messageId) {
  for (let attempt = 0; attempt < 60; attempt += 1) {
    await new Promise((resolve) => { setTimeout(resolve, 2000); });
    const answer = await fetch(`/api/messages/${encodeURIComponent(messageId)}`, {
      headers: { Authorization: `Bearer ${idToken}` },
    });
    if (!answer.ok) {
      return;
    }
    const message = await answer.json();
    // The send's own status, and the phone's delivery event (docs/api.md, GET /messages/{messageId}).
    const delivery = message.delivery || {};
    if (delivery.status === 'DELIVERED') {
      say(text('delivered'));
      await loadMySends();
      return;
    }
    if (message.status === 'FAILED' || delivery.status === 'FAILED') {
      say(text('notDelivered')(message.error ? message.error.code : delivery.eventType), true);
      await loadMySends();
      return;
    }
  }
}

async function start() {
  render();
  // Where to sign in comes first: a button pressed before it arrived would have nowhere to go.
  config = await (await fetch('/send/config.json')).json();
  $('language').addEventListener('click', () => { language = language === 'ja' ? 'en' : 'ja'; render(); });
  $('sign-in').addEventListener('click', signIn);
  $('sign-in').disabled = false;
  $('sign-out').addEventListener('click', signOut);
  $('generate').addEventListener('click', generate);
  $('copy').addEventListener('click', async () => {
    await navigator.clipboard.writeText($('password').textContent);
    say(text('copied'));
  });
  $('send').addEventListener('submit', send);
  $('to').addEventListener('input', schedulePreview);
  $('body').addEventListener('input', schedulePreview);
  const parameters = new URLSearchParams(location.search);
  if (parameters.has('code')) {
    await finishSignIn(parameters);
  }
}

start();
