//! How fast an agreement is split and checked: a generated 300-clause agreement (or the file
//! given) against the whole starter library, in a loop.
//!
//! `cargo run --release --example check_bench [-- FILE]`

use std::time::Instant;

#[path = "common/sample.rs"]
mod sample;

use twinwise::agreements::library::Library;
use twinwise::agreements::review::review;
use twinwise::domain::clauses::split;
use twinwise::domain::pattern::fold;

/// Resident and peak memory of this process, from `/proc` (Linux).
fn memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .filter(|l| l.starts_with("VmRSS") || l.starts_with("VmHWM"))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join(", ")
}

fn main() {
    let text = match std::env::args().nth(1) {
        Some(path) => std::fs::read_to_string(path).expect("read the file"),
        None => sample::agreement(300),
    };
    let started = Instant::now();
    let library = Library::starter().expect("the starter library loads");
    println!(
        "library: {} rules compiled and their examples checked in {:.1} ms",
        library.rules().len(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    println!("memory after loading: {}", memory());
    let runs = 50;
    let mut clauses = 0;
    let mut flags = 0;
    let started = Instant::now();
    for _ in 0..runs {
        let reviewed = review(library, &text);
        clauses = reviewed.len();
        flags = reviewed.iter().map(|c| c.flags.len()).sum();
    }
    let per_run = started.elapsed().as_secs_f64() * 1000.0 / f64::from(runs);
    println!(
        "split and checked {clauses} clauses ({flags} flags) in {per_run:.2} ms per run (mean of {runs})"
    );
    println!("memory after reviewing: {}", memory());
    breakdown(library, &text, runs);
}

/// Where one run's time goes, on one thread: splitting, folding, the one-pass prefilter, and
/// the candidate rules' own expressions (negative context included).
fn breakdown(library: &Library, text: &str, runs: u32) {
    let mean = |started: Instant| started.elapsed().as_secs_f64() * 1000.0 / f64::from(runs);
    let started = Instant::now();
    let mut clauses = Vec::new();
    for _ in 0..runs {
        clauses = split(text);
    }
    let split_ms = mean(started);
    let started = Instant::now();
    let mut folded = Vec::new();
    for _ in 0..runs {
        folded = clauses.iter().map(|c| fold(&c.text)).collect();
    }
    let fold_ms = mean(started);
    let started = Instant::now();
    let mut candidates = Vec::new();
    for _ in 0..runs {
        candidates = folded.iter().map(|f| library.candidates(f)).collect();
    }
    let prefilter_ms = mean(started);
    let tried: usize = candidates.iter().flatten().filter(|c| **c).count();
    let started = Instant::now();
    for _ in 0..runs {
        for (f, candidate) in folded.iter().zip(&candidates) {
            for (rule, _) in library.rules().iter().zip(candidate).filter(|(_, c)| **c) {
                std::hint::black_box(rule.check_folded(f));
            }
        }
    }
    let rules_ms = mean(started);
    println!(
        "one thread: split {split_ms:.2} ms, fold {fold_ms:.2} ms, prefilter {prefilter_ms:.2} \
         ms, {tried} candidate rules tried {rules_ms:.2} ms"
    );
}
