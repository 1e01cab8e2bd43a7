//! A CASE 1.1 `CFPackage` per framework (1EdTech Competencies and Academic Standards Exchange),
//! at `competencies/<f>/case.json`.
//!
//! - `CFDocument`: the framework.
//! - `CFItems`: every competency (`CFItemType` "Competency", or "Competency area" when it has
//!   child competencies) and every indicator ("Indicator"), depth-first as written, each
//!   competency followed by its indicators. `humanCodingScheme` numbers the tree (`2`, `2.1`)
//!   and letters indicators (`2.1.a`).
//! - `CFAssociations`: one `isChildOf` per item, from the item to its parent competency or to
//!   the document, with `sequenceNumber` giving the order among siblings (indicators first,
//!   then child competencies).
//! - `CFDefinitions.CFItemTypes`: the item types used.
//! - `CFRubrics`: when the framework has levels, one rubric whose criteria are the
//!   competencies (`CFItemURI` links each to its item) and whose criterion levels are the
//!   framework's levels (`quality` = the level's title, `description` = the competency's
//!   descriptor for it, `position` from 1, low to high).
//!
//! Identifiers are UUID v5 ([`Ids`]) of names such as `case/framework/<f>/competency/<c>`
//! (with the language after `case/` for a language other than the default), so they survive
//! rebuilds and edits of text. The item types are the same in every package of the site
//! (`case/item-type/<code>`), so a registry that imports several packages keeps one
//! "Competency" type. `uri`s are `<base_url><path of case.json>#<uuid>` (the document's is the
//! file's URL itself; an item type's is `<base_url>competencies/#<uuid>`), or `urn:uuid:<uuid>`
//! on a site without `base_url`, which no one can resolve (`check` says so).
//!
//! Every `lastChangeDateTime` is the framework's last-change date ([`Site::updated`]) at
//! midnight UTC, but the item types', which is [`ITEM_TYPES_CHANGED`]. A framework without a
//! date has no package: CASE requires the date, and an invented one would be kept as true.

use serde_json::{json, Map, Value};

use crate::model::{Date, Entity, Framework, Site};

use super::{absolute, html_to_text, lang_prefix, File, Ids};

/// The CASE version the packages declare.
pub const CASE_VERSION: &str = "1.1";
/// The `frameworkType` of every document.
pub const FRAMEWORK_TYPE: &str = "Competency framework";
/// The `lastChangeDateTime` of the item types: the day jenjang last changed their definitions
/// (title, description, hierarchy code).
pub const ITEM_TYPES_CHANGED: &str = "2026-12-08T00:00:00Z";

/// The path of framework `f`'s package in `lang`: `competencies/<f>/case.json`, under the
/// language's folder for other languages than the default.
pub fn path(site: &Site, f: usize, lang: &str) -> String {
    format!(
        "{}competencies/{}/case.json",
        lang_prefix(site, lang),
        site.frameworks[f].id
    )
}

/// Whether framework `f` has a package: when its last-change date is known.
pub fn is_written(site: &Site, f: usize) -> bool {
    site.updated(Entity::Framework(f)).is_some()
}

/// Framework `f`'s package in `lang`, pretty-printed and ending in a newline; `None` when its
/// last-change date is not known ([`is_written`]).
pub fn file(site: &Site, f: usize, lang: &str) -> Option<File> {
    let mut bytes =
        serde_json::to_vec_pretty(&package(site, f, lang)?).expect("a JSON value serialises");
    bytes.push(b'\n');
    Some(File {
        path: path(site, f, lang),
        bytes,
    })
}

/// Framework `f`'s `CFPackage` in `lang`; `None` when its last-change date is not known.
pub fn package(site: &Site, f: usize, lang: &str) -> Option<Value> {
    let when = site.updated(Entity::Framework(f))?;
    let fw = &site.frameworks[f];
    let name = if lang == site.config.language {
        format!("case/framework/{}", fw.id)
    } else {
        format!("case/{lang}/framework/{}", fw.id)
    };
    let cx = Case {
        fw,
        lang,
        ids: Ids::new(site),
        name,
        file_uri: absolute(site, &path(site, f, lang)),
        types_uri: absolute(site, "competencies/"),
        when: date_time(when),
    };
    Some(cx.package(site))
}

