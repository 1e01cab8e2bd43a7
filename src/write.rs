//! Write: the single place that touches the output folder.
//!
//! A build is written into a fresh temporary folder beside the output and swapped in only when
//! every file is written; on Linux the swap is one atomic `renameat2(RENAME_EXCHANGE)`, so a
//! reader (or a crash) sees either the old site or the new one, never a mixture. A failed build
//! is never swapped in ([`Staging`] dropped without commit), so the previous output stays as
//! it was.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::diagnostics::{Code, Diagnostic};
use crate::load::{CONTENT_DIR, SITE_FILE};
use crate::render::{Output, Sink};

/// A file jenjang puts in every output folder, so that it only ever replaces folders it made.
pub const MARKER: &str = ".jenjang-output";

/// What a write did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub files: usize,
    pub bytes: u64,
}

/// The site's own output folder: `output` from `site.yaml` (relative to the site root), else
/// `public/` in the site root. `--output` on the command line overrides it.
pub fn output_dir(root: &Path, config: &crate::model::Config) -> PathBuf {
    root.join(
        config
            .output
            .clone()
            .unwrap_or_else(|| PathBuf::from("public")),
    )
}

/// The marker line that names the published site's id.
const MARKER_SITE: &str = "site: ";

/// The id of the site an output folder holds, as its last full build recorded it in the
/// [`MARKER`] file; `None` for a folder without one (never built, or written by `watch`).
pub fn published_site_id(output: &Path) -> Option<String> {
    fs::read_to_string(output.join(MARKER))
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix(MARKER_SITE))
        .map(|id| id.trim().to_string())
}

/// A warning when the site in its output folder was published under another id and the site
/// has checklists: readers' ticks are kept in their browsers under the site's id, so a new id
/// (a new title without `id:` in `site.yaml`) starts everyone's progress again from zero.
pub fn site_id_changed(root: &Path, site: &crate::model::Site) -> Option<Diagnostic> {
    let output = output_dir(root, &site.config);
    let published = published_site_id(&output)?;
    let new = &site.config.id;
    let has_checklists = site
        .roadmaps
        .iter()
        .flat_map(|r| r.stages.iter().map(|s| &s.checklist))
        .chain(site.modules.iter().flat_map(|m| {
            std::iter::once(&m.checklist).chain(m.units.iter().map(|u| &u.checklist))
        }))
        .any(|c| !c.items.is_empty());
    if &published == new || !has_checklists {
        return None;
    }
    Some(
        Diagnostic::warning(
            Code::Config,
            format!(
                "the site's id is now `{new}`, but the site in {} was published as `{published}`: readers' checklist ticks are kept under the id, so theirs would start again from zero",
                output.display()
            ),
        )
        .in_file(SITE_FILE)
        .hint(format!(
            "to keep readers' progress, write `id: {published}` in site.yaml (without `id:`, the id is made from the title)"
        )),
    )
}

/// Refuses output folders that would destroy the site or something else: the site root, a
/// folder holding `site.yaml` or `content/`, a parent of the site root, and an existing
/// non-empty folder jenjang did not make (it has no [`MARKER`]).
pub fn check_output(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let refuse = |why: String| {
        Err(Diagnostic::error(
            Code::Config,
            format!("refusing to write the site to {}: {why}", output.display()),
        )
        .hint("choose an output folder of its own, such as `public` (the default)"))
    };
    let abs_root = absolute(root);
    let abs_out = absolute(output);
    if abs_out == abs_root {
        return refuse("it is the site folder itself".into());
    }
    if abs_root.starts_with(&abs_out) {
        return refuse("it contains the site folder".into());
    }
    for inside in [CONTENT_DIR, "themes"] {
        if abs_out.starts_with(abs_root.join(inside)) {
            return refuse(format!("it is inside {inside}/, which jenjang reads"));
        }
    }
    if output.join(SITE_FILE).exists() || output.join(CONTENT_DIR).exists() {
        return refuse(format!(
            "it holds {SITE_FILE} or {CONTENT_DIR}/, so it looks like a site"
        ));
    }
    if output.is_dir() && !output.join(MARKER).exists() {
        let non_empty = fs::read_dir(output)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true);
        if non_empty {
            return refuse("it is a folder jenjang did not create, and it is not empty (delete it or empty it if it may be replaced)".into());
        }
    }
    if output.exists() && !output.is_dir() {
        return refuse("it is a file".into());
    }
    Ok(())
}

