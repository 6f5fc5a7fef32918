//! `plan-of-study`: one learner's plan across secondary and postsecondary years.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::{
    ClusterCode, Credential, Date, FrameworkVersion, PathwayCode, SchoolYear,
    WorkplaceLearningType, ONET_SOC,
};

/// The `kind` tag of a plan of study.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum PlanOfStudyKind {
    #[serde(rename = "plan-of-study")]
    PlanOfStudy,
}

/// One learner's plan of study: courses year by year in a cluster and pathway,
/// advising, assessments, workplace learning and the postsecondary target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Plan of study")]
pub struct PlanOfStudy {
    pub kind: PlanOfStudyKind,
    #[serde(default)]
    pub framework: FrameworkVersion,
    pub learner: Learner,
    /// The learner's Career Cluster.
    pub cluster: ClusterCode,
    /// The learner's Career Pathway (2024: sub-cluster) within that cluster.
    pub pathway: PathwayCode,
    /// School years in order, secondary first: at most 16 (grades 6 to 16,
    /// with room for years repeated).
    #[schemars(length(min = 1, max = 16))]
    pub school_years: Vec<PlannedYear>,
    /// Meetings with an adviser to develop or revise this plan: at most 1000
    /// (weekly meetings through 16 school years fit well within it).
    #[serde(default)]
    #[schemars(length(max = 1000))]
    pub advising_meetings: Vec<AdvisingMeeting>,
    /// The result of the Student Interest Survey (`cte-rules survey score`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interest_survey: Option<SurveyResult>,
    /// Career interest, aptitude and achievement assessment results.
    #[serde(default)]
    pub assessments: Vec<AssessmentResult>,
    /// Input from parents or guardians into the plan (an advising meeting a
    /// parent or guardian attended counts too).
    #[serde(default)]
    pub parent_input: Vec<ParentInput>,
    /// Input from educators into the plan (a held advising meeting counts too).
    #[serde(default)]
    pub educator_input: Vec<EducatorInput>,
    /// Workplace learning experiences, done or planned.
    #[serde(default)]
    pub workplace_learning: Vec<WorkplaceExperience>,
    /// The postsecondary education or training the plan leads to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postsecondary: Option<Postsecondary>,
    /// The employment the plan leads to, beside or instead of postsecondary
    /// education ("post-secondary education, and/or employment").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employment: Option<Employment>,
    /// Credentials earned or targeted.
    #[serde(default)]
    pub credentials: Vec<Credential>,
}

/// Who the plan belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Learner {
    /// A local learner identifier; never a name.
    #[schemars(length(min = 1, max = 64))]
    pub id: String,
    /// Current grade (9-12 secondary, 13-16 postsecondary years).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 6, max = 16))]
    pub grade: Option<i64>,
    /// School or college that keeps the plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub institution: Option<String>,
}

/// The learner's Student Interest Survey result as recorded in the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SurveyResult {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// The top clusters (2008 codes): three, or more when the third place is tied.
    pub top_clusters: Vec<ClusterCode>,
}

/// Secondary or postsecondary education.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum EducationLevel {
    Secondary,
    Postsecondary,
}

/// One school year of the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlannedYear {
    pub year: SchoolYear,
    pub level: EducationLevel,
    /// Whether the year is behind the learner, under way, or still ahead.
    pub status: YearStatus,
    /// Grade in that year (9-12, then 13-16 for postsecondary years).
    #[schemars(range(min = 6, max = 16))]
    pub grade: i64,
    pub courses: Vec<Course>,
}

/// Where a school year stands, as the plan records it. Advising benchmarks
/// apply to every year that has begun by `today` (a school year runs from
/// 1 July to 30 June), whatever this says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum YearStatus {
    Completed,
    Current,
    Planned,
}

/// How a course counts in the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CourseCategory {
    Academic,
    Technical,
    Elective,
}

/// A course in a plan of study.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Course {
    #[schemars(length(min = 1))]
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    pub category: CourseCategory,
    /// The pathway a technical course belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pathway: Option<PathwayCode>,
    #[schemars(range(min = 0, max = 20))]
    pub credits: f64,
    /// Earns postsecondary credit (dual or articulated credit).
    #[serde(default)]
    pub dual_credit: bool,
}

