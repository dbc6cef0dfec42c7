//! Embeds the starter rule library: every `rules/starter/<category>.toml`, so that adding a
//! category's file needs no code change.

use std::path::PathBuf;

fn main() {
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("manifest dir"))
        .join("rules")
        .join("starter");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "toml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut out = String::from("&[\n");
    for file in &files {
        let category = file
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        out.push_str(&format!(
            "    ({category:?}, include_str!({:?})),\n",
            file.display().to_string()
        ));
    }
    out.push(']');
    let target = PathBuf::from(std::env::var("OUT_DIR").expect("out dir")).join("starter_rules.rs");
    std::fs::write(target, out).expect("write the starter list");
}
