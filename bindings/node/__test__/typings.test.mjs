// index.d.ts: the declared report types match schema('report') field for field,
// the unions match what the binding returns, and a typed example compiles.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import test from 'node:test'
import { fileURLToPath } from 'node:url'

import { binding, read } from './helpers.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const dts = readFileSync(join(here, '..', 'index.d.ts'), 'utf8')

/** `{ name: { optional, type } }` of the fields of `export interface Name { ... }`. */
function interfaceTypes(name) {
  const match = dts.match(new RegExp(`export interface ${name} (?:extends \\w+ )?\\{([\\s\\S]*?)\\n\\}`))
  assert.ok(match, `index.d.ts declares interface ${name}`)
  const fields = {}
  for (const line of match[1].split('\n')) {
    const field = line.match(/^ {2}(\w+)(\??): (.*)$/)
    if (field) fields[field[1]] = { optional: field[2] === '?', type: field[3] }
  }
  return fields
}

/** `{ name: optional }` of the fields of `export interface Name { ... }`. */
function interfaceFields(name) {
  return Object.fromEntries(Object.entries(interfaceTypes(name)).map(([field, { optional }]) => [field, optional]))
}

/**
 * The interface declares exactly the fields of the returned `objects`, none
 * optional (the core serialises every field), and `| null` on each field that
 * is null in one of them.
 */
function assertDeclares(name, objects) {
  const declared = interfaceTypes(name)
  for (const object of objects) {
    assert.deepEqual(Object.keys(declared).sort(), Object.keys(object).sort(), `fields of ${name}`)
    for (const [field, value] of Object.entries(object)) {
      assert.equal(declared[field].optional, false, `${name}.${field} is always present`)
      if (value === null) assert.match(declared[field].type, /\| null$/, `${name}.${field} may be null`)
    }
  }
}

/** The `const` values of a schema `oneOf`, or its `enum`. */
const schemaEnum = (definition) => definition.enum ?? definition.oneOf.map((choice) => choice.const)

/** The string literals of `export type Name = 'a' | 'b'`. */
function union(name) {
  const match = dts.match(new RegExp(`export type ${name} =([^\\n]*(?:\\n +\\|[^\\n]*)*)`))
  assert.ok(match, `index.d.ts declares type ${name}`)
  return [...match[1].matchAll(/'([^']+)'/g)].map((m) => m[1])
}

/** Every property of a schema object, and whether it may be absent from the JSON. */
function schemaFields(definition, alwaysPresent) {
  const fields = {}
  for (const name of Object.keys(definition.properties)) {
    fields[name] = !definition.required.includes(name) && !alwaysPresent.includes(name)
  }
  return fields
}

test('Report, Finding, Summary and Citation match the report schema', () => {
  const schema = binding.schema('report')
  const defs = schema.$defs
  // serde writes `kind`, `path`, `citation` and `remediation` as null when
  // absent; only `line` and `column` are left out.
  assert.deepEqual(interfaceFields('Report'), schemaFields(schema, ['kind']))
  assert.deepEqual(interfaceFields('Finding'), schemaFields(defs.Finding, ['path', 'citation', 'remediation']))
  assert.deepEqual(interfaceFields('Summary'), schemaFields(defs.Summary, []))
  assert.deepEqual(interfaceFields('Citation'), schemaFields(defs.Citation, []))
  assert.deepEqual(union('Severity'), defs.Severity.enum)
  assert.deepEqual(union('Status'), defs.Status.enum)
})

test('Kind, SchemaName and RuleInfo match what the binding returns', () => {
  assert.deepEqual(union('Kind'), binding.kinds())
  assert.match(dts, /export type SchemaName = Kind \| 'rule-pack' \| 'report'\n/)
  for (const name of [...union('Kind'), 'rule-pack', 'report']) assert.equal(typeof binding.schema(name), 'object')
  const rule = binding.rules()[0]
  assert.deepEqual(Object.keys(interfaceFields('RuleInfo')).sort(), Object.keys(rule).sort())
})

test('SurveyScore, ClusterScore and SurveyLanguage match what scoreSurvey returns', () => {
  const results = ['interest-survey-en.yaml', 'interest-survey-es-tie.yaml'].map((name) => binding.scoreSurvey(read(name)))
  assertDeclares('SurveyScore', results)
  assertDeclares('ClusterScore', results.flatMap((result) => result.scores))
  assert.deepEqual(union('SurveyLanguage'), schemaEnum(binding.schema('interest-survey').$defs.SurveyLanguage))
  assert.deepEqual(results.map((result) => result.language), ['en', 'es'])
  assert.deepEqual(interfaceFields('SurveyOptions'), { lang: true })
})

