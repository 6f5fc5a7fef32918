// Hostile input (issue 25, item 3 and the options of item 6): objects are walked
// without recursion, in time linear in their depth, and refused at the depth
// limit, which is capped at 10,000; an out-of-range limit is E_OPTIONS. Deep
// cases run in a child process: a stack overflow kills the process it happens
// in, and must fail one test, not the run.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import test from 'node:test'

import { assertCode, binding, gapsPlan, require } from './helpers.mjs'

const { Engine } = binding
const engine = new Engine()
const CAP = 10_000
const AT_CAP = { limits: { max_depth: CAP } }

/** An object `levels` levels deep, the root the first: `{ n: { n: ... {} } }`. */
function deep(levels) {
  let object = {}
  for (let level = 1; level < levels; level++) object = { n: object }
  return object
}

/** Runs `code` (an async function body) in a child Node with `engine`, `deep` and `AT_CAP`; its stdout lines. */
function child(code, execArgv = []) {
  const script = `
    const { Engine } = require(${JSON.stringify(require.resolve('../index.js'))})
    const engine = new Engine()
    const AT_CAP = ${JSON.stringify(AT_CAP)}
    ${deep.toString()}
    ;(async () => { ${code} })().catch((error) => { console.log('uncaught', error.code, error.message); process.exit(3) })
  `
  const run = spawnSync(process.execPath, [...execArgv, '-e', script], { encoding: 'utf8', timeout: 300_000 })
  assert.equal(run.status, 0, `exit ${run.status} signal ${run.signal}\n${run.stderr.slice(-2000)}`)
  return run.stdout.trim().split('\n')
}

test('the depth limit is capped at 10,000: above it is E_OPTIONS at /limits/max_depth', async () => {
  for (const options of [{ limits: { max_depth: CAP + 1 } }, { limits: { max_depth: 20_000 } }, { maxDepth: CAP + 1 }]) {
    const named = (e) => assertCode(e, 'E_OPTIONS') && e.path === '/limits/max_depth' && /10000/.test(e.message)
    assert.throws(() => engine.check(gapsPlan(), options), named, JSON.stringify(options))
    await assert.rejects(engine.checkAsync(gapsPlan(), options), named)
    await assert.rejects(engine.checkMany([gapsPlan()], options), named)
  }
  engine.check(gapsPlan(), AT_CAP)
})

test('an object 20,000 deep is refused, not a crash', () => {
  // Once accepted with max_depth raised, and the walk killed the process.
  const lines = child(`
    for (const options of [{ limits: { max_depth: 20_000 } }, AT_CAP]) {
      try { engine.check(deep(20_000), options) } catch (e) { console.log(e.code, e.path.split('/n').length - 1) }
    }
  `)
  assert.deepEqual(lines, ['E_OPTIONS 0', `E_INPUT ${CAP}`])
})

test('every call checks an object at the depth cap and refuses one level more', () => {
  const lines = child(`
    const plan = { kind: 'plan-of-study', extra: deep(9_999) }
    console.log('check', engine.check(deep(10_000), AT_CAP).kind, engine.check(plan, AT_CAP).kind)
    console.log('checkAsync', (await engine.checkAsync(plan, AT_CAP)).kind)
    const reports = await engine.checkMany([deep(10_000), plan, plan], { ...AT_CAP, threads: 2 })
    console.log('checkMany', reports.length, reports[1].kind)
    const over = '/n'.repeat(10_000)
    try { engine.check(deep(10_001), AT_CAP) } catch (e) { console.log('check', e.code, e.path === over) }
    try { await engine.checkAsync(deep(10_001), AT_CAP) } catch (e) { console.log('checkAsync', e.code, e.path === over) }
    try { await engine.checkMany([plan, deep(10_001)], AT_CAP) } catch (e) { console.log('checkMany', e.code, e.path === '/1' + over) }
  `)
  assert.deepEqual(lines, [
    'check null plan-of-study',
    'checkAsync plan-of-study',
    'checkMany 3 plan-of-study',
    'check E_INPUT true',
    'checkAsync E_INPUT true',
    'checkMany E_INPUT true',
  ])
})

