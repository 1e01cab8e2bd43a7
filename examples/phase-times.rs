//! Prints how long each phase of a build takes, as one line of JSON.
//!
//! ```sh
//! cargo run --release --example phase-times -- --root SITE --output OUT [--runs K]
//! ```
//!
//! Runs the library's pipeline `K` times (default 3) on the site at `SITE`, writing into `OUT`
//! (which must be a folder jenjang made, or absent), and prints the median of each phase in
//! milliseconds: `load`, `resolve`, `render` (theme loading included, as in `jenjang::run`),
//! `write` (`jenjang::write::write_site`, replacing the previous output) and `total`.
//!
//! With `--edit`, it then measures what `jenjang watch` does after a one-item edit: a
//! [`jenjang::rebuild::Rebuilder`] builds the site once, then `K` times the text of one
//! checklist item in the first roadmap file is changed and the site rebuilt incrementally
//! (`edit_ms`: the median time from the edit to the output written, without the watcher's
//! debounce). The file is restored afterwards. `edit_full_ms` is that first, full build.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// The allocator of the `jenjang` binary, so that the phases take what they take there.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

fn main() -> ExitCode {
    let mut root = PathBuf::from(".");
    let mut output: Option<PathBuf> = None;
    let mut runs = 3usize;
    let mut edit = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--edit" {
            edit = true;
            continue;
        }
        let value = args.next();
        match (a.as_str(), value) {
            ("--root", Some(v)) => root = v.into(),
            ("--output", Some(v)) => output = Some(v.into()),
            ("--runs", Some(v)) => match v.parse() {
                Ok(k) if k > 0 => runs = k,
                _ => {
                    eprintln!("phase-times: --runs needs a positive whole number");
                    return ExitCode::from(2);
                }
            },
            _ => {
                eprintln!("usage: phase-times --root SITE --output OUT [--runs K] [--edit]");
                return ExitCode::from(2);
            }
        }
    }
    let Some(output) = output else {
        eprintln!("phase-times: --output is required");
        return ExitCode::from(2);
    };
    let (mut load, mut resolve, mut render, mut write, mut total) =
        (vec![], vec![], vec![], vec![], vec![]);
    let mut pages = 0;
    for _ in 0..runs {
        let started = Instant::now();
        let outcome = jenjang::run(&root, jenjang::resolve::Options::default());
        let Some(outputs) = outcome.outputs.as_ref().filter(|_| !outcome.has_errors()) else {
            eprintln!(
                "phase-times: the site has {} problem(s); run `jenjang check --root {}`",
                outcome.diagnostics.len(),
                root.display()
            );
            return ExitCode::from(1);
        };
        pages = outputs.iter().filter(|o| o.path.ends_with(".html")).count();
        let written = Instant::now();
        if let Err(d) = jenjang::write::check_output(&root, &output)
            .and_then(|()| jenjang::write::write_site(&output, outputs))
        {
            eprintln!("phase-times: {}", d.message);
            return ExitCode::from(2);
        }
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
        write.push(ms(written.elapsed()));
        total.push(ms(started.elapsed()));
        load.push(ms(outcome.timings.load));
        resolve.push(ms(outcome.timings.resolve));
        render.push(ms(outcome.timings.render));
    }
    let mut line = format!(
        "{{\"pages\": {pages}, \"runs\": {runs}, \"load_ms\": {:.1}, \"resolve_ms\": {:.1}, \"render_ms\": {:.1}, \"write_ms\": {:.1}, \"total_ms\": {:.1}",
        median(load),
        median(resolve),
        median(render),
        median(write),
        median(total)
    );
    if edit {
        match edits(&root, &output, runs) {
            Ok((full, times)) => {
                line += &format!(
                    ", \"edit_full_ms\": {full:.1}, \"edit_ms\": {:.1}",
                    median(times)
                )
            }
            Err(e) => {
                eprintln!("phase-times: {e}");
                return ExitCode::from(1);
            }
        }
    }
    println!("{line}}}");
    ExitCode::SUCCESS
}

/// A full build with a [`jenjang::rebuild::Rebuilder`], then `runs` one-item edits each
/// followed by an incremental rebuild: (full build ms, each rebuild's ms).
fn edits(root: &Path, output: &Path, runs: usize) -> Result<(f64, Vec<f64>), String> {
    let mut roadmaps: Vec<PathBuf> = fs::read_dir(root.join("content/roadmaps"))
        .map_err(|e| format!("cannot list content/roadmaps: {e}"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    roadmaps.sort();
    let file = roadmaps.first().ok_or("the site has no roadmap to edit")?;
    let original =
        fs::read_to_string(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let at = original
        .find("text: \"")
        .ok_or_else(|| format!("no `text: \"` in {}", file.display()))?
        + "text: \"".len();

    let mut rebuilder = jenjang::rebuild::Rebuilder::new(
        root,
        Some(output.to_path_buf()),
        jenjang::resolve::Options::default(),
    );
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    let started = Instant::now();
    let first = rebuilder.build(&[]);
    let full = ms(started.elapsed());
    if !first.success {
        return Err("the first build failed".into());
    }
    let mut times = Vec::with_capacity(runs);
    let mut result = Ok(());
    for k in 1..=runs {
        let mut text = original.clone();
        text.insert_str(at, &format!("Edit {k} "));
        let started = Instant::now();
        if let Err(e) = fs::write(file, &text) {
            result = Err(format!("cannot write {}: {e}", file.display()));
            break;
        }
        let report = rebuilder.build(std::slice::from_ref(file));
        times.push(ms(started.elapsed()));
        if !report.success || report.written == 0 {
            result = Err(format!(
                "the rebuild after editing {} failed or wrote nothing",
                file.display()
            ));
            break;
        }
    }
    let restored = fs::write(file, &original);
    result?;
    restored.map_err(|e| format!("cannot restore {}: {e}", file.display()))?;
    Ok((full, times))
}
