//! `self-assessment`: a state's or district's ratings of its own implementation,
//! one per critical component / criterion, on the rubrics' three levels.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::{Date, FrameworkVersion};

/// The `kind` tag of a self-assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum SelfAssessmentKind {
    #[serde(rename = "self-assessment")]
    SelfAssessment,
}

/// Which rubric form: the state one rates the state critical components
/// (`state-cc-*` items), the local one the local criteria (`local-*` items).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RubricLevel {
    State,
    Local,
}

/// The rubrics' three rating levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Rating {
    /// Level 3: could provide leadership for others on this component.
    Excellent,
    /// Level 2: good progress, still a way to go.
    InProgress,
    /// Level 1: just getting started.
    NoProgress,
}

/// A self-assessment with the rubric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Implementation self-assessment")]
pub struct SelfAssessment {
    pub kind: SelfAssessmentKind,
    #[serde(default)]
    pub framework: FrameworkVersion,
    pub level: RubricLevel,
    /// The state or the local program rated.
    #[schemars(length(min = 1))]
    pub subject: String,
    pub date: Date,
    /// Who rated (names or roles).
    #[schemars(length(min = 1))]
    pub rated_by: Vec<String>,
    #[schemars(length(min = 1))]
    pub ratings: Vec<ItemRating>,
}

/// The rating of one seed item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemRating {
    /// A seed item id of the coverage index, e.g. `state-cc-03` or `local-02`
    /// (`cte-rules rules coverage --format json` lists them).
    #[schemars(regex(pattern = r"^(state-cc|local)-[0-9]{2}$"))]
    pub item: String,
    pub rating: Rating,
    /// References to the evidence behind the rating.
    #[serde(default)]
    pub evidence: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}