test('the walk is linear in depth', () => {
  // Each object was compared with all its ancestors: 10,000 levels took 1.07 s.
  const [small, large] = child(`
    const time = (levels) => {
      const document = deep(levels)
      const start = process.hrtime.bigint()
      try { engine.check(document, { limits: { max_depth: levels - 1 } }) } catch (e) { if (e.code !== 'E_INPUT') throw e }
      return Number(process.hrtime.bigint() - start) / 1e6
    }
    time(10_001) // warm up
    console.log(Math.min(time(1_001), time(1_001), time(1_001)))
    console.log(Math.min(time(10_001), time(10_001), time(10_001)))
  `).map(Number)
  assert.ok(large < 200, `10,000 levels took ${large.toFixed(1)} ms`)
  // Ten times the depth, well under a hundred times the time.
  assert.ok(large < 30 * Math.max(small, 0.5), `1,000 levels: ${small.toFixed(2)} ms, 10,000: ${large.toFixed(2)} ms`)
})

test('a cycle is E_INPUT where it first comes back, however deep', () => {
  const cyclic = gapsPlan()
  cyclic.learner.self = cyclic
  const at = (path) => (e) => assertCode(e, 'E_INPUT') && e.path === path && /cycle/.test(e.message)
  assert.throws(() => engine.check(cyclic, AT_CAP), at('/learner/self'))
  // A cycle entered below the levels checked one by one is told from deep
  // nesting when the walk reaches the limit, and placed where it first repeats.
  const root = deep(40)
  let inner = root
  while (inner.n && Object.keys(inner.n).length) inner = inner.n
  const loop = { a: [1, { b: null }] }
  loop.a[1].b = { c: loop }
  inner.n = loop
  const expected = '/n'.repeat(39) + '/a/1/b/c'
  for (const options of [undefined, AT_CAP, { limits: { max_depth: 300 } }]) {
    assert.throws(() => engine.check(root, options), at(expected))
  }
  // The same object twice, side by side, is no cycle.
  const shared = { id: 'LRN-1', grade: 10 }
  engine.check({ kind: 'plan-of-study', learner: shared, other: [shared, shared] })
})

test('an out-of-range limit is E_OPTIONS naming it', async () => {
  // max_bytes: 2 ** 70 reached core as a float, and serde's message named no option.
  const cases = [
    [{ limits: { max_bytes: 2 ** 70 } }, '/limits/max_bytes'],
    [{ limits: { max_bytes: -1 } }, '/limits/max_bytes'],
    [{ limits: { max_bytes: 1.5 } }, '/limits/max_bytes'],
    [{ limits: { max_bytes: '8' } }, '/limits/max_bytes'],
    [{ limits: { max_bytes: true } }, '/limits/max_bytes'],
    [{ limits: { max_depth: 2 ** 70 } }, '/limits/max_depth'],
    [{ limits: { max_depth: -1 } }, '/limits/max_depth'],
    [{ limits: { max_depth: 1.5 } }, '/limits/max_depth'],
    [{ limits: { max_depth: Number.MAX_SAFE_INTEGER } }, '/limits/max_depth'],
  ]
  for (const [options, path] of cases) {
    const name = `limits.${path.split('/').pop()}`
    const named = (e) => assertCode(e, 'E_OPTIONS') && e.path === path && e.message.includes(`\`${name}\``)
    assert.throws(() => engine.check(gapsPlan(), options), named, JSON.stringify(options))
    await assert.rejects(engine.checkMany([gapsPlan()], options), named)
  }
  // The old flat spellings, and threads, are named in their own words.
  for (const options of [{ maxBytes: 2 ** 70 }, { maxBytes: -1 }, { maxDepth: 1.5 }, { maxDepth: 2 ** 70 }]) {
    const key = Object.keys(options)[0]
    assert.throws(() => engine.check(gapsPlan(), options), (e) => assertCode(e, 'E_OPTIONS') && e.message.includes(key))
  }
  for (const threads of [2 ** 70, -1, 1.5, 0, '2']) {
    await assert.rejects(engine.checkMany([gapsPlan()], { threads }), (e) => assertCode(e, 'E_OPTIONS') && /threads/.test(e.message))
  }
})

test('a spent evaluation budget is a finding with code E_BUDGET, never a hang', () => {
  const options = { today: '2026-03-02', limits: { max_steps: 5 } }
  const report = engine.check(gapsPlan(), options)
  const stopped = report.findings.filter((f) => f.code === 'E_BUDGET')
  assert.ok(stopped.length > 0, JSON.stringify(report.findings))
  for (const finding of stopped) {
    assert.equal(finding.status, 'error')
    assert.equal(finding.severity, 'error')
  }
  assert.match(stopped[0].message, /evaluation budget of 5 steps/)
  assert.throws(
    () => engine.check(gapsPlan(), { limits: { max_steps: 0 } }),
    (error) => assertCode(error, 'E_OPTIONS') && error.path === '/limits/max_steps',
  )
})
