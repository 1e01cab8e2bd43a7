//! `jenjang new`: write a commented skeleton of a content file into a site.

use std::path::PathBuf;
use std::process::ExitCode;

use jenjang::scaffold::{self, Kind, SCHEMA_DIR};

#[derive(clap::Args)]
pub struct Args {
    /// What to create
    #[arg(value_enum)]
    pub kind: NewKind,
    /// The id of the new file, which is its file name: lower-case letters and digits in groups
    /// joined by single hyphens (`first-aid`)
    #[arg(value_name = "ID")]
    pub id: String,
    /// The site folder (the one holding site.yaml)
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
}

/// The kinds of content file `new` writes.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NewKind {
    /// content/roadmaps/ID.yaml
    Roadmap,
    /// content/modules/ID.yaml
    Module,
    /// content/competencies/ID.yaml
    Framework,
    /// content/scales/ID.yaml
    Scale,
    /// content/pages/ID.md
    Page,
}

impl From<NewKind> for Kind {
    fn from(kind: NewKind) -> Kind {
        match kind {
            NewKind::Roadmap => Kind::Roadmap,
            NewKind::Module => Kind::Module,
            NewKind::Framework => Kind::Framework,
            NewKind::Scale => Kind::Scale,
            NewKind::Page => Kind::Page,
        }
    }
}

pub fn run(args: Args) -> ExitCode {
    let kind = Kind::from(args.kind);
    match scaffold::new_file(&args.root, kind, &args.id) {
        Ok(file) => {
            let root = super::init::root_arg(&args.root);
            eprintln!("Created {}.", args.root.join(&file).display());
            eprintln!("Edit it (its comments explain each key), then run `jenjang check{root}`.");
            let schema = args.root.join(SCHEMA_DIR).join(kind.schema_file());
            if !schema.is_file() {
                eprintln!(
                    "Its first line points editors at {SCHEMA_DIR}/{}, which this site does not have yet: \
                     `jenjang schema{root}` writes it.",
                    kind.schema_file()
                );
            }
            ExitCode::SUCCESS
        }
        Err(d) => {
            eprintln!("{}", d.render(None, super::color()));
            ExitCode::from(super::EXIT_IO)
        }
    }
}
