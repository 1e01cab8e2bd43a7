//! The development server refuses every path that would leave the output folder, answers
//! unknown paths with the site's 404 page, lists no folders, and keeps answering after hostile
//! requests. Requests are written by hand over a `TcpStream`, so that nothing normalises them on
//! the way.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const SECRET: &str = "TOP-SECRET-beside-the-output";

/// `jenjang serve` running on a temporary site; killed when dropped.
struct Server {
    child: Child,
    address: String,
    _dir: tempfile::TempDir,
    output: std::path::PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `jenjang serve` on a port the system chooses and waits for its first build. A server
/// that does not start fails the test: these tests must never pass without one.
fn start() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    fs::create_dir_all(root.join("content/roadmaps")).unwrap();
    fs::create_dir_all(root.join("content/pages")).unwrap();
    fs::write(root.join("site.yaml"), "title: Served site\n").unwrap();
    fs::write(
        root.join("content/roadmaps/career.yaml"),
        "title: Career\nstages:\n  - id: start\n    title: Start\n",
    )
    .unwrap();
    fs::write(
        root.join("content/pages/about.md"),
        "---\ntitle: About\n---\nHello.\n",
    )
    .unwrap();
    fs::write(root.join("secret.txt"), SECRET).unwrap();
    fs::write(dir.path().join("secret.txt"), SECRET).unwrap();
    let output = dir.path().join("out/site");
    fs::create_dir_all(output.parent().unwrap()).unwrap();
    fs::write(dir.path().join("out/secret.txt"), SECRET).unwrap();

