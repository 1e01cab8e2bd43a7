//! Generates a valid jenjang site of about N pages, for benchmarks and scale tests.
//!
//! ```sh
//! cargo run --release --example gen-corpus -- N DIR [--seed S] [--force] [--hugo HUGO_DIR]
//! ```
//!
//! The site has a realistic shape: roadmaps of 8–12 stages with 8–15 checklist items each,
//! modules of 6–10 units, frameworks of 20–60 competencies two levels deep with level
//! descriptors, scales with four bands and `below:`, and a few free pages. Every stage refers to
//! 3–6 competencies and 1–3 modules; every description is about 150 words of Markdown (two or
//! three paragraphs, a list, a small table and a link). The output depends only on N and the
//! seed. The page count (home, section lists, roadmaps, stages, modules, frameworks and their
//! curriculum maps, competencies, scales, free pages and 404) is N exactly when N is large enough (a few hundred),
//! and is printed.
//!
//! With `--hugo HUGO_DIR` it also writes an equivalent Hugo site: one content page per jenjang
//! page with the same Markdown, and a minimal theme, for comparing build times.
//!
//! This file is also included as a module by `tests/corpus.rs` and `benches/phases.rs`
//! (through `#[path]`), so the generator itself is [`generate`].

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What [`generate`] wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// The number of HTML pages jenjang will build from the site (404 page included).
    pub pages: usize,
    pub roadmaps: usize,
    pub stages: usize,
    pub modules: usize,
    pub units: usize,
    pub frameworks: usize,
    pub competencies: usize,
    pub scales: usize,
    pub free_pages: usize,
    pub checklist_items: usize,
    /// Files written (jenjang site only).
    pub files: usize,
    /// Bytes written (jenjang site only).
    pub bytes: u64,
}

/// Home, five section lists (roadmaps, modules, competencies, scales, the curriculum map) and
/// the 404 page.
const FIXED_PAGES: usize = 7;
const LEVELS: [&str; 3] = ["basic", "proficient", "expert"];

/// splitmix64: small, fast and good enough for generating text.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with a probability of `percent` / 100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// `k` distinct indices in `0..n` (`k` ≤ `n`), in the order drawn.
    fn distinct(&mut self, k: usize, n: usize) -> Vec<usize> {
        let k = k.min(n);
        let mut out = Vec::with_capacity(k);
        while out.len() < k {
            let i = self.below(n);
            if !out.contains(&i) {
                out.push(i);
            }
        }
        out
    }
}

/// Lower-case ASCII words only, none of them reserved as a page id.
#[rustfmt::skip]
const WORDS: &[&str] = &[
    "learner", "teacher", "lesson", "classroom", "school", "mentor", "parent", "community",
    "practice", "reflection", "assessment", "curriculum", "planning", "feedback", "evidence",
    "portfolio", "observation", "training", "workshop", "session", "module", "project", "team",
    "leader", "colleague", "counsellor", "programme", "budget", "market", "product", "craft",
    "village", "district", "region", "record", "report", "meeting", "agenda", "goal", "target",
    "progress", "review", "standard", "indicator", "level", "skill", "knowledge", "attitude",
    "method", "material", "media", "digital", "tool", "literacy", "numeracy", "science",
    "language", "history", "art", "music", "health", "safety", "wellbeing", "inclusion",
    "diversity", "ethics", "integrity", "service", "guidance", "career", "pathway", "stage",
    "growth", "change", "support", "network", "partner", "group", "peer", "coach", "coaching",
    "study", "research", "inquiry", "question", "answer", "problem", "solution", "idea", "design",
    "plan", "schedule", "term", "semester", "year", "month", "week", "day", "hour", "early",
    "late", "first", "second", "final", "new", "experienced", "senior", "junior", "novice",
    "expert", "careful", "clear", "simple", "practical", "regular", "shared", "local", "national",
    "formal", "informal", "written", "spoken", "weekly", "monthly", "annual", "quality", "care",
    "trust", "respect", "patience", "empathy", "courage", "habit", "routine", "rule", "climate",
    "culture", "value", "purpose", "mission", "vision", "strategy", "policy", "office", "family",
    "youth", "adult", "woman", "worker", "migrant", "business", "income", "savings", "cost",
    "price", "sale", "customer", "supplier", "quality", "sample", "pattern", "weaving", "batik",
    "sewing", "cooking", "farming", "garden", "water", "energy", "library", "book", "story",
    "reading", "writing", "speaking", "listening", "thinking", "drawing", "game", "play", "sport",
    "field", "visit", "trip", "exchange", "forum", "board", "committee", "council", "certificate",
    "license", "degree", "course", "class", "unit", "task", "exercise", "case", "example", "model",
    "guide", "handbook", "checklist", "form", "survey", "interview", "data", "chart", "table",
    "map", "timeline", "milestone", "result", "outcome", "impact", "benefit", "risk", "issue",
    "concern", "need", "strength", "gap", "priority", "step", "action", "decision", "choice",
    "option", "path", "route", "bridge", "ladder", "foundation",
];

