//! Direct evaluation: the CEL that rules use, compiled once from the AST cel
//! parsed into a tree that reads the JSON document in place.
//!
//! Why: cel's interpreter resolves each `doc.x` by joining a qualified name and
//! looking it up scope by scope, and needs the whole document converted to CEL
//! values first; together that was about 60% of checking a plan of study. The
//! grammar, parser and macro expansion stay cel's: this only walks the
//! `Expression` cel produced.
//!
//! It never decides a case it is not sure of. An expression outside the subset
//! below is not compiled, and one that meets a value it does not handle (a type
//! mismatch, a missing key, an overflow: anything that is an error in CEL, and
//! comparisons across types) gives up, so that the caller asks cel instead.
//! The results it does give equal cel's; tests hold that on every rule
//! fixture, every example and generated plans, and on an operator matrix.
//!
//! The subset: literals, variables, field selection and `has()`, indexing,
//! list literals, `!` `&&` `||` `?:`, `==` `!=` `<` `<=` `>` `>=` `in`,
//! `+ - * / %` and negation, `size`, `string`, `join`, `startsWith`,
//! `endsWith`, `contains`, and the comprehensions cel expands `all`, `exists`,
//! `exists_one`, `map` and `filter` into.

mod compile;
mod eval;
mod value;

pub(crate) use compile::{compile, Direct, Invariants};
pub(crate) use eval::Frame;
pub(crate) use value::{display, V};

#[cfg(test)]
mod tests;
