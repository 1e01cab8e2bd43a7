//! Criterion benchmarks of each phase of a build: `load`, `resolve`, the whole `run` (load,
//! resolve and render) and `write`.
//!
//! ```sh
//! cargo bench --bench phases                                  # a generated 1,000-page site
//! JENJANG_BENCH_SITE=/dev/shm/site cargo bench --bench phases # any site folder
//! ```
//!
//! Without `JENJANG_BENCH_SITE`, a 1,000-page site (examples/gen-corpus.rs, seed 1) is generated
//! into a temporary folder, on /dev/shm when there is one (set `JENJANG_BENCH_PAGES` for another
//! size). `write` writes into a temporary folder beside it, replacing the previous run's output
//! each time, as `jenjang build` does.

#[allow(dead_code)]
#[path = "../examples/gen-corpus.rs"]
mod gen_corpus;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode};
use jenjang::resolve::Options;

/// A temporary folder on tmpfs when the machine has one, so that `write` measures jenjang and
/// not the disk.
fn scratch() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    let builder = tempfile::Builder::new().prefix("jenjang-bench-").clone();
    if shm.is_dir() {
        if let Ok(t) = builder.tempdir_in(shm) {
            return t;
        }
    }
    builder.tempdir().expect("a temporary folder")
}

fn phases(c: &mut Criterion) {
    let tmp = scratch();
    let root: PathBuf = match std::env::var_os("JENJANG_BENCH_SITE") {
        Some(site) => PathBuf::from(site),
        None => {
            let pages = std::env::var("JENJANG_BENCH_PAGES")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(1000);
            let site = tmp.path().join("site");
            let summary =
                gen_corpus::generate(pages, &site, 1, None).expect("the corpus is written");
            eprintln!(
                "generated a site of {} pages in {}",
                summary.pages,
                site.display()
            );
            site
        }
    };
    let out = tmp.path().join("out");

    let outcome = jenjang::run(&root, Options::default());
    assert!(
        !outcome.has_errors(),
        "the site at {} has errors: run `jenjang check --root {0}`",
        root.display()
    );
    let outputs = outcome.outputs.expect("a site without errors renders");
    let pages = outputs.iter().filter(|o| o.path.ends_with(".html")).count();

    let mut g = c.benchmark_group(format!("{pages}-pages"));
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .sampling_mode(SamplingMode::Flat);

    g.bench_function("load", |b| b.iter(|| black_box(jenjang::load::load(&root))));

    let loaded = jenjang::load::load(&root);
    g.bench_function("resolve", |b| {
        b.iter(|| black_box(jenjang::resolve::resolve(&loaded, Options::default())))
    });
    drop(loaded);

    g.bench_function("run", |b| {
        b.iter(|| black_box(jenjang::run(&root, Options::default())))
    });

    g.bench_function("write", |b| {
        b.iter(|| jenjang::write::write_site(&out, &outputs).expect("the site is written"))
    });
    g.finish();
}

criterion_group!(benches, phases);
criterion_main!(benches);
