//! One document through the engine: kind, schema, normalisation, rules.

use std::borrow::Cow;
use std::cell::OnceCell;

use cel::common::types::{CelBool, CelInt, CelString};
use cel::common::value::{CowVal, Val};
use cel::context::VariableResolver;
use cel::{Context, Value as CelValue};
use jsonschema::error::ValidationErrorKind;
use serde_json::Value;

use super::compile::{CompiledRule, Expression, Part};
use super::direct;
use super::pointer::{self, Key, Walk};
use super::{budget, values, CheckOptions, Engine, Run};
use crate::document::schema::{tree_validator, TreeNode};
use crate::document::{self, ParseFailure, Shape, Tree};
use crate::framework;
use crate::kind::Kind;
use crate::report::{
    Finding, Report, Severity, Status, Summary, BUDGET_ERROR_CODE, EVAL_ERROR_CODE, PARSE_RULE,
    SCHEMA_RULE,
};
use crate::text;
use crate::today::Today;

/// Variables shared by every rule of one document: `framework` and `today`.
struct Globals<'a> {
    framework: &'a (dyn Val + 'static),
    /// Unset when the caller's `today` is no date: rules reading it fail.
    today: Option<CelString<'a>>,
}

impl VariableResolver for Globals<'_> {
    fn resolve<'b>(&'b self, variable: &str) -> Option<CowVal<'b, 'b>> {
        match variable {
            "framework" => Some(CowVal::Borrowed(self.framework)),
            "today" => self
                .today
                .as_ref()
                .map(|today| CowVal::Borrowed(today as &dyn Val)),
            _ => None,
        }
    }
}

/// The report of a document that could not be read at all.
///
/// The parsers' messages may quote the document (YAML names a repeated key),
/// so the message is cut to a bound well above the longest they word.
pub(super) fn parse_failure_report(source: &str, failure: ParseFailure) -> Report {
    const MAX_PARSE_MESSAGE_CHARS: usize = 240;
    let message = match text::truncate_chars(&failure.message, MAX_PARSE_MESSAGE_CHARS) {
        Cow::Borrowed(_) => failure.message,
        Cow::Owned(cut) => cut,
    };
    let finding = Finding {
        rule: PARSE_RULE.to_owned(),
        severity: Severity::Error,
        status: Status::Fail,
        message,
        path: None,
        line: failure.line,
        column: failure.column,
        citation: None,
        remediation: Some(
            "save the document as UTF-8 JSON or YAML within the size limits".to_owned(),
        ),
        code: None,
    };
    finish(source, None, false, vec![finding], Summary::default())
}

fn finish(
    source: &str,
    kind: Option<Kind>,
    valid: bool,
    findings: Vec<Finding>,
    mut summary: Summary,
) -> Report {
    for finding in &findings {
        if finding.status != Status::Pass {
            summary.count(finding);
        }
    }
    Report {
        source: source.to_owned(),
        kind: kind.map(|k| k.as_str().to_owned()),
        valid,
        findings,
        summary,
    }
}

/// A schema finding. Its message echoes document values cut to
/// [`text::MAX_ECHO_CHARS`] where it names them; the whole is also cut, at a
/// bound no worded message reaches, so that nothing unforeseen (a type's
/// error quoting a value) can carry a document into a report.
fn schema_finding(path: &str, message: String, kind: Option<Kind>) -> Finding {
    const MAX_SCHEMA_MESSAGE_CHARS: usize = 1000;
    let message = match text::truncate_chars(&message, MAX_SCHEMA_MESSAGE_CHARS) {
        Cow::Borrowed(_) => message,
        Cow::Owned(cut) => cut,
    };
    let remediation = match kind {
        Some(kind) => format!("make the value match schemas/{kind}.schema.json"),
        None => "give the document a top-level `kind` naming a known document kind".to_owned(),
    };
    Finding {
        rule: SCHEMA_RULE.to_owned(),
        severity: Severity::Error,
        status: Status::Fail,
        message,
        path: Some(path.to_owned()),
        line: None,
        column: None,
        citation: None,
        remediation: Some(remediation),
        code: None,
    }
}

