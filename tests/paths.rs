//! Paths stay inside: no id, setting, link, static file, theme file or template makes jenjang
//! read from outside the site or write outside the output folder, and a build killed at any
//! moment leaves either the old site or the new one.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{copy_site, read_tree, repo_root, Run};
use jenjang::diagnostics::Code;
use jenjang::resolve::Options;

const SITE: &str = "title: Paths\n";
const ROADMAP: &str = "title: Career\nstages:\n  - id: start\n    title: Start\n";

fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    site_at(dir.path(), files);
    dir
}

/// Writes `site.yaml` (unless `files` has one) and `files` into `root`.
fn site_at(root: &Path, files: &[(&str, &str)]) {
    if !files.iter().any(|(p, _)| *p == "site.yaml") {
        fs::create_dir_all(root).unwrap();
        fs::write(root.join("site.yaml"), SITE).unwrap();
    }
    for (path, text) in files {
        let path = root.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// Every output path is relative, plain (no `..`, no root, no backslash, no NUL) and stays
/// below the output folder.
fn assert_plain_outputs(outputs: &[jenjang::render::Output]) {
    for out in outputs {
        let path = Path::new(&out.path);
        assert!(
            !out.path.contains('\\') && !out.path.contains('\0') && !out.path.is_empty(),
            "{:?}",
            out.path
        );
        assert!(
            path.components().all(|c| matches!(c, Component::Normal(_))),
            "{:?} is not a plain relative path",
            out.path
        );
    }
}

#[test]
fn ids_cannot_make_paths() {
    // Ids that would be paths, as file names and inside files. Windows device names (`con`,
    // `nul`, `aux`, `com1`) are valid ids: they are ordinary names on the systems jenjang
    // builds on (see SECURITY.md).
    let bad_stage_ids = [
        "..", "../x", "/etc", "a/b", "a\\b", "C:", ".hidden", "a.b", "%2e%2e", "a b", "\u{0}",
    ];
    let stages: String = bad_stage_ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            format!(
                "  - {{id: {}, title: S{i}}}\n",
                serde_json::to_string(id).unwrap()
            )
        })
        .collect();
    let dir = site(&[
        (
            "content/roadmaps/evil.yaml",
            &format!("title: E\nstages:\n{stages}"),
        ),
        ("content/roadmaps/..yaml", ROADMAP),
        ("content/roadmaps/a..b.yaml", ROADMAP),
        ("content/roadmaps/Upper.yaml", ROADMAP),
        ("content/roadmaps/back\\slash.yaml", ROADMAP),
        (
            "content/pages/deep/er/index.md",
            "---\ntitle: Reserved\n---\n",
        ),
        ("content/pages/assets.md", "---\ntitle: Reserved\n---\n"),
    ]);
    let outcome = jenjang::run(dir.path(), Options::default());
    let id_errors: Vec<_> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error() && d.code == Code::Id)
        .collect();
    // Every bad stage id, three bad file names and two reserved page ids.
    assert!(
        id_errors.len() >= bad_stage_ids.len() + 3 + 2,
        "{:#?}",
        outcome.diagnostics
    );
    assert!(outcome.outputs.is_none());

    // Valid ids, including Windows device names, stay plain paths under the output.
    let dir = site(&[
        (
            "content/roadmaps/con.yaml",
            "title: C\nstages:\n  - {id: nul, title: N}\n  - {id: aux, title: A}\n  - {id: com1, title: C}\n",
        ),
        ("content/pages/prn.md", "---\ntitle: P\n---\n"),
    ]);
    let outcome = jenjang::run(dir.path(), Options::default());
    let outputs = outcome
        .outputs
        .unwrap_or_else(|| panic!("{:#?}", outcome.diagnostics));
    assert_plain_outputs(&outputs);
    assert!(outputs
        .iter()
        .any(|o| o.path == "roadmaps/con/nul/index.html"));
}