/// A path made absolute against the current folder and cleaned of `.` and `..`, without
/// touching the file system (the output may not exist yet).
fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    // Resolve symbolic links in the part that exists, so that a root reached through a link
    // compares equal to the same folder named directly.
    let mut existing = out.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return out,
        }
    }
    let mut resolved = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    resolved.extend(rest.iter().rev());
    resolved
}

/// Writes `files` as the new content of `output`, atomically replacing what was there.
pub fn write_site(output: &Path, files: &[Output]) -> Result<Written, Diagnostic> {
    let staging = Staging::new(output)?;
    files.par_iter().try_for_each(|f| staging.write(f))?;
    staging.commit()
}

/// A new content for an output folder, filled file by file (from several threads at once) in a
/// temporary folder beside it, then swapped in whole by [`Staging::commit`]. Dropped without
/// `commit` (an error elsewhere), the temporary folder is removed and the output is unchanged.
pub struct Staging {
    output: PathBuf,
    dir: tempfile::TempDir,
    /// Held until the swap: no other build writes beside this output meanwhile.
    lock: Option<fs::File>,
    files: AtomicUsize,
    bytes: AtomicU64,
    /// The id of the site being written, kept in the marker ([`published_site_id`]).
    site_id: Option<String>,
}

impl Staging {
    /// Creates the temporary folder beside `output` (and `output`'s parent if needed), after
    /// removing the staging folders that killed builds left there.
    pub fn new(output: &Path) -> Result<Staging, Diagnostic> {
        let parent = match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(|e| fail("cannot create", &parent, e))?;
        let name = output.file_name().map_or_else(
            || "public".to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let prefix = format!(".{name}.jenjang-");
        // While the lock is held no other build writes beside this output, so every staging
        // folder of this output that exists now was left by a build that was killed: remove
        // them.
        let lock = lock_folder(&parent);
        if lock.is_some() {
            remove_stale_staging(&parent, &prefix);
        }
        let dir = tempfile::Builder::new()
            .prefix(&prefix)
            .tempdir_in(&parent)
            .map_err(|e| fail("cannot create a temporary folder in", &parent, e))?;
        Ok(Staging {
            output: output.to_path_buf(),
            dir,
            lock,
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            site_id: None,
        })
    }

    /// Records the id of the site being written (readers' progress is kept under it), so that
    /// the next build can tell when it changed ([`site_id_changed`]).
    pub fn set_site_id(&mut self, id: &str) {
        self.site_id = Some(id.to_string());
    }

    /// Writes one file of the new site, creating its folders.
    pub fn write(&self, file: &Output) -> Result<(), Diagnostic> {
        let path = self.dir.path().join(&file.path);
        if let Some(folder) = path.parent() {
            fs::create_dir_all(folder).map_err(|e| fail("cannot create", folder, e))?;
        }
        fs::write(&path, &file.bytes).map_err(|e| fail("cannot write", &path, e))?;
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes
            .fetch_add(file.bytes.len() as u64, Ordering::Relaxed);
        Ok(())
    }

    /// Writes one file of the new site piece by piece: `write` gets the open file (buffered)
    /// and writes it from start to end, so that a large file is never held in memory whole.
    pub fn write_streamed(
        &self,
        path: &str,
        write: &dyn Fn(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), Diagnostic> {
        let path = self.dir.path().join(path);
        if let Some(folder) = path.parent() {
            fs::create_dir_all(folder).map_err(|e| fail("cannot create", folder, e))?;
        }
        let file = fs::File::create(&path).map_err(|e| fail("cannot write", &path, e))?;
        let mut out = io::BufWriter::with_capacity(1 << 20, file);
        write(&mut out)
            .and_then(|()| out.flush())
            .map_err(|e| fail("cannot write", &path, e))?;
        let len = out.get_ref().metadata().map_or(0, |m| m.len());
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(len, Ordering::Relaxed);
        Ok(())
    }

    /// Marks the new site as jenjang's and puts it in place of the output in one step; the
    /// previous site is then removed. Returns what was written.
    pub fn commit(self) -> Result<Written, Diagnostic> {
        let dir = self.dir.path();
        let mut marker =
            String::from("This folder is written by jenjang; every build replaces it.\n");
        if let Some(id) = &self.site_id {
            marker.push_str(&format!("{MARKER_SITE}{id}\n"));
        }
        fs::write(dir.join(MARKER), marker)
            .map_err(|e| fail("cannot write", &dir.join(MARKER), e))?;
        swap_in(dir, &self.output)
            .map_err(|e| fail("cannot move the new site into", &self.output, e))?;
        let written = Written {
            files: self.files.into_inner(),
            bytes: self.bytes.into_inner(),
        };
        // `dir` now holds the previous site (or nothing); dropping it removes it.
        drop(self.dir);
        drop(self.lock);
        Ok(written)
    }
}

impl Sink for Staging {
    fn put(&self, file: Output) -> Result<(), Diagnostic> {
        self.write(&file)
    }

    fn put_streamed(
        &self,
        path: &str,
        write: &dyn Fn(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), Diagnostic> {
        self.write_streamed(path, write)
    }
}

/// An error writing a new output folder, as a diagnostic.
fn fail(what: &str, path: &Path, e: io::Error) -> Diagnostic {
    Diagnostic::error(Code::Io, format!("{what} {}: {e}", path.display()))
        .hint("check that the output folder's parent exists and is writable, and that the disk is not full; the previous site is unchanged")
}

/// Takes an exclusive advisory lock on `folder` (released when the handle is dropped), waiting
/// for any other build that holds it. `None` where folders cannot be locked (then stale
/// staging folders are left alone).
#[cfg(unix)]
fn lock_folder(folder: &Path) -> Option<fs::File> {
    use rustix::fs::{flock, FlockOperation};
    let handle = fs::File::open(folder).ok()?;
    flock(&handle, FlockOperation::LockExclusive).ok()?;
    Some(handle)
}

#[cfg(not(unix))]
fn lock_folder(_folder: &Path) -> Option<fs::File> {
    None
}

/// Removes the folders in `parent` whose names start with `prefix`: staging folders that a
/// killed build left behind (a `SIGKILL`, a power cut). Symbolic links are not followed.
fn remove_stale_staging(parent: &Path, prefix: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let is_stale = entry
            .file_name()
            .to_str()
            .is_some_and(|n| n.starts_with(prefix))
            && entry.file_type().is_ok_and(|t| t.is_dir());
        if is_stale {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Updates a folder made by [`write_site`] in place: writes `files` (each to a temporary file
/// beside it, then renamed over the old one, so no reader ever sees half a file) and removes
/// `removed` (paths relative to `output`), then any folder left empty. The same as
/// [`stage`] then [`Staged::commit`].
pub fn update_site(
    output: &Path,
    files: &[Output],
    removed: &[String],
) -> Result<Written, Diagnostic> {
    stage(output, files)?.commit(output, removed)
}

/// Files written into temporary files beside the places they are for in an output folder, not
/// yet in place: [`Staged::commit`] renames them over the old files; dropped, they are
/// deleted and the output folder is as it was (but for folders made for new files).
#[derive(Debug, Default)]
pub struct Staged {
    files: Vec<(tempfile::TempPath, PathBuf)>,
    bytes: u64,
}

/// Writes each of `files` into a temporary file beside its place in `output` (see [`Staged`]).
/// Nothing is in place until [`Staged::commit`]; on an error, what was written is deleted.
pub fn stage(output: &Path, files: &[Output]) -> Result<Staged, Diagnostic> {
    let staged: Vec<(tempfile::TempPath, PathBuf)> = files
        .par_iter()
        .map(|f| {
            let path = output.join(&f.path);
            let dir = path.parent().unwrap_or(output);
            fs::create_dir_all(dir).map_err(|e| update_failed("cannot create", dir, e))?;
            let mut tmp = tempfile::Builder::new()
                .prefix(".jenjang-")
                .tempfile_in(dir)
                .map_err(|e| update_failed("cannot create a temporary file in", dir, e))?;
            io::Write::write_all(&mut tmp, &f.bytes)
                .map_err(|e| update_failed("cannot write", &path, e))?;
            Ok((tmp.into_temp_path(), path))
        })
        .collect::<Result<_, Diagnostic>>()?;
    Ok(Staged {
        files: staged,
        bytes: files.iter().map(|f| f.bytes.len() as u64).sum(),
    })
}

impl Staged {
    /// Adds the files of `other`.
    pub fn extend(&mut self, other: Staged) {
        self.files.extend(other.files);
        self.bytes += other.bytes;
    }

    /// Puts every staged file in place (each by one rename), then removes `removed` (paths
    /// relative to `output`) and any folder left empty.
    pub fn commit(self, output: &Path, removed: &[String]) -> Result<Written, Diagnostic> {
        let count = self.files.len();
        for (tmp, path) in self.files {
            tmp.persist(&path)
                .map_err(|e| update_failed("cannot write", &path, e.error))?;
        }
        for r in removed {
            let path = output.join(r);
            match fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(update_failed("cannot remove", &path, e)),
            }
            let mut dir = path.parent();
            while let Some(d) = dir.filter(|d| *d != output && d.starts_with(output)) {
                if fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }
        Ok(Written {
            files: count,
            bytes: self.bytes,
        })
    }
}

/// An error updating an output folder in place, as a diagnostic.
fn update_failed(what: &str, path: &Path, e: io::Error) -> Diagnostic {
    Diagnostic::error(Code::Io, format!("{what} {}: {e}", path.display()))
        .hint("check that the output folder is writable and the disk is not full")
}

/// Puts the folder `new` in place of `output`; afterwards `new` holds the old output (if any).
#[cfg(target_os = "linux")]
fn swap_in(new: &Path, output: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    if output.exists() {
        renameat_with(CWD, new, CWD, output, RenameFlags::EXCHANGE).map_err(io::Error::from)
    } else {
        fs::rename(new, output)?;
        fs::create_dir(new)
    }
}

/// Puts the folder `new` in place of `output` with two renames (not atomic on this platform).
#[cfg(not(target_os = "linux"))]
fn swap_in(new: &Path, output: &Path) -> io::Result<()> {
    if output.exists() {
        let old = new.with_extension("old");
        fs::rename(output, &old)?;
        fs::rename(new, output)?;
        fs::rename(&old, new)
    } else {
        fs::rename(new, output)?;
        fs::create_dir(new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out(path: &str, text: &str) -> Output {
        Output {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn replaces_the_output_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let output = tmp.path().join("public");
        write_site(
            &output,
            &[out("index.html", "one"), out("a/b/index.html", "deep")],
        )
        .unwrap();
        assert_eq!(
            fs::read_to_string(output.join("a/b/index.html")).unwrap(),
            "deep"
        );
        write_site(&output, &[out("index.html", "two")]).unwrap();
        assert_eq!(
            fs::read_to_string(output.join("index.html")).unwrap(),
            "two"
        );
        assert!(
            !output.join("a").exists(),
            "files of the old build are gone"
        );
        let leftovers: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary folder is left behind");
    }

    #[test]
    fn removes_staging_folders_of_killed_builds() {
        let tmp = tempfile::tempdir().unwrap();
        let output = tmp.path().join("public");
        write_site(&output, &[out("index.html", "one")]).unwrap();
        // What a build killed before or after its swap leaves behind.
        for leftover in [".public.jenjang-AbC123", ".public.jenjang-x"] {
            fs::create_dir_all(tmp.path().join(leftover).join("roadmaps")).unwrap();
            fs::write(tmp.path().join(leftover).join("roadmaps/index.html"), "old").unwrap();
        }
        // Other people's files with a similar name stay.
        fs::write(tmp.path().join(".public.jenjang-file"), "a file").unwrap();
        fs::create_dir_all(tmp.path().join(".other.jenjang-x")).unwrap();
        write_site(&output, &[out("index.html", "two")]).unwrap();
        let mut names: Vec<String> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [".other.jenjang-x", ".public.jenjang-file", "public"]
        );
        assert_eq!(
            fs::read_to_string(output.join("index.html")).unwrap(),
            "two"
        );
    }

    #[test]
    fn updates_in_place() {
        let tmp = tempfile::tempdir().unwrap();
        let output = tmp.path().join("public");
        write_site(
            &output,
            &[out("a/index.html", "a"), out("b/c/index.html", "c")],
        )
        .unwrap();
        update_site(
            &output,
            &[out("a/index.html", "a2"), out("d/index.html", "d")],
            &["b/c/index.html".into()],
        )
        .unwrap();
        assert_eq!(
            fs::read_to_string(output.join("a/index.html")).unwrap(),
            "a2"
        );
        assert_eq!(
            fs::read_to_string(output.join("d/index.html")).unwrap(),
            "d"
        );
        assert!(!output.join("b").exists(), "emptied folders are removed");
        assert!(output.join(MARKER).exists());
    }

    #[test]
    fn refuses_dangerous_outputs() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        fs::create_dir_all(root.join("content")).unwrap();
        fs::write(root.join("site.yaml"), "title: x").unwrap();
        assert!(check_output(&root, &root).is_err());
        assert!(check_output(&root, tmp.path()).is_err());
        assert!(check_output(&root, &root.join("public")).is_ok());
        assert!(check_output(&root, &root.join("content/static/public")).is_err());
        let other = tmp.path().join("documents");
        fs::create_dir_all(&other).unwrap();
        fs::write(other.join("thesis.odt"), "precious").unwrap();
        assert!(check_output(&root, &other).is_err());
        fs::write(other.join(MARKER), "").unwrap();
        assert!(check_output(&root, &other).is_ok());
    }
}
