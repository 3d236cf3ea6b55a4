// The sandbox's console in a real Chromium, driven as a person would: by labels and roles, by keyboard.
// SandboxConsoleBrowserTest starts a sandbox and runs this file with node's own test runner:
//   KOTAE_SANDBOX_URL  the sandbox's API (required)
//   KOTAE_CHROMIUM     the browser (default /usr/bin/chromium, Debian's package)
//   KOTAE_SCREENSHOT   where the mid-conversation screenshot goes (optional)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { launchChromium } from './chromium.mjs';

const require = createRequire(import.meta.url);
const sandbox = process.env.KOTAE_SANDBOX_URL;
assert.ok(sandbox, 'KOTAE_SANDBOX_URL names the sandbox to test');
const PATIENCE_MILLIS = 30_000;

/** Runs check until it passes, as the page catches up with the sandbox; its last failure if it never does. */
async function eventually(check) {
  const deadline = Date.now() + PATIENCE_MILLIS;
  for (;;) {
    try {
      return await check();
    } catch (failure) {
      if (Date.now() > deadline) throw failure;
      await new Promise(resolve => setTimeout(resolve, 200));
    }
  }
}

const expectText = (locator, text) => eventually(async () => {
  const shown = await locator.innerText({ timeout: 1000 });
  assert.ok(shown.includes(text), `expected ${JSON.stringify(text)} in ${JSON.stringify(shown)}`);
});
const expectExactText = (locator, text) => eventually(async () => assert.equal(await locator.innerText({ timeout: 1000 }), text));
const expectCount = (locator, count) => eventually(async () => assert.equal(await locator.count(), count));
const expectVisible = locator => locator.waitFor({ state: 'visible', timeout: PATIENCE_MILLIS });
const expectFocused = locator => eventually(async () =>
  assert.ok(await locator.evaluate(node => node === document.activeElement, null, { timeout: 1000 }), 'expected focus'));

let browser;

before(async () => {
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

/** A Japanese mobile number (090-1xxx-xxxx, valid in the numbering plan) no other test has used. */
function newNumber() {
  return `+81901${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`;
}

/**
 * @param bypassCSP only for injecting axe-core: the console's own policy refuses any script it does not serve
 */
async function openConsole(viewport = { width: 1600, height: 1000 }, bypassCSP = false, timezoneId = 'Asia/Tokyo') {
  const context = await browser.newContext({ viewport, locale: 'en-GB', timezoneId, bypassCSP });
  const page = await context.newPage();
  const failures = [];
  page.on('pageerror', error => failures.push(error.message));
  await page.goto(sandbox + '/');
  await expectVisible(page.getByRole('heading', { level: 1, name: /Kotae sandbox/ }));
  await expectExactText(page.getByRole('status'), 'Live');
  return { context, page, failures };
}

function phone(page, number) {
  return page.getByRole('article', { name: number, exact: true });
}

/** The bubble in a thread whose text is exactly {@code text}. */
function message(thread, text) {
  return thread.getByRole('listitem').filter({ has: thread.page().locator('.text').getByText(text, { exact: true }) });
}

/** A phone's text to Kotae, sent past the page, as another tab or curl would. */
async function textKotae(from, body) {
  const answer = await fetch(sandbox + '/sandbox/inbound', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ from, body }) });
  assert.equal(answer.status, 202);
}

async function compose(page, { to, body, keywords, reference }) {
  const form = page.getByRole('region', { name: /Send a message/ });
  await form.getByLabel('To', { exact: true }).fill(to);
  await form.getByLabel('Body').fill(body);
  if (keywords) await form.getByLabel('Keywords, comma-separated').fill(keywords);
  if (reference) await form.getByLabel('Reference').fill(reference);
  await form.getByRole('button', { name: 'Send message' }).click();
}

