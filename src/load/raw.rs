//! The raw shapes of content files, exactly as authors write them.
//!
//! Every struct rejects unknown keys (`deny_unknown_fields`), so a typo is an error with the
//! key's line and column rather than a value that silently vanishes. Fields that the content
//! format lets authors write in a short form (a checklist item as a plain string, a source as a
//! plain string, a competency reference as `framework/competency`) use [`OrFull`]. Nothing here
//! knows about other files: references are plain strings until `resolve` checks them.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

/// A text or Markdown field: a plain string, or a map from language code to string
/// (`{en: Pedagogical competence, id: Kompetensi pedagogik}`). Numbers and booleans are taken
/// as the text they are written as.
#[derive(Debug, Clone, PartialEq)]
pub enum RawText {
    Plain(String),
    /// Language code → text, in the order written.
    Map(Vec<(String, String)>),
}

/// A scalar taken as a string: ids, references, durations. `2024` and `"2024"` are the same.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Scalar(pub String);

impl Scalar {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Either the short form of a value (a scalar, as [`RawText`]) or its full form (a map).
#[derive(Debug, Clone, PartialEq)]
pub enum OrFull<T> {
    Short(RawText),
    Full(T),
}

/// A map whose entries keep the order they are written in.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderedMap<V>(pub Vec<(Scalar, V)>);

impl<V> Default for OrderedMap<V> {
    fn default() -> Self {
        OrderedMap(Vec::new())
    }
}

/// `site.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSite {
    pub title: RawText,
    pub summary: Option<RawText>,
    pub description: Option<RawText>,
    pub base_url: Option<Scalar>,
    pub language: Option<Scalar>,
    pub languages: Option<Vec<Scalar>>,
    pub publisher: Option<OrFull<RawParty>>,
    pub theme: Option<Scalar>,
    pub output: Option<Scalar>,
    pub menu: Option<Vec<RawMenuEntry>>,
    pub progress: Option<RawProgress>,
    /// Lets raw HTML in Markdown through unsanitised. Off by default.
    pub allow_raw_html: Option<bool>,
}

/// A publisher or provider: `{name, url}` or a plain name.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawParty {
    pub name: RawText,
    pub url: Option<Scalar>,
}

/// One entry of `menu:` in `site.yaml`: a free page, a section or a URL.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMenuEntry {
    pub title: RawText,
    pub page: Option<Scalar>,
    pub section: Option<Scalar>,
    pub url: Option<Scalar>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProgress {
    pub scale: Option<Scalar>,
}

/// Where a framework, scale, module or roadmap comes from.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub title: Option<RawText>,
    pub url: Option<Scalar>,
    pub publisher: Option<RawText>,
    pub year: Option<Scalar>,
}

/// `content/competencies/<id>.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFramework {
    pub title: RawText,
    pub summary: Option<RawText>,
    pub description: Option<RawText>,
    pub source: Option<OrFull<RawSource>>,
    #[serde(default)]
    pub levels: Vec<RawLevel>,
    #[serde(default)]
    pub competencies: Vec<RawCompetency>,
}

/// A proficiency level of a framework.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLevel {
    pub id: Scalar,
    pub title: RawText,
    pub description: Option<RawText>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCompetency {
    pub id: Scalar,
    pub title: RawText,
    pub summary: Option<RawText>,
    pub description: Option<RawText>,
    #[serde(default)]
    pub indicators: Vec<OrFull<RawIndicator>>,
    /// Level id → what that level looks like for this competency (Markdown).
    #[serde(default)]
    pub levels: OrderedMap<RawText>,
    #[serde(default)]
    pub children: Vec<RawCompetency>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIndicator {
    pub id: Option<Scalar>,
    pub text: RawText,
}

/// `content/scales/<id>.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScale {
    pub title: RawText,
    pub summary: Option<RawText>,
    pub description: Option<RawText>,
    pub source: Option<OrFull<RawSource>>,
    #[serde(default)]
    pub bands: Vec<RawBand>,
    pub below: Option<RawBelow>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBand {
    /// Lowest achievement percentage (0–100) of the band.
    pub min: f64,
    pub score: f64,
    pub label: RawText,
    pub description: Option<RawText>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBelow {
    pub label: RawText,
    pub description: Option<RawText>,
}

/// A checklist item in full form (the short form is its text).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawItem {
    pub id: Option<Scalar>,
    pub text: RawText,
    pub required: Option<bool>,
    pub weight: Option<f64>,
    pub evidence: Option<RawText>,
}

/// A competency a stage, module or unit develops: `{ref, level}` or just the reference.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCompetencyRef {
    #[serde(rename = "ref")]
    pub reference: Scalar,
    pub level: Option<Scalar>,
}

