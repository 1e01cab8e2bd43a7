//! A language's search index kept between builds, so that an edit remakes only the files it
//! changes (`jenjang watch`).
//!
//! While every entity keeps its number of entries (so that every entry keeps its number) and
//! the index stays split, an update changes the lists of only the words added to or removed
//! from a changed entry (or moved between its title and its text), remakes the term shards
//! that hold them and the display chunks that hold a changed line or whose range moved, and
//! the manifest when a chunk start or a shard key changed. Anything else is a full join. The
//! files are always those a full build makes.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Bound;

use super::{
    chunk_path, chunk_text, chunks, encoded_len, group_shards, head, join_all, line_len,
    manifest_text, path, posting, shard_path, shard_text, Chunk, Entries, Layout, Limits,
};

/// A language's index as last made: its files, and what they were made of.
pub struct Index {
    lang: String,
    prefix: String,
    limits: Limits,
    /// The number of entries of each entity, in site order.
    counts: Vec<usize>,
    /// Each entry's place.
    layout: Layout,
    /// The chunks, word lists and shards of the split form; `None` for one file.
    split: Option<Split>,
    /// Every file: output path → text.
    files: HashMap<String, String>,
}

/// What an [`Index`] of the split form keeps.
struct Split {
    chunks: Vec<Chunk>,
    /// Every word → its list.
    words: BTreeMap<String, Word>,
    /// The first two characters of words → the keys of their shards, in order.
    groups: BTreeMap<String, Vec<String>>,
}

/// A word's list.
#[derive(Default)]
struct Word {
    /// The entries holding the word, in order, each as [`posting`] gives it.
    list: Vec<u32>,
    /// The length of the encoded list, in bytes (see [`encoded_len`]).
    bytes: usize,
}

impl Index {
    /// The index of `lang`, whose pages live under `prefix`, made of `parts` (the entries of
    /// every entity, in site order) and split when larger than `max_bytes` (see
    /// [`super::index_files`]), with the files whose text differs from those of `last` (every
    /// file without `last`), as (output path, text), in no fixed order.
    ///
    /// `changed` lists the entities whose entries changed since `last` was made, each as its
    /// position in `parts` and its entries then: while every entity keeps its number of
    /// entries, only the files those entries are in are made again. `None` means anything may
    /// have changed (entities added, removed or reordered): every file is made again.
    pub fn update(
        last: Option<Index>,
        lang: &str,
        prefix: &str,
        parts: &[&Entries],
        changed: Option<&[(usize, &Entries)]>,
        max_bytes: usize,
    ) -> (Index, Vec<(String, String)>) {
        let limits = Limits {
            split: max_bytes,
            ..Limits::DEFAULT
        };
        Index::update_with(last, lang, prefix, parts, changed, limits)
    }

    /// [`Index::update`] with `limits`.
    fn update_with(
        last: Option<Index>,
        lang: &str,
        prefix: &str,
        parts: &[&Entries],
        changed: Option<&[(usize, &Entries)]>,
        limits: Limits,
    ) -> (Index, Vec<(String, String)>) {
        let Some(mut last) = last else {
            let index = Index::join(lang, prefix, parts, limits);
            let files = index.files.clone().into_iter().collect();
            return (index, files);
        };
        let same = last.lang == lang && last.prefix == prefix && last.limits.split == limits.split;
        if let Some(changed) = changed.filter(|_| same) {
            if let Some(files) = last.patch(parts, changed) {
                return (last, files);
            }
        }
        let index = Index::join(lang, prefix, parts, limits);
        let files = index
            .files
            .iter()
            .filter(|(path, text)| last.files.get(*path) != Some(*text))
            .map(|(path, text)| (path.clone(), text.clone()))
            .collect();
        (index, files)
    }

    /// The output path of every file.
    pub fn paths(&self) -> impl Iterator<Item = &String> {
        self.files.keys()
    }

    /// A full join.
    fn join(lang: &str, prefix: &str, parts: &[&Entries], limits: Limits) -> Index {
        let mut files = HashMap::new();
        let joined = join_all::<()>(lang, prefix, parts, limits, &mut |path, text| {
            files.insert(path, text);
            Ok(())
        })
        .expect("collecting cannot fail");
        let split = joined.split.map(|joined| {
            let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for shard in joined.shards {
                groups
                    .entry(group_key(&shard.key).to_string())
                    .or_default()
                    .push(shard.key);
            }
            let words = joined
                .lists
                .into_iter()
                .map(|(w, list)| {
                    let bytes = encoded_len(&list);
                    (w, Word { list, bytes })
                })
                .collect();
            Split {
                chunks: joined.chunks,
                words,
                groups,
            }
        });
        Index {
            lang: lang.to_string(),
            prefix: prefix.to_string(),
            limits,
            counts: parts.iter().map(|p| p.lines.len()).collect(),
            layout: joined.layout,
            split,
            files,
        }
    }

