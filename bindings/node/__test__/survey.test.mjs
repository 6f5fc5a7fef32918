// scoreSurvey(): hand-computed totals on the two survey examples, ties kept,
// an all-zero survey, Spanish names, impossible surveys and wrong arguments.
import assert from 'node:assert/strict'
import { join } from 'node:path'
import test from 'node:test'

import { assertCode, binding, cliJson, examples, read, readText } from './helpers.mjs'

const { scoreSurvey, framework } = binding

/** The 16 cluster codes of the 2008 framework, in framework order. */
const CLUSTERS = framework('2008').clusters.map((cluster) => cluster.code)

/** examples/interest-survey-en.yaml as an object. */
const englishSurvey = () => ({
  kind: 'interest-survey',
  learner: { id: 'LRN-2027-0412' },
  language: 'en',
  date: '2024-09-10',
  boxes: [
    { cluster: 'HL', activities: [1, 2, 4, 6, 7], personal_qualities: [1, 2, 3, 5], school_subjects: [1, 3, 4] },
    { cluster: 'HU', activities: [2, 3, 5, 7], personal_qualities: [1, 4, 5], school_subjects: [2, 5] },
    { cluster: 'ST', activities: [1, 5, 6], personal_qualities: [2, 3], school_subjects: [1, 2, 4] },
    { cluster: 'ED', activities: [3, 4], personal_qualities: [5], school_subjects: [2] },
    { cluster: 'IT', count: 6 },
    { cluster: 'AG', activities: [], personal_qualities: [], school_subjects: [] },
  ],
})

/** `[cluster, score, rank]` of each of `scores`. */
const triples = (scores) => scores.map((s) => [s.cluster, s.score, s.rank])

/** Every cluster once, in descending score order, framework order within a tie. */
function assertRanked(result) {
  assert.equal(result.scores.length, 16)
  assert.deepEqual([...result.scores.map((s) => s.cluster)].sort(), [...CLUSTERS].sort())
  result.scores.forEach((score, i) => {
    assert.ok(Number.isInteger(score.score) && score.score >= 0 && score.score <= 17, score.cluster)
    if (i === 0) return assert.equal(score.rank, 1)
    const before = result.scores[i - 1]
    assert.ok(before.score >= score.score, 'descending')
    if (before.score === score.score) {
      assert.equal(score.rank, before.rank, 'a tie shares its rank')
      assert.ok(CLUSTERS.indexOf(before.cluster) < CLUSTERS.indexOf(score.cluster), 'framework order in a tie')
    } else {
      assert.equal(score.rank, i + 1, 'competition ranking')
    }
  })
}

test('the English example: HL 5+4+3 = 12, HU 4+3+2 = 9, ST 3+2+3 = 8, IT 6, ED 2+1+1 = 4', () => {
  const result = scoreSurvey(read('interest-survey-en.yaml'))
  assertRanked(result)
  assert.equal(result.learner, 'LRN-2027-0412')
  assert.equal(result.language, 'en')
  assert.deepEqual(triples(result.scores.slice(0, 5)), [
    ['HL', 12, 1],
    ['HU', 9, 2],
    ['ST', 8, 3],
    ['IT', 6, 4],
    ['ED', 4, 5],
  ])
  // The 11 clusters nobody marked (AG's box is empty) share sixth place.
  assert.ok(result.scores.slice(5).every((s) => s.score === 0 && s.rank === 6))
  assert.deepEqual(result.top, ['HL', 'HU', 'ST'])
  assert.deepEqual(result.ties, [])
  assert.equal(result.scores[0].name, 'Health Science')
  assert.ok(Array.isArray(result.unverified) && result.unverified.every((line) => typeof line === 'string'))
  // The same survey as an object, JSON text, YAML text and a Buffer.
  const object = englishSurvey()
  for (const doc of [object, JSON.stringify(object), readText('interest-survey-en.yaml'), Buffer.from(JSON.stringify(object))]) {
    assert.deepEqual(scoreSurvey(doc), result)
  }
})

