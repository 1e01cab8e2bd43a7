//! The site-wide files of incremental rebuilds (`data.json`, the search index, the exports),
//! made of parts cached per entity.
//!
//! Each roadmap, module, framework, scale and free page has its part of every site-wide file:
//! its element of `data.json`, its entries in each language's search index, its own exports
//! (a framework's CASE package and Moodle CSV, a module's schedule, in each language). A part
//! is kept, keyed by the entity's content file, with the content files it is made from: its
//! search entries and exports show only the entity itself, its element of `data.json` also the
//! ids and titles of every entity it refers to or that refers to it. After an edit only the
//! parts made from a changed file are made again. A whole file is joined
//! from its parts only when one of them changed (a language's search index is patched instead
//! where the changed entities kept their number of entries: [`search::Index`]), and only the
//! files whose bytes changed are handed back to be written.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::export::{self, case, data, ics, moodle};
use crate::model::{Developer, Entity, Site};
use crate::render::{search, Output};

/// One entity's parts of the site-wide files.
struct Parts {
    /// The content files its search entries and exports are made from: its own (and a free
    /// page's translations), sorted.
    own: Vec<PathBuf>,
    /// The content files its element of `data.json` is made from (sorted, without repeats).
    deps: Vec<PathBuf>,
    /// Its element of `data.json`.
    data: Vec<u8>,
    /// Its search entries in each language (in the order of [`SiteFiles::update`]'s
    /// `languages`).
    search: Vec<search::Entries>,
    /// Its own export files, in every language.
    exports: Vec<Output>,
}

/// The site-wide files of the last build, by parts.
#[derive(Default)]
pub(super) struct SiteFiles {
    /// Entity content file → its parts.
    parts: HashMap<PathBuf, Parts>,
    /// The entities' content files in site order.
    order: Vec<PathBuf>,
    /// Each language's search index, as last made (`None` before the first update).
    search: Vec<Option<search::Index>>,
    /// The path of every file made here.
    paths: HashSet<String>,
    /// `data.json` as last made. Its bytes are lent to the caller with the changed files and
    /// given back with [`SiteFiles::keep`] once written (empty until then).
    data: data::Joined,
}

/// What [`SiteFiles::update`] made.
pub(super) struct Update {
    /// The site-wide files, by parts.
    pub files: SiteFiles,
    /// The files whose bytes changed (every file, without the last files or the changed
    /// content files).
    pub changed: Vec<Output>,
    /// The files of the last update that are no longer made.
    pub removed: Vec<String>,
}

impl SiteFiles {
    /// The path of every site-wide file of the last update.
    pub(super) fn paths(&self) -> &HashSet<String> {
        &self.paths
    }

    /// Takes back the bytes of `data.json` from `written`, the files of the last update once
    /// written, so that the next update can change them in place.
    pub(super) fn keep(&mut self, written: &mut [Output]) {
        if let Some(file) = written.iter_mut().find(|o| o.path == data::PATH) {
            self.data.bytes = std::mem::take(&mut file.bytes);
        }
    }

