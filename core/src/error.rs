//! Errors that stop an operation: a broken rule pack, unreadable input, a bad request.
//!
//! Problems *inside* a checked document (malformed JSON, schema violations, failed
//! rules) are not errors: they are findings in a [`crate::Report`], so that one bad
//! file in a batch never hides the others.

use std::fmt;

/// A stable, machine-readable error code.
///
/// INVARIANT: the strings returned by [`ErrorCode::as_str`] never change once
/// released; bindings and CI scripts match on them. Add codes, never rename.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// A rule pack is not valid YAML or JSON.
    PackParse,
    /// A rule pack does not match `schemas/rule-pack.schema.json`.
    PackSchema,
    /// A rule's `check`, `when` or message template is not valid CEL.
    PackCel,
    /// Two rules share one id.
    PackDuplicateId,
    /// An override names a rule that no loaded pack defines.
    PackUnknownRule,
    /// A file or stream could not be read.
    Io,
    /// Input was rejected before parsing (too large, not UTF-8, wrong type).
    Input,
    /// An unknown document kind was requested.
    UnknownKind,
    /// Options passed by a caller are invalid.
    Options,
    /// A command line or call is malformed (bad flag, missing argument).
    Usage,
    /// A rule id that no loaded pack defines was asked for.
    UnknownRule,
    /// A bug: something that should be impossible happened. Please report it.
    Internal,
}

impl ErrorCode {
    /// Every code, for documentation and for the bindings' tests.
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::PackParse,
        ErrorCode::PackSchema,
        ErrorCode::PackCel,
        ErrorCode::PackDuplicateId,
        ErrorCode::PackUnknownRule,
        ErrorCode::Io,
        ErrorCode::Input,
        ErrorCode::UnknownKind,
        ErrorCode::Options,
        ErrorCode::Usage,
        ErrorCode::UnknownRule,
        ErrorCode::Internal,
    ];

    /// The stable string form, e.g. `E_PACK_CEL`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::PackParse => "E_PACK_PARSE",
            ErrorCode::PackSchema => "E_PACK_SCHEMA",
            ErrorCode::PackCel => "E_PACK_CEL",
            ErrorCode::PackDuplicateId => "E_PACK_DUPLICATE_ID",
            ErrorCode::PackUnknownRule => "E_PACK_UNKNOWN_RULE",
            ErrorCode::Io => "E_IO",
            ErrorCode::Input => "E_INPUT",
            ErrorCode::UnknownKind => "E_UNKNOWN_KIND",
            ErrorCode::Options => "E_OPTIONS",
            ErrorCode::Usage => "E_USAGE",
            ErrorCode::UnknownRule => "E_UNKNOWN_RULE",
            ErrorCode::Internal => "E_INTERNAL",
        }
    }

    /// True for the codes that mean a rule pack is broken.
    #[must_use]
    pub fn is_pack_error(self) -> bool {
        matches!(
            self,
            ErrorCode::PackParse
                | ErrorCode::PackSchema
                | ErrorCode::PackCel
                | ErrorCode::PackDuplicateId
                | ErrorCode::PackUnknownRule
        )
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error with a stable code, a human message and, where known, where it happened.
///
/// Boxed so that `Result<T, Error>` stays one pointer wide on the happy path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(Box<Detail>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct Detail {
    code: ErrorCode,
    message: String,
    origin: Option<String>,
    path: Option<String>,
    rule: Option<String>,
    line: Option<u64>,
    column: Option<u64>,
    /// Further errors of the same operation (a pack with several mistakes),
    /// reported at once so that an author fixes them in one run.
    others: Vec<Error>,
}

/// How many errors one pack load reports before it stops counting.
pub const MAX_ERRORS: usize = 50;

