//! Security check of the desktop shell's configuration, as data: read
//! `src-tauri/capabilities/*.json|toml`, `tauri.conf.json` and the shell's
//! `Cargo.toml`, and list every [`Violation`] of the rules below. It needs no
//! Tauri and no webkit, so it runs in the default `cargo test`
//! (`tests/real_config.rs` checks the real files; the unit tests below show
//! that each rule catches a small bad example).
//!
//! The rules (each [`Violation::rule`] is one of these names):
//!
//! | rule | fails on |
//! |---|---|
//! | `shell` | a `shell:` permission, a `plugins.shell` config, a `tauri-plugin-shell` dependency |
//! | `fs-unscoped` | an `fs:` permission as a bare string (including `fs:default`), or without an `allow` scope, or scoped to a whole tree (`**`, `/**`, `$HOME/**`, …) |
//! | `http` | an `http:` permission, a `plugins.http` config, a `tauri-plugin-http` dependency |
//! | `notification-from-page` | a `notification:` permission: desktop notifications are sent from Rust (the alerts after an import), never by the page |
//! | `remote` | a capability with `remote` URLs; a window or `devUrl` that loads a remote page |
//! | `dangerous-remote-ipc` | the key `dangerousRemoteDomainIpcAccess` anywhere |
//! | `csp-missing` | no `app.security.csp` (or it is empty) |
//! | `csp-default-src` | `default-src` other than exactly `'self'` |
//! | `csp-unsafe-eval` | `'unsafe-eval'` in any directive |
//! | `csp-script-src` | `'unsafe-inline'` or any source other than `'self'`, a hash or a nonce in `script-src`, `script-src-elem` or `script-src-attr` |
//! | `csp-wildcard` | a bare `*` source in any directive |
//! | `csp-connect-src` | a `connect-src` source other than `'self'`, `ipc:` and `http://ipc.localhost` |
//! | `csp-modification-disabled` | `dangerousDisableAssetCspModification` set (Tauri then stops adding its hashes and nonces) |
//! | `asset-protocol` | the asset protocol enabled without a narrow scope |
//! | `devtools` | the `devtools` feature of `tauri`, or a window with `"devtools": true` |
//! | `unreadable` | a file that cannot be read or parsed |

use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// One broken rule, in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub file: String,
    pub rule: &'static str,
    pub detail: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: [{}] {}", self.file, self.rule, self.detail)
    }
}

struct Found<'a> {
    file: &'a str,
    list: Vec<Violation>,
}

impl<'a> Found<'a> {
    fn new(file: &'a str) -> Self {
        Found {
            file,
            list: Vec::new(),
        }
    }

    fn add(&mut self, rule: &'static str, detail: impl Into<String>) {
        self.list.push(Violation {
            file: self.file.to_string(),
            rule,
            detail: detail.into(),
        });
    }
}

/// Scopes that grant a whole tree: as good as no scope.
fn is_broad_scope(path: &str) -> bool {
    let path = path.trim_end_matches('/');
    let roots = [
        "",
        "$HOME",
        "$HOME/**",
        "~",
        "$DESKTOP",
        "$DOCUMENT",
        "$DOWNLOAD",
    ];
    path == "**"
        || path == "*"
        || path == "/**"
        || path == "/*"
        || roots.iter().any(|r| {
            path == *r || path.strip_suffix("/**") == Some(r) || path.strip_suffix("/*") == Some(r)
        })
}

