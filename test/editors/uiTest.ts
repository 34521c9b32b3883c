/**
 * The UI as a person sees it: code-server with the packaged VSIX installed, driven by headless
 * Chromium. Opens an insecure manifest from the Explorer, waits for the squiggle, reads the Problems
 * panel, hovers the finding, opens the quick-fix menu, applies a fix and checks the file and the
 * problems afterwards. Screenshots go to docs/screenshots/ (the README shows one).
 * Usage: tsx test/editors/uiTest.ts <palisade-x.y.z.vsix>
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { ROOT, log, makeWorkspace, startCodeServer, launchChromium } from './codeServer';

/** The page's DOM, for the callbacks that run in the browser (this project compiles without the DOM lib). */
declare const document: {
  querySelector(s: string): { textContent: string | null } | null;
  querySelectorAll(s: string): ArrayLike<{ textContent: string | null }>;
};

const SHOTS = process.env.PALISADE_SCREENSHOTS ?? path.join(ROOT, 'docs', 'screenshots');
const FILE = 'insecure.yaml';

async function editorText(page: Page): Promise<string> {
  return page.evaluate(() => Array.from(document.querySelectorAll('.monaco-editor .view-lines .view-line'))
    .map((l) => (l.textContent ?? '').replace(/\u00a0/g, ' ')).join('\n'));
}

async function problemsText(page: Page): Promise<string> {
  return (await page.locator('.markers-panel .monaco-list-rows').innerText()).replace(/\s+/g, ' ').trim();
}

/** Runs a command from the palette (F1) by its title. */
async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 10000 });
  await page.keyboard.type(title);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10000 });
  await page.keyboard.press('Enter');
  await page.waitForSelector('.quick-input-widget', { state: 'hidden', timeout: 10000 });
}

/**
 * The Palisade Posture view (Explorer) on the fixture's posture/ files: the namespaces with their
 * level, the default-allow web front end, the database's incoming edge expanded to the rule that
 * allows it, the rule clicked open in the editor. Screenshot: palisade-posture.png.
 */
async function postureView(page: Page): Promise<void> {
  await runCommand(page, 'View: Hide Panel');
  await runCommand(page, 'Focus on Palisade Posture View');
  const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Palisade Posture' }) }).first();
  // the folders' section gives the view its height
  const folders = page.locator('.explorer-viewlet .pane-header.expanded', { hasNotText: 'Palisade Posture' }).first();
  if (await folders.count()) await folders.click();
  // and a wider side bar shows the rows' descriptions whole (drag the sash at its edge)
  const bar = await page.locator('.part.sidebar').boundingBox();
  if (bar) {
    await page.mouse.move(bar.x + bar.width, bar.y + bar.height / 2);
    await page.mouse.down();
    await page.mouse.move(bar.x + bar.width + 180, bar.y + bar.height / 2, { steps: 5 });
    await page.mouse.up();
  }
  const row = (text: string) => pane.locator('.monaco-list-row', { hasText: text }).first();
  await row('Deployment ledger-db').waitFor({ timeout: 60000 });
  await row('Deployment ledger-db').locator('.monaco-tl-twistie').click();
  await row('← from storefront/web').waitFor({ timeout: 10000 });
  await row('← from storefront/web').locator('.monaco-tl-twistie').click();
  await row('payments/ledger-db-ingress ingress[0]').waitFor({ timeout: 10000 });
  // click-through: the rule that allows the edge opens at its line
  await row('payments/ledger-db-ingress ingress[0]').click();
  await page.waitForSelector('.tab.active[aria-label*="policies.yaml"]', { timeout: 20000 });
  // (a row's label and description are adjacent in its text)
  const text = (await pane.locator('.monaco-list-rows').innerText()).replace(/\s+/g, '');
  for (const shown of ['batch privileged', 'payments restricted', 'storefront baseline', 'Deployment web default-allow ingress and egress', '← from storefront/web 5432/TCP']) {
    assert.ok(text.includes(shown.replace(/\s+/g, '')), `the posture view shows '${shown}': ${text.slice(0, 600)}`);
  }
  await page.locator('.monaco-editor .selected-text').first().waitFor({ timeout: 10000 });
  const rule = await editorText(page);
  assert.match(rule, /^\s*- from:$/m, 'the editor shows the rule');
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SHOTS, 'palisade-posture.png') });
}