#[rustfmt::skip]
const VERBS: &[&str] = &[
    "plans", "leads", "reviews", "records", "shares", "builds", "explains", "observes", "designs",
    "supports", "checks", "prepares", "organises", "guides", "tests", "writes", "presents",
    "agrees", "collects", "adapts", "improves", "evaluates", "discusses", "coordinates",
];

#[rustfmt::skip]
const IMPERATIVES: &[&str] = &[
    "Write", "Hold", "Observe", "Plan", "Run", "Review", "Agree", "Prepare", "Complete", "Lead",
    "Share", "Collect", "Present", "Draft", "Record", "Attend", "Visit", "Organise", "Test", "Map",
    "Discuss", "Design", "Keep", "Update",
];

fn push_words(out: &mut String, rng: &mut Rng, n: usize) {
    for i in 0..n {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(rng.pick(WORDS));
    }
}

fn push_capitalised(out: &mut String, word: &str) {
    let mut chars = word.chars();
    if let Some(c) = chars.next() {
        out.push(c.to_ascii_uppercase());
        out.push_str(chars.as_str());
    }
}

/// A sentence of `lo..=hi` words: "The learner plans a ... ."
fn push_sentence(out: &mut String, rng: &mut Rng, lo: usize, hi: usize) {
    let n = rng.range(lo, hi).max(4);
    out.push_str("The ");
    out.push_str(rng.pick(WORDS));
    out.push(' ');
    out.push_str(rng.pick(VERBS));
    out.push_str(" the ");
    push_words(out, rng, n - 4);
    out.push('.');
}

fn sentence(rng: &mut Rng, lo: usize, hi: usize) -> String {
    let mut s = String::with_capacity(hi * 9);
    push_sentence(&mut s, rng, lo, hi);
    s
}

/// An instruction for a checklist item: "Write the ... ".
fn instruction(rng: &mut Rng) -> String {
    let mut s = String::with_capacity(64);
    s.push_str(rng.pick(IMPERATIVES));
    s.push_str(" the ");
    let n = rng.range(3, 8);
    push_words(&mut s, rng, n);
    s
}

/// `lo..=hi` words in Title Case.
fn title(rng: &mut Rng, lo: usize, hi: usize) -> String {
    let n = rng.range(lo, hi);
    let mut s = String::with_capacity(n * 10);
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        push_capitalised(&mut s, rng.pick(WORDS));
    }
    s
}

/// `k` words joined by hyphens: a valid id fragment.
fn slug(rng: &mut Rng, k: usize) -> String {
    let mut s = String::with_capacity(k * 10);
    for i in 0..k {
        if i > 0 {
            s.push('-');
        }
        s.push_str(rng.pick(WORDS));
    }
    s
}

/// About 150 words of Markdown: paragraphs, a bulleted list, a small table and a link.
fn description(rng: &mut Rng) -> String {
    let mut s = String::with_capacity(1200);
    // First paragraph, with emphasis and a link.
    push_sentence(&mut s, rng, 10, 16);
    s.push_str(" It asks for *");
    push_words(&mut s, rng, 2);
    s.push_str("* and **");
    push_words(&mut s, rng, 2);
    s.push_str("** before the ");
    push_words(&mut s, rng, 3);
    s.push_str(". See the [");
    let link = slug(rng, 2);
    s.push_str(&link.replace('-', " "));
    s.push_str(" guide](https://example.org/guides/");
    s.push_str(&link);
    s.push_str(") for ");
    push_words(&mut s, rng, 4);
    s.push_str(".\n");
    push_sentence(&mut s, rng, 8, 14);
    s.push_str("\n\n");
    // A list.
    for _ in 0..rng.range(3, 5) {
        s.push_str("- ");
        let n = rng.range(4, 8);
        push_words(&mut s, rng, n);
        s.push_str(";\n");
    }
    s.push('\n');
    // A small table.
    s.push_str("| Focus | Evidence | Time |\n|---|---|---|\n");
    for _ in 0..rng.range(2, 3) {
        s.push_str("| ");
        push_words(&mut s, rng, 2);
        s.push_str(" | ");
        push_words(&mut s, rng, 3);
        s.push_str(" | ");
        let n = rng.range(1, 6);
        let _ = write!(s, "{n} {}", plural(n, "week"));
        s.push_str(" |\n");
    }
    s.push('\n');
    // Two more paragraphs.
    for _ in 0..3 {
        push_sentence(&mut s, rng, 10, 16);
        s.push(' ');
    }
    s.pop();
    s.push_str("\n\n");
    for _ in 0..2 {
        push_sentence(&mut s, rng, 8, 14);
        s.push(' ');
    }
    s.pop();
    s.push('\n');
    s
}

/// One short paragraph of Markdown (about 40 words).
fn short_markdown(rng: &mut Rng) -> String {
    let mut s = String::with_capacity(320);
    for _ in 0..3 {
        push_sentence(&mut s, rng, 10, 16);
        s.push(' ');
    }
    s.pop();
    s.push('\n');
    s
}

fn plural(n: usize, unit: &str) -> String {
    if n == 1 {
        unit.to_string()
    } else {
        format!("{unit}s")
    }
}

