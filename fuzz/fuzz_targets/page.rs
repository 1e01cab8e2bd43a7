//! A free page (front matter and Markdown body) through `jenjang::load::page::parse`, then
//! resolve and render beside a small valid site. Properties: no panic, parse errors have
//! positions, and the page's HTML holds no script from content.
#![no_main]

use jenjang_fuzz::{add_file, base_site, resolve_and_render, Kind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut loaded = base_site(true);
    if add_file(&mut loaded, Kind::Page, text) {
        resolve_and_render(&loaded, &[(Kind::Page.file(), text)]);
    }
});
