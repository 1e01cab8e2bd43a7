//! A Moodle competency framework CSV per framework, at `competencies/<f>/moodle.csv`: the
//! format of Moodle's "Import competency framework" (`admin/tool/lpimportcsv`), with its
//! fourteen columns in the order Moodle's own export writes them.
//!
//! The first row after the header is the framework (`Is framework` = `1`): its scale values
//! are the framework's levels, low to high (or Moodle's default `Not yet competent,Competent`
//! when it has none); the lowest is the default value, and every level above it counts as
//! proficient (the only level does, when there is one). Then one row per competency,
//! depth-first as written, with `Parent ID number` naming the parent competency's id (empty
//! at the top). Descriptions are HTML (`Description format` = `1`): the summary, the
//! description, and the indicators as a list.
//!
//! Quoting: RFC 4180 (fields with `"`, `,` or a line break are quoted, `"` doubled). Moodle
//! reads the file with PHP's `fgetcsv`, whose escape character `\` makes the character after
//! it literal, so a `\"` inside a quoted field (or a `\` just before the closing quote) would
//! be read differently. No field holds a `\`: it is written as the HTML character reference
//! `&#92;`, which Moodle shows as `\` (names and descriptions are HTML to Moodle), so both
//! kinds of reader read every field back the same.

use crate::model::{Framework, Site};

use super::{lang_prefix, File};

/// The header row, as Moodle names the columns.
pub const COLUMNS: [&str; 14] = [
    "Parent ID number",
    "ID number",
    "Short name",
    "Description",
    "Description format",
    "Scale values",
    "Scale configuration",
    "Rule type (optional)",
    "Rule outcome (optional)",
    "Rule config (optional)",
    "Cross-referenced competency ID numbers",
    "Exported ID (optional)",
    "Is framework",
    "Taxonomy",
];

/// Moodle's `FORMAT_HTML`.
const FORMAT_HTML: &str = "1";
/// The values of Moodle's default competence scale, used for a framework without levels.
const DEFAULT_SCALE: [&str; 2] = ["Not yet competent", "Competent"];

/// The path of framework `f`'s CSV in `lang`: `competencies/<f>/moodle.csv`, under the
/// language's folder for other languages than the default.
pub fn path(site: &Site, f: usize, lang: &str) -> String {
    format!(
        "{}competencies/{}/moodle.csv",
        lang_prefix(site, lang),
        site.frameworks[f].id
    )
}

/// Framework `f`'s CSV in `lang`.
pub fn file(site: &Site, f: usize, lang: &str) -> File {
    File {
        path: path(site, f, lang),
        bytes: csv(site, f, lang),
    }
}

/// Framework `f`'s CSV in `lang`: UTF-8, comma-separated, CRLF line ends, fields quoted where
/// needed. The framework's `ID number` is its id, with `-<lang>` appended for a language
/// other than the default (Moodle wants framework ID numbers unique on the site); a
/// competency's is its id.
pub fn csv(site: &Site, f: usize, lang: &str) -> Vec<u8> {
    let fw = &site.frameworks[f];
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let mut write = |row: [&str; 14]| {
        w.write_record(row.map(|field| field.replace('\\', "&#92;")))
            .expect("writing to memory")
    };
    write(COLUMNS);

    let id_number = if lang == site.config.language {
        fw.id.clone()
    } else {
        format!("{}-{lang}", fw.id)
    };
    let (values, config) = scale(fw, lang);
    let taxonomy = vec!["competency"; depth(fw).max(4)].join(",");
    let mut description = String::new();
    if let Some(s) = &fw.summary {
        description.push_str(s.html.get(lang));
    }
    if let Some(d) = &fw.description {
        description.push_str(d.get(lang));
    }
    write([
        "",
        &id_number,
        fw.title.get(lang),
        description.trim_end(),
        FORMAT_HTML,
        &values,
        &config,
        "",
        "",
        "",
        "",
        "",
        "1",
        &taxonomy,
    ]);

    for c in depth_first(fw) {
        let comp = &fw.competencies[c];
        let parent = comp.parent.map_or("", |p| fw.competencies[p].id.as_str());
        let mut description = String::new();
        if let Some(s) = &comp.summary {
            description.push_str(s.html.get(lang));
        }
        if let Some(d) = &comp.description {
            description.push_str(d.get(lang));
        }
        if !comp.indicators.is_empty() {
            description.push_str("<ul>\n");
            for i in &comp.indicators {
                description.push_str("<li>");
                description.push_str(&escape(i.text.get(lang)));
                description.push_str("</li>\n");
            }
            description.push_str("</ul>\n");
        }
        write([
            parent,
            &comp.id,
            comp.title.get(lang),
            description.trim_end(),
            FORMAT_HTML,
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "0",
            "",
        ]);
    }
    w.into_inner().expect("writing to memory")
}

