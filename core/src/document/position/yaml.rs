//! Positions in YAML text, from the YAML event parser's spans. It also reads any
//! JSON the JSON scanner gives up on, YAML 1.2 being a superset of JSON.

use std::collections::HashMap;

use serde_saphyr::granit_parser::{Event, Parser};

use crate::document::pointer::escape as escape_pointer_token;

/// Where a container is in its walk: the key it is at, or the next index.
enum Frame {
    Map { key: Option<String> },
    Seq { index: usize },
}

/// Finds the start of each of `pointers` in `text` (first document only).
/// Pointers that do not occur, or text that does not parse, are left out.
pub(super) fn locate(text: &str, pointers: &[&str]) -> HashMap<String, (u64, u64)> {
    let mut found = HashMap::new();
    if pointers.is_empty() {
        return found;
    }
    let mut frames: Vec<Frame> = Vec::new();
    let mut path: Vec<String> = Vec::new();
    for item in Parser::new_from_str(text) {
        let Ok((event, span)) = item else { break };
        let is_value_start = matches!(
            event,
            Event::Scalar(..)
                | Event::SequenceStart(..)
                | Event::MappingStart(..)
                | Event::Alias(_)
        );
        if is_value_start {
            // A scalar where a mapping expects a key is the key, not a value.
            if let (Some(Frame::Map { key: key @ None }), Event::Scalar(text, ..)) =
                (frames.last_mut(), &event)
            {
                *key = Some(text.to_string());
                continue;
            }
            let token = match frames.last() {
                None => None,
                Some(Frame::Map { key }) => {
                    Some(escape_pointer_token(key.as_deref().unwrap_or_default()))
                }
                Some(Frame::Seq { index }) => Some(index.to_string()),
            };
            let mut pointer = String::new();
            for segment in path.iter().chain(token.iter()) {
                pointer.push('/');
                pointer.push_str(segment);
            }
            if pointers.contains(&pointer.as_str()) {
                let start = span.start;
                found.insert(pointer, (start.line() as u64, start.col() as u64 + 1));
                if found.len() == pointers.len() {
                    break;
                }
            }
            match event {
                Event::MappingStart(..) => {
                    path.extend(token);
                    frames.push(Frame::Map { key: None });
                }
                Event::SequenceStart(..) => {
                    path.extend(token);
                    frames.push(Frame::Seq { index: 0 });
                }
                _ => value_done(&mut frames),
            }
        } else if matches!(event, Event::MappingEnd | Event::SequenceEnd) {
            frames.pop();
            if !frames.is_empty() {
                path.pop();
            }
            value_done(&mut frames);
        } else if matches!(event, Event::DocumentEnd) {
            break;
        }
    }
    found
}

/// After a value: a mapping waits for its next key, a sequence moves on.
fn value_done(frames: &mut [Frame]) {
    match frames.last_mut() {
        Some(Frame::Map { key }) => *key = None,
        Some(Frame::Seq { index }) => *index += 1,
        None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::locate;

    #[test]
    fn yaml_block_and_flow_values() {
        let text = "kind: plan-of-study\nlearner:\n  id: L1\nschool_years:\n  - year: \"2025-2026\"\n    courses: [{title: A}, {title: B}]\n";
        let found = locate(
            text,
            &[
                "/kind",
                "/learner/id",
                "/school_years/0",
                "/school_years/0/courses/1/title",
                "/nope",
            ],
        );
        assert_eq!(found["/kind"], (1, 7));
        assert_eq!(found["/learner/id"], (3, 7));
        assert_eq!(found["/school_years/0"], (5, 5));
        assert_eq!(found["/school_years/0/courses/1/title"], (6, 35));
        assert!(!found.contains_key("/nope"));
    }

    #[test]
    fn json_values_and_escaped_keys() {
        let text = "{\n  \"a/b\": {\"x\": [1, 2, {\"y\": true}]},\n  \"kind\": \"curriculum\"\n}";
        let found = locate(text, &["/a~1b/x/2/y", "/kind", ""]);
        assert_eq!(found["/a~1b/x/2/y"], (2, 29));
        assert_eq!(found["/kind"], (3, 11));
        assert_eq!(found[""], (1, 1));
    }
}
