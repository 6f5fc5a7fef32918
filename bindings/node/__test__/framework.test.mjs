// framework() and crosswalk(): the listings equal the CLI's `framework list`
// and `framework crosswalk` JSON, say what is unverified, and reject bad
// arguments with coded errors.
import assert from 'node:assert/strict'
import test from 'node:test'

import { assertCode, binding, cliJson } from './helpers.mjs'

const { framework, crosswalk } = binding

test('framework() lists 2008 by default: 16 clusters and 79 pathways', () => {
  const listing = framework()
  assert.deepEqual(listing, framework('2008'))
  assert.deepEqual(listing, framework(undefined))
  assert.equal(listing.framework, '2008')
  assert.equal(listing.clusters.length, 16)
  assert.equal(listing.clusters.flatMap((c) => c.pathways).length, 79)
  assert.ok(listing.clusters.every((c) => !c.cross_cutting && c.onet_cluster_code === null))
  assert.ok(listing.clusters.some((c) => c.code === 'HL' && c.name === 'Health Science'))
})

test("framework('2024'): 14 clusters, 3 of them cross-cutting, with what is unverified", () => {
  const listing = framework('2024')
  assert.equal(listing.framework, '2024')
  assert.equal(listing.clusters.length, 14)
  assert.equal(listing.clusters.filter((c) => c.cross_cutting).length, 3)
  assert.ok(listing.unverified.length > 0 && listing.unverified.every((line) => typeof line === 'string' && line.length > 0))
  const pathways = listing.clusters.flatMap((c) => c.pathways)
  assert.ok(pathways.every((p) => ['advance-cte', 'secondary-source', 'third-party-code'].includes(p.evidence)), 'every 2024 name says how it is known')
  const codes2008 = new Set(framework('2008').clusters.map((c) => c.code))
  assert.ok(listing.clusters.every((c) => !codes2008.has(c.code)), 'the versions share no cluster code')
})

test('framework listings equal the CLI `framework list --format json`', () => {
  for (const version of ['2008', '2024']) {
    assert.deepEqual(framework(version), cliJson(['framework', 'list', '--version', version]), version)
  }
})

test('crosswalk() maps every 2008 cluster to its 2024 successors', () => {
  const whole = crosswalk()
  assert.deepEqual(whole, crosswalk(undefined))
  assert.equal(whole.from, '2008')
  assert.equal(whole.to, '2024')
  assert.equal(typeof whole.unverified, 'string')
  const from2008 = framework('2008').clusters
  assert.deepEqual(whole.map.map((row) => row.from).sort(), from2008.map((c) => c.code).sort())
  const names2024 = new Map(framework('2024').clusters.map((c) => [c.code, c.name]))
  for (const row of whole.map) {
    assert.equal(row.from_name, from2008.find((c) => c.code === row.from).name)
    for (const target of row.to) assert.equal(target.name, names2024.get(target.code), `${row.from} -> ${target.code}`)
    assert.ok(['stated-in-source', 'partly-stated', 'name-based-inference'].includes(row.basis))
    assert.equal(typeof row.verified, 'boolean')
  }
  const hl = crosswalk('HL')
  assert.deepEqual(hl.map, [{ from: 'HL', from_name: 'Health Science', to: [{ code: 'HHS', name: 'Healthcare & Human Services' }], verified: true, basis: 'stated-in-source' }])
  assert.deepEqual(crosswalk('hl'), hl, 'codes are case-insensitive')
})

test('crosswalks equal the CLI `framework crosswalk [CODE] --format json`', () => {
  assert.deepEqual(crosswalk(), cliJson(['framework', 'crosswalk']))
  for (const code of ['HL', 'IT', 'st']) {
    assert.deepEqual(crosswalk(code), cliJson(['framework', 'crosswalk', code]), code)
  }
})

test('unknown versions and codes throw E_USAGE', () => {
  for (const version of ['2025', '08', '', '2024 ']) {
    assert.throws(() => framework(version), (e) => assertCode(e, 'E_USAGE') && /2008/.test(e.message), version)
  }
  assert.throws(() => crosswalk('XX'), (e) => assertCode(e, 'E_USAGE') && /not a 2008 cluster code/.test(e.message))
  assert.throws(() => crosswalk('HHS'), (e) => assertCode(e, 'E_USAGE') && /already a 2024 cluster code/.test(e.message))
})

test('wrong argument types throw E_USAGE', () => {
  for (const value of [null, 2024, 2008n, true, {}, ['2024'], () => '2024', Symbol('2024')]) {
    assert.throws(() => framework(value), (e) => assertCode(e, 'E_USAGE'), String(typeof value))
    assert.throws(() => crosswalk(value), (e) => assertCode(e, 'E_USAGE'), String(typeof value))
  }
})