/// Reads the `kind` field, or explains why it cannot.
fn kind_of(document: &Value) -> Result<Kind, Box<Finding>> {
    let known = || {
        Kind::ALL
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let Value::Object(map) = document else {
        return Err(Box::new(schema_finding(
            "",
            "a document must be an object with a `kind` field".to_owned(),
            None,
        )));
    };
    match map.get("kind") {
        None => Err(Box::new(schema_finding(
            "",
            format!("missing `kind`; expected one of {}", known()),
            None,
        ))),
        Some(Value::String(name)) => name.parse::<Kind>().map_err(|_| {
            Box::new(schema_finding(
                "/kind",
                format!(
                    "unknown document kind `{}`; expected one of {}",
                    text::echo(name),
                    known()
                ),
                None,
            ))
        }),
        Some(other) => Err(Box::new(schema_finding(
            "/kind",
            format!("`kind` must be a string, found {}", text::echo_json(other)),
            None,
        ))),
    }
}

/// Why `error` happened, as `(pointer, message)` pairs: the error itself,
/// or, for an `anyOf` or `oneOf` that no branch met, the causes in the branch
/// the value came closest to, as Python jsonschema's `best_match` chooses.
/// "Not valid under any of the schemas listed" names no cause; "18 is
/// greater than the maximum of 17" does.
///
/// Closest: branches that reject the value's very type (the `null` branch of
/// an optional field, a count box for a box of items) are left out unless all
/// do; of the rest, the one whose errors reach deepest into the value, then
/// the one with fewest errors, then the first.
fn causes(
    error: &jsonschema::ValidationError<'_>,
    schema: &Value,
    out: &mut Vec<(String, String)>,
) {
    type Branch = Vec<jsonschema::ValidationError<'static>>;
    let depth = |e: &jsonschema::ValidationError<'_>| e.instance_path().into_iter().count();
    let (ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context }) =
        error.kind()
    else {
        out.push((
            error.instance_path().to_string(),
            schema_message(error, schema),
        ));
        return;
    };
    let here = depth(error);
    let rejects_type = |branch: &&Branch| {
        branch
            .iter()
            .any(|e| matches!(e.kind(), ValidationErrorKind::Type { .. }) && depth(e) == here)
    };
    let mut candidates: Vec<&Branch> = context.iter().filter(|b| !b.is_empty()).collect();
    if !candidates.iter().all(rejects_type) {
        candidates.retain(|b| !rejects_type(b));
    }
    let reach = |branch: &Branch| branch.iter().map(depth).max().unwrap_or(0);
    let mut best: Option<&Branch> = None;
    for branch in candidates {
        let better = best.is_none_or(|current| {
            (reach(branch), std::cmp::Reverse(branch.len()))
                > (reach(current), std::cmp::Reverse(current.len()))
        });
        if better {
            best = Some(branch);
        }
    }
    match best {
        Some(branch) => {
            for cause in branch {
                causes(cause, schema, out);
            }
        }
        None => out.push((
            error.instance_path().to_string(),
            schema_message(error, schema),
        )),
    }
}

