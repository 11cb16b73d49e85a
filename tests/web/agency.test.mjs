// The agency mode's invitation journey in a real browser: a fresh PostgreSQL database with the
// app connected as a role row-level security holds, `followup agency found`, the real SMTP
// test server, and two `followup serve --config` instances on the same database. The admin
// takes their invitation on one instance and invites a consultant and a candidate from
// People; those two take their links on the other instance, in browser contexts of their own.
// Then the report to the consultant: the candidate (on a phone) adds an interview, writes its
// debrief and shares it; the consultant (on a desktop) finds it on her day, reads it whole and
// records the company's feedback; both see the two side by side, and the candidate's programme
// moves to the date the company named. Last, a letter through the consultant: the candidate
// submits it, the consultant reviews it with the checks' findings, mends it and forwards it;
// the SMTP test server receives it once, with the Word document, and the candidate sees what
// changed.
// Every page is screenshotted (agency-*.png) and checked with axe-core.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { smtpServer, browser, newPage, look, viewports } from './lib.mjs';

const PASSWORD = 'a long walk by the river';
const PUBLIC_URL = 'http://agency.test';
const PSQL = '/usr/bin/psql';

// What to undo, newest first: run at the end of the test, and by `after` if the test never got
// there (a timeout). Each step runs once.
const undo = [];
async function cleanUp() {
  while (undo.length) {
    const step = undo.pop();
    try { await step(); } catch (e) { console.error(`cleaning up: ${e.message}`); }
  }
}
after(cleanUp);

function binary() {
  const bin = process.env.FOLLOWUP_BIN;
  assert.ok(bin, 'FOLLOWUP_BIN must name the followup binary to test (scripts/test sets it)');
  return bin;
}

/** The environment of a followup process: its own folders, no FOLLOWUP_* setting from ours
 * (an environment variable takes precedence over the agency's file). */
function environment(home) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('FOLLOWUP_')));
  return {
    ...env,
    FOLLOWUP_DATA_DIR: join(home, 'data'),
    FOLLOWUP_CONFIG_DIR: join(home, 'config'),
    FOLLOWUP_PROOFREADER: 'local',
  };
}

/** Runs a program to its end: its status and output. */
function run(program, args, options = {}) {
  return new Promise((resolve) => {
    execFile(program, args, { timeout: 60000, ...options }, (error, stdout, stderr) => {
      resolve({ code: error ? (error.code ?? error.signal ?? 'failed') : 0, out: stdout, err: stderr });
    });
  });
}

