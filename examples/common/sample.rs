//! A generated agreement for the benchmarks: `n` numbered articles, each with a title,
//! three sentences that mix harmless and risky wording, and two lettered items.

/// Clause bodies that mix harmless and risky wording, so that rules both match and miss.
const BODIES: &[&str] = &[
    "The Parties shall promote exchanges in culture, education and sport.",
    "The City adheres to the one China principle and recognises that Taiwan is an inalienable part of China.",
    "Each Party shall bear its own costs of delegations.",
    "This Memorandum shall remain in force for five years and shall be renewed automatically unless terminated.",
    "In case of divergence, the Chinese text shall prevail.",
    "The Parties shall consult each other before issuing press statements about the cooperation.",
];

pub fn agreement(articles: usize) -> String {
    let mut text =
        String::from("MEMORANDUM OF UNDERSTANDING\n\nWhereas the Parties wish to cooperate,\n\n");
    for i in 1..=articles {
        text.push_str(&format!("Article {i}\nTitle {i}\n"));
        for k in 0..3 {
            text.push_str(BODIES[(i * 7 + k * 3) % BODIES.len()]);
            text.push(' ');
        }
        text.push_str("\n(a) first item;\n(b) second item.\n\n");
    }
    text
}
