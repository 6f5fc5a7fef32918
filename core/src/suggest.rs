//! "Did you mean" for pack authors: the nearest known name to a misspelt one,
//! by edit distance, so a typo costs one run instead of a hunt through docs.

/// Levenshtein distance in characters; names are short, so the quadratic
/// table is never large.
#[must_use]
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, left) in a.chars().enumerate() {
        let mut current = Vec::with_capacity(b.len() + 1);
        current.push(i + 1);
        for (j, right) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(left != *right);
            current.push(substitute.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// The candidate nearest to `word`, if it is near enough to be a typo of it:
/// at most a third of the word's length away (and at least one edit allowed).
/// Ties go to the first candidate, so callers list candidates in a stable order.
#[must_use]
pub fn nearest<'c, I>(word: &str, candidates: I) -> Option<&'c str>
where
    I: IntoIterator<Item = &'c str>,
{
    let limit = (word.chars().count() / 3).max(1);
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .filter(|candidate| *candidate != word)
        .map(|candidate| (edit_distance(&lower, &candidate.to_lowercase()), candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// `; did you mean `x`?` for a message, or nothing.
#[must_use]
pub fn did_you_mean<'c, I>(word: &str, candidates: I) -> String
where
    I: IntoIterator<Item = &'c str>,
{
    nearest(word, candidates)
        .map(|found| format!("; did you mean `{found}`?"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::{did_you_mean, edit_distance, nearest};

    #[test]
    fn distances_count_single_character_edits() {
        assert_eq!(edit_distance("POS-3", "POS-03"), 1);
        assert_eq!(edit_distance("lerner", "learner"), 1);
        assert_eq!(edit_distance("sise", "size"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn only_near_names_are_suggested() {
        assert_eq!(
            nearest("POS-3", ["POS-01", "POS-03", "LOCAL-03"]),
            Some("POS-03")
        );
        assert_eq!(
            nearest("lesson-plan", ["plan-of-study", "curriculum"]),
            None
        );
        assert_eq!(
            did_you_mean("chek", ["check", "when", "each"]),
            "; did you mean `check`?"
        );
        assert_eq!(did_you_mean("zzz", ["check"]), "");
    }
}