    /// The site-wide files of `site` in `languages` ((code, folder prefix), the default
    /// first), reusing the parts of `last` whose content files are not in `changed`. Without
    /// `last` or `changed` every part is made and every file is returned; else only the files
    /// whose bytes differ from those `last` made.
    pub(super) fn update(
        mut last: Option<SiteFiles>,
        site: &Site,
        languages: &[(String, String)],
        changed: Option<&HashSet<PathBuf>>,
    ) -> Update {
        let last_paths = last
            .as_mut()
            .map(|l| std::mem::take(&mut l.paths))
            .unwrap_or_default();
        let (mut old, changed) = match (last, changed) {
            (Some(last), Some(changed)) => (last, Some(changed)),
            _ => (SiteFiles::default(), None),
        };
        let entities: Vec<Entity> = site.entities().collect();
        let order: Vec<PathBuf> = entities
            .iter()
            .map(|&e| site.file_of(e).to_path_buf())
            .collect();
        // Each entity's parts: kept, or made again and compared with the old ones.
        let wanted: Vec<(Entity, Option<Parts>)> = entities
            .iter()
            .zip(&order)
            .map(|(&e, file)| (e, old.parts.remove(file)))
            .collect();
        let made: Vec<Made> = wanted
            .into_par_iter()
            .map(|(e, old_parts)| remake(site, languages, e, old_parts, changed))
            .collect();

        let reordered = changed.is_none() || order != old.order;
        let mut data_changed = reordered;
        let mut search_changed = vec![reordered; languages.len()];
        let mut outputs = Vec::new();
        let mut parts = Vec::with_capacity(made.len());
        let mut old_search = Vec::with_capacity(made.len());
        let mut data_elements = Vec::new();
        for (m, &e) in made.into_iter().zip(&entities) {
            data_changed |= m.data_changed;
            if m.data_changed {
                data_elements.push(e);
            }
            for (c, m) in search_changed.iter_mut().zip(&m.search_changed) {
                *c |= m;
            }
            outputs.extend(m.exports);
            parts.push(m.parts);
            old_search.push((m.search_changed, m.old_search));
        }

        let starts = Starts::new(site);
        let mut data = std::mem::take(&mut old.data);
        if data_changed {
            if reordered || data.bytes.is_empty() {
                data = data::Joined::new(site, |e| &parts[starts.index(e)].data);
            } else {
                let elements: Vec<(Entity, &[u8])> = data_elements
                    .iter()
                    .map(|&e| (e, parts[starts.index(e)].data.as_slice()))
                    .collect();
                data.replace(&elements);
            }
            outputs.push(Output {
                path: data::PATH.to_string(),
                bytes: std::mem::take(&mut data.bytes),
            });
        }
        let mut search_indexes = std::mem::take(&mut old.search);
        search_indexes.resize_with(languages.len(), || None);
        for (l, (code, prefix)) in languages.iter().enumerate() {
            if !search_changed[l] && search_indexes[l].is_some() {
                continue;
            }
            let entries: Vec<&search::Entries> = parts.iter().map(|p| &p.search[l]).collect();
            // The entities whose entries changed, with their entries before; `None` when one
            // has none to show (it is new) or the entities moved.
            let before: Option<Vec<(usize, &search::Entries)>> = old_search
                .iter()
                .enumerate()
                .filter(|(_, (changed, _))| changed[l])
                .map(|(i, (_, old))| old[l].as_ref().map(|o| (i, o)))
                .collect();
            let before = before.filter(|_| !reordered);
            let (index, files) = search::Index::update(
                search_indexes[l].take(),
                code,
                prefix,
                &entries,
                before.as_deref(),
                search::SPLIT_BYTES,
            );
            outputs.extend(files.into_iter().map(|(path, text)| Output {
                path,
                bytes: text.into_bytes(),
            }));
            search_indexes[l] = Some(index);
        }

        let mut paths: HashSet<String> = HashSet::new();
        paths.insert(data::PATH.to_string());
        paths.extend(
            search_indexes
                .iter()
                .flatten()
                .flat_map(|i| i.paths().cloned()),
        );
        paths.extend(
            parts
                .iter()
                .flat_map(|p| p.exports.iter().map(|o| o.path.clone())),
        );
        let removed = last_paths
            .into_iter()
            .filter(|p| !paths.contains(p))
            .collect();
        let files = SiteFiles {
            parts: order.iter().cloned().zip(parts).collect(),
            order,
            search: search_indexes,
            paths,
            data,
        };
        Update {
            files,
            changed: outputs,
            removed,
        }
    }
}

/// Where each kind of entity starts in [`Site::entities`]' order.
struct Starts {
    modules: usize,
    frameworks: usize,
    scales: usize,
    pages: usize,
}

impl Starts {
    fn new(site: &Site) -> Starts {
        let modules = site.roadmaps.len();
        let frameworks = modules + site.modules.len();
        let scales = frameworks + site.frameworks.len();
        Starts {
            modules,
            frameworks,
            scales,
            pages: scales + site.scales.len(),
        }
    }

    /// The position of `e` in [`Site::entities`].
    fn index(&self, e: Entity) -> usize {
        match e {
            Entity::Roadmap(i) => i,
            Entity::Module(i) => self.modules + i,
            Entity::Framework(i) => self.frameworks + i,
            Entity::Scale(i) => self.scales + i,
            Entity::Page(i) => self.pages + i,
        }
    }
}

/// One entity's parts after an update, and what changed in them.
struct Made {
    parts: Parts,
    /// Its element of `data.json` differs from the last.
    data_changed: bool,
    /// Its search entries in each language differ from the last.
    search_changed: Vec<bool>,
    /// Its last search entries in each language where they changed and it had some.
    old_search: Vec<Option<search::Entries>>,
    /// Its export files that differ from the last.
    exports: Vec<Output>,
}

