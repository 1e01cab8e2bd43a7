//! Free pages: a YAML front-matter block between `---` lines, then a Markdown body.

use std::path::Path;
use std::sync::Arc;

use super::raw::RawPageMeta;
use super::yaml::{self, SpanIndex};
use crate::diagnostics::{Code, Diagnostic, Pos};

/// Splits `text` into front matter and body and parses the front matter.
///
/// Returns the metadata, its span index (positions count from the top of the file) and the
/// body. A page without a front-matter block, or whose block is not closed, is an error.
pub fn parse(
    file: &Path,
    text: &Arc<str>,
) -> Result<(RawPageMeta, SpanIndex, String), Vec<Diagnostic>> {
    let missing = || {
        vec![
            Diagnostic::error(Code::Syntax, "a page must start with a front-matter block")
                .at(file, Pos::from_offset(text, 0))
                .hint("begin the file with `---`, a line `title: …`, and another `---`"),
        ]
    };
    let first_line_end = text.find('\n').ok_or_else(missing)?;
    if text[..first_line_end].trim_end() != "---" {
        return Err(missing());
    }
    let meta_start = first_line_end + 1;
    let mut offset = meta_start;
    for line in text[meta_start..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            let body = &text[offset + line.len()..];
            let (raw, spans) = yaml::parse(file, text, meta_start..offset, 1)?;
            return Ok((raw, spans, body.to_string()));
        }
        offset += line.len();
    }
    Err(vec![Diagnostic::error(
        Code::Syntax,
        "the front-matter block is not closed",
    )
    .at(file, Pos::from_offset(text, 0))
    .hint("end the front matter with a line holding only `---`")])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter() {
        let (meta, _, body) = parse(
            Path::new("a.md"),
            &Arc::from("---\ntitle: About\norder: 2\n---\nHello *world*\n"),
        )
        .unwrap();
        assert_eq!(meta.order, Some(2));
        assert_eq!(body, "Hello *world*\n");
    }

    #[test]
    fn errors_point_into_the_file() {
        let errs = parse(
            Path::new("a.md"),
            &Arc::from("---\ntitle: About\nordr: 2\n---\n"),
        )
        .unwrap_err();
        assert_eq!(errs[0].pos.unwrap().line, 3);
        let errs = parse(Path::new("a.md"), &Arc::from("# no front matter\n")).unwrap_err();
        assert_eq!(errs[0].code, Code::Syntax);
        let errs = parse(Path::new("a.md"), &Arc::from("---\ntitle: x\n")).unwrap_err();
        assert!(errs[0].message.contains("not closed"));
    }
}