fn duration(rng: &mut Rng, units: &[(&str, usize, usize)]) -> String {
    let (unit, lo, hi) = rng.pick(units);
    let a = rng.range(lo, hi);
    if rng.chance(30) {
        let b = a + rng.range(1, 3);
        format!("{a}-{b} {}", plural(b, unit))
    } else {
        format!("{a} {}", plural(a, unit))
    }
}

/// `key: |` followed by `text` indented by `indent` + two spaces.
fn push_block(out: &mut String, indent: &str, key: &str, text: &str) {
    out.push_str(indent);
    out.push_str(key);
    out.push_str(": |\n");
    for line in text.lines() {
        if !line.is_empty() {
            out.push_str(indent);
            out.push_str("  ");
            out.push_str(line);
        }
        out.push('\n');
    }
}

/// `key: "value"` (values never hold quotes or backslashes).
fn push_field(out: &mut String, indent: &str, key: &str, value: &str) {
    let _ = writeln!(out, "{indent}{key}: \"{value}\"");
}

/// A checklist of `n` items with explicit ids; some are weighted, optional or need evidence.
/// Returns the items' texts (for the Hugo copy).
fn push_checklist(out: &mut String, rng: &mut Rng, indent: &str, n: usize) -> Vec<Item> {
    let _ = writeln!(out, "{indent}checklist:");
    let mut items = Vec::with_capacity(n);
    for i in 0..n {
        let id = format!("{}-{}", rng.pick(WORDS), i + 1);
        let text = instruction(rng);
        let _ = writeln!(out, "{indent}  - id: {id}");
        push_field(out, indent, "    text", &text);
        if rng.chance(20) {
            let _ = writeln!(out, "{indent}    weight: {}", rng.range(2, 3));
        }
        if rng.chance(15) {
            let _ = writeln!(out, "{indent}    required: false");
        }
        let evidence = rng.chance(35).then(|| sentence(rng, 6, 12));
        if let Some(e) = &evidence {
            push_field(out, indent, "    evidence", e);
        }
        items.push(Item { text, evidence });
    }
    items
}

struct Item {
    text: String,
    evidence: Option<String>,
}

/// A page of the Hugo copy: its path under `content/`, title, summary and Markdown body.
struct HugoPage {
    path: String,
    title: String,
    summary: String,
    weight: usize,
    body: String,
}

fn hugo_checklist(body: &mut String, items: &[Item]) {
    body.push_str("\n## Checklist\n\n");
    for it in items {
        let _ = writeln!(body, "- [ ] {}", it.text);
        if let Some(e) = &it.evidence {
            let _ = writeln!(body, "  *Evidence:* {e}");
        }
    }
}

struct Framework {
    id: String,
    /// Every competency id, areas and children alike.
    competencies: Vec<String>,
}

/// Collects files to write, counting them.
struct Writer {
    root: PathBuf,
    files: usize,
    bytes: u64,
    made: std::collections::HashSet<PathBuf>,
}

impl Writer {
    fn new(root: &Path) -> Writer {
        Writer {
            root: root.to_path_buf(),
            files: 0,
            bytes: 0,
            made: Default::default(),
        }
    }

    fn write(&mut self, rel: &str, text: &str) -> io::Result<()> {
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            if !self.made.contains(parent) {
                fs::create_dir_all(parent)?;
                self.made.insert(parent.to_path_buf());
            }
        }
        fs::write(&path, text)?;
        self.files += 1;
        self.bytes += text.len() as u64;
        Ok(())
    }
}

/// How many frameworks, modules, scales and free pages a site of `n` pages gets; roadmaps
/// fill the rest.
fn budget(n: usize) -> (usize, usize, usize, usize) {
    let framework_pages = n * 33 / 100;
    let modules = (n * 8 / 100).max(3);
    let scales = (n / 2000).max(1);
    let free_pages = 3 + n / 500;
    (framework_pages, modules, scales, free_pages)
}

