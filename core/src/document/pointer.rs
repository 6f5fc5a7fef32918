//! JSON pointer (RFC 6901) reference tokens: escaping and unescaping, for
//! every module that spells or reads a pointer (positions, the tree, `each`).

/// Escapes one reference token: `~` to `~0`, `/` to `~1`.
pub(crate) fn escape(token: &str) -> String {
    let mut escaped = String::with_capacity(token.len());
    push_escaped(&mut escaped, token);
    escaped
}

/// Appends `token` to `pointer`, escaped, without an intermediate string.
pub(crate) fn push_escaped(pointer: &mut String, token: &str) {
    if !token.contains(['~', '/']) {
        pointer.push_str(token);
        return;
    }
    for c in token.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

pub(crate) fn unescape(token: &str) -> std::borrow::Cow<'_, str> {
    if token.contains('~') {
        std::borrow::Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
    } else {
        std::borrow::Cow::Borrowed(token)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_through_escaping() {
        for token in ["plain", "a/b", "a~b", "~1", "/~0/", "", "é/~"] {
            let escaped = escape(token);
            assert!(!escaped.contains('/'), "{escaped}");
            assert_eq!(unescape(&escaped), token);
            let mut pushed = String::from("/x/");
            push_escaped(&mut pushed, token);
            assert_eq!(pushed, format!("/x/{escaped}"));
        }
        assert_eq!(escape("a/b~c"), "a~1b~0c");
    }
}
