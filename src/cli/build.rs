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
    /// Treat warnings as errors: nothing is written if there is any
    #[arg(long)]
    pub strict: bool,
    /// Print only problems, not the summary line
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn run(args: Args) -> ExitCode {
    let started = Instant::now();
    let outcome = jenjang::run(
        &args.root,
        Options {
            strict: args.strict,
        },
    );
    super::print_diagnostics(&outcome.diagnostics, &outcome.sources);
    let code = super::exit_code(&outcome.diagnostics, args.strict);
    let (Some(site), Some(outputs)) = (&outcome.site, &outcome.outputs) else {
        eprintln!("Nothing was written: fix the errors above and build again.");
        return code;
    };
    if code != ExitCode::SUCCESS {
        eprintln!("Nothing was written: --strict turns the warnings above into errors.");
        return code;
    }
    let output = args.output.unwrap_or_else(|| {
        args.root.join(
            site.config
                .output
                .clone()
                .unwrap_or_else(|| PathBuf::from("public")),
        )
    });
    let result =
        write::check_output(&args.root, &output).and_then(|()| write::write_site(&output, outputs));
    match result {
        Ok(written) => {
            if !args.quiet {
                let pages = outcome.pages;
                eprintln!(
                    "Built {pages} pages ({} files, {} KB) into {} in {} ms.",
                    written.files,
                    written.bytes.div_ceil(1024),
                    output.display(),
                    started.elapsed().as_millis()
                );
            }
            ExitCode::SUCCESS
        }
        Err(d) => {
            super::print_diagnostics(&[d], &outcome.sources);
            ExitCode::from(super::EXIT_IO)
        }
    }
}
