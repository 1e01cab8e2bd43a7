//! What the last resolve made of each document, for `watch` and `serve` to reuse.
//!
//! A framework or scale depends only on its own file and on `site.yaml` (its languages and
//! Markdown settings) and the options. A module or roadmap also reads other documents, but only
//! through their *reference surface*: the ids of every roadmap, module, framework, scale and
//! free page (which give the indices the model stores), every roadmap's stage ids, the files
//! that failed to parse, and every framework's competency and level ids. So a document is
//! resolved again only when its text changed, when `site.yaml` or the options changed, or —
//! for modules and roadmaps — when the reference surface changed; otherwise its last result
//! and diagnostics are taken as they were. The back-references that [`super::link_back`]
//! fills are cleared on what is kept, and filled again for the whole site.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::Ids;
use crate::diagnostics::Diagnostic;
use crate::load::{self, Sources};
use crate::model::{Framework, Module, Roadmap, Scale, Site};

/// Resolved documents kept between builds: pass the same `Cache` to every
/// [`super::resolve_cached`] of one site and give it back each successful build's site with
/// [`Cache::keep`].
#[derive(Default)]
pub struct Cache {
    /// The fingerprint of `site.yaml` and the options of the last resolve.
    base: Option<u64>,
    /// The fingerprint of the reference surface of the last resolve.
    surface: Option<u64>,
    pub(super) frameworks: Kept<Framework>,
    pub(super) scales: Kept<Scale>,
    pub(super) modules: Kept<Module>,
    pub(super) roadmaps: Kept<Roadmap>,
}

/// One kind of document: content file → what resolving it gave.
pub(super) struct Kept<T> {
    entries: HashMap<PathBuf, Entry<T>>,
    /// How many documents of this kind the last resolve took from here.
    reused: usize,
}

impl<T> Default for Kept<T> {
    fn default() -> Self {
        Kept {
            entries: HashMap::new(),
            reused: 0,
        }
    }
}

struct Entry<T> {
    /// The file's text when it was resolved.
    text: Arc<str>,
    /// The result, once [`Cache::keep`] gave it back (`None` while a build uses it).
    value: Option<T>,
    diagnostics: Vec<Diagnostic>,
}

impl Cache {
    /// How many documents the last resolve took from the cache instead of resolving them.
    pub fn reused(&self) -> usize {
        self.frameworks.reused + self.scales.reused + self.modules.reused + self.roadmaps.reused
    }

    /// Takes back the entities of `site`, the result of the last resolve with this cache, so
    /// that the next resolve can reuse those whose documents do not change. Their
    /// back-references (`developed_by`, `evidenced_by`, `used_by`) are cleared.
    pub fn keep(&mut self, site: Site) {
        for mut f in site.frameworks {
            f.developed_by.clear();
            f.evidenced_by.clear();
            for c in &mut f.competencies {
                c.developed_by.clear();
                c.evidenced_by.clear();
            }
            self.frameworks.put(f.file.clone(), f);
        }
        for s in site.scales {
            self.scales.put(s.file.clone(), s);
        }
        for mut m in site.modules {
            m.used_by.clear();
            self.modules.put(m.file.clone(), m);
        }
        for r in site.roadmaps {
            self.roadmaps.put(r.file.clone(), r);
        }
    }

    /// Starts a resolve of the site whose `site.yaml` text is `site_text`: forgets every kept
    /// result if `site.yaml` changed. Returns whether frameworks and scales may
    /// be reused.
    pub(super) fn begin(&mut self, site_text: Option<&str>) -> bool {
        let mut h = DefaultHasher::new();
        site_text.hash(&mut h);
        let base = h.finish();
        let same = self.base == Some(base);
        self.base = Some(base);
        same
    }

