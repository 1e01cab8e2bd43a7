//! Every shape problem of a document at once: unknown keys, missing keys and wrong types.
//!
//! serde stops at the first problem. When it refuses a document that is valid YAML, the
//! document is parsed again as a plain YAML tree and walked against the JSON Schema that
//! schemars makes from the raw structs of [`super::raw`] (the same schema `jenjang schema`
//! publishes, so the two cannot drift), and every problem is collected with its path. The
//! messages name values and places in an author's words: "`weight` should be a number, like 2,
//! not `two`", "in unit 2 (`finance`), checklist item 3".

use std::sync::OnceLock;

use schemars::generate::SchemaSettings;
use schemars::JsonSchema;
use serde_json::Value as Schema;
use serde_yaml::Value as Yaml;

use super::raw::{self, RawFramework, RawModule, RawPageMeta, RawRoadmap, RawScale, RawSite};

/// One shape problem, at a path of the document (`units/1/checklist/0/weight`).
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub path: String,
    /// True when the problem is about the mapping key at `path` (an unknown key, an empty
    /// value), false when it is about the value.
    pub at_key: bool,
    pub message: String,
    pub hint: Option<String>,
    /// For an unknown key without a value that follows another entry of a `{…}` map: the path
    /// of that entry, whose text a comma may have cut short (`{text: Saves, finds and prints}`).
    pub after: Option<String>,
}

/// The raw shapes whose documents can be checked: their JSON Schema, made once.
pub trait Shaped {
    /// The schema of the type (draft 2020-12, `$ref`s into `$defs`).
    fn shape() -> &'static Schema;
}

macro_rules! shaped {
    ($($t:ty),*) => {$(
        impl Shaped for $t {
            fn shape() -> &'static Schema {
                static SCHEMA: OnceLock<Schema> = OnceLock::new();
                SCHEMA.get_or_init(generate::<$t>)
            }
        }
    )*};
}

shaped!(
    RawSite,
    RawRoadmap,
    RawModule,
    RawFramework,
    RawScale,
    RawPageMeta
);

fn generate<T: JsonSchema>() -> Schema {
    SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<T>()
        .to_value()
}

/// Every shape problem of `doc` as a `T`. Empty when the document fits (serde then refused it
/// for a reason the schema does not describe).
pub fn check<T: Shaped>(doc: &Yaml) -> Vec<Problem> {
    let root = T::shape();
    let mut walker = Walker {
        root,
        problems: Vec::new(),
    };
    walker.walk(doc, root, "", None, &mut Vec::new());
    walker.problems
}

/// The keys a document of shape `T` may have at its top.
pub fn top_keys<T: Shaped>() -> Vec<&'static str> {
    T::shape()
        .get("properties")
        .and_then(Schema::as_object)
        .map(|p| p.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

struct Walker<'a> {
    root: &'a Schema,
    problems: Vec<Problem>,
}

