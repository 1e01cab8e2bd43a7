//! `jenjang watch`: rebuild the site on every change.

use std::path::PathBuf;
use std::process::ExitCode;

use jenjang::rebuild::Rebuilder;
use jenjang::resolve::Options;
use jenjang::serve::{rebuild_forever, watch::Watch};

#[derive(clap::Args)]
pub struct Args {
    /// The site folder (the one holding site.yaml)
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site [default: `output` from site.yaml, else public/ in the site folder]
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Treat warnings as errors: they are reported as errors, and the site is not rebuilt while there is any
    #[arg(long)]
    pub strict: bool,
    /// Print only problems, not a line per rebuild
    #[arg(long, short)]
    pub quiet: bool,
    /// After each rebuild, print how long each phase took
    #[arg(long)]
    pub timings: bool,
}

pub fn run(args: Args) -> ExitCode {
    if let Some(output) = &args.output {
        if let Err(d) = jenjang::write::check_output(&args.root, output) {
            super::print_diagnostics(&[d], &Default::default());
            return ExitCode::from(super::EXIT_IO);
        }
    }
    let mut watch = match Watch::start(&args.root) {
        Ok(w) => w,
        Err(d) => {
            super::print_diagnostics(&[d], &Default::default());
            return ExitCode::from(super::EXIT_IO);
        }
    };
    let mut rebuilder = Rebuilder::new(
        &args.root,
        args.output,
        Options {
            strict: args.strict,
        },
    );
    if !args.quiet {
        eprintln!(
            "Watching {} for changes; press Ctrl-C to stop.",
            args.root.display()
        );
    }
    // Returns only when the output folder is refused.
    rebuild_forever(&mut rebuilder, &mut watch, |report, _| {
        super::print_report(report, args.quiet, args.timings)
    });
    eprintln!("Stopped: the output folder is refused.");
    ExitCode::from(super::EXIT_IO)
}
