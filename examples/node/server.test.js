// Starts the portal example on 127.0.0.1, port 0, and calls it over HTTP.
'use strict'

const assert = require('node:assert/strict')
const http = require('node:http')
const { readFileSync } = require('node:fs')
const { join } = require('node:path')
const { after, before, test } = require('node:test')

const { createServer, formatOf } = require('./server.js')

const examples = join(__dirname, '..')
const LIMIT = 64 * 1024
let server
let port

before(async () => {
  server = createServer({ maxBodyBytes: LIMIT, today: '2026-01-15' })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = server.address().port
})

after(() => new Promise((resolve) => server.close(resolve)))

/** One bounded request to the server: resolves to { status, headers, body }. */
function call({ method = 'POST', path = '/check', type, body, chunked = false }) {
  return new Promise((resolve, reject) => {
    const headers = {}
    if (type) headers['content-type'] = type
    if (body !== undefined && !chunked) headers['content-length'] = Buffer.byteLength(body)
    const request = http.request({ host: '127.0.0.1', port, method, path, headers, timeout: 10_000 }, (response) => {
      const chunks = []
      response.on('data', (chunk) => chunks.push(chunk))
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        resolve({ status: response.statusCode, headers: response.headers, body: text ? JSON.parse(text) : null })
      })
    })
    request.on('timeout', () => request.destroy(new Error('request timed out')))
    request.on('error', reject)
    if (body !== undefined) request.write(body)
    request.end()
  })
}

const example = (name) => readFileSync(join(examples, name))

test('a passing YAML plan: 200 and a report without failed findings', async () => {
  const { status, headers, body } = await call({ type: 'application/yaml', body: example('plan-of-study-health-science.yaml') })
  assert.equal(status, 200)
  assert.match(headers['content-type'], /^application\/json/)
  assert.equal(body.source, 'upload.yaml')
  assert.equal(body.kind, 'plan-of-study')
  assert.equal(body.valid, true)
  assert.deepEqual(body.findings, [])
})

test('a JSON plan that fails rules is still a 200 with the failed findings', async () => {
  const { status, body } = await call({ type: 'application/json; charset=utf-8', body: example('plan-of-study-it-gaps.json') })
  assert.equal(status, 200)
  assert.equal(body.source, 'upload.json')
  assert.ok(body.summary.errors > 0)
  const failed = body.findings.find((f) => f.rule === 'POS-02')
  assert.equal(failed.status, 'fail')
  assert.equal(failed.path, '/pathway')
  assert.equal(typeof failed.citation.source, 'string')
})

test('a schema-invalid document: 200, valid false, schema findings', async () => {
  const { status, body } = await call({ type: 'text/yaml', body: example('plan-of-study-invalid.yaml') })
  assert.equal(status, 200)
  assert.equal(body.valid, false)
  assert.ok(body.findings.some((f) => f.rule === 'schema' && f.path === '/cluster'))
})

test('a malformed document is checked too: 200 with a parse finding and its position', async () => {
  const { status, body } = await call({ type: 'application/json', body: example('plan-of-study-malformed.json') })
  assert.equal(status, 200)
  assert.equal(body.valid, false)
  assert.equal(body.findings[0].rule, 'parse')
  assert.ok(body.findings[0].line >= 1)
  // YAML sent as JSON is malformed JSON: the Content-Type decides the parser.
  const yamlAsJson = await call({ type: 'application/json', body: 'kind: plan-of-study\n' })
  assert.equal(yamlAsJson.status, 200)
  assert.equal(yamlAsJson.body.findings[0].rule, 'parse')
})

test('malformed requests: 400', async () => {
  const plan = example('plan-of-study-it-gaps.json')
  for (const type of [undefined, 'text/plain', 'application/xml', 'application/json; charset=latin1']) {
    const { status, body } = await call({ type, body: plan })
    assert.equal(status, 400, String(type))
    assert.match(body.error.message, /application\/json/)
  }
  assert.equal((await call({ type: 'application/json', body: '' })).status, 400)
  const notUtf8 = await call({ type: 'application/json', body: Buffer.from([0x7b, 0xff, 0x7d]) })
  assert.equal(notUtf8.status, 400)
  assert.match(notUtf8.body.error.message, /UTF-8/)
})

test('wrong path or method: 404 and 405', async () => {
  assert.equal((await call({ path: '/nope', type: 'application/json', body: '{}' })).status, 404)
  const get = await call({ method: 'GET' })
  assert.equal(get.status, 405)
  assert.equal(get.headers.allow, 'POST')
})

test('a body over the limit: 413, whether declared or streamed', async () => {
  const big = Buffer.alloc(LIMIT + 1, 0x20)
  const declared = await call({ type: 'application/json', body: big })
  assert.equal(declared.status, 413)
  const streamed = await call({ type: 'application/json', body: big, chunked: true })
  assert.equal(streamed.status, 413)
  // Exactly at the limit is accepted (and checked: blank text is a parse finding).
  const atLimit = await call({ type: 'application/json', body: Buffer.alloc(LIMIT, 0x20) })
  assert.equal(atLimit.status, 200)
  assert.equal(atLimit.body.findings[0].rule, 'parse')
})

test('formatOf reads the Content-Type', () => {
  assert.equal(formatOf('application/json'), 'json')
  assert.equal(formatOf('Application/YAML; charset=UTF-8'), 'yaml')
  assert.equal(formatOf('application/x-yaml'), 'yaml')
  assert.equal(formatOf('application/json; charset=iso-8859-1'), null)
  assert.equal(formatOf(undefined), null)
})

test('concurrent uploads are all answered', async () => {
  const plan = example('plan-of-study-it-gaps.json')
  const answers = await Promise.all(Array.from({ length: 40 }, () => call({ type: 'application/json', body: plan })))
  assert.ok(answers.every((a) => a.status === 200 && a.body.summary.errors > 0))
})
