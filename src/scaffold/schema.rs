//! JSON Schemas (draft 2020-12) of the content kinds, generated with schemars from the raw
//! structs of [`crate::load::raw`], so that they cannot drift from what the loader accepts.
//!
//! Editors use them for completion, descriptions and checking while an author types (see
//! `docs/editor-setup.md`). They describe the shape of one file: unknown keys, wrong types,
//! ids that are not ids, unknown delivery modes and menu sections. Whether a reference names
//! something that exists is for `jenjang check`, which sees the whole site.
//!
//! The schemas use only keywords that draft-07 tools read the same way (`type`, `properties`,
//! `additionalProperties`, `anyOf`, `$ref` into `$defs`), because yaml-language-server
//! validates with draft-07 semantics.

use std::fs;
use std::path::{Path, PathBuf};

use schemars::generate::SchemaSettings;
use schemars::JsonSchema;
use serde_json::Value;

use super::Kind;
use crate::diagnostics::{Code, Diagnostic};
use crate::load::raw::{RawFramework, RawModule, RawPageMeta, RawRoadmap, RawScale, RawSite};
use crate::model::{Delivery, Section};

/// The JSON Schema of `kind`.
pub fn schema(kind: Kind) -> Value {
    let (title, description) = about(kind);
    let mut schema = match kind {
        Kind::Site => generate::<RawSite>(),
        Kind::Roadmap => generate::<RawRoadmap>(),
        Kind::Module => generate::<RawModule>(),
        Kind::Framework => generate::<RawFramework>(),
        Kind::Scale => generate::<RawScale>(),
        Kind::Page => generate::<RawPageMeta>(),
    };
    // The names the resolver accepts, taken from the model so that they cannot drift.
    match kind {
        Kind::Site => restrict(
            &mut schema,
            "/$defs/RawMenuEntry/properties/section",
            Section::ALL.iter().map(|s| s.slug()),
        ),
        Kind::Module => restrict(
            &mut schema,
            "/properties/delivery",
            Delivery::ALL.iter().map(|(name, _)| *name),
        ),
        _ => {}
    }
    let object = schema
        .as_object_mut()
        .expect("a struct's schema is an object");
    object.insert("title".into(), title.into());
    object.insert("description".into(), description.into());
    schema
}

/// Limits the value at `pointer` to `names` (a missing value stays missing: the field is
/// optional).
fn restrict<'a>(schema: &mut Value, pointer: &str, names: impl Iterator<Item = &'a str>) {
    let field = schema
        .pointer_mut(pointer)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("the schema has {pointer}"));
    field.insert(
        "enum".into(),
        names.map(Value::from).chain([Value::Null]).collect(),
    );
}

/// The JSON Schema of `kind` as pretty-printed JSON, ending in a newline.
pub fn to_json(kind: Kind) -> String {
    let mut text = serde_json::to_string_pretty(&schema(kind)).expect("a schema serialises");
    text.push('\n');
    text
}

/// Writes every kind's schema into `dir` (`site.schema.json`, `roadmap.schema.json`, …),
/// creating it if missing, and returns the file names written.
pub fn write_all(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    fs::create_dir_all(dir).map_err(|e| {
        Diagnostic::error(
            Code::Io,
            format!("cannot create the folder `{}`: {e}", dir.display()),
        )
    })?;
    let mut written = Vec::new();
    for kind in Kind::ALL {
        let name = PathBuf::from(kind.schema_file());
        let path = dir.join(&name);
        fs::write(&path, to_json(kind)).map_err(|e| {
            Diagnostic::error(Code::Io, format!("cannot write `{}`: {e}", path.display()))
        })?;
        written.push(name);
    }
    Ok(written)
}

fn generate<T: JsonSchema>() -> Value {
    SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<T>()
        .to_value()
}

/// The title and description of each kind's root schema.
fn about(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Site => (
            "jenjang site.yaml",
            "The settings of a jenjang site: its title, languages, publisher, menu and output.",
        ),
        Kind::Roadmap => (
            "jenjang career roadmap",
            "A career roadmap, content/roadmaps/<id>.yaml: stages with durations, competencies, \
             modules and checklists, linked by `next`. The id is the file name.",
        ),
        Kind::Module => (
            "jenjang training module",
            "A training module or curriculum, content/modules/<id>.yaml: units, outcomes, \
             competencies, assessment and checklists. The id is the file name.",
        ),
        Kind::Framework => (
            "jenjang competency framework",
            "A competency framework, content/competencies/<id>.yaml: proficiency levels and a \
             tree of competencies. The id is the file name.",
        ),
        Kind::Scale => (
            "jenjang assessment scale",
            "An assessment scale, content/scales/<id>.yaml: bands that map an achievement \
             percentage (0–100) to a score and a label. The id is the file name.",
        ),
        Kind::Page => (
            "jenjang page front matter",
            "The front matter of a free page, content/pages/<id>.md: the YAML between the \
             two `---` lines at the top. The id is the file name.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemas_are_draft_2020_12_and_close_every_object() {
        for kind in Kind::ALL {
            let schema = schema(kind);
            assert_eq!(
                schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
                "{kind}"
            );
            assert_eq!(schema["additionalProperties"], false, "{kind}");
            assert_eq!(schema["required"], serde_json::json!(["title"]), "{kind}");
            for (name, def) in schema["$defs"].as_object().into_iter().flatten() {
                assert_eq!(def["additionalProperties"], false, "{kind}: {name}");
            }
        }
    }

    #[test]
    fn fields_carry_their_doc_comments() {
        let roadmap = schema(Kind::Roadmap);
        let stage = &roadmap["$defs"]["RawStage"]["properties"];
        assert!(stage["next"]["description"]
            .as_str()
            .is_some_and(|d| d.contains("branch")));
        assert_eq!(stage["id"]["pattern"], crate::load::raw::ID_PATTERN);
        let module = schema(Kind::Module);
        assert_eq!(
            module["properties"]["delivery"]["enum"],
            serde_json::json!(["in-person", "online", "blended", null])
        );
    }
}
