//! Turning packs into compiled rules: CEL parsed once, overrides applied, ids unique.

use std::collections::HashMap;
use std::sync::Arc;

use cel::{Env, IdedExpr};

use super::desugar::desugar;
use super::direct::{self, Direct, Invariants};
use super::free_variables::free_variables;
use super::pointer::Pattern;
use super::schema_check::SchemaCheck;
use crate::error::{Error, ErrorCode, Result};
use crate::kind::Kind;
use crate::pack::{self, Pack, Rule};
use crate::report::Citation;

/// Variables a rule may use; anything else is a typo caught at compile time.
const VARIABLES: &[&str] = &["doc", "item", "index", "framework", "today"];

/// A rule ready to run: its data plus parsed CEL programs.
#[derive(Debug)]
pub(crate) struct CompiledRule {
    pub rule: Rule,
    pub pack: String,
    /// `rule.citation` with its title filled in, as findings carry it.
    pub citation: Citation,
    /// `rule.see_also`, titled likewise.
    pub see_also: Vec<Citation>,
    pub when: Option<Expression>,
    pub check: Expression,
    pub message: Template,
    /// `rule.each`, read once.
    pub each: Option<Pattern>,
    pub enabled: bool,
}

/// A message with `{{ cel }}` holes.
#[derive(Debug)]
pub(crate) struct Template {
    pub parts: Vec<Part>,
}

#[derive(Debug)]
pub(crate) enum Part {
    Text(String),
    Expr(Expression),
}

/// A CEL expression: cel's syntax tree as the engine reads it (see
/// [`desugar`](super::desugar)), and the same compiled for direct evaluation
/// when it is inside that subset.
#[derive(Debug)]
pub(crate) struct Expression {
    pub expression: IdedExpr,
    pub direct: Option<Direct>,
}

/// Where in which pack a rule lives, for error messages.
struct Site<'a> {
    origin: &'a str,
    index: usize,
    id: &'a str,
}

impl Site<'_> {
    fn error(&self, code: ErrorCode, field: &str, message: impl Into<String>) -> Error {
        Error::new(code, message)
            .with_origin(self.origin)
            .with_rule(self.id)
            .with_path(format!("/rules/{}/{field}", self.index))
    }
}

fn compile_cel(
    env: &Env,
    invariants: &mut Invariants,
    checker: &mut SchemaCheck<'_>,
    site: &Site<'_>,
    field: &str,
    source: &str,
) -> std::result::Result<Expression, Vec<Error>> {
    let program = env
        .compile(source)
        .map_err(|errors| {
            // The caret display stays on its own lines, under the expression.
            let detail = errors.to_string();
            site.error(
                ErrorCode::PackCel,
                field,
                format!("invalid CEL in `{field}`:\n{}", detail.trim_end()),
            )
        })
        .map_err(|error| vec![error])?;
    let problems: Vec<Error> = checker
        .problems(program.expression(), source)
        .into_iter()
        .map(|problem| site.error(ErrorCode::PackCel, field, problem))
        .collect();
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut expression = program.expression().clone();
    desugar(&mut expression);
    for name in free_variables(&expression) {
        if !VARIABLES.contains(&name.as_str()) {
            return Err(vec![site.error(
                ErrorCode::PackCel,
                field,
                format!(
                    "unknown variable `{name}` in `{field}`{}; rules can use {}",
                    crate::suggest::did_you_mean(&name, VARIABLES.iter().copied()),
                    VARIABLES.join(", ")
                ),
            )]);
        }
    }
    let direct = direct::compile(&expression, invariants);
    // cel's copy counts its iterations against the budget; direct
    // evaluation counts its own.
    super::budget::instrument(&mut expression);
    Ok(Expression { expression, direct })
}