    /// Updates the split index for the entities `changed` ((position, entries before)) when
    /// every entity kept its number of entries and the index stays split, and returns the
    /// files whose text changed; `None`, the index untouched, when a full join is needed.
    fn patch(
        &mut self,
        parts: &[&Entries],
        changed: &[(usize, &Entries)],
    ) -> Option<Vec<(String, String)>> {
        let split = self.split.as_mut()?;
        let same_layout = parts.len() == self.counts.len()
            && parts
                .iter()
                .zip(&self.counts)
                .all(|(p, &n)| p.lines.len() == n)
            && changed
                .iter()
                .all(|&(p, old)| old.lines.len() == self.counts[p]);
        if !same_layout {
            return None;
        }
        let layout = &mut self.layout;
        // The entries whose lines changed: (number, length of the new line, is an item).
        let mut lines = Vec::new();
        for &(p, old) in changed {
            let base = layout.bases[p];
            for (j, (old, new)) in old.lines.iter().zip(&parts[p].lines).enumerate() {
                if old != new {
                    lines.push((base + j, line_len(base, new.0, &new.1), new.0.is_some()));
                }
            }
        }
        let head = head(&self.lang);
        let before: usize = lines.iter().map(|&(e, ..)| layout.lens[e]).sum();
        let after: usize = lines.iter().map(|&(_, len, _)| len).sum();
        if layout.single_len(&head) - before + after <= self.limits.split {
            return None;
        }
        for &(e, len, item) in &lines {
            layout.lens[e] = len;
            layout.items[e] = item;
        }
        let mut lines: Vec<usize> = lines.into_iter().map(|(e, ..)| e).collect();
        lines.sort_unstable();

        let files = &mut self.files;
        let mut out = Vec::new();

        // The display chunks.
        let chunks = chunks(&layout.items, &layout.lens, self.limits.chunk);
        let mut manifest = chunks.len() != split.chunks.len()
            || chunks
                .iter()
                .zip(&split.chunks)
                .any(|(a, b)| a.start != b.start);
        for (n, chunk) in chunks.iter().enumerate() {
            let first = lines.partition_point(|&e| e < chunk.start);
            let holds_a_change = lines.get(first).is_some_and(|&e| e < chunk.end);
            if holds_a_change || split.chunks.get(n) != Some(chunk) {
                let text = chunk_text(n, parts, &layout.bases, chunk);
                keep(files, &mut out, chunk_path(&self.prefix, n), text);
            }
        }
        for n in chunks.len()..split.chunks.len() {
            files.remove(&chunk_path(&self.prefix, n));
        }
        split.chunks = chunks;

        // The word lists, and the shards of the words whose lists changed.
        let mut dirty = BTreeSet::new();
        for &(p, old) in changed {
            let base = layout.bases[p];
            for (j, (old, new)) in old.words.iter().zip(&parts[p].words).enumerate() {
                if old != new {
                    split.relist(base + j, old, new, &mut dirty);
                }
            }
        }
        let groups: BTreeSet<&str> = dirty.iter().map(|w| group_key(w)).collect();
        for group in groups {
            let words: Vec<(&str, usize)> = split
                .words
                .range::<str, _>((Bound::Included(group), Bound::Unbounded))
                .take_while(|(w, _)| w.starts_with(group))
                .map(|(w, word)| (w.as_str(), word.bytes))
                .collect();
            let shards = group_shards(group, &words, self.limits.shard);
            let old = split.groups.remove(group).unwrap_or_default();
            for shard in &shards {
                // The dirty words starting with the key follow it in order.
                let holds_a_change = dirty
                    .range::<str, _>((Bound::Included(shard.key.as_str()), Bound::Unbounded))
                    .next()
                    .is_some_and(|w| w.starts_with(&shard.key));
                if holds_a_change || !old.contains(&shard.key) {
                    let words = words[shard.words.clone()]
                        .iter()
                        .map(|&(w, _)| (w, split.words[w].list.as_slice()));
                    let text = shard_text(&shard.key, words);
                    keep(files, &mut out, shard_path(&self.prefix, &shard.key), text);
                }
            }
            let keys: Vec<String> = shards.into_iter().map(|s| s.key).collect();
            for key in old.iter().filter(|k| !keys.contains(k)) {
                files.remove(&shard_path(&self.prefix, key));
            }
            manifest |= keys != old;
            if !keys.is_empty() {
                split.groups.insert(group.to_string(), keys);
            }
        }
        if manifest {
            let keys = split.groups.values().flatten().map(String::as_str);
            let text = manifest_text(&head, layout.lens.len(), &split.chunks, keys);
            keep(files, &mut out, path(&self.prefix), text);
        }
        Some(out)
    }
}

