//! Finding the documents a `check` names: files, directories, NDJSON, stdin.

use std::io::Read;
use std::path::{Path, PathBuf};

use cte_rules_core::{Error, ErrorCode, Format};

use crate::io_error;

/// One thing to check, read lazily so that large batches stream.
pub(crate) enum Input {
    /// A whole file (JSON or YAML).
    File(PathBuf),
    /// A file with one JSON document per line.
    Ndjson(PathBuf),
    /// Standard input, one document.
    Stdin,
}

fn is_ndjson(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("ndjson" | "jsonl")
    )
}

fn is_document(path: &Path) -> bool {
    is_ndjson(path) || Format::from_path(&path.to_string_lossy()).is_some()
}

/// Expands the command line's paths, in order; directories recursively, sorted.
pub(crate) fn collect(paths: &[String]) -> Result<Vec<Input>, Error> {
    let mut inputs = Vec::new();
    for raw in paths {
        if raw == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        let path = PathBuf::from(raw);
        let metadata = std::fs::metadata(&path)
            .map_err(|error| Error::new(ErrorCode::Io, format!("cannot read `{raw}`: {error}")))?;
        if metadata.is_dir() {
            let mut found = Vec::new();
            walk(&path, &mut found)?;
            found.sort();
            inputs.extend(found.into_iter().map(classify));
        } else {
            inputs.push(classify(path));
        }
    }
    Ok(inputs)
}

fn classify(path: PathBuf) -> Input {
    if is_ndjson(&path) {
        Input::Ndjson(path)
    } else {
        Input::File(path)
    }
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> Result<(), Error> {
    let entries = std::fs::read_dir(dir).map_err(|e| io_error(dir, &e))?;
    for entry in entries {
        let entry = entry.map_err(|e| io_error(dir, &e))?;
        let path = entry.path();
        let file_type = entry.file_type().map_err(|e| io_error(&path, &e))?;
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if file_type.is_dir() {
            // Tooling folders hold package manifests, not CTE documents; a
            // folder with a `pack.yaml` is a rule pack and its fixtures.
            let tooling = entry.file_name() == "node_modules" || entry.file_name() == "target";
            if !hidden && !tooling && !path.join("pack.yaml").is_file() {
                walk(&path, found)?;
            }
        } else if file_type.is_file() && is_document(&path) {
            found.push(path);
        }
    }
    Ok(())
}

/// Reads stdin whole, with the same bound.
pub(crate) fn read_stdin(max_bytes: usize) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(max_bytes as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::new(ErrorCode::Io, format!("cannot read stdin: {e}")))?;
    Ok(bytes)
}
