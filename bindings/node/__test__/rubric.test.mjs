// engine.reconcile(): both example pairs equal the CLI's `rubric reconcile
// --format json`, every disagreement type, the summary, packs and `today`
// reaching the rules, and coded errors for bad input.
import assert from 'node:assert/strict'
import { join } from 'node:path'
import test from 'node:test'

import { assertCode, binding, cliJson, examples, read, readText } from './helpers.mjs'

const { Engine } = binding
const engine = new Engine()

/** The date the CLI comparisons use. */
const DAY = '2025-11-23'

const LOCAL = ['self-assessment-local-riverside.yaml', 'local-program-riverside-health.yaml']
const STATE = ['self-assessment-state-ohio.yaml', 'state-system-ohio.yaml']

/** examples/self-assessment-local-riverside.yaml as an object. */
function riverside() {
  const rate = (item, rating) => ({ item, rating })
  return {
    kind: 'self-assessment',
    level: 'local',
    subject: 'Riverside Health Careers Academy',
    date: '2025-11-01',
    rated_by: ['CTE Director', 'Academy Lead Teacher'],
    ratings: [
      rate('local-01', 'excellent'),
      rate('local-02', 'excellent'),
      rate('local-03', 'in-progress'),
      rate('local-04', 'excellent'),
      rate('local-05', 'in-progress'),
      rate('local-06', 'excellent'),
      rate('local-07', 'in-progress'),
      rate('local-08', 'excellent'),
      rate('local-09', 'excellent'),
      rate('local-10', 'excellent'),
      rate('local-11', 'excellent'),
      rate('local-13', 'excellent'),
      rate('local-14', 'in-progress'),
      rate('local-15', 'no-progress'),
    ],
  }
}

const item = (result, id) => result.items.find((i) => i.item === id)

/** The summary recounted from the items. */
function recount(items) {
  const count = (test) => items.filter(test).length
  const checkable = count((i) => i.rating !== null && i.agreement !== 'no-evidence')
  return {
    excellent: count((i) => i.rating === 'excellent'),
    in_progress: count((i) => i.rating === 'in-progress'),
    no_progress: count((i) => i.rating === 'no-progress'),
    not_rated: count((i) => i.rating === null),
    over_rated: count((i) => i.agreement === 'over-rated'),
    under_rated: count((i) => i.agreement === 'under-rated'),
    no_evidence: count((i) => i.agreement === 'no-evidence'),
    agreement_rate: checkable ? count((i) => i.agreement === 'agrees') / checkable : null,
  }
}

test('both example pairs equal the CLI `rubric reconcile --format json`', () => {
  for (const [self, evidence] of [LOCAL, STATE]) {
    const expected = cliJson(['rubric', 'reconcile', join(examples, self), join(examples, evidence), '--today', DAY], [0, 1])
    const result = engine.reconcile(read(self), read(evidence), { today: DAY })
    assert.deepEqual(result, expected, self)
    assert.deepEqual(result.summary, recount(result.items), `${self}: the summary counts the items`)
  }
})

test('the local pair: over-rated local-02, under-rated local-15, not-rated local-12, no evidence for local-05', () => {
  const result = engine.reconcile(readText(LOCAL[0]), readText(LOCAL[1]), { today: DAY })
  assert.equal(result.level, 'local')
  assert.equal(result.subject, 'Riverside Health Careers Academy')
  assert.equal(result.evidence_kind, 'local-program')
  assert.deepEqual(result.items.map((i) => i.item), Array.from({ length: 15 }, (_, n) => `local-${String(n + 1).padStart(2, '0')}`))

  const over = item(result, 'local-02')
  assert.equal(over.name, 'Shared Planning Time')
  assert.equal(over.rating, 'excellent')
  assert.equal(over.agreement, 'over-rated')
  assert.ok(over.failed_rules.includes('LOCAL-02'))
  assert.equal(item(result, 'local-09').agreement, 'over-rated')

  const under = item(result, 'local-15')
  assert.equal(under.rating, 'no-progress')
  assert.equal(under.agreement, 'under-rated')
  assert.deepEqual(under.failed_rules, [])
  assert.ok(under.passed_rules.length > 0)

  const missing = item(result, 'local-12')
  assert.deepEqual([missing.rating, missing.agreement], [null, 'not-rated'])
  const unchecked = item(result, 'local-05')
  assert.equal(unchecked.rating, 'in-progress')
  assert.equal(unchecked.agreement, 'no-evidence')
  assert.deepEqual([unchecked.failed_rules, unchecked.passed_rules], [[], []])

  // Ratings in the file: 9 excellent, 4 in progress, 1 no progress, local-12 missing;
  // 13 checkable ratings (local-05 has no evidence), 10 of them agree.
  assert.deepEqual(result.summary, {
    excellent: 9,
    in_progress: 4,
    no_progress: 1,
    not_rated: 1,
    over_rated: 2,
    under_rated: 1,
    no_evidence: 1,
    agreement_rate: 10 / 13,
  })
})