#[test]
fn settings_cannot_make_paths() {
    for (setting, code) in [
        ("languages: [en, \"../../x\"]", Code::Config),
        ("languages: [en, /etc]", Code::Config),
        ("language: \"..\"", Code::Config),
        ("theme: \"../../etc\"", Code::Config),
        ("theme: /etc", Code::Config),
    ] {
        let dir = site(&[
            ("site.yaml", &format!("title: T\n{setting}\n")),
            ("content/roadmaps/r.yaml", ROADMAP),
        ]);
        let outcome = jenjang::run(dir.path(), Options::default());
        assert!(
            outcome
                .diagnostics
                .iter()
                .any(|d| d.is_error() && d.code == code),
            "{setting}: {:#?}",
            outcome.diagnostics
        );
        assert!(outcome.outputs.is_none(), "{setting}");
    }
}

#[test]
fn static_files_come_only_from_inside_the_site() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("passwd"), "root:x:0:0:SECRET").unwrap();
    let dir = site(&[
        ("content/roadmaps/r.yaml", ROADMAP),
        ("content/static/ok.txt", "fine"),
    ]);
    let root = dir.path();
    symlink(
        outside.path().join("passwd"),
        root.join("content/static/passwd"),
    )
    .unwrap();
    symlink("/etc/passwd", root.join("content/static/etc-passwd")).unwrap();
    symlink(outside.path(), root.join("content/static/dir")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("public");
    let run = Run::build(root, &output, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!output.exists(), "nothing is written");
    for name in ["passwd", "etc-passwd", "dir"] {
        assert!(
            run.diagnostics
                .iter()
                .any(|d| d.code == "io" && d.location.as_deref().is_some_and(|l| l.contains(name))),
            "no io error for {name}: {}",
            run.stderr
        );
    }
    // Without the links the site builds, and the output holds nothing from outside.
    for name in ["passwd", "etc-passwd", "dir"] {
        fs::remove_file(root.join("content/static").join(name)).unwrap();
    }
    Run::build(root, &output, &[]).assert_code(0);
    let tree = read_tree(&output);
    assert!(tree.contains_key("ok.txt"));
    assert!(!tree.values().any(|b| b.windows(6).any(|w| w == b"SECRET")));
}

