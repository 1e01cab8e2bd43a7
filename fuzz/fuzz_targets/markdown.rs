//! One Markdown field through `jenjang::markdown::render` with raw HTML not allowed (the
//! default). Property: the HTML, parsed as a browser would, has no script, event handler,
//! frame, form, style or `javascript:`/`vbscript:`/`data:` URL. `plain_text` must not panic.
#![no_main]

use jenjang::markdown::{plain_text, render, Settings};
use jenjang_fuzz::check_fragment;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let html = render(
        source,
        Settings {
            allow_raw_html: false,
            id_prefix: "f-",
        },
    );
    if let Err(e) = check_fragment(&html) {
        panic!("{e}\nsource: {source:?}\nhtml: {html}");
    }
    let _ = plain_text(source);
});