async function sql(url, statement) {
  const done = await run(PSQL, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', statement]);
  assert.equal(done.code, 0, `psql ${statement}: ${done.err}`);
}

/** A fresh database on the test server, owned by its superuser (the tables' owner), and a
 * login role of the app's that is neither a superuser nor above row-level security. As
 * crates/store's `testing::fresh_postgres` and `testing::app_role` make them. */
async function freshDatabase(admin) {
  const name = `followup_web_${process.pid}_${Date.now()}`;
  const role = `followup_app_${name}`;
  const base = admin.slice(0, admin.lastIndexOf('/'));
  // Dropped at the end: the database first, then the role its grants were in.
  undo.push(async () => {
    await sql(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await sql(admin, `DROP ROLE IF EXISTS ${role}`);
  });
  await sql(admin, `CREATE DATABASE ${name}`);
  await sql(admin, `CREATE ROLE ${role} LOGIN PASSWORD 'app-password' NOSUPERUSER NOBYPASSRLS`);
  const [scheme, rest] = admin.split('://');
  const place = rest.includes('@') ? rest.slice(rest.indexOf('@') + 1) : rest;
  const server = place.slice(0, place.lastIndexOf('/'));
  return { owner: `${base}/${name}`, app: `${scheme}://${role}:app-password@${server}/${name}` };
}

/** The agency's settings, as crates/followup/tests/agency.rs writes them: each instance listens
 * on a port of its own choosing; the links in emails start at the public address. */
function agencyToml(home, database, smtpPort) {
  const path = join(home, 'agency.toml');
  writeFileSync(path, [
    '[database]', `url = "${database}"`,
    '[web]', `public_url = "${PUBLIC_URL}"`, 'listen = "127.0.0.1:0"',
    '[mail]', 'host = "127.0.0.1"', `port = ${smtpPort}`, 'security = "off"', 'from = "followup@agency.test"',
    '',
  ].join('\n'));
  return path;
}

/** One `followup serve --config` instance; ready once it says where it listens. */
async function instance(config, home) {
  const child = spawn(binary(), ['serve', '--config', config],
    { env: environment(home), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  undo.push(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGINT');
    const stopped = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 5000))]);
    if (!stopped) { child.kill('SIGKILL'); await exited; }
  });
  const address = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`followup serve --config did not start in 30 s: ${stderr}`)), 30000);
    exited.then((code) => reject(new Error(`followup serve --config exited (${code}) before it was ready: ${stderr}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = line.match(/serving the agency at (\S+) \(listening on ([^;]+);/);
      if (m) {
        clearTimeout(timer);
        assert.equal(m[1], PUBLIC_URL, line);
        resolve(m[2]);
      }
    });
  });
  return { url: `http://${address}`, get stderr() { return stderr; } };
}

/** An email's text: its body decoded from its transfer encoding. */
function text(eml) {
  const split = eml.indexOf('\r\n\r\n');
  const head = eml.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = eml.slice(split + 4);
  const encoding = (head.match(/^content-transfer-encoding:\s*(\S+)/im)?.[1] || '7bit').toLowerCase();
  if (encoding === 'base64') return Buffer.from(body, 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

/** The invitation link's path in the newest email to `to` (by its envelope), from the mail
 * the SMTP server wrote to its folder. */
function invitation(smtp, to) {
  const mails = readdirSync(smtp.dir).filter((f) => f.endsWith('.eml')).sort()
    .map((f) => ({
      envelope: JSON.parse(readFileSync(join(smtp.dir, f.replace(/\.eml$/, '.json')), 'utf8')),
      eml: readFileSync(join(smtp.dir, f), 'utf8'),
    }))
    .filter((m) => m.envelope.rcpt_tos.includes(to));
  assert.ok(mails.length > 0, `an email reached ${to}`);
  const { eml } = mails[mails.length - 1];
  assert.match(eml, new RegExp(`^To: .*<?${to.replace(/\./g, '\\.')}>?`, 'mi'), 'the email is addressed to them');
  assert.match(eml, /^Subject: Your followup account/mi);
  const words = text(eml);
  assert.doesNotMatch(words, new RegExp(PASSWORD), 'no password in an email');
  const link = words.match(/http:\/\/agency\.test(\/invitation\/[0-9a-f]{64})(?=\s)/);
  assert.ok(link, `an invitation link in ${JSON.stringify(words)}`);
  return link[1];
}

/** Submits a form by a click and waits for the page it answers with (even at the same URL). */
async function submit(page, selector) {
  const [response] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
  return response;
}

/** `look`, as agency-NAME.png; on a page whose own answer was an error status the test
 * expected, a browser that logs that status is told the answer, not a problem. */
async function lookAt(page, name, status) {
  if (status) page.problems = page.problems.filter((p) => !p.includes(`status of ${status}`));
  await look(page, 'agency', name);
}

/** Takes an invitation in the browser: a password too short is refused by the browser, and,
 * sent anyway, by the server, with a message on the page; the link still works after that.
 * `who` names the screenshots. */
async function takeInvitation(page, at, link, who) {
  const opened = await page.goto(at.url + link);
  assert.equal(opened.status(), 200, `${who}'s invitation opens`);
  assert.equal(await page.locator('h1').innerText(), 'Choose your password');
  await lookAt(page, `invitation-${who}`);

  // Too short: the browser does not send it.
  await page.fill('#password', 'too short');
  assert.equal(await page.$eval('#password', (e) => e.validity.tooShort), true, 'the browser finds it too short');
  assert.notEqual(await page.$eval('#password', (e) => e.validationMessage), '', 'the browser says why');
  const posts = [];
  const count = (r) => { if (r.method() === 'POST') posts.push(r.url()); };
  page.on('request', count);
  await page.evaluate(() => { window.stillHere = true; });
  await page.click('button:has-text("Save the password and sign in")');
  await page.waitForTimeout(300);
  page.off('request', count);
  assert.deepEqual(posts, [], 'the browser sent no password too short');
  assert.equal(await page.evaluate(() => window.stillHere), true, 'the page stayed');

  // Sent anyway (as an old browser would): the server refuses it, and says so on the page.
  await page.$eval('form', (f) => { f.noValidate = true; });
  const short = await submit(page, 'button:has-text("Save the password and sign in")');
  assert.equal(short.status(), 422, `a password too short is refused: ${await short.text()}`);
  const problem = page.locator('.problem[role=alert]');
  assert.equal(await problem.isVisible(), true, 'the refusal is on the page');
  assert.match(await problem.innerText(), /at least 12 characters/);
  assert.equal(await page.locator('input#password[type=password]').count(), 1, 'the password is asked for again');
  assert.equal(new URL(page.url()).pathname, link);
  assert.equal((await page.context().cookies()).length, 0, 'nobody is signed in by a refused password');
  await lookAt(page, `password-too-short-${who}`, 422);

  // The link still works, opened again.
  const again = await page.goto(at.url + link);
  assert.equal(again.status(), 200, 'the link is still good after a refused password');
  await page.fill('#password', PASSWORD);
  assert.equal(await page.$eval('form', (f) => f.checkValidity()), true);
  await submit(page, 'button:has-text("Save the password and sign in")');
  const cookies = await page.context().cookies();
  assert.equal(cookies.length, 1, `a session cookie: ${JSON.stringify(cookies)}`);
  assert.equal(cookies[0].httpOnly, true);
  assert.equal(cookies[0].sameSite, 'Lax');
  return cookies[0];
}

/** A used link, on both instances: "used or expired", and no password form. */
async function usedLink(page, one, two, link, who) {
  for (const at of [one, two]) {
    const used = await page.goto(at.url + link);
    assert.equal(used.status(), 404, `${who}'s used link at ${at.url}`);
    assert.equal(await page.locator('input[type=password]').count(), 0, 'a used link offers no password form');
    assert.equal(await page.locator('form').count(), 0, 'nor any form');
    assert.match(await page.locator('main').innerText(), /has been used or has expired/);
  }
  await lookAt(page, `link-used-${who}`, 404);
}

/** People's row for a name: the first line of each cell's text (a cell may hold a form). */
async function row(page, name) {
  const cells = page.locator('tbody tr').filter({ has: page.locator(`td:text-is("${name}")`) });
  assert.equal(await cells.count(), 1, `${name} has one row on People`);
  return (await cells.locator('td').allInnerTexts()).map((t) => t.trim().split('\n')[0].trim());
}

/** A section of the consultant's day, by its heading (the heading carries the count). */
function daySection(page, title) {
  return page.locator('main section').filter({ has: page.locator('h2', { hasText: title }) });
}

/** A local date's parts, as `YYYY-MM-DD`, and a pattern for it as the app writes it in either
 * English: "Monday 21 December 2026", "Monday, December 21, 2026". */
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
  'October', 'November', 'December'];
function daysFromToday(n) {
  const d = new Date();
  d.setHours(12, 0, 0, 0);
  d.setDate(d.getDate() + n);
  return d;
}
function iso(d) {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
function written(d) {
  const [w, day, month, year] = [WEEKDAYS[d.getDay()], d.getDate(), MONTHS[d.getMonth()], d.getFullYear()];
  return new RegExp(`${w},? (${day} ${month}|${month} ${day}),? ${year}`);
}

/** The side-by-side table's rows: heading, the candidate's side, the company's, how they stand,
 * and what each side has in bold. */
async function beside(scope) {
  return scope.locator('section.beside tbody tr').evaluateAll((rows) => rows.map((r) => ({
    heading: r.querySelector('th').innerText.trim(),
    mine: r.cells[1].innerText.trim(),
    theirs: r.cells[2].innerText.trim(),
    stand: r.cells[3].innerText.trim(),
    bold: Array.from(r.querySelectorAll('strong')).map((b) => b.innerText.trim()),
  })));
}

/** Debrief autosaves in flight on a page: counted, so that the test waits for them to land. */
function autosaves(page) {
  let pending = 0;
  let last = Date.now();
  const mine = (r) => r.method() === 'POST' && r.url().endsWith('/debrief');
  page.on('request', (r) => { if (mine(r)) { pending += 1; last = Date.now(); } });
  const done = (r) => { if (mine(r)) { pending -= 1; last = Date.now(); } };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  return {
    /** Waits until no autosave has started or ended for `quiet` ms, and none is in flight. */
    async settled(quiet = 1500) {
      const started = Date.now();
      while (pending > 0 || Date.now() - last < quiet) {
        assert.ok(Date.now() - started < 20000, 'the debrief\'s autosaves settle within 20 s');
        await page.waitForTimeout(100);
      }
    },
  };
}

test('an agency invites its people, who take their links on another instance, in a real browser', { timeout: 300000 }, async () => {
  const admin = process.env.FOLLOWUP_TEST_POSTGRES_URL;
  assert.ok(admin, 'FOLLOWUP_TEST_POSTGRES_URL is not set: this test needs a PostgreSQL server and its superuser\'s URL. '
    + 'Run it with scripts/test, or in bash after `source scripts/throwaway-postgres.sh`, which starts a throwaway one.');
  try {
    const { owner, app } = await freshDatabase(admin);
    const smtp = await smtpServer();
    undo.push(() => { smtp.stop(); rmSync(smtp.dir, { recursive: true, force: true }); });
    const home = mkdtempSync(join(tmpdir(), 'followup-agency-'));
    undo.push(() => rmSync(home, { recursive: true, force: true }));
    mkdirSync(join(home, 'data'));
    const config = agencyToml(home, app, smtp.port);

    // The owner founds the agency; the admin's invitation goes by email.
    const found = await run(binary(), ['agency', 'found', '--config', config, '--owner-url', owner,
      '--name', 'Northgate Recruitment', '--admin', 'ada@northgate.test', '--admin-name', 'Ada Admin'],
    { env: environment(home) });
    assert.equal(found.code, 0, found.out + found.err);
    assert.match(found.out, /invitation is on its way to ada@northgate\.test/);
    const adaLink = invitation(smtp, 'ada@northgate.test');

    // Two instances on the same database.
    const one = await instance(config, home);
    const two = await instance(config, home);
    assert.notEqual(one.url, two.url);

    const chrome = await browser();
    undo.push(() => chrome.close());
    const ada = await newPage(chrome, viewports.desktop);

    // Nobody signed in: Today is the sign-in.
    await ada.goto(one.url + '/');
    assert.equal(new URL(ada.url()).pathname, '/sign-in');
    assert.equal(await ada.locator('h1').innerText(), 'Sign in');
    await lookAt(ada, 'sign-in');

    // 1. The admin takes the invitation on instance one and lands on People, signed in.
    const opened = await ada.goto(one.url + adaLink);
    assert.equal(opened.status(), 200);
    assert.equal(await ada.locator('h1').innerText(), 'Choose your password');
    await lookAt(ada, 'invitation-admin');
    await ada.fill('#password', PASSWORD);
    await submit(ada, 'button:has-text("Save the password and sign in")');
    assert.equal(ada.url(), one.url + '/people');
    assert.equal(await ada.locator('h1').innerText(), 'People');
    assert.match(await ada.locator('main').innerText(), /Signed in as Ada Admin \(admin\)/);
    await lookAt(ada, 'people-admin');

    // 2. The admin invites a consultant, then a candidate of hers, from People.
    await ada.selectOption('#role', 'consultant');
    await ada.fill('#name', 'Rita Consultant');
    await ada.fill('#email', 'rita@northgate.test');
    let invited = await submit(ada, 'form[action="/people"] button.primary');
    assert.equal(invited.status(), 200);
    assert.equal(await ada.locator('.said[role=status]').innerText(), 'An invitation is on its way to rita@northgate.test.');
    assert.deepEqual(await row(ada, 'Rita Consultant'), ['Rita Consultant', 'rita@northgate.test', 'consultant', '', 'invited']);
    assert.equal(await ada.locator('tr:has(td:text-is("Rita Consultant")) button:text-is("Send the invitation again")').count(), 1);
    await ada.selectOption('#role', 'candidate');
    await ada.fill('#name', 'Cara Candidate');
    await ada.fill('#email', 'cara@example.test');
    await ada.selectOption('#consultant', { label: 'Rita Consultant' });
    invited = await submit(ada, 'form[action="/people"] button.primary');
    assert.equal(invited.status(), 200);
    assert.equal(await ada.locator('.said[role=status]').innerText(), 'An invitation is on its way to cara@example.test.');
    const cara = ada.locator('tbody tr').filter({ has: ada.locator('td:text-is("Cara Candidate")') });
    assert.equal(await cara.locator('option[selected]').innerText(), 'Rita Consultant', 'the candidate is Rita\'s');
    assert.deepEqual(await row(ada, 'Cara Candidate'), ['Cara Candidate', 'cara@example.test', 'candidate', 'Consultant of Cara Candidate', 'invited']);
    await lookAt(ada, 'people-invited');
    const ritaLink = invitation(smtp, 'rita@northgate.test');
    const caraLink = invitation(smtp, 'cara@example.test');
    assert.notEqual(ritaLink, caraLink);

    // 3. The consultant and the candidate, each in a browser of their own, take their links on
    // the other instance.
    const rita = await newPage(chrome, viewports.desktop);
    const ritaSession = await takeInvitation(rita, two, ritaLink, 'consultant');
    assert.equal(rita.url(), two.url + '/candidates', 'a consultant lands on her day');
    assert.equal(await rita.locator('h1').innerText(), 'Your day');
    assert.match(await rita.locator('main').innerText(), /Cara Candidate/);
    await lookAt(rita, 'candidates-consultant');
    await rita.goto(two.url + '/people');
    assert.match(await rita.locator('main').innerText(), /Signed in as Rita Consultant \(consultant\)/);
    assert.equal((await row(rita, 'Cara Candidate'))[4], 'invited', 'her candidate, not yet signed in');
    assert.equal(await rita.locator('text=Ada Admin').count(), 0, 'a consultant sees her candidates, not the admin');
    assert.equal(await rita.locator('form[action="/people"]').count(), 0, 'only the admin invites');
    await lookAt(rita, 'people-consultant');
    await usedLink(rita, one, two, ritaLink, 'consultant');

    const caraPage = await newPage(chrome, viewports.phone);
    const caraSession = await takeInvitation(caraPage, two, caraLink, 'candidate');
    assert.equal(caraPage.url(), two.url + '/', 'a candidate lands on Today');
    assert.notEqual(caraSession.value, ritaSession.value);
    await usedLink(caraPage, one, two, caraLink, 'candidate');
    await usedLink(ada, one, two, adaLink, 'admin');

    // 4. The candidate's Today, on instance two; she adds an application there.
    await caraPage.goto(two.url + '/');
    assert.equal(new URL(caraPage.url()).pathname, '/', 'a candidate signed in has her Today');
    assert.equal(await caraPage.locator('h1').innerText(), 'Today');
    assert.match(await caraPage.locator('main').innerText(), /Nothing to do now\. Start with your first application\./);
    await lookAt(caraPage, 'today-candidate');
    await caraPage.click('main >> text=your first application');
    await caraPage.waitForURL(two.url + '/applications/new');
    await lookAt(caraPage, 'new-application');
    await caraPage.fill('#company', 'Harbour Lights Ltd');
    await caraPage.fill('#role', 'Product Manager');
    await caraPage.selectOption('#interest', '4');
    // The agency arranged it: her letters to the company go through Rita.
    await caraPage.fill('#agency', 'Northgate Recruitment');
    await caraPage.fill('#consultant', 'Rita Consultant');
    await caraPage.fill('#consultant_email', 'rita@northgate.test');
    await caraPage.click('button:has-text("Add the application")');
    await caraPage.waitForURL(/\/applications\/harbour-lights-ltd-product-manager\?said=/);
    assert.match(await caraPage.locator('h1').innerText(), /Product Manager/);
    assert.match(await caraPage.locator('.said').innerText(), /Application added/);
    await lookAt(caraPage, 'application');
    // Her search is the same on instance one.
    await caraPage.goto(one.url + '/board');
    assert.match(await caraPage.locator('main').innerText(), /Harbour Lights Ltd/);
    await lookAt(caraPage, 'board-candidate');

    // The consultant, on instance one, sees her candidate, now with an account that is open;
    // the admin sees both open on instance two.
    await rita.goto(one.url + '/people');
    assert.equal(rita.url(), one.url + '/people');
    assert.deepEqual((await row(rita, 'Cara Candidate')).slice(0, 3), ['Cara Candidate', 'cara@example.test', 'candidate']);
    assert.equal((await row(rita, 'Cara Candidate'))[4], 'open');
    await lookAt(rita, 'people-consultant-after');
    // A consultant has no job search of her own: the candidate's pages send her to her day.
    await rita.goto(two.url + '/applications/harbour-lights-ltd-product-manager');
    assert.equal(new URL(rita.url()).pathname, '/candidates');
    await ada.goto(two.url + '/people');
    assert.equal((await row(ada, 'Rita Consultant'))[4], 'open');
    assert.equal((await row(ada, 'Cara Candidate'))[4], 'open');
    await lookAt(ada, 'people-admin-after');

    // Sign out, on instance one: Today then goes to the sign-in, on either instance, and the
    // session is over in the database, not just forgotten by the browser.
    await caraPage.goto(one.url + '/account');
    assert.match(await caraPage.locator('main').innerText(), /Cara Candidate, cara@example\.test \(candidate\)/);
    await lookAt(caraPage, 'account');
    await caraPage.click('button:text-is("Sign out")');
    await caraPage.waitForURL(one.url + '/sign-in');
    for (const at of [one, two]) {
      await caraPage.goto(at.url + '/');
      assert.equal(caraPage.url(), at.url + '/sign-in', `Today after signing out, at ${at.url}`);
    }
    assert.deepEqual((await caraPage.context().cookies()).filter((c) => c.value), [], 'the cookie is gone');
    const old = await fetch(two.url + '/api/v1/agenda', { headers: { cookie: `${caraSession.name}=${caraSession.value}` } });
    assert.equal(old.status, 401, 'the old session no longer signs in');
    await lookAt(caraPage, 'signed-out');
    // Her consultant's session is hers alone, and stays.
    await rita.goto(two.url + '/people');
    assert.equal(rita.url(), two.url + '/people');
    // And she signs in again with her password, on instance two.
    await caraPage.fill('#email', 'cara@example.test');
    await caraPage.fill('#password', PASSWORD);
    await submit(caraPage, 'button:has-text("Sign in")');
    assert.equal(caraPage.url(), two.url + '/');
    assert.equal(await caraPage.locator('h1').innerText(), 'Today');
    assert.doesNotMatch(await caraPage.locator('main').innerText(), /Start with your first application/, 'her application is still hers');

    // 5. The report to the consultant. Cara (on her phone) had an interview yesterday; she
    // adds it on instance two, writes its debrief on instance one, and shares it there.
    const appPath = '/applications/harbour-lights-ltd-product-manager';
    const yesterday = `${iso(daysFromToday(-1))} 10:00`;
    await caraPage.goto(two.url + appPath);
    assert.equal(await caraPage.locator('summary:has-text("Share the debrief")').count(), 0,
      'nothing to share before there is an interview');
    const adding = caraPage.locator('details:has(summary:text-is("Add an interview"))');
    assert.equal(await adding.evaluate((d) => d.open), true, 'with no interview yet, its form is open');
    await caraPage.fill('#starts', yesterday);
    await caraPage.fill('#with', 'Nia Jones, Head of Product, nia@harbourlights.test');
    await caraPage.click('button:has-text("Add the interview")');
    await caraPage.waitForURL(/\/interviews\/[^/?]+\/debrief\?said=/);
    const debriefPath = new URL(caraPage.url()).pathname;
    const interviewKey = debriefPath.split('/').at(-2);
    assert.match(await caraPage.locator('.said').innerText(), /Interview added/);
    // Added, not yet debriefed: no share offered on her page; her consultant's day lists it as
    // an interview with no debrief, on the other instance.
    await caraPage.goto(two.url + appPath);
    assert.match(await caraPage.locator('section:has(#interviews)').innerText(), /Nia Jones — Write the debrief/);
    assert.equal(await caraPage.locator('summary:has-text("Share the debrief")').count(), 0,
      'no debrief, nothing to share');
    await rita.goto(one.url + '/candidates');
    assert.match(await daySection(rita, 'Interviews with no debrief yet').innerText(),
      /\(1\)\s+Cara Candidate: Harbour Lights Ltd, Product Manager/);
    assert.match(await daySection(rita, 'Reports waiting for the company\'s feedback').innerText(),
      /\(0\)\s+No report waits for feedback\./);

    // The debrief, on instance one: one section at a time on her phone, saved as she types.
    const saves = autosaves(caraPage);
    await caraPage.goto(one.url + debriefPath);
    assert.match(await caraPage.locator('h1').innerText(), /Debrief\s+Product Manager at Harbour Lights Ltd/);
    assert.equal(await caraPage.inputValue('#people'), 'Nia Jones, Head of Product, nia@harbourlights.test', 'who she met, from the interview');
    assert.equal(await caraPage.isVisible('#went_well'), false, 'on a phone, the second section waits its turn');
    await caraPage.click('[data-step="1"]');
    await caraPage.fill('#went_well', 'The roadmap exercise');
    await caraPage.fill('#went_badly', 'I rambled about my notice period');
    await caraPage.click('[data-step="1"]');
    await caraPage.fill('#concerns', 'Stakeholder management: how I would handle a board that disagrees');
    await caraPage.click('[data-step="1"]');
    await caraPage.fill('#next_steps', 'They decide by the end of next week');
    await caraPage.check('input[name=still_interested][value=yes]');
    await saves.settled();
    assert.match(await caraPage.locator('#save-status').innerText(), /^Saved at /, 'saved as she typed');
    await lookAt(caraPage, 'debrief');
    await submit(caraPage, 'button:has-text("Save and see the programme")');
    assert.equal(new URL(caraPage.url()).pathname, appPath);
    assert.match(await caraPage.locator('.said').innerText(), /Debrief saved/);
    // Written, not yet shared: her consultant has nothing waiting.
    await rita.goto(two.url + '/candidates');
    assert.match(await daySection(rita, 'Reports waiting for the company\'s feedback').innerText(), /\(0\)/);
    assert.match(await daySection(rita, 'Interviews with no debrief yet').innerText(), /\(0\)/);

    // She shares it, with a word for the company.
    const interviews = caraPage.locator('section:has(#interviews)');
    assert.match(await interviews.innerText(), /Edit the debrief/);
    assert.doesNotMatch(await interviews.innerText(), /Shared with your consultant/);
    await caraPage.click('summary:text-is("Share the debrief with your consultant")');
    await caraPage.fill(`#pass-${interviewKey}`, 'I would relocate for the role.');
    await submit(caraPage, 'button:has-text("Share with my consultant")');
    assert.equal(new URL(caraPage.url()).pathname, appPath);
    assert.equal(await caraPage.locator('.said[role=status]').innerText(), 'Your consultant has the debrief.');
    assert.match(await interviews.innerText(), /Shared with your consultant .+\. To pass on: “I would relocate for the role\.”$/m);
    assert.equal(await caraPage.locator('summary:text-is("Share it again with your consultant")').count(), 1);
    assert.equal(await caraPage.locator('section.beside').count(), 0, 'no feedback yet, nothing side by side');
    await lookAt(caraPage, 'application-shared');

    // 6. Rita's day, on instance two: the report waits for the company's feedback; its link
    // opens the whole debrief, the private note and the word to pass on with it.
    await rita.goto(two.url + '/candidates');
    const waiting = daySection(rita, 'Reports waiting for the company\'s feedback');
    assert.match(await waiting.innerText(), /\(1\)\s+Cara Candidate: Harbour Lights Ltd, Product Manager/);
    await lookAt(rita, 'candidates-report-waiting');
    await Promise.all([rita.waitForNavigation(), waiting.locator('a:text-is("Cara Candidate")').click()]);
    const reportPath = new URL(rita.url()).pathname;
    assert.match(reportPath, new RegExp(`^/candidates/[^/]+${appPath}/interviews/${interviewKey}$`));
    assert.match(await rita.locator('h1').innerText(), /^Harbour Lights Ltd, Product Manager: /);
    assert.equal(await rita.locator('section:has(#pass-h) p').innerText(), 'I would relocate for the role.');
    assert.equal(await rita.locator('#pass-h').innerText(), 'To pass on to Harbour Lights Ltd');
    const debrief = await rita.locator('section:has(#report-h)').innerText();
    assert.match(debrief, /^Cara Candidate's debrief, shared /);
    for (const said of ['Nia Jones', 'The roadmap exercise', 'I rambled about my notice period', 'Stakeholder management',
      'They decide by the end of next week']) {
      assert.ok(debrief.includes(said), `the report carries "${said}": ${debrief}`);
    }
    assert.equal(await rita.locator('section.beside').count(), 0, 'no feedback yet, nothing side by side');
    await lookAt(rita, 'report');

    // 7. The company's feedback, recorded on instance one. A date the app cannot read is
    // refused, with everything she typed kept; then mended and recorded.
    await rita.goto(one.url + reportPath);
    await rita.fill('#impressed', 'Her roadmap thinking\nA calm manner under pressure');
    await rita.fill('#worried', 'Little experience with pricing');
    await rita.fill('#next_step', 'A second interview with the CEO');
    await rita.fill('#next_date', 'early next year');
    await rita.selectOption('#decision', 'undecided');
    const refused = await submit(rita, 'button:has-text("Record the feedback")');
    assert.equal(refused.status(), 422, 'a date the app cannot read is refused');
    const alert = rita.locator('.problem[role=alert]');
    assert.equal(await alert.isVisible(), true, 'the refusal is on the page');
    assert.match(await alert.innerText(), /early next year/);
    assert.equal(await rita.inputValue('#next_date'), 'early next year', 'her words are kept');
    assert.equal(await rita.inputValue('#impressed'), 'Her roadmap thinking\nA calm manner under pressure');
    assert.equal(await rita.inputValue('#worried'), 'Little experience with pricing');
    assert.equal(await rita.inputValue('#next_step'), 'A second interview with the CEO');
    assert.equal(await rita.inputValue('#decision'), 'undecided');
    assert.equal(await rita.locator('section.beside').count(), 0, 'nothing was recorded');
    await lookAt(rita, 'feedback-refused', 422);
    await rita.fill('#next_date', 'in two weeks');
    const named = daysFromToday(14);
    const recorded = await submit(rita, 'button:has-text("Record the feedback")');
    assert.equal(recorded.status(), 200);
    assert.equal(new URL(rita.url()).pathname, reportPath, 'back on the report');
    assert.equal(await rita.locator('.problem[role=alert]').count(), 0);
    assert.equal(await rita.locator('section.beside h3').innerText(), 'Cara Candidate\'s impression beside the company\'s feedback');
    const hers = await beside(rita);
    assert.deepEqual(hers.map((r) => [r.heading, r.stand]), [
      ['What went well', 'both agree'],
      ['What worried them', 'they differ'],
      ['Fit', 'only the candidate noted this'],
      ['Next step', 'they differ'],
      ['Decision', 'news to the candidate'],
    ]);
    assert.deepEqual(hers[0].bold, ['The roadmap exercise', 'Her roadmap thinking'], 'what both sides said, in bold');
    assert.match(hers[0].theirs, /A calm manner under pressure/);
    assert.match(hers[3].theirs, written(named), 'the date they named, two weeks ahead');
    assert.equal(hers[4].theirs, 'They are still deciding.');
    await lookAt(rita, 'report-feedback');
    // Answered: it no longer waits on her day.
    await rita.goto(two.url + '/candidates');
    assert.match(await daySection(rita, 'Reports waiting for the company\'s feedback').innerText(),
      /\(0\)\s+No report waits for feedback\./);

    // 8. Cara's page, on instance two: the same side by side, spoken to her, and the programme
    // moved: the status call now waits for the date the company named.
    await caraPage.goto(two.url + appPath);
    const mine = await beside(caraPage);
    assert.equal(await caraPage.locator('section.beside h3').innerText(), 'Your impression beside the company\'s feedback');
    assert.equal(await caraPage.locator('section.beside thead th:nth-child(2)').innerText(), 'Your impression');
    assert.deepEqual(mine.map((r) => [r.heading, r.stand]), [
      ['What went well', 'both agree'],
      ['What worried them', 'they differ'],
      ['Fit', 'only you noted this'],
      ['Next step', 'they differ'],
      ['Decision', 'news to you'],
    ]);
    assert.deepEqual(mine[0].bold, ['The roadmap exercise', 'Her roadmap thinking']);
    assert.match(mine[1].mine, /I rambled about my notice period/);
    assert.match(mine[1].theirs, /Little experience with pricing/);
    assert.doesNotMatch(await caraPage.locator('main').innerText(), /the candidate/, 'spoken to her, not about her');
    const calls = caraPage.locator('section:has(#programme) li.action').filter({ hasText: written(named) });
    assert.equal(await calls.count(), 1, `one action names the new date: ${await caraPage.locator('section:has(#programme)').innerText()}`);
    assert.match(await calls.locator('.why').innerText(), new RegExp(`They named ${written(named).source} for their decision`));
    assert.match(await calls.locator('.what').innerText(), /^Call /);
    // When it is planned: after the date, by the API on the same session.
    const api = await caraPage.request.get(two.url + '/api/v1' + appPath);
    assert.equal(api.status(), 200);
    const checks = (await api.json()).programme.filter((a) => a.kind === 'status_check');
    assert.equal(checks.length, 1, JSON.stringify(checks));
    assert.ok(checks[0].not_before.slice(0, 10) > iso(named), `the call comes after ${iso(named)}: ${checks[0].not_before}`);
    // On her phone the table may scroll within its section, never the page sideways (whether
    // that section can be scrolled from the keyboard is axe's to say, at the end).
    const widths = await caraPage.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      screen: document.documentElement.clientWidth,
      table: document.querySelector('section.beside').scrollWidth,
      section: document.querySelector('section.beside').clientWidth,
    }));
    assert.ok(widths.page <= widths.screen, `the page does not scroll sideways on a phone: ${JSON.stringify(widths)}`);

    // 9. Cara is no consultant: the consultant's day sends her to her Today, and the report's
    // page is not hers to find.
    await caraPage.goto(one.url + '/candidates');
    assert.equal(caraPage.url(), one.url + '/', 'a candidate asking for the consultant\'s day has her Today');
    assert.equal(await caraPage.locator('h1').innerText(), 'Today');
    const notHers = await caraPage.goto(two.url + reportPath);
    assert.equal(notHers.status(), 404, 'the report\'s page is the consultant\'s');
    assert.equal(await caraPage.locator('form[action$="/feedback"]').count(), 0);
    await lookAt(caraPage, 'report-not-hers', 404);

    // 10. A letter through the consultant. Cara (on instance one) writes her letter to Nia,
    // with a note to herself left in it, and submits it: it waits for Rita.
    const agenda = await (await caraPage.request.get(one.url + '/api/v1' + appPath)).json();
    const toNia = agenda.programme.find((a) => ['thank_you', 'strategic_letter'].includes(a.kind)
      && (a.to || '').includes('nia@harbourlights.test'));
    assert.ok(toNia, `a letter to Nia is asked for: ${JSON.stringify(agenda.programme)}`);
    await caraPage.goto(`${one.url}/letters/${toNia.id}`);
    assert.match(await caraPage.locator('h1').innerText(), /through Rita Consultant/);
    const body = await caraPage.inputValue('#body');
    const note = '[add the roadmap deck]';
    await caraPage.fill('#body', body.replace(/\n\n/, `\n\n${note}\n\n`));
    await caraPage.check('input[name=force]');
    const sent = await submit(caraPage, 'button.primary:text-is("Send")');
    assert.equal(sent.status(), 200, `${caraPage.url()}: ${await caraPage.locator('main').innerText()}`);
    assert.match(await caraPage.locator('.said').innerText(),
      /^Submitted for Nia Jones through Rita Consultant \(rita@northgate\.test\): your consultant reviews it and forwards it\.$/);
    await caraPage.goto(two.url + appPath);
    const through = caraPage.locator('section:has(#through)');
    assert.match(await through.innerText(), /waiting for your consultant/);
    await lookAt(caraPage, 'application-letter-waiting');
    // The letter did its action at the submission: the programme no longer asks for it.
    const after = await (await caraPage.request.get(two.url + '/api/v1' + appPath)).json();
    assert.equal(after.programme.filter((a) => a.id === toNia.id).length, 0, JSON.stringify(after.programme));

    // Rita's day, on instance one: the letter waits; its page shows what the checks find.
    await rita.goto(one.url + '/candidates');
    const letters = daySection(rita, 'Letters waiting to be forwarded');
    assert.match(await letters.innerText(), /\(1\)\s+Cara Candidate: Harbour Lights Ltd, Product Manager/);
    await lookAt(rita, 'candidates-letter-waiting');
    await Promise.all([rita.waitForNavigation(), letters.locator('a:text-is("Cara Candidate")').click()]);
    const letterPath = new URL(rita.url()).pathname;
    assert.match(await rita.locator('h1').innerText(), /^A letter to Harbour Lights Ltd, Product Manager$/);
    assert.match(await rita.locator('main').innerText(), /To Nia Jones <nia@harbourlights\.test>/);
    assert.match(await rita.locator('ol.findings').innerText(), /placeholder/);
    assert.ok((await rita.inputValue('#letter')).includes(note), 'the letter as Cara wrote it');
    await lookAt(rita, 'letter-review');
    // Forwarded as it is, the checks refuse it, on instance two, and keep it waiting.
    await rita.goto(two.url + letterPath);
    const refusedLetter = await submit(rita, 'button:has-text("Forward to Harbour Lights Ltd")');
    assert.equal(refusedLetter.status(), 422);
    assert.match(await rita.locator('.problem[role=alert]').innerText(), /placeholder/);
    await lookAt(rita, 'letter-refused', 422);
    // She mends it and forwards it.
    await rita.fill('#letter', (await rita.inputValue('#letter')).replace(note, 'I will send the roadmap deck by Friday.'));
    const forwarded = await submit(rita, 'button:has-text("Forward to Harbour Lights Ltd")');
    assert.equal(forwarded.status(), 200);
    assert.equal(new URL(rita.url()).pathname, letterPath);
    assert.match(await rita.locator('main').innerText(), /Forwarded .+ by Rita Consultant/);
    assert.equal(await rita.locator('textarea').count(), 0, 'forwarded once: no form to forward it again');
    await lookAt(rita, 'letter-forwarded');
    // It arrives once, to Nia, from the agency's address, answering to Rita, with the Word document.
    let toNiaMails = [];
    for (let waited = 0; waited < 200 && toNiaMails.length === 0; waited += 1) {
      toNiaMails = readdirSync(smtp.dir).filter((f) => f.endsWith('.json'))
        .filter((f) => JSON.parse(readFileSync(join(smtp.dir, f), 'utf8')).rcpt_tos.includes('nia@harbourlights.test'));
      if (toNiaMails.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 1000));
    toNiaMails = readdirSync(smtp.dir).filter((f) => f.endsWith('.json'))
      .filter((f) => JSON.parse(readFileSync(join(smtp.dir, f), 'utf8')).rcpt_tos.includes('nia@harbourlights.test'));
    assert.equal(toNiaMails.length, 1, 'the letter arrived once');
    const eml = readFileSync(join(smtp.dir, toNiaMails[0].replace(/\.json$/, '.eml')), 'utf8');
    // Headers unfolded, and their encoded words (RFC 2047) decoded, as a mail client shows them.
    const head = eml.slice(0, eml.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ')
      .replace(/=\?utf-8\?b\?([^?]+)\?=/gi, (_, b64) => Buffer.from(b64, 'base64').toString('utf8'));
    assert.match(head, /^From: .*Rita Consultant \(Northgate Recruitment\).*<followup@agency\.test>/mi);
    assert.match(head, /^Reply-To: .*<?rita@northgate\.test>?/mi);
    assert.match(head, /^To: .*nia@harbourlights\.test/mi);
    assert.match(eml, /application\/vnd\.openxmlformats-officedocument\.wordprocessingml\.document/, 'the Word document is attached');
    // Cara sees it went, and what Rita changed; her consultant's day has nothing waiting.
    await caraPage.goto(one.url + appPath);
    const went = await through.innerText();
    assert.match(went, /Forwarded .+ by Rita Consultant/);
    assert.equal(await through.locator('del').innerText(), note);
    assert.equal(await through.locator('ins').innerText(), 'I will send the roadmap deck by Friday.');
    await lookAt(caraPage, 'application-letter-forwarded');
    await rita.goto(two.url + '/candidates');
    assert.match(await daySection(rita, 'Letters waiting to be forwarded').innerText(), /\(0\)\s+No letter waits for you\./);

    // 11. The agency's insights: Rita's own, and the admin's by consultant, drawn as charts.
    await rita.click('nav >> text=Insights');
    await rita.waitForURL(two.url + '/candidates/insights');
    assert.match(await rita.locator('main').innerText(),
      /Letters submitted: 1\. Forwarded within 24 hours: 1; later: 0; still waiting: 0\./);
    assert.match(await rita.locator('main').innerText(), /Reports shared: 1\./);
    assert.equal(await rita.locator('section.chart svg').count(), 3);
    await lookAt(rita, 'insights-consultant');
    await ada.goto(one.url + '/candidates/insights');
    const byConsultant = ada.locator('tbody tr').filter({ has: ada.locator('th:text-is("Rita Consultant")') });
    assert.deepEqual((await byConsultant.locator('td').allInnerTexts()).slice(1, 2), ['1 of 1 (100%)'],
      'her letter, forwarded within 24 hours');
    await lookAt(ada, 'insights-admin');

    for (const [who, at] of [['first', one], ['second', two]]) {
      assert.doesNotMatch(at.stderr, /error [0-9a-f]+:|panicked/, `the ${who} instance logged no failure`);
    }

    // Last, so that what axe finds here does not hide the rest of the journey: Cara's page with
    // the side by side, on her phone, screenshotted and checked like every other page.
    await caraPage.goto(two.url + appPath);
    assert.equal(await caraPage.locator('section.beside').count(), 1);
    await lookAt(caraPage, 'application-feedback');
  } finally {
    await cleanUp();
  }
});
