// Hostile strings in every field come back as text, never as markup: on every page, in a real
// browser, no element the app did not write appears and no script runs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, browser, newPage, look, viewports } from './lib.mjs';

const HOSTILE = [
  '<script>alert("x")</script>',
  '"><img src=x onerror=alert(1)>',
  "' onmouseover='alert(2)",
  '{{ 7*7 }} {% raw %}',
  '😀 Zoë',
  'مرحبا بالعالم \u202Egnp.exe',
].join(' ');

let chrome;
before(async () => { chrome = await browser(); });
after(async () => { await chrome?.close(); });

test('hostile strings come back as text on every page', async () => {
  const app = await serve({ now: '2026-11-23T10:00:00Z' });
  const page = await newPage(chrome, viewports.desktop);
  try {
    let r = await app.api('PUT', '/settings/profile', { name: `Alex ${HOSTILE}`, email: 'alex@example.org', signature: HOSTILE });
    assert.equal(r.status, 200, r.text);
    r = await app.api('POST', '/applications', {
      company: `Evil ${HOSTILE}`, role: `Role ${HOSTILE}`, department: HOSTILE, interest: 5,
      agency: `Agency ${HOSTILE}`, consultant: `Jo ${HOSTILE}`, consultant_email: 'jo@agency.example',
    });
    assert.equal(r.status, 201, r.text);
    const key = r.json.application;
    r = await app.api('POST', `/applications/${key}/interviews`, {
      starts: '2026-11-13 14:00', location: HOSTILE,
      with: [`Priya ${HOSTILE.replace(/,/g, ' ')}, Head, priya@evil.example (lead)`],
    });
    assert.equal(r.status, 201, r.text);
    const debrief = Object.fromEntries(['job_details', 'company_notes', 'tone', 'went_well', 'went_badly',
      'concerns', 'responded_well_to', 'forgot_to_mention', 'next_steps'].map((f) => [f, `${f} ${HOSTILE}`]));
    r = await app.api('PUT', `/applications/${key}/interviews/r1/debrief`, { ...debrief, decision_by: '18 November' });
    assert.equal(r.status, 200, r.text);
    r = await app.api('POST', `/applications/${key}/events`, {
      kind: 'offer', salary: '50000', currency: 'GBP', benefits: [HOSTILE], terms: HOSTILE, respond_by: '30 November',
    });
    assert.equal(r.status, 201, r.text);
    r = await app.api('PUT', '/settings/words', { words: [HOSTILE] });
    assert.equal(r.status, 200, r.text);

    const agenda = await app.api('GET', '/agenda?all=true');
    const letterId = agenda.json.groups.flatMap((g) => g.actions).find((a) => a.letter).id;
    const pages = ['/', '/board', `/applications/${key}`, `/applications/${key}/interviews/r1/debrief`,
      `/applications/${key}/offer`, `/letters/${letterId}`, '/insights', '/settings',
      `/applications/${encodeURIComponent(HOSTILE)}`, `/?said=${encodeURIComponent(HOSTILE)}`];
    for (const path of pages) {
      page.problems = [];
      const response = await page.goto(app.url + path);
      if (path.startsWith('/applications/%3C')) {
        assert.equal(response.status(), 404);
        // The browser reports the page's own 404; that is the answer, not a problem.
        page.problems = page.problems.filter((p) => !p.includes('status of 404'));
      }
      // Only the app's own two scripts, and no image the app did not draw.
      const scripts = await page.$$eval('script', (s) => s.map((e) => e.getAttribute('src')));
      assert.deepEqual(scripts, ['/assets/htmx-2.0.11.min.js', '/assets/app.js'], `scripts on ${path}`);
      assert.equal(await page.locator('img').count(), 0, `no injected image on ${path}`);
      assert.equal(await page.locator('[onerror], [onmouseover]').count(), 0, `no injected handler on ${path}`);
      const text = await page.locator('body').innerText();
      if (!path.startsWith('/applications/%3C') && path !== '/insights') {
        assert.ok(text.includes('<script>alert("x")</script>') || (await page.locator('textarea, input').evaluateAll(
          (els) => els.some((e) => e.value.includes('<script>alert("x")</script>')))), `the string is shown as text on ${path}`);
      }
      // The calendar's address is the app's own (a random token and a port that may hold "49").
      const own = await page.locator('#calendar-url').allInnerTexts();
      const theirs = own.reduce((t, url) => t.replace(url, ''), text);
      assert.ok(!theirs.includes('49'), `the template engine did not evaluate the text on ${path}`);
      assert.deepEqual(page.problems, [], `no script ran on ${path}`);
    }
    // The status line shows only the app's own messages, never words put in a URL.
    await page.goto(app.url + '/?said=' + encodeURIComponent('Sent to the wrong person.'));
    assert.equal(await page.locator('.said').count(), 0, 'a message from the URL is not shown');
    await page.goto(app.url + `/applications/${key}`);
    await look(page, 'hostile', 'application');
    // The API answers the same strings back, as JSON strings.
    const back = await app.api('GET', `/applications/${key}`);
    assert.ok(back.json.company.endsWith(HOSTILE));
  } finally {
    await page.context().close();
    app.stop();
  }
});