test('a three-way tie for third place keeps every tied cluster in top and names them in ties', () => {
  const result = scoreSurvey(readText('interest-survey-es-tie.yaml'))
  assertRanked(result)
  assert.equal(result.language, 'es')
  assert.deepEqual(triples(result.scores.slice(0, 6)), [
    ['MN', 12, 1],
    ['AC', 10, 2],
    ['IT', 5, 3],
    ['ST', 5, 3],
    ['TD', 5, 3],
    ['AG', 1, 6],
  ])
  assert.ok(result.scores.slice(6).every((s) => s.score === 0 && s.rank === 7))
  assert.deepEqual(result.top, ['MN', 'AC', 'IT', 'ST', 'TD'])
  assert.deepEqual(result.ties, ['IT', 'ST', 'TD'])
})

test('a tie above the cut-off is not a tie for third place', () => {
  const boxes = [
    { cluster: 'AG', count: 7 },
    { cluster: 'HL', count: 7 },
    { cluster: 'IT', count: 3 },
    { cluster: 'ST', count: 2 },
  ]
  const result = scoreSurvey({ kind: 'interest-survey', learner: { id: 'L' }, boxes })
  assert.deepEqual(triples(result.scores.slice(0, 4)), [['AG', 7, 1], ['HL', 7, 1], ['IT', 3, 3], ['ST', 2, 4]])
  assert.deepEqual(result.top, ['AG', 'HL', 'IT'])
  assert.deepEqual(result.ties, [])
})

test('an all-zero survey has every cluster at rank 1 and no top clusters', () => {
  const survey = {
    kind: 'interest-survey',
    learner: { id: 'LRN-0' },
    boxes: [{ cluster: 'AG', activities: [], personal_qualities: [], school_subjects: [] }, { cluster: 'HL', count: 0 }],
  }
  const result = scoreSurvey(survey)
  assert.equal(result.scores.length, 16)
  assert.ok(result.scores.every((s) => s.score === 0 && s.rank === 1))
  assert.deepEqual(result.scores.map((s) => s.cluster), CLUSTERS, 'framework order when all tie')
  assert.deepEqual(result.top, [])
  assert.deepEqual(result.ties, [])
  assert.equal(result.language, 'en', 'English by default')
})

test('cluster names follow lang, by default the survey language', () => {
  const tie = read('interest-survey-es-tie.yaml')
  const spanish = scoreSurvey(tie)
  assert.equal(spanish.scores[0].name, 'Manufactura')
  assert.equal(spanish.scores.find((s) => s.cluster === 'IT').name, 'Tecnología de la información')
  assert.deepEqual(scoreSurvey(tie, { lang: 'es' }), spanish)
  const english = scoreSurvey(tie, { lang: 'en' })
  assert.equal(english.scores[0].name, 'Manufacturing')
  assert.equal(english.language, 'es', 'lang changes the names, not the survey language')
  assert.deepEqual(triples(english.scores), triples(spanish.scores))

  const translated = scoreSurvey(englishSurvey(), { lang: 'es' })
  assert.equal(translated.scores[0].name, 'Ciencias de la salud')
  assert.equal(translated.language, 'en')
  // Every cluster has a Spanish name of its own.
  const names = new Map(scoreSurvey(englishSurvey()).scores.map((s) => [s.cluster, s.name]))
  assert.ok(translated.scores.every((s) => s.name && s.name !== names.get(s.cluster)), 'no English name left')
  // Options that are undefined are left out.
  assert.deepEqual(scoreSurvey(tie, { lang: undefined }), spanish)
  assert.deepEqual(scoreSurvey(tie, undefined), spanish)
})

test('scores equal the CLI `survey score --format json`, with and without --lang', () => {
  for (const name of ['interest-survey-en.yaml', 'interest-survey-es-tie.yaml']) {
    const path = join(examples, name)
    assert.deepEqual(scoreSurvey(read(name)), cliJson(['survey', 'score', path]), name)
    for (const lang of ['en', 'es']) {
      assert.deepEqual(scoreSurvey(read(name), { lang }), cliJson(['survey', 'score', path, '--lang', lang]), `${name} ${lang}`)
    }
  }
})