impl<'a> Walker<'a> {
    /// The schema `schema` points at, through `$ref`s.
    fn deref(&self, mut schema: &'a Schema) -> &'a Schema {
        for _ in 0..8 {
            let Some(target) = schema.get("$ref").and_then(Schema::as_str) else {
                break;
            };
            let Some(name) = target.strip_prefix("#/$defs/") else {
                break;
            };
            match self.root.get("$defs").and_then(|d| d.get(name)) {
                Some(s) => schema = s,
                None => break,
            }
        }
        schema
    }

    /// Whether `value` fits `schema` without a problem.
    fn fits(&self, value: &Yaml, schema: &'a Schema) -> bool {
        let mut scratch = Walker {
            root: self.root,
            problems: Vec::new(),
        };
        scratch.walk(value, schema, "", None, &mut Vec::new());
        scratch.problems.is_empty()
    }

    /// Checks `value` against `schema`. `key` is the mapping key the value is under, if any;
    /// `places` are the author's words for where the value is ("unit 2 (`finance`)").
    fn walk(
        &mut self,
        value: &Yaml,
        schema: &'a Schema,
        path: &str,
        key: Option<&str>,
        places: &mut Vec<String>,
    ) {
        let schema = self.deref(schema);
        if let Yaml::Tagged(tagged) = value {
            let what = places.last().map_or("the file", String::as_str);
            let outer = &places[..places.len().saturating_sub(1)];
            self.push(Problem {
                path: path.into(),
                at_key: key.is_some(),
                message: format!(
                    "{what} has a YAML tag (`{}`), which is not supported here{}",
                    tagged.tag,
                    match place(outer) {
                        p if p.is_empty() => p,
                        p => format!(",{p}"),
                    }
                ),
                hint: Some(format!(
                    "remove `{}`, and put the value in quotes if it is text",
                    tagged.tag
                )),
                after: None,
            });
            return;
        }
        if let Some(branches) = schema.get("anyOf").and_then(Schema::as_array) {
            let branches: Vec<&Schema> = branches.iter().map(|b| self.deref(b)).collect();
            if branches.iter().any(|b| self.fits(value, b)) {
                return;
            }
            // Report inside the branch made for this kind of value (a map's keys, say).
            if let Some(branch) = branches
                .iter()
                .find(|b| allows(b, kind(value)) && kind(value) != "null")
            {
                self.walk(value, branch, path, key, places);
                return;
            }
            self.wrong_type(value, schema, path, key, places);
            return;
        }
        if !allows(schema, kind(value)) || below_unsigned(value, schema) {
            self.wrong_type(value, schema, path, key, places);
            return;
        }
        match value {
            Yaml::Mapping(map) => self.walk_map(map, schema, path, places),
            Yaml::Sequence(items) => {
                let Some(item_schema) = schema.get("items") else {
                    return;
                };
                for (i, item) in items.iter().enumerate() {
                    places.push(list_place(key, i, item));
                    self.walk(item, item_schema, &join(path, &i.to_string()), None, places);
                    places.pop();
                }
            }
            _ => {}
        }
    }

    fn walk_map(
        &mut self,
        map: &serde_yaml::Mapping,
        schema: &'a Schema,
        path: &str,
        places: &mut Vec<String>,
    ) {
        let properties = schema.get("properties").and_then(Schema::as_object);
        let additional = schema.get("additionalProperties");
        let known: Vec<&str> = properties
            .map(|p| p.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let mut previous: Option<String> = None;
        let first_key = map
            .keys()
            .next()
            .and_then(scalar_text)
            .map(|k| join(path, &k));
        for (k, v) in map {
            let Some(name) = scalar_text(k) else {
                self.push(Problem {
                    path: path.into(),
                    at_key: false,
                    message: format!(
                        "a key must be a single word, not a list or a map{}",
                        place(places)
                    ),
                    hint: Some("write `key: value`".into()),
                    after: None,
                });
                continue;
            };
            let here = join(path, &name);
            if name == "<<" {
                self.push(Problem {
                    path: here.clone(),
                    at_key: true,
                    message: match place(places) {
                        p if p.is_empty() => {
                            "a merge key (`<<`): merge keys are not supported here".into()
                        }
                        p => format!("a merge key (`<<`){p}: merge keys are not supported here"),
                    },
                    hint: Some("write the keys out in full where they are needed".into()),
                    after: None,
                });
            } else if let Some(field) = properties.and_then(|p| p.get(&name)) {
                places.push(format!("`{name}`"));
                self.walk(v, field, &here, Some(&name), places);
                places.pop();
            } else if let Some(extra) = additional.filter(|a| a.is_object()) {
                places.push(format!("`{name}`"));
                self.walk(v, extra, &here, Some(&name), places);
                places.pop();
            } else if additional == Some(&Schema::Bool(false)) {
                let hint = match crate::diagnostics::suggest(&name, known.iter().copied()) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None if known.is_empty() => "remove this key".into(),
                    None => format!("remove this key, or use one of: {}", known.join(", ")),
                };
                self.push(Problem {
                    path: here.clone(),
                    at_key: true,
                    message: format!("unknown key {}{}", code(&name), place(places)),
                    hint: Some(hint),
                    after: if v.is_null() { previous.clone() } else { None },
                });
            }
            previous = Some(here);
        }
        for required in schema
            .get("required")
            .and_then(Schema::as_array)
            .into_iter()
            .flatten()
            .filter_map(Schema::as_str)
        {
            let present = map
                .keys()
                .any(|k| scalar_text(k).as_deref() == Some(required));
            if !present {
                self.push(Problem {
                    path: first_key.clone().unwrap_or_else(|| path.into()),
                    at_key: first_key.is_some(),
                    message: format!("the key `{required}` is missing{}", place(places)),
                    hint: Some(format!("add `{required}:` with its value")),
                    after: None,
                });
            }
        }
    }

    fn wrong_type(
        &mut self,
        value: &Yaml,
        schema: &'a Schema,
        path: &str,
        key: Option<&str>,
        places: &[String],
    ) {
        let expected = self.expected(schema);
        // The place's last word names the value itself; the rest says where it is.
        let (what, outer) = match places.split_last() {
            Some((last, rest)) => (last.clone(), rest),
            None => ("the file".to_string(), places),
        };
        let (message, hint) = if value.is_null() {
            (
                format!("{what} is empty{}", place(outer)),
                Some(match key {
                    Some(k) => format!("write {expected} after `{k}:`, or remove the line"),
                    None => format!("write {expected} here, or remove the entry"),
                }),
            )
        } else {
            (
                format!(
                    "{what} should be {expected}, not {}{}",
                    found(value),
                    match place(outer) {
                        p if p.is_empty() => p,
                        p => format!(",{p}"),
                    }
                ),
                type_hint(value, schema, &expected, key),
            )
        };
        let hint = match (path, value) {
            ("", Yaml::String(text)) => Some(match text.split_once(':') {
                Some((k, v)) if !v.starts_with(' ') => {
                    format!("put a space after the colon: `{k}: {v}`")
                }
                _ => "write the file as `key: value` lines, starting with `title: …`".into(),
            }),
            ("", Yaml::Sequence(_)) => Some(
                "write the file's keys at the top level, without `- ` in front: `title: …`".into(),
            ),
            _ => hint,
        };
        self.push(Problem {
            path: path.into(),
            at_key: value.is_null() && key.is_some(),
            message,
            hint,
            after: None,
        });
    }

    /// What `schema` expects, in words: "a number, like 2".
    fn expected(&self, schema: &'a Schema) -> String {
        let schema = self.deref(schema);
        if let Some(branches) = schema.get("anyOf").and_then(Schema::as_array) {
            let mut words: Vec<String> = Vec::new();
            for b in branches {
                let b = self.deref(b);
                if types(b) == ["null"] {
                    continue;
                }
                let w = self.expected(b);
                if !words.contains(&w) {
                    words.push(w);
                }
            }
            return words.join(", or ");
        }
        let pattern = schema.get("pattern").and_then(Schema::as_str);
        if pattern == Some(raw::DURATION_PATTERN) {
            return "a duration, like `3 months` or `2-4 years`".into();
        }
        let mut t = types(schema);
        t.retain(|t| *t != "null");
        match t.as_slice() {
            ["boolean"] => "true or false".into(),
            ["number"] => "a number, like 2".into(),
            ["integer"]
                if schema
                    .get("format")
                    .and_then(Schema::as_str)
                    .is_some_and(|f| f.starts_with("uint")) =>
            {
                "a whole number of 0 or more, like 2".into()
            }
            ["integer"] => "a whole number, like 2".into(),
            ["array"] => "a list".into(),
            ["string"] if schema.get("format").and_then(Schema::as_str) == Some("date") => {
                "a date, like `2027-01-04`".into()
            }
            ["string", "number", "boolean", "object"] => {
                "a text (or a map from language code to text)".into()
            }
            ["string", "number", "boolean"] if pattern == Some(raw::ID_PATTERN) => {
                "an id, like `first-step`".into()
            }
            ["string", "number", "boolean"] | ["string"] => "a text".into(),
            ["object"] => match schema.get("properties").and_then(Schema::as_object) {
                Some(p) if !p.is_empty() => {
                    let required: Vec<&str> = schema
                        .get("required")
                        .and_then(Schema::as_array)
                        .into_iter()
                        .flatten()
                        .filter_map(Schema::as_str)
                        .collect();
                    let usual = ["id", "title", "text", "ref", "name", "min", "label"];
                    let mut keys: Vec<&str> = required;
                    keys.extend(usual.iter().filter(|k| p.contains_key(**k)));
                    keys.extend(p.keys().map(String::as_str));
                    keys.dedup();
                    let mut shown: Vec<String> = Vec::new();
                    for k in keys {
                        let k = format!("`{k}:`");
                        if !shown.contains(&k) && shown.len() < 3 {
                            shown.push(k);
                        }
                    }
                    format!("a map of keys such as {}", shown.join(", "))
                }
                _ => "a map".into(),
            },
            _ => "something else".into(),
        }
    }

    fn push(&mut self, problem: Problem) {
        self.problems.push(problem);
    }
}

/// The JSON type of a YAML value, as JSON Schema names it.
fn kind(value: &Yaml) -> &'static str {
    match value {
        Yaml::Null => "null",
        Yaml::Bool(_) => "boolean",
        Yaml::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Yaml::Number(_) => "number",
        Yaml::String(_) => "string",
        Yaml::Sequence(_) => "array",
        Yaml::Mapping(_) => "object",
        Yaml::Tagged(_) => "tagged",
    }
}