#[test]
fn theme_files_come_only_from_inside_the_theme_folder() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.txt"), "SECRET").unwrap();
    let dir = site(&[
        ("site.yaml", "title: T\ntheme: mine\n"),
        ("content/roadmaps/r.yaml", ROADMAP),
        ("themes/mine/static/own.css", "body{}"),
    ]);
    let root = dir.path();
    // Links inside the theme folder to files outside the site are refused, as in content/.
    symlink(
        outside.path().join("secret.txt"),
        root.join("themes/mine/static/secret.txt"),
    )
    .unwrap();
    symlink("/etc/passwd", root.join("themes/mine/templates.html")).unwrap();
    fs::create_dir_all(root.join("themes/mine/templates")).unwrap();
    symlink("/etc/passwd", root.join("themes/mine/templates/index.html")).unwrap();
    symlink(outside.path(), root.join("themes/mine/static/dir")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("public");
    let run = Run::build(root, &output, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    for link in [
        "themes/mine/static/dir",
        "themes/mine/static/secret.txt",
        "themes/mine/templates/index.html",
        "themes/mine/templates.html",
    ] {
        assert!(
            run.stderr
                .contains(&format!("in {link}\n = help: copy the file into the site")),
            "{link}: {}",
            run.stderr
        );
    }
    assert!(!output.exists());

    // A link that stays inside the site is followed.
    fs::remove_file(root.join("themes/mine/static/secret.txt")).unwrap();
    fs::remove_file(root.join("themes/mine/templates.html")).unwrap();
    fs::remove_file(root.join("themes/mine/templates/index.html")).unwrap();
    fs::remove_file(root.join("themes/mine/static/dir")).unwrap();
    symlink(
        root.join("themes/mine/static/own.css"),
        root.join("themes/mine/static/linked.css"),
    )
    .unwrap();
    let run = Run::build(root, &output, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let tree = read_tree(&output);
    assert!(tree.contains_key("assets/own.css"), "{:?}", tree.keys());
    assert_eq!(tree.get("assets/linked.css"), tree.get("assets/own.css"));
}

/// A theme folder that is itself a link to somewhere outside the site is refused: otherwise a
/// link `themes/default -> /` would make a build read every file on the machine and publish
/// the `static/` folder of the link's target.
#[test]
fn a_theme_folder_linking_outside_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    fs::create_dir_all(outside.path().join("static")).unwrap();
    fs::write(outside.path().join("static/secret.txt"), "SECRET").unwrap();
    let dir = site(&[
        ("site.yaml", "title: T\ntheme: linked\n"),
        ("content/roadmaps/r.yaml", ROADMAP),
    ]);
    fs::create_dir_all(dir.path().join("themes")).unwrap();
    symlink(outside.path(), dir.path().join("themes/linked")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("public");
    let run = Run::build(dir.path(), &output, &[]);
    assert_ne!(run.code, 0, "{}", run.stderr);
    assert!(!output.join("assets/secret.txt").exists());
}

#[test]
fn templates_cannot_include_files_outside_the_theme() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("x.html"), "<p>SECRET</p>").unwrap();
    let abs = outside.path().join("x.html");
    for include in [
        "{% include \"../../x.html\" %}".to_string(),
        format!("{{% include \"{}\" %}}", abs.display()),
        "{% include \"/etc/passwd\" %}".to_string(),
        "{% import \"../../../../../etc/passwd\" as m %}".to_string(),
        "{% extends \"../base.html\" %}".to_string(),
    ] {
        let dir = site(&[
            ("site.yaml", "title: T\ntheme: mine\n"),
            ("content/roadmaps/r.yaml", ROADMAP),
            ("content/pages/p.md", "---\ntitle: P\n---\nBody\n"),
            ("themes/mine/templates/page.html", &include),
            ("themes/x.html", "<p>SECRET</p>"),
        ]);
        let out = tempfile::tempdir().unwrap();
        let output = out.path().join("public");
        let run = Run::build(dir.path(), &output, &[]);
        assert_eq!(run.code, 1, "{include}: {}", run.stderr);
        assert!(
            run.diagnostics.iter().any(|d| d.code == "template"),
            "{include}: {}",
            run.stderr
        );
        assert!(!output.exists(), "{include}");
    }
}