/// `e`'s parts: those of `old` that no file of `changed` can change, the others made again.
/// Without `old` or `changed`, everything is made and counts as changed.
fn remake(
    site: &Site,
    languages: &[(String, String)],
    e: Entity,
    old: Option<Parts>,
    changed: Option<&HashSet<PathBuf>>,
) -> Made {
    let own = own_files(site, e);
    let deps = deps(site, e);
    // A list of files that holds no changed file before or after the edit is the same list:
    // a file can only join or leave it by changing.
    let fresh = |old: &[PathBuf], new: &[&Path]| {
        changed.is_some_and(|c| {
            !old.iter()
                .map(PathBuf::as_path)
                .chain(new.iter().copied())
                .any(|d| is_changed(c, d))
        })
    };
    let Some(old) = old.filter(|_| changed.is_some()) else {
        let parts = make(site, languages, e, owned(own), owned(deps));
        return Made {
            data_changed: true,
            search_changed: vec![true; languages.len()],
            old_search: (0..languages.len()).map(|_| None).collect(),
            exports: parts.exports.clone(),
            parts,
        };
    };
    let own_fresh = fresh(&old.own, &own);
    let deps_fresh = fresh(&old.deps, &deps);
    if own_fresh && deps_fresh {
        return Made {
            parts: old,
            data_changed: false,
            search_changed: vec![false; languages.len()],
            old_search: (0..languages.len()).map(|_| None).collect(),
            exports: Vec::new(),
        };
    }
    if own_fresh {
        // Only what it refers to changed: its search entries and exports stay.
        let data = data::entity(site, e);
        return Made {
            data_changed: data != old.data,
            search_changed: vec![false; languages.len()],
            old_search: (0..languages.len()).map(|_| None).collect(),
            exports: Vec::new(),
            parts: Parts {
                deps: owned(deps),
                data,
                ..old
            },
        };
    }
    let parts = make(site, languages, e, owned(own), owned(deps));
    let exports = parts
        .exports
        .iter()
        .filter(|o| !old.exports.contains(o))
        .cloned()
        .collect();
    let search_changed: Vec<bool> = (0..languages.len())
        .map(|l| old.search.get(l) != parts.search.get(l))
        .collect();
    let mut old_search: Vec<Option<search::Entries>> = old.search.into_iter().map(Some).collect();
    old_search.resize_with(languages.len(), || None);
    for (old, &changed) in old_search.iter_mut().zip(&search_changed) {
        if !changed {
            *old = None;
        }
    }
    Made {
        data_changed: parts.data != old.data,
        search_changed,
        old_search,
        exports,
        parts,
    }
}

/// Every part of `e`.
fn make(
    site: &Site,
    languages: &[(String, String)],
    e: Entity,
    own: Vec<PathBuf>,
    deps: Vec<PathBuf>,
) -> Parts {
    let search = languages
        .iter()
        .map(|(code, prefix)| search::entity_entries(site, code, prefix, e))
        .collect();
    let mut exports = Vec::new();
    for (code, _) in languages {
        let files = match e {
            Entity::Framework(f) => case::file(site, f, code)
                .into_iter()
                .chain([moodle::file(site, f, code)])
                .collect(),
            Entity::Module(m) => ics::file(site, m, code).into_iter().collect(),
            _ => Vec::new(),
        };
        exports.extend(files.into_iter().map(|f: export::File| Output {
            path: f.path,
            bytes: f.bytes,
        }));
    }
    Parts {
        own,
        deps,
        data: data::entity(site, e),
        search,
        exports,
    }
}

/// Whether `file` is one of the `changed` files: compared with each of a few, looked up among
/// many.
fn is_changed(changed: &HashSet<PathBuf>, file: &Path) -> bool {
    if changed.len() <= 16 {
        changed.iter().any(|c| c.as_os_str() == file.as_os_str())
    } else {
        changed.contains(file)
    }
}

/// `files` sorted, without repeats, as the paths [`Parts`] keep.
fn owned(mut files: Vec<&Path>) -> Vec<PathBuf> {
    files.sort_unstable();
    files.dedup();
    files.into_iter().map(Path::to_path_buf).collect()
}

/// The content files `e` is read from: its own, and a free page's translations.
fn own_files(site: &Site, e: Entity) -> Vec<&Path> {
    let mut out = vec![site.file_of(e)];
    if let Entity::Page(p) = e {
        out.extend(site.pages[p].translations.iter().map(|(_, f)| f.as_path()));
    }
    out
}

