//! The kinds of document the engine checks.

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorCode};

/// A document kind: the value of a document's top-level `kind` field.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// One learner's plan of study.
    PlanOfStudy,
    /// A district or college program-of-study implementation.
    LocalProgram,
    /// A state's (system's) Career Clusters implementation.
    StateSystem,
    /// A course or course sequence in a pathway.
    Curriculum,
    /// One learner's Student Interest Survey answers.
    InterestSurvey,
    /// A state's or district's implementation self-assessment (rubric ratings).
    SelfAssessment,
}

impl Kind {
    /// Every kind, in the order documentation lists them.
    pub const ALL: [Kind; 6] = [
        Kind::PlanOfStudy,
        Kind::LocalProgram,
        Kind::StateSystem,
        Kind::Curriculum,
        Kind::InterestSurvey,
        Kind::SelfAssessment,
    ];

    /// The name used in documents, schemas and rule packs, e.g. `plan-of-study`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::PlanOfStudy => "plan-of-study",
            Kind::LocalProgram => "local-program",
            Kind::StateSystem => "state-system",
            Kind::Curriculum => "curriculum",
            Kind::InterestSurvey => "interest-survey",
            Kind::SelfAssessment => "self-assessment",
        }
    }

    /// Position in [`Kind::ALL`], for per-kind tables.
    #[must_use]
    pub(crate) fn index(self) -> usize {
        match self {
            Kind::PlanOfStudy => 0,
            Kind::LocalProgram => 1,
            Kind::StateSystem => 2,
            Kind::Curriculum => 3,
            Kind::InterestSurvey => 4,
            Kind::SelfAssessment => 5,
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Kind {
    type Err = Error;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Kind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == name)
            .ok_or_else(|| {
                let known: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
                Error::new(
                    ErrorCode::UnknownKind,
                    format!(
                        "unknown document kind `{name}`; expected one of {}",
                        known.join(", ")
                    ),
                )
            })
    }
}