/// Whether `value` is a negative number where the schema asks for an unsigned one (`u32`:
/// `format: uint32`), which serde refuses. Other bounds (a band's `min` in 0–100) are the
/// resolver's to report, with its own code.
fn below_unsigned(value: &Yaml, schema: &Schema) -> bool {
    let unsigned = schema
        .get("format")
        .and_then(Schema::as_str)
        .is_some_and(|f| f.starts_with("uint"));
    unsigned && value.as_f64().is_some_and(|n| n < 0.0)
}

/// The types `schema` names (none: any).
fn types(schema: &Schema) -> Vec<&str> {
    match schema.get("type") {
        Some(Schema::String(t)) => vec![t.as_str()],
        Some(Schema::Array(ts)) => ts.iter().filter_map(Schema::as_str).collect(),
        _ => Vec::new(),
    }
}

/// Whether `schema`'s `type` allows a value of JSON type `kind` (a whole number is a number).
fn allows(schema: &Schema, kind: &str) -> bool {
    let t = types(schema);
    t.is_empty() || t.contains(&kind) || (kind == "integer" && t.contains(&"number"))
}

/// A mapping key as text, when it is a scalar.
fn scalar_text(key: &Yaml) -> Option<String> {
    match key {
        Yaml::String(s) => Some(s.clone()),
        Yaml::Number(n) => Some(n.to_string()),
        Yaml::Bool(b) => Some(b.to_string()),
        Yaml::Null => Some(String::new()),
        _ => None,
    }
}

