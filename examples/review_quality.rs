//! How well the review does on the labelled corpus (`corpus/agreements/`): whether the
//! splitter finds every labelled clause, and precision and recall of the red and amber flags,
//! per language and per category. Not part of the test suite: it measures, it does not gate.
//!
//! `cargo run --release --example review_quality [-- --details] [--rules DIR] [--corpus DIR]`
//!
//! `--rules DIR` reads the rule files from DIR (one `CATEGORY.toml` per category, as in
//! `rules/starter/`) instead of the starter library compiled into the binary, so that rules
//! can be tuned without rebuilding.
//!
//! A clause counts as risky when its labels name a category, as flagged when the library
//! raises a red or amber flag on it (information flags do not count). Per category, a clause
//! counts for that category when a label or a flag of that category is on it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use twinwise::agreements::library::Library;
use twinwise::agreements::review::review;
use twinwise::domain::clauses::ClauseKind;
use twinwise::domain::rules::Severity;

#[derive(Debug, Deserialize)]
struct Labels {
    clause: Vec<Label>,
}

#[derive(Debug, Deserialize)]
struct Label {
    number: String,
    #[serde(default)]
    categories: Vec<String>,
}

/// True positives, false positives, false negatives.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn add(&mut self, risky: bool, flagged: bool) {
        match (risky, flagged) {
            (true, true) => self.tp += 1,
            (false, true) => self.fp += 1,
            (true, false) => self.fn_ += 1,
            (false, false) => {}
        }
    }

    fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// "Article 3." and "article 3" are the same number; the preamble and the signature block go
/// by their kind.
fn key(number: &str) -> String {
    number
        .trim()
        .trim_end_matches(['.', ':'])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn clause_key(kind: ClauseKind, number: Option<&str>) -> String {
    match (kind, number) {
        (_, Some(n)) => key(n),
        (ClauseKind::Preamble, None) => "preamble".into(),
        (ClauseKind::Signatures, None) => "signatures".into(),
        (ClauseKind::Annex, None) => "annex".into(),
        (ClauseKind::Article, None) => "?".into(),
    }
}

fn corpus_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read corpus/agreements")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

fn main() {
    let details = std::env::args().any(|a| a == "--details");
    let dir = match std::env::args().skip_while(|a| a != "--corpus").nth(1) {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/agreements"),
    };
    let args: Vec<String> = std::env::args().collect();
    let owned;
    let library = match args.iter().position(|a| a == "--rules") {
        Some(i) => {
            let rules = Path::new(args.get(i + 1).expect("--rules DIR"));
            let mut files = Vec::new();
            for entry in std::fs::read_dir(rules).expect("read the rules folder") {
                let path = entry.expect("a rules file").path();
                if path.extension().is_some_and(|e| e == "toml") {
                    let name = path.file_stem().unwrap().to_string_lossy().to_string();
                    files.push((
                        name,
                        std::fs::read_to_string(&path).expect("read a rules file"),
                    ));
                }
            }
            let refs: Vec<(&str, &str)> = files
                .iter()
                .map(|(n, t)| (n.as_str(), t.as_str()))
                .collect();
            owned = Library::from_files(&refs).unwrap_or_else(|errors| {
                for e in errors {
                    eprintln!("{e}");
                }
                std::process::exit(2)
            });
            &owned
        }
        None => Library::starter().expect("the starter library loads"),
    };
    let mut by_language: BTreeMap<String, Counts> = BTreeMap::new();
    let mut by_category: BTreeMap<String, Counts> = BTreeMap::new();
    let mut overall = Counts::default();
    let (mut labelled, mut found, mut extra) = (0, 0, 0);
    for path in corpus_files(&dir) {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let language = name.rsplit('.').nth(1).unwrap_or("?").to_owned();
        let text = std::fs::read_to_string(&path).expect("read a corpus text");
        let labels_path = path.with_extension("labels.toml");
        let labels: Labels =
            toml::from_str(&std::fs::read_to_string(&labels_path).expect("read labels"))
                .unwrap_or_else(|e| panic!("{}: {e}", labels_path.display()));
        let reviewed = review(library, &text);
        let mut at = 0;
        for label in &labels.clause {
            labelled += 1;
            let want = key(&label.number);
            let Some(offset) = reviewed[at..]
                .iter()
                .position(|c| clause_key(c.clause.kind, c.clause.number.as_deref()) == want)
            else {
                println!(
                    "{name}: clause {:?} not found by the splitter",
                    label.number
                );
                continue;
            };
            extra += offset;
            for skipped in &reviewed[at..at + offset] {
                if details {
                    println!(
                        "{name}: extra clause {:?}: {:.60}",
                        skipped.clause.number,
                        skipped.clause.text.replace('\n', " ")
                    );
                }
            }
            let clause = &reviewed[at + offset];
            at += offset + 1;
            found += 1;
            let flags: Vec<_> = clause
                .flags
                .iter()
                .filter(|f| f.rule.severity != Severity::Info)
                .collect();
            let risky = !label.categories.is_empty();
            let flagged = !flags.is_empty();
            overall.add(risky, flagged);
            by_language
                .entry(language.clone())
                .or_default()
                .add(risky, flagged);
            let mut categories: Vec<String> = label.categories.clone();
            categories.extend(flags.iter().map(|f| f.rule.category.as_str().to_owned()));
            categories.sort();
            categories.dedup();
            for category in categories {
                let labelled_so = label.categories.contains(&category);
                let flagged_so = flags.iter().any(|f| f.rule.category.as_str() == category);
                by_category
                    .entry(category)
                    .or_default()
                    .add(labelled_so, flagged_so);
            }
            if details && risky != flagged {
                let what = if risky { "missed" } else { "false flag" };
                let rules: Vec<String> = flags
                    .iter()
                    .map(|f| format!("{} ({:?})", f.rule.id, f.matched))
                    .collect();
                println!(
                    "{name} {}: {what}; labels {:?}; flags {rules:?}",
                    label.number, label.categories
                );
            }
        }
        extra += reviewed.len() - at.min(reviewed.len());
    }
    println!(
        "\nSplitting: {found} of {labelled} labelled clauses found, {extra} clauses the labels do not have.\n"
    );
    println!(
        "{:<24} {:>5} {:>5} {:>5} {:>9} {:>7}",
        "", "tp", "fp", "fn", "precision", "recall"
    );
    let row = |name: &str, c: &Counts| {
        println!(
            "{name:<24} {:>5} {:>5} {:>5} {:>9.3} {:>7.3}",
            c.tp,
            c.fp,
            c.fn_,
            c.precision(),
            c.recall()
        );
    };
    row("all clauses", &overall);
    println!();
    for (language, counts) in &by_language {
        row(&format!("language {language}"), counts);
    }
    println!();
    for (category, counts) in &by_category {
        row(category, counts);
    }
}
