// A typed use of the issue-7 API, compiled by `tsc --noEmit` in the tests: an
// advising page that scores a learner's interest survey, a district dashboard
// that reconciles its self-assessment, and a framework picker. The
// `@ts-expect-error` lines fail the compile if a type degrades to `any`.
import { Engine, crosswalk, framework, scoreSurvey } from '../..'
import type {
  Agreement,
  ClusterScore,
  Crosswalk,
  CrosswalkEntry,
  CteRulesError,
  FrameworkCluster,
  FrameworkListing,
  FrameworkVersion,
  ItemReconciliation,
  Rating,
  Reconciliation,
  ReconciliationSummary,
  SurveyLanguage,
  SurveyScore,
} from '../..'

function interests(upload: Buffer, lang?: SurveyLanguage): string {
  try {
    const result: SurveyScore = scoreSurvey(upload, lang === undefined ? {} : { lang })
    const line = (score: ClusterScore): string => `${score.rank}. ${score.name} (${score.score})`
    const tie = result.ties.length > 0 ? ` (tied: ${result.ties.join(', ')})` : ''
    return result.scores.filter((s) => result.top.includes(s.cluster)).map(line).join('\n') + tie
  } catch (caught) {
    const error = caught as CteRulesError
    return `${error.code}${error.path === undefined ? '' : ` at ${error.path}`}: ${error.message}`
  }
}

const engine = new Engine()

function dashboard(selfAssessment: string, evidence: Buffer): string[] {
  const result: Reconciliation = engine.reconcile(selfAssessment, evidence, { today: '2025-11-23' })
  const flagged: Agreement[] = ['over-rated', 'under-rated', 'not-rated']
  const summary: ReconciliationSummary = result.summary
  const rate: string = summary.agreement_rate === null ? 'n/a' : `${Math.round(summary.agreement_rate * 100)}%`
  return result.items
    .filter((item: ItemReconciliation) => flagged.includes(item.agreement))
    .map((item) => {
      const rating: Rating | 'unrated' = item.rating ?? 'unrated'
      return `${result.subject} ${item.item} ${item.name}: ${rating}, ${item.agreement} (${rate} agree)`
    })
}

function picker(version: FrameworkVersion): string[] {
  const listing: FrameworkListing = framework(version)
  const cluster = (c: FrameworkCluster): string =>
    `${c.code} ${c.name}${c.cross_cutting ? ' (cross-cutting)' : ''}: ${c.pathways.map((p) => (p.evidence === null ? p.name : `${p.name} [${p.evidence}]`)).join(', ')}`
  return listing.clusters.map(cluster).concat(listing.unverified)
}

function successors(code: string): string[] {
  const map: Crosswalk = crosswalk(code)
  const whole: CrosswalkEntry[] = crosswalk().map
  return map.map.flatMap((row) => row.to.map((to) => `${row.from} -> ${to.code} (${row.basis})`)).concat(`${whole.length}`)
}

const original: FrameworkListing = framework()
void [interests, dashboard, picker, successors, original]

// @ts-expect-error lang is 'en' or 'es'
scoreSurvey('kind: interest-survey', { lang: 'fr' })
// @ts-expect-error a score is a number
const wrongScore: string = scoreSurvey({}).scores[0].score
// @ts-expect-error an agreement is one of five strings
const wrongAgreement: 'disagrees' = engine.reconcile({}, {}).items[0].agreement
// @ts-expect-error Agreement is a union of five strings, not any string
const notAnAgreement: Agreement = 'disagrees'
// @ts-expect-error reconcile() takes `today` only
engine.reconcile({}, {}, { includePassed: true })
// @ts-expect-error the rate may be null
const rateIsNumber: number = engine.reconcile({}, {}).summary.agreement_rate
// @ts-expect-error framework versions are '2008' and '2024' as strings
framework(2024)
// @ts-expect-error crosswalk().unverified is one sentence, not a list
const caveats: string[] = crosswalk().unverified
void [wrongScore, wrongAgreement, notAnAgreement, rateIsNumber, caveats]
