// What the browser tests share: a real SMTP server process, `followup serve` on a fresh
// database, a headless Chromium, and the accessibility check. Everything on 127.0.0.1.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, '..', '..');
export const shots = process.env.FOLLOWUP_SCREENSHOTS || join(root, 'target', 'screenshots');
mkdirSync(shots, { recursive: true });

function binary() {
  const bin = process.env.FOLLOWUP_BIN;
  assert.ok(bin, 'FOLLOWUP_BIN must name the followup binary to test (scripts/test sets it)');
  return bin;
}

/** Waits for a line on a child's stdout that matches `pattern`; fails with its stderr. */
function waitFor(child, pattern, what) {
  return new Promise((resolve, reject) => {
    let errors = '';
    child.stderr.on('data', (d) => { errors += d; });
    const timer = setTimeout(() => reject(new Error(`${what} did not start in 20 s: ${errors}`)), 20000);
    child.on('exit', (code) => reject(new Error(`${what} exited (${code}) before it was ready: ${errors}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = line.match(pattern);
      if (m) { clearTimeout(timer); resolve(m); }
    });
  });
}

/** tests/smtp_server.py: a real SMTP server that keeps what it receives in a folder. */
export async function smtpServer() {
  const dir = mkdtempSync(join(tmpdir(), 'followup-smtp-'));
  const python = process.env.FOLLOWUP_TEST_PYTHON || '/usr/bin/python3';
  const child = spawn(python, [join(root, 'tests', 'smtp_server.py'), '--dir', dir, '--port', '0'],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  const [, port] = await waitFor(child, /^ready (\d+)/, 'the SMTP server');
  return {
    port: Number(port),
    dir,
    messages() {
      return readdirSync(dir).filter((f) => f.endsWith('.eml')).map((f) => readFileSync(join(dir, f), 'utf8'));
    },
    stop() { child.kill('SIGTERM'); },
  };
}

/** `followup serve` on a fresh database and data folder, at a fixed moment. */
export async function serve({ now, args = [] } = {}) {
  const home = mkdtempSync(join(tmpdir(), 'followup-web-'));
  const env = {
    ...process.env,
    FOLLOWUP_DATA_DIR: join(home, 'data'),
    FOLLOWUP_CONFIG_DIR: join(home, 'config'),
    FOLLOWUP_PROOFREADER: 'local',
  };
  let moment = now;
  const run = (extra) => spawn(binary(), ['--db', join(home, 'followup.db'), ...(moment ? ['--now', moment] : []), ...extra],
    { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let child;
  let url;
  const start = async () => {
    child = run(['serve', '--listen', '127.0.0.1:0', ...args]);
    [, url] = await waitFor(child, /serving (http:\/\/127\.0\.0\.1:\d+)\//, 'followup serve');
    child.stderr.on('data', (d) => { stderr += d; });
  };
  await start();
  return {
    home, env,
    get url() { return url; },
    get stderr() { return stderr; },
    /** Stops the server and starts it again on the same database at a later moment: time
     * passes (its address changes). */
    async later(then) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
      moment = then;
      await start();
    },
    /** Runs a followup command on the same database. */
    cli(extra) {
      return new Promise((resolve) => {
        const c = run(extra);
        let out = '';
        let err = '';
        c.stdout.on('data', (d) => { out += d; });
        c.stderr.on('data', (d) => { err += d; });
        c.on('exit', (code) => resolve({ code, out, err }));
      });
    },
    async api(method, path, body) {
      const response = await fetch(url + '/api/v1' + path, {
        method,
        headers: body ? { 'content-type': 'application/json' } : {},
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await response.text();
      let json;
      try { json = JSON.parse(text); } catch { json = undefined; }
      return { status: response.status, json, text };
    },
    stop() { child.kill('SIGINT'); },
  };
}

export async function browser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export const viewports = {
  phone: { width: 390, height: 844, isMobile: true, hasTouch: true },
  desktop: { width: 1280, height: 900 },
};

/** A page that fails the test on any script error and any alert the page did not mean. */
export async function newPage(b, viewport) {
  const { width, height, ...rest } = viewport;
  // axe is injected as a script, which the app's strict CSP would refuse.
  const context = await b.newContext({ viewport: { width, height }, ...rest, bypassCSP: true, acceptDownloads: true });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`script error: ${e.message}`));
  page.on('dialog', async (d) => { page.problems.push(`dialog: ${d.message()}`); await d.dismiss(); });
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(`console: ${m.text()}`); });
  return page;
}

/** axe-core on the page as it is: no serious or critical violation. */
export async function accessible(page, name) {
  await page.addScriptTag({ path: join(here, 'node_modules', 'axe-core', 'axe.min.js') });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [],
    `accessibility of ${name}`);
  return result;
}

/** Screenshot and accessibility check of the page as it stands. */
export async function look(page, label, name) {
  await page.screenshot({ path: join(shots, `${label}-${name}.png`), fullPage: true });
  await accessible(page, `${name} (${label})`);
  assert.deepEqual(page.problems, [], `the page ${name} (${label}) had no script errors`);
}
