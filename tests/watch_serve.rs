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

#[test]
fn a_burst_of_changes_gives_one_rebuild() {
    let site = site();
    let root = site.path();
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("public");
    let (root_s, out_s) = (root.to_str().unwrap(), output.to_str().unwrap());
    let mut watch = Running::start(&["watch", "--root", root_s, "--output", out_s]);
    watch.wait_for("Built in");
    // Like a `git pull`: several files written in quick succession.
    for i in 0..10 {
        fs::write(
            root.join(format!("content/pages/burst-{i}.md")),
            format!("---\ntitle: Burst {i}\n---\n"),
        )
        .unwrap();
    }
    watch.wait_for("Built in");
    let more = watch.count_until_quiet("Built in", Duration::from_millis(500));
    assert_eq!(
        more,
        0,
        "one rebuild for the burst; output:\n{}",
        watch.seen.join("\n")
    );
    for i in 0..10 {
        assert!(output.join(format!("burst-{i}/index.html")).exists());
    }
}

/// A free port on loopback (the kernel picks it; it is released before the server binds it).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
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
    let port = free_port();
    let port_s = port.to_string();
    let (root_s, out_s) = (root.to_str().unwrap(), output.to_str().unwrap());
    let mut serve = Running::start(&[
        "serve", "--root", root_s, "--output", out_s, "--port", &port_s,
    ]);
    serve.wait_for("Serving the site at");
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
    let mut failed = String::new();
    while !(failed.contains("event: failed") && failed.contains("titel")) {
        line.clear();
        assert!(
            reader.read_line(&mut line).unwrap() > 0,
            "the event stream ended"
        );
        failed.push_str(&line);
    }
}