test('the state pair: under-rated state-cc-11, state-cc-14 and 15 not rated', () => {
  const result = engine.reconcile(read(STATE[0]), read(STATE[1]), { today: DAY })
  assert.equal(result.level, 'state')
  assert.equal(result.subject, 'Ohio')
  assert.equal(result.evidence_kind, 'state-system')
  assert.equal(result.items.length, 15)
  const under = item(result, 'state-cc-11')
  assert.deepEqual([under.rating, under.agreement, under.failed_rules], ['no-progress', 'under-rated', []])
  assert.ok(under.passed_rules.includes('STATE-11'))
  for (const id of ['state-cc-14', 'state-cc-15']) {
    assert.deepEqual([item(result, id).rating, item(result, id).agreement], [null, 'not-rated'], id)
  }
  const others = result.items.filter((i) => !['state-cc-11', 'state-cc-14', 'state-cc-15'].includes(i.item))
  assert.ok(others.every((i) => i.agreement === 'agrees'))
  assert.deepEqual(result.summary, {
    excellent: 6,
    in_progress: 6,
    no_progress: 1,
    not_rated: 2,
    over_rated: 0,
    under_rated: 1,
    no_evidence: 0,
    agreement_rate: 12 / 13,
  })
})

test('documents as objects, JSON text, YAML text and Buffers give the same reconciliation', () => {
  const expected = engine.reconcile(read(LOCAL[0]), read(LOCAL[1]), { today: DAY })
  const object = riverside()
  for (const self of [object, JSON.stringify(object), Buffer.from(JSON.stringify(object)), readText(LOCAL[0]), new Uint8Array(read(LOCAL[0]))]) {
    assert.deepEqual(engine.reconcile(self, readText(LOCAL[1]), { today: DAY }), expected)
  }
})

test('a rating can move with the evidence: a state rubric item rated otherwise', () => {
  const ohio = readText(STATE[0])
  const overRated = ohio.replace('{ item: state-cc-11, rating: no-progress', '{ item: state-cc-11, rating: in-progress')
  assert.notEqual(overRated, ohio)
  const result = engine.reconcile(overRated, read(STATE[1]), { today: DAY })
  assert.equal(item(result, 'state-cc-11').agreement, 'agrees')
  assert.equal(result.summary.under_rated, 0)
  assert.equal(result.summary.agreement_rate, 1)
})

test("the engine's packs and `today` reach the rules that reconcile an item", () => {
  // local-05 is checked on curriculum documents only: a district rule on the
  // program document, citing the same seed item, gives it evidence.
  const citation = binding.rules().find((rule) => rule.id.startsWith('LOCAL-05')).citation
  const dated = new Engine({
    packs: [
      {
        name: 'district',
        rules: [
          {
            id: 'DISTRICT-05',
            title: 'Curriculum reviewed this year',
            severity: 'warning',
            kind: 'local-program',
            citation,
            check: "today >= '2026-01-01'",
            message: 'the curriculum review is due',
            remediation: 'Review the curriculum.',
          },
        ],
      },
    ],
  })
  const self = riverside()
  self.ratings.find((r) => r.item === 'local-05').rating = 'excellent'
  const before = item(dated.reconcile(self, read(LOCAL[1]), { today: '2025-12-31' }), 'local-05')
  assert.deepEqual([before.agreement, before.failed_rules], ['over-rated', ['DISTRICT-05']])
  const after = item(dated.reconcile(self, read(LOCAL[1]), { today: '2026-01-01' }), 'local-05')
  assert.deepEqual([after.agreement, after.passed_rules], ['agrees', ['DISTRICT-05']])
  assert.equal(item(engine.reconcile(self, read(LOCAL[1])), 'local-05').agreement, 'no-evidence')
})