/// Writes a site of about `n` pages into `dir` (and a Hugo copy into `hugo`, if given).
pub fn generate(n: usize, dir: &Path, seed: u64, hugo: Option<&Path>) -> io::Result<Summary> {
    let mut rng = Rng::new(seed ^ 0x6A65_6E6A_616E_6721);
    let mut w = Writer::new(dir);
    let mut hp: Vec<HugoPage> = Vec::new();
    let want_hugo = hugo.is_some();
    let mut sum = Summary::default();
    let (framework_pages, module_count, scale_count, mut free_pages) = budget(n);

    // Scales.
    let mut scale_ids = Vec::new();
    for s in 0..scale_count {
        let id = format!("{}-scale-{}", rng.pick(WORDS), s + 1);
        let mut y = String::with_capacity(2048);
        let t = format!("{} Scale", title(&mut rng, 2, 3));
        let summary = sentence(&mut rng, 10, 18);
        let desc = description(&mut rng);
        push_field(&mut y, "", "title", &t);
        push_field(&mut y, "", "summary", &summary);
        push_block(&mut y, "", "description", &desc);
        let _ = writeln!(
            y,
            "source: {{title: \"{}\", year: {}}}",
            title(&mut rng, 2, 4),
            2000 + rng.below(25)
        );
        y.push_str("bands:\n");
        let mut min = 100 - rng.range(6, 10);
        let mut body = desc.clone();
        body.push_str("\n| From | Score | Label |\n|---|---|---|\n");
        for (score, label) in [(90, "Very good"), (80, "Good"), (70, "Fair"), (60, "Poor")] {
            let d = sentence(&mut rng, 6, 12);
            let _ = writeln!(
                y,
                "  - min: {min}\n    score: {score}\n    label: \"{label}\""
            );
            push_field(&mut y, "    ", "description", &d);
            let _ = writeln!(body, "| {min}% | {score} | {label} |");
            min -= rng.range(10, 16);
        }
        let _ = writeln!(
            y,
            "below: {{label: \"Not rated\", description: \"{}\"}}",
            sentence(&mut rng, 6, 12)
        );
        w.write(&format!("content/scales/{id}.yaml"), &y)?;
        if want_hugo {
            hp.push(HugoPage {
                path: format!("scales/{id}.md"),
                title: t,
                summary,
                weight: s + 1,
                body,
            });
        }
        scale_ids.push(id);
    }
    sum.scales = scale_ids.len();

    // Frameworks: until they hold about a third of the pages.
    let mut frameworks: Vec<Framework> = Vec::new();
    let mut fw_pages = 0;
    while fw_pages < framework_pages || frameworks.is_empty() {
        let f = frameworks.len() + 1;
        let id = format!("{}-competencies-{f}", rng.pick(WORDS));
        let total = rng.range(20, 60);
        let areas = rng.range(3, 6);
        let mut y = String::with_capacity(total * 1800);
        let t = format!("{} Competency Framework", title(&mut rng, 1, 3));
        let summary = sentence(&mut rng, 10, 18);
        let desc = description(&mut rng);
        push_field(&mut y, "", "title", &t);
        push_field(&mut y, "", "summary", &summary);
        push_block(&mut y, "", "description", &desc);
        let _ = writeln!(
            y,
            "source: {{title: \"{}\", publisher: \"{}\", year: {}}}",
            title(&mut rng, 2, 4),
            title(&mut rng, 2, 3),
            1990 + rng.below(35)
        );
        y.push_str("levels:\n");
        for l in LEVELS {
            let mut lt = String::new();
            push_capitalised(&mut lt, l);
            let _ = writeln!(
                y,
                "  - {{id: {l}, title: \"{lt}\", description: \"{}\"}}",
                sentence(&mut rng, 6, 10)
            );
        }
        y.push_str("competencies:\n");
        if want_hugo {
            hp.push(HugoPage {
                path: format!("competencies/{id}/_index.md"),
                title: t,
                summary,
                weight: f,
                body: desc,
            });
        }
        // Children per area: at least one each, the rest spread at random.
        let mut children = vec![1usize; areas];
        for _ in 0..total - 2 * areas {
            let a = rng.below(areas);
            children[a] += 1;
        }
        let mut comps = Vec::with_capacity(total);
        for (a, &kids) in children.iter().enumerate() {
            let area_id = format!("{}-{}", slug(&mut rng, 1), comps.len() + 1);
            push_competency(
                &mut y,
                &mut rng,
                "  ",
                &area_id,
                &id,
                a + 1,
                &mut hp,
                want_hugo,
            );
            comps.push(area_id);
            y.push_str("    children:\n");
            for k in 0..kids {
                let cid = format!("{}-{}", slug(&mut rng, 2), comps.len() + 1);
                push_competency(
                    &mut y,
                    &mut rng,
                    "      ",
                    &cid,
                    &id,
                    k + 1,
                    &mut hp,
                    want_hugo,
                );
                comps.push(cid);
            }
        }
        // The framework's page, its curriculum map and a page per competency.
        fw_pages += 2 + comps.len();
        sum.competencies += comps.len();
        w.write(&format!("content/competencies/{id}.yaml"), &y)?;
        frameworks.push(Framework {
            id,
            competencies: comps,
        });
    }
    sum.frameworks = frameworks.len();

    // Modules.
    let mut module_ids: Vec<String> = Vec::with_capacity(module_count);
    let mut turn = vec![0usize; frameworks.len()];
    for m in 0..module_count {
        let id = format!("{}-{}", slug(&mut rng, 2), m + 1);
        let t = format!("{} Training", title(&mut rng, 2, 4));
        let summary = sentence(&mut rng, 10, 18);
        let desc = description(&mut rng);
        let mut y = String::with_capacity(12_000);
        push_field(&mut y, "", "title", &t);
        push_field(&mut y, "", "summary", &summary);
        push_block(&mut y, "", "description", &desc);
        push_field(&mut y, "", "source", &sentence(&mut rng, 6, 10));
        let _ = writeln!(
            y,
            "provider: {{name: \"{}\", url: \"https://example.org/providers/{}\"}}",
            title(&mut rng, 2, 3),
            slug(&mut rng, 2)
        );
        push_field(&mut y, "", "audience", &sentence(&mut rng, 5, 9));
        let units = rng.range(6, 10);
        let _ = writeln!(y, "duration: \"{units} weeks\"");
        let _ = writeln!(
            y,
            "delivery: {}",
            rng.pick(&["in-person", "online", "blended"])
        );
        let g = rng.range(5, 15);
        let _ = writeln!(y, "group_size: \"{g}-{}\"", g + rng.range(2, 10));
        let mut body = desc;
        y.push_str("outcomes:\n");
        body.push_str("\n## Outcomes\n\n");
        for _ in 0..rng.range(3, 5) {
            let o = sentence(&mut rng, 6, 12);
            let _ = writeln!(y, "  - \"{o}\"");
            let _ = writeln!(body, "- {o}");
        }
        y.push_str("competencies:\n");
        // Modules take the frameworks in turn, and their units the framework's competencies in
        // turn, so that every competency is developed somewhere (no curriculum-gap warning).
        let f = m % frameworks.len();
        let fw = &frameworks[f];
        let k = rng.range(2, 4);
        for c in rng.distinct(k, fw.competencies.len()) {
            let level = LEVELS[rng.below(3)];
            let _ = writeln!(
                y,
                "  - {{ref: {}/{}, level: {level}}}",
                fw.id, fw.competencies[c]
            );
        }
        if m > 0 && rng.chance(20) {
            let _ = writeln!(y, "prerequisites: [{}]", module_ids[rng.below(m)]);
        } else {
            y.push_str("prerequisites: []\n");
        }
        y.push_str("units:\n");
        body.push_str("\n## Units\n");
        for u in 0..units {
            let uid = format!("{}-{}", rng.pick(WORDS), u + 1);
            let ut = title(&mut rng, 2, 4);
            let us = sentence(&mut rng, 8, 14);
            let ud = short_markdown(&mut rng);
            let _ = writeln!(y, "  - id: {uid}");
            push_field(&mut y, "    ", "title", &ut);
            let _ = writeln!(y, "    period: \"Week {}\"", u + 1);
            let _ = writeln!(
                y,
                "    duration: \"{}\"",
                duration(&mut rng, &[("day", 1, 3), ("hour", 2, 16)])
            );
            push_field(&mut y, "    ", "summary", &us);
            push_block(&mut y, "    ", "description", &ud);
            y.push_str("    topics: [");
            for t in 0..rng.range(2, 4) {
                if t > 0 {
                    y.push_str(", ");
                }
                y.push_str(&title(&mut rng, 2, 3));
            }
            y.push_str("]\n    competencies: [");
            let first = turn[f] % fw.competencies.len();
            turn[f] += 1;
            let mut refs = vec![first];
            if rng.chance(50) {
                let other = rng.below(fw.competencies.len());
                if other != first {
                    refs.push(other);
                }
            }
            for (i, c) in refs.into_iter().enumerate() {
                if i > 0 {
                    y.push_str(", ");
                }
                let _ = write!(y, "{}/{}", fw.id, fw.competencies[c]);
            }
            y.push_str("]\n");
            let k = rng.range(2, 4);
            let items = push_checklist(&mut y, &mut rng, "    ", k);
            if want_hugo {
                let _ = write!(body, "\n### {ut}\n\n{us}\n\n{ud}");
                hugo_checklist(&mut body, &items);
            }
            sum.units += 1;
            sum.checklist_items += items.len();
        }
        let _ = writeln!(
            y,
            "assessment:\n  description: \"{}\"\n  scale: {}",
            sentence(&mut rng, 8, 14),
            scale_ids[rng.below(scale_ids.len())]
        );
        let k = rng.range(2, 3);
        let items = push_checklist(&mut y, &mut rng, "", k);
        sum.checklist_items += items.len();
        w.write(&format!("content/modules/{id}.yaml"), &y)?;
        if want_hugo {
            hugo_checklist(&mut body, &items);
            hp.push(HugoPage {
                path: format!("modules/{id}.md"),
                title: t,
                summary,
                weight: m + 1,
                body,
            });
        }
        module_ids.push(id);
    }
    sum.modules = module_ids.len();

    // Roadmaps: while a whole one still fits; what is left becomes free pages.
    let used = FIXED_PAGES + scale_ids.len() + fw_pages + module_ids.len() + free_pages;
    let mut left = n.saturating_sub(used);
    let mut r = 0;
    while left > 13 || r == 0 {
        r += 1;
        let stages = rng.range(8, 12).min(left.saturating_sub(1)).max(2);
        left = left.saturating_sub(1 + stages);
        write_roadmap(
            &mut w,
            &mut rng,
            r,
            stages,
            &frameworks,
            &module_ids,
            &scale_ids,
            &mut hp,
            want_hugo,
            &mut sum,
        )?;
    }
    free_pages += left;
    sum.roadmaps = r;

    // Free pages, some in a sub-folder.
    for p in 0..free_pages {
        let id = format!("{}-{}", slug(&mut rng, 2), p + 1);
        let t = title(&mut rng, 2, 5);
        let summary = sentence(&mut rng, 10, 18);
        let mut body = description(&mut rng);
        body.push('\n');
        body.push_str(&description(&mut rng));
        let text = format!(
            "---\ntitle: \"{t}\"\nsummary: \"{summary}\"\norder: {}\n---\n{body}",
            p + 1
        );
        let folder = if p % 5 == 4 { "guides/" } else { "" };
        w.write(&format!("content/pages/{folder}{id}.md"), &text)?;
        if want_hugo {
            hp.push(HugoPage {
                path: format!("{id}.md"),
                title: t,
                summary,
                weight: p + 1,
                body,
            });
        }
    }
    sum.free_pages = free_pages;

    // site.yaml last, so an interrupted run leaves no valid-looking site.
    let mut y = String::new();
    let site_title = format!("{} Career Roadmaps", title(&mut rng, 1, 2));
    let site_summary = sentence(&mut rng, 10, 18);
    push_field(&mut y, "", "title", &site_title);
    push_field(&mut y, "", "summary", &site_summary);
    y.push_str("language: en\npublisher: {name: \"Generated corpus\", url: \"https://example.org\"}\nmenu:\n");
    y.push_str("  - {title: Roadmaps, section: roadmaps}\n  - {title: Modules, section: modules}\n  - {title: Competencies, section: competencies}\n");
    let _ = writeln!(y, "progress:\n  scale: {}", scale_ids[0]);
    // A fixed date: the CASE packages and calendars are written only for a dated site.
    y.push_str("updated: 2026-03-01\n");
    w.write("site.yaml", &y)?;

    sum.pages = FIXED_PAGES
        + sum.scales
        + 2 * sum.frameworks
        + sum.competencies
        + sum.modules
        + sum.roadmaps
        + sum.stages
        + sum.free_pages;
    sum.files = w.files;
    sum.bytes = w.bytes;

    if let Some(hdir) = hugo {
        write_hugo(hdir, &site_title, &site_summary, &hp)?;
    }
    Ok(sum)
}

