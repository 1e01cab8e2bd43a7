//! Markdown fields to HTML: CommonMark with tables, task lists, strikethrough and footnotes.
//!
//! Every field is rendered once, during `resolve`, and the HTML is kept in the model. Output is
//! safe to print as is: link and image destinations with a scheme other than `http`, `https`,
//! `mailto` or `tel` are dropped (a `javascript:` link becomes plain text), and when a field
//! holds raw HTML the whole output goes through ammonia's allow-list, unless the site opted in
//! with `allow_raw_html: true`.

mod html_text;

pub use html_text::html_to_text;

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{LazyLock, Mutex};

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag, TagEnd};

/// How to render one field.
#[derive(Debug, Clone, Copy)]
pub struct Settings<'a> {
    /// Let raw HTML through unsanitised (`allow_raw_html` in `site.yaml`).
    pub allow_raw_html: bool,
    /// Prefixed to footnote ids so that two fields on one page never share an id.
    pub id_prefix: &'a str,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
}

/// Renders `source` to HTML.
pub fn render(source: &str, settings: Settings) -> String {
    let mut saw_html = false;
    let events = Parser::new_ext(source, options()).map(|event| match event {
        Event::Html(_) | Event::InlineHtml(_) => {
            saw_html = true;
            event
        }
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        Event::FootnoteReference(name) => {
            Event::FootnoteReference(format!("{}{name}", settings.id_prefix).into())
        }
        Event::Start(Tag::FootnoteDefinition(name)) => Event::Start(Tag::FootnoteDefinition(
            format!("{}{name}", settings.id_prefix).into(),
        )),
        other => other,
    });
    let mut out = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut out, events);
    if saw_html && !settings.allow_raw_html {
        SANITIZER.clean(&out).to_string()
    } else {
        out
    }
}

/// Rendered fields kept between builds, so that `watch` renders only Markdown that changed.
///
/// Keyed by a 64-bit hash of the source and the settings. [`Cache::sweep`] drops what the last
/// build did not use, so the cache stays the size of one site.
#[derive(Debug, Default)]
pub struct Cache {
    inner: Mutex<CacheInner>,
}

#[derive(Debug, Default)]
struct CacheInner {
    entries: HashMap<u64, (String, u64)>,
    generation: u64,
}

impl Cache {
    /// Renders `source`, or returns the HTML of an earlier identical call.
    pub fn render(&self, source: &str, settings: Settings) -> String {
        let mut h = DefaultHasher::new();
        (source, settings.allow_raw_html, settings.id_prefix).hash(&mut h);
        let key = h.finish();
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let generation = inner.generation;
        if let Some((html, used)) = inner.entries.get_mut(&key) {
            *used = generation;
            return html.clone();
        }
        drop(inner);
        let html = render(source, settings);
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.entries.insert(key, (html.clone(), generation));
        html
    }

