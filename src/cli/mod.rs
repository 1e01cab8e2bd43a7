//! The commands, and what they share: printing diagnostics and choosing the exit code.

pub mod build;
pub mod check;
pub mod completions;
pub mod init;
pub mod new;
pub mod schema;
pub mod serve;
pub mod watch;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use jenjang::diagnostics::{Code, Diagnostic};
use jenjang::load::Sources;
use jenjang::rebuild::Report;

/// Exit code for a site with errors.
pub const EXIT_ERRORS: u8 = 1;
/// Exit code for I/O and usage errors.
pub const EXIT_IO: u8 = 2;

/// True when stderr is a terminal and `NO_COLOR` is not set.
pub fn color() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

/// Prints every diagnostic to stderr with its source line, then a count.
pub fn print_diagnostics(diagnostics: &[Diagnostic], sources: &Sources) {
    let color = color();
    let mut err = std::io::stderr().lock();
    for d in diagnostics {
        let source = d.file.as_deref().and_then(|f| sources.get(f));
        let _ = writeln!(err, "{}\n", d.render(source, color));
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    if errors + warnings > 0 {
        let _ = writeln!(err, "{}", count_line(errors, warnings));
    }
}

fn count_line(errors: usize, warnings: usize) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

/// The exit code for a set of diagnostics: 2 when an error is an I/O error, 1 for any other
/// error, else 0. (With `--strict`, warnings arrive here as errors already.)
pub fn exit_code(diagnostics: &[Diagnostic]) -> ExitCode {
    let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.is_error()).collect();
    if errors.iter().any(|d| d.code == Code::Io) {
        ExitCode::from(EXIT_IO)
    } else if !errors.is_empty() {
        ExitCode::from(EXIT_ERRORS)
    } else {
        ExitCode::SUCCESS
    }
}

/// Prints a rebuild's problems and, unless `quiet`, a one-line summary; with `timings`, also
/// a line with the time of each phase of a successful rebuild.
pub fn print_report(report: &Report, quiet: bool, timings: bool) {
    print_diagnostics(&report.diagnostics, &report.sources);
    let ms = report.elapsed.as_secs_f64() * 1000.0;
    if !report.success {
        eprintln!("The site was not rebuilt; the last good site stays in place ({ms:.0} ms).");
    } else if !quiet {
        eprintln!(
            "Built in {ms:.1} ms: {} of {} pages rendered, {} files written, {} removed{}.",
            report.rendered,
            report.pages,
            report.written,
            report.removed,
            if report.full { " (full)" } else { "" }
        );
    }
    if timings && report.success {
        eprintln!("  {}", report.timings.line());
    }
}

/// The diagnostics of a report as plain text, for the page overlay.
pub fn plain_diagnostics(report: &Report) -> String {
    report
        .diagnostics
        .iter()
        .map(|d| {
            let source = d.file.as_deref().and_then(|f| report.sources.get(f));
            d.render(source, false)
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}
