// Throughput of checkMany over an NDJSON file, read into one Buffer:
//   cargo run --release -p cte-rules-core --example gen_plans -- 100000 > /tmp/plans.ndjson
//   node bindings/node/bench/check-many.js /tmp/plans.ndjson
// Compare the whole process with the CLI on the same file, e.g. with /usr/bin/time:
//   target/release/cte-rules check /tmp/plans.ndjson --format json --fail-on never > /dev/null
'use strict'

const { readFileSync } = require('node:fs')
const { Engine } = require('..')

async function main() {
  const path = process.argv[2]
  if (!path) throw new Error('usage: node bench/check-many.js FILE.ndjson [THREADS]')
  const threads = process.argv[3] ? Number(process.argv[3]) : undefined
  const started = performance.now()
  const engine = new Engine()
  const ndjson = readFileSync(path)
  const checking = performance.now()
  const reports = await engine.checkMany(ndjson, threads ? { threads } : {})
  const done = performance.now()
  let failed = 0
  for (const report of reports) failed += report.summary.errors > 0 ? 1 : 0
  const seconds = (done - checking) / 1000
  console.log(
    `${reports.length} reports (${failed} with errors) in ${seconds.toFixed(2)} s: ` +
      `${Math.round(reports.length / seconds)} documents/s; ` +
      `engine + read ${((checking - started) / 1000).toFixed(2)} s`,
  )
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
