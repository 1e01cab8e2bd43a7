//! Rewrites the search index of a built site with a chosen size above which it is split
//! (`jenjang::render::search::index_files`): to see the split form on a small site, and for the
//! browser tests (tests/browser/search.test.mjs), which test both forms on the example site.
//!
//! ```sh
//! jenjang build --root ROOT --output OUT
//! cargo run --example search-index -- ROOT OUT MAX_BYTES    # 0: always split
//! ```
//!
//! The index files jenjang wrote into OUT (`search-index.js` and `search/terms-*.js`,
//! `search/docs-*.js` of every language) are replaced; nothing else changes.

use std::fs;
use std::path::Path;
use std::process::ExitCode;

use jenjang::render::search;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [root, out, max] = args.as_slice() else {
        eprintln!("usage: search-index ROOT OUT MAX_BYTES");
        return ExitCode::from(2);
    };
    let Ok(max) = max.parse::<usize>() else {
        eprintln!("MAX_BYTES must be a number of bytes, not `{max}`");
        return ExitCode::from(2);
    };
    let (root, out) = (Path::new(root), Path::new(out));
    let loaded = jenjang::load::load(root);
    let Some(site) = jenjang::resolve::resolve(&loaded, Default::default()).site else {
        eprintln!(
            "the site at {} has errors: run jenjang check",
            root.display()
        );
        return ExitCode::FAILURE;
    };
    for (i, lang) in site.config.languages.iter().enumerate() {
        // As the renderer lays languages out: the first at the root, the others in <code>/.
        let prefix = if i == 0 {
            String::new()
        } else {
            format!("{lang}/")
        };
        if let Err(e) = replace(
            out,
            &search::index_files(&site, lang, &prefix, max),
            &prefix,
        ) {
            eprintln!(
                "cannot write the index of `{lang}` into {}: {e}",
                out.display()
            );
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

/// Removes the index files of the language under `prefix` from `out`, then writes `files`.
fn replace(out: &Path, files: &[(String, String)], prefix: &str) -> std::io::Result<()> {
    let folder = out.join(prefix).join("search");
    if let Ok(list) = fs::read_dir(&folder) {
        for file in list {
            let path = file?.path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if (name.starts_with("terms-") || name.starts_with("docs-")) && name.ends_with(".js") {
                fs::remove_file(&path)?;
            }
        }
    }
    for (path, text) in files {
        let path = out.join(path);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        fs::write(path, text)?;
    }
    Ok(())
}
