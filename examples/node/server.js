// A district portal's document check, as a plain `node:http` service.
//
//   POST /check   body: one JSON or YAML document
//                 Content-Type: application/json, application/yaml (or
//                 application/x-yaml, text/yaml, text/x-yaml); charset utf-8 if any
//
// Answers, always as JSON:
//   200  the report (see bindings/node/index.d.ts `Report`) for any checked
//        document, including one that fails rules, is schema-invalid or is not
//        even well-formed JSON/YAML: syntax errors are `parse` findings with a
//        line and column, which is what an upload form needs to show.
//   400  a malformed request: no or unsupported Content-Type, an empty body, a
//        body that is not UTF-8, or a body cut short.
//   404  any other path; 405 any other method on /check.
//   413  a body over `maxBodyBytes` (default 1 MiB), refused without reading it all.
//   500  an engine error (`{"error": {"code", "message"}}`); not expected.
//
// Run: node examples/node/server.js   (PORT, HOST and MAX_BODY_BYTES from the environment)
// In a portal, require('cte-rules') instead of the relative path below.
'use strict'

const http = require('node:http')
const { Engine } = require('../../bindings/node')

const YAML_TYPES = new Set(['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'])
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024

/** Which format a Content-Type announces: 'json', 'yaml', or null (unsupported). */
function formatOf(contentType) {
  if (!contentType) return null
  const [type, ...parameters] = contentType.split(';').map((part) => part.trim().toLowerCase())
  const charset = parameters.find((p) => p.startsWith('charset='))
  if (charset && !['charset=utf-8', 'charset=utf8', 'charset="utf-8"'].includes(charset)) return null
  if (type === 'application/json') return 'json'
  if (YAML_TYPES.has(type)) return 'yaml'
  return null
}

function send(response, status, body, headers = {}) {
  const text = JSON.stringify(body)
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  })
  response.end(text)
}

const problem = (response, status, message, headers) => send(response, status, { error: { message } }, headers)

/**
 * Reads the body, at most `limit` bytes. Resolves to a Buffer, or to
 * { status, message } when the request must be refused.
 */
function readBody(request, limit) {
  return new Promise((resolve) => {
    const declared = Number(request.headers['content-length'])
    if (Number.isFinite(declared) && declared > limit) {
      resolve({ status: 413, message: `body is ${declared} bytes, over the limit of ${limit} bytes` })
      return
    }
    const chunks = []
    let size = 0
    let done = false
    const finish = (value) => {
      if (!done) {
        done = true
        resolve(value)
      }
    }
    request.on('data', (chunk) => {
      size += chunk.length
      if (size > limit) {
        finish({ status: 413, message: `body is over the limit of ${limit} bytes` })
        request.pause()
      } else {
        chunks.push(chunk)
      }
    })
    request.on('end', () => finish(Buffer.concat(chunks, size)))
    request.on('aborted', () => finish({ status: 400, message: 'the body was cut short' }))
    request.on('error', () => finish({ status: 400, message: 'the body could not be read' }))
  })
}

/**
 * A server around one engine (compiled once, shared by every request).
 * Options: `engine` (default: the built-in pack), `maxBodyBytes`, `today`.
 */
function createServer({ engine = new Engine(), maxBodyBytes = DEFAULT_MAX_BODY_BYTES, today } = {}) {
  return http.createServer(async (request, response) => {
    const { pathname } = new URL(request.url, 'http://localhost')
    if (pathname !== '/check') return problem(response, 404, `no route ${pathname}; POST /check`)
    if (request.method !== 'POST') return problem(response, 405, 'use POST', { Allow: 'POST' })
    const format = formatOf(request.headers['content-type'])
    if (!format) {
      // Answer before reading: tell the client and drop the connection.
      response.setHeader('Connection', 'close')
      return problem(response, 400, 'send the document as application/json or application/yaml (UTF-8)')
    }
    const body = await readBody(request, maxBodyBytes)
    if (!Buffer.isBuffer(body)) {
      response.setHeader('Connection', 'close')
      return problem(response, body.status, body.message)
    }
    if (body.length === 0) return problem(response, 400, 'the body is empty; send one document')
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(body)
    } catch {
      return problem(response, 400, 'the body is not UTF-8 text')
    }
    try {
      const options = { source: `upload.${format}`, maxBytes: maxBodyBytes, ...(today ? { today } : {}) }
      send(response, 200, await engine.checkAsync(body, options))
    } catch (error) {
      send(response, 500, { error: { code: error.code ?? 'E_INTERNAL', message: error.message } })
    }
  })
}

module.exports = { createServer, formatOf }

if (require.main === module) {
  const port = Number(process.env.PORT ?? 8080)
  const host = process.env.HOST ?? '127.0.0.1'
  const maxBodyBytes = Number(process.env.MAX_BODY_BYTES ?? DEFAULT_MAX_BODY_BYTES)
  createServer({ maxBodyBytes }).listen(port, host, function () {
    const { address, port } = this.address()
    console.log(`cte-rules portal check on http://${address}:${port}/check`)
  })
}
