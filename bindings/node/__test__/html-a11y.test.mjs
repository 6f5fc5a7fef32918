// The CLI's HTML page passes axe-core with no serious or critical violation:
// the page people open from CI must be usable with a keyboard and a screen
// reader. jsdom has no layout or canvas, so axe cannot measure colour contrast
// here: that rule is off (the colours are chosen for 4.5:1 or more).
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const { JSDOM, VirtualConsole } = require('jsdom')
const axe = require('axe-core')

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
const cli = process.env.CTE_RULES_CLI ?? join(root, 'target', 'release', 'cte-rules')

test('the HTML page of every example has no serious or critical axe violation', async () => {
  const run = spawnSync(cli, ['check', 'examples/', '--today', '2026-01-15', '--format', 'html'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  assert.equal(run.status, 1, run.stderr)
  assert.match(run.stdout, /^<!DOCTYPE html>/)
  // A console of its own: jsdom's "not implemented" notes are not findings.
  const dom = new JSDOM(run.stdout, {
    runScripts: 'outside-only',
    pretendToBeVisual: true,
    virtualConsole: new VirtualConsole(),
  })
  dom.window.eval(axe.source)
  const results = await dom.window.axe.run(dom.window.document, {
    resultTypes: ['violations'],
    rules: { 'color-contrast': { enabled: false } },
  })
  const bad = [...results.violations].filter((v) => v.impact === 'serious' || v.impact === 'critical')
  assert.deepEqual(
    bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.length} nodes, e.g. ${v.nodes[0]?.html}`),
    [],
  )
  // It did look: the rules that matter for this page were applied.
  const applied = new Set([...results.passes, ...results.violations].map((r) => r.id))
  for (const rule of [
    'document-title',
    'html-has-lang',
    'th-has-data-cells',
    'scope-attr-valid',
    'region',
    'bypass',
  ]) {
    assert.ok(applied.has(rule), `${rule} was not applied`)
  }
})
