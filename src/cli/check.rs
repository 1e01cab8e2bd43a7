//! `jenjang check`: report every problem in a site, write nothing.

use std::path::PathBuf;
use std::process::ExitCode;

use jenjang::resolve::Options;

#[derive(clap::Args)]
pub struct Args {
    /// The site folder (the one holding site.yaml)
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Treat warnings as errors, and also report checklist items without an explicit id
    #[arg(long)]
    pub strict: bool,
}

pub fn run(args: Args) -> ExitCode {
    let outcome = jenjang::run(
        &args.root,
        Options {
            strict: args.strict,
        },
    );
    super::print_diagnostics(&outcome.diagnostics, &outcome.sources);
    let code = super::exit_code(&outcome.diagnostics, args.strict);
    if code == ExitCode::SUCCESS {
        let pages = outcome.outputs.as_ref().map_or(0, |o| {
            o.iter().filter(|f| f.path.ends_with(".html")).count()
        });
        eprintln!("The site is valid: {pages} pages would be built.");
    }
    code
}
