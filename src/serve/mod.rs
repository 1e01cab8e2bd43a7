//! `watch` and `serve`: rebuilding on every change, and the development server with live
//! reload.

pub mod server;
pub mod watch;

use std::path::PathBuf;
use std::time::Duration;

use crate::rebuild::{Rebuilder, Report};
use watch::Watch;

/// Builds once, then again after every batch of changes, until the output folder is refused
/// ([`Report::refused`]), when it returns. `on_report` receives every build's report, except
/// for batches that changed nothing after a good build (an editor touching a file, events
/// arriving late after a burst): those rebuild nothing. After a failed build every report
/// counts, so that undoing an edit to the last good text says the site is good again.
pub fn rebuild_forever(
    rebuilder: &mut Rebuilder,
    watch: &mut Watch,
    mut on_report: impl FnMut(&Report, &[PathBuf]),
) {
    let mut changed = Vec::new();
    // The first build is always reported, as is every build after a failed one.
    let mut failed = true;
    loop {
        let report = rebuilder.build(&changed);
        if failed || !report.changed_nothing() {
            on_report(&report, &changed);
        }
        if report.refused {
            return;
        }
        failed = !report.success;
        changed = loop {
            if let Some(batch) = watch.next(Duration::from_secs(3600)) {
                break batch;
            }
        };
    }
}
