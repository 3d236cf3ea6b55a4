// The send page in a real Chromium, as an office worker uses it: invited, signed in, a password generated and
// sent, signed out. SandboxSendPageBrowserTest starts a sandbox with the page on and runs this file:
//   KOTAE_SANDBOX_URL  the sandbox's API (required)
//   KOTAE_SIGN_IN_URL  its sign-in stand-in (required)
//   KOTAE_CHROMIUM     the browser (default /usr/bin/chromium)
//   KOTAE_SCREENSHOT   where the picture of a delivered send goes (optional)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { launchChromium } from './chromium.mjs';

const require = createRequire(import.meta.url);
const sandbox = process.env.KOTAE_SANDBOX_URL;
const signIn = process.env.KOTAE_SIGN_IN_URL;
assert.ok(sandbox && signIn, 'KOTAE_SANDBOX_URL and KOTAE_SIGN_IN_URL name the sandbox to test');
const PATIENCE_MILLIS = 30_000;

let browser;

before(async () => {
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

/** Invites a person as `kotae users add` does, and reads their temporary password from the invitation e-mail. */
async function invite(email) {
  const created = await fetch(signIn, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'AWSCognitoIdentityProviderService.AdminCreateUser' },
    body: JSON.stringify({ UserPoolId: 'local_kotae', Username: email }),
  });
  assert.equal(created.status, 200);
  const mailbox = await (await fetch(`${sandbox}/sandbox/invitations`)).json();
  return mailbox.find(invitation => invitation.email === email).temporaryPassword;
}