/// `YYYY-MM-DDT00:00:00Z`: midnight UTC of `date`, as CASE's `lastChangeDateTime`.
fn date_time(date: Date) -> String {
    format!("{date}T00:00:00Z")
}

/// An item type: code (for its identifier), title, description, hierarchy code.
struct ItemType {
    code: &'static str,
    title: &'static str,
    description: &'static str,
    hierarchy: &'static str,
}

const AREA: ItemType = ItemType {
    code: "competency-area",
    title: "Competency area",
    description: "A competency that groups narrower competencies.",
    hierarchy: "1",
};
const COMPETENCY: ItemType = ItemType {
    code: "competency",
    title: "Competency",
    description: "A competency with no narrower competencies.",
    hierarchy: "2",
};
const INDICATOR: ItemType = ItemType {
    code: "indicator",
    title: "Indicator",
    description: "An observable sign that a competency is held.",
    hierarchy: "3",
};

struct Case<'a> {
    fw: &'a Framework,
    lang: &'a str,
    ids: Ids,
    /// The name every entity's UUID name starts with.
    name: String,
    /// The package's absolute URL, with `base_url`.
    file_uri: Option<String>,
    /// What item types' URIs start with, with `base_url`.
    types_uri: Option<String>,
    /// `lastChangeDateTime` of everything.
    when: String,
}

/// One item of the package, before it becomes JSON.
struct Node {
    id: String,
    title: String,
    parent: Parent,
    sequence: usize,
    json: Value,
}

enum Parent {
    Document,
    /// Index into the nodes.
    Item(usize),
}

