// Errors: a stable `code` (and `path` where there is one) for broken packs,
// unreadable files, bad options and wrong argument types; never a crash.
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import test from 'node:test'

import { assertCode, binding, gapsPlan, read } from './helpers.mjs'

const { Engine, schema } = binding
const engine = new Engine()

const rule = (overrides = {}) => ({
  id: 'X-01',
  title: 'A rule',
  severity: 'error',
  kind: 'plan-of-study',
  citation: { source: 'x.txt', section: 'S', item: 'I' },
  check: 'true',
  message: 'm',
  remediation: 'r',
  ...overrides,
})

test('broken packs throw E_PACK_* with the path of the faulty value', () => {
  assert.throws(
    () => new Engine({ packs: [{ name: 'p', rules: [rule({ check: 'doc.cluster ==' })] }] }),
    (e) => assertCode(e, 'E_PACK_CEL') && e.path === '/rules/0/check' && e.rule === 'X-01',
  )
  assert.throws(
    () => new Engine({ packs: [{ name: 'p', rules: [rule({ severity: 'fatal' })] }] }),
    (e) => assertCode(e, 'E_PACK_SCHEMA') && e.path.startsWith('/rules/0'),
  )
  assert.throws(() => new Engine({ packs: ['name: p\nrules: [\n'] }), (e) => assertCode(e, 'E_PACK_PARSE'))
  assert.throws(
    () => new Engine({ packs: [{ name: 'p', rules: [rule(), rule()] }] }),
    (e) => assertCode(e, 'E_PACK_DUPLICATE_ID'),
  )
  assert.throws(
    () => new Engine({ packs: [{ name: 'p', rules: [], overrides: [{ rule: 'NOPE-99', enabled: false }] }] }),
    (e) => assertCode(e, 'E_PACK_UNKNOWN_RULE'),
  )
})

test('a pack file that cannot be read throws E_IO naming the file', () => {
  const missing = join(mkdtempSync(join(tmpdir(), 'cte-rules-node-')), 'missing.yaml')
  assert.throws(() => new Engine({ packs: [missing] }), (e) => assertCode(e, 'E_IO') && e.origin === missing)
  const dir = mkdtempSync(join(tmpdir(), 'cte-rules-node-'))
  const broken = join(dir, 'broken.yaml')
  writeFileSync(broken, 'name: p\nrules:\n  - id: X-01\n    check: "doc.("\n')
  assert.throws(() => new Engine({ packs: [broken] }), (e) => e.code.startsWith('E_PACK_') && e.origin === broken)
})

test('wrong Engine options throw E_USAGE or E_OPTIONS', () => {
  for (const options of [42, 'packs', true, [], () => {}]) {
    assert.throws(() => new Engine(options), (e) => assertCode(e, 'E_USAGE'), String(options))
  }
  assert.throws(() => new Engine({ pack: [] }), (e) => assertCode(e, 'E_OPTIONS') && /unknown option `pack`/.test(e.message))
  assert.throws(() => new Engine({ packs: 'state.yaml' }), (e) => assertCode(e, 'E_OPTIONS'))
  assert.throws(() => new Engine({ packs: [42] }), (e) => assertCode(e, 'E_OPTIONS') && /packs\[0\]/.test(e.message))
  assert.throws(() => new Engine({ packs: [null] }), (e) => assertCode(e, 'E_OPTIONS'))
  assert.throws(() => new Engine({ builtin: 'no' }), (e) => assertCode(e, 'E_OPTIONS'))
  // `undefined` and `null` mean "no options"; an undefined field is left out.
  assert.equal(new Engine(undefined).rules().length, new Engine(null).rules().length)
  assert.equal(new Engine({ packs: undefined }).rules().length, new Engine().rules().length)
})

test('documents of the wrong type throw E_INPUT from check and reject from checkAsync', async () => {
  for (const doc of [undefined, null, 42, true, 10n, Symbol('doc'), () => {}]) {
    assert.throws(() => engine.check(doc), (e) => assertCode(e, 'E_INPUT'), String(doc))
    await assert.rejects(engine.checkAsync(doc), (e) => assertCode(e, 'E_INPUT'))
  }
  assert.throws(() => engine.check(), (e) => assertCode(e, 'E_INPUT'))
})

test('checkMany rejects anything but an array of documents or a Buffer', async () => {
  for (const docs of [undefined, null, 'a\nb', 42, { 0: {} }]) {
    await assert.rejects(engine.checkMany(docs), (e) => assertCode(e, 'E_INPUT'), String(docs))
  }
  await assert.rejects(
    engine.checkMany([{}, 42]),
    (e) => assertCode(e, 'E_INPUT') && e.path === '/1' && /docs\[1\]/.test(e.message),
  )
  await assert.rejects(engine.checkMany([], { threads: 0 }), (e) => assertCode(e, 'E_OPTIONS'))
})

