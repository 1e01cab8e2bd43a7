//! `jenjang check`: report every problem in a site, write nothing.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use jenjang::diagnostics::JsonDiagnostic;
use jenjang::resolve::Options;

#[derive(clap::Args)]
pub struct Args {
    /// The site folder (the one holding site.yaml)
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Treat warnings as errors: they are reported as errors, and the exit code is 1
    #[arg(long)]
    pub strict: bool,
    /// How to print problems: `text` for people, `json` for tools (schema in
    /// docs/diagnostics.md), `github` for annotations in GitHub Actions
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people: each problem with its source line and a caret
    Text,
    /// One JSON document on stdout
    Json,
    /// GitHub Actions workflow commands on stdout, one line per problem
    Github,
}

pub fn run(args: Args) -> ExitCode {
    let outcome = jenjang::check(
        &args.root,
        Options {
            strict: args.strict,
        },
    );
    let code = super::exit_code(&outcome.diagnostics);
    let source = |d: &jenjang::diagnostics::Diagnostic| {
        d.file.as_deref().and_then(|f| outcome.sources.get(f))
    };
    if args.format == Format::Github {
        let mut out = std::io::stdout().lock();
        for d in &outcome.diagnostics {
            // A closed pipe (`| head`) ends the output, nothing more.
            if writeln!(out, "{}", d.github(source(d))).is_err() {
                break;
            }
        }
        return code;
    }
    if args.format == Format::Json {
        let errors = outcome.diagnostics.iter().filter(|d| d.is_error()).count();
        let report = serde_json::json!({
            "version": 1,
            "errors": errors,
            "warnings": outcome.diagnostics.len() - errors,
            "diagnostics": outcome
                .diagnostics
                .iter()
                .map(|d| JsonDiagnostic::new(d, source(d)))
                .collect::<Vec<_>>(),
        });
        let text = serde_json::to_string_pretty(&report).expect("diagnostics serialise");
        // A closed pipe (`| head`) ends the output, nothing more.
        let _ = writeln!(std::io::stdout().lock(), "{text}");
        return code;
    }
    super::print_diagnostics(&outcome.diagnostics, &outcome.sources);
    if code == ExitCode::SUCCESS {
        eprintln!("The site is valid: {} pages would be built.", outcome.pages);
    }
    code
}