fn join(path: &str, segment: &str) -> String {
    if path.is_empty() {
        segment.to_string()
    } else {
        format!("{path}/{segment}")
    }
}

/// `text` in backticks, or in double quotes when it holds a backtick itself.
pub fn code(text: &str) -> String {
    if text.contains('`') {
        format!("\"{text}\"")
    } else {
        format!("`{text}`")
    }
}

/// " in unit 2 (`finance`), checklist item 3" for the places around a value; empty at the top.
fn place(places: &[String]) -> String {
    let named: Vec<&str> = places
        .iter()
        .map(String::as_str)
        .filter(|p| !p.starts_with('`'))
        .collect();
    if named.is_empty() {
        match places.last() {
            Some(last) => format!(" in {last}"),
            None => String::new(),
        }
    } else {
        format!(" in {}", named.join(", "))
    }
}

/// The author's name for entry `i` of the list under `key`: "unit 2 (`finance`)".
fn list_place(key: Option<&str>, i: usize, item: &Yaml) -> String {
    let noun = match key {
        Some("stages") => "stage",
        Some("units") => "unit",
        Some("competencies" | "children") => "competency",
        Some("checklist") => "checklist item",
        Some("items") => "sub-item",
        Some("bands") => "band",
        Some("levels") => "level",
        Some("indicators") => "indicator",
        Some("outcomes") => "outcome",
        Some("topics") => "topic",
        Some("prerequisites") => "prerequisite",
        Some("modules") => "module",
        Some("menu") => "menu entry",
        Some("languages") => "language",
        Some("resources") => "resource",
        Some(other) => return format!("entry {} of `{other}`", i + 1) + &label(item),
        None => "entry",
    };
    format!("{noun} {}{}", i + 1, label(item))
}

