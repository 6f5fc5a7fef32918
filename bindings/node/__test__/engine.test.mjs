// The public API: Engine (constructor, check, checkAsync, checkMany, rules),
// rules(), schema(), kinds(), and the report's shape.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { writeFileSync, mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import test from 'node:test'

import { TODAY, assertCode, binding, cli, examples, gapsPlan, read, readText } from './helpers.mjs'

const { Engine, rules, schema, kinds } = binding
const engine = new Engine()

test('the module exports the documented API', () => {
  assert.equal(typeof Engine, 'function')
  assert.equal(typeof rules, 'function')
  assert.equal(typeof schema, 'function')
  assert.equal(typeof kinds, 'function')
  for (const name of ['scoreSurvey', 'framework', 'crosswalk']) {
    assert.equal(typeof binding[name], 'function', name)
  }
  for (const method of ['check', 'checkAsync', 'checkMany', 'rules', 'reconcile']) {
    assert.equal(typeof engine[method], 'function', method)
  }
})

test('kinds() lists the six document kinds', () => {
  assert.deepEqual(kinds(), [
    'plan-of-study',
    'local-program',
    'state-system',
    'curriculum',
    'interest-survey',
    'self-assessment',
  ])
})

test('schema() returns the JSON Schema of every kind, rule packs and reports', () => {
  for (const name of [...kinds(), 'rule-pack', 'report']) {
    const value = schema(name)
    assert.equal(value.$id, `https://cte-rules.dev/schemas/${name}.schema.json`)
    assert.equal(value.$schema, 'https://json-schema.org/draft/2020-12/schema')
  }
  assert.deepEqual(schema('report').required, ['source', 'valid', 'findings', 'summary'])
  assert.throws(() => schema('plan'), (e) => assertCode(e, 'E_UNKNOWN_KIND'))
})

test('rules() lists the built-in national pack; engine.rules() adds user packs', () => {
  const builtin = rules()
  assert.ok(builtin.length >= 5)
  for (const rule of builtin) {
    assert.equal(rule.pack, 'national')
    assert.ok(kinds().includes(rule.kind))
    assert.ok(['info', 'warning', 'error'].includes(rule.severity))
    assert.deepEqual(Object.keys(rule.citation), ['source', 'section', 'item', 'title'])
    assert.ok(rule.citation.title.length > 0)
    assert.deepEqual(Object.keys(rule.reading), ['of', 'per', 'conditional'])
  }
  assert.deepEqual(engine.rules(), builtin)
  const layered = new Engine({ packs: [localPack()] })
  assert.deepEqual(layered.rules().map((r) => r.id), [...builtin.map((r) => r.id), 'DISTRICT-01'])
  assert.deepEqual(new Engine({ builtin: false, packs: [localPack()] }).rules().map((r) => r.id), ['DISTRICT-01'])
  const first = builtin[0].id
  const quieted = new Engine({ packs: [{ name: 'quiet', overrides: [{ rule: first, enabled: false }] }] })
  assert.equal(quieted.rules().find((r) => r.id === first).enabled, false)
})

/** A district pack: every plan must name its learner's institution. */
function localPack() {
  return {
    name: 'district',
    rules: [
      {
        id: 'DISTRICT-01',
        title: 'Plans name the learner institution',
        severity: 'warning',
        kind: 'plan-of-study',
        citation: { source: 'district-handbook.pdf', section: 'Plans', item: 'Institution' },
        check: "has(doc.learner.institution)",
        message: 'the plan does not name the learner institution',
        remediation: 'Add `learner.institution`.',
      },
    ],
  }
}

