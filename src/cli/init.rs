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
    /// Also write a workflow that checks the site on every pull request and publishes it on
    /// GitHub Pages (`.github/workflows/publish.yml`) or GitLab Pages (`.gitlab-ci.yml`)
    #[arg(long, value_name = "SERVICE")]
    pub ci: Option<scaffold::Ci>,
}

pub fn run(args: Args) -> ExitCode {
    let done = scaffold::init(&args.dir, args.force).and_then(|mut done| {
        if let Some(ci) = args.ci {
            done.files.push(scaffold::write_ci(&args.dir, ci)?);
        }
        Ok(done)
    });
    match done {
        Ok(done) => {
            eprintln!("Created a new jenjang site in {}:", args.dir.display());
            for file in &done.files {
                eprintln!("  {}", file.display());
            }
            let root = root_arg(&args.dir);
            let public = if root.is_empty() {
                "public/".to_string()
            } else {
                format!("{}/", args.dir.join("public").display())
            };
            eprintln!();
            eprintln!("Next:");
            eprintln!("  jenjang serve{root}");
            eprintln!(
                "      preview the site in your browser; it is rebuilt every time you save a file"
            );
            eprintln!("  jenjang build{root}");
            eprintln!("      build it into {public}, ready to publish");
            eprintln!("  jenjang new roadmap my-roadmap{root}");
            eprintln!("      add a file (also: module, framework, scale, page)");
            eprintln!();
            eprintln!(
                "Every file explains its keys in comments. The first line of each points editors"
            );
            eprintln!("at its schema in schemas/, for completion and checking as you type.");
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