    let mut child = Command::new(env!("CARGO_BIN_EXE_jenjang"))
        .args([
            "serve",
            "--quiet",
            "--root",
            root.to_str().unwrap(),
            "--output",
            output.to_str().unwrap(),
            "--port",
            "0",
        ])
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("jenjang serve starts");
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let started = Instant::now();
    let mut address = None;
    let mut seen = Vec::new();
    while started.elapsed() < Duration::from_secs(30) {
        match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(line) => {
                if let Some(rest) = line.split("http://").nth(1) {
                    address = rest.split('/').next().map(str::to_string);
                    break;
                }
                seen.push(line);
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    let Some(address) = address else {
        let _ = child.kill();
        let _ = child.wait();
        panic!(
            "`jenjang serve` did not start listening within 30 s; it printed:\n{}",
            seen.join("\n")
        );
    };
    let server = Server {
        child,
        address,
        _dir: dir,
        output,
    };
    // Wait for the first build.
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(60) {
        if server.output.join("404.html").exists()
            && get(&server, "/").is_some_and(|r| r.status == 200)
        {
            return server;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("the first build was not served within 60 s");
}

struct Response {
    status: u16,
    head: String,
    body: Vec<u8>,
}

/// Sends `request` (a raw request line and headers) and reads the whole response.
fn raw(server: &Server, request: &[u8]) -> Option<Response> {
    let mut stream = TcpStream::connect(&server.address).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(3))).ok()?;
    stream
        .set_write_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    stream.write_all(request).ok()?;
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    let split = bytes.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
    let status = head.split_whitespace().nth(1)?.parse().ok()?;
    Some(Response {
        status,
        head,
        body: bytes[split + 4..].to_vec(),
    })
}

fn get(server: &Server, path: &str) -> Option<Response> {
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.address
    );
    raw(server, request.as_bytes())
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn paths_never_leave_the_output_folder() {
    let server = start();
    let long = format!("/{}", "a/".repeat(40_000));
    let long_dots = format!("/{}secret.txt", "../".repeat(10_000));
    let hostile: Vec<String> = [
        "/../secret.txt",
        "/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/secret.txt",
        "/%2e%2e%2fsecret.txt",
        "/..%2Fsecret.txt",
        "/..%2f..%2fsecret.txt",
        "/assets/../../secret.txt",
        "/assets/%2e%2e/%2e%2e/secret.txt",
        "/%252e%252e/secret.txt",
        "/..%5csecret.txt",
        "/%5c..%5c..%5csecret.txt",
        "/..\\..\\secret.txt",
        "/%00",
        "/index.html%00.txt",
        "/secret.txt%00",
        "//etc/passwd",
        "/etc/passwd",
        "///..//..//secret.txt",
        "/%c0%ae%c0%ae/secret.txt",
        "/%e0%80%ae%e0%80%ae/secret.txt",
        "/.%2e/secret.txt",
        "/%",
        "/%zz",
        "/%2",
        "http://127.0.0.1/../secret.txt",
        "../secret.txt",
        "*",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([long, long_dots])
    .collect();
    let not_found = fs::read(server.output.join("404.html")).unwrap();
    for path in &hostile {
        let response = get(&server, path);
        let Some(response) = response else {
            // The connection was closed without an answer (hyper refuses some request lines):
            // nothing was served.
            continue;
        };
        assert!(
            !contains(&response.body, SECRET) && !contains(&response.body, "root:x:0:0"),
            "{path:.80}: served a file from outside the output"
        );
        assert!(
            (400..500).contains(&response.status),
            "{path:.80}: status {}\n{}",
            response.status,
            response.head
        );
        if response.status == 404 {
            // The site's own 404 page (with the live-reload script added).
            assert!(
                contains(&response.body, &String::from_utf8_lossy(&not_found[..200])),
                "{path:.80}: not the site's 404 page"
            );
        }
    }
    // A NUL and raw control characters in the request line.
    for request in [
        &b"GET /\0/../secret.txt HTTP/1.1\r\nConnection: close\r\n\r\n"[..],
        b"GET /\x01../secret.txt HTTP/1.1\r\nConnection: close\r\n\r\n",
        b"GET /../secret.txt HTTP/1.0\r\n\r\n",
    ] {
        if let Some(response) = raw(&server, request) {
            assert!(!contains(&response.body, SECRET));
            assert!(response.status >= 400, "{}", response.head);
        }
    }
    // Still answering.
    let home = get(&server, "/").expect("the server still answers");
    assert_eq!(home.status, 200);
    assert!(contains(&home.body, "Served site"));
}

#[test]
fn unknown_paths_get_the_404_page_and_folders_are_not_listed() {
    let server = start();
    let not_found = fs::read_to_string(server.output.join("404.html")).unwrap();
    for path in [
        "/nothing-here",
        "/roadmaps/nope/",
        "/assets/nope.css",
        "/index.htm",
    ] {
        let r = get(&server, path).unwrap();
        assert_eq!(r.status, 404, "{path}");
        assert!(
            r.head
                .to_ascii_lowercase()
                .contains("content-type: text/html"),
            "{path}"
        );
        assert!(contains(&r.body, &not_found[..200]), "{path}");
    }
    // A folder without index.html (the theme's assets) is not listed.
    assert!(server.output.join("assets").is_dir());
    assert!(!server.output.join("assets/index.html").exists());
    let is_404_page =
        |r: &Response| contains(&r.body, &not_found[..200]) && r.body.len() < not_found.len() + 200;
    let r = get(&server, "/assets/").unwrap();
    assert_eq!(r.status, 404);
    assert!(is_404_page(&r), "a listing of assets/?");
    // Without the slash: a redirect to the folder, never a listing.
    let r = get(&server, "/assets").unwrap();
    assert!(matches!(r.status, 301 | 404), "{}", r.head);
    assert!(r.status == 301 && r.body.is_empty() || is_404_page(&r));
    // Known pages are served.
    assert_eq!(get(&server, "/roadmaps/career/").unwrap().status, 200);
    assert_eq!(get(&server, "/about/index.html").unwrap().status, 200);
}

#[test]
fn slow_and_broken_clients_do_not_stop_the_server() {
    let server = start();
    // Connections that send half a request and stay open, garbage, and huge headers.
    let mut idle = Vec::new();
    for _ in 0..50 {
        if let Ok(mut s) = TcpStream::connect(&server.address) {
            let _ = s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n");
            idle.push(s);
        }
    }
    for request in [
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03".to_vec(),
        b"NOTAMETHOD / HTTP/1.1\r\n\r\n".to_vec(),
        format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(1 << 20)).into_bytes(),
        format!("GET / HTTP/1.1\r\n{}\r\n", "H: v\r\n".repeat(10_000)).into_bytes(),
    ] {
        if let Some(r) = raw(&server, &request) {
            assert!(r.status >= 400, "{}", r.head);
        }
    }
    // A hang guard, not a time budget: the server answers at once, and `raw`'s read timeout
    // already bounds the wait.
    let started = Instant::now();
    let home = get(&server, "/").expect("the server still answers");
    assert_eq!(home.status, 200);
    assert!(started.elapsed() < Duration::from_secs(30));
    drop(idle);
}

/// A client that connects and then sends nothing, or stops halfway through its headers, is
/// disconnected after `HEADER_TIMEOUT` (5 s), so idle connections cannot pile up; a kept-alive
/// connection is closed the same way once it has waited that long for its next request.
#[test]
fn idle_connections_are_closed() {
    let server = start();
    let timeout = jenjang::serve::server::HEADER_TIMEOUT;
    let silent = TcpStream::connect(&server.address).unwrap();
    let mut half = TcpStream::connect(&server.address).unwrap();
    half.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
    let mut kept = TcpStream::connect(&server.address).unwrap();
    kept.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let started = Instant::now();
    for (name, mut stream) in [("silent", silent), ("half", half), ("kept alive", kept)] {
        stream
            .set_read_timeout(Some(timeout + Duration::from_secs(10)))
            .unwrap();
        let mut received = Vec::new();
        // Ends with Ok when the server closes the connection; a read timeout is an error.
        stream
            .read_to_end(&mut received)
            .unwrap_or_else(|e| panic!("{name}: the server kept the connection: {e}"));
        if name == "kept alive" {
            assert!(received.starts_with(b"HTTP/1.1 200"), "{name}");
        }
    }
    let took = started.elapsed();
    assert!(took >= timeout - Duration::from_millis(500), "{took:?}");
    assert_eq!(get(&server, "/").unwrap().status, 200);
}
