//! `local-program`: a district's or college's implementation of a program of study.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::{
    Applicability, ArticulationAgreement, AssessmentMeasure, Attestation, ClusterCode,
    ContinuumLevel, Credential, Date, FrameworkVersion, Month, PathwayCode,
    ProfessionalDevelopment, SchoolYear, SharedResources, StaffRole, WorkplaceLearningType,
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
    /// The months the school year's benchmarks cover; September to May of
    /// `school_year` when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub school_calendar: Option<SchoolCalendar>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub administrative_support: Option<AdministrativeSupport>,
    /// The teaching/faculty team.
    #[serde(default)]
    pub team: Vec<TeamMember>,
    /// Shared team planning time, month by month: full and partial days.
    #[serde(default)]
    pub shared_planning: Vec<SharedPlanningMonth>,
    /// Shared team planning time, session by session (date and length); a
    /// month may be recorded either way.
    #[serde(default)]
    pub shared_planning_sessions: Vec<PlanningSession>,
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
    /// Faculty and labs shared with partner institutions.
    #[serde(default)]
    pub shared_resources: SharedResources,
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
    /// Benchmarks the seeds state conditionally, recorded as (not) applying
    /// here with the reason.
    #[serde(default)]
    pub applicability: LocalApplicability,
}

/// The months a local program's school year covers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SchoolCalendar {
    pub first_month: Month,
    pub last_month: Month,
}

/// Conditional benchmarks of the criteria for LOCAL development and whether
/// they apply to this program.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LocalApplicability {
    /// Shared faculty ("when appropriate").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shared_faculty: Option<Applicability>,
    /// Shared labs ("when appropriate").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shared_labs: Option<Applicability>,
    /// Learner-centered learning as a teaching strategy ("when practical").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub learner_centered: Option<Applicability>,
    /// Parents assisting in the classroom ("as needed").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parents_assist_in_classroom: Option<Applicability>,
    /// Pathways of the cluster for which no industry partner is available
    /// ("as available").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub industry_partners: Option<PartnerAvailability>,
}

/// Pathways without an available industry partner, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PartnerAvailability {
    #[schemars(length(min = 1))]
    pub unavailable_pathways: Vec<PathwayCode>,
    #[schemars(length(min = 1))]
    pub reason: String,
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
    /// Local education leaders are informed of the Career Clusters process.
    pub education_leaders_informed: Attestation,
    /// Local business/industry leaders are informed of the Career Clusters process.
    pub industry_leaders_informed: Attestation,
    /// Leaders schedule chunks of time for the team to meet.
    pub team_time_scheduled: bool,
    /// Leaders provide professional development opportunities to the team.
    pub professional_development_provided: bool,
    /// Leaders encourage learner participation in the cluster.
    pub learner_participation_encouraged: bool,
    /// Leaders encourage community and parent support for the cluster.
    pub community_support_encouraged: bool,
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
    /// Whole days the team spent planning together. Part-days are counted
    /// apart: two half-days are not a full day.
    #[schemars(range(min = 0, max = 31))]
    pub full_days: i64,
    /// Part-days the team spent planning together.
    #[serde(default)]
    #[schemars(range(min = 0, max = 62))]
    pub partial_days: i64,
}

/// One shared planning session of the team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanningSession {
    pub date: Date,
    /// Hours the team spent planning together that day; a full day is at
    /// least 6 hours.
    #[schemars(range(min = 0, max = 24))]
    pub hours: f64,
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
    /// What learners' career plans are built on.
    #[serde(default)]
    pub plans_draw_on: Vec<PlanFoundation>,
}

/// What a learner's career plan is built on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PlanFoundation {
    InterestAssessment,
    AchievementAssessment,
    ParentInput,
    EducatorInput,
    CareerExploration,
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
    /// Parents assist in the classroom as needed.
    #[serde(default)]
    pub parents_assist_in_classroom: bool,
    /// Parents support the program in various settings.
    #[serde(default)]
    pub parents_support_program: bool,
    /// Community groups and the support each gives.
    #[serde(default)]
    pub community_groups: Vec<CommunityGroup>,
}

/// A community group supporting the program.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommunityGroup {
    #[schemars(length(min = 1))]
    pub name: String,
    #[schemars(length(min = 1))]
    pub supports: Vec<CommunitySupport>,
}

/// What a community group does for the program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CommunitySupport {
    Sponsorship,
    Publicity,
    WorkplaceLearningSites,
    IndustryPartnerships,
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
