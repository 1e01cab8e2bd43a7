//! `data.json`: the whole resolved site, for other tools.
//!
//! The shape is documented in `docs/exports.md` and checked by `docs/data.schema.json`, which
//! every build publishes beside it ([`SCHEMA_PATH`]) and which its `$schema` names. Every
//! entity carries its site path (`url`: `roadmaps/teacher-career/`, relative to the site's
//! root, to be joined to `site.base_url` or to wherever the site is served). Texts are objects
//! from language code to text (every language of the site, falling back to the default
//! language), on a single-language site too. Fields ending in `_html` hold rendered, sanitised
//! HTML; the others are plain text. Optional values are `null`, never missing.

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::{HashMap, VecDeque};
use std::io::{self, Write};

use rayon::prelude::*;
use serde_json::{json, Map, Value};

use crate::model::progress::Range;
use crate::model::{
    Checklist, CompetencyRef, Developer, Development, Duration, Entity, Evidence, Framework, Item,
    Localized, Party, Site, Source, Summary,
};
use crate::render::urls;

use super::File;

/// The format name written at the top of `data.json`.
pub const FORMAT: &str = "jenjang-data";
/// The version of the format; it changes only when a field changes meaning or shape, or goes
/// away. Version 2: texts are language maps whatever the number of languages; `$schema`.
pub const VERSION: u64 = 2;
/// Where `data.json` is written.
pub const PATH: &str = "data.json";
/// Where the JSON Schema of `data.json` is published, beside it.
pub const SCHEMA_PATH: &str = "data.schema.json";
/// The JSON Schema (draft 2020-12) of `data.json`: `docs/data.schema.json`, whose `$id` names
/// the format's version (`urn:jenjang:data:2`).
pub const SCHEMA: &str = include_str!("../../docs/data.schema.json");

/// The `$schema` of `data.json`: [`SCHEMA_PATH`], relative to the file, or absolute on a site
/// with `base_url`.
pub fn schema_link(site: &Site) -> String {
    match &site.config.base_url {
        Some(base) => format!("{base}{SCHEMA_PATH}"),
        None => SCHEMA_PATH.to_string(),
    }
}

/// `data.json` for `site`: compact JSON (keys sorted), ending in a newline.
///
/// Byte for byte `serde_json::to_vec(&json(site))` plus the newline, but each roadmap, module,
/// framework, scale and page is built and serialised on its own ([`entity`]), in parallel, so
/// the whole site is never held as one [`Value`] tree: what [`write()`] writes, in memory.
pub fn file(site: &Site) -> File {
    let mut bytes = Vec::new();
    write(site, &mut bytes).expect("writing to memory cannot fail");
    File {
        path: PATH.to_string(),
        bytes,
    }
}

/// One entity's element of its list in `data.json` (`roadmaps`, `modules`, …): compact JSON.
pub fn entity(site: &Site, e: Entity) -> Vec<u8> {
    let d = Data { site };
    let value = match e {
        Entity::Roadmap(i) => d.roadmap(i),
        Entity::Module(i) => d.module(i),
        Entity::Framework(i) => d.framework(i),
        Entity::Scale(i) => d.scale(i),
        Entity::Page(i) => d.page(i),
    };
    serde_json::to_vec(&value).expect("a JSON value serialises")
}

/// `data.json` made of the elements of every entity, with where each element lies, so that an
/// edit can replace elements in place ([`Joined::replace`]) instead of joining the whole file
/// again: at 10,000 pages it is 60 MB.
#[derive(Debug, Default)]
pub struct Joined {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Each entity's element: its start in `bytes` and its length.
    spans: HashMap<Entity, (usize, usize)>,
}