async function signedIn(locale, email, password) {
  const context = await browser.newContext({ locale, viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const failures = [];
  page.on('pageerror', error => failures.push(error.message));
  await page.goto(`${sandbox}/send`);
  await page.getByRole('button', { name: locale.startsWith('ja') ? 'サインイン' : 'Sign in' }).click();
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).press('Enter');
  await page.waitForURL(url => url.pathname === '/send' && !url.search, { timeout: PATIENCE_MILLIS });
  await page.getByRole('form').or(page.locator('form#send')).waitFor({ state: 'visible', timeout: PATIENCE_MILLIS });
  return { context, page, failures };
}

test('an invited person signs in, generates a password, sends it, sees it delivered and in My sends; a tampered or expired token sends nothing; signs out', async () => {
  const email = `hanako.${Date.now()}@example.co.jp`;
  const { context, page, failures } = await signedIn('en-GB', email, await invite(email));
  const number = `+81901${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`;

  // A country the deployment does not send to is refused in plain words before anything is sent.
  await page.getByLabel("Recipient's mobile number").fill('+44 7911 123456');
  await page.locator('#preview').filter({ hasText: 'Your company does not send SMS to this country.' })
    .waitFor({ timeout: PATIENCE_MILLIS });
  await page.getByLabel("Recipient's mobile number").fill(number.replace('+81', '0').replace(/^(\d{3})(\d{4})/, '$1-$2-'));
  // By keyboard alone: from the number, Tab to the message, to "Generate a password", Enter.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'generate');
  await page.keyboard.press('Enter');
  // The number as Kotae will send it, and the parts, before anything is sent.
  await page.locator('#preview').filter({ hasText: `Will go to ${number}: 1 part(s), GSM7.` }).waitFor({ timeout: PATIENCE_MILLIS });
  const password = await page.locator('#password').innerText();
  assert.match(password, /^[abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY34679]{16}$/);
  // Tab past "Copy" to "Send", Enter.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'submit');
  await page.keyboard.press('Enter');
  await page.getByRole('status').filter({ hasText: `Sent to ${number}` }).waitFor({ timeout: PATIENCE_MILLIS });
  // The page follows the message until the simulated phone's delivery event arrives.
  await page.getByRole('status').filter({ hasText: 'Delivered to the phone.' }).waitFor({ timeout: PATIENCE_MILLIS });
  // "My sends": this send, its number masked, delivered; never the text.
  const masked = `+81${'*'.repeat(6)}${number.slice(-4)}`;
  const mySends = page.getByRole('region', { name: 'My sends' });
  await mySends.getByRole('row').filter({ hasText: masked }).filter({ hasText: 'Delivered' }).waitFor({ timeout: PATIENCE_MILLIS });
  assert.equal(await mySends.getByRole('row').count(), 2, 'the heading row and this send');
  assert.ok(!(await mySends.innerText()).includes(password), 'the message text is not listed');
  if (process.env.KOTAE_SCREENSHOT) {
    await page.screenshot({ path: process.env.KOTAE_SCREENSHOT });
  }

  const outbox = await (await fetch(`${sandbox}/sandbox/outbox?to=${encodeURIComponent(number)}`)).json();
  const bodies = (outbox.messages || outbox).map(message => message.body);
  assert.ok(bodies.some(body => body.includes(password)), `the password in ${JSON.stringify(bodies)}`);
  assert.equal(await page.evaluate(() => Object.keys(localStorage).length), 0, 'no token kept in localStorage');

  // A token whose signature was changed: API Gateway's check refuses it, nothing is sent, and the page says to sign in
  // again. The token lives only in the page's memory, where the test changes one character of its signature.
  const sentSoFar = async () => (await (await fetch(`${sandbox}/sandbox/outbox?to=${encodeURIComponent(number)}`)).json()).length;
  const beforeTampering = await sentSoFar();
  const genuine = await page.evaluate(() => {
    const token = idToken;
    const [header, payload, signature] = token.split('.');
    const middle = Math.floor(signature.length / 2);
    idToken = `${header}.${payload}.${signature.slice(0, middle)}${signature[middle] === 'A' ? 'B' : 'A'}${signature.slice(middle + 1)}`;
    return token;
  });
  await page.getByLabel('Message').fill('A message with a tampered sign-in');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByRole('status').filter({ hasText: 'Your sign-in has ended: sign in again.' }).waitFor({ timeout: PATIENCE_MILLIS });
  assert.equal(await sentSoFar(), beforeTampering, 'nothing sent with a tampered token');
  await page.evaluate(token => { idToken = token; }, genuine);

  // Two hours on, the ID token has expired: API Gateway's check refuses it, nothing is sent, and the page says
  // to sign in again.
  const before = await sentSoFar();
  const moved = await fetch(`${sandbox}/sandbox/clock`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ advance: 'PT2H' }),
  });
  assert.equal(moved.status, 200);
  await page.getByLabel('Message').fill('A second message, after the sign-in ended');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByRole('status').filter({ hasText: 'Your sign-in has ended: sign in again.' }).waitFor({ timeout: PATIENCE_MILLIS });
  assert.equal(await sentSoFar(), before, 'nothing sent with an expired token');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: PATIENCE_MILLIS });
  assert.deepEqual(failures, []);
  await context.close();
});

test('the page follows a Japanese browser and switches language', async () => {
  const context = await browser.newContext({ locale: 'ja-JP' });
  const page = await context.newPage();
  await page.goto(`${sandbox}/send`);
  await page.getByRole('heading', { level: 1, name: 'パスワードをSMSで送る' }).waitFor({ timeout: PATIENCE_MILLIS });
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { level: 1, name: 'Send a password by SMS' }).waitFor({ timeout: PATIENCE_MILLIS });
  await context.close();
});

test('no accessibility violations (axe-core, WCAG 2.2 A and AA), signed out and signed in, down to 320 px', async () => {
  const email = `taro.${Date.now()}@example.co.jp`;
  const password = await invite(email);
  for (const width of [1100, 320]) {
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${sandbox}/send`);
    for (const state of ['signed out', 'signed in']) {
      if (state === 'signed in') {
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByLabel('E-mail').fill(email);
        await page.getByLabel('Password').fill(password);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.locator('form#send').waitFor({ state: 'visible', timeout: PATIENCE_MILLIS });
      }
      await page.addScriptTag({ path: require.resolve('axe-core') });
      const result = await page.evaluate(() => window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      }));
      assert.deepEqual(result.violations.map(violation => `${violation.id}: ${violation.nodes.length}`), [],
        `${state} at ${width} px`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      assert.equal(overflow, false, `nothing wider than the window, ${state} at ${width} px`);
    }
    await context.close();
  }
});
