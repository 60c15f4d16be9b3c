//! `cargo run --release -p bodesk-demo --example write_demo -- OUT [small|large] [generic|sap-de|sap-en] [SEED] [EXPORTS]`
//!
//! Writes the demo exports and prints the folders and the time taken.

use std::path::PathBuf;
use std::time::Instant;

use bodesk_demo::{write_exports, DemoConfig, Size, Vocabulary};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(out) = args.first() else {
        eprintln!("usage: write_demo OUT [small|large] [generic|sap-de|sap-en] [SEED] [EXPORTS]");
        std::process::exit(2);
    };
    let mut cfg = DemoConfig::default();
    if let Some(s) = args.get(1) {
        cfg.size = s.parse::<Size>().expect("size");
    }
    if let Some(v) = args.get(2) {
        cfg.vocabulary = v.parse::<Vocabulary>().expect("vocabulary");
    }
    if let Some(s) = args.get(3) {
        cfg.seed = s.parse().expect("seed");
    }
    if let Some(n) = args.get(4) {
        cfg.exports = n.parse().expect("exports");
    }
    let t = Instant::now();
    let exports = write_exports(&cfg, &PathBuf::from(out)).expect("write");
    for e in &exports {
        println!("{} {}", e.as_of, e.dir.display());
    }
    eprintln!("{:?} in {:.3} s", cfg, t.elapsed().as_secs_f64());
}