test('impossible surveys throw E_INPUT with the path of the faulty box', () => {
  const survey = (boxes) => ({ kind: 'interest-survey', learner: { id: 'L1' }, boxes })
  const cases = [
    [[{ cluster: 'HL', activities: [8] }], 'item 8 of 7 activities'],
    [[{ cluster: 'HL', activities: [0] }], 'item 0'],
    [[{ cluster: 'HL', personal_qualities: [6] }], 'item 6 of 5 personal qualities'],
    [[{ cluster: 'HL', school_subjects: [1, 1] }], 'an item twice'],
    [[{ cluster: 'HL', count: 18 }], 'count 18 of 17'],
    [[{ cluster: 'HL', count: -1 }], 'a negative count'],
    [[{ cluster: 'ZZ', count: 1 }], 'an unknown cluster'],
    [[{ cluster: 'HHS', count: 1 }], 'a 2024 cluster'],
  ]
  for (const [boxes, what] of cases) {
    assert.throws(
      () => scoreSurvey(survey(boxes)),
      (e) => assertCode(e, 'E_INPUT') && typeof e.path === 'string' && e.path.startsWith('/boxes/0'),
      what,
    )
  }
  assert.throws(
    () => scoreSurvey(survey([{ cluster: 'HL', count: 1 }, { cluster: 'HL', count: 2 }])),
    (e) => assertCode(e, 'E_INPUT') && e.path === '/boxes/1/cluster',
  )
  assert.throws(() => scoreSurvey(survey([])), (e) => assertCode(e, 'E_INPUT') && e.path === '/boxes')
  assert.throws(() => scoreSurvey({ ...survey([{ cluster: 'HL', count: 1 }]), language: 'fr' }), (e) => assertCode(e, 'E_INPUT') && e.path === '/language')
  // Not a survey at all.
  assert.throws(() => scoreSurvey(read('plan-of-study-health-science.yaml')), (e) => assertCode(e, 'E_INPUT'))
})

test('malformed survey text throws E_INPUT with its line and column', () => {
  assert.throws(
    () => scoreSurvey('kind: interest-survey\nboxes: [\n'),
    (e) => assertCode(e, 'E_INPUT') && e.line >= 2 && e.column >= 1 && e.origin === '<input>',
  )
  assert.throws(() => scoreSurvey(Buffer.from([0xff, 0xfe])), (e) => assertCode(e, 'E_INPUT') && e.line === 1)
  assert.throws(() => scoreSurvey(''), (e) => assertCode(e, 'E_INPUT'))
})

test('wrong argument types throw coded errors', () => {
  for (const doc of [undefined, null, 42, true, 10n, Symbol('s'), () => {}]) {
    assert.throws(() => scoreSurvey(doc), (e) => assertCode(e, 'E_INPUT'), String(doc))
  }
  assert.throws(() => scoreSurvey(), (e) => assertCode(e, 'E_INPUT'))
  const cyclic = englishSurvey()
  cyclic.learner.self = cyclic
  assert.throws(() => scoreSurvey(cyclic), (e) => assertCode(e, 'E_INPUT') && e.path === '/learner/self')
  const doc = englishSurvey()
  for (const options of ['es', 42, true, ['es']]) {
    assert.throws(() => scoreSurvey(doc, options), (e) => assertCode(e, 'E_USAGE'), String(options))
  }
  for (const options of [{ lang: 'fr' }, { lang: 'ES' }, { lang: 1 }, { lang: null }, { language: 'es' }, { today: '2026-01-01' }]) {
    assert.throws(() => scoreSurvey(doc, options), (e) => assertCode(e, 'E_OPTIONS'), JSON.stringify(options))
  }
  const boom = new Error('boom')
  assert.throws(() => scoreSurvey({ get kind() { throw boom } }), (e) => e === boom)
  assert.throws(() => scoreSurvey(doc, { get lang() { throw boom } }), (e) => e === boom)
})
