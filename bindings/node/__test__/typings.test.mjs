// index.d.ts: the declared report types match schema('report') field for field,
// the unions match what the binding returns, and a typed example compiles.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import test from 'node:test'
import { fileURLToPath } from 'node:url'

import { binding } from './helpers.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const dts = readFileSync(join(here, '..', 'index.d.ts'), 'utf8')

/** `{ name: optional }` of the fields of `export interface Name { ... }`. */
function interfaceFields(name) {
  const match = dts.match(new RegExp(`export interface ${name} (?:extends \\w+ )?\\{([\\s\\S]*?)\\n\\}`))
  assert.ok(match, `index.d.ts declares interface ${name}`)
  const fields = {}
  for (const line of match[1].split('\n')) {
    const field = line.match(/^ {2}(\w+)(\??):/)
    if (field) fields[field[1]] = field[2] === '?'
  }
  return fields
}

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
})

test('a typed portal example compiles with tsc --noEmit (strict)', () => {
  const tsc = join(here, '..', 'node_modules', 'typescript', 'bin', 'tsc')
  try {
    execFileSync(process.execPath, [tsc, '--noEmit', '-p', join(here, 'typed')], { encoding: 'utf8', stdio: 'pipe' })
  } catch (error) {
    assert.fail(`tsc --noEmit failed:\n${error.stdout}${error.stderr}`)
  }
})
