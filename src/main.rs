//! The `jenjang` command line. Each command is a thin layer over the library's pipeline.

mod cli;

use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

/// mimalloc rather than the system allocator: a build makes and frees millions of small
/// strings and JSON values from two or more threads at once, where glibc's malloc spent about
/// a quarter of the CPU time (benches/README.md, "Where the time goes").
///
/// Built without transparent huge pages (the `no_thp` feature): with them, mimalloc asked the
/// kernel for 2 MiB pages, which a build touches only sparsely; without, the peak memory of a
/// 10,000-page build is about 10 % lower (233 → 209 MB) at the same speed.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Build browsable static sites from career roadmaps, training curricula, competency
/// frameworks and assessment scales written in YAML.
#[derive(Parser)]
#[command(name = "jenjang", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (replaced only when the whole build succeeds)
    Build(cli::build::Args),
    /// Check the site and report every problem, without writing anything
    Check(cli::check::Args),
    /// Build the site, then rebuild it on every change to site.yaml, content/ or themes/
    Watch(cli::watch::Args),
    /// Build, watch and serve the site on this computer, reloading open pages on every change
    Serve(cli::serve::Args),
    /// Create a new site, commented to teach the format, in DIR (default: the current folder)
    Init(cli::init::Args),
    /// Add a commented skeleton of a roadmap, module, framework, scale or page to the site
    New(cli::new::Args),
    /// Write the JSON Schemas of the content files, for completion and checking in editors
    Schema(cli::schema::Args),
    /// Print the shell completion script for bash, zsh, fish, PowerShell or Elvish
    Completions(cli::completions::Args),
    /// Print jenjang's manual page (roff), e.g. `jenjang man > jenjang.1`
    Man,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => cli::build::run(args),
        Command::Check(args) => cli::check::run(args),
        Command::Watch(args) => cli::watch::run(args),
        Command::Serve(args) => cli::serve::run(args),
        Command::Init(args) => cli::init::run(args),
        Command::New(args) => cli::new::run(args),
        Command::Schema(args) => cli::schema::run(args),
        Command::Completions(args) => cli::completions::run(args, Cli::command()),
        Command::Man => cli::completions::man(Cli::command()),
    }
}