test('mismatched or invalid documents throw E_INPUT', () => {
  // A local self-assessment against a state system, and the other way round.
  assert.throws(() => engine.reconcile(read(LOCAL[0]), read(STATE[1])), (e) => assertCode(e, 'E_INPUT') && /local-program/.test(e.message))
  assert.throws(() => engine.reconcile(read(STATE[0]), read(LOCAL[1])), (e) => assertCode(e, 'E_INPUT') && /state-system/.test(e.message))
  // The evidence given as the self-assessment.
  assert.throws(() => engine.reconcile(read(LOCAL[1]), read(LOCAL[0])), (e) => assertCode(e, 'E_INPUT') && /self-assessment/.test(e.message))
  // A rating of an item the rubric does not have, or not a rating at all.
  const unknown = riverside()
  unknown.ratings.push({ item: 'state-cc-01', rating: 'excellent' })
  assert.throws(() => engine.reconcile(unknown, read(LOCAL[1])), (e) => assertCode(e, 'E_INPUT') && /state-cc-01/.test(e.message))
  const badRating = riverside()
  badRating.ratings[0].rating = 'great'
  assert.throws(() => engine.reconcile(badRating, read(LOCAL[1])), (e) => assertCode(e, 'E_INPUT') && /\/ratings\/0\/rating/.test(e.message))
  // Schema-invalid evidence.
  assert.throws(() => engine.reconcile(riverside(), { kind: 'local-program' }), (e) => assertCode(e, 'E_INPUT'))
})

test('malformed text throws E_INPUT naming the argument, with line and column', () => {
  assert.throws(
    () => engine.reconcile('kind: self-assessment\nratings: [\n', read(LOCAL[1])),
    (e) => assertCode(e, 'E_INPUT') && e.origin === '<selfAssessment>' && e.line >= 2 && e.message.startsWith('E_INPUT: <selfAssessment>:'),
  )
  assert.throws(
    () => engine.reconcile(riverside(), Buffer.from('{"kind": "local-program",\n  "name": }')),
    (e) => assertCode(e, 'E_INPUT') && e.origin === '<evidence>' && e.line === 2,
  )
})

test('wrong argument types throw coded errors', () => {
  const self = riverside()
  const evidence = read(LOCAL[1])
  for (const doc of [undefined, null, 42, true, 10n, () => {}]) {
    assert.throws(() => engine.reconcile(doc, evidence), (e) => assertCode(e, 'E_INPUT') && e.origin === '<selfAssessment>', String(doc))
    assert.throws(() => engine.reconcile(self, doc), (e) => assertCode(e, 'E_INPUT') && e.origin === '<evidence>', String(doc))
  }
  assert.throws(() => engine.reconcile(self), (e) => assertCode(e, 'E_INPUT'))
  const cyclic = riverside()
  cyclic.ratings[0].again = cyclic.ratings
  assert.throws(
    () => engine.reconcile(cyclic, evidence),
    (e) => assertCode(e, 'E_INPUT') && e.path === '/ratings/0/again' && e.origin === '<selfAssessment>',
  )
  for (const options of ['2025-11-23', 42, []]) {
    assert.throws(() => engine.reconcile(self, evidence, options), (e) => assertCode(e, 'E_USAGE'), String(options))
  }
  for (const options of [{ today: '23/11/2025' }, { today: 20251123 }, { includePassed: true }, { source: 'x' }, { maxBytes: 10 }, { threads: 1 }]) {
    assert.throws(() => engine.reconcile(self, evidence, options), (e) => assertCode(e, 'E_OPTIONS'), JSON.stringify(options))
  }
  const { reconcile } = engine
  assert.throws(() => reconcile(self, evidence), (e) => e instanceof Error)
  assert.throws(() => Engine.prototype.reconcile.call({}, self, evidence), (e) => e instanceof Error)
  const boom = new Error('boom')
  assert.throws(() => engine.reconcile(self, { get kind() { throw boom } }), (e) => e === boom)
})
