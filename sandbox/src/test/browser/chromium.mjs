// Debian's Chromium for the browser tests (KOTAE_CHROMIUM, default /usr/bin/chromium), with the flags that let it
// run headless as root on a machine with no network beyond loopback; playwright gives each launch a fresh,
// temporary profile.
import { chromium } from 'playwright-core';

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.KOTAE_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}
