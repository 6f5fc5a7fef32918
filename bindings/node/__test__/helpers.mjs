// Shared fixtures for the binding's tests: the binding itself, the repository's
// example documents, and an assertion for the errors the binding throws.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const require = createRequire(import.meta.url)
export const binding = require('../index.js')
export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
export const examples = join(root, 'examples')

/** A fixed date, so reports do not depend on the day the tests run. */
export const TODAY = '2026-01-15'

export const read = (name) => readFileSync(join(examples, name))
export const readText = (name) => readFileSync(join(examples, name), 'utf8')
/** The JSON example as an object: a plan of study that fails a few rules. */
export const gapsPlan = () => JSON.parse(readText('plan-of-study-it-gaps.json'))

/** Asserts that `error` is a real `Error` carrying the binding's stable `code`. */
export function assertCode(error, code) {
  assert.ok(error instanceof Error, `expected an Error, got ${error}`)
  assert.equal(error.code, code, `code of: ${error.message}`)
  assert.ok(error.message.startsWith(`${code}: `), error.message)
  return true
}

/** The CLI: CTE_RULES_CLI (dev.sh builds and sets it), else target/release. */
export function cli() {
  const path = process.env.CTE_RULES_CLI ?? join(root, 'target', 'release', 'cte-rules')
  assert.ok(existsSync(path), `no CLI at ${path}: cargo build --release -p cte-rules-cli`)
  return path
}

/**
 * The parsed `--format json` output of a CLI command; `exits` lists the exit
 * codes that still mean success (`rubric reconcile` exits 1 on a disagreement).
 */
export function cliJson(args, exits = [0]) {
  const run = spawnSync(cli(), [...args, '--format', 'json'], { encoding: 'utf8' })
  assert.ok(exits.includes(run.status), `cte-rules ${args.join(' ')} exited ${run.status}: ${run.stderr}`)
  return JSON.parse(run.stdout)
}