impl Joined {
    /// `data.json` made of the elements `fragment` gives for every entity of `site` (what
    /// [`entity`] makes), joined once into a buffer of the exact size: growing one buffer of
    /// tens of megabytes would copy it again and again.
    pub fn new<'a>(site: &Site, fragment: impl Fn(Entity) -> &'a [u8]) -> Joined {
        let mut size = 0;
        layout(site, &mut |e| fragment(e).into(), &mut |piece| {
            size += piece.len();
            Ok(())
        })
        .expect("counting cannot fail");
        let mut bytes = Vec::with_capacity(size);
        let mut spans = HashMap::new();
        let next = Cell::new(None);
        layout(
            site,
            &mut |e| {
                next.set(Some(e));
                fragment(e).into()
            },
            &mut |piece| {
                if let Some(e) = next.take() {
                    spans.insert(e, (bytes.len(), piece.len()));
                }
                bytes.extend_from_slice(piece);
                Ok(())
            },
        )
        .expect("writing to memory cannot fail");
        Joined { bytes, spans }
    }

    /// Puts the new element of each of `changed` in place of its old one. The file must have
    /// been joined for a site with the same entities in the same order and the same settings
    /// (`site.yaml`); the bytes are then those [`Joined::new`] would give. When at most one
    /// element changes length the file is changed in place (the rest of the file moves once);
    /// otherwise it is copied once into a new buffer.
    pub fn replace(&mut self, changed: &[(Entity, &[u8])]) {
        let mut changed: Vec<(usize, usize, &[u8])> = changed
            .iter()
            .map(|&(e, element)| {
                let (start, len) = self.spans[&e];
                (start, len, element)
            })
            .collect();
        changed.sort_unstable_by_key(|&(start, _, _)| start);
        let resized = changed
            .iter()
            .filter(|(_, len, element)| element.len() != *len)
            .count();
        if resized <= 1 {
            for &(start, len, element) in changed.iter().rev() {
                self.bytes
                    .splice(start..start + len, element.iter().copied());
            }
        } else {
            let size = self.bytes.len() + changed.iter().map(|c| c.2.len()).sum::<usize>()
                - changed.iter().map(|c| c.1).sum::<usize>();
            let mut bytes = Vec::with_capacity(size);
            let mut at = 0;
            for &(start, len, element) in &changed {
                bytes.extend_from_slice(&self.bytes[at..start]);
                bytes.extend_from_slice(element);
                at = start + len;
            }
            bytes.extend_from_slice(&self.bytes[at..]);
            self.bytes = bytes;
        }
        // Every element after a changed one moved by what the changed ones before it grew.
        let mut shifts: Vec<(usize, isize)> = Vec::with_capacity(changed.len());
        let mut total = 0isize;
        for &(start, len, element) in &changed {
            total += element.len() as isize - len as isize;
            shifts.push((start, total));
        }
        for (start, len) in self.spans.values_mut() {
            let before = shifts.partition_point(|&(s, _)| s < *start);
            if let Some(&(s, _)) = shifts.get(before).filter(|&&(s, _)| s == *start) {
                let i = changed.partition_point(|c| c.0 < s);
                *len = changed[i].2.len();
            }
            if before > 0 {
                *start = start.saturating_add_signed(shifts[before - 1].1);
            }
        }
    }
}

/// Writes what [`file()`] returns to `out`, making the entities' elements a batch at a time (in
/// parallel) as the writing reaches them, so that only one batch is held: at 100,000 pages the
/// file is over 600 MB.
pub fn write(site: &Site, out: &mut dyn Write) -> io::Result<()> {
    const BATCH: usize = 64;
    let mut order = Vec::new();
    layout(
        site,
        &mut |e| {
            order.push(e);
            Cow::Borrowed(&[])
        },
        &mut |_| Ok(()),
    )?;
    let mut next = order.chunks(BATCH);
    let mut ready: VecDeque<Vec<u8>> = VecDeque::new();
    layout(
        site,
        &mut |_| {
            if ready.is_empty() {
                let batch = next.next().expect("asked in the order recorded");
                ready.extend(
                    batch
                        .par_iter()
                        .map(|&e| entity(site, e))
                        .collect::<Vec<_>>(),
                );
            }
            Cow::Owned(ready.pop_front().expect("a batch is never empty"))
        },
        &mut |piece| out.write_all(piece),
    )
}

/// The entity at an index of one of the site's lists (`Entity::Module`, …).
type EntityOf = fn(usize) -> Entity;

