// A new user's whole journey in a real browser, on a phone and on a desktop: profile and mail
// server, an application and its interview, the debrief, the programme, the thank-you with a
// finding fixed and sent to a real SMTP server, a status call, an offer and its review.
// Every page is screenshotted and checked with axe-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, smtpServer, browser, newPage, look, viewports } from './lib.mjs';

let chrome;
before(async () => { chrome = await browser(); });
after(async () => { await chrome?.close(); });

for (const [label, viewport] of Object.entries(viewports)) {
  test(`a new user's journey on a ${label}`, async () => {
    const smtp = await smtpServer();
    // Friday 13 November 2026 at 16:00, two hours after the interview; later, Monday 23rd,
    // when the decision date has passed.
    const app = await serve({ now: '2026-11-13T16:00:00Z' });
    const page = await newPage(chrome, viewport);
    try {
      // Today, empty: the way in is the first application.
      await page.goto(app.url + '/');
      assert.match(await page.locator('main').innerText(), /Nothing to do now/);
      await look(page, label, 'today-empty');

      // Who I am, and the mail server.
      await page.click('nav >> text=Settings');
      await page.fill('#name', 'Alex Morgan');
      await page.fill('#email', 'alex.morgan@example.org');
      await page.selectOption('#language', 'en-GB');
      await page.fill('#timezone', 'Europe/London');
      await page.click('section:has(#profile-h) button.primary');
      await page.waitForURL(/\/settings\?said=/);
      assert.equal(await page.inputValue('#name'), 'Alex Morgan');
      await page.fill('#host', '127.0.0.1');
      await page.fill('#port', String(smtp.port));
      await page.selectOption('#security', 'off');
      await page.click('section:has(#mail-h) button.primary');
      await page.waitForURL(/\/settings\?said=/);
      assert.equal(await page.inputValue('#port'), String(smtp.port));
      await look(page, label, 'settings');

      // A new application.
      await page.click('nav >> text=New application');
      await look(page, label, 'new-application');
      await page.fill('#company', 'Acme Ltd');
      await page.fill('#role', 'Data Analyst');
      await page.selectOption('#interest', '5');
      await page.click('button:has-text("Add the application")');
      await page.waitForURL(/\/applications\/acme-ltd-data-analyst/);

      // Its interview, in words.
      await page.fill('#starts', '2026-11-13 14:00');
      await page.fill('#with', 'Priya Shah, Head of Analytics, priya.shah@acme.example (lead)\nTom Reed, Senior Analyst, tom.reed@acme.example');
      await page.click('button:has-text("Add the interview")');
      await page.waitForURL(/\/interviews\/r1\/debrief/);

      // The debrief: saved as I type, dates as people say them.
      await page.fill('#job_details', 'Reporting on customer churn for the retail team');
      if (label === 'phone') {
        // One section at a time on a phone.
        assert.equal(await page.isVisible('#went_well'), false, 'the second section waits its turn');
        await page.click('[data-step="1"]');
      }
      await page.fill('#went_well', 'The case study on churn');
      await page.fill('#went_badly', 'I rushed the SQL question');
      if (label === 'phone') await page.click('[data-step="1"]');
      await page.fill('#concerns', 'SQL at scale: I ran the two-terabyte warehouse migration at my last job');
      await page.fill('#forgot_to_mention', 'My Tableau certification');
      if (label === 'phone') await page.click('[data-step="1"]');
      await page.fill('#next_steps', 'They will decide by Wednesday week');
      await page.fill('#decision_by', '18 November');
      await page.check('input[name=still_interested][value=yes]');
      await page.waitForSelector('#save-status:has-text("18 November 2026")');
      const status = await page.locator('#save-status').innerText();
      assert.match(status, /Saved at/);
      await look(page, label, 'debrief');
      // Saved on the server already, before the button: the API reads it back.
      const saved = await app.api('GET', '/applications/acme-ltd-data-analyst/interviews/r1/debrief');
      assert.equal(saved.json.decision_by, 'Wednesday 18 November 2026');
      assert.equal(saved.json.went_badly, 'I rushed the SQL question');
      await page.click('button:has-text("Save and see the programme")');
      await page.waitForURL(/\/applications\/acme-ltd-data-analyst\?said=/);

      // The programme: a strategic letter to the lead (interest 5), a thank-you to the other
      // interviewer, a status check.
      const programme = await page.locator('section:has(#programme)').innerText();
      assert.match(programme, /Thank Tom Reed/);
      assert.match(programme, /strategic letter to Priya Shah/i);
      assert.match(programme, /Call Priya Shah/);
      await look(page, label, 'application');

      // The thank-you, with a finding added, seen, and fixed.
      await page.click('section:has(#programme) li:has-text("Thank Tom Reed") >> text=Write the letter');
      await page.waitForURL(/\/letters\//);
      assert.equal(await page.inputValue('#to'), 'tom.reed@acme.example');
      const body = await page.inputValue('#body');
      assert.match(body, /Tom/);
      await page.fill('#body', body + '\nP.S. [ADD SOMETHING HERE]');
      await page.waitForSelector('#findings mark.error');
      assert.match(await page.locator('#findings').innerText(), /placeholder/);
      await look(page, label, 'letter-with-finding');
      await page.fill('#body', body);
      await page.waitForFunction(() => !document.querySelector('#findings mark.error'));
      assert.match(await page.locator('#findings .tally').innerText(), /^(No findings|0 errors)/);
      // A double click sends one letter: the second is told the first is on its way.
      await page.dblclick('button:has-text("Send")');
      await page.waitForURL((u) => ['/', '/letters/send'].includes(new URL(u).pathname));
      await page.waitForLoadState('load');
      assert.match(await page.locator('main').innerText(), /On its way to Tom Reed|already (queued|sending|sent)/);
      // The page answered at once; the worker inside serve delivers it.
      for (let n = 0; n < 100 && smtp.messages().length === 0; n++) await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 1500));
      const sent = smtp.messages();
      assert.equal(sent.length, 1, 'one letter reached the SMTP server');
      assert.match(sent[0], /^To: .*tom\.reed@acme\.example/m);
      assert.doesNotMatch(sent[0], /ADD SOMETHING/);

      // The status call, ten days later, now that the decision date has passed: the other
      // letters have lapsed, and the call carries the thanks.
      await app.later('2026-11-23T10:00:00Z');
      await page.goto(app.url + '/');
      const call = page.locator('li.action:has-text("Call")').first();
      await call.waitFor();
      await look(page, label, 'today');
      await call.locator('button:has-text("Left a voicemail")').click();
      await page.waitForURL(/said=/);
      assert.match(await page.locator('.said').innerText(), /^Done: /);
      const record = await app.cli(['agenda', '--all', '--json']);
      assert.equal(record.code, 0, record.err);
      assert.ok(JSON.parse(record.out).record.some((e) => e.channel === 'phone' && e.state === 'voicemail'),
        'the call is in the record as a voicemail');

      // The offer, beside the expectations, and its review.
      await page.goto(app.url + '/applications/acme-ltd-data-analyst');
      await page.selectOption('#kind', 'offer');
      await page.fill('#salary', '52000');
      await page.fill('#currency', 'GBP');
      await page.fill('#benefits', 'Pension\nPrivate health cover');
      await page.fill('#respond_by', '30 November');
      await page.click('section:has(#events) button.primary');
      await page.waitForURL(/\/offer/);
      const table = await page.locator('table.offer').innerText();
      assert.match(table, /52000 GBP/);
      assert.match(await page.locator('main').innerText(), /Answer by Monday 30 November 2026/);
      await look(page, label, 'offer');
      await page.click('li:has-text("Review") >> text=Write it');
      await page.waitForURL(/\/letters\//);
      assert.match(await page.locator('h1').innerText(), /Review offer/i);
      await look(page, label, 'offer-review');

      // The rest of the pages.
      await page.goto(app.url + '/board');
      assert.match(await page.locator('.board').innerText(), /Acme Ltd/);
      await look(page, label, 'board');
      await page.goto(app.url + '/insights');
      assert.equal(await page.locator('figure svg').count(), 3);
      assert.match(await page.locator('main').innerText(), /1 were thanked within 24 hours|0 were thanked within 24 hours/);
      await look(page, label, 'insights');
      await page.goto(app.url + '/applications/acme-ltd-data-analyst');
      assert.match(await page.locator('section:has(#timeline)').innerText(), /Thank you/i);
      await look(page, label, 'application-after');
    } finally {
      await page.context().close();
      app.stop();
      smtp.stop();
    }
  });
}