test('packs can be objects, YAML text, JSON text or paths, and are applied', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cte-rules-node-'))
  const path = join(dir, 'district.json')
  writeFileSync(path, JSON.stringify(localPack()))
  const yaml = [
    'name: district',
    'rules:',
    '  - id: DISTRICT-01',
    '    title: Plans name the learner institution',
    '    severity: warning',
    '    kind: plan-of-study',
    '    citation: { source: district-handbook.pdf, section: Plans, item: Institution }',
    '    check: has(doc.learner.institution)',
    '    message: the plan does not name the learner institution',
    '    remediation: Add `learner.institution`.',
    '',
  ].join('\n')
  const plan = gapsPlan()
  delete plan.learner.institution
  for (const pack of [localPack(), yaml, JSON.stringify(localPack()), path]) {
    const report = new Engine({ packs: [pack] }).check(plan, { today: TODAY })
    const district = report.findings.filter((f) => f.rule === 'DISTRICT-01')
    assert.equal(district.length, 1, `pack given as ${typeof pack}`)
    assert.equal(district[0].severity, 'warning')
    assert.equal(district[0].citation.source, 'district-handbook.pdf')
  }
})

test('check() takes an object, JSON text, YAML text, a Buffer or a Uint8Array', () => {
  const text = readText('plan-of-study-it-gaps.json')
  const fromObject = engine.check(JSON.parse(text), { today: TODAY })
  const fromText = engine.check(text, { today: TODAY })
  const fromBuffer = engine.check(Buffer.from(text), { today: TODAY })
  const fromBytes = engine.check(new TextEncoder().encode(text), { today: TODAY })
  assert.equal(fromObject.source, '<input>')
  assert.equal(fromObject.kind, 'plan-of-study')
  assert.ok(fromObject.findings.some((f) => f.status === 'fail'))
  // Text and bytes carry positions; an object has none to give.
  assert.ok(fromText.findings.every((f) => f.line === undefined || f.line >= 1))
  assert.deepEqual(fromBuffer, fromText)
  assert.deepEqual(fromBytes, fromText)
  const strip = (report) => ({
    ...report,
    findings: report.findings.map(({ line, column, ...rest }) => rest),
  })
  assert.deepEqual(strip(fromText), strip(fromObject))

  const yaml = engine.check(readText('plan-of-study-health-science.yaml'), { today: TODAY })
  assert.equal(yaml.kind, 'plan-of-study')
  assert.equal(yaml.valid, true)
  assert.equal(yaml.summary.errors, 0)
})

test('a passing plan has no failed finding; includePassed reports the rules that held', () => {
  const doc = read('plan-of-study-health-science.yaml')
  const quiet = engine.check(doc, { today: TODAY })
  assert.deepEqual(quiet.findings, [])
  const all = engine.check(doc, { today: TODAY, includePassed: true })
  assert.ok(all.findings.length > 0)
  assert.ok(all.findings.every((f) => f.status === 'pass'))
  assert.equal(all.summary.passed, all.findings.length)
})

test('a malformed document is a report with a parse finding, not an error', () => {
  const report = engine.check(read('plan-of-study-malformed.json'))
  assert.equal(report.valid, false)
  assert.equal(report.kind, null)
  assert.equal(report.findings.length, 1)
  const [finding] = report.findings
  assert.equal(finding.rule, 'parse')
  assert.equal(finding.severity, 'error')
  assert.equal(finding.path, null)
  assert.ok(finding.line >= 1 && finding.column >= 1)
  for (const doc of ['', '   ', '{', 'a: [', Buffer.from([0xff, 0xfe, 0x00]), Buffer.alloc(0), '\u0000']) {
    const bad = engine.check(doc)
    assert.equal(bad.findings[0].rule, 'parse', JSON.stringify(String(doc)))
    assert.equal(bad.valid, false)
  }
})