test('object documents JSON cannot hold throw E_INPUT at the offending value', () => {
  const cyclic = gapsPlan()
  cyclic.learner.self = cyclic
  assert.throws(() => engine.check(cyclic), (e) => assertCode(e, 'E_INPUT') && e.path === '/learner/self' && /cycle/.test(e.message))
  const cases = [
    [{ a: [1, { b: 10n }] }, '/a/1/b'],
    [{ n: NaN }, '/n'],
    [{ n: Infinity }, '/n'],
    [{ when: new Date() }, '/when'],
    [{ raw: Buffer.from('x') }, '/raw'],
    [{ 'a/b~c': { x: 1n } }, '/a~1b~0c/x'],
  ]
  for (const [doc, path] of cases) {
    assert.throws(() => engine.check(doc), (e) => assertCode(e, 'E_INPUT') && e.path === path, path)
  }
  let deep = {}
  for (let i = 0; i < 100_000; i++) deep = { deep }
  assert.throws(() => engine.check(deep), (e) => assertCode(e, 'E_INPUT') && /deeper than 64/.test(e.message))
  assert.throws(() => engine.check({ a: { b: {} } }, { maxDepth: 2 }), (e) => assertCode(e, 'E_INPUT'))
})

test('objects are read like JSON.stringify reads them', () => {
  const plan = gapsPlan()
  const noisy = { ...plan, skipped: undefined, fn() {}, [Symbol('s')]: 1 }
  Object.defineProperty(noisy, 'hidden', { value: 1, enumerable: false })
  assert.deepEqual(engine.check(noisy), engine.check(plan))
  const withHoles = { ...plan, learner: { ...plan.learner, extra: [undefined, () => 1] } }
  assert.deepEqual(engine.check(withHoles), engine.check({ ...plan, learner: { ...plan.learner, extra: [null, null] } }))
})

test('bad check options throw E_OPTIONS', () => {
  const doc = gapsPlan()
  const cases = [
    { today: '15/01/2026' },
    { today: 20260115 },
    { includePassed: 'yes' },
    { maxBytes: -1 },
    { maxBytes: 1.5 },
    { maxDepth: 0 },
    { source: 42 },
    { threads: 2 },
    { unknown: true },
  ]
  for (const options of cases) {
    assert.throws(() => engine.check(doc, options), (e) => assertCode(e, 'E_OPTIONS'), JSON.stringify(options))
  }
  assert.throws(() => engine.check(doc, 'today'), (e) => assertCode(e, 'E_USAGE'))
})

// Thrown or rejected: the async calls reject, the others throw.
async function failureOf(call) {
  try {
    await call()
  } catch (error) {
    return error
  }
  assert.fail('expected an error')
}

test('a today that is no calendar date is E_OPTIONS at /today on every call', async () => {
  const self = read('self-assessment-state-ohio.yaml')
  const evidence = read('state-system-ohio.yaml')
  // Wrong shapes, then the right shape naming no day (2025 is no leap year).
  for (const today of ['yesterday', '2026-1-15', '2025-02-29', '1900-02-29', '2025-04-31', '2025-13-01', '2025-01-00']) {
    const calls = {
      check: () => engine.check(gapsPlan(), { today }),
      checkAsync: () => engine.checkAsync(gapsPlan(), { today }),
      checkMany: () => engine.checkMany([gapsPlan()], { today }),
      'checkMany NDJSON': () => engine.checkMany(Buffer.from('{}\n'), { today }),
      reconcile: () => engine.reconcile(self, evidence, { today }),
    }
    for (const [name, call] of Object.entries(calls)) {
      const error = await failureOf(call)
      assertCode(error, 'E_OPTIONS')
      assert.equal(error.path, '/today', `${name} ${today}`)
      assert.match(error.message, /`today` is `.*`, not a date; write YYYY-MM-DD/, `${name} ${today}`)
    }
  }
  assert.ok(engine.check(gapsPlan(), { today: '2024-02-29' }).summary.errors > 0, 'a leap day is a date')
  assert.ok(engine.reconcile(self, evidence, { today: '2024-02-29' }).items.length > 0)
})

test('zero limits throw E_OPTIONS naming the JS option', async () => {
  for (const key of ['maxBytes', 'maxDepth']) {
    assert.throws(() => engine.check(gapsPlan(), { [key]: 0 }), (e) => assertCode(e, 'E_OPTIONS') && e.message.includes(`\`${key}\``), key)
    await assert.rejects(engine.checkMany([gapsPlan()], { [key]: 0 }), (e) => assertCode(e, 'E_OPTIONS'), key)
  }
})