/// Keeps `text` as the file `path` of `files`, and adds it to `out` if it differs from the
/// last.
fn keep(
    files: &mut HashMap<String, String>,
    out: &mut Vec<(String, String)>,
    path: String,
    text: String,
) {
    if files.get(&path) != Some(&text) {
        files.insert(path.clone(), text.clone());
        out.push((path, text));
    }
}

impl Split {
    /// Updates the lists of the words of `entry`, which were `old` and are `new` (as
    /// [`super::entry_words`] gives them), adding every word whose list changed to `dirty`.
    fn relist(
        &mut self,
        entry: usize,
        old: &(String, usize),
        new: &(String, usize),
        dirty: &mut BTreeSet<String>,
    ) {
        let old = flagged(old);
        let new = flagged(new);
        for (&word, &in_title) in &old {
            if new.get(word) == Some(&in_title) {
                continue;
            }
            if let Some(w) = self.words.get_mut(word) {
                if let Ok(i) = w.list.binary_search_by_key(&entry, |&p| p as usize / 2) {
                    w.list.remove(i);
                }
                if w.list.is_empty() {
                    self.words.remove(word);
                } else {
                    w.bytes = encoded_len(&w.list);
                }
            }
            dirty.insert(word.to_string());
        }
        for (&word, &in_title) in &new {
            if old.get(word) == Some(&in_title) {
                continue;
            }
            let w = self.words.entry(word.to_string()).or_default();
            let p = posting(entry, in_title);
            match w.list.binary_search_by_key(&entry, |&p| p as usize / 2) {
                Ok(i) => w.list[i] = p,
                Err(i) => w.list.insert(i, p),
            }
            w.bytes = encoded_len(&w.list);
            dirty.insert(word.to_string());
        }
    }
}

/// An entry's words (as [`super::entry_words`] gives them), each with whether it is in the
/// title.
fn flagged((words, in_title): &(String, usize)) -> HashMap<&str, bool> {
    words
        .split(' ')
        .filter(|w| !w.is_empty())
        .enumerate()
        .map(|(k, w)| (w, k < *in_title))
        .collect()
}

/// The group of a word or shard key: its first two characters.
fn group_key(word: &str) -> &str {
    word.char_indices().nth(2).map_or(word, |(i, _)| &word[..i])
}

#[cfg(test)]
mod tests {
    use super::super::{entries_of, Entry, Place};
    use super::*;

