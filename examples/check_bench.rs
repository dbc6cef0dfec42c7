//! How fast an agreement is split and checked: a generated 300-clause agreement (or the file
//! given) against the whole starter library, in a loop; and how long a 5 MB `.docx` takes to
//! extract.
//!
//! `cargo run --release --example check_bench [-- FILE]`

use std::time::Instant;

#[path = "common/sample.rs"]
mod sample;

use twinwise::agreements::extract;
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
    docx_timing();
}

/// A Word file of about `size` bytes: paragraphs of runs marked up the way Word writes them,
/// of pseudo-random words (so that it compresses as prose does), and, when `picture` is set,
/// most of the size as an incompressible picture instead.
fn word_file(size: usize, picture: bool) -> Vec<u8> {
    use std::io::Write;
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut word = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let len = 3 + (seed % 8) as usize;
        (0..len)
            .map(|i| char::from(b'a' + ((seed >> (i * 5)) % 26) as u8))
            .collect::<String>()
    };
    // Word markup compresses about twentyfold; the extractor reads at most 64 MB of it.
    let xml_target = if picture {
        1 << 20
    } else {
        (size * 20).min(60 << 20)
    };
    let mut body = String::new();
    let mut paragraph = 1;
    while body.len() < xml_target {
        body.push_str(&format!(
            "<w:p><w:r><w:t>Article {paragraph}</w:t></w:r></w:p><w:p>"
        ));
        for _ in 0..60 {
            body.push_str(&format!(
                "<w:r><w:rPr><w:rFonts w:ascii=\"Calibri\"/><w:sz w:val=\"22\"/></w:rPr>\
                 <w:t xml:space=\"preserve\">{} </w:t></w:r>",
                word()
            ));
        }
        body.push_str("</w:p>");
        paragraph += 1;
    }
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default();
    zip.start_file("word/document.xml", deflated).expect("zip");
    write!(
        zip,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document \
         xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}\
         </w:body></w:document>"
    )
    .expect("zip");
    if picture {
        let stored = deflated.compression_method(zip::CompressionMethod::Stored);
        zip.start_file("word/media/image1.png", stored)
            .expect("zip");
        let noise: Vec<u8> = (0..size)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        zip.write_all(&noise).expect("zip");
    }
    zip.finish().expect("zip").into_inner()
}

/// How long a 5 MB Word file takes to extract: mostly a picture, or as much text as the
/// extractor accepts.
fn docx_timing() {
    for (picture, what) in [(true, "mostly a picture"), (false, "all text")] {
        let file = word_file(5 << 20, picture);
        let started = Instant::now();
        let text = extract::text(extract::Format::Docx, &file).expect("the file extracts");
        println!(
            "a {:.1} MB .docx ({what}) extracted in {:.0} ms: {} characters of text",
            file.len() as f64 / 1_048_576.0,
            started.elapsed().as_secs_f64() * 1000.0,
            text.chars().count()
        );
    }
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
