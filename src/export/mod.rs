//! Exports: the resolved site in formats other tools read.
//!
//! Every function here is pure: it takes a [`Site`] (and a language code) and returns bytes or
//! a JSON value. Nothing
//! reads the clock or the disk, so the same input always gives byte-for-byte the same output.
//!
//! | export | path | module |
//! |---|---|---|
//! | the whole model as JSON | `data.json` | [`data`] |
//! | a CASE 1.1 `CFPackage` per framework | `competencies/<f>/case.json` | [`case`] |
//! | a Moodle competency framework CSV per framework | `competencies/<f>/moodle.csv` | [`moodle`] |
//! | an iCalendar schedule per module with a start date | `modules/<m>/schedule.ics` | [`ics`] |
//! | schema.org JSON-LD for pages | (embedded in pages) | [`jsonld`] |
//!
//! Paths of language-specific exports sit under the language's folder (`id/…`) for every
//! language but the default, as pages do. `docs/exports.md` documents every format.

pub mod case;
pub mod data;
pub mod ics;
mod ids;
pub mod jsonld;
pub mod moodle;

pub use crate::markdown::html_to_text;
pub use crate::model::Date;
pub use ids::Ids;

use std::sync::Mutex;

use rayon::prelude::*;

use crate::model::Site;

/// One exported file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// Relative to the output folder, `/`-separated (`competencies/teacher-competencies/case.json`).
    pub path: String,
    /// The file's content.
    pub bytes: Vec<u8>,
}

/// The date exports carry as "last changed": `updated:` from `site.yaml`, else the fixed
/// [`Date::EPOCH`], so that builds never depend on the clock.
fn updated(site: &Site) -> Date {
    site.config.updated.unwrap_or(Date::EPOCH)
}

