// Today on a long search, and the pages the server keeps as rendered (Today, the Board and
// their JSON): each group lists its first actions and links to the rest, and a kept page
// shows every write at once, whether this server made it or another process did.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve, root } from './lib.mjs';

const NOW = '2026-11-22T12:00:00+00:00';
/** How many actions of a group Today lists (`LISTED` in web/pages.rs). */
const LISTED = 25;

/** The ids of the actions a page lists, in order. */
const listed = (html) => [...html.matchAll(/id="action-([^"]+)"/g)].map((m) => m[1]);

test('Today lists the first actions of each group, and kept pages show every write', async () => {
  const server = await serve({ now: NOW });
  const page = async (path) => {
    const response = await fetch(server.url + path);
    assert.equal(response.status, 200, `GET ${path}`);
    return response.text();
  };
  try {
    // 40 applications with nothing done: a long agenda, most of it overdue.
    const python = process.env.FOLLOWUP_TEST_PYTHON || '/usr/bin/python3';
    const search = join(server.home, 'search.json');
    writeFileSync(search, execFileSync(python, [join(root, 'bench', 'generate.py'), '40', '1', 'bare']));
    const imported = await server.cli(['import', search]);
    assert.equal(imported.code, 0, imported.err);

    // The API lists every action; the page the first of each group, and a link to the rest.
    const agenda = (await server.api('GET', '/agenda')).json;
    const big = agenda.groups.find((g) => g.actions.length > LISTED);
    assert.ok(big, `a group longer than ${LISTED}: ${agenda.groups.map((g) => `${g.title} ${g.actions.length}`)}`);
    assert.ok(agenda.groups.every((g) => g.more === 0));
    const firsts = agenda.groups.flatMap((g) => g.actions.slice(0, LISTED).map((a) => a.id));
    const today = await page('/');
    assert.deepEqual(listed(today), firsts);
    const total = big.actions.length;
    assert.match(today, new RegExp(`href="/\\?group=${big.id}#g\\d">Show all ${total} \\(${total - LISTED} more\\)`));
    const whole = await page(`/?group=${big.id}`);
    assert.deepEqual(listed(whole),
      agenda.groups.flatMap((g) => (g === big ? g.actions : g.actions.slice(0, LISTED)).map((a) => a.id)));
    assert.ok(!whole.includes(`?group=${big.id}#`), 'a group shown whole has no link to itself');

    // Another process writes: the command line marks the first action done.
    const [first, second] = firsts;
    const done = await server.cli(['done', first]);
    assert.equal(done.code, 0, done.err);
    assert.ok(!listed(await page('/')).includes(first), 'Today shows what the command line did');
    const ids = (json) => json.groups.flatMap((g) => g.actions.map((a) => a.id));
    assert.ok(!ids((await server.api('GET', '/agenda')).json).includes(first));
    assert.ok(ids((await server.api('GET', '/agenda')).json).includes(second));

    // This server writes: the second one, done through the API.
    const marked = await server.api('POST', `/actions/${second}/done`, {});
    assert.equal(marked.status, 200, marked.text);
    assert.ok(!listed(await page('/')).includes(second), 'Today shows what the API did');

    // The Board, and its JSON: a new application from the command line is on both at once.
    const board = await page('/board');
    assert.ok(!board.includes('Kept Pages Ltd'));
    const before = (await server.api('GET', '/applications')).json;
    const added = await server.cli(['app', 'add', '--company', 'Kept Pages Ltd', '--role', 'Analyst']);
    assert.equal(added.code, 0, added.err);
    assert.ok((await page('/board')).includes('Kept Pages Ltd'), 'the Board shows the new application');
    const after = (await server.api('GET', '/applications')).json;
    const applied = (view) => view.columns.find((c) => c.stage === 'applied').count;
    assert.equal(applied(after), applied(before) + 1);
  } finally {
    server.stop();
  }
});
