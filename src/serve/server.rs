//! The development server: serves the output folder on loopback, injects the live-reload
//! script into HTML responses (never into built files), and pushes "reload" or the build's
//! diagnostics to every open page over server-sent events.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::{Stream, StreamExt};

/// The path the live-reload script is served at.
pub const LIVE_JS: &str = "/__jenjang/live.js";
/// The path of the event stream.
pub const EVENTS: &str = "/__jenjang/events";

/// The page served for every address while the output folder holds no site yet.
const NO_SITE_YET: &str = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not built yet</title></head>\n<body><p>The site has not been built yet: the problems are shown in the terminal, and here as soon as this page is connected.</p></body></html>\n";

/// What the watcher tells open pages.
#[derive(Debug, Clone)]
pub enum Notice {
    /// A build succeeded: reload.
    Reload,
    /// A build failed: show these diagnostics (plain text) over the page.
    Failed(String),
}

/// Tells open pages what each build did, and remembers whether the last build failed, so that
/// a page opened (or reloaded) while the site is broken shows the problems too.
#[derive(Debug, Clone)]
pub struct Live {
    notices: broadcast::Sender<Notice>,
    /// The diagnostics of the last build, when it failed.
    failed: Arc<Mutex<Option<String>>>,
}

impl Default for Live {
    fn default() -> Live {
        Live {
            notices: broadcast::channel(16).0,
            failed: Arc::default(),
        }
    }
}

impl Live {
    /// Sends `notice` to every open page and keeps it for pages opened later.
    pub fn send(&self, notice: Notice) {
        *self.failed.lock().unwrap_or_else(|e| e.into_inner()) = match &notice {
            Notice::Reload => None,
            Notice::Failed(text) => Some(text.clone()),
        };
        let _ = self.notices.send(notice);
    }

    /// The notices from now on, after the last build's failure if it failed.
    fn subscribe(&self) -> (Option<Notice>, broadcast::Receiver<Notice>) {
        let receiver = self.notices.subscribe();
        let failed = self
            .failed
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        (failed.map(Notice::Failed), receiver)
    }
}

#[derive(Clone)]
struct AppState {
    root: PathBuf,
    live: Live,
}

/// The router serving `root` (the output folder) and the live-reload endpoints.
pub fn router(root: PathBuf, live: Live) -> Router {
    Router::new()
        .route(LIVE_JS, get(live_js))
        .route(EVENTS, get(events))
        .fallback(get(file))
        .with_state(AppState { root, live })
}

/// How long a client may take to send a request's headers, and how long a kept-alive
/// connection may wait for its next request, before the server closes it: a client that
/// connects and sends nothing (or a byte a minute) does not hold a connection for ever.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(5);

/// Serves `app` on `listener` (HTTP/1.1) until `shutdown` resolves. Each connection is its own
/// task; failed connections are dropped, and when accepting fails (too many open files) the
/// server waits a moment and goes on.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()>,
) {
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => return,
        };
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT);
            // A client that goes away or sends garbage ends its own connection, nothing more.
            let _ = http.serve_connection(TokioIo::new(stream), service).await;
        });
    }
}

/// Binds `addr`; when its port is taken, lets the system choose a free one on the same address.
pub async fn bind(addr: SocketAddr) -> std::io::Result<tokio::net::TcpListener> {
    match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => Ok(l),
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            tokio::net::TcpListener::bind(SocketAddr::new(addr.ip(), 0)).await
        }
        Err(e) => Err(e),
    }
}

async fn live_js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        include_str!("live.js"),
    )
}

