// The API: its OpenAPI document is valid (openapi-spec-validator), and schemathesis, sending
// what the document allows and more, finds no server error. The server holds the sample job
// search, so the fuzzing reaches real applications and actions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { serve, root } from './lib.mjs';

function venv() {
  const dir = process.env.FOLLOWUP_API_VENV;
  assert.ok(dir, 'FOLLOWUP_API_VENV must name the Python venv with schemathesis and openapi-spec-validator (scripts/test makes it)');
  return dir;
}

test('the OpenAPI document is valid and schemathesis finds no server error', async () => {
  const app = await serve({ now: '2026-11-21T10:00:00Z' });
  try {
    const imported = await app.cli(['import', join(root, 'tests', 'fixtures', 'context.json')]);
    assert.equal(imported.code, 0, imported.err);
    const doc = await app.api('GET', '/openapi.json');
    assert.equal(doc.status, 200);
    assert.match(doc.json.openapi, /^3\.1\./);
    assert.ok(Object.keys(doc.json.paths).length >= 18, 'every operation is described');

    const work = mkdtempSync(join(tmpdir(), 'followup-schemathesis-'));
    writeFileSync(join(work, 'openapi.json'), doc.text);
    const validate = spawnSync(join(venv(), 'bin', 'openapi-spec-validator'), [join(work, 'openapi.json')],
      { encoding: 'utf8' });
    assert.equal(validate.status, 0, `openapi-spec-validator: ${validate.stdout}${validate.stderr}`);

    const run = spawnSync(join(venv(), 'bin', 'schemathesis'), ['run', app.url + '/api/v1/openapi.json',
      '--url', app.url, '--checks', 'not_a_server_error', '--max-examples', '40', '--seed', '1', '--no-color',
      // The test SMTP server is not running here: a send is queued, never delivered.
      '--request-timeout', '20'],
    { encoding: 'utf8', cwd: work, timeout: 15 * 60 * 1000 });
    const out = `${run.stdout}\n${run.stderr}`;
    assert.equal(run.status, 0, `schemathesis found problems:\n${out.slice(-6000)}`);
    assert.match(out, /passed|No issues found/i);
    // schemathesis's own summary, in the test's output.
    console.log(out.split('\n').filter((l) => /operations|test cases|passed|issues/i.test(l)).join('\n'));
    assert.doesNotMatch(app.stderr, /panicked/, 'the server never panicked');
  } finally {
    app.stop();
  }
});