test('odd option keys and unbound methods throw, never crash', () => {
  assert.throws(() => engine.check({}, { 'max\u0000Bytes': 1 }), (e) => assertCode(e, 'E_OPTIONS'))
  assert.throws(() => new Engine({ ['packs\u0000']: [] }), (e) => assertCode(e, 'E_OPTIONS'))
  const { check } = engine
  assert.throws(() => check({}), (e) => e instanceof Error)
  assert.throws(() => Engine.prototype.check.call({}, {}), (e) => e instanceof Error)
})

test('schema() with a non-string throws E_USAGE', () => {
  for (const name of [undefined, 42, {}, null]) {
    assert.throws(() => schema(name), (e) => assertCode(e, 'E_USAGE'))
  }
})

test('an exception thrown while reading the argument propagates unchanged', async () => {
  const boom = new Error('boom')
  const hostile = {
    kind: 'plan-of-study',
    get learner() {
      throw boom
    },
  }
  assert.throws(() => engine.check(hostile), (e) => e === boom)
  assert.throws(() => engine.checkAsync(hostile), (e) => e === boom)
  const trap = new Proxy({}, { ownKeys() { throw boom } })
  assert.throws(() => engine.check(trap), (e) => e === boom)
  assert.throws(() => new Engine({ packs: [hostile] }), (e) => e === boom)
})

test('hostile input never crashes the process', async () => {
  const inputs = [
    '\uD800', '{"a":"\uDC00"}', 'x'.repeat(1 << 20), '- '.repeat(50_000), '{"a":' .repeat(5000),
    Buffer.from([0xc3, 0x28]), new Float64Array([1, 2]), new DataView(new ArrayBuffer(4)),
    { kind: 'plan-of-study', learner: { id: 'x'.repeat(100_000) } }, Object.create(null),
    new Proxy({ kind: 'x' }, {}), [[[[[]]]]], new Map([[1, 2]]), new (class Plan { kind = 'plan-of-study' })(),
    '*a\n&a [*a]', 'a: &a [*a, *a]\nb: [*a, *a, *a]', ': : :', '!!binary AAAA',
  ]
  for (const doc of inputs) {
    for (const run of [() => engine.check(doc), () => engine.checkAsync(doc), () => engine.checkMany([doc])]) {
      try {
        const result = await run()
        const report = Array.isArray(result) ? result[0] : result
        assert.equal(typeof report.valid, 'boolean')
      } catch (error) {
        assert.ok(error instanceof Error && /^E_[A-Z_]+$/.test(error.code), String(error))
      }
    }
  }
})

test('a broken pack throws one error whose errors list every mistake, itself first', () => {
  const many = join(import.meta.dirname, '..', '..', '..', 'tests', 'packs', 'many-mistakes.yaml')
  assert.throws(
    () => new Engine({ packs: [many] }),
    (e) => {
      assert.equal(e.errors[0], e)
      assert.deepEqual(
        e.errors.map((x) => [x.code, x.line, x.rule]),
        [
          ['E_PACK_SCHEMA', 8, 'STATE-MM-01'],
          ['E_PACK_SCHEMA', 17, 'STATE-MM-02'],
          ['E_PACK_CEL', 26, 'STATE-MM-03'],
          ['E_PACK_DUPLICATE_ID', 30, 'STATE-MM-03'],
          ['E_PACK_CEL', 42, 'STATE-MM-05'],
          ['E_PACK_CEL', 42, 'STATE-MM-05'],
          ['E_PACK_UNKNOWN_RULE', 47, 'POS-3'],
        ],
      )
      assert.match(e.errors[6].message, /did you mean `POS-03`\?/)
      return true
    },
  )
})

test('testPack runs a pack\'s fixtures as `cte-rules rules test` does', () => {
  const root = join(import.meta.dirname, '..', '..', '..')
  const pack = join(root, 'examples', 'packs', 'state-xx', 'pack.yaml')
  const tests = join(root, 'examples', 'packs', 'state-xx', 'tests')
  const report = binding.testPack([tests], { packs: [pack] })
  assert.deepEqual(report.fixtures.map((f) => [f.rule, f.ok]), [['XX-ADVISING-01', true], ['XX-CRED-01', true]])
  assert.deepEqual([report.passed, report.failed, report.uncovered], [2, 0, []])
  const national = binding.testPack([join(root, 'tests', 'rules', 'POS-03.yaml')])
  assert.equal(national.fixtures[0].ok, true)
  assert.ok(national.uncovered.includes('POS-01'))
  assert.throws(() => binding.testPack([join(root, 'nope')]), (e) => assertCode(e, 'E_IO'))
})