test('Reconciliation, its items, summary and unions match what reconcile returns', () => {
  const engine = new binding.Engine()
  const results = [
    engine.reconcile(read('self-assessment-local-riverside.yaml'), read('local-program-riverside-health.yaml')),
    engine.reconcile(read('self-assessment-state-ohio.yaml'), read('state-system-ohio.yaml')),
  ]
  const items = results.flatMap((result) => result.items)
  assertDeclares('Reconciliation', results)
  assertDeclares('ItemReconciliation', items)
  assertDeclares('ReconciliationSummary', results.map((result) => result.summary))
  assert.ok(items.some((item) => item.rating === null), 'a null rating was seen')
  const definitions = binding.schema('self-assessment').$defs
  assert.deepEqual(union('Rating'), schemaEnum(definitions.Rating))
  assert.deepEqual(union('RubricLevel'), schemaEnum(definitions.RubricLevel))
  assert.deepEqual(union('Agreement'), ['agrees', 'over-rated', 'under-rated', 'not-rated', 'no-evidence'])
  assert.deepEqual([...new Set(items.map((item) => item.agreement))].sort(), [...union('Agreement')].sort(), 'the examples show every agreement')
  assert.match(dts, /\n {2}evidence_kind: 'state-system' \| 'local-program'\n/)
  assert.deepEqual(results.map((result) => result.evidence_kind), ['local-program', 'state-system'])
  assert.deepEqual(interfaceFields('ReconcileOptions'), { today: true })
})

test('FrameworkListing, Crosswalk and their parts match what framework() and crosswalk() return', () => {
  const listings = [binding.framework('2008'), binding.framework('2024')]
  assertDeclares('FrameworkListing', listings)
  const clusters = listings.flatMap((listing) => listing.clusters)
  assertDeclares('FrameworkCluster', clusters)
  const pathways = clusters.flatMap((cluster) => cluster.pathways)
  assertDeclares('FrameworkPathway', pathways)
  assert.deepEqual(union('FrameworkVersion'), schemaEnum(binding.schema('plan-of-study').$defs.FrameworkVersion))
  assert.deepEqual(listings.map((listing) => listing.framework), union('FrameworkVersion'))
  const evidence = new Set(pathways.map((pathway) => pathway.evidence).filter((value) => value !== null))
  assert.deepEqual([...evidence].sort(), [...union('NameEvidence')].sort())

  const whole = binding.crosswalk()
  assertDeclares('Crosswalk', [whole, binding.crosswalk('HL')])
  assertDeclares('CrosswalkEntry', whole.map)
  assertDeclares('CrosswalkTarget', whole.map.flatMap((row) => row.to))
  assert.deepEqual([...new Set(whole.map.map((row) => row.basis))].sort(), [...union('CrosswalkBasis')].sort())
  assert.match(dts, /\n {2}from: '2008'\n {2}to: '2024'\n/)
})

test('the ErrorCode union holds every code the binding throws in the tests', () => {
  const codes = union('ErrorCode')
  for (const code of ['E_PACK_PARSE', 'E_PACK_SCHEMA', 'E_PACK_CEL', 'E_PACK_DUPLICATE_ID', 'E_PACK_UNKNOWN_RULE', 'E_IO', 'E_INPUT', 'E_UNKNOWN_KIND', 'E_OPTIONS', 'E_USAGE']) {
    assert.ok(codes.includes(code), code)
  }
})

test('no declaration falls back to any', () => {
  const declarations = dts.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '') // comments may say "any"
  assert.doesNotMatch(declarations, /\bany\b/)
  assert.match(declarations, /check\(doc: Document, options\?: CheckOptions\): Report\n/)
  assert.match(declarations, /reconcile\(selfAssessment: Document, evidence: Document, options\?: ReconcileOptions\): Reconciliation\n/)
  assert.match(declarations, /function scoreSurvey\(doc: Document, options\?: SurveyOptions\): SurveyScore\n/)
  assert.match(declarations, /function framework\(version\?: FrameworkVersion\): FrameworkListing\n/)
  assert.match(declarations, /function crosswalk\(code\?: string\): Crosswalk\n/)
})

test('a typed portal example compiles with tsc --noEmit (strict)', () => {
  const tsc = join(here, '..', 'node_modules', 'typescript', 'bin', 'tsc')
  try {
    execFileSync(process.execPath, [tsc, '--noEmit', '-p', join(here, 'typed')], { encoding: 'utf8', stdio: 'pipe' })
  } catch (error) {
    assert.fail(`tsc --noEmit failed:\n${error.stdout}${error.stderr}`)
  }
})