/// The content files `e`'s element of `data.json` is made from: its own (for a free page, with
/// its translations), and those of every entity it refers to or that refers to it, since the
/// element shows their ids and paths. `site.yaml` and the interface strings are not
/// listed: a change to them makes every part again. In no order, with repeats.
fn deps(site: &Site, e: Entity) -> Vec<&Path> {
    let roadmap = |r: usize| site.roadmaps[r].file.as_path();
    let module = |m: usize| site.modules[m].file.as_path();
    let framework = |f: usize| site.frameworks[f].file.as_path();
    let scale = |s: usize| site.scales[s].file.as_path();
    let mut out: Vec<&Path> = vec![site.file_of(e)];
    match e {
        Entity::Roadmap(r) => {
            let rm = &site.roadmaps[r];
            out.extend(rm.scale.map(scale));
            for s in &rm.stages {
                out.extend(s.competencies.iter().map(|c| framework(c.framework)));
                out.extend(s.modules.iter().map(|&m| module(m)));
                out.extend(s.next_elsewhere.iter().map(|&(o, _)| roadmap(o)));
            }
        }
        Entity::Module(m) => {
            let md = &site.modules[m];
            out.extend(md.competencies.iter().map(|c| framework(c.framework)));
            for u in &md.units {
                out.extend(u.competencies.iter().map(|c| framework(c.framework)));
            }
            out.extend(md.prerequisites.iter().map(|&p| module(p)));
            out.extend(md.used_by.iter().map(|&(r, _)| roadmap(r)));
            out.extend(md.assessment.as_ref().and_then(|a| a.scale).map(scale));
        }
        Entity::Framework(f) => {
            let fw = &site.frameworks[f];
            let developers = fw
                .developed_by
                .iter()
                .chain(fw.competencies.iter().flat_map(|c| &c.developed_by));
            out.extend(developers.map(|d| match d.by {
                Developer::Stage { roadmap: r, .. } => roadmap(r),
                Developer::Module { module: m } | Developer::Unit { module: m, .. } => module(m),
            }));
        }
        Entity::Scale(_) => {}
        Entity::Page(p) => {
            out.extend(site.pages[p].translations.iter().map(|(_, f)| f.as_path()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::fixture;

    fn languages(site: &Site) -> Vec<(String, String)> {
        site.config
            .languages
            .iter()
            .map(|l| (l.clone(), export::lang_prefix(site, l)))
            .collect()
    }

    /// Every site-wide file a full build makes, by path.
    fn full(site: &Site) -> HashMap<String, Vec<u8>> {
        let mut files: HashMap<String, Vec<u8>> = export::all(site)
            .into_iter()
            .map(|f| (f.path, f.bytes))
            .collect();
        for (code, prefix) in languages(site) {
            files.extend(
                search::files(site, &code, &prefix)
                    .into_iter()
                    .map(|(p, t)| (p, t.into_bytes())),
            );
        }
        files
    }

    #[test]
    fn parts_list_what_refers_and_is_referred_to() {
        let site = fixture::site();
        let files = |e| owned(deps(&site, e));
        assert_eq!(
            files(Entity::Roadmap(0)),
            [
                "content/competencies/skills.yaml",
                "content/modules/course.yaml",
                "content/roadmaps/path.yaml",
                "content/scales/achievement.yaml"
            ]
            .map(PathBuf::from)
        );
        assert_eq!(
            files(Entity::Framework(0)),
            [
                "content/competencies/skills.yaml",
                "content/modules/course.yaml",
                "content/roadmaps/path.yaml"
            ]
            .map(PathBuf::from)
        );
        assert_eq!(
            files(Entity::Scale(0)),
            [PathBuf::from("content/scales/achievement.yaml")]
        );
    }

    #[test]
    fn an_edit_remakes_only_the_changed_files_and_they_equal_a_full_build() {
        let mut site = fixture::site();
        let langs = languages(&site);
        let Update {
            files: first,
            changed: all,
            ..
        } = SiteFiles::update(None, &site, &langs, None);
        let expected = full(&site);
        assert_eq!(all.len(), expected.len());
        for o in &all {
            assert_eq!(Some(&o.bytes), expected.get(&o.path), "{}", o.path);
        }
        assert_eq!(
            first.paths().iter().collect::<HashSet<_>>(),
            expected.keys().collect()
        );

        // Nothing changed: nothing is made again.
        let none = HashSet::new();
        let same = SiteFiles::update(Some(first), &site, &langs, Some(&none));
        assert!(same.changed.is_empty() && same.removed.is_empty());

        // A scale's band renamed: `data.json` and the search index change, not the CASE
        // packages or Moodle files of the framework.
        site.scales[0].bands[0].label = crate::model::Localized::plain("Great");
        let changed: HashSet<PathBuf> = [PathBuf::from("content/scales/achievement.yaml")].into();
        let outputs = SiteFiles::update(Some(same.files), &site, &langs, Some(&changed)).changed;
        let mut paths: Vec<&str> = outputs.iter().map(|o| o.path.as_str()).collect();
        paths.sort_unstable();
        assert_eq!(
            paths,
            ["data.json", "id/search-index.js", "search-index.js"]
        );
        let expected = full(&site);
        for o in &outputs {
            assert_eq!(Some(&o.bytes), expected.get(&o.path), "{}", o.path);
        }
    }
}