    /// Forgets every entry not used since the last sweep.
    pub fn sweep(&self) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let generation = inner.generation;
        inner.entries.retain(|_, (_, used)| *used == generation);
        inner.generation += 1;
    }

    /// How many rendered fields the cache holds.
    pub fn len(&self) -> usize {
        self.inner.lock().map_or(0, |i| i.entries.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The text of `source` without markup, white space folded: for `<meta name="description">`.
pub fn plain_text(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    for event in Parser::new_ext(source, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

const SAFE_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// Keeps relative URLs and URLs with a safe scheme; anything else becomes empty.
fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    if is_safe_url(&url) {
        url
    } else {
        CowStr::Borrowed("")
    }
}

/// True for a relative URL or one with a safe scheme, judged with control characters and
/// white space removed (so `java\tscript:` and `java\x14script:` count as `javascript:`).
fn is_safe_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_ascii_control() && !c.is_whitespace())
        .collect();
    let scheme_end = cleaned.find(':');
    let first_delimiter = cleaned.find(['/', '?', '#']);
    match scheme_end {
        Some(i) if first_delimiter.is_none_or(|d| i < d) => {
            SAFE_SCHEMES.contains(&cleaned[..i].to_ascii_lowercase().as_str())
        }
        _ => true,
    }
}

/// Attributes that hold a URL, in any element ammonia lets through.
const URL_ATTRIBUTES: [&str; 10] = [
    "href",
    "src",
    "cite",
    "action",
    "formaction",
    "srcset",
    "poster",
    "longdesc",
    "background",
    "xlink:href",
];

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.url_schemes(HashSet::from(SAFE_SCHEMES))
        .link_rel(Some("noopener noreferrer"))
        .add_tags(["input"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_generic_attributes(["id", "class"])
        // ammonia keeps a URL it cannot parse as relative (`javascript\x14:x`); judge every
        // URL the way Markdown links are judged.
        .attribute_filter(|_, attribute, value| {
            if URL_ATTRIBUTES.contains(&attribute) && !is_safe_url(value) {
                None
            } else {
                Some(value.into())
            }
        });
    b
});

#[cfg(test)]
mod tests {
    use super::*;

    const PLAIN: Settings = Settings {
        allow_raw_html: false,
        id_prefix: "x-",
    };

    #[test]
    fn renders_the_extensions() {
        let html = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n~~old~~ text[^n]\n\n[^n]: A note.\n",
            PLAIN,
        );
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("type=\"checkbox\""), "{html}");
        assert!(html.contains("<del>old</del>"), "{html}");
        assert!(html.contains("href=\"#x-n\""), "{html}");
        assert!(html.contains("id=\"x-n\""), "{html}");
    }

    #[test]
    fn strips_scripts_and_dangerous_links() {
        let html = render(
            "<script>alert(1)</script>\n\nText <img src=x onerror=alert(1)> [a](javascript:alert(1)) [b](<JaVa\tScRiPt:x>) [c](https://ok.example/)",
            PLAIN,
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.to_lowercase().contains("javascript"), "{html}");
        assert!(html.contains("https://ok.example/"), "{html}");
    }

    #[test]
    fn control_characters_do_not_hide_a_scheme() {
        // Found by the markdown fuzzer (tests/fuzz_regressions/markdown/).
        for source in [
            "<a href=\"javascript\u{14}\u{14}:a(1)\">x</a>",
            "<a href=\"java\u{1}script:a(1)\">x</a>",
            "<img src=\" \u{0}javascript:x\">",
            "<a href=\"&#106;ava&#x09;script:x\">x</a>",
            "[x](<java\u{14}script:x>)",
        ] {
            let html = render(source, PLAIN);
            let cleaned: String = html
                .chars()
                .filter(|c| !c.is_ascii_control() && !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            assert!(!cleaned.contains("javascript:"), "{source:?} → {html:?}");
        }
        let html = render(
            "<a href=\"https://ok.example/\">ok</a> <a href=\"../x/\">r</a>",
            PLAIN,
        );
        assert!(html.contains("href=\"https://ok.example/\""), "{html}");
        assert!(html.contains("href=\"../x/\""), "{html}");
    }

    #[test]
    fn raw_html_allowed_on_request() {
        let html = render(
            "<span style=\"color:red\">x</span>",
            Settings {
                allow_raw_html: true,
                id_prefix: "",
            },
        );
        assert!(html.contains("style="), "{html}");
    }

    #[test]
    fn relative_links_are_kept() {
        let html = render("[a](../about/index.html) [b](page:x) [c](#top)", PLAIN);
        assert!(html.contains("href=\"../about/index.html\""), "{html}");
        assert!(html.contains("href=\"#top\""), "{html}");
        assert!(!html.contains("page:x"), "{html}");
    }

    #[test]
    fn cache_returns_the_same_html_and_sweeps() {
        let cache = Cache::default();
        let a = cache.render("*a*", PLAIN);
        assert_eq!(a, render("*a*", PLAIN));
        assert_eq!(cache.render("*a*", PLAIN), a);
        assert_eq!(cache.len(), 1);
        cache.sweep();
        cache.render("*b*", PLAIN);
        cache.sweep();
        assert_eq!(cache.len(), 1, "*a* was not used in the last generation");
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            plain_text("Managing *learning*\nfor `all`.\n\nSecond."),
            "Managing learning for all. Second."
        );
    }
}