#[test]
fn the_output_folder_is_never_the_site_or_above_it() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    site_at(&root, &[("content/roadmaps/r.yaml", ROADMAP)]);
    let foreign = tmp.path().join("documents");
    fs::create_dir_all(&foreign).unwrap();
    fs::write(foreign.join("thesis.odt"), "precious").unwrap();
    let file = tmp.path().join("a-file");
    fs::write(&file, "a file").unwrap();
    let refused = [
        root.clone(),
        root.join("."),
        tmp.path().to_path_buf(),
        root.join(".."),
        PathBuf::from("/"),
        root.join("content"),
        root.join("content/static/out"),
        root.join("themes/out"),
        foreign.clone(),
        file.clone(),
    ];
    for output in &refused {
        let run = Run::build(&root, output, &[]);
        assert_eq!(run.code, 2, "{}: {}", output.display(), run.stderr);
        assert!(
            run.diagnostics.iter().any(|d| d.code == "config"),
            "{}: {}",
            output.display(),
            run.stderr
        );
    }
    assert_eq!(
        fs::read_to_string(foreign.join("thesis.odt")).unwrap(),
        "precious"
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), "a file");
    assert!(root.join("site.yaml").exists() && root.join("content/roadmaps/r.yaml").exists());

    // Named on the command line, any new or jenjang-made folder is fine, inside or outside.
    for output in [tmp.path().join("elsewhere/public"), root.join("public")] {
        Run::build(&root, &output, &[]).assert_code(0);
        assert!(output.join(".jenjang-output").exists());
        Run::build(&root, &output, &[]).assert_code(0);
    }

    // The default output is inside the site.
    let run = Run::of(&["build", "--root", s(&root)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(root.join("public/index.html").exists());
}

/// `output:` in site.yaml is written by content authors, so it must stay inside the site:
/// only the command line (`--output`) may send the site elsewhere.
#[test]
fn site_yaml_output_stays_inside_the_site() {
    let tmp = tempfile::tempdir().unwrap();
    let absolute = tmp.path().join("absolute-output");
    for (n, output) in ["../elsewhere", s(&absolute), "public/../../x"]
        .iter()
        .enumerate()
    {
        let root = tmp.path().join(format!("site{n}"));
        site_at(
            &root,
            &[
                ("site.yaml", &format!("title: T\noutput: {output:?}\n")),
                ("content/roadmaps/r.yaml", ROADMAP),
            ],
        );
        let run = Run::of(&["build", "--root", s(&root)]);
        assert_ne!(run.code, 0, "output: {output} was accepted: {}", run.stderr);
        assert!(!tmp.path().join("elsewhere").exists());
        assert!(!absolute.exists());
        assert!(!tmp.path().join("x").exists());
    }
}

/// Builds the example site (twice, with different titles) and kills builds of it with SIGKILL
/// at random moments: the output is always exactly one complete build, and killed builds'
/// staging folders do not pile up.
#[test]
fn a_killed_build_leaves_the_old_site_or_the_new_one() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    copy_site(&repo_root(), &a);
    copy_site(&repo_root(), &b);
    let site_yaml = fs::read_to_string(b.join("site.yaml")).unwrap();
    let retitled = site_yaml.replacen("title:", "title: Killed", 1);
    assert_ne!(retitled, site_yaml);
    fs::write(b.join("site.yaml"), retitled).unwrap();
    fs::write(
        b.join("content/pages/only-in-b.md"),
        "---\ntitle: Only in B\n---\nA page the other build does not have.\n",
    )
    .unwrap();

    let out = tmp.path().join("out");
    fs::create_dir_all(&out).unwrap();
    let output = out.join("public");
    let build = |root: &Path| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_jenjang"));
        cmd.args([
            "build",
            "--quiet",
            "--root",
            s(root),
            "--output",
            s(&output),
        ])
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
        cmd
    };
    let started = Instant::now();
    assert!(build(&b).status().unwrap().success());
    let typical = started.elapsed();
    let tree_b = read_tree(&output);
    assert!(build(&a).status().unwrap().success());
    let tree_a = read_tree(&output);
    assert_ne!(tree_a, tree_b);

    let seed = std::env::var("JENJANG_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    let mut rng = seed;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let budget = Duration::from_secs(25);
    let limit = typical.mul_f64(1.5).max(Duration::from_millis(20));
    let (mut kills, mut old, mut new, mut max_leftovers) = (0, 0, 0, 0);
    let mut current_is_a = true;
    let loop_started = Instant::now();
    // At least 50 kills, more while time allows, and on until both outcomes have been seen.
    while kills < 200 && (kills < 50 || old == 0 || new == 0 || loop_started.elapsed() < budget) {
        let delay = Duration::from_micros(next() % (limit.as_micros() as u64 + 1));
        let (root, expected_new) = if current_is_a {
            (&b, &tree_b)
        } else {
            (&a, &tree_a)
        };
        let expected_old = if current_is_a { &tree_a } else { &tree_b };
        let before = staging_folders(&out);
        let mut child = build(root).spawn().unwrap();
        if kills % 2 == 0 {
            // Anywhere in the build.
            std::thread::sleep(delay);
        } else {
            // While the files are written: once the build's staging folder appears, within
            // the few milliseconds writing takes.
            let waiting = Instant::now();
            while staging_folders(&out) == before
                && child.try_wait().unwrap().is_none()
                && waiting.elapsed() < typical * 10
            {
                std::hint::spin_loop();
            }
            std::thread::sleep(Duration::from_micros(next() % 15_000));
        }
        let _ = child.kill();
        let _ = child.wait();
        kills += 1;
        let tree = read_tree(&output);
        if &tree == expected_new {
            new += 1;
            current_is_a = !current_is_a;
        } else if &tree == expected_old {
            old += 1;
        } else {
            let only: Vec<&String> = tree
                .keys()
                .filter(|k| !expected_old.contains_key(*k) && !expected_new.contains_key(*k))
                .collect();
            panic!(
                "after a kill at {delay:?} (seed {seed}) the output is neither build ({} files; unknown: {only:?})",
                tree.len()
            );
        }
        max_leftovers = max_leftovers.max(staging_folders(&out).len());
        assert!(
            staging_folders(&out).len() <= 1,
            "staging folders pile up (seed {seed}): {:?}",
            staging_folders(&out)
        );
    }
    // A test of kills that all fell before the swap (or all after it) proves nothing about
    // the moment in between.
    assert!(
        old > 0 && new > 0,
        "{kills} kills (seed {seed}) left the old site {old} times and the new one {new} times: both must occur"
    );
    // A build that finishes removes what killed builds left.
    assert!(build(&a).status().unwrap().success());
    assert_eq!(read_tree(&output), tree_a);
    assert_eq!(staging_folders(&out), Vec::<String>::new());
    eprintln!(
        "kill test: {kills} kills (seed {seed}; half at 0–{limit:?}, half 0–15 ms into writing; a build takes {typical:?}): \
         {old} left the old site, {new} the new one; at most {max_leftovers} staging folder(s) \
         left between builds; {:?} in all",
        loop_started.elapsed()
    );
}