/// Every export of the site: `data.json`, then [`localized`] for every language. Sorted by
/// path.
pub fn all(site: &Site) -> Vec<File> {
    let files = Mutex::new(Vec::new());
    let _ = each::<()>(site, &|f| {
        files.lock().expect("no thread panicked").push(f);
        Ok(())
    });
    let mut files = files.into_inner().expect("no thread panicked");
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// The files of [`all`], each handed to `sink` as soon as it is made (from several threads,
/// in no particular order) rather than collected. Stops at the first error `sink` returns
/// (files being made meanwhile are still handed over) and returns it.
pub fn each<E: Send>(site: &Site, sink: &(dyn Fn(File) -> Result<(), E> + Sync)) -> Result<(), E> {
    let (data, localized) = rayon::join(
        || sink(data::file(site)),
        || localized_each_language(site, sink),
    );
    data.and(localized)
}

/// The files of [`each`] but `data.json` (which [`data::write`] can write without holding it),
/// in every language.
pub fn localized_each_language<E: Send>(
    site: &Site,
    sink: &(dyn Fn(File) -> Result<(), E> + Sync),
) -> Result<(), E> {
    site.config
        .languages
        .par_iter()
        .try_for_each(|lang| localized_each(site, lang, sink))
}

/// The exports written in one language: a CASE package and a Moodle CSV per framework, and
/// a schedule for every module with a cohort start date (and units). Paths are under the
/// language's folder unless `lang` is the default language. Sorted by path.
pub fn localized(site: &Site, lang: &str) -> Vec<File> {
    let files = Mutex::new(Vec::new());
    let _ = localized_each::<()>(site, lang, &|f| {
        files.lock().expect("no thread panicked").push(f);
        Ok(())
    });
    let mut files = files.into_inner().expect("no thread panicked");
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// The files of [`localized`], each handed to `sink` as soon as it is made.
fn localized_each<E: Send>(
    site: &Site,
    lang: &str,
    sink: &(dyn Fn(File) -> Result<(), E> + Sync),
) -> Result<(), E> {
    (0..site.frameworks.len())
        .into_par_iter()
        .try_for_each(|f| {
            sink(case::file(site, f, lang))?;
            sink(moodle::file(site, f, lang))
        })?;
    for (m, module) in site.modules.iter().enumerate() {
        if let Some(start) = module.cohort_start {
            if let Some(file) = ics::file(site, m, lang, start) {
                sink(file)?;
            }
        }
    }
    Ok(())
}

/// The folder of `lang`'s pages: `""` for the default language, else `<lang>/`.
pub fn lang_prefix(site: &Site, lang: &str) -> String {
    if lang == site.config.language {
        String::new()
    } else {
        format!("{lang}/")
    }
}

/// The absolute URL of a site path (`competencies/f/case.json`) when the site has a
/// `base_url`.
fn absolute(site: &Site, path: &str) -> Option<String> {
    site.config
        .base_url
        .as_ref()
        .map(|base| format!("{base}{path}"))
}

#[cfg(test)]
pub(crate) mod fixture {
    //! A small site built in code, for the unit tests of every export.

    use std::path::PathBuf;

    use crate::model::*;

    fn text(s: &str) -> Text {
        Localized::plain(s)
    }

    fn html(s: &str) -> Html {
        Localized::plain(format!("<p>{s}</p>\n"))
    }

    fn summary(s: &str) -> Summary {
        Summary {
            html: html(s),
            plain: text(s),
        }
    }

    fn checklist(key: &str, ids: &[&str]) -> Checklist {
        Checklist {
            key: key.to_string(),
            items: ids
                .iter()
                .map(|id| Item {
                    id: id.to_string(),
                    explicit_id: true,
                    text: text(&format!("Do {id}")),
                    required: true,
                    weight: 1.0,
                    evidence: None,
                    competencies: Vec::new(),
                    description: None,
                    resources: Vec::new(),
                    items: Vec::new(),
                    choose: None,
                })
                .collect(),
        }
    }

    fn competency(
        id: &str,
        title: &str,
        parent: Option<usize>,
        children: Vec<usize>,
        depth: usize,
    ) -> Competency {
        Competency {
            id: id.to_string(),
            title: text(title),
            code: None,
            kind: None,
            source_id: None,
            summary: Some(summary(&format!("About {title}."))),
            description: None,
            gap: None,
            indicators: vec![Indicator {
                id: format!("{id}-shows"),
                text: text(&format!("Shows {title}")),
            }],
            descriptors: vec![Some(html(&format!("{title}, basic"))), None],
            parent,
            children,
            depth,
            developed_by: vec![],
            evidenced_by: vec![],
        }
    }

    /// A site with one framework (a root with a child, and a second root), one module of two
    /// units, one roadmap of two stages, one scale and one page; in English and Indonesian.
    pub fn site() -> Site {
        let mut title = text("Care & <Teach>");
        title.translations.insert("id".into(), "Asuh & Ajar".into());
        let mut teaching = competency("teaching", "Teaching", None, vec![1], 0);
        teaching.description = Some(html("Teaching well, <em>always</em>."));
        teaching
            .title
            .translations
            .insert("id".into(), "Mengajar".into());
        teaching.developed_by = vec![Development {
            by: Developer::Module { module: 0 },
            level: Some(0),
        }];
        let framework = Framework {
            id: "skills".into(),
            file: PathBuf::from("content/competencies/skills.yaml"),
            title: text("Skills, for teachers"),
            summary: Some(summary("The skills.")),
            description: Some(html("A longer text.")),
            source: Some(Source {
                title: Some(text("Standard 1")),
                url: Some("https://example.org/standard".into()),
                publisher: Some(text("A ministry")),
                year: Some("2007".into()),
            }),
            levels: vec![
                Level {
                    id: "basic".into(),
                    title: text("Basic"),
                    description: None,
                },
                Level {
                    id: "expert".into(),
                    title: text("Expert, senior"),
                    description: Some(html("Leads others.")),
                },
            ],
            competencies: vec![
                teaching,
                competency("planning", "Planning", Some(0), vec![], 1),
                competency("caring", "Caring", None, vec![], 0),
            ],
            roots: vec![0, 2],
            developed_by: vec![Development {
                by: Developer::Stage {
                    roadmap: 0,
                    stage: 1,
                },
                level: None,
            }],
            evidenced_by: vec![],
            reference: false,
        };
        let unit = |id: &str, title: &str, duration: Option<&str>| Unit {
            id: id.into(),
            title: text(title),
            period: None,
            duration: duration.map(|d| Duration::parse(d).unwrap()),
            summary: Some(summary(&format!("{title}, in short; really."))),
            description: None,
            topics: vec![text("A topic")],
            competencies: vec![CompetencyRef {
                framework: 0,
                competency: Some(2),
                level: None,
            }],
            checklist: checklist(&format!("course/{id}"), &["a"]),
        };
        let module = Module {
            id: "course".into(),
            file: PathBuf::from("content/modules/course.yaml"),
            title: text("A course"),
            summary: Some(summary("A short course.")),
            description: None,
            source: None,
            provider: Some(Party {
                name: text("Provider"),
                url: Some("https://example.org/provider".into()),
            }),
            audience: Some(text("Teachers")),
            duration: Some(Duration::parse("3 months").unwrap()),
            delivery: Some(Delivery::InPerson),
            group_size: None,
            outcomes: vec![text("Teaches")],
            competencies: vec![
                CompetencyRef {
                    framework: 0,
                    competency: Some(0),
                    level: Some(0),
                },
                CompetencyRef {
                    framework: 0,
                    competency: None,
                    level: None,
                },
            ],
            prerequisites: vec![],
            units: vec![
                unit("first", "First month", Some("1 month")),
                unit("second", "Second part", Some("2 months")),
            ],
            assessment: Some(Assessment {
                description: Some(html("An exam.")),
                scale: Some(0),
            }),
            checklist: checklist("course", &["attend"]),
            used_by: vec![(0, 0)],
            cohort_start: None,
        };
        let stage = |id: &str, next: Vec<usize>, previous: Vec<usize>| Stage {
            id: id.into(),
            title: text(id),
            duration: Some(Duration::parse("1-2 years").unwrap()),
            summary: None,
            description: None,
            entry: Some(html("A degree.")),
            phase: None,
            competencies: vec![CompetencyRef {
                framework: 0,
                competency: Some(1),
                level: Some(1),
            }],
            modules: vec![0],
            checklist: checklist(&format!("path/{id}"), &["x"]),
            next,
            next_elsewhere: vec![],
            previous,
        };
        let roadmap = Roadmap {
            id: "path".into(),
            file: PathBuf::from("content/roadmaps/path.yaml"),
            title: text("A path"),
            summary: Some(summary("From start to end.")),
            description: None,
            source: None,
            audience: None,
            scale: Some(0),
            stages: vec![
                stage("start", vec![1], vec![]),
                stage("end", vec![], vec![0]),
            ],
        };
        let scale = Scale {
            id: "achievement".into(),
            file: PathBuf::from("content/scales/achievement.yaml"),
            title: text("Achievement"),
            summary: None,
            description: None,
            source: None,
            bands: vec![
                Band {
                    min: 50.0,
                    max: 100.0,
                    score: 2.0,
                    label: text("Good"),
                    description: None,
                },
                Band {
                    min: 0.0,
                    max: 50.0,
                    score: 1.0,
                    label: text("Fair"),
                    description: None,
                },
            ],
            below: None,
            assessed: Vec::new(),
        };
        let page = Page {
            id: "about".into(),
            file: PathBuf::from("content/pages/about.md"),
            title: text("About"),
            summary: None,
            order: 0,
            body: html("Hello."),
            translations: Vec::new(),
        };
        Site {
            root: PathBuf::from("."),
            config: Config {
                title,
                summary: None,
                base_url: None,
                language: "en".into(),
                languages: vec!["en".into(), "id".into()],
                publisher: Some(Party {
                    name: text("Publisher"),
                    url: None,
                }),
                theme: None,
                output: None,
                menu: vec![],
                progress_scale: Some(0),
                allow_raw_html: false,
                id: "site".into(),
                description: None,
                updated: None,
            },
            roadmaps: vec![roadmap],
            modules: vec![module],
            frameworks: vec![framework],
            scales: vec![scale],
            pages: vec![page],
            statics: vec![],
        }
    }

    /// The fixture with a base URL.
    pub fn published() -> Site {
        let mut s = site();
        s.config.base_url = Some("https://example.org/site/".into());
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_is_deterministic_and_sorted() {
        let site = fixture::site();
        let a = all(&site);
        let b = all(&site);
        assert_eq!(a, b);
        let paths: Vec<&str> = a.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "competencies/skills/case.json",
                "competencies/skills/moodle.csv",
                "data.json",
                "id/competencies/skills/case.json",
                "id/competencies/skills/moodle.csv"
            ]
        );
    }

    #[test]
    fn localized_paths_use_the_language_folder() {
        let mut site = fixture::site();
        site.modules[0].cohort_start = Date::new(2026, 1, 5);
        let paths: Vec<String> = localized(&site, "id").into_iter().map(|f| f.path).collect();
        assert_eq!(
            paths,
            [
                "id/competencies/skills/case.json",
                "id/competencies/skills/moodle.csv",
                "id/modules/course/schedule.ics"
            ]
        );
    }
}
