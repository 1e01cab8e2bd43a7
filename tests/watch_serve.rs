//! `jenjang watch` and `jenjang serve` as child processes over a temporary site: editors' save
//! patterns rebuild the output, a broken edit keeps the last good site, the server answers and
//! open pages are told to reload. Every wait is bounded and polls; nothing sleeps longer than a
//! poll interval.

mod common;

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(20);
const POLL: Duration = Duration::from_millis(25);

/// A copy of the `valid` fixture in a temporary folder.
fn site() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    common::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid"),
        tmp.path(),
    );
    tmp
}

/// A running jenjang command whose stderr lines arrive on a channel; killed when dropped.
struct Running {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
}

impl Running {
    fn start(args: &[&str]) -> Running {
        let mut child = Command::new(env!("CARGO_BIN_EXE_jenjang"))
            .args(args)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Running {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Waits for the next stderr line containing `text`; returns it.
    fn wait_for(&mut self, text: &str) -> String {
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            if let Ok(line) = self.lines.recv_timeout(POLL) {
                self.seen.push(line.clone());
                if line.contains(text) {
                    return line;
                }
            }
        }
        panic!(
            "no line with {text:?} within {WAIT:?}; seen:\n{}",
            self.seen.join("\n")
        );
    }

    /// Counts the lines containing `text` that arrive within `quiet` of each other.
    fn count_until_quiet(&mut self, text: &str, quiet: Duration) -> usize {
        let mut n = 0;
        while let Ok(line) = self.lines.recv_timeout(quiet) {
            if line.contains(text) {
                n += 1;
            }
            self.seen.push(line);
        }
        n
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_default()
}

/// Polls until `f` holds.
fn eventually(what: &str, f: impl Fn() -> bool) {
    let deadline = Instant::now() + WAIT;
    while Instant::now() < deadline {
        if f() {
            return;
        }
        std::thread::sleep(POLL);
    }
    panic!("{what} did not happen within {WAIT:?}");
}

fn replace(path: &Path, from: &str, to: &str) -> String {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    text.replacen(from, to, 1)
}

#[test]
fn watch_rebuilds_on_every_save_pattern_and_keeps_the_last_good_site() {
    let site = site();
    let root = site.path();
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("public");
    let (root_s, out_s) = (root.to_str().unwrap(), output.to_str().unwrap());
    let mut watch = Running::start(&["watch", "--root", root_s, "--output", out_s]);
    watch.wait_for("Built in");
    let module = root.join("content/modules/workshop.yaml");
    let page = output.join("modules/workshop/index.html");
    assert!(read(&page).contains("Workshop"));

    // Write in place.
    fs::write(
        &module,
        replace(&module, "title: Workshop", "title: Workshop in place"),
    )
    .unwrap();
    watch.wait_for("Built in");
    assert!(read(&page).contains("Workshop in place"));

    // Write to a temporary file, then rename over the original (Vim, VS Code, most editors).
    let tmp = root.join("content/modules/.workshop.yaml.swp");
    fs::write(
        &tmp,
        replace(&module, "Workshop in place", "Workshop renamed"),
    )
    .unwrap();
    fs::rename(&tmp, &module).unwrap();
    watch.wait_for("Built in");
    assert!(read(&page).contains("Workshop renamed"));

    // Delete, then create.
    let text = replace(&module, "Workshop renamed", "Workshop recreated");
    fs::remove_file(&module).unwrap();
    fs::write(&module, text).unwrap();
    let deadline = Instant::now() + WAIT;
    while !read(&page).contains("Workshop recreated") {
        if Instant::now() > deadline {
            let _ = watch.count_until_quiet("", Duration::from_millis(500));
            panic!(
                "the recreated title was not built; the module holds:\n{}\nwatch printed:\n{}",
                read(&module),
                watch.seen.join("\n")
            );
        }
        std::thread::sleep(POLL);
    }

    // A broken edit prints the problem and leaves the site as it was.
    let good = read(&page);
    fs::write(
        &module,
        replace(
            &module,
            "title: Workshop recreated",
            "titel: Workshop broken",
        ),
    )
    .unwrap();
    watch.wait_for("unknown key `titel`");
    watch.wait_for("last good site");
    assert_eq!(read(&page), good);

    // Fixing it rebuilds.
    fs::write(
        &module,
        replace(&module, "titel: Workshop broken", "title: Workshop fixed"),
    )
    .unwrap();
    watch.wait_for("Built in");
    assert!(read(&page).contains("Workshop fixed"));

    // A new file appears, then vanishes.
    let extra = root.join("content/pages/extra.md");
    fs::write(&extra, "---\ntitle: Extra page\n---\nHello.\n").unwrap();
    eventually("the new page", || output.join("extra/index.html").exists());
    fs::remove_file(&extra).unwrap();
    eventually("the page to go", || {
        !output.join("extra/index.html").exists()
    });
}

/// A burst of writes (like a `git pull`) is batched: fewer rebuilds than files, and the last
/// one has them all. How many batches a burst makes depends on how the writes fall around the
/// debounce window on a busy machine, so the test asks only that batching happened.
#[test]
fn a_burst_of_changes_is_batched() {
    let site = site();
    let root = site.path();
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("public");
    let (root_s, out_s) = (root.to_str().unwrap(), output.to_str().unwrap());
    let mut watch = Running::start(&["watch", "--root", root_s, "--output", out_s]);
    watch.wait_for("Built in");
    const FILES: usize = 20;
    for i in 0..FILES {
        fs::write(
            root.join(format!("content/pages/burst-{i}.md")),
            format!("---\ntitle: Burst {i}\n---\n"),
        )
        .unwrap();
    }
    eventually("every page of the burst", || {
        (0..FILES).all(|i| output.join(format!("burst-{i}/index.html")).exists())
    });
    let rebuilds = 1 + watch.count_until_quiet("Built in", Duration::from_millis(500));
    assert!(
        rebuilds < FILES,
        "{rebuilds} rebuilds for {FILES} files; output:\n{}",
        watch.seen.join("\n")
    );
}

/// Starts `serve` with `args` on a port the system chooses (no race for a port picked
/// beforehand), waits until it listens, and returns it with its port.
fn serve(args: &[&str]) -> (Running, u16) {
    let mut all = vec!["serve", "--port", "0"];
    all.extend_from_slice(args);
    let mut serve = Running::start(&all);
    let line = serve.wait_for("Serving the site at");
    let port = line
        .split("http://127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {line:?}"));
    (serve, port)
}

/// A plain HTTP/1.1 GET: (status, body).
fn get(port: u16, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_string();
    (status, body)
}

#[test]
fn serve_answers_injects_live_reload_and_notifies_open_pages() {
    let site = site();
    let root = site.path();
    let out = tempfile::tempdir().unwrap();
    let output: PathBuf = out.path().join("public");
    let (root_s, out_s) = (root.to_str().unwrap(), output.to_str().unwrap());
    let (mut serve, port) = serve(&["--root", root_s, "--output", out_s]);
    serve.wait_for("Built in");

    let (status, body) = get(port, "/");
    assert_eq!(status, 200);
    assert!(
        body.contains("/__jenjang/live.js"),
        "the reload script is injected when served"
    );
    assert!(
        !read(&output.join("index.html")).contains("live.js"),
        "but never written to the built files"
    );
    let (status, body) = get(port, "/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("<html"), "the site's 404 page is served");
    let (status, _) = get(port, "/%2e%2e/%2e%2e/etc/passwd");
    assert_eq!(status, 404);

    // Subscribe to the reload events like an open page does, then edit.
    let mut reader = events(port);
    let mut line = String::new();
    let module = root.join("content/modules/workshop.yaml");
    fs::write(
        &module,
        replace(&module, "title: Workshop", "title: Workshop served"),
    )
    .unwrap();
    // The first reload may still be the initial build's; after the edit's, the page has it.
    loop {
        line.clear();
        assert!(
            reader.read_line(&mut line).unwrap() > 0,
            "the event stream ended"
        );
        if line.starts_with("event: reload")
            && get(port, "/modules/workshop/")
                .1
                .contains("Workshop served")
        {
            break;
        }
    }

    // A broken edit sends the problems to open pages.
    fs::write(
        &module,
        replace(&module, "title: Workshop served", "titel: x"),
    )
    .unwrap();
    next_event(&mut reader, "event: failed", "titel");
    serve.wait_for("last good site");

    // A page opened (or reloaded) while the site is broken is told at once.
    let mut late = events(port);
    next_event(&mut late, "event: failed", "titel");

    // Undoing the edit to the last good text rebuilds nothing, but says the site is good
    // again: open pages reload (which clears the problems) and the terminal says so.
    fs::write(
        &module,
        replace(&module, "titel: x", "title: Workshop served"),
    )
    .unwrap();
    serve.wait_for("Built in");
    next_event(&mut reader, "event: reload", "");
    next_event(&mut late, "event: reload", "");
    let mut fresh = events(port);
    fresh
        .get_mut()
        .set_read_timeout(Some(Duration::from_millis(300)))
        .unwrap();
    let mut first = String::new();
    let _ = fresh.read_line(&mut first);
    assert!(
        !first.contains("failed"),
        "a page opened after the undo is not shown the old problems: {first:?}"
    );
}

/// Connects to the event stream like an open page does, past the response headers.
fn events(port: u16) -> BufReader<TcpStream> {
    let mut events = TcpStream::connect(("127.0.0.1", port)).unwrap();
    events.set_read_timeout(Some(WAIT)).unwrap();
    write!(
        events,
        "GET /__jenjang/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(events);
    let mut line = String::new();
    while reader.read_line(&mut line).unwrap() > 0 && line != "\r\n" {
        line.clear();
    }
    reader
}

/// Reads events until one whose text holds `kind` and `text`.
fn next_event(reader: &mut BufReader<TcpStream>, kind: &str, text: &str) {
    let mut event = String::new();
    let mut line = String::new();
    loop {
        line.clear();
        assert!(
            reader.read_line(&mut line).unwrap() > 0,
            "the event stream ended before {kind:?}"
        );
        if line == "\n" || line == "\r\n" {
            if event.contains(kind) && event.contains(text) {
                return;
            }
            event.clear();
        } else {
            event.push_str(&line);
        }
    }
}

/// Breaking a file and then undoing the edit to the last good text is reported as good again
/// in the terminal, though it rebuilds nothing.
#[test]
fn watch_reports_an_undo_to_the_last_good_text() {
    let site = site();
    let root = site.path();
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("public");
    let (root_s, out_s) = (root.to_str().unwrap(), output.to_str().unwrap());
    let mut watch = Running::start(&["watch", "--root", root_s, "--output", out_s]);
    watch.wait_for("Built in");
    let module = root.join("content/modules/workshop.yaml");
    let good = read(&module);
    fs::write(
        &module,
        replace(&module, "title: Workshop", "titel: Workshop"),
    )
    .unwrap();
    watch.wait_for("unknown key `titel`");
    watch.wait_for("last good site");
    fs::write(&module, &good).unwrap();
    let line = watch.wait_for("Built in");
    assert!(line.contains("0 files written"), "{line}");
}

/// An output folder that jenjang refuses (here the site folder itself) stops `serve` and
/// `watch` with exit code 2 before anything is served or written.
#[test]
fn a_refused_output_folder_stops_serve_and_watch() {
    let site = site();
    let root = site.path().to_str().unwrap();
    for command in ["serve", "watch"] {
        let mut args = vec![command, "--root", root, "--output", root];
        if command == "serve" {
            args.extend(["--port", "0"]);
        }
        let mut running = Running::start(&args);
        running.wait_for("refusing to write the site");
        let deadline = Instant::now() + WAIT;
        let status = loop {
            if let Some(status) = running.child.try_wait().unwrap() {
                break status;
            }
            assert!(Instant::now() < deadline, "{command} did not stop");
            std::thread::sleep(POLL);
        };
        assert_eq!(status.code(), Some(2), "{command}");
        let _ = running.count_until_quiet("", Duration::from_millis(100));
        assert!(
            !running.seen.iter().any(|l| l.contains("Serving the site")),
            "{command} served: {:?}",
            running.seen
        );
    }
    // And `watch` stops the same way when site.yaml names a refused folder.
    let yaml = read(&site.path().join("site.yaml")) + "output: content/public\n";
    fs::write(site.path().join("site.yaml"), yaml).unwrap();
    let mut watch = Running::start(&["watch", "--root", root]);
    watch.wait_for("refusing to write the site");
    let deadline = Instant::now() + WAIT;
    while watch.child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "watch did not stop");
        std::thread::sleep(POLL);
    }
    assert_eq!(
        watch.child.try_wait().unwrap().and_then(|s| s.code()),
        Some(2)
    );
}

/// Renaming away or deleting a module or roadmap that another file refers to is an error under
/// `watch` (the last good site stays), and putting it back builds again: the references are
/// checked again although the file that holds them did not change.
#[test]
fn watch_rechecks_references_when_a_referenced_file_goes() {
    let site = site();
    let root = site.path();
    let before = root.join("content/roadmaps/before.yaml");
    fs::write(
        &before,
        "title: Before\nstages:\n  - id: prepare\n    title: Prepare\n    competencies: [skills]\n    next: [career/start]\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("public");
    let (root_s, out_s) = (root.to_str().unwrap(), output.to_str().unwrap());
    let mut watch = Running::start(&["watch", "--root", root_s, "--output", out_s]);
    watch.wait_for("Built in");
    let stage = output.join("roadmaps/career/start/index.html");
    let good = read(&stage);
    assert!(good.contains("workshop"), "the stage links its module");

    // The module a stage refers to is renamed away, then back.
    let module = root.join("content/modules/workshop.yaml");
    let renamed = root.join("content/modules/workshop-old.yaml");
    fs::rename(&module, &renamed).unwrap();
    watch.wait_for("no module `workshop`");
    watch.wait_for("last good site");
    assert_eq!(read(&stage), good);
    fs::rename(&renamed, &module).unwrap();
    watch.wait_for("Built in");
    eventually("the old module's page to go", || {
        !output.join("modules/workshop-old/index.html").exists()
    });

    // The roadmap another roadmap's stage leads into is deleted, then written again.
    let career = root.join("content/roadmaps/career.yaml");
    let text = read(&career);
    fs::remove_file(&career).unwrap();
    watch.wait_for("career/start");
    watch.wait_for("last good site");
    assert!(output.join("roadmaps/career/index.html").exists());
    fs::write(&career, text).unwrap();
    watch.wait_for("Built in");
    assert!(read(&output.join("roadmaps/before/index.html")).contains("career"));
}

/// A site broken from the start has no page yet: every address answers with a page that carries
/// the live-reload script, which is told the problems at once and reloads when the site builds.
#[test]
fn serve_of_a_site_broken_from_the_start_shows_the_problems() {
    let site = site();
    let root = site.path();
    let module = root.join("content/modules/workshop.yaml");
    fs::write(
        &module,
        replace(&module, "title: Workshop", "titel: Workshop"),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("public");
    let (root_s, out_s) = (root.to_str().unwrap(), output.to_str().unwrap());
    let (mut serve, port) = serve(&["--root", root_s, "--output", out_s]);
    serve.wait_for("last good site");
    let (status, body) = get(port, "/");
    assert_eq!(status, 404);
    assert!(body.contains("/__jenjang/live.js"), "{body}");
    let mut page = events(port);
    next_event(&mut page, "event: failed", "titel");
    fs::write(
        &module,
        replace(&module, "titel: Workshop", "title: Workshop"),
    )
    .unwrap();
    serve.wait_for("Built in");
    next_event(&mut page, "event: reload", "");
    assert_eq!(get(port, "/").0, 200);
}
