/**
 * Headless Chromium from Debian, driven by playwright-core (which downloads no browser of its own), with a fresh
 * profile folder each run.
 */
import { chromium, type BrowserContext } from 'playwright-core';
import { CHROMIUM } from './paths';
import { isolatedEnv, type Profile } from './profile';

/** Flags from E2E-NOTES: no sandbox (root in CI), no GPU, nothing that calls home. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export const VIEWPORT = { width: 1400, height: 900 };

export function launchBrowser(profile: Profile): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile.browserDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: VIEWPORT,
    reducedMotion: 'reduce',
    // Chromium reads HOME and the XDG dirs too: keep it inside the profile.
    env: isolatedEnv(profile),
  });
}
