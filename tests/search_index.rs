//! The search index of a generated site of 1,000 pages (examples/gen-corpus.rs) is too large for
//! one file, so a build splits it into term shards and display chunks (src/render/search.rs),
//! and the split index holds the same entries and finds what the one file would.

#[allow(dead_code)]
#[path = "../examples/gen-corpus.rs"]
mod gen_corpus;

use std::collections::BTreeMap;

use jenjang::render::search::{self, CHUNK_BYTES, SHARD_BYTES, SPLIT_BYTES};
use serde_json::Value;

/// The JSON value of the script text `prefix…suffix`.
fn value(text: &str, prefix: &str, suffix: &str) -> Value {
    let json = text
        .strip_prefix(prefix)
        .and_then(|t| t.strip_suffix(suffix))
        .unwrap_or_else(|| panic!("{text:.80} is not {prefix}…{suffix}"));
    serde_json::from_str(json).unwrap()
}

#[test]
fn a_generated_site_of_1000_pages_gets_a_split_index() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    gen_corpus::generate(1000, &root, 42, None).expect("the corpus is written");
    let outcome = jenjang::run(&root, jenjang::resolve::Options::default());
    assert!(!outcome.has_errors(), "{:?}", outcome.diagnostics);
    let site = outcome.site.as_ref().unwrap();

    // One file would be too large.
    let one = search::index_files(site, "en", "", usize::MAX);
    assert_eq!(one.len(), 1);
    assert!(one[0].1.len() > SPLIT_BYTES, "{} bytes", one[0].1.len());
    let docs = value(&one[0].1, "window.jenjangSearch = ", ";\n")["docs"]
        .as_array()
        .unwrap()
        .clone();

    // The build writes the split form: exactly the files of `search::files`.
    let files = search::files(site, "en", "");
    let built: BTreeMap<&str, &[u8]> = outcome
        .outputs
        .as_ref()
        .unwrap()
        .iter()
        .filter(|o| o.path == "search-index.js" || o.path.starts_with("search/"))
        .map(|o| (o.path.as_str(), o.bytes.as_slice()))
        .collect();
    let expected: BTreeMap<&str, &[u8]> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_bytes()))
        .collect();
    assert_eq!(built, expected);
    assert_eq!(search::files(site, "en", ""), files, "deterministic");

    let text: BTreeMap<&str, &str> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let manifest = value(text["search-index.js"], "window.jenjangSearch = ", ";\n");
    assert!(manifest.get("docs").is_none());
    assert!(
        text["search-index.js"].len() < 16 * 1024,
        "the manifest is small: {} bytes",
        text["search-index.js"].len()
    );

    // The chunks hold the entries of the one file, in order, each of a bounded size.
    let starts = manifest["chunks"].as_array().unwrap();
    assert!(starts.len() > 10, "{} chunks", starts.len());
    let mut entries = Vec::new();
    for (n, start) in starts.iter().enumerate() {
        assert_eq!(start.as_u64().unwrap() as usize, entries.len());
        let file = text[format!("search/docs-{n}.js").as_str()];
        assert!(
            file.len() < 2 * CHUNK_BYTES,
            "chunk {n}: {} bytes",
            file.len()
        );
        let chunk = value(file, &format!("jenjangSearch.addDocs({n},"), ");\n");
        entries.extend(chunk.as_array().unwrap().iter().cloned());
    }
    assert_eq!(entries, docs);
    assert_eq!(manifest["entries"].as_u64().unwrap() as usize, docs.len());

    // Every shard of more than one word is within the limit; the words of a term's shards
    // find the entries the one file's words do.
    let keys = manifest["terms"].as_array().unwrap();
    let mut words: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for key in keys {
        let key = key.as_str().unwrap();
        let file = text[format!("search/terms-{}.js", search::file_key(key)).as_str()];
        let shard = value(
            file,
            &format!("jenjangSearch.addTerms({},", Value::String(key.into())),
            ");\n",
        );
        let shard = shard.as_object().unwrap();
        assert!(
            shard.len() == 1 || file.len() <= SHARD_BYTES + 64,
            "shard {key}: {} bytes",
            file.len()
        );
        for (word, list) in shard {
            let mut at = 0;
            let list = list.as_array().unwrap().iter().map(|v| {
                at += v.as_u64().unwrap() as usize / 2;
                at
            });
            words.insert(word.clone(), list.collect());
        }
    }
    assert_eq!(files.len(), 1 + starts.len() + keys.len(), "no other file");
    let title = |d: &Value| -> String {
        let at = if d[0].is_u64() { 2 } else { 1 };
        d[at].as_str().unwrap().to_string()
    };
    for word in ["mentor", "portfolio", "workshop"] {
        let with: Vec<usize> = docs
            .iter()
            .enumerate()
            .filter(|(_, d)| search::words(&title(d)).iter().any(|w| w == word))
            .map(|(i, _)| i)
            .collect();
        assert!(!with.is_empty(), "some title has {word}");
        assert!(
            with.iter().all(|i| words[word].contains(i)),
            "{word} lists every entry whose title has it"
        );
    }
}