test('a schema-invalid document is a report with schema findings at JSON pointers', () => {
  const report = engine.check(read('plan-of-study-invalid.yaml'))
  assert.equal(report.valid, false)
  assert.equal(report.kind, 'plan-of-study')
  const schemaFindings = report.findings.filter((f) => f.rule === 'schema')
  assert.ok(schemaFindings.length >= 3)
  for (const finding of schemaFindings) {
    assert.match(finding.path, /^(\/[^/]*)*$/)
    assert.ok(finding.line === undefined || finding.line >= 1)
  }
  assert.ok(schemaFindings.some((f) => f.path === '/cluster'))
  assert.ok(engine.check({ kind: 'plan-of-study' }).findings.every((f) => f.rule === 'schema'))
  assert.equal(engine.check({ kind: 'no-such-kind' }).valid, false)
  assert.equal(engine.check([1, 2, 3]).valid, false)
})

test('options: source names the report and fixes the format; maxBytes and maxDepth bound text', () => {
  const text = readText('plan-of-study-it-gaps.json')
  assert.equal(engine.check(text, { source: 'plans/it.json' }).source, 'plans/it.json')
  // `a: 1` is YAML, so read as JSON (a `.json` source) it is malformed.
  assert.equal(engine.check('kind: plan-of-study', { source: 'x.json' }).findings[0].rule, 'parse')
  assert.equal(engine.check('kind: plan-of-study', { source: 'x.yaml' }).findings[0].rule, 'schema')
  const tooBig = engine.check(text, { maxBytes: 100 })
  assert.equal(tooBig.findings[0].rule, 'parse')
  assert.match(tooBig.findings[0].message, /^document is longer than the limit of 100 bytes$/)
  const deep = '['.repeat(20) + ']'.repeat(20)
  assert.equal(engine.check(deep, { maxDepth: 10 }).findings[0].rule, 'parse')
})

test('today is the date rules see', () => {
  const pack = localPack()
  pack.rules[0].check = "today >= '2026-01-01'"
  const dated = new Engine({ builtin: false, packs: [pack] })
  const doc = gapsPlan()
  assert.equal(dated.check(doc, { today: '2025-12-31' }).summary.warnings, 1)
  assert.equal(dated.check(doc, { today: '2026-01-01' }).summary.warnings, 0)
})

test('a rule that cannot be evaluated is an error finding with code E_EVAL, never a silent pass', () => {
  const pack = localPack()
  pack.rules[0].check = 'doc.learner.id + 1 > 0'
  const broken = new Engine({ builtin: false, packs: [pack] })
  const report = broken.check(gapsPlan(), { today: TODAY })
  const [finding] = report.findings
  assert.equal(finding.status, 'error')
  assert.equal(finding.severity, 'error')
  assert.equal(finding.code, 'E_EVAL')
  assert.match(finding.message, /^rule \S+ could not be evaluated \(its `check`\): /)
  assert.equal(report.summary.errors, 1)
})

test('checkAsync resolves to the same report as check', async () => {
  for (const name of ['plan-of-study-health-science.yaml', 'plan-of-study-it-gaps.json', 'plan-of-study-malformed.json', 'plan-of-study-invalid.yaml']) {
    const doc = read(name)
    const promise = engine.checkAsync(doc, { today: TODAY, source: name })
    assert.ok(promise instanceof Promise)
    assert.deepEqual(await promise, engine.check(doc, { today: TODAY, source: name }), name)
  }
  assert.deepEqual(await engine.checkAsync(gapsPlan(), { today: TODAY }), engine.check(gapsPlan(), { today: TODAY }))
})

test('checkMany over an array equals a loop of check, in order', async () => {
  const docs = [
    gapsPlan(),
    readText('plan-of-study-health-science.yaml'),
    read('plan-of-study-malformed.json'),
    read('plan-of-study-invalid.yaml'),
    { kind: 'plan-of-study' },
    'not: [valid',
    new Uint8Array(read('plan-of-study-it-gaps.json')),
  ]
  const many = await engine.checkMany(docs, { today: TODAY })
  assert.equal(many.length, docs.length)
  const loop = docs.map((doc, i) => engine.check(doc, { today: TODAY, source: `<input>:${i + 1}` }))
  assert.deepEqual(many, loop)
  assert.deepEqual(await engine.checkMany(docs, { today: TODAY, threads: 1 }), loop)
  assert.deepEqual(await engine.checkMany([]), [])
})

