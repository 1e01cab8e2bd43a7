//! `jenjang init`: create a new site, commented to teach the format, that builds cleanly.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use jenjang::scaffold;

#[derive(clap::Args)]
pub struct Args {
    /// The folder to create the site in; created if missing
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// Write into a folder that is not empty (files of the same name are replaced)
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args) -> ExitCode {
    match scaffold::init(&args.dir, args.force) {
        Ok(done) => {
            eprintln!("Created a new jenjang site in {}:", args.dir.display());
            for file in &done.files {
                eprintln!("  {}", file.display());
            }
            let root = root_arg(&args.dir);
            eprintln!();
            eprintln!("Next:");
            eprintln!(
                "  jenjang serve{root}   # preview it at http://127.0.0.1, rebuilt on every change"
            );
            eprintln!("  jenjang build{root}   # build it into public/");
            eprintln!("  jenjang new roadmap my-roadmap{root}   # add a file (also: module, framework, scale, page)");
            eprintln!();
            eprintln!("Every file explains its keys in comments; schemas/ gives editors completion and checking");
            eprintln!("(the `# yaml-language-server: $schema=…` line at the top of each file points at it).");
            ExitCode::SUCCESS
        }
        Err(d) => {
            eprintln!("{}", d.render(None, super::color()));
            ExitCode::from(super::EXIT_IO)
        }
    }
}

/// ` --root DIR` for the commands to run next, quoted for a shell if need be; empty for the
/// current folder.
pub fn root_arg(dir: &Path) -> String {
    let text = dir.display().to_string();
    if text == "." || text.is_empty() {
        return String::new();
    }
    let plain = text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+:@,".contains(c));
    if plain {
        format!(" --root {text}")
    } else {
        format!(" --root '{}'", text.replace('\'', r"'\''"))
    }
}
