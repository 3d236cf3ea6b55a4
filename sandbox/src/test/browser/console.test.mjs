// The sandbox's console in a real Chromium, driven as a person would: by labels and roles, by keyboard.
// SandboxConsoleBrowserTest starts a sandbox and runs this file with node's own test runner:
//   KOTAE_SANDBOX_URL  the sandbox's API (required)
//   KOTAE_CHROMIUM     the browser (default /usr/bin/chromium, Debian's package)
//   KOTAE_SCREENSHOT   where the mid-conversation screenshot goes (optional)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

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
  // Flags that let Chromium run headless as root on a machine with no network beyond loopback;
  // playwright gives each launch a fresh, temporary profile.
  browser = await chromium.launch({
    executablePath: process.env.KOTAE_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
});

let numbers = 0;
/** A Japanese mobile number no other test (or earlier run against the same sandbox) has used. */
function newNumber() {
  numbers += 1;
  return `+8190${String(Date.now() % 1_000_000).padStart(6, '0')}${String(numbers).padStart(2, '0')}`;
}

/**
 * @param bypassCSP only for injecting axe-core: the console's own policy refuses any script it does not serve
 */
async function openConsole(viewport = { width: 1600, height: 1000 }, bypassCSP = false) {
  const context = await browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'Asia/Tokyo', bypassCSP });
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
  await expectText(reminder, 'delivered');
  await expectText(card.getByRole('list', { name: `State of ${number}` }), 'OPEN appt-123');

  // The reply box, by keyboard: type and press Enter.
  await card.getByLabel(`Reply from ${number}`).fill('はい');
  await card.getByLabel(`Reply from ${number}`).press('Enter');

  await expectText(thread.getByRole('listitem').filter({ hasText: /^はい/ }), '1 segment · UCS-2');
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
  const sent = await fetch(sandbox + '/sandbox/inbound', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ from: number, body: 'STOP' }) });
  assert.equal(sent.status, 202);
  await new Promise(resolve => setTimeout(resolve, 1500));
  await context.setOffline(false);

  await expectExactText(page.getByRole('status'), 'Live');
  await expectCount(thread.getByRole('listitem').filter({ hasText: /^STOP/ }), 1);
  await expectText(phone(page, number).getByRole('list', { name: `State of ${number}` }), 'Opted out');
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

  const clock = page.getByRole('region', { name: 'Clock' });
  await clock.getByLabel('Move forward by (ISO 8601 duration)').fill('tomorrow');
  await clock.getByRole('button', { name: 'Move the clock' }).click();
  await expectText(clock.getByRole('alert'), '400 INVALID_CLOCK');
  await context.close();
});

test('keyboard only: the skip link, then every phone control is reachable with Tab', async () => {
  const { context, page } = await openConsole();
  await page.keyboard.press('Tab');
  await expectFocused(page.getByRole('link', { name: 'Skip to the phones' }));
  await page.keyboard.press('Enter');
  await expectFocused(page.locator('#phones'));
  await page.keyboard.press('Tab');
  await expectFocused(page.getByLabel("New phone's number (E.164)"));
  await context.close();
});

test('no accessibility violations (axe-core, WCAG 2.2 A and AA) at three widths, down to a phone screen', async () => {
  for (const viewport of [{ width: 1600, height: 1000 }, { width: 1100, height: 900 }, { width: 375, height: 800 }]) {
    const { context, page } = await openConsole(viewport, true);
    await expectVisible(page.getByRole('article').first());
    await page.addScriptTag({ path: require.resolve('axe-core') });
    const result = await page.evaluate(() => window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }));
    assert.deepEqual(result.violations.map(v => `${v.id}: ${v.help} (${v.nodes.length})`), [], `at ${viewport.width}px`);
    // Nothing wider than the window: no sideways scrolling on a phone-sized screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than a ${viewport.width}px window`);
    await context.close();
  }
});