test('a reminder, its answer from the phone, the CONFIRMED badge and the event', async () => {
  const { context, page, failures } = await openConsole();
  const number = newNumber();

  await compose(page, { to: number, body: '明日10:00のご予約を確定するには「はい」と返信してください。🙂',
    keywords: 'CONFIRM, はい', reference: 'appt-123' });

  const answer = page.getByLabel("The API's answer");
  await expectText(answer, '202');
  await expectText(answer, '"conversation"');
  const card = phone(page, number);
  const thread = card.getByRole('log', { name: `Messages with ${number}` });
  const reminder = thread.getByRole('listitem').filter({ hasText: 'ご予約を確定するには' });
  // Shown exactly as sent, emoji included, with its encoding and segments; then delivered.
  await expectExactText(reminder.locator('.text'), '明日10:00のご予約を確定するには「はい」と返信してください。🙂');
  await expectText(reminder, '1 segment · UCS-2');
  // Each bubble's time, as a machine-readable moment.
  assert.ok(Date.parse(await reminder.locator('time').first().getAttribute('datetime')) > 0);
  await expectText(reminder, 'delivered');
  await expectText(card.getByRole('list', { name: `State of ${number}` }), 'OPEN appt-123');

  // The reply box, by keyboard: type and press Enter.
  await card.getByLabel(`Reply from ${number}`).fill('はい');
  await card.getByLabel(`Reply from ${number}`).press('Enter');

  await expectText(message(thread, 'はい'), '1 segment · UCS-2');
  await expectText(card.getByRole('list', { name: `State of ${number}` }), 'CONFIRMED appt-123 · answered はい');
  await expectCount(thread.getByRole('listitem'), 3);
  await expectText(thread.getByRole('listitem').last(), 'appt-123');
  const events = page.getByRole('region', { name: /Events/ });
  await expectVisible(events.getByText(`ConversationConfirmed · ${number}`));

  if (process.env.KOTAE_SCREENSHOT) {
    await expectText(thread.getByRole('listitem').last(), 'delivered');
    await page.screenshot({ path: process.env.KOTAE_SCREENSHOT });
  }
  assert.deepEqual(failures, []);
  await context.close();
});

test('an injected throttle shows in the API answer and as a failed message with each refusal', async () => {
  const { context, page, failures } = await openConsole();
  const number = newNumber();
  const faults = page.getByRole('region', { name: 'Faults' });
  await faults.getByLabel('Operation').selectOption('SendTextMessage');
  await faults.getByLabel('Fault', { exact: true }).selectOption('throttle');
  // Kotae's client tries a throttled send three times: three refusals fail it.
  await faults.getByLabel('Calls it refuses').fill('3');
  await faults.getByRole('button', { name: 'Inject' }).click();
  await expectVisible(faults.getByText('SendTextMessage: throttle, 3 more calls'));

  await compose(page, { to: number, body: 'Your code is 482913' });

  const answer = page.getByLabel("The API's answer");
  await expectText(answer, '429');
  await expectText(answer, 'THROTTLED');
  const failed = phone(page, number).getByRole('listitem').filter({ hasText: 'Your code is 482913' }).first();
  await expectText(failed, 'failed: ThrottlingException');
  await expectCount(failed.getByRole('list', { name: 'Refused by End User Messaging' }).getByRole('listitem'), 3);
  await expectVisible(faults.getByText('None: every call is answered as usual.'));
  assert.deepEqual(failures, []);
  await context.close();
});

test('a new phone texts Kotae, and what happens while the page is offline is there when it reconnects', async () => {
  const { context, page, failures } = await openConsole();
  const number = newNumber();
  await page.getByLabel("New phone's number (E.164)").fill(number);
  await page.getByLabel('Its text to Kotae').fill('HELP');
  await page.getByRole('button', { name: 'Text Kotae from this phone' }).click();
  const thread = phone(page, number).getByRole('log');
  await expectCount(thread.getByRole('listitem'), 2);

  await context.setOffline(true);
  await expectExactText(page.getByRole('status'), 'Reconnecting to the sandbox…');
  await textKotae(number, 'STOP');
  await new Promise(resolve => setTimeout(resolve, 1500));
  await context.setOffline(false);

  await expectExactText(page.getByRole('status'), 'Live');
  await expectCount(message(thread, 'STOP'), 1);
  await expectText(phone(page, number).getByRole('list', { name: `State of ${number}` }), 'Opted out');
  assert.deepEqual(failures, []);
  await context.close();
});

test("a phone's JOIN and YES show its consent to marketing as GET /recipients does", async () => {
  const { context, page, failures } = await openConsole();
  const number = newNumber();
  await textKotae(number, 'JOIN');
  const badges = phone(page, number).getByRole('list', { name: `State of ${number}` });
  await expectText(badges, 'Marketing consent asked');

  await textKotae(number, 'YES');
  await expectText(badges, 'Marketing consent since');
  assert.deepEqual(failures, []);
  await context.close();
});

