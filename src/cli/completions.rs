//! `jenjang completions` and `jenjang man`: shell completion scripts and the manual page, made
//! from the same clap definition as the command line itself, so they cannot drift from it.

use std::io::Write;
use std::process::ExitCode;

use clap_complete::Shell;

#[derive(clap::Args)]
pub struct Args {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Prints the completion script of `args.shell` for `command` to stdout.
pub fn run(args: Args, mut command: clap::Command) -> ExitCode {
    let name = command.get_name().to_string();
    clap_complete::generate(args.shell, &mut command, name, &mut std::io::stdout());
    ExitCode::SUCCESS
}

/// Prints the manual page of `command` (roff) to stdout.
pub fn man(command: clap::Command) -> ExitCode {
    let mut page = Vec::new();
    if let Err(e) = clap_mangen::Man::new(command).render(&mut page) {
        eprintln!("cannot make the manual page: {e}");
        return ExitCode::from(super::EXIT_IO);
    }
    match std::io::stdout().write_all(&page) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(super::EXIT_IO),
    }
}