/// jsonschema's message for `error`, with the value it names cut to
/// [`text::MAX_ECHO_CHARS`] (jsonschema would quote a 100 MB string whole);
/// its long enum lists for framework codes rewritten into a short message.
fn schema_message(error: &jsonschema::ValidationError<'_>, schema: &Value) -> String {
    /// Names the document gives, as jsonschema lists them ('a', 'b'): each
    /// cut, and the first few of many.
    fn names(names: &[String]) -> String {
        const SHOWN: usize = 5;
        let mut list = names
            .iter()
            .take(SHOWN)
            .map(|name| format!("'{}'", text::echo(name)))
            .collect::<Vec<_>>()
            .join(", ");
        if names.len() > SHOWN {
            list.push_str(&format!(" and {} more", names.len() - SHOWN));
        }
        let verb = if names.len() == 1 { "was" } else { "were" };
        format!("{list} {verb} unexpected")
    }
    /// jsonschema's wording, the value masked by its cut rendering.
    fn worded(error: &jsonschema::ValidationError<'_>) -> String {
        match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                format!(
                    "Additional properties are not allowed ({})",
                    names(unexpected)
                )
            }
            ValidationErrorKind::UnevaluatedProperties { unexpected } => {
                format!(
                    "Unevaluated properties are not allowed ({})",
                    names(unexpected)
                )
            }
            ValidationErrorKind::PropertyNames { error } => worded(error),
            _ => error
                .masked_with(text::echo_json(error.instance()))
                .to_string(),
        }
    }
    if let ValidationErrorKind::Enum { options } = error.kind() {
        if let (Value::String(found), Value::Array(options)) =
            (error.instance().as_ref(), options.as_ref())
        {
            let is = |codes: Vec<&str>| {
                options.len() == codes.len() && options.iter().zip(codes).all(|(a, b)| a == b)
            };
            let found = text::echo(found);
            if is(framework::all_cluster_codes()) {
                return format!(
                    "unknown Career Cluster code `{found}`; use a 2008 code such as `HL` or a 2024 code such as `HHS`"
                );
            }
            if is(framework::all_pathway_codes()) {
                return format!(
                    "unknown Career Pathway code `{found}`; pathway codes are the cluster code, a dash and the pathway, e.g. `HL-TS`"
                );
            }
        }
    }
    let bound = matches!(
        error.kind(),
        ValidationErrorKind::Maximum { .. }
            | ValidationErrorKind::Minimum { .. }
            | ValidationErrorKind::ExclusiveMaximum { .. }
            | ValidationErrorKind::ExclusiveMinimum { .. }
            | ValidationErrorKind::MaxItems { .. }
            | ValidationErrorKind::MinItems { .. }
            | ValidationErrorKind::MaxLength { .. }
            | ValidationErrorKind::MinLength { .. }
            | ValidationErrorKind::Pattern { .. }
            | ValidationErrorKind::UniqueItems
    );
    let message = worded(error);
    match field_description(error, schema) {
        Some((field, description)) if bound => format!("{message} ({field}: {description})"),
        _ => message,
    }
}

/// The name and description of the field a bound is set on, for a message
/// that says what the bound means ("at most 17 can be marked").
fn field_description(
    error: &jsonschema::ValidationError<'_>,
    schema: &Value,
) -> Option<(String, String)> {
    let location = error.schema_path().to_string();
    let (field_schema, _keyword) = location.rsplit_once('/')?;
    let description = schema.pointer(field_schema)?.get("description")?.as_str()?;
    let field = error.instance_path().to_string();
    let field = field
        .rsplit('/')
        .next()
        .filter(|f| !f.is_empty() && !f.bytes().all(|b| b.is_ascii_digit()))?;
    let mut description = description
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches('.')
        .to_owned();
    if let Some(first) = description.get(..1) {
        let lower = first.to_lowercase();
        description.replace_range(..1, &lower);
    }
    Some((format!("`{}`", text::echo(field)), description))
}