test('a bad request is refused with its code and message, and nothing is lost from the form', async () => {
  const { context, page } = await openConsole();
  await compose(page, { to: 'not a number', body: 'hello' });
  const answer = page.getByLabel("The API's answer");
  await expectText(answer, '400');
  await expectText(answer, 'INVALID_PHONE_NUMBER');
  assert.equal(await page.getByLabel('Body').inputValue(), 'hello');

  // A day that does not exist goes to the API as written, not moved to 2 March.
  await page.getByLabel('To', { exact: true }).fill(newNumber());
  await page.getByLabel('Send at (your local time; optional)').fill('2027-02-30 09:00');
  await page.getByRole('button', { name: 'Send message' }).click();
  await expectText(answer, 'INVALID_SEND_AT');
  await page.getByLabel('Send at (your local time; optional)').fill('');

  const clock = page.getByRole('region', { name: 'Clock' });
  await clock.getByLabel('Move forward by (ISO 8601 duration)').fill('tomorrow');
  await clock.getByRole('button', { name: 'Move the clock' }).click();
  await expectText(clock.getByRole('alert'), '400 INVALID_CLOCK');
  await context.close();
});

test("keyboard only: the skip link, Tab to a phone's reply box, and a poll that leaves the focus and the draft alone", async () => {
  const number = newNumber();
  await textKotae(number, 'HELP');
  const { context, page } = await openConsole();
  const reply = phone(page, number).getByLabel(`Reply from ${number}`);
  await expectVisible(reply);
  await page.keyboard.press('Tab');
  await expectFocused(page.getByRole('link', { name: 'Skip to the phones' }));
  await page.keyboard.press('Enter');
  await expectFocused(page.locator('#phones'));
  await page.keyboard.press('Tab');
  await expectFocused(page.getByLabel("New phone's number (E.164)"));
  let presses = 0;
  while (!(await reply.evaluate(node => node === document.activeElement)) && presses < 200) {
    await page.keyboard.press('Tab');
    presses += 1;
  }
  await expectFocused(reply);
  await page.keyboard.type('Half a rep');

  const thread = phone(page, number).getByRole('log');
  const before = await thread.getByRole('listitem').count();
  await textKotae(number, 'HELP');
  await eventually(async () => assert.ok(await thread.getByRole('listitem').count() > before, 'the new text in the thread'));
  await expectFocused(reply);
  assert.equal(await reply.inputValue(), 'Half a rep');
  await context.close();
});

