//! Helpers shared by the integration tests: running the binary, reading its diagnostics back
//! into structured values, and copying and comparing folders.
//!
//! Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The repository root, which is also the example site.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The folder of the fixture site `name` under tests/fixtures/.
pub fn fixture(name: &str) -> PathBuf {
    let path = repo_root().join("tests").join("fixtures").join(name);
    assert!(path.is_dir(), "no fixture {}", path.display());
    path
}

/// The `jenjang` binary, with colours off whatever the environment says.
pub fn jenjang() -> Command {
    let mut cmd = Command::cargo_bin("jenjang").expect("the jenjang binary is built");
    cmd.env("NO_COLOR", "1").env_remove("CLICOLOR_FORCE");
    cmd
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub diagnostics: Vec<Diag>,
}

impl Run {
    /// Runs `jenjang` with `args`.
    pub fn of(args: &[&str]) -> Run {
        Run::with(jenjang(), args)
    }

    /// Runs `cmd` with `args`.
    pub fn with(mut cmd: Command, args: &[&str]) -> Run {
        let output = cmd.args(args).output().expect("jenjang runs");
        let stderr = String::from_utf8(output.stderr).expect("stderr is UTF-8");
        Run {
            code: output.status.code().expect("jenjang exits with a code"),
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            diagnostics: parse_diagnostics(&stderr),
            stderr,
        }
    }

    /// `jenjang check --root <root>` plus `extra` arguments.
    pub fn check(root: &Path, extra: &[&str]) -> Run {
        let root = root.to_str().expect("UTF-8 path");
        let mut args = vec!["check", "--root", root];
        args.extend_from_slice(extra);
        Run::of(&args)
    }

    /// `jenjang build --root <root> --output <output>` plus `extra` arguments.
    pub fn build(root: &Path, output: &Path, extra: &[&str]) -> Run {
        let root = root.to_str().expect("UTF-8 path");
        let output = output.to_str().expect("UTF-8 path");
        let mut args = vec!["build", "--root", root, "--output", output];
        args.extend_from_slice(extra);
        Run::of(&args)
    }

    pub fn assert_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code, code,
            "expected exit code {code}, got {}; stderr:\n{}",
            self.code, self.stderr
        );
        self
    }

    /// The one diagnostic of the run (fails if there are none or several).
    pub fn only(&self) -> &Diag {
        assert_eq!(
            self.diagnostics.len(),
            1,
            "expected exactly one diagnostic; stderr:\n{}",
            self.stderr
        );
        &self.diagnostics[0]
    }

    /// The diagnostics of `severity` (`error`/`warning`).
    pub fn of_severity(&self, severity: &str) -> Vec<&Diag> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .collect()
    }

    /// Asserts the closing count line, e.g. `1 error, 0 warnings`.
    pub fn assert_count_line(&self, line: &str) -> &Run {
        assert!(
            self.stderr.lines().any(|l| l == line),
            "expected the line {line:?}; stderr:\n{}",
            self.stderr
        );
        self
    }
}

/// One diagnostic as printed on stderr:
///
/// ```text
/// error[reference]: there is no module `worksop`
///  --> content/roadmaps/career.yaml:5:15
///   |
/// 5 |     modules: [worksop]
///   |               ^^^^^^^
///   |
///   = help: did you mean `workshop`? (modules are the files in content/modules/)
/// ```
///
/// A diagnostic without a source line names its file in a `= note: in <file>` line instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diag {
    /// `error` or `warning`.
    pub severity: String,
    /// The code between the brackets, e.g. `reference`.
    pub code: String,
    pub message: String,
    /// `file:line:column` from the `-->` line, or what follows `= note: in `.
    pub location: Option<String>,
    /// True when the location came from a `-->` line (so the source line was shown).
    pub has_snippet: bool,
    /// The first source line shown, without the gutter.
    pub source: Option<String>,
    /// The 0-based character column where the first caret starts, in `source`.
    pub caret: Option<usize>,
    pub help: Option<String>,
    /// The full text of the diagnostic, for failure messages.
    pub text: String,
}

impl Diag {
    /// Asserts severity, code and location, and (when a source line is shown) that the caret
    /// sits under the reported column.
    pub fn assert_at(&self, severity: &str, code: &str, location: &str) -> &Diag {
        assert_eq!(
            (self.severity.as_str(), self.code.as_str()),
            (severity, code),
            "wrong severity or code in\n{}",
            self.text
        );
        assert_eq!(
            self.location.as_deref(),
            Some(location),
            "wrong location in\n{}",
            self.text
        );
        if self.has_snippet {
            let column: usize = location
                .rsplit(':')
                .next()
                .and_then(|c| c.parse().ok())
                .expect("the location ends in a column");
            assert_eq!(
                self.caret.map(|c| c + 1),
                Some(column),
                "the caret is not under column {column} in\n{}",
                self.text
            );
        }
        self
    }