/// Checks a document: owned when the engine parsed it, so that normalisation
/// can happen in place; a borrowed one is copied once it has passed its schema.
pub(super) fn check(
    engine: &Engine,
    source: &str,
    document: Cow<'_, Value>,
    run: Run<'_>,
) -> Report {
    let options = run.options;
    let kind = match kind_of(&document) {
        Ok(kind) => kind,
        Err(finding) => return finish(source, None, false, vec![*finding], Summary::default()),
    };
    let validator = document::schemas::document_validator(kind);
    // `is_valid` stops at nothing to report; only an invalid document pays for
    // collecting every error with its path.
    if !validator.is_valid(&document) {
        let mut findings: Vec<Finding> = Vec::new();
        let mut found = Vec::new();
        let schema = document::schemas::cached_document_schema(kind);
        for error in validator.iter_errors(&document) {
            causes(&error, schema, &mut found);
        }
        // The same cause reached by two branches is one finding; a hash,
        // since a hostile document can have tens of thousands of errors.
        let mut seen = std::collections::HashSet::new();
        for (path, message) in found {
            if seen.insert((path.clone(), message.clone())) {
                findings.push(schema_finding(&path, message, Some(kind)));
            }
        }
        findings.sort_by(|a, b| a.path.cmp(&b.path));
        return finish(source, Some(kind), false, findings, Summary::default());
    }
    let normalized = match document::normalize_owned(kind, document.into_owned()) {
        Ok(value) => value,
        Err(message) => {
            let finding = schema_finding(
                "",
                format!("internal: schema-valid document does not match its type: {message}"),
                Some(kind),
            );
            return finish(source, Some(kind), false, vec![finding], Summary::default());
        }
    };
    let today = run.today.map(Today::as_str);
    let globals = Globals {
        framework: engine.framework.as_ref(),
        today: today.map(CelString::from),
    };
    // cel's side is built only when an expression needs it: one outside the
    // direct subset, or a value direct evaluation leaves to cel.
    let doc_cel: OnceCell<Box<dyn Val + '_>> = OnceCell::new();
    let root: OnceCell<Context<'_, '_>> = OnceCell::new();
    let root_context = || {
        root.get_or_init(|| {
            let mut root = Context::with_env(engine.env.clone());
            root.set_variable_resolver(&globals);
            let doc = doc_cel.get_or_init(|| values::to_cel(&normalized));
            root.add_variable_as_val("doc", doc.clone_as_boxed());
            root
        })
    };
    let mut frame = direct::Frame::new(
        direct::V::json(&normalized),
        &engine.framework_json,
        today,
        engine.invariants,
        options.limits.max_steps,
    );

    let json = &normalized;
    // The reference path decides every rule: the evaluation never gives up.
    let kept = run_rules(
        engine,
        kind,
        json,
        &mut frame,
        options,
        direct::V::json,
        |compiled, frame, found| {
            let Some(found) = found else {
                return Some(evaluate_rule(engine, compiled, frame, &root_context));
            };
            let scope = OnceCell::new();
            let context = || {
                scope.get_or_init(|| {
                    let doc = doc_cel.get_or_init(|| values::to_cel(json));
                    item_scope(root_context(), doc.as_ref(), found)
                })
            };
            Some(evaluate_rule(engine, compiled, frame, &context))
        },
    )
    .unwrap_or_else(|| Kept::new(options));
    finish(source, Some(kind), true, kept.findings, kept.summary)
}

/// The findings kept of one document's rules, and the counts of the rest.
struct Kept<'o> {
    options: &'o CheckOptions,
    findings: Vec<Finding>,
    summary: Summary,
}

impl<'o> Kept<'o> {
    fn new(options: &'o CheckOptions) -> Self {
        Kept {
            options,
            findings: Vec::new(),
            summary: Summary::default(),
        }
    }

    /// Keeps what `compiled` said, at its `each` item's pointer (spelled only
    /// for a finding that is kept).
    fn add(
        &mut self,
        compiled: &CompiledRule,
        outcome: Outcome,
        item: Option<&dyn Fn() -> String>,
    ) {
        let (status, message, code) = match outcome {
            Outcome::NotApplicable => return,
            Outcome::Passed => {
                self.summary.passed += 1;
                if !self.options.include_passed {
                    return;
                }
                (Status::Pass, compiled.rule.title.clone(), None)
            }
            Outcome::Failed(message) => {
                // A message listing a document's values (every course's
                // title) is cut, not the report blown up by it.
                let message = match crate::text::truncate_chars(&message, MAX_MESSAGE_CHARS) {
                    Cow::Borrowed(_) => message,
                    Cow::Owned(cut) => cut,
                };
                (Status::Fail, message, None)
            }
            Outcome::Unevaluable(problem) => (
                Status::Error,
                problem.message(compiled, self.options.limits.max_steps),
                Some(problem.code()),
            ),
        };
        let base = item.map(|pointer| pointer());
        self.findings
            .push(finding(compiled, base, status, message, code));
    }
}

