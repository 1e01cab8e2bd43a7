//! `jenjang build`: build the site into its output folder.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use jenjang::resolve::Options;
use jenjang::write;

#[derive(clap::Args)]
pub struct Args {
    /// The site folder (the one holding site.yaml)
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site [default: `output` from site.yaml, else public/ in the site folder]
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Treat warnings as errors: they are reported as errors, and nothing is written if there is any
    #[arg(long)]
    pub strict: bool,
    /// Print only problems, not the summary line
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn run(args: Args) -> ExitCode {
    let started = Instant::now();
    let mut output = PathBuf::new();
    let mut refused = None;
    let (outcome, written) = jenjang::build(
        &args.root,
        Options {
            strict: args.strict,
        },
        |outcome, site| {
            if super::exit_code(&outcome.diagnostics) != ExitCode::SUCCESS {
                return None;
            }
            output = args
                .output
                .clone()
                .unwrap_or_else(|| write::output_dir(&args.root, &site.config));
            match write::check_output(&args.root, &output) {
                Ok(()) => Some(output.clone()),
                Err(d) => {
                    refused = Some(d);
                    None
                }
            }
        },
    );
    super::print_diagnostics(&outcome.diagnostics, &outcome.sources);
    if let Some(d) = refused {
        super::print_diagnostics(&[d], &outcome.sources);
        return ExitCode::from(super::EXIT_IO);
    }
    let code = super::exit_code(&outcome.diagnostics);
    let Some(written) = written else {
        if code == ExitCode::from(super::EXIT_ERRORS) {
            eprintln!("Nothing was written: fix the errors above and build again.");
        }
        return code;
    };
    if !args.quiet {
        eprintln!(
            "Built {} pages ({} files, {} KB) into {} in {} ms.",
            outcome.pages,
            written.files,
            written.bytes.div_ceil(1024),
            output.display(),
            started.elapsed().as_millis()
        );
    }
    ExitCode::SUCCESS
}