fn scope_paths(allow: &Value) -> Vec<String> {
    let items: Vec<&Value> = match allow {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    items
        .into_iter()
        .filter_map(|item| match item {
            Value::String(path) => Some(path.clone()),
            Value::Object(map) => map.get("path").and_then(Value::as_str).map(str::to_string),
            _ => None,
        })
        .collect()
}

/// Every key named `key`, at any depth.
fn has_key(value: &Value, key: &str) -> bool {
    match value {
        Value::Object(map) => map.iter().any(|(k, v)| k == key || has_key(v, key)),
        Value::Array(items) => items.iter().any(|v| has_key(v, key)),
        _ => false,
    }
}

/// Checks one capability (the content of a file in `capabilities/`, or an
/// inline capability of `tauri.conf.json`).
pub fn check_capability(file: &str, capability: &Value) -> Vec<Violation> {
    let mut found = Found::new(file);
    check_capability_into(&mut found, capability);
    found.list
}

fn check_capability_into(found: &mut Found<'_>, capability: &Value) {
    if has_key(capability, "dangerousRemoteDomainIpcAccess") {
        found.add(
            "dangerous-remote-ipc",
            "dangerousRemoteDomainIpcAccess gives remote pages the IPC",
        );
    }
    if let Some(remote) = capability.get("remote") {
        found.add(
            "remote",
            format!("the capability grants remote URLs: {remote}"),
        );
    }
    let Some(permissions) = capability.get("permissions").and_then(Value::as_array) else {
        return;
    };
    for permission in permissions {
        let (identifier, allow) = match permission {
            Value::String(id) => (id.as_str(), None),
            Value::Object(map) => (
                map.get("identifier").and_then(Value::as_str).unwrap_or(""),
                map.get("allow"),
            ),
            other => {
                found.add(
                    "unreadable",
                    format!("a permission that is not a string or object: {other}"),
                );
                continue;
            }
        };
        let plugin = identifier.split(':').next().unwrap_or("");
        match plugin {
            "shell" => found.add("shell", format!("{identifier}: the page may run programs")),
            "http" => found.add(
                "http",
                format!("{identifier}: the page may reach the network"),
            ),
            "notification" => found.add(
                "notification-from-page",
                format!("{identifier}: the page may send desktop notifications; the shell sends them from Rust"),
            ),
            "fs" => {
                let paths = allow.map(scope_paths).unwrap_or_default();
                if identifier == "fs:default" {
                    found.add(
                        "fs-unscoped",
                        "fs:default: use scoped fs permissions, or none",
                    );
                } else if paths.is_empty() {
                    found.add("fs-unscoped", format!("{identifier} has no `allow` scope"));
                } else if let Some(broad) = paths.iter().find(|p| is_broad_scope(p)) {
                    found.add(
                        "fs-unscoped",
                        format!("{identifier} is scoped to a whole tree: {broad:?}"),
                    );
                }
            }
            _ => {}
        }
    }
}

/// A CSP as directive → sources, from the string or the object form.
pub fn parse_csp(csp: &Value) -> Option<Vec<(String, Vec<String>)>> {
    let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
    match csp {
        Value::String(text) => Some(
            text.split(';')
                .filter_map(|part| {
                    let mut tokens = words(part).into_iter();
                    let name = tokens.next()?.to_ascii_lowercase();
                    Some((name, tokens.collect()))
                })
                .collect(),
        ),
        Value::Object(map) => Some(
            map.iter()
                .map(|(name, sources)| {
                    let sources = match sources {
                        Value::String(s) => words(s),
                        Value::Array(items) => items
                            .iter()
                            .filter_map(Value::as_str)
                            .flat_map(words)
                            .collect(),
                        _ => Vec::new(),
                    };
                    (name.to_ascii_lowercase(), sources)
                })
                .collect(),
        ),
        _ => None,
    }
}

fn check_csp(found: &mut Found<'_>, key: &str, csp: Option<&Value>, required: bool) {
    let directives = csp.and_then(parse_csp).filter(|d| !d.is_empty());
    let Some(directives) = directives else {
        if required || csp.is_some_and(|v| !v.is_null()) {
            found.add(
                "csp-missing",
                format!("app.security.{key} is missing or empty"),
            );
        }
        return;
    };
    let sources = |name: &str| {
        directives
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, s)| s.clone())
    };
    match sources("default-src") {
        Some(s) if s == ["'self'"] => {}
        Some(s) => found.add(
            "csp-default-src",
            format!("{key}: default-src is {:?}, not 'self'", s.join(" ")),
        ),
        None => found.add("csp-default-src", format!("{key}: no default-src")),
    }
    for (name, list) in &directives {
        for source in list {
            let lower = source.to_ascii_lowercase();
            if lower == "'unsafe-eval'" {
                found.add(
                    "csp-unsafe-eval",
                    format!("{key}: {name} allows 'unsafe-eval'"),
                );
            }
            if lower == "*" {
                found.add(
                    "csp-wildcard",
                    format!("{key}: {name} allows any origin (*)"),
                );
            }
            if name.starts_with("script-src") {
                let allowed = lower == "'self'"
                    || lower.starts_with("'sha256-")
                    || lower.starts_with("'sha384-")
                    || lower.starts_with("'sha512-")
                    || lower.starts_with("'nonce-");
                if !allowed && lower != "'unsafe-eval'" {
                    found.add(
                        "csp-script-src",
                        format!("{key}: {name} allows {source} (only 'self', hashes and nonces)"),
                    );
                }
            }
            if name == "connect-src"
                && !["'self'", "ipc:", "http://ipc.localhost"].contains(&lower.as_str())
            {
                found.add(
                    "csp-connect-src",
                    format!("{key}: connect-src allows {source} (only 'self', ipc: and http://ipc.localhost)"),
                );
            }
        }
    }
}

