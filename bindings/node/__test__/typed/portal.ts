// A typed use of the binding, compiled by `tsc --noEmit` in the tests: a portal
// helper that checks an uploaded plan and lists what staff must fix. The
// `@ts-expect-error` lines fail the compile if a type degrades to `any`.
import { Engine, kinds, rules, schema } from '../..'
import type { CteRulesError, Finding, Kind, Report, RuleInfo, Severity } from '../..'

const engine = new Engine({ packs: [{ name: 'district', rules: [] }], builtin: true })

function toFix(report: Report): string[] {
  return report.findings
    .filter((finding: Finding) => finding.status === 'fail')
    .map((finding) => {
      const where = finding.line === undefined ? finding.path ?? '(document)' : `line ${finding.line}`
      const cite = finding.citation ? ` [${finding.citation.source} §${finding.citation.section}]` : ''
      return `${finding.severity}: ${where}: ${finding.message}${cite}`
    })
}

async function upload(body: Buffer, name: string): Promise<string[]> {
  try {
    const report: Report = await engine.checkAsync(body, { source: name, today: '2026-01-15' })
    const worst: Severity | undefined = report.findings.map((f) => f.severity).sort().pop()
    return worst === undefined ? [] : toFix(report)
  } catch (caught) {
    const error = caught as CteRulesError
    return [`${error.code}${error.path ? ` at ${error.path}` : ''}: ${error.message}`]
  }
}

async function nightly(ndjson: Buffer): Promise<number> {
  const reports: Report[] = await engine.checkMany(ndjson, { threads: 2, includePassed: false })
  const checked: Report[] = await engine.checkMany([{ kind: 'plan-of-study' }, 'kind: curriculum', ndjson])
  return reports.filter((r) => r.summary.errors > 0).length + checked.length
}

const known: Kind[] = kinds()
const catalogue: RuleInfo[] = rules().concat(engine.rules())
const reportSchema = schema('report')
const sync: Report = engine.check({ kind: 'plan-of-study' })
const summary: number = sync.summary.errors + sync.summary.warnings + sync.summary.infos + sync.summary.passed
const kind: Kind | null = sync.kind
void [known, catalogue, reportSchema, summary, kind, upload, nightly]

// @ts-expect-error severity is a union of three strings, not any string
const wrongSeverity: 'fatal' = sync.findings[0].severity
// @ts-expect-error a report has no `errors` field: counts live in `summary`
const wrongField: number = sync.errors
// @ts-expect-error check() is synchronous: it returns a Report, not a Promise
const notAPromise: Promise<Report> = engine.check('kind: plan-of-study')
// @ts-expect-error options are typed: `includePassed` is a boolean
engine.check({}, { includePassed: 'yes' })
// The nested shape Python takes is typed too.
engine.check({}, { include_passed: true, today: '2026-01-15', limits: { max_bytes: 1024, max_depth: 8 } })
// @ts-expect-error a limit is a number
engine.check({}, { limits: { max_bytes: '1k' } })
// @ts-expect-error schema() takes a known name only
schema('plan')
void [wrongSeverity, wrongField, notAPromise]