/// Checks a JSON document on its tree, with no serde_json value: the path
/// most documents take. `None` leaves the document to [`check`], which
/// stays the reference: where names repeat, the kind is unknown, the
/// schema is not met (its errors are worded from serde_json's value), the
/// kind has no normalisation plan, or an expression needs cel.
///
/// Normalisation edits the tree before the rules run; a document handed
/// back is then read from the edited tree, which is the same document once
/// normalised again (normalisation is idempotent), so reports are the same.
pub(super) fn check_tree(
    engine: &Engine,
    source: &str,
    tree: &mut Tree<'_>,
    run: Run<'_>,
) -> Option<Report> {
    let options = run.options;
    if !engine.direct || !tree.unique() {
        return None;
    }
    let kind = match tree.root().member("kind")?.shape() {
        Shape::String(name) => name.parse::<Kind>().ok()?,
        _ => return None,
    };
    if !engine.checks_on_tree(kind) {
        return None;
    }
    if !tree_validator(kind).is_valid(TreeNode::root(tree)) {
        return None;
    }
    if !document::normalize_tree(kind, tree) {
        return None;
    }
    let root = tree.root();
    let mut frame = direct::Frame::new(
        direct::V::tree(root),
        &engine.framework_json,
        run.today.map(Today::as_str),
        engine.invariants,
        options.limits.max_steps,
    );
    let kept = run_rules(
        engine,
        kind,
        root,
        &mut frame,
        options,
        direct::V::tree,
        |compiled, frame, _| evaluate_directly(compiled, frame),
    )?;
    Some(finish(
        source,
        Some(kind),
        true,
        kept.findings,
        kept.summary,
    ))
}

/// Runs every rule of `kind` over `root`, binding each `each` item in turn,
/// and keeps what `evaluate` says of each; `None` as soon as it says nothing
/// (the tree path then leaves the document to the reference path).
fn run_rules<'a, 'o, T: Walk<'a>>(
    engine: &'a Engine,
    kind: Kind,
    root: T,
    frame: &mut direct::Frame<'a>,
    options: &'o CheckOptions,
    bind: fn(T) -> direct::V<'a>,
    mut evaluate: impl FnMut(
        &'a CompiledRule,
        &mut direct::Frame<'a>,
        Option<&pointer::Match<'_, 'a, T>>,
    ) -> Option<Outcome>,
) -> Option<Kept<'o>> {
    let mut kept = Kept::new(options);
    for &position in &engine.by_kind[kind.index()] {
        let compiled = &engine.rules[position];
        match &compiled.each {
            None => {
                frame.set_item(None);
                let outcome = evaluate(compiled, frame, None)?;
                kept.add(compiled, outcome, None);
            }
            Some(pattern) => {
                for found in pattern.expand(root).matches() {
                    frame.set_item(Some((bind(found.value()), found.index())));
                    let outcome = evaluate(compiled, frame, Some(&found))?;
                    let spent = matches!(outcome, Outcome::Unevaluable(Problem::Budget));
                    kept.add(compiled, outcome, Some(&|| found.pointer()));
                    if spent {
                        // One finding says the rule was stopped; one per
                        // remaining item would make a report as long as
                        // the hostile list that spent the budget.
                        break;
                    }
                }
            }
        }
    }
    Some(kept)
}

/// [`evaluate_rule`] by direct evaluation alone: `None` where cel must decide.
fn evaluate_directly<'a>(
    compiled: &'a CompiledRule,
    frame: &mut direct::Frame<'a>,
) -> Option<Outcome> {
    let outcome = decide_directly(compiled, frame);
    if outcome.is_none() && frame.exhausted() {
        // Over budget: cel would only spend it again.
        return Some(Outcome::Unevaluable(Problem::Budget));
    }
    outcome
}

fn decide_directly<'a>(
    compiled: &'a CompiledRule,
    frame: &mut direct::Frame<'a>,
) -> Option<Outcome> {
    let decide = |expression: &'a Expression, frame: &mut direct::Frame<'a>| {
        expression.direct.as_ref()?.eval(frame)?.as_bool()
    };
    if let Some(when) = &compiled.when {
        if !decide(when, frame)? {
            return Some(Outcome::NotApplicable);
        }
    }
    if decide(&compiled.check, frame)? {
        return Some(Outcome::Passed);
    }
    let mut message = String::new();
    for part in &compiled.message.parts {
        match part {
            Part::Text(text) => message.push_str(text),
            Part::Expr(expression) => {
                message.push_str(&direct::display(&expression.direct.as_ref()?.eval(frame)?));
            }
        }
    }
    Some(Outcome::Failed(message))
}

