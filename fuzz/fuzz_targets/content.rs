//! A content file of any kind (the first byte picks roadmap, module, framework, scale or page)
//! through parse, resolve and render, beside a small valid site. Properties: no panic, parse
//! errors have positions, a resolved site renders, and no page holds a script from content.
#![no_main]

use jenjang_fuzz::{add_file, base_site, resolve_and_render, Kind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let kind = Kind::from_byte(selector);
    let mut loaded = base_site(true);
    if add_file(&mut loaded, kind, text) {
        resolve_and_render(&loaded, &[(kind.file(), text)]);
    }
});