#[allow(clippy::too_many_arguments)]
fn push_competency(
    y: &mut String,
    rng: &mut Rng,
    ind: &str,
    id: &str,
    framework: &str,
    weight: usize,
    hp: &mut Vec<HugoPage>,
    want_hugo: bool,
) {
    let t = title(rng, 2, 4);
    let summary = sentence(rng, 8, 16);
    let desc = description(rng);
    let _ = writeln!(y, "{ind}- id: {id}");
    let inner = format!("{ind}  ");
    push_field(y, &inner, "title", &t);
    push_field(y, &inner, "summary", &summary);
    push_block(y, &inner, "description", &desc);
    let _ = writeln!(y, "{inner}indicators:");
    let mut body = if want_hugo {
        desc.clone()
    } else {
        String::new()
    };
    body.push_str("\n## Indicators\n\n");
    for i in 0..rng.range(2, 5) {
        let text = sentence(rng, 6, 12);
        if rng.chance(50) {
            let _ = writeln!(
                y,
                "{inner}  - {{id: {}-{}, text: \"{text}\"}}",
                rng.pick(WORDS),
                i + 1
            );
        } else {
            let _ = writeln!(y, "{inner}  - \"{text}\"");
        }
        let _ = writeln!(body, "- {text}");
    }
    let _ = writeln!(y, "{inner}levels:");
    body.push_str("\n| Level | Looks like |\n|---|---|\n");
    for l in LEVELS {
        let d = sentence(rng, 8, 14);
        let _ = writeln!(y, "{inner}  {l}: \"{d}\"");
        let _ = writeln!(body, "| {l} | {d} |");
    }
    if want_hugo {
        hp.push(HugoPage {
            path: format!("competencies/{framework}/{id}.md"),
            title: t,
            summary,
            weight,
            body,
        });
    }
}