/// The names of staging folders beside the output.
fn staging_folders(parent: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public.jenjang-"))
        .collect();
    names.sort();
    names
}

/// A tmpfs mounted for one test, unmounted when dropped.
struct Mount(PathBuf);

impl Mount {
    fn new(dir: &Path, options: &str) -> Option<Mount> {
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs", s(dir)])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Mount(dir.to_path_buf()))
    }

    fn remount(&self, options: &str) -> bool {
        Command::new("mount")
            .args(["-o", &format!("remount,{options}"), s(&self.0)])
            .status()
            .is_ok_and(|s| s.success())
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn write_errors_keep_the_old_site() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_site(&repo_root(), &root);
    // How big a build is.
    let probe = tmp.path().join("probe");
    Run::build(&root, &probe, &[]).assert_code(0);
    let size: u64 = read_tree(&probe)
        .values()
        .map(|b| b.len() as u64 + 4096)
        .sum();

    let disk = tmp.path().join("disk");
    fs::create_dir_all(&disk).unwrap();
    // Room for one build, not two.
    let Some(mount) = Mount::new(&disk, &format!("size={}k", size * 3 / 2 / 1024)) else {
        eprintln!("SKIPPED: cannot mount a tmpfs here (needs root and mount permission)");
        return;
    };
    let output = disk.join("public");
    Run::build(&root, &output, &[]).assert_code(0);
    let before = read_tree(&output);

    // A second build does not fit: an io error, and the old site stays whole.
    let page = "---\ntitle: Filler\n---\n".to_string() + &"filler text ".repeat(20_000);
    fs::write(root.join("content/pages/filler.md"), &page).unwrap();
    let run = Run::build(&root, &output, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.diagnostics.iter().any(|d| d.code == "io"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("previous site is unchanged"),
        "{}",
        run.stderr
    );
    assert_eq!(read_tree(&output), before);

    // Read-only: an io error, the old site stays.
    fs::remove_file(root.join("content/pages/filler.md")).unwrap();
    fs::write(
        root.join("site.yaml"),
        fs::read_to_string(root.join("site.yaml"))
            .unwrap()
            .replacen("title:", "title: New", 1),
    )
    .unwrap();
    if mount.remount("ro") {
        let run = Run::build(&root, &output, &[]);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(
            run.diagnostics.iter().any(|d| d.code == "io"),
            "{}",
            run.stderr
        );
        assert_eq!(read_tree(&output), before);
        mount.remount("rw");
    }
    let leftovers: BTreeMap<String, ()> = fs::read_dir(&disk)
        .unwrap()
        .map(|e| (e.unwrap().file_name().to_string_lossy().into_owned(), ()))
        .collect();
    assert_eq!(
        leftovers.keys().collect::<Vec<_>>(),
        ["public"],
        "no staging folder stays"
    );
}
