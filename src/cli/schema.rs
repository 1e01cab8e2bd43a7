//! `jenjang schema`: write the JSON Schemas of the content kinds, for editors.

use std::path::PathBuf;
use std::process::ExitCode;

use jenjang::diagnostics::{Code, Diagnostic};
use jenjang::scaffold::schema;
use jenjang::scaffold::{Kind, SCHEMA_DIR};

#[derive(clap::Args)]
pub struct Args {
    /// The site folder (the one holding site.yaml)
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Where to write the schemas [default: schemas/ in the site folder]
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Print the schema of one kind to stdout instead of writing files
    #[arg(long, value_enum, value_name = "KIND", conflicts_with = "output")]
    pub stdout: Option<SchemaKind>,
}

/// The kinds with a schema.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SchemaKind {
    /// site.yaml
    Site,
    /// content/roadmaps/*.yaml
    Roadmap,
    /// content/modules/*.yaml
    Module,
    /// content/competencies/*.yaml
    Framework,
    /// content/scales/*.yaml
    Scale,
    /// the front matter of content/pages/*.md
    Page,
}

impl From<SchemaKind> for Kind {
    fn from(kind: SchemaKind) -> Kind {
        match kind {
            SchemaKind::Site => Kind::Site,
            SchemaKind::Roadmap => Kind::Roadmap,
            SchemaKind::Module => Kind::Module,
            SchemaKind::Framework => Kind::Framework,
            SchemaKind::Scale => Kind::Scale,
            SchemaKind::Page => Kind::Page,
        }
    }
}

pub fn run(args: Args) -> ExitCode {
    if let Some(kind) = args.stdout {
        print!("{}", schema::to_json(kind.into()));
        return ExitCode::SUCCESS;
    }
    if args.output.is_none() && !args.root.join(jenjang::load::SITE_FILE).is_file() {
        let d = Diagnostic::error(
            Code::Io,
            format!(
                "no site.yaml in {}: the schemas belong in a site's folder",
                args.root.display()
            ),
        )
        .hint("run it in the site's folder, pass the site with --root, or choose a folder with --output");
        eprintln!("{}", d.render(None, super::color()));
        return ExitCode::from(super::EXIT_IO);
    }
    let dir = args.output.unwrap_or_else(|| args.root.join(SCHEMA_DIR));
    match schema::write_all(&dir) {
        Ok(files) => {
            eprintln!("Wrote {} JSON Schemas into {}:", files.len(), dir.display());
            for file in &files {
                eprintln!("  {}", file.display());
            }
            eprintln!("See docs/editor-setup.md to have your editor use them.");
            ExitCode::SUCCESS
        }
        Err(d) => {
            eprintln!("{}", d.render(None, super::color()));
            ExitCode::from(super::EXIT_IO)
        }
    }
}
