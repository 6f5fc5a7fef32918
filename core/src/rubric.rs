//! Reconciling a self-assessment with the evidence: each rated seed item is
//! compared with what the national rules citing that item find in the program's
//! own document (`state-system` for the state rubric, `local-program` for the
//! local one).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::coverage;
use crate::document::types::self_assessment::{Rating, RubricLevel, SelfAssessment};
use crate::engine::{CheckOptions, Engine};
use crate::error::{Error, ErrorCode, Result};
use crate::kind::Kind;
use crate::report::Status;

/// How a rating compares with the evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Agreement {
    /// The rating is consistent with the rules' findings.
    Agrees,
    /// Rated Excellent while rules for the item fail.
    OverRated,
    /// Rated No Progress while every rule for the item passes.
    UnderRated,
    /// The item is on the rubric but was not rated.
    NotRated,
    /// No rule for the item applies to the evidence document, so the rating
    /// cannot be checked against it.
    NoEvidence,
}

/// One item of the reconciliation.
#[derive(Debug, Clone, Serialize)]
pub struct ItemReconciliation {
    pub item: String,
    pub name: String,
    pub rating: Option<Rating>,
    pub agreement: Agreement,
    /// Rules citing the item that ran on the evidence and failed / passed.
    pub failed_rules: Vec<String>,
    pub passed_rules: Vec<String>,
}

/// Totals: ratings per level and how often the ratings agree with the evidence.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ReconciliationSummary {
    pub excellent: usize,
    pub in_progress: usize,
    pub no_progress: usize,
    pub not_rated: usize,
    pub over_rated: usize,
    pub under_rated: usize,
    pub no_evidence: usize,
    /// Agreeing items over rated items that the evidence can check; `None` when
    /// there are none.
    pub agreement_rate: Option<f64>,
}

/// The whole reconciliation.
#[derive(Debug, Clone, Serialize)]
pub struct Reconciliation {
    pub level: RubricLevel,
    pub subject: String,
    pub evidence_kind: String,
    pub items: Vec<ItemReconciliation>,
    pub summary: ReconciliationSummary,
}

fn invalid(what: &str, errors: Vec<String>) -> Error {
    Error::new(
        ErrorCode::Input,
        format!("the {what} is not valid: {}", errors.join("; ")),
    )
}

/// Reconciles `self_assessment` (a `self-assessment` document) with `evidence`
/// (a `state-system` document for a state rubric, `local-program` for a local one).
/// Invalid `options` (e.g. a `today` that is no date) are an `E_OPTIONS` error.
pub fn reconcile(
    engine: &Engine,
    self_assessment: &Value,
    evidence: &Value,
    options: &CheckOptions,
) -> Result<Reconciliation> {
    options.validate()?;
    let errors: Vec<String> = crate::document::schemas::document_validator(Kind::SelfAssessment)
        .iter_errors(self_assessment)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    if !errors.is_empty() {
        return Err(invalid("self-assessment", errors));
    }
    let ratings = SelfAssessment::deserialize(self_assessment)
        .map_err(|e| invalid("self-assessment", vec![e.to_string()]))?;
    let (prefix, expected_kind) = match ratings.level {
        RubricLevel::State => ("state-cc-", Kind::StateSystem),
        RubricLevel::Local => ("local-", Kind::LocalProgram),
    };
    let report = engine.check_value(
        "evidence",
        evidence,
        &CheckOptions {
            include_passed: true,
            ..options.clone()
        },
    );
    if report.kind.as_deref() != Some(expected_kind.as_str()) || !report.valid {
        let found = report
            .kind
            .clone()
            .unwrap_or_else(|| "an unknown kind".to_owned());
        let problems: Vec<String> = report
            .findings
            .iter()
            .filter(|f| f.status == Status::Fail && (f.rule == "schema" || f.rule == "parse"))
            .map(|f| format!("{}: {}", f.path.as_deref().unwrap_or(""), f.message))
            .collect();
        return Err(Error::new(
            ErrorCode::Input,
            format!(
                "a {} self-assessment is reconciled with a valid `{expected_kind}` document; got {found}{}{}",
                match ratings.level {
                    RubricLevel::State => "state",
                    RubricLevel::Local => "local",
                },
                if problems.is_empty() { "" } else { ": " },
                problems.join("; ")
            ),
        ));
    }
    let table = coverage::coverage(engine)?;
    let mut items = Vec::new();
    let mut summary = ReconciliationSummary::default();
    for row in table
        .items
        .iter()
        .filter(|row| row.item.id.starts_with(prefix))
    {
        let rating = ratings
            .ratings
            .iter()
            .find(|r| r.item == row.item.id)
            .map(|r| r.rating);
        let outcome = |status: Status| -> Vec<String> {
            row.rules
                .iter()
                .filter(|id| {
                    report
                        .findings
                        .iter()
                        .any(|f| &f.rule == *id && f.status == status)
                })
                .cloned()
                .collect()
        };
        let failed_rules = outcome(Status::Fail);
        let passed_rules = outcome(Status::Pass);
        let checked = !failed_rules.is_empty() || !passed_rules.is_empty();
        let agreement = match rating {
            None => Agreement::NotRated,
            Some(_) if !checked => Agreement::NoEvidence,
            Some(Rating::Excellent) if !failed_rules.is_empty() => Agreement::OverRated,
            Some(Rating::NoProgress) if failed_rules.is_empty() => Agreement::UnderRated,
            Some(_) => Agreement::Agrees,
        };
        match rating {
            Some(Rating::Excellent) => summary.excellent += 1,
            Some(Rating::InProgress) => summary.in_progress += 1,
            Some(Rating::NoProgress) => summary.no_progress += 1,
            None => summary.not_rated += 1,
        }
        match agreement {
            Agreement::OverRated => summary.over_rated += 1,
            Agreement::UnderRated => summary.under_rated += 1,
            Agreement::NoEvidence => summary.no_evidence += 1,
            Agreement::Agrees | Agreement::NotRated => {}
        }
        items.push(ItemReconciliation {
            item: row.item.id.clone(),
            name: row.item.item.clone(),
            rating,
            agreement,
            failed_rules,
            passed_rules,
        });
    }
    for rated in &ratings.ratings {
        if !items.iter().any(|i| i.item == rated.item) {
            return Err(Error::new(
                ErrorCode::Input,
                format!("rated item `{}` is not on the {prefix}* rubric", rated.item),
            ));
        }
    }
    let checkable = items
        .iter()
        .filter(|i| i.rating.is_some() && i.agreement != Agreement::NoEvidence)
        .count();
    let agreeing = items
        .iter()
        .filter(|i| i.agreement == Agreement::Agrees)
        .count();
    #[allow(clippy::cast_precision_loss)] // counts are at most a few dozen
    let rate = (checkable > 0).then(|| agreeing as f64 / checkable as f64);
    summary.agreement_rate = rate;
    Ok(Reconciliation {
        level: ratings.level,
        subject: ratings.subject,
        evidence_kind: expected_kind.as_str().to_owned(),
        items,
        summary,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_impossible_today_is_an_options_error() {
        let engine = crate::ffi::engine_from_sources(&[], true).unwrap();
        let options = CheckOptions {
            today: Some("2025-02-29".to_owned()),
            ..CheckOptions::default()
        };
        // Options are judged before the documents, which are empty here.
        let error = reconcile(&engine, &Value::Null, &Value::Null, &options).unwrap_err();
        assert_eq!(error.code(), ErrorCode::Options, "{error}");
        assert_eq!(error.path(), Some("/today"));
    }
}
