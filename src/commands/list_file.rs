//! Reading the names of a list file for `list import`: CSV with a header
//! (the official list of parishes, for one) or one name a line.

use crate::error::{Error, Result};

/// A name read from the file, with its 1-based line number.
pub(crate) type Line = (usize, String);

/// The names in `bytes` (the file `shown`), in file order.
///
/// CSV when `csv` (the file name ends in .csv), when `column` is given, or
/// when the first line that is not blank or a comment holds a comma,
/// semicolon or tab; else one name a line. Blank lines and `#` comments are
/// skipped. A line that is not UTF-8 or holds no name is a usage error
/// naming the line.
pub(crate) fn names(
    bytes: &[u8],
    shown: &str,
    csv: bool,
    column: Option<&str>,
) -> Result<Vec<Line>> {
    for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
        if std::str::from_utf8(line).is_err() {
            return Err(Error::usage(format!(
                "{shown}: line {} is not UTF-8",
                i + 1
            )));
        }
    }
    let text =
        std::str::from_utf8(bytes).map_err(|_| Error::usage(format!("{shown} is not UTF-8")))?;
    // Spreadsheets often write a byte-order mark before the header.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'));
    let delimiter = first.and_then(crate::bulk::input::delimiter_of);
    match (delimiter, csv || column.is_some()) {
        (Some(d), _) => csv_names(text, shown, d, column),
        (None, true) => csv_names(text, shown, b',', column),
        (None, false) => Ok(line_names(text)),
    }
}

fn line_names(text: &str) -> Vec<Line> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
        .map(|(i, l)| (i, l.to_string()))
        .collect()
}

fn csv_names(text: &str, shown: &str, delimiter: u8, column: Option<&str>) -> Result<Vec<Line>> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .comment(Some(b'#'))
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let bad = |e: csv::Error| {
        let line = e
            .position()
            .map_or(String::new(), |p| format!(" line {}", p.line()));
        Error::usage(format!("{shown}:{line}: not valid CSV")).with_cause(e)
    };
    let headers = reader.headers().map_err(bad)?.clone();
    let find = |wanted: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(wanted));
    let index = match column {
        Some(c) => find(c).ok_or_else(|| {
            Error::usage(format!(
                "{shown} has no column {c:?} (its columns: {})",
                headers.iter().collect::<Vec<_>>().join(", ")
            ))
        })?,
        None => find("name").unwrap_or(0),
    };
    let column_name = headers.get(index).unwrap_or("1").to_string();
    let mut lines = LineCounter::new(text);
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(bad)?;
        if record.iter().all(str::is_empty) {
            continue;
        }
        let line = record
            .position()
            .map_or(0, |p| lines.line_at(p.byte() as usize));
        match record.get(index) {
            Some(name) if !name.is_empty() => out.push((line, name.to_string())),
            _ => {
                return Err(Error::usage(format!(
                    "{shown}: line {line} has no name in column {column_name:?}"
                )));
            }
        }
    }
    Ok(out)
}

/// Line numbers from byte offsets, counted as the offsets grow. (The csv
/// crate's own line count is one short after a CRLF line end.)
struct LineCounter<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter {
            bytes: text.as_bytes(),
            offset: 0,
            line: 1,
        }
    }

    /// The line of the record starting at `byte` (line ends before it skipped).
    fn line_at(&mut self, byte: usize) -> usize {
        let mut start = byte.min(self.bytes.len());
        while start < self.bytes.len() && matches!(self.bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start >= self.offset {
            self.line += self.bytes[self.offset..start]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            self.offset = start;
        }
        self.line
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn read(text: &str, csv: bool, column: Option<&str>) -> Result<Vec<Line>> {
        names(text.as_bytes(), "f", csv, column)
    }

    fn ok(text: &str, csv: bool, column: Option<&str>) -> Vec<Line> {
        read(text, csv, column).unwrap_or_else(|e| panic!("{text:?}: {}", e.message))
    }

    fn lines(expected: &[(usize, &str)]) -> Vec<Line> {
        expected.iter().map(|(n, s)| (*n, s.to_string())).collect()
    }

    #[test]
    fn shapes() {
        assert_eq!(
            ok(
                "# parishes\nLisboa\n\n  Porto  \n#x\nSão João da Madeira\n",
                false,
                None
            ),
            lines(&[(2, "Lisboa"), (4, "Porto"), (6, "São João da Madeira")])
        );
        assert_eq!(
            ok("name,note\nLisboa,capital\nPorto,\n", false, None),
            lines(&[(2, "Lisboa"), (3, "Porto")])
        );
        assert_eq!(
            ok("note,Name\nx,Lisboa\n", false, None),
            lines(&[(2, "Lisboa")])
        );
        assert_eq!(
            ok("concelho\nLisboa\n", true, None),
            lines(&[(2, "Lisboa")])
        );
        assert_eq!(
            ok(
                "distrito;concelho;freguesia\nAveiro;Águeda;Fermentelos\n\n",
                false,
                Some("freguesia")
            ),
            lines(&[(2, "Fermentelos")])
        );
        assert_eq!(
            ok(
                "\u{feff}distrito,concelho,freguesia\r\nAveiro,Águeda,\"Aguada de Cima\"\r\n",
                false,
                Some("FREGUESIA")
            ),
            lines(&[(2, "Aguada de Cima")])
        );
        assert_eq!(
            ok(
                "a\tb\n1\t\"União das freguesias de Arcos e Mogofores\"\n",
                false,
                Some("b")
            ),
            lines(&[(2, "União das freguesias de Arcos e Mogofores")])
        );
        assert!(ok("", false, None).is_empty());
        assert!(ok("name\n", true, None).is_empty());
        // Without a .csv name or a delimiter, a lone header is just a name.
        assert_eq!(ok("name\n", false, None), lines(&[(1, "name")]));
    }

    #[test]
    fn errors_name_the_line() {
        let cases: [(&[u8], Option<&str>, &str); 5] = [
            (b"Lisboa\nPor\xfft\n", None, "line 2 is not UTF-8"),
            (b"d,f\nA,B\nC,\xe1\n", Some("f"), "line 3 is not UTF-8"),
            (
                b"d,c,f\nA,B,\n",
                Some("f"),
                "line 2 has no name in column \"f\"",
            ),
            (
                b"d,c,f\nA,B,C\n",
                Some("freguesia"),
                "has no column \"freguesia\"",
            ),
            (b"d;f\nA;B\r\nA;\r\n", Some("f"), "line 3 has no name"),
        ];
        for (bytes, column, expected) in cases {
            let err = names(bytes, "f", false, column).expect_err("an error");
            assert_eq!(err.kind, crate::error::Kind::Usage);
            assert!(
                err.message.contains(expected),
                "{} vs {expected}",
                err.message
            );
        }
    }

    proptest! {
        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200), csv in any::<bool>()) {
            let _ = names(&bytes, "f", csv, None);
            let _ = names(&bytes, "f", csv, Some("freguesia"));
        }

        #[test]
        fn never_panics_on_csv_like_text(text in "[a-zç;,\t\"#\n\r ]{0,120}") {
            let _ = names(text.as_bytes(), "f", false, None);
        }
    }
}