    /// Records the reference surface of this resolve (`ids`, and the `frameworks` just
    /// resolved). Returns whether modules and roadmaps may be reused: the base and the surface
    /// are those of the last resolve.
    pub(super) fn surface(&mut self, same_base: bool, ids: &Ids, frameworks: &[Framework]) -> bool {
        let surface = surface(ids, frameworks);
        let same = same_base && self.surface == Some(surface);
        self.surface = Some(surface);
        same
    }
}

impl<T> Kept<T> {
    fn put(&mut self, file: PathBuf, value: T) {
        if let Some(entry) = self.entries.get_mut(&file) {
            entry.value = Some(value);
        }
    }
}

/// `f` of every item of `items` (whose content file `file` gives), in parallel, each with its
/// own list of diagnostics, which are then added to `diags` in the order of `items`. With
/// `reuse`, an item whose file has the text it had when `kept` got its result is not resolved
/// again: its kept result and diagnostics are taken (and counted). `kept` then
/// holds this resolve's texts and diagnostics, waiting for [`Cache::keep`] to give the
/// results back.
pub(super) fn each<X: Sync, T: Send>(
    items: &[X],
    file: impl Fn(&X) -> &Path,
    kept: &mut Kept<T>,
    reuse: bool,
    sources: &Sources,
    diags: &mut Vec<Diagnostic>,
    f: impl Fn(&X, &mut Vec<Diagnostic>) -> T + Sync,
) -> Vec<T> {
    let mut old = std::mem::take(&mut kept.entries);
    let mut found: Vec<Option<(T, Vec<Diagnostic>)>> = items
        .iter()
        .map(|item| {
            let file = file(item);
            let text = sources.as_map().get(file)?;
            let entry = old
                .remove(file)
                .filter(|e| reuse && load::same_text(&e.text, text))?;
            Some((entry.value?, entry.diagnostics))
        })
        .collect();
    let missing: Vec<bool> = found.iter().map(Option::is_none).collect();
    kept.reused = items.len() - missing.iter().filter(|m| **m).count();
    let made: Vec<Option<(T, Vec<Diagnostic>)>> = items
        .par_iter()
        .zip(&missing)
        .map(|(item, &missing)| {
            missing.then(|| {
                let mut own = Vec::new();
                let r = f(item, &mut own);
                (r, own)
            })
        })
        .collect();
    let mut out = Vec::with_capacity(items.len());
    for ((item, found), made) in items.iter().zip(&mut found).zip(made) {
        let (r, own) = found.take().or(made).expect("each item is found or made");
        let file = file(item);
        if let Some(text) = sources.as_map().get(file) {
            kept.entries.insert(
                file.to_path_buf(),
                Entry {
                    text: text.clone(),
                    value: None,
                    diagnostics: own.clone(),
                },
            );
        }
        diags.extend(own);
        out.push(r);
    }
    out
}

/// The fingerprint of what a module or roadmap may read of other documents (see the module
/// documentation).
fn surface(ids: &Ids, frameworks: &[Framework]) -> u64 {
    fn sorted(map: &HashMap<String, usize>) -> Vec<(&String, &usize)> {
        let mut v: Vec<(&String, &usize)> = map.iter().collect();
        v.sort_unstable();
        v
    }
    let mut h = DefaultHasher::new();
    for map in [
        &ids.roadmaps,
        &ids.modules,
        &ids.frameworks,
        &ids.scales,
        &ids.pages,
    ] {
        sorted(map).hash(&mut h);
    }
    ids.stages.len().hash(&mut h);
    for stages in &ids.stages {
        sorted(stages).hash(&mut h);
    }
    let mut broken: Vec<&String> = ids.broken.iter().collect();
    broken.sort_unstable();
    broken.hash(&mut h);
    frameworks.len().hash(&mut h);
    for f in frameworks {
        f.id.hash(&mut h);
        f.competencies.len().hash(&mut h);
        for c in &f.competencies {
            c.id.hash(&mut h);
        }
        f.levels.len().hash(&mut h);
        for l in &f.levels {
            l.id.hash(&mut h);
        }
    }
    h.finish()
}