fn compile_template(
    env: &Env,
    invariants: &mut Invariants,
    checker: &mut SchemaCheck<'_>,
    site: &Site<'_>,
    text: &str,
) -> std::result::Result<Template, Vec<Error>> {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        if start > 0 {
            parts.push(Part::Text(rest[..start].to_owned()));
        }
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            return Err(vec![site.error(
                ErrorCode::PackCel,
                "message",
                "unclosed `{{` in `message`; write `{{ expression }}`",
            )]);
        };
        parts.push(Part::Expr(compile_cel(
            env,
            invariants,
            checker,
            site,
            "message",
            after[..end].trim(),
        )?));
        rest = &after[end + 2..];
    }
    if !rest.is_empty() {
        parts.push(Part::Text(rest.to_owned()));
    }
    Ok(Template { parts })
}

fn compile_rule(
    env: &Arc<Env>,
    invariants: &mut Invariants,
    known: &mut HashMap<String, bool>,
    pack: &Pack,
    index: usize,
    rule: &Rule,
) -> std::result::Result<CompiledRule, Vec<Error>> {
    let origin = pack.origin.as_deref().unwrap_or(&pack.name);
    let site = Site {
        origin,
        index,
        id: &rule.id,
    };
    let mut errors = Vec::new();
    let schema = crate::document::schemas::cached_document_schema(rule.kind);
    let mut checker = SchemaCheck::new(schema, rule.each.as_deref(), env, known);
    if let Some(problem) = rule
        .each
        .as_deref()
        .and_then(|each| checker.each_problem(each))
    {
        errors.push(site.error(ErrorCode::PackCel, "each", problem));
    }
    let when = match &rule.when {
        Some(source) => compile_cel(env, invariants, &mut checker, &site, "when", source)
            .map_err(|found| errors.extend(found))
            .ok(),
        None => None,
    };
    let check = compile_cel(env, invariants, &mut checker, &site, "check", &rule.check)
        .map_err(|found| errors.extend(found))
        .ok();
    let message = compile_template(env, invariants, &mut checker, &site, &rule.message)
        .map_err(|found| errors.extend(found))
        .ok();
    let citation = titled(&rule.citation)
        .map_err(|error| errors.push(error))
        .ok();
    let see_also = rule
        .see_also
        .iter()
        .map(titled)
        .collect::<Result<_>>()
        .map_err(|error| errors.push(error))
        .ok();
    match (check, message, citation, see_also) {
        (Some(check), Some(message), Some(citation), Some(see_also)) if errors.is_empty() => {
            Ok(CompiledRule {
                rule: rule.clone(),
                pack: pack.name.clone(),
                citation,
                see_also,
                when,
                check,
                message,
                each: rule.each.as_deref().map(Pattern::new),
                enabled: true,
            })
        }
        _ => Err(errors),
    }
}

/// A pack's citation as reports carry it: with the pack's title, else the
/// seed's, else the source name, so that every citation reads as a title.
fn titled(citation: &pack::Citation) -> Result<Citation> {
    let title = match &citation.title {
        Some(title) => title.clone(),
        None => crate::coverage::source_title(&citation.source)?
            .unwrap_or(&citation.source)
            .to_owned(),
    };
    Ok(Citation {
        source: citation.source.clone(),
        section: citation.section.clone(),
        item: citation.item.clone(),
        title,
    })
}