fn is_remote_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//"))
        && !lower.starts_with("http://localhost")
        && !lower.starts_with("http://127.0.0.1")
        && !lower.starts_with("http://tauri.localhost")
}

/// Checks `tauri.conf.json`: CSP, windows, inline capabilities, plugin
/// configs and the dangerous switches.
pub fn check_tauri_conf(file: &str, conf: &Value) -> Vec<Violation> {
    let mut found = Found::new(file);
    if has_key(conf, "dangerousRemoteDomainIpcAccess") {
        found.add(
            "dangerous-remote-ipc",
            "dangerousRemoteDomainIpcAccess gives remote pages the IPC",
        );
    }
    let security = conf.pointer("/app/security");
    check_csp(&mut found, "csp", security.and_then(|s| s.get("csp")), true);
    check_csp(
        &mut found,
        "devCsp",
        security.and_then(|s| s.get("devCsp")),
        false,
    );
    if let Some(flag) = security.and_then(|s| s.get("dangerousDisableAssetCspModification")) {
        if flag != &Value::Bool(false) {
            found.add(
                "csp-modification-disabled",
                format!("dangerousDisableAssetCspModification is {flag}"),
            );
        }
    }
    if let Some(asset) = security.and_then(|s| s.get("assetProtocol")) {
        if asset.get("enable") == Some(&Value::Bool(true)) {
            let paths = asset.get("scope").map(scope_paths).unwrap_or_default();
            if paths.is_empty() || paths.iter().any(|p| is_broad_scope(p)) {
                found.add(
                    "asset-protocol",
                    format!("the asset protocol is enabled with scope {paths:?}"),
                );
            }
        }
    }
    if let Some(capabilities) = security
        .and_then(|s| s.get("capabilities"))
        .and_then(Value::as_array)
    {
        for capability in capabilities.iter().filter(|c| c.is_object()) {
            check_capability_into(&mut found, capability);
        }
    }
    for window in conf
        .pointer("/app/windows")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let label = window.get("label").and_then(Value::as_str).unwrap_or("?");
        if window.get("devtools") == Some(&Value::Bool(true)) {
            found.add("devtools", format!("window {label:?} has devtools: true"));
        }
        if let Some(url) = window.get("url").and_then(Value::as_str) {
            if is_remote_url(url) {
                found.add(
                    "remote",
                    format!("window {label:?} loads the remote page {url}"),
                );
            }
        }
    }
    if let Some(url) = conf.pointer("/build/devUrl").and_then(Value::as_str) {
        if is_remote_url(url) {
            found.add("remote", format!("build.devUrl is the remote page {url}"));
        }
    }
    for (plugin, rule) in [("shell", "shell"), ("http", "http")] {
        if conf.pointer(&format!("/plugins/{plugin}")).is_some() {
            found.add(rule, format!("plugins.{plugin} is configured"));
        }
    }
    found.list
}