impl Error {
    /// A new error with a code and a message (lowercase, no final period).
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error(Box::new(Detail {
            code,
            message: message.into(),
            origin: None,
            path: None,
            rule: None,
            line: None,
            column: None,
            others: Vec::new(),
        }))
    }

    /// One error standing for several: the first is this error's own fields,
    /// the rest follow in [`Error::errors`]. At most [`MAX_ERRORS`] are kept.
    /// `None` for an empty list.
    #[must_use]
    pub fn from_many(errors: Vec<Error>) -> Option<Error> {
        let mut flat: Vec<Error> = Vec::new();
        for error in errors {
            flat.extend(error.into_errors());
        }
        flat.truncate(MAX_ERRORS);
        let mut errors = flat.into_iter();
        let mut first = errors.next()?;
        first.0.others = errors.collect();
        Some(first)
    }

    /// Every error this one stands for, itself first (without its followers).
    #[must_use]
    pub fn errors(&self) -> Vec<Error> {
        let mut head = self.clone();
        head.0.others = Vec::new();
        std::iter::once(head)
            .chain(self.0.others.iter().cloned())
            .collect()
    }

    /// Like [`Error::errors`], by value.
    #[must_use]
    pub fn into_errors(mut self) -> Vec<Error> {
        let others = std::mem::take(&mut self.0.others);
        std::iter::once(self).chain(others).collect()
    }

    /// The file or stream the error comes from, e.g. a pack's path.
    #[must_use]
    pub fn with_origin(mut self, origin: impl Into<String>) -> Self {
        self.0.origin = Some(origin.into());
        self
    }

    /// The JSON pointer of the faulty value inside that file, e.g. `/rules/3/check`.
    #[must_use]
    pub fn with_path(mut self, path: impl Into<String>) -> Self {
        self.0.path = Some(path.into());
        self
    }

    /// The id of the rule at fault.
    #[must_use]
    pub fn with_rule(mut self, rule: impl Into<String>) -> Self {
        self.0.rule = Some(rule.into());
        self
    }

    /// The 1-based source position of the fault.
    #[must_use]
    pub fn with_position(mut self, line: u64, column: u64) -> Self {
        self.0.line = Some(line);
        self.0.column = Some(column);
        self
    }

    /// Places this error and its followers in `text`, the source of `origin`,
    /// by their pointers, where they have no position yet.
    #[must_use]
    pub fn placed_in(self, origin: &str, text: &str) -> Self {
        let errors = self.into_errors();
        let pointers: Vec<&str> = errors
            .iter()
            .filter(|error| error.origin() == Some(origin) && error.line().is_none())
            .filter_map(Error::path)
            .collect();
        let found = crate::document::position::locate(text, &pointers);
        let placed = errors
            .into_iter()
            .map(|error| {
                let at = (error.origin() == Some(origin) && error.line().is_none())
                    .then(|| error.path().and_then(|path| found.get(path)))
                    .flatten()
                    .copied();
                match at {
                    Some((line, column)) => error.with_position(line, column),
                    None => error,
                }
            })
            .collect();
        Error::from_many(placed).unwrap_or_else(|| Error::new(ErrorCode::Internal, "no error"))
    }

    #[must_use]
    pub fn code(&self) -> ErrorCode {
        self.0.code
    }

    #[must_use]
    pub fn message(&self) -> &str {
        &self.0.message
    }

    #[must_use]
    pub fn origin(&self) -> Option<&str> {
        self.0.origin.as_deref()
    }

    #[must_use]
    pub fn path(&self) -> Option<&str> {
        self.0.path.as_deref()
    }

    #[must_use]
    pub fn rule(&self) -> Option<&str> {
        self.0.rule.as_deref()
    }

    #[must_use]
    pub fn line(&self) -> Option<u64> {
        self.0.line
    }

    #[must_use]
    pub fn column(&self) -> Option<u64> {
        self.0.column
    }
}

impl fmt::Display for Error {
    /// One line: `E_PACK_CEL: my.yaml: rule `LOCAL-03` field `/rules/2/check`: ...`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.0.code)?;
        if let Some(origin) = &self.0.origin {
            write!(f, "{origin}")?;
            if let (Some(line), Some(column)) = (self.0.line, self.0.column) {
                write!(f, ":{line}:{column}")?;
            }
            f.write_str(": ")?;
        }
        if let Some(rule) = &self.0.rule {
            write!(f, "rule `{rule}`: ")?;
        }
        if let Some(path) = &self.0.path {
            write!(f, "at `{path}`: ")?;
        }
        f.write_str(&self.0.message)
    }
}

impl std::error::Error for Error {}

/// Result alias for the engine's fallible operations.
pub type Result<T, E = Error> = std::result::Result<T, E>;
