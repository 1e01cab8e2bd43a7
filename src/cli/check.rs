//! `jenjang check`: report every problem in a site, write nothing.

use std::path::PathBuf;
use std::process::ExitCode;

use jenjang::diagnostics::JsonDiagnostic;
use jenjang::resolve::Options;

#[derive(clap::Args)]
pub struct Args {
    /// The site folder (the one holding site.yaml)
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Treat warnings as errors, and also report checklist items without an explicit id
    #[arg(long)]
    pub strict: bool,
    /// How to print problems: `text` for people, `json` for tools (schema in docs/diagnostics.md)
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

pub fn run(args: Args) -> ExitCode {
    let outcome = jenjang::check(
        &args.root,
        Options {
            strict: args.strict,
        },
    );
    let code = super::exit_code(&outcome.diagnostics, args.strict);
    if args.format == Format::Json {
        let errors = outcome.diagnostics.iter().filter(|d| d.is_error()).count();
        let report = serde_json::json!({
            "version": 1,
            "errors": errors,
            "warnings": outcome
                .diagnostics
                .iter()
                .filter(|d| d.severity == jenjang::diagnostics::Severity::Warning)
                .count(),
            "diagnostics": outcome.diagnostics.iter().map(JsonDiagnostic::from).collect::<Vec<_>>(),
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("diagnostics serialise")
        );
        return code;
    }
    super::print_diagnostics(&outcome.diagnostics, &outcome.sources);
    if code == ExitCode::SUCCESS {
        eprintln!("The site is valid: {} pages would be built.", outcome.pages);
    }
    code
}