async fn events(
    State(state): State<AppState>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let (now, later) = state.live.subscribe();
    let stream = tokio_stream::iter(now.map(Ok))
        .chain(BroadcastStream::new(later))
        .filter_map(|notice| match notice {
            Ok(Notice::Reload) => Some(Ok(Event::default().event("reload").data("ok"))),
            Ok(Notice::Failed(text)) => Some(Ok(Event::default().event("failed").data(text))),
            Err(_) => None,
        });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

async fn file(State(state): State<AppState>, request: Request<Body>) -> Response {
    let raw = request.uri().path();
    let Some(rel) = safe_path(raw) else {
        return not_found(&state.root).await;
    };
    let mut path = state.root.join(&rel);
    if tokio::fs::metadata(&path).await.is_ok_and(|m| m.is_dir()) {
        if !raw.ends_with('/') {
            return Response::builder()
                .status(StatusCode::MOVED_PERMANENTLY)
                .header(header::LOCATION, format!("{raw}/"))
                .body(Body::empty())
                .expect("valid response");
        }
        path = path.join("index.html");
    }
    match tokio::fs::read(&path).await {
        Ok(bytes) => respond(StatusCode::OK, &path, bytes),
        Err(_) => not_found(&state.root).await,
    }
}

async fn not_found(root: &Path) -> Response {
    let page = root.join("404.html");
    match tokio::fs::read(&page).await {
        Ok(bytes) => respond(StatusCode::NOT_FOUND, &page, bytes),
        // No site yet (the first build failed): a page that still carries the live-reload
        // script, so that it shows the build's problems and reloads once the site builds.
        Err(_) => respond(
            StatusCode::NOT_FOUND,
            Path::new("404.html"),
            NO_SITE_YET.as_bytes().to_vec(),
        ),
    }
}

fn respond(status: StatusCode, path: &Path, bytes: Vec<u8>) -> Response {
    let kind = content_type(path);
    let body = if kind.starts_with("text/html") {
        inject(bytes)
    } else {
        bytes
    };
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, HeaderValue::from_static(kind))
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::from(body))
        .expect("valid response")
}

/// Adds the live-reload script before `</body>` (or at the end).
fn inject(html: Vec<u8>) -> Vec<u8> {
    let tag = format!("<script src=\"{LIVE_JS}\"></script>");
    let text = String::from_utf8_lossy(&html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

/// The path below the output folder a request names, or `None` when it would leave the folder
/// or is not a plain path: `..`, percent-encoded dots or slashes that decode to `..`,
/// backslashes, NUL bytes and absolute paths are refused.
pub fn safe_path(raw: &str) -> Option<PathBuf> {
    let decoded = percent_decode(raw)?;
    if decoded.contains('\0') || decoded.contains('\\') {
        return None;
    }
    let mut out = PathBuf::new();
    for component in Path::new(decoded.trim_start_matches('/')).components() {
        match component {
            Component::Normal(c) => out.push(c),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(out)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The content type for a file, by its extension.
pub fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("txt") => "text/plain; charset=utf-8",
        Some("csv") => "text/csv; charset=utf-8",
        Some("ics") => "text/calendar; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("pdf") => "application/pdf",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_that_leave_the_folder() {
        assert_eq!(safe_path("/roadmaps/x/"), Some(PathBuf::from("roadmaps/x")));
        assert_eq!(safe_path("/"), Some(PathBuf::new()));
        for bad in [
            "/../etc/passwd",
            "/a/../../x",
            "/%2e%2e/secret",
            "/%2E%2E%2Fsecret",
            "/a\\..\\b",
            "/a%00b",
            "/a%5c..%5cb",
            "/%zz",
        ] {
            assert_eq!(safe_path(bad), None, "{bad}");
        }
        assert_eq!(safe_path("//etc/passwd"), Some(PathBuf::from("etc/passwd")));
    }

    #[test]
    fn injects_before_body_end() {
        let out = String::from_utf8(inject(b"<html><body>x</body></html>".to_vec())).unwrap();
        assert!(
            out.contains("x<script src=\"/__jenjang/live.js\"></script></body>"),
            "{out}"
        );
    }

    #[test]
    fn content_types() {
        assert_eq!(
            content_type(Path::new("a/index.html")),
            "text/html; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("a.SVG")), "image/svg+xml");
    }
}
