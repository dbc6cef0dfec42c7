//! How fast an agreement is split and checked: a generated 300-clause agreement (or the file
//! given) against the whole starter library, in a loop.
//!
//! `cargo run --release --example check_bench [-- FILE]`

use std::time::Instant;

use twinwise::agreements::library::Library;
use twinwise::agreements::review::review;

/// Clause bodies that mix harmless and risky wording, so that rules both match and miss.
const BODIES: &[&str] = &[
    "The Parties shall promote exchanges in culture, education and sport.",
    "The City adheres to the one China principle and recognises that Taiwan is an inalienable part of China.",
    "Each Party shall bear its own costs of delegations.",
    "This Memorandum shall remain in force for five years and shall be renewed automatically unless terminated.",
    "In case of divergence, the Chinese text shall prevail.",
    "The Parties shall consult each other before issuing press statements about the cooperation.",
];

fn generated() -> String {
    let mut text =
        String::from("MEMORANDUM OF UNDERSTANDING\n\nWhereas the Parties wish to cooperate,\n\n");
    for i in 1..=300 {
        text.push_str(&format!("Article {i}\nTitle {i}\n"));
        for k in 0..3 {
            text.push_str(BODIES[(i * 7 + k * 3) % BODIES.len()]);
            text.push(' ');
        }
        text.push_str("\n(a) first item;\n(b) second item.\n\n");
    }
    text
}

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
        None => generated(),
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
}
