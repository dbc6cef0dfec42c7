//! What the fuzz target (`fuzz/fuzz_targets/agreement_input.rs`, `cargo +nightly fuzz run
//! agreement_input`) does with each input, and a stable, seeded run of it over mutations of
//! the labelled corpus that is part of the test suite: hostile uploads must neither panic nor
//! hang the extractors and the splitter, and the splitter keeps its promises on any text.

use super::extract::{self, Format};
use crate::domain::clauses;

/// Reads `data` as every accepted format and splits what comes out; also splits it as
/// (lossy) text directly. Panics when a promise is broken.
pub fn exercise(data: &[u8]) {
    for format in [Format::Text, Format::Docx, Format::Pdf] {
        if let Ok(text) = extract::text(format, data) {
            check_split(&text);
        }
    }
    check_split(&String::from_utf8_lossy(data));
}

/// The splitter's promises: every clause has text, and a numbered clause's text starts with
/// its number as written.
fn check_split(text: &str) {
    for clause in clauses::split(text) {
        assert!(
            !clause.text.trim().is_empty(),
            "an empty clause from {text:?}"
        );
        if let Some(number) = &clause.number {
            assert!(
                clause.text.starts_with(number.as_str()),
                "clause {number:?} does not start with its number: {:?}",
                clause.text
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;

    /// A small deterministic generator (xorshift), so that a failure can be replayed.
    struct Seeded(u64);

    impl Seeded {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n.max(1) as u64) as usize
        }
    }

    /// Byte flips, insertions of structural text, deletions and splices.
    fn mutate(rng: &mut Seeded, input: &[u8]) -> Vec<u8> {
        const PIECES: &[&[u8]] = &[
            b"\nArticle 1\n",
            b"\n\xc2\xa7 4 ",
            b"\nARTICLE IV\n",
            b"\n1.2.3.4.5.6.7.8.9.10 ",
            b"\n(a) ",
            b"\r\n",
            b"\0",
            b"\xe2\x80\xae",
            b"\xef\xbb\xbf",
            "\n第三条 ".as_bytes(),
            b"PK\x03\x04",
            b"%PDF-1.4\n",
            b"\nANNEX I\n",
            b"\nWHEREAS ",
            b"\n\n\n",
        ];
        let mut out = input.to_vec();
        for _ in 0..=rng.below(8) {
            let at = rng.below(out.len() + 1);
            match rng.below(4) {
                0 if !out.is_empty() => {
                    let i = at.min(out.len() - 1);
                    out[i] ^= 1 << rng.below(8);
                }
                1 => {
                    let piece = PIECES[rng.below(PIECES.len())];
                    out.splice(at..at, piece.iter().copied());
                }
                2 if !out.is_empty() => {
                    let end = (at + rng.below(64)).min(out.len());
                    out.drain(at.min(end)..end);
                }
                _ => {
                    let from = rng.below(out.len());
                    let piece: Vec<u8> = out[from..(from + rng.below(200)).min(out.len())].to_vec();
                    out.splice(at.min(out.len())..at.min(out.len()), piece);
                }
            }
        }
        out
    }

    #[test]
    fn mutated_agreements_neither_panic_nor_hang() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/agreements");
        let mut seeds: Vec<Vec<u8>> = std::fs::read_dir(&dir)
            .expect("the corpus")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .map(|p| std::fs::read(p).expect("a corpus file"))
            .collect();
        seeds.sort();
        assert!(seeds.len() >= 20);
        seeds.push(super::super::extract::sample_pdf(&[
            "Article 1",
            "The Parties meet.",
        ]));
        let mut rng = Seeded(0x5eed_1234_abcd_0001);
        let started = Instant::now();
        for round in 0..3000 {
            let seed = &seeds[round % seeds.len()];
            let input = mutate(&mut rng, seed);
            let one = Instant::now();
            exercise(&input);
            assert!(
                one.elapsed() < Duration::from_secs(6),
                "round {round} took {:?}",
                one.elapsed()
            );
        }
        assert!(started.elapsed() < Duration::from_secs(120));
    }
}
