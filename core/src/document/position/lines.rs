//! Line and column of byte offsets, counted forward through a text.

/// Counts lines and characters up to ever later offsets of one text, never
/// again from a line's start: placing many values on one-line NDJSON stays
/// linear.
pub(crate) struct Lines<'t> {
    text: &'t str,
    bytes: &'t [u8],
    line: u64,
    /// Characters between the start of `line` and `counted_to`.
    column: u64,
    counted_to: usize,
}

impl<'t> Lines<'t> {
    pub(crate) fn new(text: &'t str) -> Lines<'t> {
        Lines {
            text,
            bytes: text.as_bytes(),
            line: 1,
            column: 0,
            counted_to: 0,
        }
    }

    /// The 1-based line and column (in characters) of the byte `offset`, at or
    /// after the last one asked for. Lines end at `\n`, `\r\n` or a lone `\r`.
    pub(crate) fn at(&mut self, offset: usize) -> (u64, u64) {
        let offset = offset.clamp(self.counted_to, self.bytes.len());
        let chunk = &self.bytes[self.counted_to..offset];
        if memchr::memchr(b'\r', chunk).is_none() {
            let tail = match memchr::memrchr(b'\n', chunk) {
                Some(last) => {
                    self.line += memchr::memchr_iter(b'\n', chunk).count() as u64;
                    self.column = 0;
                    self.counted_to + last + 1
                }
                None => self.counted_to,
            };
            self.column += match self.text.get(tail..offset) {
                // The standard library counts characters a word at a time.
                Some(tail) => tail.chars().count(),
                // Characters are the bytes that do not continue a UTF-8 sequence.
                None => self.bytes[tail..offset]
                    .iter()
                    .filter(|&&byte| byte & 0xC0 != 0x80)
                    .count(),
            } as u64;
        } else {
            for i in self.counted_to..offset {
                match self.bytes[i] {
                    b'\n' => {
                        self.line += 1;
                        self.column = 0;
                    }
                    b'\r' if self.bytes.get(i + 1) != Some(&b'\n') => {
                        self.line += 1;
                        self.column = 0;
                    }
                    // UTF-8 continuation bytes belong to the character before them.
                    byte if byte & 0xC0 != 0x80 => self.column += 1,
                    _ => {}
                }
            }
        }
        self.counted_to = offset;
        (self.line, self.column + 1)
    }
}