/// `Scale values` and `Scale configuration` of the framework row.
fn scale(fw: &Framework, lang: &str) -> (String, String) {
    let values: Vec<String> = if fw.levels.is_empty() {
        DEFAULT_SCALE.iter().map(|s| s.to_string()).collect()
    } else {
        // Moodle separates scale values with commas, so a value may not hold one.
        fw.levels
            .iter()
            .map(|l| l.title.get(lang).replace(',', ";").trim().to_string())
            .collect()
    };
    let n = values.len();
    // Written by hand, in the key order Moodle's own export uses.
    let mut config = String::from(r#"[{"scaleid":"0"}"#);
    for id in 1..=n {
        let default = u8::from(id == 1);
        let proficient = u8::from(id > 1 || n == 1);
        config.push_str(&format!(
            r#",{{"id":{id},"scaledefault":{default},"proficient":{proficient}}}"#
        ));
    }
    config.push(']');
    (values.join(","), config)
}

/// The competencies, parents before children, siblings in written order.
fn depth_first(fw: &Framework) -> Vec<usize> {
    let mut out = Vec::with_capacity(fw.competencies.len());
    let mut stack: Vec<usize> = fw.roots.iter().rev().copied().collect();
    while let Some(c) = stack.pop() {
        out.push(c);
        stack.extend(fw.competencies[c].children.iter().rev());
    }
    out
}

/// The number of levels of the tree.
fn depth(fw: &Framework) -> usize {
    fw.competencies
        .iter()
        .map(|c| c.depth + 1)
        .max()
        .unwrap_or(0)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::fixture;

    fn rows(bytes: &[u8]) -> Vec<Vec<String>> {
        ::csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(bytes)
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn framework_row_then_competencies() {
        let site = fixture::site();
        let bytes = csv(&site, 0, "en");
        assert!(bytes.windows(2).any(|w| w == b"\r\n"));
        let rows = rows(&bytes);
        assert_eq!(rows[0], COLUMNS);
        let fw = &rows[1];
        assert_eq!(fw[1], "skills");
        assert_eq!(fw[2], "Skills, for teachers");
        assert_eq!(fw[5], "Basic,Expert; senior");
        assert_eq!(
            fw[6],
            r#"[{"scaleid":"0"},{"id":1,"scaledefault":1,"proficient":0},{"id":2,"scaledefault":0,"proficient":1}]"#
        );
        assert_eq!(fw[12], "1");
        assert_eq!(fw[13], "competency,competency,competency,competency");
        let ids: Vec<(&str, &str)> = rows[2..]
            .iter()
            .map(|r| (r[0].as_str(), r[1].as_str()))
            .collect();
        assert_eq!(
            ids,
            [("", "teaching"), ("teaching", "planning"), ("", "caring")]
        );
        assert!(
            rows[2][3].contains("<li>Shows Teaching</li>"),
            "{}",
            rows[2][3]
        );
        assert_eq!(rows[2][4], "1");
        assert_eq!(rows[2][12], "0");
    }

    #[test]
    fn a_framework_without_levels_gets_the_default_scale() {
        let mut site = fixture::site();
        site.frameworks[0].levels.clear();
        let rows = rows(&csv(&site, 0, "id"));
        assert_eq!(rows[1][1], "skills-id");
        assert_eq!(rows[1][5], "Not yet competent,Competent");
        assert_eq!(path(&site, 0, "id"), "id/competencies/skills/moodle.csv");
    }
}