/// Who the learner met to develop or revise the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AdviserRole {
    CareerCounselor,
    TeacherAdvisor,
    FacultyAdvisor,
    Other,
}

/// A scheduled advising meeting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AdvisingMeeting {
    /// When the meeting is or was. It decides the school year the meeting
    /// counts for (1 July to 30 June).
    pub date: Date,
    /// The school year the meeting was planned for; informative only, since
    /// the date decides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub school_year: Option<SchoolYear>,
    pub adviser_role: AdviserRole,
    /// Held already, or scheduled (both count toward the benchmark).
    #[serde(default)]
    pub status: MeetingStatus,
    /// Who else took part, beside the learner and the adviser.
    #[serde(default)]
    pub participants: Vec<MeetingParticipant>,
}

/// Someone who took part in an advising meeting beside the learner and the adviser.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum MeetingParticipant {
    ParentGuardian,
    Mentor,
    Other,
}

/// Whether an advising meeting has taken place.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum MeetingStatus {
    #[default]
    Held,
    Scheduled,
    Cancelled,
}

/// Kinds of assessment a career plan builds on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AssessmentKind {
    Interest,
    Aptitude,
    Achievement,
    CareerExploration,
}

/// The result of a career or interest assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessmentResult {
    #[serde(rename = "type")]
    pub assessment_kind: AssessmentKind,
    #[schemars(length(min = 1))]
    pub name: String,
    pub date: Date,
    /// Clusters the result points to, highest first.
    #[serde(default)]
    pub top_clusters: Vec<ClusterCode>,
}

/// A parent's or guardian's input into the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ParentInput {
    /// When it was given; input dated after `today` is not yet given.
    pub date: Date,
    /// How it was given, e.g. conference, signature, survey.
    #[schemars(length(min = 1))]
    pub method: String,
}

/// Who an educator giving input into the plan is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum EducatorRole {
    Teacher,
    Faculty,
    Counselor,
    Administrator,
}

/// An educator's input into the plan, outside an advising meeting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EducatorInput {
    /// When it was given; input dated after `today` is not yet given.
    pub date: Date,
    pub role: EducatorRole,
    /// How it was given, e.g. recommendation, course review, conference.
    #[schemars(length(min = 1))]
    pub method: String,
}

/// A workplace learning experience.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkplaceExperience {
    #[serde(rename = "type")]
    pub experience_type: WorkplaceLearningType,
    /// Host organisation.
    #[schemars(length(min = 1))]
    pub host: String,
    /// The cluster the experience belongs to.
    pub cluster: ClusterCode,
    pub school_year: SchoolYear,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub hours: Option<f64>,
    /// Done, as opposed to planned.
    #[serde(default)]
    pub completed: bool,
    /// For a virtual visit: the learner is in a remote location. The seeds
    /// allow virtual visits for learners in remote locations.
    #[serde(default)]
    pub remote_location: bool,
}

/// The postsecondary education or training the plan leads to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Postsecondary {
    #[schemars(length(min = 1))]
    pub institution: String,
    #[schemars(length(min = 1))]
    pub program: String,
    pub credential_level: CredentialLevel,
    /// The articulation agreement that carries secondary credit over, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub articulation: Option<PlanArticulation>,
}

/// Level of the postsecondary award aimed at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CredentialLevel {
    Certificate,
    Apprenticeship,
    Associate,
    Bachelor,
    Graduate,
}

/// The employment the plan leads to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Employment {
    /// The occupation aimed at.
    #[schemars(length(min = 1))]
    pub occupation: String,
    /// Its O*NET-SOC code, e.g. `29-1141.00`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = ONET_SOC))]
    pub onet_soc: Option<String>,
    /// The cluster of the occupation.
    pub cluster: ClusterCode,
    /// An employer, when one is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employer: Option<String>,
}

/// How secondary work counts toward the postsecondary program.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanArticulation {
    /// Identifier of the agreement.
    #[schemars(length(min = 1))]
    pub agreement: String,
    #[schemars(range(min = 0))]
    pub credits: f64,
}
