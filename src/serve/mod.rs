//! `watch` and `serve`: rebuilding on every change, and the development server with live
//! reload.

pub mod server;
pub mod watch;

use std::path::PathBuf;
use std::time::Duration;

use crate::rebuild::{Rebuilder, Report};
use watch::Watch;

/// Builds once, then again after every batch of changes, forever (or until the watch ends).
/// `on_report` receives every build's report, except for batches that changed nothing (an
/// editor touching a file, events arriving late after a burst): those rebuild nothing.
pub fn rebuild_forever(
    rebuilder: &mut Rebuilder,
    watch: &mut Watch,
    mut on_report: impl FnMut(&Report, &[PathBuf]),
) {
    let report = rebuilder.build(&[]);
    on_report(&report, &[]);
    loop {
        let Some(changed) = watch.next(Duration::from_secs(3600)) else {
            continue;
        };
        let report = rebuilder.build(&changed);
        if !report.changed_nothing() {
            on_report(&report, &changed);
        }
    }
}
