//! Lists every report fixture and every fuzz-corpus input of the `report`
//! target for the boundary's round-trip test, so that a new fixture is
//! tested without being named twice.

use std::fmt::Write;
use std::path::Path;
use std::{env, fs};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let mut list = String::from("&[\n");
    for dir in ["reports", "fuzz/report"] {
        let dir = root.join(dir);
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut files: Vec<_> = fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|entry| entry.unwrap().path())
            .collect();
        files.sort();
        for file in files {
            let path = file.canonicalize().unwrap();
            writeln!(
                list,
                "    ({:?}, include_bytes!({:?})),",
                file.file_name().unwrap(),
                path
            )
            .unwrap();
        }
    }
    list.push(']');
    let out = Path::new(&env::var("OUT_DIR").unwrap()).join("fixtures.rs");
    fs::write(out, list).unwrap();
}