/// cel's scope for one `each` item: the document's, plus `item` (borrowed
/// from the converted document when it is there) and `index`.
fn item_scope<'b, 'v>(
    root: &'b Context<'_, 'v>,
    doc: &'b (dyn Val + 'v),
    found: &pointer::Match<'_, 'v, &'v Value>,
) -> Context<'b, 'v> {
    let mut scope = root.new_inner_scope();
    let item = values::descend(doc, &found.steps()).map_or_else(
        || values::to_cel(found.value()),
        |item| item.clone_as_boxed(),
    );
    scope.add_variable_as_val("item", item);
    let index: Box<dyn Val> = match found.index() {
        Key::Index(i) => Box::new(CelInt::from(i64::try_from(i).unwrap_or(i64::MAX))),
        Key::Name(name) => Box::new(CelString::from(name)),
    };
    scope.add_variable_as_val("index", index);
    scope
}

/// What one rule says in one scope. Only findings that are kept get built, so a
/// rule that passes costs its evaluation and nothing more.
enum Outcome {
    /// Its `when` is false.
    NotApplicable,
    Passed,
    /// The rendered message.
    Failed(String),
    /// Why the rule could not be evaluated: a finding with status `error`.
    Unevaluable(Problem),
}

/// Why a rule could not be evaluated.
enum Problem {
    /// The document's evaluation budget is spent (`limits.max_steps`).
    Budget,
    /// cel's error, or a result that is no bool, in the rule's `when` or
    /// `check`, described by type names, never by values.
    Error { part: &'static str, reason: String },
}

impl Problem {
    fn code(&self) -> &'static str {
        match self {
            Problem::Budget => BUDGET_ERROR_CODE,
            Problem::Error { .. } => EVAL_ERROR_CODE,
        }
    }

    /// The message of the finding: the rule, and what stopped it, cut to a
    /// bounded length.
    fn message(&self, compiled: &CompiledRule, max_steps: u64) -> String {
        let id = &compiled.rule.id;
        match self {
            Problem::Budget => format!(
                "rule {id} was stopped: checking this document took more than its evaluation budget of {max_steps} steps (`limits.max_steps`, `--max-steps`)"
            ),
            Problem::Error { part, reason } => unevaluable(compiled, part, reason),
        }
    }
}

/// cel's context for the current scope, built on first use.
type Interpreter<'f, 'c, 'p, 'v> = &'f dyn Fn() -> &'c Context<'p, 'v>;

fn evaluate_rule<'a>(
    engine: &Engine,
    compiled: &'a CompiledRule,
    frame: &mut direct::Frame<'a>,
    context: Interpreter<'_, '_, '_, '_>,
) -> Outcome {
    if let Some(when) = &compiled.when {
        match as_bool(engine, when, "when", frame, context) {
            Ok(true) => {}
            Ok(false) => return Outcome::NotApplicable,
            Err(problem) => return Outcome::Unevaluable(problem),
        }
    }
    match as_bool(engine, &compiled.check, "check", frame, context) {
        Ok(true) => Outcome::Passed,
        Ok(false) => match render(engine, compiled, frame, context) {
            Some(message) => Outcome::Failed(message),
            None => Outcome::Unevaluable(Problem::Budget),
        },
        Err(problem) => Outcome::Unevaluable(problem),
    }
}

/// The longest a rule's message is kept, in characters: ample for a message
/// naming every course of a plan, bounded for a hostile document.
const MAX_MESSAGE_CHARS: usize = 2_000;

/// The longest a reason for an unevaluable rule is shown: it names operators,
/// functions and types, never a dump of the document.
const MAX_REASON_CHARS: usize = 200;

