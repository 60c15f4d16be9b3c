//! The real desktop configuration passes every rule of the checker:
//! `tauri.conf.json`, `src-tauri/capabilities/*`, the shell's and the
//! workspace's `Cargo.toml`.

use std::path::Path;

#[test]
fn the_desktop_configuration_is_least_privilege() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let checked = bodesk_config_check::check_repo(&root);
    assert!(
        !checked.capability_files.is_empty(),
        "no capability file found in src-tauri/capabilities/"
    );
    let report: Vec<String> = checked.violations.iter().map(|v| v.to_string()).collect();
    assert!(
        report.is_empty(),
        "the desktop configuration breaks the security rules:\n{}",
        report.join("\n")
    );
}

#[test]
fn the_csp_is_explicit() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let text = std::fs::read_to_string(root.join("tauri.conf.json")).unwrap();
    let conf: serde_json::Value = serde_json::from_str(&text).unwrap();
    let csp = bodesk_config_check::parse_csp(&conf["app"]["security"]["csp"]).unwrap();
    let names: Vec<&str> = csp.iter().map(|(n, _)| n.as_str()).collect();
    for required in ["default-src", "script-src", "connect-src", "object-src"] {
        assert!(
            names.contains(&required),
            "the CSP has no {required}: {names:?}"
        );
    }
}