impl Case<'_> {
    fn uuid(&self, suffix: &str) -> String {
        if suffix.is_empty() {
            self.ids.uuid(&self.name)
        } else {
            self.ids.uuid(&format!("{}/{suffix}", self.name))
        }
    }

    fn uri(&self, uuid: &str) -> String {
        match &self.file_uri {
            Some(u) => format!("{u}#{uuid}"),
            None => format!("urn:uuid:{uuid}"),
        }
    }

    fn link(&self, title: &str, uuid: &str, uri: &str) -> Value {
        json!({"title": title, "identifier": uuid, "uri": uri})
    }

    /// An item type: the same identifier and URI in every package of the site.
    fn item_type(&self, t: &ItemType) -> (String, String, Value) {
        let id = self.ids.uuid(&format!("case/item-type/{}", t.code));
        let uri = match &self.types_uri {
            Some(u) => format!("{u}#{id}"),
            None => format!("urn:uuid:{id}"),
        };
        let v = json!({
            "identifier": id,
            "uri": uri,
            "title": t.title,
            "description": t.description,
            "hierarchyCode": t.hierarchy,
            "typeCode": t.code,
            "lastChangeDateTime": ITEM_TYPES_CHANGED,
        });
        (id, uri, v)
    }

    fn package(&self, site: &Site) -> Value {
        let fw = self.fw;
        let lang = self.lang;
        let doc_id = self.uuid("");
        let doc_uri = self
            .file_uri
            .clone()
            .unwrap_or(format!("urn:uuid:{doc_id}"));
        let title = fw.title.get(lang).to_string();

        let mut doc = Map::new();
        doc.insert("identifier".into(), json!(doc_id));
        doc.insert("uri".into(), json!(doc_uri));
        let creator = site
            .config
            .publisher
            .as_ref()
            .map_or(&site.config.title, |p| &p.name);
        doc.insert("creator".into(), json!(creator.get(lang)));
        doc.insert("title".into(), json!(title));
        doc.insert("lastChangeDateTime".into(), json!(self.when));
        if let Some(s) = &fw.summary {
            doc.insert("description".into(), json!(s.plain.get(lang)));
        }
        doc.insert("language".into(), json!(lang));
        if let Some(year) = fw.source.as_ref().and_then(|s| s.year.as_ref()) {
            doc.insert("version".into(), json!(year));
        }
        doc.insert("frameworkType".into(), json!(FRAMEWORK_TYPE));
        doc.insert("caseVersion".into(), json!(CASE_VERSION));
        if let Some(url) = fw
            .source
            .as_ref()
            .and_then(|s| s.url.as_ref())
            .filter(|u| is_absolute_url(u))
        {
            doc.insert("officialSourceURL".into(), json!(url));
        }
        if let Some(notes) = self.document_notes() {
            doc.insert("notes".into(), json!(notes));
        }

        let (area_id, area_uri, area_type) = self.item_type(&AREA);
        let (comp_id, comp_uri, comp_type) = self.item_type(&COMPETENCY);
        let (ind_id, ind_uri, ind_type) = self.item_type(&INDICATOR);
        let mut used = [false; 3];

        // Items, depth-first: each competency, then its indicators, then its children.
        let mut nodes: Vec<Node> = Vec::new();
        let mut item_of = vec![0; fw.competencies.len()];
        let mut codes = vec![String::new(); fw.competencies.len()];
        let mut stack: Vec<(usize, Parent, usize, String)> = fw
            .roots
            .iter()
            .enumerate()
            .rev()
            .map(|(i, &c)| (c, Parent::Document, i + 1, (i + 1).to_string()))
            .collect();
        while let Some((c, parent, sequence, code)) = stack.pop() {
            let competency = &fw.competencies[c];
            let comp_name = format!("competency/{}", competency.id);
            let id = self.uuid(&comp_name);
            let c_title = competency.title.get(lang).to_string();
            let (t, t_id, t_uri, slot) = if competency.children.is_empty() {
                (&COMPETENCY, &comp_id, &comp_uri, 1)
            } else {
                (&AREA, &area_id, &area_uri, 0)
            };
            used[slot] = true;
            let mut item = Map::new();
            item.insert("identifier".into(), json!(id));
            let full = match &competency.summary {
                Some(s) => format!("{c_title}: {}", s.plain.get(lang)),
                None => c_title.clone(),
            };
            item.insert("fullStatement".into(), json!(full));
            item.insert("abbreviatedStatement".into(), json!(c_title));
            item.insert("humanCodingScheme".into(), json!(code));
            item.insert("listEnumeration".into(), json!(sequence.to_string()));
            item.insert("CFItemType".into(), json!(t.title));
            item.insert("CFItemTypeURI".into(), self.link(t.title, t_id, t_uri));
            if let Some(d) = &competency.description {
                let notes = html_to_text(d.get(lang));
                if !notes.is_empty() {
                    item.insert("notes".into(), json!(notes));
                }
            }
            item.insert("language".into(), json!(lang));
            item.insert("uri".into(), json!(self.uri(&id)));
            item.insert("lastChangeDateTime".into(), json!(self.when));
            let index = nodes.len();
            item_of[c] = index;
            codes[c] = code.clone();
            nodes.push(Node {
                id,
                title: c_title,
                parent,
                sequence,
                json: Value::Object(item),
            });

            let mut seen = std::collections::BTreeSet::new();
            for (i, indicator) in competency.indicators.iter().enumerate() {
                used[2] = true;
                let mut key = indicator.id.clone();
                let mut n = 2;
                while !seen.insert(key.clone()) {
                    key = format!("{}~{n}", indicator.id);
                    n += 1;
                }
                let id = self.uuid(&format!("{comp_name}/indicator/{key}"));
                let text = indicator.text.get(lang).to_string();
                let letter = letters(i);
                let item = json!({
                    "identifier": id,
                    "fullStatement": text,
                    "humanCodingScheme": format!("{code}.{letter}"),
                    "listEnumeration": letter,
                    "CFItemType": INDICATOR.title,
                    "CFItemTypeURI": self.link(INDICATOR.title, &ind_id, &ind_uri),
                    "language": lang,
                    "uri": self.uri(&id),
                    "lastChangeDateTime": self.when,
                });
                nodes.push(Node {
                    id,
                    title: text,
                    parent: Parent::Item(index),
                    sequence: i + 1,
                    json: item,
                });
            }
            let offset = competency.indicators.len();
            for (k, &child) in competency.children.iter().enumerate().rev() {
                stack.push((
                    child,
                    Parent::Item(index),
                    offset + k + 1,
                    format!("{code}.{}", k + 1),
                ));
            }
        }

        let doc_link = self.link(&title, &doc_id, &doc_uri);
        let associations: Vec<Value> = nodes
            .iter()
            .map(|n| {
                let id = self.uuid(&format!("association/{}", n.id));
                let destination = match n.parent {
                    Parent::Document => doc_link.clone(),
                    Parent::Item(p) => {
                        let p = &nodes[p];
                        self.link(&p.title, &p.id, &self.uri(&p.id))
                    }
                };
                json!({
                    "identifier": id,
                    "associationType": "isChildOf",
                    "uri": self.uri(&id),
                    "originNodeURI": self.link(&n.title, &n.id, &self.uri(&n.id)),
                    "destinationNodeURI": destination,
                    "sequenceNumber": n.sequence,
                    "lastChangeDateTime": self.when,
                })
            })
            .collect();

        let item_types: Vec<Value> = [area_type, comp_type, ind_type]
            .into_iter()
            .zip(used)
            .filter_map(|(v, u)| u.then_some(v))
            .collect();

        let mut package = Map::new();
        package.insert("CFDocument".into(), Value::Object(doc));
        package.insert(
            "CFItems".into(),
            Value::Array(nodes.iter().map(|n| n.json.clone()).collect()),
        );
        package.insert("CFAssociations".into(), Value::Array(associations));
        package.insert("CFDefinitions".into(), json!({ "CFItemTypes": item_types }));
        if !fw.levels.is_empty() {
            package.insert(
                "CFRubrics".into(),
                json!([self.rubric(&title, &item_of, &nodes)]),
            );
        }
        Value::Object(package)
    }

    /// The framework's description as text, then where it comes from.
    fn document_notes(&self) -> Option<String> {
        let lang = self.lang;
        let mut parts = Vec::new();
        if let Some(d) = &self.fw.description {
            let text = html_to_text(d.get(lang));
            if !text.is_empty() {
                parts.push(text);
            }
        }
        if let Some(s) = &self.fw.source {
            let cite: Vec<&str> = [
                s.title.as_ref().map(|t| t.get(lang)),
                s.publisher.as_ref().map(|p| p.get(lang)),
                s.year.as_deref(),
                s.url.as_deref(),
            ]
            .into_iter()
            .flatten()
            .filter(|p| !p.is_empty())
            .collect();
            if !cite.is_empty() {
                parts.push(format!("Source: {}.", cite.join(", ")));
            }
        }
        (!parts.is_empty()).then(|| parts.join("\n\n"))
    }

    fn rubric(&self, title: &str, item_of: &[usize], nodes: &[Node]) -> Value {
        let lang = self.lang;
        let fw = self.fw;
        let rubric_id = self.uuid("rubric");
        // Criteria in the order of the items (depth-first).
        let mut order: Vec<usize> = (0..fw.competencies.len()).collect();
        order.sort_by_key(|&c| item_of[c]);
        let criteria: Vec<Value> = order
            .iter()
            .enumerate()
            .map(|(position, &c)| {
                let competency = &fw.competencies[c];
                let node = &nodes[item_of[c]];
                let id = self.uuid(&format!("rubric/{}", competency.id));
                let levels: Vec<Value> = fw
                    .levels
                    .iter()
                    .enumerate()
                    .map(|(l, level)| {
                        let level_id = self.uuid(&format!("rubric/{}/{}", competency.id, level.id));
                        let mut o = Map::new();
                        o.insert("identifier".into(), json!(level_id));
                        o.insert("uri".into(), json!(self.uri(&level_id)));
                        o.insert("lastChangeDateTime".into(), json!(self.when));
                        o.insert("quality".into(), json!(level.title.get(lang)));
                        let description = competency.descriptors[l]
                            .as_ref()
                            .or(level.description.as_ref())
                            .map(|d| html_to_text(d.get(lang)))
                            .filter(|d| !d.is_empty());
                        if let Some(d) = description {
                            o.insert("description".into(), json!(d));
                        }
                        o.insert("position".into(), json!(l + 1));
                        o.insert("rubricCriterionId".into(), json!(id));
                        Value::Object(o)
                    })
                    .collect();
                json!({
                    "identifier": id,
                    "uri": self.uri(&id),
                    "lastChangeDateTime": self.when,
                    "description": competency.title.get(lang),
                    "CFItemURI": self.link(&node.title, &node.id, &self.uri(&node.id)),
                    "position": position + 1,
                    "rubricId": rubric_id,
                    "CFRubricCriterionLevels": levels,
                })
            })
            .collect();
        json!({
            "identifier": rubric_id,
            "uri": self.uri(&rubric_id),
            "lastChangeDateTime": self.when,
            "title": title,
            "description": fw
                .levels
                .iter()
                .map(|l| l.title.get(lang))
                .collect::<Vec<_>>()
                .join(" < "),
            "CFRubricCriteria": criteria,
        })
    }
}

