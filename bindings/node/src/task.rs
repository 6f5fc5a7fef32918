//! Checks that run on the libuv thread pool, so the event loop stays free: the
//! core checks and serialises in `compute`; `resolve`, back on the JS thread,
//! only parses the JSON into plain objects.
//!
//! A task whose arguments were rejected still runs, and fails in `compute`, so
//! that a bad argument rejects the promise instead of throwing synchronously.

use std::sync::Arc;

use cte_rules_core::ffi::{guard, Batch, DocumentInput};
use cte_rules_core::{CheckOptions, Engine, Error as CoreError, Report, Result as CoreResult};
use napi::bindgen_prelude::Unknown;
use napi::{Env, ScopedTask};

use crate::convert::{parse_json, release, to_json_text};
use crate::error::Failure;

/// One document and how to check it.
pub(crate) struct CheckJob {
    pub input: DocumentInput,
    pub source: Option<String>,
    pub options: CheckOptions,
}

/// `engine.checkAsync(doc)`.
pub struct CheckTask {
    pub(crate) engine: Arc<Engine>,
    pub(crate) job: Result<CheckJob, CoreError>,
}

impl<'task> ScopedTask<'task> for CheckTask {
    /// The report as JSON text.
    type Output = CoreResult<String>;
    type JsValue = Unknown<'task>;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        Ok(match &mut self.job {
            Ok(job) => guard(|| {
                let report =
                    self.engine
                        .check_input(&job.input, job.source.as_deref(), &job.options);
                // Freed here, on the pool's thread, and without recursing.
                let input = std::mem::replace(&mut job.input, DocumentInput::Text(String::new()));
                release(input, job.options.limits.max_depth);
                to_json_text(&report?)
            }),
            Err(error) => Err(error.clone()),
        })
    }

    fn resolve(&mut self, env: &'task Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        settle(env, output)
    }
}

/// A batch and how to check it.
pub(crate) struct BatchJob {
    pub batch: Batch,
    pub options: CheckOptions,
    pub threads: Option<usize>,
}

/// `engine.checkMany(docs)`: the whole batch in parallel on the core's pool.
pub struct CheckManyTask {
    pub(crate) engine: Arc<Engine>,
    pub(crate) job: Result<BatchJob, CoreError>,
}

impl BatchJob {
    fn run(&mut self, engine: &Engine) -> CoreResult<Vec<Report>> {
        // The inputs are not needed once checked: free them before serialising.
        let batch = std::mem::replace(&mut self.batch, Batch::Documents(Vec::new()));
        let reports = engine.check_batch_reports(&batch, &self.options, self.threads);
        if let Batch::Documents(inputs) = batch {
            for input in inputs {
                release(input, self.options.limits.max_depth);
            }
        }
        reports
    }
}

impl<'task> ScopedTask<'task> for CheckManyTask {
    /// The reports as one JSON array.
    type Output = CoreResult<String>;
    type JsValue = Unknown<'task>;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let engine = &self.engine;
        Ok(match &mut self.job {
            Ok(job) => guard(|| to_json_text(&job.run(engine)?)),
            Err(error) => Err(error.clone()),
        })
    }

    fn resolve(&mut self, env: &'task Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        settle(env, output)
    }
}

fn settle<'task>(env: &'task Env, output: CoreResult<String>) -> napi::Result<Unknown<'task>> {
    output
        .map_err(Failure::from)
        .and_then(|json| parse_json(env, &json))
        .map_err(|failure| failure.into_napi(env))
}
