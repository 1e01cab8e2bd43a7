//! Watching a site for changes: `site.yaml`, `content/` and `themes/`, debounced so that an
//! editor's save (write in place, write-then-rename, delete-then-create, swap files) or a burst
//! of changes (a `git pull`) arrives as one batch.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

use notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer_opt, DebounceEventResult, Debouncer, NoCache};

use crate::diagnostics::{Code, Diagnostic};
use crate::load::{is_ignored, CONTENT_DIR, SITE_FILE};

/// How long the file system must be quiet before a batch of changes is delivered.
pub const DEBOUNCE: Duration = Duration::from_millis(40);

/// A running watch on one site.
pub struct Watch {
    root: PathBuf,
    canonical_root: PathBuf,
    debouncer: Debouncer<RecommendedWatcher, NoCache>,
    events: Receiver<DebounceEventResult>,
    watching_content: bool,
    watching_themes: bool,
}

impl Watch {
    /// Starts watching the site at `root`.
    pub fn start(root: &Path) -> Result<Watch, Diagnostic> {
        let fail = |e: notify::Error| {
            Diagnostic::error(
                Code::Io,
                format!("cannot watch {} for changes: {e}", root.display()),
            )
            .hint("on Linux, raise fs.inotify.max_user_watches if the site is very large")
        };
        let canonical_root = root.canonicalize().map_err(|e| {
            Diagnostic::error(
                Code::Io,
                format!("cannot open the site folder {}: {e}", root.display()),
            )
        })?;
        let (tx, events) = mpsc::channel();
        // Symbolic links are not followed: a link out of the site (which the build refuses)
        // must not make the watcher walk the machine. For the same reason the file-id cache
        // that macOS and Windows would use (it walks the watched folders following links) is
        // left out; Linux uses none anyway (inotify pairs renames itself).
        let config = notify::Config::default().with_follow_symlinks(false);
        let debouncer = new_debouncer_opt::<_, RecommendedWatcher, NoCache>(
            DEBOUNCE, None, tx, NoCache, config,
        )
        .map_err(fail)?;
        let mut watch = Watch {
            root: root.to_path_buf(),
            canonical_root,
            debouncer,
            events,
            watching_content: false,
            watching_themes: false,
        };
        watch
            .debouncer
            .watch(&watch.canonical_root, RecursiveMode::NonRecursive)
            .map_err(fail)?;
        watch.watch_folders().map_err(fail)?;
        Ok(watch)
    }

    /// Watches `content/` and `themes/` once they exist.
    fn watch_folders(&mut self) -> notify::Result<()> {
        let content = self.canonical_root.join(CONTENT_DIR);
        if !self.watching_content && content.is_dir() {
            self.debouncer.watch(&content, RecursiveMode::Recursive)?;
            self.watching_content = true;
        }
        let themes = self.canonical_root.join("themes");
        if !self.watching_themes && themes.is_dir() {
            self.debouncer.watch(&themes, RecursiveMode::Recursive)?;
            self.watching_themes = true;
        }
        Ok(())
    }

    /// Waits for the next batch of relevant changes and returns the changed files (as paths
    /// below the root as it was given), or `None` when `timeout` passes first. Batches that
    /// arrive while the caller was busy are merged into one.
    pub fn next(&mut self, timeout: Duration) -> Option<Vec<PathBuf>> {
        let mut changed = Vec::new();
        let mut wait = timeout;
        loop {
            match self.events.recv_timeout(wait) {
                Ok(Ok(events)) => {
                    for event in events {
                        if matches!(event.kind, EventKind::Access(_)) {
                            continue;
                        }
                        for path in &event.paths {
                            if let Some(p) = self.relevant(path) {
                                if !changed.contains(&p) {
                                    changed.push(p);
                                }
                            }
                        }
                    }
                }
                Ok(Err(_)) => {}
                Err(RecvTimeoutError::Timeout) if !changed.is_empty() => break,
                Err(_) => return None,
            }
            if !changed.is_empty() {
                wait = Duration::ZERO;
            }
        }
        let _ = self.watch_folders();
        Some(changed)
    }

    /// The path below the given root for a changed path that can affect the site.
    fn relevant(&self, path: &Path) -> Option<PathBuf> {
        let rel = path.strip_prefix(&self.canonical_root).ok()?;
        let name = rel.file_name()?.to_str()?;
        if rel
            .components()
            .any(|c| c.as_os_str().to_str().is_some_and(is_ignored))
        {
            return None;
        }
        let first = rel.components().next()?.as_os_str();
        let inside = rel == Path::new(SITE_FILE) || first == CONTENT_DIR || first == "themes";
        (inside && !name.is_empty()).then(|| self.root.join(rel))
    }
}