/// " (`finance`)" for a list entry with an id.
fn label(item: &Yaml) -> String {
    match item.get("id").and_then(scalar_text) {
        Some(id) if !id.is_empty() && id.len() <= 60 => format!(" ({})", code(&id)),
        _ => String::new(),
    }
}

/// The value as the author wrote it, shortly: "`two`", "a list".
fn found(value: &Yaml) -> String {
    match value {
        Yaml::Null => "nothing".into(),
        Yaml::Bool(b) => format!("`{b}`"),
        Yaml::Number(n) => format!("`{n}`"),
        Yaml::String(s) => {
            let short: String = s.chars().take(40).collect();
            let more = if short.len() < s.len() { "…" } else { "" };
            code(&format!("{short}{more}"))
        }
        Yaml::Sequence(_) => "a list".into(),
        Yaml::Mapping(_) => "a map".into(),
        Yaml::Tagged(_) => "a tagged value".into(),
    }
}

/// Numbers up to twenty as words, for `weight: two`.
const NUMBER_WORDS: [&str; 21] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
];

/// How to fix a value of the wrong type, where the value says more than its type.
fn type_hint(value: &Yaml, schema: &Schema, expected: &str, key: Option<&str>) -> Option<String> {
    let key = key.unwrap_or("key");
    let mut t = types(schema);
    t.retain(|t| *t != "null");
    let text = match value {
        Yaml::String(s) => Some(s.trim()),
        _ => None,
    };
    match t.as_slice() {
        ["number"] | ["integer"] => {
            let s = text?;
            if let Some(n) = s.strip_suffix('%').map(str::trim) {
                if n.parse::<f64>().is_ok() {
                    return Some(format!("write the number without `%`: `{key}: {n}`"));
                }
            }
            let dotted = s.replace(',', ".");
            if dotted.parse::<f64>().is_ok() {
                return Some(format!("write decimals with a point: `{key}: {dotted}`"));
            }
            let lower = s.to_lowercase();
            if let Some(n) = NUMBER_WORDS.iter().position(|w| *w == lower) {
                return Some(format!("write the number in digits: `{key}: {n}`"));
            }
            Some(format!("write a number in digits, like `{key}: 2`"))
        }
        ["boolean"] => {
            let word = match text.map(str::to_lowercase).as_deref() {
                Some("yes" | "y" | "on" | "ya" | "true") => "true",
                Some("no" | "n" | "off" | "tidak" | "false") => "false",
                _ => return Some(format!("write `{key}: true` or `{key}: false`")),
            };
            Some(format!(
                "write `{key}: {word}` (words like `yes` and `no` are text here)"
            ))
        }
        ["array"] => match value {
            Yaml::Mapping(_) => Some(format!(
                "write each entry of `{key}` on its own line starting with `- `"
            )),
            _ => Some(format!(
                "write a list: `{key}: [{}]`, or one line per entry starting with `- `",
                text.unwrap_or("…")
            )),
        },
        _ if expected.starts_with("a duration") => Some(format!("write `{key}: 3 months`")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems<T: Shaped>(text: &str) -> Vec<Problem> {
        check::<T>(&serde_yaml::from_str(text).unwrap())
    }

    #[test]
    fn every_problem_of_a_document_is_found() {
        let text = "title: M\ndurration: 2 weeks\nunits:\n  - id: intro\n    title: Intro\n  - id: finance\n    titel: Finance\n    checklist:\n      - {id: a, text: A, weight: two, required: no}\n";
        let found = problems::<RawModule>(text);
        let summary: Vec<(&str, &str)> = found
            .iter()
            .map(|p| (p.path.as_str(), p.message.as_str()))
            .collect();
        assert_eq!(
            summary,
            [
                ("durration", "unknown key `durration`"),
                ("units/1/titel", "unknown key `titel` in unit 2 (`finance`)"),
                (
                    "units/1/checklist/0/weight",
                    "`weight` should be a number, like 2, not `two`, in unit 2 (`finance`), checklist item 1 (`a`)"
                ),
                (
                    "units/1/checklist/0/required",
                    "`required` should be true or false, not `no`, in unit 2 (`finance`), checklist item 1 (`a`)"
                ),
                ("units/1/id", "the key `title` is missing in unit 2 (`finance`)"),
            ]
        );
        assert_eq!(found[0].hint.as_deref(), Some("did you mean `duration`?"));
        assert_eq!(
            found[2].hint.as_deref(),
            Some("write the number in digits: `weight: 2`")
        );
        assert_eq!(
            found[3].hint.as_deref(),
            Some("write `required: false` (words like `yes` and `no` are text here)")
        );
    }

    #[test]
    fn percentages_merge_keys_and_tags() {
        let found = problems::<RawScale>("title: S\nbands:\n  - {min: 60%, score: 1, label: P}\n");
        assert_eq!(
            found[0].hint.as_deref(),
            Some("write the number without `%`: `min: 60`")
        );
        let found = problems::<RawRoadmap>(
            "title: R\nbase: &b {title: B}\nstages:\n  - <<: *b\n    id: s\n",
        );
        assert!(found.iter().any(|p| p.path == "base"), "{found:?}");
        let merge = found.iter().find(|p| p.path == "stages/0/<<").unwrap();
        assert_eq!(
            merge.message,
            "a merge key (`<<`) in stage 1 (`s`): merge keys are not supported here"
        );
        let found = problems::<RawRoadmap>("title: !custom R\n");
        assert_eq!(
            found[0].message,
            "`title` has a YAML tag (`!custom`), which is not supported here"
        );
    }

    #[test]
    fn a_comma_in_a_flow_map_marks_the_entry_before() {
        let found = problems::<RawRoadmap>(
            "title: R\nstages:\n  - id: s\n    title: S\n    checklist:\n      - {id: files, text: Saves, finds and prints a file}\n",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].path,
            "stages/0/checklist/0/finds and prints a file"
        );
        assert_eq!(found[0].after.as_deref(), Some("stages/0/checklist/0/text"));
    }

    #[test]
    fn empty_values_and_lists_in_words() {
        let found = problems::<RawModule>("title:\nprerequisites: basics\n");
        assert_eq!(found[0].message, "`title` is empty");
        assert!(found[0].at_key);
        assert_eq!(
            found[1].message,
            "`prerequisites` should be a list, not `basics`"
        );
        assert_eq!(
            found[1].hint.as_deref(),
            Some(
                "write a list: `prerequisites: [basics]`, or one line per entry starting with `- `"
            )
        );
        let found = problems::<RawModule>("title: M\nduration: [3, months]\n");
        assert_eq!(
            found[0].message,
            "`duration` should be a duration, like `3 months` or `2-4 years`, not a list"
        );
    }

    #[test]
    fn unsigned_numbers_refuse_negatives() {
        let found = problems::<RawRoadmap>(
            "title: R\nstages:\n  - id: s\n    title: S\n    checklist:\n      - {id: g, text: G, choose: -1, items: [a, b]}\n",
        );
        assert_eq!(
            found[0].message,
            "`choose` should be a whole number of 0 or more, like 2, not `-1`, in stage 1 (`s`), checklist item 1 (`g`)"
        );
    }

    #[test]
    fn a_file_that_is_not_a_map() {
        let found = problems::<RawScale>("title:Grades\n");
        assert_eq!(
            found[0].hint.as_deref(),
            Some("put a space after the colon: `title: Grades`")
        );
        let found = problems::<RawScale>("- title: Grades\n");
        assert!(found[0].message.ends_with("not a list"), "{found:?}");
    }

    #[test]
    fn backticks_in_keys_are_quoted_otherwise() {
        assert_eq!(code("a`b"), "\"a`b\"");
        assert_eq!(code("ab"), "`ab`");
    }
}