test('no accessibility violations (axe-core, WCAG 2.2 A and AA) at three widths, down to 320 px', async () => {
  await textKotae(newNumber(), 'HELP');
  for (const viewport of [{ width: 1600, height: 1000 }, { width: 1100, height: 900 }, { width: 320, height: 800 }]) {
    const { context, page } = await openConsole(viewport, true);
    await expectVisible(page.getByRole('article').first());
    await page.addScriptTag({ path: require.resolve('axe-core') });
    const result = await page.evaluate(() => window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }));
    assert.deepEqual(result.violations.map(v => `${v.id}: ${v.help} (${v.nodes.length})`), [], `at ${viewport.width}px`);
    // Nothing wider than the window (WCAG 1.4.10, reflow at 320 CSS px): no sideways scrolling.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    const wide = await page.evaluate(() => [...document.querySelectorAll('body *')]
      .filter(node => node.getBoundingClientRect().right > window.innerWidth)
      .map(node => `${node.tagName.toLowerCase()}${node.id ? '#' + node.id : ''}.${node.className}`).slice(0, 5));
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than a ${viewport.width}px window: ${wide.join(', ')}`);
    await context.close();
  }
});

/** Whatever the browser's language (en-GB here), every time on the page is written as the send-at field takes it. */
test('every date on the page is written one way: YYYY-MM-DD HH:MM, the send-at field too', async () => {
  const { context, page } = await openConsole();
  const number = newNumber();
  await compose(page, { to: number, body: 'Dated' });
  const sent = message(phone(page, number).getByRole('log'), 'Dated');
  await expectText(sent, 'delivered');

  await eventually(async () => assert.match(await page.locator('#clock-now').innerText(),
    /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{2}:\d{2}$/));
  assert.match(await sent.locator('time').first().innerText(), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  assert.match(await page.getByLabel('Send at (your local time; optional)').getAttribute('placeholder'), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  const everything = await page.locator('body').innerText();
  assert.doesNotMatch(everything, /\d{1,2}\/\d{1,2}\/\d{2,4}/, 'no date written the way of the browser language');
  await context.close();
});

// Last: it moves the sandbox's clock ahead, which expires the other tests' conversations.
test('time passes as on AWS: "+7 days" sends reminders a day and a week away at their times, expires a conversation on the way, and fails a send throttled past its hour; sendAt entered from a half-hour time zone', async () => {
  const { context, page } = await openConsole({ width: 1600, height: 1000 }, false, 'America/St_Johns');
  const clock = page.getByRole('region', { name: 'Clock' });
  const form = page.getByRole('region', { name: /Send a message/ });

  /** Books a message at sandbox time plus after, entered in St John's wall time (UTC-03:30 or -02:30). */
  async function book(number, body, afterMillis) {
    const at = new Date(Math.floor(Date.now() / 1000) * 1000 + afterMillis);
    const wallTime = at.toLocaleString('sv-SE', { timeZone: 'America/St_Johns' });
    await form.getByLabel('To', { exact: true }).fill(number);
    await form.getByLabel('Body').fill(body);
    await form.getByLabel('Send at (your local time; optional)').fill(wallTime);
    await form.getByRole('button', { name: 'Send message' }).click();
    const answer = page.getByLabel("The API's answer");
    await expectText(answer, `"sendAt": "${at.toISOString().replace('.000Z', 'Z')}"`);
    await expectText(answer, '"status": "SCHEDULED"');
    await expectText(message(phone(page, number).getByRole('log'), body), 'scheduled for');
    return at;
  }
  const { ahead } = await (await fetch(sandbox + '/sandbox/clock')).json();
  assert.equal(ahead, 'PT0S', "this test books by this machine's time: the clock must not have moved yet");

  // A conversation waiting a day: the week below expires it, and its badge says so.
  const waitingNumber = newNumber();
  await form.getByLabel('To', { exact: true }).fill(waitingNumber);
  await form.getByLabel('Body').fill('Reply CONFIRM by tomorrow');
  await form.getByLabel('Keywords, comma-separated').fill('CONFIRM');
  await form.getByLabel('Reference').fill('appt-late');
  await form.getByRole('button', { name: 'Send message' }).click();
  const badges = phone(page, waitingNumber).getByRole('list', { name: `State of ${waitingNumber}` });
  await expectText(badges, 'OPEN appt-late · awaits CONFIRM · expires');
  await form.getByLabel('Keywords, comma-separated').fill('');
  await form.getByLabel('Reference').fill('');

  // The sandbox guide's reminders (docs/sandbox.md), a day and a week away.
  const reminded = newNumber();
  const dayBefore = await book(reminded, 'Your appointment is in a week', 24 * 60 * 60 * 1000);
  const weekBefore = await book(reminded, 'Your appointment is tomorrow', 7 * 24 * 60 * 60 * 1000 - 60 * 1000);
  // Every attempt at this one is throttled (three invocations, three tries each): never sent, failed at its hour.
  const throttled = newNumber();
  await book(throttled, 'Your appointment is today', 2 * 60 * 60 * 1000);
  const faults = page.getByRole('region', { name: 'Faults' });
  await faults.getByLabel('Operation').selectOption('SendTextMessage');
  await faults.getByLabel('Fault', { exact: true }).selectOption('throttle');
  await faults.getByLabel('Calls it refuses').fill('9');
  await faults.getByRole('button', { name: 'Inject' }).click();
  await expectVisible(faults.getByText('SendTextMessage: throttle, 9 more calls'));

  await clock.getByRole('group', { name: 'Move the clock forward by' }).getByRole('button', { name: '+7 days' }).click();

  await expectText(clock.locator('#clock-result'), 'Now PT168H ahead: 3 schedules fired, 2 messages sent, 1 failed');
  await expectText(page.locator('#clock-ahead'), 'PT168H ahead');
  const thread = phone(page, reminded).getByRole('log');
  for (const [body, due] of [['Your appointment is in a week', dayBefore], ['Your appointment is tomorrow', weekBefore]]) {
    const reminder = message(thread, body);
    await expectText(reminder, 'delivered');
    // Shown at its own time on the way, not at the end of the week.
    const shownAt = Date.parse(await reminder.locator('time').first().getAttribute('datetime'));
    assert.ok(shownAt >= due.getTime() && shownAt < due.getTime() + 30_000, `${body}: sent at ${new Date(shownAt).toISOString()}, due ${due.toISOString()}`);
  }
  await expectText(message(phone(page, throttled).getByRole('log'), 'Your appointment is today'), 'failed: SEND_DEADLINE_PASSED');
  await expectText(badges, 'EXPIRED appt-late · expired');
  await context.close();
});