fn features_of(dependency: Option<&toml::Value>) -> Vec<String> {
    dependency
        .and_then(|d| d.get("features"))
        .and_then(toml::Value::as_array)
        .map(|f| {
            f.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Checks a Cargo manifest (the shell's, or the workspace's): no `devtools`
/// feature of `tauri`, no shell, http or fs plugin.
pub fn check_manifest(file: &str, manifest: &toml::Value) -> Vec<Violation> {
    let mut found = Found::new(file);
    let tables = [
        manifest.get("dependencies"),
        manifest
            .get("workspace")
            .and_then(|w| w.get("dependencies")),
    ];
    for deps in tables.into_iter().flatten() {
        if features_of(deps.get("tauri"))
            .iter()
            .any(|f| f == "devtools")
        {
            found.add(
                "devtools",
                "the tauri dependency enables the devtools feature",
            );
        }
        for (plugin, rule) in [
            ("tauri-plugin-shell", "shell"),
            ("tauri-plugin-http", "http"),
            ("tauri-plugin-fs", "fs-unscoped"),
        ] {
            if deps.get(plugin).is_some() {
                found.add(rule, format!("depends on {plugin}"));
            }
        }
    }
    if let Some(features) = manifest.get("features").and_then(toml::Value::as_table) {
        for (name, enables) in features {
            let enables = enables.as_array().into_iter().flatten();
            if enables
                .filter_map(toml::Value::as_str)
                .any(|e| e == "tauri/devtools" || e == "tauri?/devtools")
            {
                found.add(
                    "devtools",
                    format!("feature {name:?} enables tauri/devtools"),
                );
            }
        }
    }
    found.list
}

/// The files [`check_repo`] read, for a test to be sure it looked.
#[derive(Debug, Default)]
pub struct Checked {
    pub capability_files: Vec<PathBuf>,
    pub violations: Vec<Violation>,
}

fn read_json(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let is_toml = path.extension().is_some_and(|e| e == "toml");
    if is_toml {
        let value: toml::Value = toml::from_str(&text).map_err(|e| e.to_string())?;
        serde_json::to_value(value).map_err(|e| e.to_string())
    } else {
        serde_json::from_str(&text).map_err(|e| e.to_string())
    }
}

/// Checks the real configuration under the repository root `root`:
/// `tauri.conf.json`, `src-tauri/capabilities/*`, `src-tauri/Cargo.toml` and
/// the workspace `Cargo.toml`.
pub fn check_repo(root: &Path) -> Checked {
    let mut checked = Checked::default();
    let name = |path: &Path| {
        path.strip_prefix(root)
            .unwrap_or(path)
            .display()
            .to_string()
    };
    let unreadable = |path: &Path, error: String| Violation {
        file: name(path),
        rule: "unreadable",
        detail: error,
    };

    let conf = root.join("tauri.conf.json");
    match read_json(&conf) {
        Ok(value) => checked
            .violations
            .extend(check_tauri_conf(&name(&conf), &value)),
        Err(e) => checked.violations.push(unreadable(&conf, e)),
    }

    let dir = root.join("src-tauri/capabilities");
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect(),
        Err(e) => {
            checked.violations.push(unreadable(&dir, e.to_string()));
            Vec::new()
        }
    };
    files.sort();
    for file in files {
        let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext != "json" && ext != "toml" {
            continue;
        }
        match read_json(&file) {
            Ok(value) => checked
                .violations
                .extend(check_capability(&name(&file), &value)),
            Err(e) => checked.violations.push(unreadable(&file, e)),
        }
        checked.capability_files.push(file);
    }

    for manifest in [root.join("src-tauri/Cargo.toml"), root.join("Cargo.toml")] {
        let parsed = std::fs::read_to_string(&manifest)
            .map_err(|e| e.to_string())
            .and_then(|t| toml::from_str::<toml::Value>(&t).map_err(|e| e.to_string()));
        match parsed {
            Ok(value) => checked
                .violations
                .extend(check_manifest(&name(&manifest), &value)),
            Err(e) => checked.violations.push(unreadable(&manifest, e)),
        }
    }
    checked
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rules(violations: &[Violation]) -> Vec<&'static str> {
        violations.iter().map(|v| v.rule).collect()
    }

    fn capability(permissions: Value) -> Vec<&'static str> {
        rules(&check_capability(
            "cap.json",
            &json!({"identifier": "x", "windows": ["main"], "permissions": permissions}),
        ))
    }

    const GOOD_CSP: &str = "default-src 'self'; script-src 'self'; connect-src 'self' ipc: http://ipc.localhost; object-src 'none'";

    fn conf_with_csp(csp: Value) -> Vec<&'static str> {
        rules(&check_tauri_conf(
            "tauri.conf.json",
            &json!({"app": {"security": {"csp": csp}}}),
        ))
    }

    #[test]
    fn least_privilege_capability_passes() {
        assert_eq!(
            capability(json!([
                "core:event:default",
                "allow-api",
                "allow-pick-import-paths"
            ])),
            Vec::<&str>::new()
        );
        assert_eq!(
            capability(
                json!([{"identifier": "fs:allow-read-text-file", "allow": [{"path": "$APPDATA/exports/*.csv"}]}])
            ),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn notification_permissions_fail() {
        assert_eq!(
            capability(json!(["notification:default"])),
            ["notification-from-page"]
        );
        assert_eq!(
            capability(json!(["notification:allow-notify"])),
            ["notification-from-page"]
        );
    }

    #[test]
    fn shell_permissions_fail() {
        assert_eq!(capability(json!(["shell:allow-open"])), ["shell"]);
        assert_eq!(capability(json!(["shell:default"])), ["shell"]);
        assert_eq!(
            capability(json!([{"identifier": "shell:allow-execute", "allow": [{"name": "ls"}]}])),
            ["shell"]
        );
    }

    #[test]
    fn unscoped_fs_permissions_fail() {
        assert_eq!(capability(json!(["fs:default"])), ["fs-unscoped"]);
        assert_eq!(capability(json!(["fs:allow-read-file"])), ["fs-unscoped"]);
        assert_eq!(
            capability(json!(["fs:allow-home-read-recursive"])),
            ["fs-unscoped"]
        );
        assert_eq!(
            capability(json!([{"identifier": "fs:allow-write-file"}])),
            ["fs-unscoped"]
        );
        assert_eq!(
            capability(json!([{"identifier": "fs:scope", "allow": ["$HOME/**"]}])),
            ["fs-unscoped"]
        );
        assert_eq!(
            capability(json!([{"identifier": "fs:allow-read", "allow": [{"path": "/**"}]}])),
            ["fs-unscoped"]
        );
        assert_eq!(
            capability(json!([{"identifier": "fs:default", "allow": [{"path": "$APPDATA/x"}]}])),
            ["fs-unscoped"]
        );
    }

    #[test]
    fn http_permissions_fail() {
        assert_eq!(capability(json!(["http:default"])), ["http"]);
        assert_eq!(
            capability(
                json!([{"identifier": "http:allow-fetch", "allow": [{"url": "https://example.com"}]}])
            ),
            ["http"]
        );
    }

    #[test]
    fn remote_urls_and_dangerous_ipc_fail() {
        let remote = json!({"identifier": "r", "remote": {"urls": ["https://*.example.com"]}, "permissions": ["allow-api"]});
        assert_eq!(rules(&check_capability("c.json", &remote)), ["remote"]);
        let dangerous = json!({"identifier": "d", "permissions": [], "dangerousRemoteDomainIpcAccess": [{"domain": "example.com"}]});
        assert_eq!(
            rules(&check_capability("c.json", &dangerous)),
            ["dangerous-remote-ipc"]
        );
        let conf =
            json!({"app": {"security": {"csp": GOOD_CSP, "dangerousRemoteDomainIpcAccess": []}}});
        assert_eq!(
            rules(&check_tauri_conf("t.json", &conf)),
            ["dangerous-remote-ipc"]
        );
        let window = json!({"app": {"security": {"csp": GOOD_CSP}, "windows": [{"label": "main", "url": "https://example.com"}]}});
        assert_eq!(rules(&check_tauri_conf("t.json", &window)), ["remote"]);
        let local = json!({"app": {"security": {"csp": GOOD_CSP}, "windows": [{"label": "main", "url": "index.html"}]}, "build": {"devUrl": "http://localhost:5173"}});
        assert_eq!(
            rules(&check_tauri_conf("t.json", &local)),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn inline_capabilities_are_checked() {
        let conf = json!({"app": {"security": {"csp": GOOD_CSP, "capabilities": [
            "default",
            {"identifier": "inline", "permissions": ["shell:allow-open", "http:default"]}
        ]}}});
        assert_eq!(rules(&check_tauri_conf("t.json", &conf)), ["shell", "http"]);
    }

    #[test]
    fn good_csp_passes_in_both_forms() {
        assert_eq!(conf_with_csp(json!(GOOD_CSP)), Vec::<&str>::new());
        assert_eq!(
            conf_with_csp(
                json!({"default-src": "'self'", "script-src": ["'self'", "'sha256-abc='"], "img-src": "'self' data: blob:"})
            ),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn missing_csp_fails() {
        assert_eq!(
            rules(&check_tauri_conf(
                "t.json",
                &json!({"app": {"security": {}}})
            )),
            ["csp-missing"]
        );
        assert_eq!(conf_with_csp(Value::Null), ["csp-missing"]);
        assert_eq!(conf_with_csp(json!("")), ["csp-missing"]);
        assert_eq!(conf_with_csp(json!({})), ["csp-missing"]);
    }

    #[test]
    fn unsafe_eval_fails_anywhere() {
        assert_eq!(
            conf_with_csp(json!("default-src 'self'; script-src 'self' 'unsafe-eval'")),
            ["csp-unsafe-eval"]
        );
        assert_eq!(
            conf_with_csp(json!({"default-src": "'self'", "style-src": "'self' 'unsafe-eval'"})),
            ["csp-unsafe-eval"]
        );
        let dev = json!({"app": {"security": {"csp": GOOD_CSP, "devCsp": "default-src 'self'; script-src 'self' 'unsafe-eval'"}}});
        assert_eq!(
            rules(&check_tauri_conf("t.json", &dev)),
            ["csp-unsafe-eval"]
        );
    }

    #[test]
    fn unsafe_inline_or_foreign_scripts_fail() {
        assert_eq!(
            conf_with_csp(json!(
                "default-src 'self'; script-src 'self' 'unsafe-inline'"
            )),
            ["csp-script-src"]
        );
        assert_eq!(
            conf_with_csp(json!({"default-src": "'self'", "script-src-elem": "'unsafe-inline'"})),
            ["csp-script-src"]
        );
        assert_eq!(
            conf_with_csp(json!(
                "default-src 'self'; script-src 'self' https://cdn.example.com"
            )),
            ["csp-script-src"]
        );
        // 'unsafe-inline' in style-src is a looser rule, not this check's business.
        assert_eq!(
            conf_with_csp(json!(
                "default-src 'self'; style-src 'self' 'unsafe-inline'"
            )),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn default_src_must_be_self() {
        assert_eq!(
            conf_with_csp(json!("default-src 'self' https:; script-src 'self'")),
            ["csp-default-src"]
        );
        assert_eq!(
            conf_with_csp(json!("script-src 'self'")),
            ["csp-default-src"]
        );
        assert_eq!(
            conf_with_csp(json!("default-src *")),
            ["csp-default-src", "csp-wildcard"]
        );
    }

    #[test]
    fn connect_src_stays_minimal() {
        assert_eq!(
            conf_with_csp(json!("default-src 'self'; connect-src 'self' ipc: http://ipc.localhost https://api.example.com")),
            ["csp-connect-src"]
        );
        assert_eq!(
            conf_with_csp(json!("default-src 'self'; connect-src *")),
            ["csp-wildcard", "csp-connect-src"]
        );
    }

    #[test]
    fn dangerous_switches_fail() {
        let conf = json!({"app": {"security": {"csp": GOOD_CSP, "dangerousDisableAssetCspModification": true}}});
        assert_eq!(
            rules(&check_tauri_conf("t.json", &conf)),
            ["csp-modification-disabled"]
        );
        let conf = json!({"app": {"security": {"csp": GOOD_CSP, "assetProtocol": {"enable": true, "scope": ["**"]}}}});
        assert_eq!(
            rules(&check_tauri_conf("t.json", &conf)),
            ["asset-protocol"]
        );
        let conf =
            json!({"app": {"security": {"csp": GOOD_CSP}}, "plugins": {"shell": {"open": true}}});
        assert_eq!(rules(&check_tauri_conf("t.json", &conf)), ["shell"]);
    }

    #[test]
    fn devtools_fail() {
        let conf = json!({"app": {"security": {"csp": GOOD_CSP}, "windows": [{"label": "main", "devtools": true}]}});
        assert_eq!(rules(&check_tauri_conf("t.json", &conf)), ["devtools"]);
        let manifest: toml::Value = toml::from_str(
            "[dependencies]\ntauri = { version = \"2\", features = [\"devtools\"] }\n",
        )
        .unwrap();
        assert_eq!(
            rules(&check_manifest("Cargo.toml", &manifest)),
            ["devtools"]
        );
        let manifest: toml::Value = toml::from_str(
            "[workspace.dependencies]\ntauri = { version = \"2\", features = [\"devtools\", \"tray-icon\"] }\n",
        )
        .unwrap();
        assert_eq!(
            rules(&check_manifest("Cargo.toml", &manifest)),
            ["devtools"]
        );
        let manifest: toml::Value =
            toml::from_str("[features]\ndebug-tools = [\"tauri/devtools\"]\n").unwrap();
        assert_eq!(
            rules(&check_manifest("Cargo.toml", &manifest)),
            ["devtools"]
        );
    }

    #[test]
    fn forbidden_plugins_fail() {
        let manifest: toml::Value = toml::from_str(
            "[dependencies]\ntauri = \"2\"\ntauri-plugin-shell = \"2\"\ntauri-plugin-http = \"2\"\ntauri-plugin-dialog = \"2\"\n",
        )
        .unwrap();
        assert_eq!(
            rules(&check_manifest("Cargo.toml", &manifest)),
            ["shell", "http"]
        );
    }
}