/// Walks the layout of `data.json`, handing each piece to `out` in order and asking `fragment`
/// for each entity's element where it goes (in the order of the lists).
fn layout<'a>(
    site: &Site,
    fragment: &mut dyn FnMut(Entity) -> Cow<'a, [u8]>,
    out: &mut dyn FnMut(&[u8]) -> io::Result<()>,
) -> io::Result<()> {
    let d = Data { site };
    let value = |v: Value| serde_json::to_vec(&v).expect("a JSON value serialises");
    // The keys in the order serde_json's sorted map writes them, as in `json`.
    out(b"{\"$schema\":")?;
    out(&value(json!(schema_link(site))))?;
    out(b",\"format\":")?;
    out(&value(json!(FORMAT)))?;
    let lists: [(&[u8], usize, EntityOf); 5] = [
        (
            b",\"frameworks\":[",
            site.frameworks.len(),
            Entity::Framework,
        ),
        (b",\"modules\":[", site.modules.len(), Entity::Module),
        (b",\"pages\":[", site.pages.len(), Entity::Page),
        (b",\"roadmaps\":[", site.roadmaps.len(), Entity::Roadmap),
        (b",\"scales\":[", site.scales.len(), Entity::Scale),
    ];
    for (key, n, entity) in lists {
        out(key)?;
        for i in 0..n {
            if i > 0 {
                out(b",")?;
            }
            out(&fragment(entity(i)))?;
        }
        out(b"]")?;
    }
    out(b",\"site\":")?;
    out(&value(d.config()))?;
    out(b",\"version\":")?;
    out(&value(json!(VERSION)))?;
    out(b"}\n")
}

/// The whole site as one JSON value (what [`file()`] writes).
pub fn json(site: &Site) -> Value {
    let d = Data { site };
    json!({
        "$schema": schema_link(site),
        "format": FORMAT,
        "version": VERSION,
        "site": d.config(),
        "roadmaps": (0..site.roadmaps.len()).map(|r| d.roadmap(r)).collect::<Vec<_>>(),
        "modules": (0..site.modules.len()).map(|m| d.module(m)).collect::<Vec<_>>(),
        "frameworks": (0..site.frameworks.len()).map(|f| d.framework(f)).collect::<Vec<_>>(),
        "scales": (0..site.scales.len()).map(|s| d.scale(s)).collect::<Vec<_>>(),
        "pages": (0..site.pages.len()).map(|p| d.page(p)).collect::<Vec<_>>(),
    })
}

struct Data<'a> {
    site: &'a Site,
}

