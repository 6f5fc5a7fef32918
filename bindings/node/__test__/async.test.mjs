// checkAsync and checkMany run off the JS thread: timers keep firing while a
// large batch is being checked, and results arrive only after the call returns.
import assert from 'node:assert/strict'
import test from 'node:test'

import { TODAY, binding, gapsPlan } from './helpers.mjs'

const engine = new binding.Engine()

/**
 * Starts `work()` and counts the ticks of a 2 ms interval until its promise
 * settles. A check done on the JS thread would block every tick.
 */
async function ticksWhile(work) {
  let settled = false
  let ticks = 0
  const timer = setInterval(() => {
    if (!settled) ticks++
  }, 2)
  const started = performance.now()
  try {
    const result = await work()
    return { result, ticks, ms: performance.now() - started }
  } finally {
    settled = true
    clearInterval(timer)
  }
}

/** `count` varied plans as NDJSON. */
function ndjson(count) {
  const plan = gapsPlan()
  const lines = []
  for (let i = 0; i < count; i++) {
    lines.push(JSON.stringify({ ...plan, learner: { ...plan.learner, id: `LRN-${i}` } }))
  }
  return Buffer.from(lines.join('\n') + '\n')
}

test('a timer fires while checkMany checks a large NDJSON batch', async () => {
  const batch = ndjson(20_000)
  const { result, ticks, ms } = await ticksWhile(() => engine.checkMany(batch, { today: TODAY }))
  assert.equal(result.length, 20_000)
  assert.equal(result[19_999].source, '<input>:20000')
  assert.ok(ticks >= 3, `only ${ticks} timer ticks in ${ms.toFixed(0)} ms`)
})

test('a timer fires while many checkAsync calls run on the thread pool', async () => {
  const plan = gapsPlan()
  const { result, ticks, ms } = await ticksWhile(() =>
    Promise.all(Array.from({ length: 3000 }, () => engine.checkAsync(plan, { today: TODAY }))),
  )
  assert.equal(result.length, 3000)
  assert.deepEqual(result[2999], engine.check(plan, { today: TODAY }))
  assert.ok(ticks >= 1, `no timer tick in ${ms.toFixed(0)} ms`)
})

test('checkAsync and checkMany settle only after the calling code has run', async () => {
  const order = []
  const single = engine.checkAsync(gapsPlan()).then(() => order.push('checkAsync'))
  const many = engine.checkMany([gapsPlan()]).then(() => order.push('checkMany'))
  setImmediate(() => order.push('immediate'))
  order.push('sync')
  await Promise.all([single, many])
  assert.equal(order[0], 'sync')
  assert.ok(order.includes('checkAsync') && order.includes('checkMany'))
})

test('concurrent batches on one engine keep their own order', async () => {
  const a = ndjson(500)
  const docs = Array.from({ length: 500 }, (_, i) => ({ ...gapsPlan(), cluster: i % 2 ? 'HL' : 'IT' }))
  const [fromBuffer, fromArray] = await Promise.all([engine.checkMany(a), engine.checkMany(docs, { threads: 2 })])
  fromBuffer.forEach((report, i) => assert.equal(report.source, `<input>:${i + 1}`))
  fromArray.forEach((report, i) => assert.deepEqual(report, engine.check(docs[i], { source: `<input>:${i + 1}` })))
})
