//! The browser tests of the default theme's scripts (tests/browser/*.test.mjs): node's test
//! runner driving headless Chromium with playwright-core, against the example site built by the
//! binary under test.
//!
//! They need Chromium (`/usr/bin/chromium`, or `$CHROMIUM`) and Node 20 with npm, so they are
//! ignored by a plain `cargo test`. `.ci/run` runs them; by hand:
//!
//! ```sh
//! cargo test --test browser -- --ignored
//! ```
//!
//! Screenshots are written to target/browser-artifacts/.

mod common;

use std::path::Path;
use std::process::Command;

use common::repo_root;

/// Runs `program args` in `dir`, panicking with its output unless it succeeds.
fn run(dir: &Path, program: &str, args: &[&str]) {
    let output = Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("JENJANG_BIN", env!("CARGO_BIN_EXE_jenjang"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e} (are Node and npm installed?)"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    // Shown by cargo test with --nocapture, or when the test fails.
    println!("{stdout}");
    eprintln!("{stderr}");
    assert!(
        output.status.success(),
        "`{program} {}` in {} failed ({}):\n{stdout}\n{stderr}",
        args.join(" "),
        dir.display(),
        output.status
    );
}

/// True when node_modules holds exactly the versions package.json asks for (else `npm ci`).
fn installed(dir: &Path) -> bool {
    let read = |p: &Path| -> Option<serde_json::Value> {
        serde_json::from_str(&std::fs::read_to_string(p).ok()?).ok()
    };
    let Some(manifest) = read(&dir.join("package.json")) else {
        return false;
    };
    let Some(wanted) = manifest["devDependencies"].as_object() else {
        return false;
    };
    wanted.iter().all(|(name, version)| {
        let path = dir.join("node_modules").join(name).join("package.json");
        read(&path).is_some_and(|p| p["version"] == *version)
    })
}

#[test]
#[ignore = "needs Chromium and Node: run by .ci/run, or with cargo test --test browser -- --ignored"]
fn browser_tests() {
    let dir = repo_root().join("tests").join("browser");
    if !installed(&dir) {
        run(&dir, "npm", &["ci", "--no-audit", "--no-fund"]);
    }
    // A hung page must fail the run, not stall it: every test gets at most 5 minutes.
    run(
        &dir,
        "node",
        &["--test", "--test-reporter=spec", "--test-timeout=300000"],
    );
}