impl Data<'_> {
    /// A text: `{lang: text}` for every language of the site, one or several.
    fn text(&self, t: &Localized) -> Value {
        Value::Object(
            self.site
                .config
                .languages
                .iter()
                .map(|l| (l.clone(), Value::String(t.get(l).to_string())))
                .collect::<Map<_, _>>(),
        )
    }

    fn opt_text(&self, t: Option<&Localized>) -> Value {
        t.map_or(Value::Null, |t| self.text(t))
    }

    fn texts(&self, ts: &[Localized]) -> Value {
        Value::Array(ts.iter().map(|t| self.text(t)).collect())
    }

    /// `summary` (plain) and `summary_html` into `obj`.
    fn summary(&self, obj: &mut Map<String, Value>, s: Option<&Summary>) {
        obj.insert("summary".into(), self.opt_text(s.map(|s| &s.plain)));
        obj.insert("summary_html".into(), self.opt_text(s.map(|s| &s.html)));
    }

    fn source(&self, s: Option<&Source>) -> Value {
        s.map_or(Value::Null, |s| {
            json!({
                "title": self.opt_text(s.title.as_ref()),
                "url": s.url,
                "publisher": self.opt_text(s.publisher.as_ref()),
                "year": s.year,
            })
        })
    }

    fn party(&self, p: Option<&Party>) -> Value {
        p.map_or(
            Value::Null,
            |p| json!({"name": self.text(&p.name), "url": p.url}),
        )
    }

    fn config(&self) -> Value {
        let c = &self.site.config;
        let mut obj = Map::new();
        obj.insert("title".into(), self.text(&c.title));
        self.summary(&mut obj, c.summary.as_ref());
        obj.insert("url".into(), json!(""));
        obj.insert("base_url".into(), json!(c.base_url));
        obj.insert("language".into(), json!(c.language));
        obj.insert("languages".into(), json!(c.languages));
        obj.insert("publisher".into(), self.party(c.publisher.as_ref()));
        obj.insert(
            "progress_scale".into(),
            c.progress_scale.map_or(Value::Null, |s| self.scale_ref(s)),
        );
        obj.insert("updated".into(), date(c.updated));
        Value::Object(obj)
    }

    fn scale_ref(&self, s: usize) -> Value {
        json!({"id": self.site.scales[s].id, "url": urls::scale(self.site, s)})
    }

    fn module_ref(&self, m: usize) -> Value {
        json!({"id": self.site.modules[m].id, "url": urls::module(self.site, m)})
    }

    fn stage_ref(&self, r: usize, s: usize) -> Value {
        json!({
            "roadmap": self.site.roadmaps[r].id,
            "stage": self.site.roadmaps[r].stages[s].id,
            "url": urls::stage(self.site, r, s),
        })
    }

    fn competency_ref(&self, c: &CompetencyRef) -> Value {
        let f = &self.site.frameworks[c.framework];
        let (reference, competency, url) = match c.competency {
            Some(i) => (
                format!("{}/{}", f.id, f.competencies[i].id),
                json!(f.competencies[i].id),
                urls::competency(self.site, c.framework, i),
            ),
            None => (
                f.id.clone(),
                Value::Null,
                urls::framework(self.site, c.framework),
            ),
        };
        json!({
            "ref": reference,
            "framework": f.id,
            "competency": competency,
            "level": c.level.map(|l| f.levels[l].id.clone()),
            "level_title": self.opt_text(c.level.map(|l| &f.levels[l].title)),
            "url": url,
        })
    }

    fn competency_refs(&self, refs: &[CompetencyRef]) -> Value {
        Value::Array(refs.iter().map(|c| self.competency_ref(c)).collect())
    }

    fn checklist(&self, c: &Checklist) -> Value {
        json!({
            "key": c.key,
            "total_weight": c.total_weight(),
            "items": c.items.iter().map(|i| self.item(&c.key, i)).collect::<Vec<_>>(),
        })
    }

    /// A checklist item of the checklist (or group) whose key is `prefix`; a group's sub-items
    /// in `items`.
    fn item(&self, prefix: &str, i: &Item) -> Value {
        let key = format!("{prefix}/{}", i.id);
        json!({
            "id": i.id,
            "explicit_id": i.explicit_id,
            "text": self.text(&i.text),
            "required": i.required,
            "weight": i.weight,
            "evidence_html": self.opt_text(i.evidence.as_ref()),
            "competencies": self.competency_refs(&i.competencies),
            "description_html": self.opt_text(i.description.as_ref()),
            "resources": i.resources.iter().map(|r| json!({
                "title": self.text(&r.title),
                "url": r.url,
                "kind": r.kind.name(),
            })).collect::<Vec<_>>(),
            "choose": i.choose,
            "items": i.items.iter().map(|s| self.item(&key, s)).collect::<Vec<_>>(),
            "key": key,
        })
    }

    fn roadmap(&self, r: usize) -> Value {
        let site = self.site;
        let rm = &site.roadmaps[r];
        let mut obj = Map::new();
        obj.insert("id".into(), json!(rm.id));
        obj.insert("url".into(), json!(urls::roadmap(site, r)));
        obj.insert("title".into(), self.text(&rm.title));
        obj.insert("updated".into(), date(rm.updated));
        self.summary(&mut obj, rm.summary.as_ref());
        obj.insert(
            "description_html".into(),
            self.opt_text(rm.description.as_ref()),
        );
        obj.insert("source".into(), self.source(rm.source.as_ref()));
        obj.insert("audience".into(), self.opt_text(rm.audience.as_ref()));
        obj.insert(
            "scale".into(),
            rm.scale.map_or(Value::Null, |s| self.scale_ref(s)),
        );
        obj.insert("duration".into(), duration(rm.span().as_ref()));
        let stages = rm
            .stages
            .iter()
            .enumerate()
            .map(|(s, st)| {
                let mut o = Map::new();
                o.insert("id".into(), json!(st.id));
                o.insert("url".into(), json!(urls::stage(site, r, s)));
                o.insert("title".into(), self.text(&st.title));
                o.insert("duration".into(), duration(st.duration.as_ref()));
                self.summary(&mut o, st.summary.as_ref());
                o.insert(
                    "description_html".into(),
                    self.opt_text(st.description.as_ref()),
                );
                o.insert("entry_html".into(), self.opt_text(st.entry.as_ref()));
                o.insert(
                    "phase".into(),
                    st.phase.as_ref().map_or(Value::Null, |p| self.text(p)),
                );
                o.insert(
                    "competencies".into(),
                    self.competency_refs(&st.competencies),
                );
                o.insert(
                    "modules".into(),
                    st.modules.iter().map(|&m| self.module_ref(m)).collect(),
                );
                o.insert("checklist".into(), self.checklist(&st.checklist));
                let next = st
                    .next
                    .iter()
                    .map(|&n| self.stage_ref(r, n))
                    .chain(
                        st.next_elsewhere
                            .iter()
                            .map(|&(r2, s2)| self.stage_ref(r2, s2)),
                    )
                    .collect();
                o.insert("next".into(), next);
                o.insert(
                    "previous".into(),
                    st.previous.iter().map(|&p| self.stage_ref(r, p)).collect(),
                );
                Value::Object(o)
            })
            .collect();
        obj.insert("stages".into(), stages);
        Value::Object(obj)
    }

    fn module(&self, m: usize) -> Value {
        let site = self.site;
        let md = &site.modules[m];
        let mut obj = Map::new();
        obj.insert("id".into(), json!(md.id));
        obj.insert("url".into(), json!(urls::module(site, m)));
        obj.insert("title".into(), self.text(&md.title));
        obj.insert("updated".into(), date(md.updated));
        self.summary(&mut obj, md.summary.as_ref());
        obj.insert(
            "description_html".into(),
            self.opt_text(md.description.as_ref()),
        );
        obj.insert("source".into(), self.source(md.source.as_ref()));
        obj.insert("provider".into(), self.party(md.provider.as_ref()));
        obj.insert("audience".into(), self.opt_text(md.audience.as_ref()));
        obj.insert("duration".into(), duration(md.duration.as_ref()));
        obj.insert(
            "delivery".into(),
            json!(md.delivery.and_then(|d| {
                crate::model::Delivery::ALL
                    .iter()
                    .find(|(_, x)| *x == d)
                    .map(|(name, _)| *name)
            })),
        );
        obj.insert("group_size".into(), self.opt_text(md.group_size.as_ref()));
        obj.insert("outcomes".into(), self.texts(&md.outcomes));
        obj.insert(
            "competencies".into(),
            self.competency_refs(&md.competencies),
        );
        obj.insert(
            "prerequisites".into(),
            md.prerequisites
                .iter()
                .map(|&p| self.module_ref(p))
                .collect(),
        );
        let units = md
            .units
            .iter()
            .map(|u| {
                let mut o = Map::new();
                o.insert("id".into(), json!(u.id));
                o.insert(
                    "url".into(),
                    json!(format!("{}#unit-{}", urls::module(site, m), u.id)),
                );
                o.insert("title".into(), self.text(&u.title));
                o.insert("period".into(), self.opt_text(u.period.as_ref()));
                o.insert("duration".into(), duration(u.duration.as_ref()));
                self.summary(&mut o, u.summary.as_ref());
                o.insert(
                    "description_html".into(),
                    self.opt_text(u.description.as_ref()),
                );
                o.insert("topics".into(), self.texts(&u.topics));
                o.insert("competencies".into(), self.competency_refs(&u.competencies));
                o.insert("checklist".into(), self.checklist(&u.checklist));
                Value::Object(o)
            })
            .collect();
        obj.insert("units".into(), units);
        obj.insert(
            "assessment".into(),
            md.assessment.as_ref().map_or(Value::Null, |a| {
                json!({
                    "description_html": self.opt_text(a.description.as_ref()),
                    "scale": a.scale.map_or(Value::Null, |s| self.scale_ref(s)),
                })
            }),
        );
        obj.insert("checklist".into(), self.checklist(&md.checklist));
        obj.insert(
            "used_by".into(),
            md.used_by
                .iter()
                .map(|&(r, s)| self.stage_ref(r, s))
                .collect(),
        );
        Value::Object(obj)
    }

    fn framework(&self, f: usize) -> Value {
        let site = self.site;
        let fw = &site.frameworks[f];
        let mut obj = Map::new();
        obj.insert("id".into(), json!(fw.id));
        obj.insert("url".into(), json!(urls::framework(site, f)));
        obj.insert("title".into(), self.text(&fw.title));
        obj.insert("updated".into(), date(fw.updated));
        self.summary(&mut obj, fw.summary.as_ref());
        obj.insert(
            "description_html".into(),
            self.opt_text(fw.description.as_ref()),
        );
        obj.insert("source".into(), self.source(fw.source.as_ref()));
        obj.insert("reference".into(), json!(fw.reference));
        obj.insert(
            "levels".into(),
            fw.levels
                .iter()
                .map(|l| {
                    json!({
                        "id": l.id,
                        "title": self.text(&l.title),
                        "description_html": self.opt_text(l.description.as_ref()),
                    })
                })
                .collect(),
        );
        obj.insert(
            "roots".into(),
            fw.roots
                .iter()
                .map(|&c| json!(fw.competencies[c].id))
                .collect(),
        );
        let competencies = fw
            .competencies
            .iter()
            .enumerate()
            .map(|(c, comp)| {
                let mut o = Map::new();
                o.insert("id".into(), json!(comp.id));
                o.insert("ref".into(), json!(format!("{}/{}", fw.id, comp.id)));
                o.insert("url".into(), json!(urls::competency(site, f, c)));
                o.insert("title".into(), self.text(&comp.title));
                o.insert("code".into(), json!(comp.code));
                o.insert(
                    "type".into(),
                    comp.kind.as_ref().map_or(Value::Null, |k| self.text(k)),
                );
                o.insert("source_id".into(), json!(comp.source_id));
                o.insert("gap_html".into(), self.opt_text(comp.gap.as_ref()));
                self.summary(&mut o, comp.summary.as_ref());
                o.insert(
                    "description_html".into(),
                    self.opt_text(comp.description.as_ref()),
                );
                o.insert(
                    "parent".into(),
                    json!(comp.parent.map(|p| fw.competencies[p].id.clone())),
                );
                o.insert(
                    "children".into(),
                    comp.children
                        .iter()
                        .map(|&ch| json!(fw.competencies[ch].id))
                        .collect(),
                );
                o.insert("depth".into(), json!(comp.depth));
                o.insert(
                    "indicators".into(),
                    comp.indicators
                        .iter()
                        .map(|i| json!({"id": i.id, "text": self.text(&i.text)}))
                        .collect(),
                );
                o.insert(
                    "descriptors".into(),
                    comp.descriptors
                        .iter()
                        .enumerate()
                        .filter_map(|(l, d)| {
                            d.as_ref().map(|d| {
                                json!({
                                    "level": fw.levels[l].id,
                                    "descriptor_html": self.text(d),
                                })
                            })
                        })
                        .collect(),
                );
                o.insert(
                    "developed_by".into(),
                    self.developments(fw, &comp.developed_by),
                );
                o.insert("trained".into(), json!(fw.is_trained(c)));
                o.insert("evidenced_by".into(), self.evidence(fw, &comp.evidenced_by));
                Value::Object(o)
            })
            .collect();
        obj.insert("competencies".into(), competencies);
        obj.insert(
            "developed_by".into(),
            self.developments(fw, &fw.developed_by),
        );
        Value::Object(obj)
    }

    /// The checklist items that give evidence of a competency, by their progress keys.
    fn evidence(&self, fw: &Framework, list: &[Evidence]) -> Value {
        let site = self.site;
        list.iter()
            .map(|e| {
                let checklist = match e.by {
                    Developer::Stage { roadmap, stage } => {
                        &site.roadmaps[roadmap].stages[stage].checklist
                    }
                    Developer::Module { module } => &site.modules[module].checklist,
                    Developer::Unit { module, unit } => &site.modules[module].units[unit].checklist,
                };
                let group = &checklist.items[e.item];
                let key = match e.sub {
                    None => format!("{}/{}", checklist.key, group.id),
                    Some(j) => format!("{}/{}/{}", checklist.key, group.id, group.items[j].id),
                };
                json!({"key": key, "level": e.level.map(|l| fw.levels[l].id.clone())})
            })
            .collect()
    }

    /// What develops a competency (or a whole framework), with the target level.
    fn developments(&self, fw: &Framework, list: &[Development]) -> Value {
        let site = self.site;
        list.iter()
            .map(|d| {
                let (kind, roadmap, stage, module, unit, url) = match d.by {
                    Developer::Stage { roadmap, stage } => (
                        "stage",
                        json!(site.roadmaps[roadmap].id),
                        json!(site.roadmaps[roadmap].stages[stage].id),
                        Value::Null,
                        Value::Null,
                        urls::stage(site, roadmap, stage),
                    ),
                    Developer::Module { module } => (
                        "module",
                        Value::Null,
                        Value::Null,
                        json!(site.modules[module].id),
                        Value::Null,
                        urls::module(site, module),
                    ),
                    Developer::Unit { module, unit } => (
                        "unit",
                        Value::Null,
                        Value::Null,
                        json!(site.modules[module].id),
                        json!(site.modules[module].units[unit].id),
                        format!(
                            "{}#unit-{}",
                            urls::module(site, module),
                            site.modules[module].units[unit].id
                        ),
                    ),
                };
                json!({
                    "kind": kind,
                    "roadmap": roadmap,
                    "stage": stage,
                    "module": module,
                    "unit": unit,
                    "level": d.level.map(|l| fw.levels[l].id.clone()),
                    "url": url,
                })
            })
            .collect()
    }

    fn scale(&self, s: usize) -> Value {
        let sc = &self.site.scales[s];
        let mut obj = Map::new();
        obj.insert("id".into(), json!(sc.id));
        obj.insert("url".into(), json!(urls::scale(self.site, s)));
        obj.insert("title".into(), self.text(&sc.title));
        obj.insert("updated".into(), date(sc.updated));
        self.summary(&mut obj, sc.summary.as_ref());
        obj.insert(
            "description_html".into(),
            self.opt_text(sc.description.as_ref()),
        );
        obj.insert("source".into(), self.source(sc.source.as_ref()));
        obj.insert(
            "assessed".into(),
            sc.assessed.iter().map(|d| json!(d.to_string())).collect(),
        );
        obj.insert(
            "bands".into(),
            sc.bands
                .iter()
                .enumerate()
                .map(|(i, b)| {
                    json!({
                        "min": b.min,
                        "max": b.max,
                        "shown": shown_range(sc.range(i)),
                        "score": b.score,
                        "label": self.text(&b.label),
                        "description_html": self.opt_text(b.description.as_ref()),
                    })
                })
                .collect(),
        );
        obj.insert(
            "below".into(),
            sc.below.as_ref().map_or(Value::Null, |b| {
                json!({
                    "label": self.text(&b.label),
                    "description_html": self.opt_text(b.description.as_ref()),
                })
            }),
        );
        obj.insert(
            "below_shown".into(),
            sc.range_below().map_or(Value::Null, shown_range),
        );
        Value::Object(obj)
    }

    fn page(&self, p: usize) -> Value {
        let pg = &self.site.pages[p];
        let mut obj = Map::new();
        obj.insert("id".into(), json!(pg.id));
        obj.insert("url".into(), json!(urls::page(self.site, p)));
        obj.insert("title".into(), self.text(&pg.title));
        obj.insert("updated".into(), date(pg.updated));
        self.summary(&mut obj, pg.summary.as_ref());
        obj.insert("order".into(), json!(pg.order));
        obj.insert("body_html".into(), self.text(&pg.body));
        Value::Object(obj)
    }
}