/// Compiles packs in order: later packs add rules and override earlier ones.
/// Every error of every pack is reported at once, placed in its pack's text.
pub(crate) fn compile_packs(
    env: &Arc<Env>,
    invariants: &mut Invariants,
    packs: &[Pack],
) -> Result<Vec<CompiledRule>> {
    let mut rules: Vec<CompiledRule> = Vec::new();
    let mut by_id: HashMap<String, String> = HashMap::new();
    let mut positions: HashMap<String, usize> = HashMap::new();
    let mut all_errors = Vec::new();
    // Which function names cel knows, probed once per engine.
    let mut known: HashMap<String, bool> = HashMap::new();
    for pack in packs {
        let origin = pack.origin.as_deref().unwrap_or(&pack.name);
        let mut errors = Vec::new();
        for (kept, rule) in pack.rules.iter().enumerate() {
            let index = pack::LeftOut::original(&pack.left_out.rules, kept);
            if let Some(first) = by_id.get(&rule.id) {
                errors.push(
                    Error::new(
                        ErrorCode::PackDuplicateId,
                        format!(
                            "duplicate rule id `{}`: already defined by pack `{first}`; use `overrides` to change it",
                            rule.id
                        ),
                    )
                    .with_origin(origin)
                    .with_rule(&rule.id)
                    .with_path(format!("/rules/{index}/id")),
                );
                continue;
            }
            by_id.insert(rule.id.clone(), pack.name.clone());
            match compile_rule(env, invariants, &mut known, pack, index, rule) {
                Ok(compiled) => {
                    positions.insert(rule.id.clone(), rules.len());
                    rules.push(compiled);
                }
                Err(found) => errors.extend(found),
            }
        }
        for (kept, change) in pack.overrides.iter().enumerate() {
            let index = pack::LeftOut::original(&pack.left_out.overrides, kept);
            let Some(&position) = positions.get(&change.rule) else {
                if by_id.contains_key(&change.rule)
                    || packs
                        .iter()
                        .any(|pack| pack.left_out.ids.contains(&change.rule))
                {
                    // The rule exists but did not compile: its own error says why.
                    continue;
                }
                let mut ids: Vec<&str> = by_id.keys().map(String::as_str).collect();
                ids.sort_unstable();
                errors.push(
                    Error::new(
                        ErrorCode::PackUnknownRule,
                        format!(
                            "override names unknown rule `{}`{}",
                            change.rule,
                            crate::suggest::did_you_mean(&change.rule, ids)
                        ),
                    )
                    .with_origin(origin)
                    .with_rule(&change.rule)
                    .with_path(format!("/overrides/{index}/rule")),
                );
                continue;
            };
            let target = &mut rules[position];
            if let Some(severity) = change.severity {
                target.rule.severity = severity;
            }
            if let Some(enabled) = change.enabled {
                target.enabled = enabled;
            }
        }
        if let Some(error) = Error::from_many(errors) {
            all_errors.push(match &pack.text {
                Some(text) => error.placed_in(origin, text),
                None => error,
            });
        }
    }
    match Error::from_many(all_errors) {
        Some(error) => Err(error),
        None => Ok(rules),
    }
}

/// Splits compiled rules by kind, in pack order.
pub(crate) fn by_kind(rules: &[CompiledRule]) -> [Vec<usize>; Kind::ALL.len()] {
    let mut table: [Vec<usize>; Kind::ALL.len()] = Default::default();
    for (position, compiled) in rules.iter().enumerate() {
        if compiled.enabled {
            table[compiled.rule.kind.index()].push(position);
        }
    }
    table
}

/// Per kind, whether the tree path can decide its documents: the kind is
/// normalised in place, and every part of every enabled rule of it (`when`,
/// `check`, each message hole) compiles for direct evaluation. Decided once
/// when the engine is built, so that no document of a kind that needs cel
/// reads, validates and normalises its tree only to start again on a value.
pub(crate) fn tree_kinds(
    rules: &[CompiledRule],
    by_kind: &[Vec<usize>; Kind::ALL.len()],
) -> [bool; Kind::ALL.len()] {
    let direct = |compiled: &CompiledRule| {
        let parts = compiled.message.parts.iter().filter_map(|part| match part {
            Part::Expr(expression) => Some(expression),
            Part::Text(_) => None,
        });
        compiled
            .when
            .iter()
            .chain(std::iter::once(&compiled.check))
            .chain(parts)
            .all(|expression| expression.direct.is_some())
    };
    Kind::ALL.map(|kind| {
        crate::document::normalizes_trees(kind)
            && by_kind[kind.index()]
                .iter()
                .filter_map(|&position| rules.get(position))
                .all(direct)
    })
}
