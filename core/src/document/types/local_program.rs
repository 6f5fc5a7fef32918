//! `local-program`: a district's or college's implementation of a program of study.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::{
    ArticulationAgreement, AssessmentMeasure, Attestation, ClusterCode, ContinuumLevel, Credential,
    FrameworkVersion, Month, PathwayCode, ProfessionalDevelopment, SchoolYear, StaffRole,
    WorkplaceLearningType,
};

/// The `kind` tag of a local program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum LocalProgramKind {
    #[serde(rename = "local-program")]
    LocalProgram,
}

/// A local (district or college) program of study, as the criteria for LOCAL
/// development look at it: team, time, advising, partners, assessment and learners.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Local program")]
pub struct LocalProgram {
    pub kind: LocalProgramKind,
    #[serde(default)]
    pub framework: FrameworkVersion,
    pub program: ProgramIdentity,
    /// The school year the document describes.
    pub school_year: SchoolYear,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub administrative_support: Option<AdministrativeSupport>,
    /// The teaching/faculty team.
    #[serde(default)]
    pub team: Vec<TeamMember>,
    /// Full days of shared team planning, month by month.
    #[serde(default)]
    pub shared_planning: Vec<SharedPlanningMonth>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advising: Option<AdvisingSchedule>,
    #[serde(default)]
    pub professional_development: Vec<ProfessionalDevelopment>,
    #[serde(default)]
    pub industry_partners: Vec<IndustryPartner>,
    /// Levels of the learning continuum whose faculty take part.
    #[serde(default)]
    pub continuum: Vec<ContinuumLevel>,
    #[serde(default)]
    pub articulation_agreements: Vec<ArticulationAgreement>,
    /// Faculty or labs shared with partner institutions.
    #[serde(default)]
    pub shared_faculty_and_labs: bool,
    #[serde(default)]
    pub assessments: Vec<AssessmentMeasure>,
    #[serde(default)]
    pub credentials: Vec<Credential>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workplace_learning: Option<WorkplaceLearningSummary>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_community: Option<ParentCommunity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<Schedule>,
    /// Teaching strategies used in the program.
    #[serde(default)]
    pub teaching_strategies: Vec<TeachingStrategy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub learner_centered: Option<LearnerCentered>,
    /// Ids of the `curriculum` documents the program teaches.
    #[serde(default)]
    pub curriculum_links: Vec<String>,
    /// Enrolment and outcome figures, where the program tracks them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcomes: Option<ProgramOutcomes>,
}

/// What program this is and where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgramIdentity {
    #[schemars(length(min = 1))]
    pub id: String,
    #[schemars(length(min = 1))]
    pub name: String,
    /// District or college.
    #[schemars(length(min = 1))]
    pub institution: String,
    pub level: ProgramLevel,
    pub cluster: ClusterCode,
    #[schemars(length(min = 1))]
    pub pathways: Vec<PathwayCode>,
}

/// Which side of the secondary/postsecondary bridge runs the program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ProgramLevel {
    Secondary,
    Postsecondary,
    Both,
}

/// Local leaders' support for the program.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AdministrativeSupport {
    /// Local education and business/industry leaders are informed of the process.
    pub leaders_informed: Attestation,
    /// Leaders schedule chunks of time for the team to meet.
    pub team_time_scheduled: bool,
    /// Leaders provide professional development opportunities to the team.
    pub professional_development_provided: bool,
    /// Leaders encourage learner participation and community/parent support.
    pub participation_encouraged: bool,
}

/// A member of the teaching/faculty team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamMember {
    #[schemars(length(min = 1))]
    pub name: String,
    pub role: StaffRole,
    /// Subject or trade the member teaches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discipline: Option<String>,
}

/// Shared planning time in one month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SharedPlanningMonth {
    pub month: Month,
    /// Full days the team spent planning together.
    #[schemars(range(min = 0, max = 31))]
    pub full_days: f64,
}

/// The program's advising schedule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AdvisingSchedule {
    /// Scheduled plan-of-study meetings per learner each school year.
    #[schemars(range(min = 0, max = 52))]
    pub meetings_per_learner_per_year: i64,
    /// Who meets the learners.
    #[schemars(length(min = 1))]
    pub adviser_roles: Vec<super::plan_of_study::AdviserRole>,
    /// Plans draw on interest and achievement assessment results.
    #[serde(default)]
    pub uses_assessment_results: bool,
    /// Plans draw on input from parents and educators.
    #[serde(default)]
    pub uses_parent_input: bool,
}

/// What an industry partner does for the program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PartnerRole {
    TeamMember,
    SharedProfessionalDevelopment,
    CurriculumDesign,
    WorkplaceSupervision,
    LearnerAssessment,
    WorkplaceLearningSites,
    Sponsorship,
    Advisory,
}

/// An industry partner of the program.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndustryPartner {
    #[schemars(length(min = 1))]
    pub name: String,
    /// Pathways of the cluster the partner represents.
    #[serde(default)]
    pub pathways: Vec<PathwayCode>,
    #[schemars(length(min = 1))]
    pub roles: Vec<PartnerRole>,
}

/// Workplace learning across the program's learners.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkplaceLearningSummary {
    #[schemars(range(min = 0))]
    pub learners_enrolled: i64,
    /// Learners with at least one experience consistent with their career plan.
    #[schemars(range(min = 0))]
    pub learners_participating: i64,
    #[serde(default)]
    pub experience_types: Vec<WorkplaceLearningType>,
    /// Experiences relate directly to classroom instruction.
    #[serde(default)]
    pub related_to_instruction: bool,
}

/// Parent and community involvement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ParentCommunity {
    /// Parents/guardians are informed of the program content.
    pub parents_informed: Attestation,
    /// Parents take part in career decision-making.
    #[serde(default)]
    pub parents_in_decisions: bool,
    /// Community groups sponsoring or publicising the program.
    #[serde(default)]
    pub community_sponsors: Vec<String>,
    /// Community groups help find workplace learning sites and partners.
    #[serde(default)]
    pub community_finds_sites: bool,
}

/// How the program schedules time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    /// Interdisciplinary team-managed blocks of time for projects and labs.
    pub flexible_blocks: bool,
    /// Who designs the schedule.
    pub designed_by_team: bool,
    pub cadence: ScheduleCadence,
}

/// How often the team re-plans the schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ScheduleCadence {
    Weekly,
    Monthly,
    Term,
    Fixed,
}

/// Teaching strategies named by the criteria.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum TeachingStrategy {
    ThematicInstruction,
    Projects,
    RolePlay,
    Demonstrations,
    PanelDiscussions,
    Debates,
    TeamBuilding,
    ComplexThinking,
    ProblemSolving,
    Leadership,
    WorkplaceLearning,
}

/// How far learners shape their own coursework.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LearnerCentered {
    pub learners_select_topics: bool,
    pub learners_do_research: bool,
    pub learners_present_work: bool,
}

/// Figures that show the goals for learners being met.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgramOutcomes {
    #[schemars(range(min = 0))]
    pub completers: i64,
    /// Completers who met the technical standards (e.g. passed the credential exam).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub technical_standards_met: Option<i64>,
    /// Completers placed in postsecondary education, training or employment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub placed: Option<i64>,
}