/// `content/modules/<id>.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawModule {
    pub title: RawText,
    pub summary: Option<RawText>,
    pub description: Option<RawText>,
    pub source: Option<OrFull<RawSource>>,
    pub provider: Option<OrFull<RawParty>>,
    pub audience: Option<RawText>,
    pub duration: Option<Scalar>,
    pub delivery: Option<Scalar>,
    pub group_size: Option<RawText>,
    #[serde(default)]
    pub outcomes: Vec<RawText>,
    #[serde(default)]
    pub competencies: Vec<OrFull<RawCompetencyRef>>,
    #[serde(default)]
    pub prerequisites: Vec<Scalar>,
    #[serde(default)]
    pub units: Vec<RawUnit>,
    pub assessment: Option<RawAssessment>,
    #[serde(default)]
    pub checklist: Vec<OrFull<RawItem>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUnit {
    pub id: Scalar,
    pub title: RawText,
    pub period: Option<RawText>,
    pub duration: Option<Scalar>,
    pub summary: Option<RawText>,
    pub description: Option<RawText>,
    #[serde(default)]
    pub topics: Vec<RawText>,
    #[serde(default)]
    pub competencies: Vec<OrFull<RawCompetencyRef>>,
    #[serde(default)]
    pub checklist: Vec<OrFull<RawItem>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAssessment {
    pub description: Option<RawText>,
    pub scale: Option<Scalar>,
}

/// `content/roadmaps/<id>.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRoadmap {
    pub title: RawText,
    pub summary: Option<RawText>,
    pub description: Option<RawText>,
    pub source: Option<OrFull<RawSource>>,
    pub audience: Option<RawText>,
    pub scale: Option<Scalar>,
    #[serde(default)]
    pub stages: Vec<RawStage>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStage {
    pub id: Scalar,
    pub title: RawText,
    pub duration: Option<Scalar>,
    pub summary: Option<RawText>,
    pub description: Option<RawText>,
    pub entry: Option<RawText>,
    #[serde(default)]
    pub competencies: Vec<OrFull<RawCompetencyRef>>,
    #[serde(default)]
    pub modules: Vec<Scalar>,
    #[serde(default)]
    pub checklist: Vec<OrFull<RawItem>>,
    pub next: Option<Vec<Scalar>>,
}

/// The front matter of `content/pages/**/*.md`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPageMeta {
    pub title: RawText,
    pub summary: Option<RawText>,
    pub order: Option<i64>,
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = RawText;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string, or a map from language code to string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<RawText, E> {
        Ok(RawText::Plain(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<RawText, E> {
        Ok(RawText::Plain(v))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<RawText, E> {
        Ok(RawText::Plain(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawText, E> {
        Ok(RawText::Plain(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawText, E> {
        Ok(RawText::Plain(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawText, E> {
        Ok(RawText::Plain(v.to_string()))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawText, A::Error> {
        let mut entries = Vec::new();
        while let Some((lang, text)) = map.next_entry::<Scalar, Scalar>()? {
            entries.push((lang.0, text.0));
        }
        Ok(RawText::Map(entries))
    }
}

impl<'de> Deserialize<'de> for RawText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<RawText, D::Error> {
        d.deserialize_any(TextVisitor)
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Scalar, D::Error> {
        struct ScalarVisitor;
        impl Visitor<'_> for ScalarVisitor {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a single value (a word, a number or a quoted string)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(v.to_owned()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
        }
        d.deserialize_any(ScalarVisitor)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OrFull<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<OrFull<T>, D::Error> {
        struct OrFullVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for OrFullVisitor<T> {
            type Value = OrFull<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string, or a map of the item's keys")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<OrFull<T>, E> {
                TextVisitor.visit_str(v).map(OrFull::Short)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<OrFull<T>, E> {
                TextVisitor.visit_bool(v).map(OrFull::Short)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<OrFull<T>, E> {
                TextVisitor.visit_i64(v).map(OrFull::Short)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<OrFull<T>, E> {
                TextVisitor.visit_u64(v).map(OrFull::Short)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<OrFull<T>, E> {
                TextVisitor.visit_f64(v).map(OrFull::Short)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<OrFull<T>, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(OrFull::Full)
            }
        }
        d.deserialize_any(OrFullVisitor(PhantomData))
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for OrderedMap<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<OrderedMap<V>, D::Error> {
        struct MapVisitor<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for MapVisitor<V> {
            type Value = OrderedMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<OrderedMap<V>, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<Scalar, V>()? {
                    entries.push(entry);
                }
                Ok(OrderedMap(entries))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<OrderedMap<V>, A::Error> {
                Err(de::Error::invalid_type(de::Unexpected::Seq, &self))
            }
        }
        d.deserialize_map(MapVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_full_forms() {
        let items: Vec<OrFull<RawItem>> =
            serde_yaml::from_str("- Plain item\n- {id: x, text: Full item, weight: 2}\n").unwrap();
        assert!(matches!(&items[0], OrFull::Short(RawText::Plain(t)) if t == "Plain item"));
        assert!(matches!(&items[1], OrFull::Full(RawItem { weight: Some(w), .. }) if *w == 2.0));
    }

    #[test]
    fn language_maps_and_numbers_as_text() {
        let t: RawText = serde_yaml::from_str("{en: Social, id: Sosial}").unwrap();
        assert_eq!(
            t,
            RawText::Map(vec![
                ("en".into(), "Social".into()),
                ("id".into(), "Sosial".into())
            ])
        );
        let n: RawText = serde_yaml::from_str("6").unwrap();
        assert_eq!(n, RawText::Plain("6".into()));
    }

    #[test]
    fn unknown_keys_are_rejected() {
        let err = serde_yaml::from_str::<RawItem>("text: a\nweigth: 2\n").unwrap_err();
        assert!(err.to_string().contains("unknown field `weigth`"), "{err}");
    }
}