    /// A small deterministic generator (splitmix64), so that a failure can be replayed.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            ((z ^ (z >> 31)) % n as u64) as usize
        }
    }

    /// Small sizes, so that a few entries make many chunks and shards.
    const LIMITS: Limits = Limits {
        split: 0,
        chunk: 400,
        shard: 120,
    };

    const VOCABULARY: [&str; 24] = [
        "mentor",
        "mentoring",
        "mentors",
        "plan",
        "planning",
        "the",
        "their",
        "then",
        "thesis",
        "café",
        "cafe",
        "écrire",
        "жизнь",
        "жить",
        "guru",
        "gurus",
        "bk",
        "ab",
        "abc",
        "abd",
        "two words",
        "x",
        "2024",
        "</script>",
    ];

    /// An entity: a page with `items` checklist items, its texts `words` words long.
    fn entity(rng: &mut Rng, n: usize, items: usize, words: usize) -> Vec<Entry> {
        let text = |rng: &mut Rng| -> String {
            (0..words)
                .map(|_| VOCABULARY[rng.below(VOCABULARY.len())])
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut out = vec![Entry {
            kind: "page",
            title: text(rng),
            place: Place::Page {
                path: format!("p{n}/"),
                context: String::new(),
                checklist: (items > 0).then(|| format!("p{n}")),
            },
            text: text(rng),
        }];
        for i in 0..items {
            out.push(Entry {
                kind: "item",
                title: text(rng),
                place: Place::Item {
                    parent: 0,
                    id: format!("i{i}"),
                },
                text: if i % 2 == 0 { text(rng) } else { String::new() },
            });
        }
        out
    }

    /// Every file of a full join of `parts`.
    fn full(parts: &[Entries], limits: Limits) -> HashMap<String, String> {
        let parts: Vec<&Entries> = parts.iter().collect();
        let mut files = HashMap::new();
        join_all::<()>("en", "", &parts, limits, &mut |path, text| {
            files.insert(path, text);
            Ok(())
        })
        .unwrap();
        files
    }

    /// The kinds of edit of [`edits_patch_the_index_like_a_full_join`].
    #[derive(Clone, Copy, Debug, PartialEq)]
    enum Edit {
        /// One word of an entry's title or text replaced by one of the vocabulary.
        Word,
        /// A word never seen before, of a group of its own, added to an entry's text.
        NewWord,
        /// Every word of an entry's text removed: that of the last [`Edit::NewWord`] too.
        Removed,
        /// An entry's text made much longer, moving the chunk boundaries after it.
        Longer,
        /// An item added: every later entry gets another number.
        Item,
        /// Several entities edited at once.
        Several,
    }

    #[test]
    fn edits_patch_the_index_like_a_full_join() {
        let mut rng = Rng(7);
        let mut entities: Vec<Vec<Entry>> = (0..30)
            .map(|n| {
                let items = rng.below(4);
                let words = 1 + rng.below(5);
                entity(&mut rng, n, items, words)
            })
            .collect();
        let parts: Vec<Entries> = entities.iter().map(|e| entries_of(e)).collect();
        let refs: Vec<&Entries> = parts.iter().collect();
        let (mut index, files) = Index::update_with(None, "en", "", &refs, None, LIMITS);
        let mut written: HashMap<String, String> = files.into_iter().collect();
        assert_eq!(written, full(&parts, LIMITS));
        assert!(written.len() > 20, "{} files", written.len());
        let mut parts = parts;
        let mut patched = 0;
        let mut fresh = 0;
        let mut last_new = (0, 0);
        for round in 0..300 {
            let edit = [
                Edit::Word,
                Edit::NewWord,
                Edit::Removed,
                Edit::Longer,
                Edit::Item,
                Edit::Several,
            ][round % 6];
            let count = if edit == Edit::Several { 3 } else { 1 };
            let mut edited: Vec<usize> = (0..count).map(|_| rng.below(entities.len())).collect();
            edited.sort_unstable();
            edited.dedup();
            if edit == Edit::Removed {
                edited = vec![last_new.0];
            }
            for &e in &edited {
                let entries = &mut entities[e];
                let mut at = rng.below(entries.len());
                match edit {
                    Edit::NewWord => last_new = (e, at),
                    Edit::Removed => at = last_new.1,
                    _ => {}
                }
                let entry = &mut entries[at];
                match edit {
                    Edit::Word | Edit::Several => {
                        let word = VOCABULARY[rng.below(VOCABULARY.len())];
                        let field = if rng.below(2) == 0 {
                            &mut entry.title
                        } else {
                            &mut entry.text
                        };
                        let mut words: Vec<&str> = field.split(' ').collect();
                        let i = rng.below(words.len());
                        words[i] = word;
                        *field = words.join(" ");
                    }
                    Edit::NewWord => {
                        let c = char::from_u32(0x4e00 + round as u32).unwrap();
                        entry.text.push_str(&format!(" {c}{c}new"));
                    }
                    Edit::Removed => entry.text.clear(),
                    Edit::Longer => entry.text.push_str(&" guru".repeat(40)),
                    Edit::Item => entries.push(Entry {
                        kind: "item",
                        title: format!("added{round} plan"),
                        place: Place::Item {
                            parent: 0,
                            id: format!("added{round}"),
                        },
                        text: String::new(),
                    }),
                }
            }
            let mut new_parts: Vec<Entries> = Vec::with_capacity(parts.len());
            let mut old_parts = Vec::new();
            for (i, old) in parts.into_iter().enumerate() {
                let new = entries_of(&entities[i]);
                if new != old {
                    old_parts.push((i, old));
                }
                new_parts.push(new);
            }
            parts = new_parts;
            let refs: Vec<&Entries> = parts.iter().collect();
            let changed: Vec<(usize, &Entries)> = old_parts.iter().map(|(i, o)| (*i, o)).collect();
            let files = match index.patch(&refs, &changed) {
                Some(files) => {
                    assert_ne!(edit, Edit::Item, "an item added is a full join");
                    patched += 1;
                    files
                }
                None => {
                    fresh += 1;
                    let (new, files) =
                        Index::update_with(Some(index), "en", "", &refs, Some(&changed), LIMITS);
                    index = new;
                    files
                }
            };
            let expected = full(&parts, LIMITS);
            for (path, text) in files {
                assert_ne!(written.get(&path), Some(&text), "{path} written unchanged");
                written.insert(path, text);
            }
            written.retain(|path, _| expected.contains_key(path));
            let paths: BTreeSet<&String> = index.paths().collect();
            assert_eq!(
                paths,
                expected.keys().collect(),
                "after {edit:?} in {round}"
            );
            for (path, text) in &expected {
                assert_eq!(
                    written.get(path),
                    Some(text),
                    "{path} after {edit:?} in {round}"
                );
            }
        }
        assert!(patched > 200, "{patched} patched, {fresh} joined");
        assert!(fresh >= 50, "{patched} patched, {fresh} joined");
    }
}