test('checkMany over an NDJSON Buffer equals a loop of check over its lines', async () => {
  const plan = gapsPlan()
  const lines = []
  for (let i = 0; i < 300; i++) {
    const doc = { ...plan, cluster: i % 3 === 0 ? 'HL' : plan.cluster, learner: { ...plan.learner, id: `LRN-${i}` } }
    lines.push(i % 50 === 7 ? '{"kind": "plan-of-study", ' : JSON.stringify(doc))
    if (i % 100 === 0) lines.push('') // blank lines are skipped but counted
  }
  const ndjson = Buffer.from(lines.join('\n') + '\n')
  const many = await engine.checkMany(ndjson, { today: TODAY })
  const expected = []
  lines.forEach((line, i) => {
    // A line is checked without its line break, so a parse error points into the line.
    if (line.trim()) expected.push(engine.check(line, { today: TODAY, source: `<input>:${i + 1}` }))
  })
  assert.equal(many.length, 300)
  assert.deepEqual(many, expected)
  const broken = many.find((r) => r.findings.some((f) => f.rule === 'parse'))
  assert.equal(broken.findings[0].line, 1)
  assert.ok(many.some((r) => r.findings.some((f) => f.rule === 'POS-02')))
})

test('reports are byte-for-byte the entries of the CLI JSON output, for every example', () => {
  const names = readdirSync(examples).filter((name) => /\.(ya?ml|json)$/.test(name)).sort()
  const kindsSeen = new Set(names.map((name) => engine.check(read(name)).kind))
  assert.deepEqual([...kindsSeen].filter(Boolean).sort(), [...kinds()].sort(), 'the examples cover every kind')
  const paths = names.map((name) => join(examples, name))
  const output = execFileSync(cli(), ['check', ...paths, '--format', 'json', '--today', TODAY, '--fail-on', 'never'], { encoding: 'utf8' })
  const documents = JSON.parse(output).documents
  assert.equal(documents.length, names.length)
  paths.forEach((path, i) => {
    const report = engine.check(read(names[i]), { source: path, today: TODAY })
    assert.equal(JSON.stringify(report), JSON.stringify(documents[i]), names[i])
  })
})

test('options take the nested shape Python takes, and the old flat spellings still work', async () => {
  const plan = gapsPlan()
  const nested = { include_passed: true, today: TODAY, limits: { max_bytes: 100_000, max_depth: 20 } }
  const flat = { includePassed: true, today: TODAY, maxBytes: 100_000, maxDepth: 20 }
  const report = engine.check(plan, nested)
  assert.ok(report.findings.some((f) => f.status === 'pass'), 'include_passed is honoured')
  assert.deepEqual(engine.check(plan, flat), report)
  assert.deepEqual(await engine.checkMany([plan], { ...nested, threads: 1 }), await engine.checkMany([plan], { ...flat, threads: 1 }))
  // The limits are honoured in the nested spelling too.
  const small = engine.check(JSON.stringify(plan), { limits: { max_bytes: 10 } })
  assert.equal(small.findings[0].rule, 'parse')
  // One option given both ways is a mistake, as is a nested zero.
  assert.throws(() => engine.check(plan, { includePassed: true, include_passed: true }), (e) => assertCode(e, 'E_OPTIONS'))
  assert.throws(() => engine.check(plan, { maxBytes: 5, limits: { max_bytes: 5 } }), (e) => assertCode(e, 'E_OPTIONS'))
  assert.throws(
    () => engine.check(plan, { limits: { max_depth: 0 } }),
    (e) => assertCode(e, 'E_OPTIONS') && e.path === '/limits/max_depth',
  )
  assert.throws(() => engine.check(plan, { limits: { max_size: 1 } }), (e) => assertCode(e, 'E_OPTIONS'))
})
