//! Student Interest Survey scoring: a box's score is the number of items marked;
//! the three highest boxes are the learner's clusters of interest. Ties at the
//! cut-off are reported, never broken (no tie-break rule is known).

use std::collections::BTreeSet;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::document::types::interest_survey::{InterestSurvey, SurveyLanguage};
use crate::error::{Error, ErrorCode, Result};
use crate::framework::{self, Version};
use crate::kind::Kind;

#[derive(Debug, Deserialize)]
struct SurveyFacts {
    top: usize,
    unverified: Vec<String>,
    names_es: std::collections::BTreeMap<String, String>,
}

static FACTS: LazyLock<Result<SurveyFacts>> = LazyLock::new(|| {
    serde_json::from_str(include_str!("../data/framework/interest-survey.json")).map_err(|e| {
        Error::new(
            ErrorCode::Internal,
            format!("survey facts are invalid: {e}"),
        )
    })
});

fn facts() -> Result<&'static SurveyFacts> {
    FACTS.as_ref().map_err(Clone::clone)
}

/// Report language for cluster names.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Es,
}

impl From<SurveyLanguage> for Lang {
    fn from(language: SurveyLanguage) -> Self {
        match language {
            SurveyLanguage::En => Lang::En,
            SurveyLanguage::Es => Lang::Es,
        }
    }
}

/// Parses a caller's `lang` (`en` or `es`, exactly), so that the bindings reject
/// the same values with the same `E_OPTIONS` error.
impl std::str::FromStr for Lang {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self> {
        match text {
            "en" => Ok(Lang::En),
            "es" => Ok(Lang::Es),
            other => Err(Error::new(
                ErrorCode::Options,
                format!("`lang` is `{other}`; expected `en` or `es`"),
            )),
        }
    }
}

/// One cluster's score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClusterScore {
    pub cluster: String,
    pub name: String,
    pub score: u32,
    /// Competition rank: tied clusters share a rank (1, 2, 2, 4...).
    pub rank: usize,
}

/// The scored survey.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SurveyScore {
    pub learner: String,
    pub language: SurveyLanguage,
    /// All 16 clusters, highest score first (framework order within a tie).
    pub scores: Vec<ClusterScore>,
    /// The clusters of interest: ranks 1-3, or more when the third place is tied.
    /// Empty when no item was marked at all.
    pub top: Vec<String>,
    /// The clusters tied at the cut-off that made `top` longer than three.
    pub ties: Vec<String>,
    /// What the survey facts could not verify, so reports can say so.
    pub unverified: Vec<String>,
}

/// Scores an `interest-survey` document (already parsed). A document that does
/// not match the schema is an `E_INPUT` error naming each violation's path.
///
/// `lang` names the clusters; `None` means the survey's own `language` (English
/// when the document has none). Every face passes its caller's choice straight
/// through, so that the fallback is decided here once.
pub fn score_survey(document: &Value, lang: Option<Lang>) -> Result<SurveyScore> {
    let violations: Vec<String> =
        crate::document::schemas::document_validator(Kind::InterestSurvey)
            .iter_errors(document)
            .map(|error| format!("{}: {error}", error.instance_path()))
            .collect();
    if let Some(first) = violations.first() {
        let path = first.split(':').next().unwrap_or_default().to_owned();
        return Err(Error::new(
            ErrorCode::Input,
            format!(
                "not a valid interest-survey document: {}",
                violations.join("; ")
            ),
        )
        .with_path(path));
    }
    let survey = InterestSurvey::deserialize(document).map_err(|e| {
        Error::new(
            ErrorCode::Input,
            format!("not a valid interest-survey document: {e}"),
        )
    })?;
    score(&survey, lang.unwrap_or_else(|| survey.language.into()))
}