/// `a`, `b`, … `z`, `aa`, `ab`, …: the `i`-th (from 0) in bijective base 26.
fn letters(i: usize) -> String {
    let mut n = i + 1;
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push(b'a' + (n % 26) as u8);
        n /= 26;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII letters")
}

/// True for `http://…` and `https://…` addresses without white space.
fn is_absolute_url(u: &str) -> bool {
    (u.starts_with("https://") || u.starts_with("http://"))
        && u.len() > "https://".len()
        && !u.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::fixture;

    fn items(v: &Value) -> &Vec<Value> {
        v["CFItems"].as_array().unwrap()
    }

    #[test]
    fn letters_count_like_columns() {
        assert_eq!(letters(0), "a");
        assert_eq!(letters(25), "z");
        assert_eq!(letters(26), "aa");
        assert_eq!(letters(27), "ab");
    }

    #[test]
    fn the_tree_becomes_items_and_associations() {
        let site = fixture::site();
        let v = package(&site, 0, "en").unwrap();
        let doc = &v["CFDocument"];
        assert_eq!(doc["title"], "Skills, for teachers");
        assert_eq!(doc["creator"], "Publisher");
        assert_eq!(doc["caseVersion"], "1.1");
        assert_eq!(doc["version"], "2007");
        assert_eq!(doc["officialSourceURL"], "https://example.org/standard");
        assert_eq!(doc["lastChangeDateTime"], "2026-03-01T00:00:00Z");
        let doc_id = doc["identifier"].as_str().unwrap();
        assert_eq!(doc["uri"], format!("urn:uuid:{doc_id}"));

        let codes: Vec<&str> = items(&v)
            .iter()
            .map(|i| i["humanCodingScheme"].as_str().unwrap())
            .collect();
        assert_eq!(codes, ["1", "1.a", "1.1", "1.1.a", "2", "2.a"]);
        assert_eq!(items(&v)[0]["CFItemType"], "Competency area");
        assert_eq!(items(&v)[1]["CFItemType"], "Indicator");
        assert_eq!(items(&v)[2]["CFItemType"], "Competency");
        assert_eq!(items(&v)[0]["fullStatement"], "Teaching: About Teaching.");
        assert_eq!(items(&v)[0]["notes"], "Teaching well, always.");

        let assoc = v["CFAssociations"].as_array().unwrap();
        assert_eq!(assoc.len(), 6);
        assert!(assoc.iter().all(|a| a["associationType"] == "isChildOf"));
        // Teaching → document; planning → teaching, after teaching's one indicator.
        assert_eq!(assoc[0]["destinationNodeURI"]["identifier"], doc_id);
        assert_eq!(
            assoc[2]["destinationNodeURI"]["identifier"],
            items(&v)[0]["identifier"]
        );
        assert_eq!(assoc[2]["sequenceNumber"], 2);
        assert_eq!(assoc[4]["sequenceNumber"], 2);
        assert_eq!(
            v["CFDefinitions"]["CFItemTypes"].as_array().unwrap().len(),
            3
        );
    }

    #[test]
    fn levels_become_a_rubric() {
        let site = fixture::site();
        let v = package(&site, 0, "en").unwrap();
        let rubric = &v["CFRubrics"][0];
        let criteria = rubric["CFRubricCriteria"].as_array().unwrap();
        assert_eq!(criteria.len(), 3);
        assert_eq!(
            criteria[0]["CFItemURI"]["identifier"],
            items(&v)[0]["identifier"]
        );
        let levels = criteria[0]["CFRubricCriterionLevels"].as_array().unwrap();
        assert_eq!(levels[0]["quality"], "Basic");
        assert_eq!(levels[0]["description"], "Teaching, basic");
        assert_eq!(levels[0]["position"], 1);
        // No descriptor: the level's own description.
        assert_eq!(levels[1]["description"], "Leads others.");
        assert_eq!(levels[1]["rubricCriterionId"], criteria[0]["identifier"]);
    }

    #[test]
    fn uris_use_the_base_url_and_languages_get_their_own_ids() {
        let site = fixture::published();
        let v = package(&site, 0, "en").unwrap();
        assert_eq!(
            v["CFDocument"]["uri"],
            "https://example.org/site/competencies/skills/case.json"
        );
        let item = &items(&v)[0];
        assert_eq!(
            item["uri"],
            format!(
                "https://example.org/site/competencies/skills/case.json#{}",
                item["identifier"].as_str().unwrap()
            )
        );
        let id = package(&site, 0, "id").unwrap();
        assert_eq!(items(&id)[0]["abbreviatedStatement"], "Mengajar");
        assert_eq!(id["CFDocument"]["language"], "id");
        assert_ne!(items(&id)[0]["identifier"], item["identifier"]);
        assert_eq!(
            id["CFDocument"]["uri"],
            "https://example.org/site/id/competencies/skills/case.json"
        );
    }

    #[test]
    fn the_framework_date_wins_and_no_date_means_no_package() {
        let mut site = fixture::site();
        site.frameworks[0].updated = crate::export::Date::new(2026, 5, 2);
        let v = package(&site, 0, "en").unwrap();
        assert_eq!(
            v["CFDocument"]["lastChangeDateTime"],
            "2026-05-02T00:00:00Z"
        );
        assert_eq!(items(&v)[3]["lastChangeDateTime"], "2026-05-02T00:00:00Z");
        assert_eq!(
            v["CFAssociations"][0]["lastChangeDateTime"],
            "2026-05-02T00:00:00Z"
        );
        site.frameworks[0].updated = None;
        site.config.updated = None;
        assert!(!is_written(&site, 0));
        assert!(package(&site, 0, "en").is_none());
        assert!(file(&site, 0, "id").is_none());
    }

    #[test]
    fn item_types_are_shared_by_every_package_of_the_site() {
        let mut site = fixture::published();
        let mut other = site.frameworks[0].clone();
        other.id = "other".into();
        site.frameworks.push(other);
        let types = |f: usize, lang: &str| {
            package(&site, f, lang).unwrap()["CFDefinitions"]["CFItemTypes"].clone()
        };
        assert_eq!(types(0, "en"), types(1, "en"));
        assert_eq!(types(0, "en"), types(0, "id"));
        let t = &types(0, "en")[0];
        assert_eq!(
            t["uri"],
            format!(
                "https://example.org/site/competencies/#{}",
                t["identifier"].as_str().unwrap()
            )
        );
        assert_eq!(t["lastChangeDateTime"], ITEM_TYPES_CHANGED);
        let v = package(&site, 1, "en").unwrap();
        assert_eq!(items(&v)[0]["CFItemTypeURI"]["identifier"], t["identifier"]);
    }
}