#[allow(clippy::too_many_arguments)]
fn write_roadmap(
    w: &mut Writer,
    rng: &mut Rng,
    r: usize,
    stages: usize,
    frameworks: &[Framework],
    modules: &[String],
    scales: &[String],
    hp: &mut Vec<HugoPage>,
    want_hugo: bool,
    sum: &mut Summary,
) -> io::Result<()> {
    let id = format!("{}-career-{r}", slug(rng, 1));
    let t = format!("{} Career Roadmap", title(rng, 1, 3));
    let summary = sentence(rng, 10, 18);
    let desc = description(rng);
    let mut y = String::with_capacity(stages * 2800 + 2000);
    push_field(&mut y, "", "title", &t);
    push_field(&mut y, "", "summary", &summary);
    push_block(&mut y, "", "description", &desc);
    push_field(&mut y, "", "audience", &title(rng, 2, 4));
    let _ = writeln!(
        y,
        "source: {{title: \"{}\", year: {}}}",
        title(rng, 2, 4),
        1970 + rng.below(55)
    );
    let _ = writeln!(y, "scale: {}", scales[rng.below(scales.len())]);
    y.push_str("stages:\n");
    if want_hugo {
        hp.push(HugoPage {
            path: format!("roadmaps/{id}/_index.md"),
            title: t,
            summary,
            weight: r,
            body: desc,
        });
    }

    // The stage graph: a chain, with an occasional branch that joins again
    // (i → i+1 and i+2, both → i+3).
    let ids: Vec<String> = (0..stages)
        .map(|i| format!("{}-{}", rng.pick(WORDS), i + 1))
        .collect();
    let mut next: Vec<Option<Vec<usize>>> = vec![None; stages];
    let mut i = 0;
    while i < stages {
        if i + 3 < stages && rng.chance(15) {
            next[i] = Some(vec![i + 1, i + 2]);
            next[i + 1] = Some(vec![i + 3]);
            i += 3;
        } else {
            i += 1;
        }
    }
    // The roadmap draws on one or two frameworks.
    let k = rng.range(1, 2);
    let fws: Vec<&Framework> = rng
        .distinct(k, frameworks.len())
        .into_iter()
        .map(|f| &frameworks[f])
        .collect();
    for (s, sid) in ids.iter().enumerate() {
        let st = title(rng, 1, 3);
        let ss = sentence(rng, 10, 18);
        let sd = description(rng);
        let entry = sentence(rng, 8, 14);
        let _ = writeln!(y, "  - id: {sid}");
        push_field(&mut y, "    ", "title", &st);
        let _ = writeln!(
            y,
            "    duration: \"{}\"",
            duration(rng, &[("year", 1, 4), ("month", 3, 18)])
        );
        push_field(&mut y, "    ", "summary", &ss);
        push_block(&mut y, "    ", "description", &sd);
        push_field(&mut y, "    ", "entry", &entry);
        y.push_str("    competencies:\n");
        let mut body = String::new();
        if want_hugo {
            let _ = write!(body, "{sd}\n## Entry\n\n{entry}\n\n## Competencies\n\n");
        }
        let k = rng.range(3, 6);
        let mut picked: Vec<(usize, usize)> = Vec::with_capacity(k);
        while picked.len() < k {
            let f = rng.below(fws.len());
            let c = rng.below(fws[f].competencies.len());
            if !picked.contains(&(f, c)) {
                picked.push((f, c));
            }
        }
        for (f, c) in picked {
            let level = LEVELS[rng.below(3)];
            let (fid, cid) = (&fws[f].id, &fws[f].competencies[c]);
            let _ = writeln!(y, "      - {{ref: {fid}/{cid}, level: {level}}}");
            if want_hugo {
                let _ = writeln!(
                    body,
                    "- [{cid}](../../../competencies/{fid}/{cid}/) ({level})"
                );
            }
        }
        y.push_str("    modules: [");
        if want_hugo {
            body.push_str("\n## Modules\n\n");
        }
        let k = rng.range(1, 3);
        for (j, m) in rng.distinct(k, modules.len()).into_iter().enumerate() {
            if j > 0 {
                y.push_str(", ");
            }
            y.push_str(&modules[m]);
            if want_hugo {
                let _ = writeln!(body, "- [{0}](../../../modules/{0}/)", modules[m]);
            }
        }
        y.push_str("]\n");
        let k = rng.range(8, 15);
        let items = push_checklist(&mut y, rng, "    ", k);
        sum.checklist_items += items.len();
        if let Some(nx) = &next[s] {
            y.push_str("    next: [");
            for (j, n) in nx.iter().enumerate() {
                if j > 0 {
                    y.push_str(", ");
                }
                y.push_str(&ids[*n]);
            }
            y.push_str("]\n");
        }
        if want_hugo {
            hugo_checklist(&mut body, &items);
            hp.push(HugoPage {
                path: format!("roadmaps/{id}/{sid}.md"),
                title: st,
                summary: ss,
                weight: s + 1,
                body,
            });
        }
    }
    sum.stages += stages;
    w.write(&format!("content/roadmaps/{id}.yaml"), &y)
}