/// Scores a typed survey.
pub fn score(survey: &InterestSurvey, lang: Lang) -> Result<SurveyScore> {
    let facts = facts()?;
    let clusters = &framework::framework(Version::V2008).clusters;
    let mut seen = BTreeSet::new();
    for (index, survey_box) in survey.boxes.iter().enumerate() {
        if !seen.insert(survey_box.cluster()) {
            return Err(Error::new(
                ErrorCode::Input,
                format!(
                    "cluster `{}` has two boxes; each cluster has one",
                    survey_box.cluster()
                ),
            )
            .with_path(format!("/boxes/{index}/cluster")));
        }
    }
    let mut scores: Vec<ClusterScore> = clusters
        .iter()
        .map(|cluster| {
            let score = survey
                .boxes
                .iter()
                .find(|b| b.cluster() == cluster.code)
                .map_or(0, |b| b.score());
            let name = match lang {
                Lang::En => cluster.name.clone(),
                Lang::Es => facts
                    .names_es
                    .get(&cluster.code)
                    .cloned()
                    .unwrap_or_else(|| cluster.name.clone()),
            };
            ClusterScore {
                cluster: cluster.code.clone(),
                name,
                score,
                rank: 0,
            }
        })
        .collect();
    // Stable sort keeps framework order among equal scores.
    scores.sort_by_key(|s| std::cmp::Reverse(s.score));
    for i in 0..scores.len() {
        scores[i].rank = if i > 0 && scores[i].score == scores[i - 1].score {
            scores[i - 1].rank
        } else {
            i + 1
        };
    }
    let top: Vec<String> = scores
        .iter()
        .filter(|s| s.score > 0 && s.rank <= facts.top)
        .map(|s| s.cluster.clone())
        .collect();
    let ties = if top.len() > facts.top {
        let cut = scores
            .iter()
            .filter(|s| top.contains(&s.cluster))
            .map(|s| s.score)
            .min();
        scores
            .iter()
            .filter(|s| Some(s.score) == cut)
            .map(|s| s.cluster.clone())
            .collect()
    } else {
        Vec::new()
    };
    Ok(SurveyScore {
        learner: survey.learner.id.clone(),
        language: survey.language,
        scores,
        top,
        ties,
        unverified: facts.unverified.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn scored(boxes: Value) -> SurveyScore {
        let document = json!({"kind": "interest-survey", "learner": {"id": "L1"}, "boxes": boxes});
        score_survey(&document, Some(Lang::En)).unwrap()
    }

    #[test]
    fn hand_computed_totals_and_top_three() {
        // AG: 3 + 2 + 1 = 6; HL: 7 + 5 + 5 = 17; IT: count 9; ST: 2 + 0 + 2 = 4.
        let result = scored(json!([
            {"cluster": "AG", "activities": [1, 4, 7], "personal_qualities": [2, 3], "school_subjects": [5]},
            {"cluster": "HL", "activities": [1, 2, 3, 4, 5, 6, 7], "personal_qualities": [1, 2, 3, 4, 5], "school_subjects": [1, 2, 3, 4, 5]},
            {"cluster": "IT", "count": 9},
            {"cluster": "ST", "activities": [2, 6], "school_subjects": [1, 3]}
        ]));
        let firsts: Vec<(&str, u32, usize)> = result
            .scores
            .iter()
            .take(5)
            .map(|s| (s.cluster.as_str(), s.score, s.rank))
            .collect();
        assert_eq!(
            firsts,
            [
                ("HL", 17, 1),
                ("IT", 9, 2),
                ("AG", 6, 3),
                ("ST", 4, 4),
                ("AC", 0, 5)
            ]
        );
        assert_eq!(result.top, ["HL", "IT", "AG"]);
        assert!(result.ties.is_empty());
        assert_eq!(result.scores.len(), 16);
    }

    #[test]
    fn a_three_way_tie_for_third_place_keeps_every_tied_cluster() {
        let result = scored(json!([
            {"cluster": "MN", "count": 12},
            {"cluster": "AC", "count": 10},
            {"cluster": "IT", "count": 5},
            {"cluster": "ST", "count": 5},
            {"cluster": "TD", "count": 5},
            {"cluster": "AG", "count": 1}
        ]));
        assert_eq!(result.top, ["MN", "AC", "IT", "ST", "TD"]);
        assert_eq!(result.ties, ["IT", "ST", "TD"]);
        let ranks: Vec<usize> = result.scores.iter().take(6).map(|s| s.rank).collect();
        assert_eq!(ranks, [1, 2, 3, 3, 3, 6]);
    }

    #[test]
    fn an_all_zero_survey_has_no_top_clusters() {
        let result =
            scored(json!([{"cluster": "AG", "activities": []}, {"cluster": "HL", "count": 0}]));
        assert!(result.top.is_empty());
        assert!(result.ties.is_empty());
        assert!(result.scores.iter().all(|s| s.score == 0 && s.rank == 1));
    }

    #[test]
    fn spanish_names_and_impossible_input() {
        let document = json!({"kind": "interest-survey", "learner": {"id": "L1"}, "language": "es",
            "boxes": [{"cluster": "HL", "count": 3}]});
        let result = score_survey(&document, Some(Lang::Es)).unwrap();
        assert_eq!(result.scores[0].name, "Ciencias de la salud");
        for bad in [
            json!([{"cluster": "HL", "activities": [8]}]),
            json!([{"cluster": "HL", "personal_qualities": [1, 1]}]),
            json!([{"cluster": "HL", "count": 18}]),
            json!([{"cluster": "HHS", "count": 1}]),
        ] {
            let document =
                json!({"kind": "interest-survey", "learner": {"id": "L1"}, "boxes": bad});
            let error = score_survey(&document, Some(Lang::En)).unwrap_err();
            assert_eq!(error.code(), ErrorCode::Input, "{bad}");
            assert!(
                error.path().is_some_and(|p| p.starts_with("/boxes/0")),
                "{error}"
            );
        }
        let twice = json!({"kind": "interest-survey", "learner": {"id": "L1"},
            "boxes": [{"cluster": "HL", "count": 1}, {"cluster": "HL", "count": 2}]});
        let error = score_survey(&twice, Some(Lang::En)).unwrap_err();
        assert_eq!(error.path(), Some("/boxes/1/cluster"));
    }

    #[test]
    fn without_a_lang_the_survey_language_names_the_clusters() {
        let spanish = json!({"kind": "interest-survey", "learner": {"id": "L1"}, "language": "es",
            "boxes": [{"cluster": "HL", "count": 3}]});
        let own = score_survey(&spanish, None).unwrap();
        assert_eq!(own.scores[0].name, "Ciencias de la salud");
        assert_eq!(own, score_survey(&spanish, Some(Lang::Es)).unwrap());
        let english = score_survey(&spanish, Some(Lang::En)).unwrap();
        assert_eq!(english.scores[0].name, "Health Science");
        assert_eq!(
            english.language,
            SurveyLanguage::Es,
            "lang renames, never relabels"
        );
        // No `language` at all: English.
        let unmarked = json!({"kind": "interest-survey", "learner": {"id": "L1"},
            "boxes": [{"cluster": "HL", "count": 3}]});
        assert_eq!(
            score_survey(&unmarked, None).unwrap().scores[0].name,
            "Health Science"
        );
    }

    #[test]
    fn lang_parses_exactly_en_or_es() {
        assert_eq!("en".parse::<Lang>().unwrap(), Lang::En);
        assert_eq!("es".parse::<Lang>().unwrap(), Lang::Es);
        for bad in ["ES", "fr", "", " es"] {
            let error = bad.parse::<Lang>().unwrap_err();
            assert_eq!(error.code(), ErrorCode::Options, "{bad:?}");
            assert!(error.message().contains("`en` or `es`"), "{error}");
        }
    }
}
