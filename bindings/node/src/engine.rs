//! The `Engine` class: packs compiled once in the constructor, then shared (an
//! `Arc`) by every check, sync or on the thread pool.

use std::sync::Arc;

use cte_rules_core::ffi::{engine_from_sources, guard};
use cte_rules_core::rubric::reconcile;
use cte_rules_core::{Engine as CoreEngine, Error as CoreError, ErrorCode, RuleInfo};
use napi::bindgen_prelude::{AsyncTask, Either, JsObjectValue, JsValue, Unknown};
use napi::{Env, ValueType};
use napi_derive::napi;

use crate::convert::{self, to_js, type_name, Arg};
use crate::error::{usage, Failure, Outcome};
use crate::options::{self, Call};
use crate::task::{BatchJob, CheckJob, CheckManyTask, CheckTask};
use cte_rules_core::ffi::Batch;

/// A compiled set of rule packs. Build it once (at start-up) and reuse it: every
/// check shares the compiled rules.
#[napi]
pub struct Engine {
    inner: Arc<CoreEngine>,
}

#[napi]
impl Engine {
    /// The built-in national pack, then `options.packs` in order (paths, inline
    /// YAML/JSON text or objects). Throws `E_PACK_*` for a broken pack, `E_IO`
    /// for an unreadable one.
    #[napi(constructor, catch_unwind, ts_args_type = "options?: EngineOptions")]
    pub fn new(env: &Env, options: Option<Unknown<'_>>) -> napi::Result<Self> {
        build(env, options.as_ref()).map_err(|failure| failure.into_napi(env))
    }

    /// Checks one document on the calling thread. A malformed or schema-invalid
    /// document is a report with `parse`/`schema` findings, not an error.
    #[napi(
        catch_unwind,
        ts_args_type = "doc: Document, options?: CheckOptions",
        ts_return_type = "Report"
    )]
    pub fn check<'env>(
        &self,
        env: &'env Env,
        doc: Arg<'env>,
        options: Option<Unknown<'env>>,
    ) -> napi::Result<Unknown<'env>> {
        self.check_now(env, &doc, options.as_ref())
            .map_err(|failure| failure.into_napi(env))
    }

    /// Like `check`, but runs on the libuv thread pool; a bad argument rejects.
    #[napi(
        catch_unwind,
        ts_args_type = "doc: Document, options?: CheckOptions",
        ts_return_type = "Promise<Report>"
    )]
    pub fn check_async(
        &self,
        env: &Env,
        doc: Arg<'_>,
        options: Option<Unknown<'_>>,
    ) -> napi::Result<AsyncTask<CheckTask>> {
        Ok(AsyncTask::new(CheckTask {
            engine: Arc::clone(&self.inner),
            job: deferred(env, job(env, &doc, options.as_ref()))?,
        }))
    }

    /// Checks a batch in parallel off the JS thread: an array of documents
    /// (reports named `<input>:1`, `<input>:2`, ... by position) or an NDJSON
    /// Buffer (named `<input>:LINE`). Reports come back in input order.
    #[napi(
        catch_unwind,
        ts_args_type = "docs: Document[] | Uint8Array, options?: CheckManyOptions",
        ts_return_type = "Promise<Report[]>"
    )]
    pub fn check_many(
        &self,
        env: &Env,
        docs: Arg<'_>,
        options: Option<Unknown<'_>>,
    ) -> napi::Result<AsyncTask<CheckManyTask>> {
        Ok(AsyncTask::new(CheckManyTask {
            engine: Arc::clone(&self.inner),
            job: deferred(env, batch(env, &docs, options.as_ref()))?,
        }))
    }

    /// Reconciles a `self-assessment` with the program's own document (a
    /// `state-system` for the state rubric, a `local-program` for the local
    /// one): each rubric item's rating against what this engine's rules find.
    /// Both are objects, JSON/YAML text or Buffers; an unreadable or invalid
    /// one throws `E_INPUT`.
    #[napi(
        catch_unwind,
        ts_args_type = "selfAssessment: Document, evidence: Document, options?: ReconcileOptions",
        ts_return_type = "Reconciliation"
    )]
    pub fn reconcile<'env>(
        &self,
        env: &'env Env,
        self_assessment: Arg<'env>,
        evidence: Arg<'env>,
        options: Option<Unknown<'env>>,
    ) -> napi::Result<Unknown<'env>> {
        self.reconciled(env, &self_assessment, &evidence, options.as_ref())
            .map_err(|failure| failure.into_napi(env))
    }

    /// Every loaded rule, in pack order, with overrides applied.
    #[napi(catch_unwind, ts_return_type = "RuleInfo[]")]
    pub fn rules<'env>(&self, env: &'env Env) -> napi::Result<Unknown<'env>> {
        rule_list(env, &self.inner).map_err(|failure| failure.into_napi(env))
    }
}

