//! `jenjang serve`: build, watch, and serve the site locally with live reload.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

use jenjang::diagnostics::{Code, Diagnostic};
use jenjang::rebuild::Rebuilder;
use jenjang::resolve::Options;
use jenjang::serve::server::{self, Notice};
use jenjang::serve::{rebuild_forever, watch::Watch};

#[derive(clap::Args)]
pub struct Args {
    /// The site folder (the one holding site.yaml)
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site [default: a temporary folder, removed on exit]
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// The address to listen on (loopback by default: only this computer can connect)
    #[arg(long, value_name = "ADDR", default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    pub bind: IpAddr,
    /// The port; if it is taken, a free one is chosen and printed
    #[arg(long, short, default_value_t = 1111)]
    pub port: u16,
    /// Open the site in the default browser
    #[arg(long)]
    pub open: bool,
    /// Treat warnings as errors: they are reported as errors, and the site is not rebuilt while there is any
    #[arg(long)]
    pub strict: bool,
    /// Print only problems, not a line per rebuild
    #[arg(long, short)]
    pub quiet: bool,
    /// After each rebuild, print how long each phase took
    #[arg(long)]
    pub timings: bool,
}

pub fn run(args: Args) -> ExitCode {
    let io_error = |d: Diagnostic| {
        super::print_diagnostics(&[d], &Default::default());
        ExitCode::from(super::EXIT_IO)
    };
    let temporary = match &args.output {
        Some(_) => None,
        None => match tempfile::Builder::new().prefix("jenjang-serve-").tempdir() {
            Ok(t) => Some(t),
            Err(e) => {
                return io_error(Diagnostic::error(
                    Code::Io,
                    format!("cannot create a temporary folder: {e}"),
                ))
            }
        },
    };
    let output = match (&args.output, &temporary) {
        (Some(o), _) => o.clone(),
        (None, Some(t)) => t.path().join("site"),
        (None, None) => unreachable!("a temporary folder exists when no output is given"),
    };
    if let Err(d) = jenjang::write::check_output(&args.root, &output) {
        return io_error(d);
    }
    let mut watch = match Watch::start(&args.root) {
        Ok(w) => w,
        Err(d) => return io_error(d),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            return io_error(Diagnostic::error(
                Code::Io,
                format!("cannot start the server: {e}"),
            ))
        }
    };
    let listener = match runtime.block_on(server::bind(SocketAddr::new(args.bind, args.port))) {
        Ok(l) => l,
        Err(e) => {
            return io_error(
                Diagnostic::error(
                    Code::Io,
                    format!("cannot listen on {}:{}: {e}", args.bind, args.port),
                )
                .hint("choose another address with --bind or port with --port"),
            )
        }
    };
    let address = listener.local_addr().map_or_else(
        |_| format!("{}:{}", args.bind, args.port),
        |a| a.to_string(),
    );
    let url = format!("http://{address}/");

    let live = server::Live::default();
    let sender = live.clone();
    let refused = std::sync::Arc::new(tokio::sync::Notify::new());
    let on_refusal = refused.clone();
    let mut rebuilder = Rebuilder::new(
        &args.root,
        Some(output.clone()),
        Options {
            strict: args.strict,
        },
    );
    let quiet = args.quiet;
    let timings = args.timings;
    std::thread::spawn(move || {
        rebuild_forever(&mut rebuilder, &mut watch, |report, _| {
            super::print_report(report, quiet, timings);
            sender.send(if report.success {
                Notice::Reload
            } else {
                Notice::Failed(super::plain_diagnostics(report))
            });
        });
        on_refusal.notify_one();
    });

    eprintln!("Serving the site at {url} (press Ctrl-C to stop)");
    if args.open {
        if let Err(e) = opener::open_browser(&url) {
            eprintln!("Could not open a browser ({e}); open {url} yourself.");
        }
    }
    let app = server::router(output, live);
    let stopped_by_refusal = runtime.block_on(async {
        let was_refused = std::sync::atomic::AtomicBool::new(false);
        let stop = async {
            tokio::select! {
                () = shutdown_signal() => {}
                () = refused.notified() => was_refused.store(true, std::sync::atomic::Ordering::Relaxed),
            }
        };
        server::serve(listener, app, stop).await;
        was_refused.into_inner()
    });
    drop(temporary);
    if stopped_by_refusal {
        eprintln!("Stopped: the output folder is refused.");
        return ExitCode::from(super::EXIT_IO);
    }
    eprintln!("Stopped.");
    ExitCode::SUCCESS
}

/// Resolves on Ctrl-C, or on SIGTERM where there is one.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(_) => {
                    let _ = tokio::signal::ctrl_c().await;
                    return;
                }
            };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
