//! `site.yaml` through parse, resolve and render, with one valid file of each kind beside it.
//! Properties: no panic, parse errors have positions, a resolved site renders, and no page
//! holds a script from content (unless the fuzzed site.yaml says `allow_raw_html: true`).
#![no_main]

use std::path::Path;
use std::sync::Arc;

use jenjang::load::raw::RawSite;
use jenjang::load::{yaml, Doc};
use jenjang_fuzz::{base_site, check_diagnostics, resolve_and_render};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut loaded = base_site(false);
    match yaml::parse_text::<RawSite>(Path::new("site.yaml"), &Arc::from(&*text)) {
        Ok((raw, spans)) => {
            loaded.site = Some(Doc {
                id: String::new(),
                file: "site.yaml".into(),
                raw,
                spans,
            });
            resolve_and_render(&loaded, &[("site.yaml", text)]);
        }
        Err(errs) => check_diagnostics(&errs, text),
    }
});