const HUGO_BASEOF: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ .Site.Title }}</title>
<meta name="description" content="{{ .Description }}">
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
</head>
<body>
<header><a href="{{ "" | relURL }}">{{ .Site.Title }}</a>
<nav><ul>{{ range .Site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></nav>
</header>
<nav aria-label="Breadcrumb"><ol>{{ range .Ancestors.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}<li>{{ .Title }}</li></ol></nav>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ .Site.Title }}</footer>
</body>
</html>
"#;

const HUGO_SINGLE: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
<p class="summary">{{ .Description }}</p>
{{ .Content }}
{{ end }}
"#;

const HUGO_LIST: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
<p class="summary">{{ .Description }}</p>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>: {{ .Description }}</li>{{ end }}</ul>
{{ end }}
"#;

const HUGO_404: &str = r#"{{ define "main" }}<h1>Page not found</h1><p><a href="{{ "" | relURL }}">Home</a></p>{{ end }}
"#;

fn write_hugo(
    dir: &Path,
    site_title: &str,
    site_summary: &str,
    pages: &[HugoPage],
) -> io::Result<()> {
    let mut w = Writer::new(dir);
    w.write(
        "hugo.toml",
        &format!(
            "baseURL = \"https://example.org/\"\ntitle = \"{site_title}\"\nlanguageCode = \"en\"\nrelativeURLs = true\n\
             disableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\", \"robotsTXT\"]\n\
             [markup.goldmark.extensions]\n  table = true\n  taskList = true\n  strikethrough = true\n  footnote = true\n"
        ),
    )?;
    w.write("layouts/_default/baseof.html", HUGO_BASEOF)?;
    w.write("layouts/_default/single.html", HUGO_SINGLE)?;
    w.write("layouts/_default/list.html", HUGO_LIST)?;
    w.write("layouts/404.html", HUGO_404)?;
    w.write(
        "static/style.css",
        "body{font-family:sans-serif;max-width:48rem;margin:auto}\n",
    )?;
    let front = |title: &str, summary: &str, weight: usize| {
        format!("---\ntitle: \"{title}\"\ndescription: \"{summary}\"\nweight: {weight}\n---\n")
    };
    w.write("content/_index.md", &front(site_title, site_summary, 0))?;
    for (i, s) in ["Roadmaps", "Modules", "Competencies", "Scales"]
        .iter()
        .enumerate()
    {
        w.write(
            &format!("content/{}/_index.md", s.to_lowercase()),
            &front(s, s, i + 1),
        )?;
    }
    // The curriculum map: every framework and module, as jenjang's /curriculum/ lists them,
    // and a map per framework of its competencies, as jenjang's /curriculum/<framework>/.
    let mut map = front(
        "Curriculum map",
        "Which module develops which competency",
        99,
    );
    map.push_str("| Page | Summary |\n|---|---|\n");
    for p in pages.iter().filter(|p| {
        p.path.starts_with("modules/")
            || (p.path.starts_with("competencies/") && p.path.ends_with("/_index.md"))
    }) {
        let url = p.path.trim_end_matches(".md").trim_end_matches("/_index");
        let _ = writeln!(map, "| [{}](../{url}/) | {} |", p.title, p.summary);
    }
    w.write("content/curriculum/_index.md", &map)?;
    for f in pages
        .iter()
        .filter(|p| p.path.starts_with("competencies/") && p.path.ends_with("/_index.md"))
    {
        let folder = f.path.trim_end_matches("_index.md");
        let id = folder
            .trim_start_matches("competencies/")
            .trim_end_matches('/');
        let mut map = front(&format!("Curriculum map: {}", f.title), &f.summary, 99);
        map.push_str("| Competency | Summary |\n|---|---|\n");
        for p in pages
            .iter()
            .filter(|p| p.path.starts_with(folder) && !p.path.ends_with("/_index.md"))
        {
            let url = p.path.trim_end_matches(".md");
            let _ = writeln!(map, "| [{}](../../{url}/) | {} |", p.title, p.summary);
        }
        w.write(&format!("content/curriculum/{id}.md"), &map)?;
    }
    for p in pages {
        let mut text = front(&p.title, &p.summary, p.weight);
        text.push_str(&p.body);
        w.write(&format!("content/{}", p.path), &text)?;
    }
    Ok(())
}

fn is_empty_dir(dir: &Path) -> bool {
    fs::read_dir(dir).map_or(true, |mut d| d.next().is_none())
}

/// Removes what a previous run wrote into `dir`.
fn clear(dir: &Path) -> io::Result<()> {
    for name in ["content", "layouts", "static"] {
        let p = dir.join(name);
        if p.is_dir() {
            fs::remove_dir_all(&p)?;
        }
    }
    for name in ["site.yaml", "hugo.toml"] {
        let p = dir.join(name);
        if p.is_file() {
            fs::remove_file(&p)?;
        }
    }
    Ok(())
}

const USAGE: &str = "usage: gen-corpus N DIR [--seed S] [--force] [--hugo HUGO_DIR]";

#[allow(dead_code)]
fn main() {
    if let Err(e) = cli() {
        eprintln!("gen-corpus: {e}\n{USAGE}");
        std::process::exit(2);
    }
}

fn cli() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let mut positional = Vec::new();
    let mut seed = 1u64;
    let mut force = false;
    let mut hugo: Option<PathBuf> = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--seed" => {
                let v = args.next().ok_or("--seed needs a value")?;
                seed = v
                    .parse()
                    .map_err(|_| format!("--seed: `{v}` is not a whole number"))?;
            }
            "--force" => force = true,
            "--hugo" => hugo = Some(args.next().ok_or("--hugo needs a folder")?.into()),
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            s if s.starts_with('-') => return Err(format!("unknown option `{s}`")),
            _ => positional.push(a),
        }
    }
    let [n, dir] = positional.as_slice() else {
        return Err("expected N and DIR".into());
    };
    let n: usize = n
        .parse()
        .map_err(|_| format!("N: `{n}` is not a whole number"))?;
    if n < 20 {
        return Err("N must be at least 20".into());
    }
    let dir = PathBuf::from(dir);
    for d in std::iter::once(&dir).chain(hugo.as_ref()) {
        if !is_empty_dir(d) {
            if !force {
                return Err(format!(
                    "{} is not empty; pass --force to replace the corpus in it",
                    d.display()
                ));
            }
            clear(d).map_err(|e| format!("cannot clear {}: {e}", d.display()))?;
        }
    }
    let started = Instant::now();
    let s = generate(n, &dir, seed, hugo.as_deref())
        .map_err(|e| format!("cannot write into {}: {e}", dir.display()))?;
    println!(
        "{} pages ({} roadmaps, {} stages, {} modules, {} units, {} frameworks, {} competencies, {} scales, {} free pages, {} checklist items): {} files, {:.1} MB, in {:.2} s",
        s.pages,
        s.roadmaps,
        s.stages,
        s.modules,
        s.units,
        s.frameworks,
        s.competencies,
        s.scales,
        s.free_pages,
        s.checklist_items,
        s.files,
        s.bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
