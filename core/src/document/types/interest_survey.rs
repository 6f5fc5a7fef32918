//! `interest-survey`: one learner's Student Interest Survey answers.

use std::borrow::Cow;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};

use super::common::Date;
use crate::framework::{self, Version};

/// The `kind` tag of an interest survey.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum InterestSurveyKind {
    #[serde(rename = "interest-survey")]
    InterestSurvey,
}

/// The survey follows the original 16-cluster framework.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum SurveyFramework {
    #[default]
    #[serde(rename = "2008")]
    V2008,
}

/// The language the survey was taken in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SurveyLanguage {
    #[default]
    En,
    Es,
}

/// One learner's answers: a box per cluster with the items marked in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Student Interest Survey")]
pub struct InterestSurvey {
    pub kind: InterestSurveyKind,
    #[serde(default)]
    pub framework: SurveyFramework,
    pub learner: SurveyLearner,
    #[serde(default)]
    pub language: SurveyLanguage,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// One box per cluster; a cluster without a box scores 0.
    #[schemars(length(min = 1, max = 16))]
    pub boxes: Vec<SurveyBox>,
}

/// Who took the survey.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SurveyLearner {
    #[schemars(length(min = 1, max = 64))]
    pub id: String,
}

/// One box: the items marked in each section, or only the box total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum SurveyBox {
    Items(ItemsBox),
    Count(CountBox),
}

impl SurveyBox {
    /// The cluster the box belongs to.
    #[must_use]
    pub fn cluster(&self) -> &str {
        match self {
            SurveyBox::Items(items) => &items.cluster.0,
            SurveyBox::Count(count) => &count.cluster.0,
        }
    }

    /// The box score: the number of items marked.
    #[must_use]
    pub fn score(&self) -> u32 {
        let len = |items: &[u8]| u32::try_from(items.len()).unwrap_or(u32::MAX);
        match self {
            SurveyBox::Items(b) => {
                len(&b.activities) + len(&b.personal_qualities) + len(&b.school_subjects)
            }
            SurveyBox::Count(b) => u32::from(b.count),
        }
    }
}

/// A box recorded item by item (item numbers within each section).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemsBox {
    pub cluster: SurveyCluster,
    /// Activities marked, numbered 1-7.
    #[serde(default)]
    #[schemars(length(max = 7), inner(range(min = 1, max = 7)))]
    #[schemars(extend("uniqueItems" = true))]
    pub activities: Vec<u8>,
    /// Personal qualities marked, numbered 1-5.
    #[serde(default)]
    #[schemars(length(max = 5), inner(range(min = 1, max = 5)))]
    #[schemars(extend("uniqueItems" = true))]
    pub personal_qualities: Vec<u8>,
    /// School subjects marked, numbered 1-5.
    #[serde(default)]
    #[schemars(length(max = 5), inner(range(min = 1, max = 5)))]
    #[schemars(extend("uniqueItems" = true))]
    pub school_subjects: Vec<u8>,
}

/// A box recorded as a total only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CountBox {
    pub cluster: SurveyCluster,
    /// Items marked in the box; at most 17 can be marked: 7 activities, 5
    /// personal qualities and 5 school subjects.
    #[schemars(range(min = 0, max = 17))]
    pub count: u8,
}

/// A cluster code of the 2008 framework, the one the survey is built on.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SurveyCluster(pub String);

impl JsonSchema for SurveyCluster {
    fn schema_name() -> Cow<'static, str> {
        "SurveyCluster".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let codes: Vec<&str> = framework::framework(Version::V2008)
            .clusters
            .iter()
            .map(|c| c.code.as_str())
            .collect();
        json_schema!({
            "description": "A 2008-framework cluster code: the survey has one box per original cluster.",
            "type": "string",
            "enum": codes,
        })
    }
}