/// `YYYY-MM-DD`, or `null`.
fn date(d: Option<crate::model::Date>) -> Value {
    d.map_or(Value::Null, |d| Value::String(d.to_string()))
}

/// `{text, min, max, unit}`, or `null`.
fn duration(d: Option<&Duration>) -> Value {
    d.map_or(
        Value::Null,
        |d| json!({"text": d.text, "min": d.min, "max": d.max, "unit": d.unit.name()}),
    )
}

/// A band's range as readers see it: `{"from": 76, "to": 90, "to_included": true}` for
/// `76–90 %`, `{"from": 76.5, "to": 91, "to_included": false}` for `76.5 to under 91 %`.
fn shown_range(r: Range) -> Value {
    match r {
        Range::Closed { from, to } => json!({"from": from, "to": to, "to_included": true}),
        Range::UpTo { from, to } => json!({"from": from, "to": to, "to_included": false}),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::fixture;

    #[test]
    fn texts_are_language_maps_on_a_multilingual_site() {
        let site = fixture::site();
        let v = json(&site);
        assert_eq!(v["format"], "jenjang-data");
        assert_eq!(v["version"], 2);
        assert_eq!(v["$schema"], "data.schema.json");
        assert_eq!(v["site"]["updated"], "2026-03-01");
        assert_eq!(v["modules"][0]["updated"], Value::Null);
        assert_eq!(
            v["site"]["title"],
            json!({"en": "Care & <Teach>", "id": "Asuh & Ajar"})
        );
        let c = &v["frameworks"][0]["competencies"][0];
        assert_eq!(c["title"], json!({"en": "Teaching", "id": "Mengajar"}));
        assert_eq!(c["ref"], "skills/teaching");
        assert_eq!(c["url"], "competencies/skills/teaching/");
        assert_eq!(c["children"], json!(["planning"]));
        assert_eq!(c["descriptors"][0]["level"], "basic");
        assert_eq!(c["developed_by"][0]["kind"], "module");
        assert_eq!(c["developed_by"][0]["url"], "modules/course/");
    }

    #[test]
    fn texts_are_language_maps_on_a_single_language_site_too() {
        let mut site = fixture::site();
        site.config.languages = vec!["en".into()];
        site.config.base_url = Some("https://example.org/site/".into());
        let v = json(&site);
        assert_eq!(v["site"]["title"], json!({"en": "Care & <Teach>"}));
        assert_eq!(v["$schema"], "https://example.org/site/data.schema.json");
        let stage = &v["roadmaps"][0]["stages"][0];
        assert_eq!(stage["url"], "roadmaps/path/start/");
        assert_eq!(
            stage["duration"],
            json!({"text": "1-2 years", "min": 1, "max": 2, "unit": "year"})
        );
        assert_eq!(stage["competencies"][0]["ref"], "skills/planning");
        assert_eq!(stage["competencies"][0]["level"], "expert");
        assert_eq!(stage["next"][0]["stage"], "end");
        assert_eq!(stage["checklist"]["items"][0]["key"], "path/start/x");
        assert_eq!(v["roadmaps"][0]["duration"]["text"], "2-4 years");
        let module = &v["modules"][0];
        assert_eq!(module["delivery"], "in-person");
        assert_eq!(module["competencies"][1]["competency"], Value::Null);
        assert_eq!(module["competencies"][1]["url"], "competencies/skills/");
        assert_eq!(module["units"][1]["url"], "modules/course/#unit-second");
        assert_eq!(module["assessment"]["scale"]["id"], "achievement");
        assert_eq!(v["scales"][0]["bands"][0]["min"], 50.0);
        assert_eq!(v["pages"][0]["url"], "about/");
    }

    #[test]
    fn the_file_ends_in_a_newline() {
        let f = file(&fixture::site());
        assert_eq!(f.path, "data.json");
        assert!(f.bytes.ends_with(b"}\n"));
    }

    #[test]
    fn joined_elements_are_replaced_in_place_as_a_new_join_would_make_them() {
        let site = fixture::site();
        let entities: Vec<Entity> = site.entities().collect();
        assert!(entities.len() >= 4, "the fixture has enough entities");
        let made: HashMap<Entity, Vec<u8>> =
            entities.iter().map(|&e| (e, entity(&site, e))).collect();
        let mut joined = Joined::new(&site, |e| &made[&e]);
        assert_eq!(joined.bytes, file(&site).bytes);

        // Elements of the same length, one that grows, several that change length, in and
        // out of order: after each round the bytes are those of a new join.
        let rounds: [&[(usize, &[u8])]; 5] = [
            &[(0, b"[]"), (2, b"{}")],
            &[(1, b"{\"grown\":\"a longer element than before\"}")],
            &[(3, b"1"), (0, b"{\"x\":[1,2,3]}"), (2, b"\"\"")],
            &[(1, b"null"), (3, b"{\"back\":true}")],
            &[(1, b"true")],
        ];
        let mut now = made.clone();
        for round in rounds {
            let changed: Vec<(Entity, &[u8])> = round
                .iter()
                .map(|&(i, element)| (entities[i], element))
                .collect();
            for &(e, element) in &changed {
                now.insert(e, element.to_vec());
            }
            joined.replace(&changed);
            let expected = Joined::new(&site, |e| &now[&e]);
            assert_eq!(
                String::from_utf8_lossy(&joined.bytes),
                String::from_utf8_lossy(&expected.bytes)
            );
            assert_eq!(joined.spans, expected.spans);
        }
    }
}