async function main(): Promise<void> {
  const vsix = process.argv[2];
  if (!vsix || !fs.existsSync(vsix)) throw new Error('usage: uiTest.ts <palisade.vsix> (npm run package makes it)');
  fs.mkdirSync(SHOTS, { recursive: true });
  const t0 = Date.now();
  const step = (s: string) => log(`${((Date.now() - t0) / 1000).toFixed(1)} s  ${s}`);
  const workspace = makeWorkspace('palisade-ui-');
  const cs = await startCodeServer({ workspace, vsix: path.resolve(vsix), settings: { 'workbench.colorTheme': 'Default Dark Modern', 'editor.fontSize': 14, 'editor.minimap.enabled': false } });
  step('code-server started with the VSIX installed');
  const browser = await launchChromium();
  const page = browser.context.pages()[0] ?? await browser.context.newPage();
  page.on('pageerror', (e) => log(`pageerror: ${e.message.slice(0, 200)}`));
  // what the workbench logs about the extension's contributions (e.g. an unknown snippet language)
  const contributionErrors: string[] = [];
  page.on('console', (m) => { const t = m.text(); if (/unknown language|contributes\.|palisade\.palisade/i.test(t) && /error|unknown|invalid/i.test(t)) contributionErrors.push(t.slice(0, 300)); });
  try {
    await page.goto(`${cs.url}/?folder=${encodeURIComponent(workspace)}`, { waitUntil: 'domcontentloaded', timeout: 120000 });
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    await page.waitForSelector(`.explorer-folders-view .monaco-list-row[aria-label^="${FILE}"]`, { timeout: 60000 });
    step('workbench and Explorer ready');

    await page.locator(`.explorer-folders-view .monaco-list-row[aria-label^="${FILE}"]`).first().click();
    await page.waitForSelector(`.tab[aria-label*="${FILE}"]`, { timeout: 20000 });
    await page.waitForSelector('.monaco-editor .view-lines', { timeout: 20000 });
    step(`${FILE} opened from the Explorer`);

    await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 60000 });
    step('squiggle shown');

    // the Palisade status bar item: the level in force and the file's counts
    const status = await page.locator('.statusbar-item[aria-label^="Palisade: pod security level"]').first().getAttribute('aria-label', { timeout: 20000 });
    assert.match(status ?? '', /^Palisade: pod security level restricted; \d+ errors, \d+ warnings/, `status bar item: ${status}`);
    step(`status bar: ${status}`);

    await page.keyboard.press('Control+Shift+M');
    await page.waitForSelector('.markers-panel .monaco-list-row', { timeout: 20000 });
    await page.waitForFunction(() => /K8S003/.test(document.querySelector('.markers-panel .monaco-list-rows')?.textContent ?? ''), null, { timeout: 20000 });
    const problems = await problemsText(page);
    // (the message leads with the problem; the object and container names may follow it)
    assert.match(problems, /privileged is true\b[^.]*\. Privileged containers are forbidden[^]*?palisade\W*K8S003/i, `Problems panel: ${problems.slice(0, 400)}`);
    assert.match(problems, /hostNetwork is true[^]*?palisade\W*K8S002/i);
    step('Problems panel lists K8S003 and K8S002 with their messages');

    // put the cursor on `privileged: true` (Go to Line), hover it, then open the quick fix menu
    const lines = fs.readFileSync(path.join(workspace, FILE), 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('privileged: true')) + 1;
    const col = lines[line - 1].indexOf('privileged') + 1;
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+G');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 10000 });
    await page.keyboard.type(`${line}:${col}`);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SHOTS, 'palisade-diagnostics.png') });
    step('screenshot: palisade-diagnostics.png');

    // hover the squiggle: Palisade's hover explains the rule
    const sq = page.locator('.monaco-editor .squiggly-error').last();
    const box = await sq.boundingBox();
    if (box) {
      await page.mouse.move(box.x + Math.min(30, box.width / 2), box.y + box.height / 2);
      await page.waitForFunction(() => /Why it matters/.test(document.querySelector('.monaco-hover:not(.hidden)')?.textContent ?? ''), null, { timeout: 15000 });
      await page.screenshot({ path: path.join(SHOTS, 'palisade-hover.png') });
      step('hover shows the rule (screenshot: palisade-hover.png)');
      await page.mouse.move(5, 5);
      await page.keyboard.press('Escape');
    }

    await page.keyboard.press('Control+.');
    const rows = page.locator('.action-widget .monaco-list-row');
    await rows.first().waitFor({ timeout: 20000 });
    const titles = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    step(`quick fix menu: ${titles.join(' | ')}`);
    const target = titles.findIndex((t) => /privileged/i.test(t) && !/^Disable/i.test(t));
    assert.ok(target >= 0, `a quick fix for the privileged container in the menu: ${titles.join(' | ')}`);
    await page.screenshot({ path: path.join(SHOTS, 'palisade-quickfix.png') });
    // the first enabled row is focused; move to ours and press Enter (clicks are intercepted)
    const enabled = await rows.evaluateAll((els) => els.map((e) => !e.classList.contains('disabled') && e.getAttribute('aria-disabled') !== 'true' && e.classList.contains('action')));
    const focusable = enabled.map((e, i) => (e ? i : -1)).filter((i) => i >= 0);
    const moves = focusable.indexOf(target);
    assert.ok(moves >= 0, 'the fix is a selectable row');
    for (let i = 0; i < moves; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForFunction((l: number) => {
      const text = Array.from(document.querySelectorAll('.monaco-editor .view-lines .view-line')).map((x) => (x.textContent ?? '').replace(/\u00a0/g, ' ')).join('\n');
      return /privileged: false/.test(text) && !/privileged: true/.test(text) && l > 0;
    }, line, { timeout: 20000 });
    step(`applied "${titles[target]}"`);
    await page.waitForFunction(() => !/K8S003/.test(document.querySelector('.markers-panel .monaco-list-rows')?.textContent ?? ''), null, { timeout: 20000 });
    const after = await problemsText(page);
    assert.match(after, /K8S002/, 'the other findings stay');
    await page.screenshot({ path: path.join(SHOTS, 'palisade-after-fix.png') });
    step('K8S003 gone from the Problems panel (screenshot: palisade-after-fix.png)');
    const shown = await editorText(page);
    assert.match(shown, /^\s*privileged: false\s*$/m, 'the editor shows the fixed line');
    log(`editor after the fix (visible lines mentioning the fix): ${shown.split('\n').filter((l) => /securityContext|privileged/.test(l)).map((l) => l.trim()).join(' / ')}`);

    await postureView(page);
    step('Palisade Posture view: levels, a default-allow workload, the database\'s edge and rule (screenshot: palisade-posture.png)');

    // the Extensions page, offline: the icon and the README's image come from the VSIX
    await page.keyboard.press('Escape');
    await page.locator('.activitybar .action-item a[aria-label^="Extensions"]').first().click();
    await page.waitForSelector('.extensions-viewlet', { timeout: 20000 });
    // the view focuses its search box; click it too where it can be found quickly
    await page.locator('.extensions-viewlet .suggest-input-container').first().click({ timeout: 3000 }).catch(() => undefined);
    await page.keyboard.type('@installed palisade');
    const entry = page.locator('.extensions-viewlet .monaco-list-row', { hasText: 'Palisade' }).first();
    await entry.waitFor({ timeout: 20000 });
    await entry.click();
    await page.waitForSelector('.extension-editor .header .icon', { timeout: 20000 });
    const icon = await page.waitForFunction(() => {
      const img = document.querySelector('.extension-editor .header img.icon') as unknown as { complete: boolean; naturalWidth: number; src: string } | null;
      return img && img.complete && img.naturalWidth > 0 && !/defaultIcon|extension-default-icon/.test(img.src) ? `${img.naturalWidth}px ${img.src}` : false;
    }, null, { timeout: 20000 }).then((h) => h.jsonValue()).catch(() => undefined);
    assert.ok(icon, 'the Extensions page shows the bundled icon');
    step(`Extensions page: icon ${icon}`);
    let readmeImage: string | undefined;
    let seen: unknown;
    for (let i = 0; i < 100 && !readmeImage; i++) {
      for (const f of page.frames()) {
        const r = await f.evaluate(() => {
          const imgs = Array.from(document.querySelectorAll('img') as unknown as ArrayLike<{ alt: string; complete: boolean; naturalWidth: number; src: string }>);
          const img = imgs.find((x) => /Palisade in VS Code/.test(x.alt));
          return img ? { loaded: img.complete && img.naturalWidth > 0, src: img.src } : undefined;
        }).catch(() => undefined);
        if (r) seen = r;
        if (r?.loaded) { readmeImage = r.src; break; }
      }
      if (!readmeImage) await page.waitForTimeout(200);
    }
    assert.ok(readmeImage, `the README on the Extensions page shows its image (loaded from the VSIX, offline); found: ${JSON.stringify(seen)}`);
    assert.ok(!/^https:\/\/github\.com/.test(readmeImage), `the README image is not fetched from the network: ${readmeImage}`);
    await page.screenshot({ path: path.join(require('os').tmpdir(), 'palisade-extension-page.png') });
    step(`Extensions page: README image ${readmeImage.slice(0, 120)}`);
    assert.deepStrictEqual(contributionErrors, [], 'the workbench logged no error about the extension\'s contributions');
    log(`UI test passed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } catch (e) {
    await page.screenshot({ path: path.join(require('os').tmpdir(), 'palisade-ui-FAILED.png') }).catch(() => undefined);
    throw e;
  } finally {
    await browser.close();
    await cs.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (e) => { console.error(`UI test FAILED: ${(e as Error)?.stack ?? e}`); process.exit(1); });