impl Engine {
    fn check_now<'env>(
        &self,
        env: &'env Env,
        doc: &Arg<'env>,
        options: Option<&Unknown<'env>>,
    ) -> Outcome<Unknown<'env>> {
        let job = job(env, doc, options)?;
        let report = guard(|| {
            self.inner
                .check_input(&job.input, job.source.as_deref(), &job.options)
        });
        convert::release(job.input, job.options.limits.max_depth);
        to_js(env, &report?)
    }

    fn reconciled<'env>(
        &self,
        env: &'env Env,
        self_assessment: &Arg<'env>,
        evidence: &Arg<'env>,
        options: Option<&Unknown<'env>>,
    ) -> Outcome<Unknown<'env>> {
        let options = options::call(env, options, Call::Reconcile)?;
        let ratings = convert::parsed_document(env, self_assessment, Some("<selfAssessment>"))?;
        let evidence = convert::parsed_document(env, evidence, Some("<evidence>"))?;
        let result = guard(|| reconcile(&self.inner, &ratings, &evidence, &options.check))?;
        to_js(env, &result)
    }
}

/// A core error is kept for the task to reject with; a JS exception already
/// pending (a throwing getter) can only be thrown now.
fn deferred<T>(env: &Env, job: Outcome<T>) -> napi::Result<Result<T, CoreError>> {
    match job {
        Ok(job) => Ok(Ok(job)),
        Err(Failure::Core(error)) => Ok(Err(error)),
        Err(failure) => Err(failure.into_napi(env)),
    }
}

fn build(env: &Env, options: Option<&Unknown<'_>>) -> Outcome<Engine> {
    let options = options::engine(env, options)?;
    let engine = guard(|| engine_from_sources(&options.packs, options.builtin))?;
    Ok(Engine {
        inner: Arc::new(engine),
    })
}

/// Options first: `maxDepth` bounds the walk over an object document.
fn job(env: &Env, doc: &Arg<'_>, options: Option<&Unknown<'_>>) -> Outcome<CheckJob> {
    let options = options::call(env, options, Call::Check)?;
    Ok(CheckJob {
        input: convert::document(env, doc, options.check.limits.max_depth)?,
        source: options.source,
        options: options.check,
    })
}

fn batch(env: &Env, docs: &Arg<'_>, options: Option<&Unknown<'_>>) -> Outcome<BatchJob> {
    let options = options::call(env, options, Call::CheckMany)?;
    let batch = match docs {
        Either::A(bytes) => Batch::NdjsonBytes(bytes.to_vec()),
        Either::B(docs) if docs.get_type()? == ValueType::Object && docs.is_array()? => {
            let array = docs.coerce_to_object()?;
            let length = array.get_array_length()?;
            let mut inputs = Vec::with_capacity(length as usize);
            for index in 0..length {
                let doc: Arg<'_> = array.get_element(index)?;
                match convert::document(env, &doc, options.check.limits.max_depth) {
                    Ok(input) => inputs.push(input),
                    Err(failure) => {
                        for input in inputs {
                            convert::release(input, options.check.limits.max_depth);
                        }
                        return Err(in_batch(failure, index));
                    }
                }
            }
            Batch::Documents(inputs)
        }
        Either::B(docs) => {
            return Err(usage(
                ErrorCode::Input,
                format!(
                    "expected an array of documents or an NDJSON Buffer, got {}",
                    type_name(docs)?
                ),
            ))
        }
    };
    Ok(BatchJob {
        batch,
        options: options.check,
        threads: options.threads,
    })
}

/// Says which document of a batch was rejected: `path` is prefixed with its index.
fn in_batch(failure: Failure, index: u32) -> Failure {
    match failure {
        Failure::Core(error) => Failure::Core(
            CoreError::new(
                error.code(),
                format!("`docs[{index}]`: {}", error.message()),
            )
            .with_path(format!("/{index}{}", error.path().unwrap_or_default())),
        ),
        other => other,
    }
}

pub(crate) fn rule_list<'env>(env: &'env Env, engine: &CoreEngine) -> Outcome<Unknown<'env>> {
    let rules: Vec<RuleInfo> = engine.rules().collect();
    to_js(env, &rules)
}