    pub fn assert_message_contains(&self, part: &str) -> &Diag {
        assert!(
            self.message.contains(part),
            "expected the message to contain {part:?} in\n{}",
            self.text
        );
        self
    }

    pub fn assert_help(&self, help: &str) -> &Diag {
        assert_eq!(
            self.help.as_deref(),
            Some(help),
            "wrong help in\n{}",
            self.text
        );
        self
    }

    pub fn assert_help_contains(&self, part: &str) -> &Diag {
        assert!(
            self.help.as_deref().is_some_and(|h| h.contains(part)),
            "expected the help to contain {part:?} in\n{}",
            self.text
        );
        self
    }

    pub fn assert_source(&self, line: &str) -> &Diag {
        assert_eq!(
            self.source.as_deref(),
            Some(line),
            "wrong source line in\n{}",
            self.text
        );
        self
    }
}

/// Reads the diagnostics back from the text the binary printed on stderr.
pub fn parse_diagnostics(stderr: &str) -> Vec<Diag> {
    let mut out: Vec<Diag> = Vec::new();
    // Inside a note (`note[export]: …`), whose lines belong to no problem.
    let mut in_note = false;
    for line in stderr.lines() {
        if let Some(d) = header(line) {
            out.push(d);
            in_note = false;
            continue;
        }
        if line.starts_with("note[") {
            in_note = true;
            continue;
        }
        if in_note {
            continue;
        }
        let Some(d) = out.last_mut() else { continue };
        if is_count_line(line) {
            continue;
        }
        d.text.push_str(line);
        d.text.push('\n');
        let trimmed = line.trim_start();
        if let Some(loc) = trimmed.strip_prefix("--> ") {
            d.location = Some(loc.trim().to_string());
            d.has_snippet = true;
        } else if let Some(loc) = trimmed.strip_prefix("= note: in ") {
            if d.location.is_none() {
                d.location = Some(loc.trim().to_string());
            }
        } else if let Some(help) = trimmed.strip_prefix("= help: ") {
            d.help = Some(help.to_string());
        } else if let Some((gutter, rest)) = line.split_once('|') {
            let gutter = gutter.trim();
            let rest = rest.strip_prefix(' ').unwrap_or(rest);
            if !gutter.is_empty() && gutter.chars().all(|c| c.is_ascii_digit()) {
                if d.source.is_none() {
                    d.source = Some(rest.to_string());
                }
            } else if gutter.is_empty() && d.source.is_some() && d.caret.is_none() {
                if let Some(i) = rest.find('^') {
                    d.caret = Some(rest[..i].chars().count());
                }
            }
        }
    }
    out
}

/// `1 error, 0 warnings` and the like.
pub fn is_count_line(line: &str) -> bool {
    let Some((errors, warnings)) = line.split_once(", ") else {
        return false;
    };
    let counted = |part: &str, word: &str| {
        part.split_once(' ').is_some_and(|(n, w)| {
            n.chars().all(|c| c.is_ascii_digit()) && (w == word || w == format!("{word}s"))
        })
    };
    counted(errors, "error") && counted(warnings, "warning")
}

fn header(line: &str) -> Option<Diag> {
    let (severity, rest) = if let Some(r) = line.strip_prefix("error[") {
        ("error", r)
    } else if let Some(r) = line.strip_prefix("warning[") {
        ("warning", r)
    } else {
        return None;
    };
    let (code, message) = rest.split_once("]: ")?;
    Some(Diag {
        severity: severity.to_string(),
        code: code.to_string(),
        message: message.to_string(),
        location: None,
        has_snippet: false,
        source: None,
        caret: None,
        help: None,
        text: format!("{line}\n"),
    })
}

/// Copies the folder `from` to `to` (which must not exist yet).
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.expect("readable fixture");
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Copies the site at `from` (site.yaml, content/ and themes/ if any; never an output folder)
/// into `to`.
pub fn copy_site(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    fs::copy(from.join("site.yaml"), to.join("site.yaml")).unwrap();
    for dir in ["content", "themes"] {
        if from.join(dir).is_dir() {
            copy_dir(&from.join(dir), &to.join(dir));
        }
    }
}

/// Every file below `dir` with its bytes, by path relative to `dir` (with `/` separators).
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("readable output");
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap();
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            out.insert(rel, fs::read(entry.path()).unwrap());
        }
    }
    out
}

/// Asserts two trees from [`read_tree`] are identical, naming the files that differ.
pub fn assert_same_tree(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>, what: &str) {
    let only_a: Vec<&String> = a.keys().filter(|k| !b.contains_key(*k)).collect();
    let only_b: Vec<&String> = b.keys().filter(|k| !a.contains_key(*k)).collect();
    let differ: Vec<&String> = a
        .iter()
        .filter(|(k, v)| b.get(*k).is_some_and(|w| w != *v))
        .map(|(k, _)| k)
        .collect();
    assert!(
        only_a.is_empty() && only_b.is_empty() && differ.is_empty(),
        "{what}: only in the first: {only_a:?}; only in the second: {only_b:?}; different: {differ:?}"
    );
}