/// The message of a finding whose rule could not be evaluated: the rule, the
/// expression (`when` or `check`) and cel's reason, cut to a bounded length.
fn unevaluable(compiled: &CompiledRule, part: &str, reason: &str) -> String {
    let reason = text::truncate_chars(reason, MAX_REASON_CHARS);
    format!(
        "rule {} could not be evaluated (its `{part}`): {reason}",
        compiled.rule.id
    )
}

/// The direct evaluation of `expression`, when the engine uses it and it decides.
fn direct_value<'a>(
    engine: &Engine,
    expression: &'a Expression,
    frame: &mut direct::Frame<'a>,
) -> Option<direct::V<'a>> {
    if !engine.direct {
        return None;
    }
    expression.direct.as_ref()?.eval(frame)
}

/// A finding of `compiled`, at its `path` below the `each` item's pointer
/// `base` when there is one.
fn finding(
    compiled: &CompiledRule,
    base: Option<String>,
    status: Status,
    message: String,
    code: Option<&'static str>,
) -> Finding {
    let rule = &compiled.rule;
    let path = match (base, &rule.path) {
        (Some(base), Some(relative)) => Some(format!("{base}{relative}")),
        (Some(base), None) => Some(base),
        (None, Some(absolute)) => Some(absolute.clone()),
        (None, None) => None,
    };
    // A rule that could not say is an error whatever its severity: its
    // silence must not pass for a pass.
    let severity = match status {
        Status::Error => Severity::Error,
        Status::Pass | Status::Fail => rule.severity,
    };
    Finding {
        rule: rule.id.clone(),
        severity,
        status,
        message,
        path,
        line: None,
        column: None,
        citation: Some(compiled.citation.clone()),
        remediation: Some(rule.remediation.clone()),
        code: code.map(str::to_owned),
    }
}

/// cel's value of `expression`, on what is left of the frame's budget; an
/// error when the budget is spent, before or during it.
fn resolve_with_budget<'c, 'a>(
    expression: &Expression,
    frame: &mut direct::Frame<'a>,
    context: Interpreter<'_, 'c, '_, '_>,
) -> Result<Box<dyn cel::common::value::Val + 'c>, Option<cel::ExecutionError>> {
    if frame.exhausted() {
        return Err(None);
    }
    let result = budget::with_budget(frame, || {
        CelValue::resolve_val(&expression.expression, context()).map(|value| value.into_owned())
    });
    match result {
        Err(_) if frame.exhausted() => Err(None),
        other => other.map_err(Some),
    }
}

fn as_bool<'a>(
    engine: &Engine,
    expression: &'a Expression,
    part: &'static str,
    frame: &mut direct::Frame<'a>,
    context: Interpreter<'_, '_, '_, '_>,
) -> Result<bool, Problem> {
    if let Some(direct::V::Bool(value)) = direct_value(engine, expression, frame) {
        return Ok(value);
    }
    let error = |reason: String| Problem::Error { part, reason };
    match resolve_with_budget(expression, frame, context) {
        Ok(value) => match value.downcast_ref::<CelBool>() {
            Some(value) => Ok(*value.inner()),
            None => Err(error(format!(
                "expected a bool, got {}",
                values::type_name_of(value.as_ref())
            ))),
        },
        Err(Some(cel_error)) => Err(error(values::describe_error(&cel_error))),
        Err(None) => Err(Problem::Budget),
    }
}

fn render<'a>(
    engine: &Engine,
    compiled: &'a CompiledRule,
    frame: &mut direct::Frame<'a>,
    context: Interpreter<'_, '_, '_, '_>,
) -> Option<String> {
    let mut message = String::new();
    for part in &compiled.message.parts {
        match part {
            Part::Text(text) => message.push_str(text),
            Part::Expr(expression) => {
                if let Some(value) = direct_value(engine, expression, frame) {
                    message.push_str(&direct::display(&value));
                    continue;
                }
                match resolve_with_budget(expression, frame, context) {
                    Ok(value) => message.push_str(&values::display_val(value.as_ref())),
                    Err(Some(error)) => {
                        message.push_str(&format!("<error: {}>", values::describe_error(&error)));
                    }
                    // Over budget: the rule is stopped, not half told.
                    Err(None) => return None,
                }
            }
        }
    }
    Some(message)
}
