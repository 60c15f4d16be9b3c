//! Who may ask what. Every request passes [`guard`] before it reaches the API
//! or a file:
//!
//! 1. `Host` must be a name this server serves (localhost, 127.0.0.1, [::1];
//!    in LAN mode also the LAN addresses and the host name), with no port or
//!    the server's port; otherwise 403. A page on `evil.example` whose name
//!    was rebound to 127.0.0.1 sends `Host: evil.example` and is refused.
//! 2. Any request but GET/HEAD: an `Origin` (browsers send it on POSTs)
//!    must be such a name too, and `Sec-Fetch-Site: cross-site` is refused:
//!    403. With the `application/json` rule of the API this stops cross-site
//!    form posts to a local server.
//! 3. LAN mode: the run's token, from `?token=`, the `bodesk_token` cookie or
//!    `Authorization: Bearer`, compared in constant time; otherwise 401. A
//!    valid `?token=` sets the cookie (HttpOnly, SameSite=Strict) so that the
//!    page's assets and calls carry it.
//! 4. The client is read-only unless its address is loopback ([`Client`]).

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;
use bodesk_api::{ApiError, ErrorCode};

use crate::api::error_response;
use crate::ServeConfig;

/// The cookie that carries the token after the first page load.
pub const COOKIE: &str = "bodesk_token";

/// The Content-Security-Policy of every answer: the desktop window's
/// (`tauri.conf.json`) for the browser: own scripts and styles only, no
/// inline script, no eval, no framing.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; \
base-uri 'self'; form-action 'none'; frame-ancestors 'none'";

/// Headers set on every answer, errors and files included.
pub const SECURITY_HEADERS: [(&str, &str); 6] = [
    ("content-security-policy", CSP),
    ("x-content-type-options", "nosniff"),
    // The LAN URL carries the token: never send it on as a Referer.
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
    ("cross-origin-opener-policy", "same-origin"),
    ("cross-origin-resource-policy", "same-origin"),
];

/// A run's secret: 128 random bits, written as 32 lowercase hex digits.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken([u8; 16]);

impl std::fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AccessToken(…)")
    }
}

impl AccessToken {
    /// A fresh token from the operating system's random source.
    pub fn generate() -> Result<AccessToken, getrandom::Error> {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes)?;
        Ok(AccessToken(bytes))
    }

    pub fn from_bytes(bytes: [u8; 16]) -> AccessToken {
        AccessToken(bytes)
    }

    pub fn hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Whether `candidate` is this token, in time independent of where they
    /// differ (only the length, public anyway, ends it early).
    pub fn matches(&self, candidate: &str) -> bool {
        let expected = self.hex();
        let (a, b) = (expected.as_bytes(), candidate.trim().as_bytes());
        if a.len() != b.len() {
            return false;
        }
        let diff = a
            .iter()
            .zip(b)
            .fold(0u8, |acc, (x, y)| acc | (x ^ y.to_ascii_lowercase()));
        std::hint::black_box(diff) == 0
    }
}

/// What the guard decided about the client; handlers read it as an extension.
#[derive(Debug, Clone, Copy)]
pub struct Client {
    /// Not on this computer: only `Access::Read` commands.
    pub read_only: bool,
}

/// A `Host`/`Origin` name as it appears in a URL: IPv6 in brackets.
pub fn host_name_of(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    }
}

/// The guard's view of the configuration.
#[derive(Debug)]
pub(crate) struct Guard {
    names: Vec<String>,
    port: u16,
    token: Option<crate::AccessToken>,
}

impl Guard {
    pub(crate) fn new(config: &ServeConfig) -> Guard {
        let mut names: Vec<String> = ["localhost", "127.0.0.1", "[::1]"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        if config.lan {
            names.extend(config.lan_addresses.iter().map(|ip| host_name_of(*ip)));
            if let Some(h) = &config.hostname {
                let h = h.to_ascii_lowercase();
                names.push(format!("{h}.local"));
                names.push(h);
            }
        }
        Guard {
            names,
            port: config.port,
            token: if config.lan {
                config.token.clone()
            } else {
                None
            },
        }
    }

    /// Whether `authority` (`name`, `name:port`, `[v6]:port`) is served here.
    fn serves(&self, authority: &str) -> bool {
        let authority = authority.trim().to_ascii_lowercase();
        let (name, port) = split_authority(&authority);
        let port_ok = match port {
            None => true,
            Some(p) => self.port == 0 || p.parse::<u16>().ok() == Some(self.port),
        };
        port_ok && self.names.iter().any(|n| n == name)
    }

    fn check_host(&self, req: &Request) -> Result<(), String> {
        let host = req
            .headers()
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
            .or_else(|| req.uri().authority().map(|a| a.to_string()));
        match host {
            Some(h) if self.serves(&h) => Ok(()),
            Some(h) => Err(format!(
                "this server does not answer to the name {h:?}: open the address it printed"
            )),
            None => Err("the request names no host: open the address the server printed".into()),
        }
    }

    fn check_origin(&self, headers: &HeaderMap) -> Result<(), String> {
        if headers
            .get("sec-fetch-site")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|s| s.eq_ignore_ascii_case("cross-site"))
        {
            return Err("requests from other sites are refused".into());
        }
        let Some(origin) = headers.get(header::ORIGIN) else {
            return Ok(());
        };
        let origin = origin.to_str().unwrap_or("");
        match origin.strip_prefix("http://") {
            Some(authority) if self.serves(authority.trim_end_matches('/')) => Ok(()),
            _ => Err(format!("requests from {origin:?} are refused")),
        }
    }

    /// In LAN mode: `Ok(true)` when the token came in the query only (so the
    /// answer sets the cookie), `Ok(false)` when it came otherwise.
    fn check_token(&self, req: &Request) -> Result<bool, ()> {
        let Some(token) = &self.token else {
            return Ok(false);
        };
        let headers = req.headers();
        let from_cookie = headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .any(|(k, v)| k == COOKIE && token.matches(v));
        let from_bearer = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .is_some_and(|v| token.matches(v));
        let from_query = req
            .uri()
            .query()
            .unwrap_or("")
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .any(|(k, v)| k == "token" && token.matches(v));
        if from_cookie || from_bearer {
            Ok(false)
        } else if from_query {
            Ok(true)
        } else {
            Err(())
        }
    }

    fn cookie(&self) -> Option<HeaderValue> {
        let token = self.token.as_ref()?;
        HeaderValue::from_str(&format!(
            "{COOKIE}={}; Path=/; HttpOnly; SameSite=Strict",
            token.hex()
        ))
        .ok()
    }
}

/// `name[:port]` → (name, port); `[v6]` keeps its brackets.
fn split_authority(authority: &str) -> (&str, Option<&str>) {
    if authority.starts_with('[') {
        return match authority.find(']') {
            Some(end) => {
                let (name, rest) = authority.split_at(end + 1);
                (name, rest.strip_prefix(':'))
            }
            None => (authority, None),
        };
    }
    match authority.rsplit_once(':') {
        Some((name, port)) => (name, Some(port)),
        None => (authority, None),
    }
}

fn is_loopback(addr: SocketAddr) -> bool {
    match addr.ip() {
        IpAddr::V4(v4) => v4.is_loopback(),
        IpAddr::V6(v6) => {
            v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
    }
}

/// The middleware of steps 1 to 4 (module docs).
pub(crate) async fn guard(
    State(guard): State<Arc<Guard>>,
    mut req: Request,
    next: Next,
) -> Response {
    if let Err(message) = guard.check_host(&req) {
        return error_response(ApiError::new(ErrorCode::Forbidden, message));
    }
    // Reading is harmless cross-site (the answer goes to the user's own tab,
    // or is withheld by CORS and CORP), and a link to the page may be
    // clicked in a chat; anything else must come from the page itself.
    let reads = matches!(*req.method(), Method::GET | Method::HEAD);
    if !reads {
        if let Err(message) = guard.check_origin(req.headers()) {
            return error_response(ApiError::new(ErrorCode::Forbidden, message));
        }
    }
    let set_cookie = match guard.check_token(&req) {
        Ok(set) => set,
        Err(()) => {
            let mut res = error_response(ApiError::new(
                ErrorCode::Unauthorized,
                "this server needs its access token: open the full address it printed \
                 (…/?token=…); a token from an earlier run no longer works",
            ));
            res.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            return res;
        }
    };
    // No peer address (a misbuilt service): the safe assumption is "remote".
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    let read_only = !peer.is_some_and(is_loopback);
    req.extensions_mut().insert(Client { read_only });
    let mut res = next.run(req).await;
    if set_cookie {
        if let Some(cookie) = guard.cookie() {
            res.headers_mut().append(header::SET_COOKIE, cookie);
        }
    }
    res
}

/// Adds [`SECURITY_HEADERS`] to every answer.
pub(crate) async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let headers = res.headers_mut();
    for (name, value) in SECURITY_HEADERS {
        headers.insert(name, HeaderValue::from_static(value));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_by_value() {
        let t = AccessToken::from_bytes([0xab; 16]);
        assert_eq!(t.hex(), "ab".repeat(16));
        assert!(t.matches(&"ab".repeat(16)));
        assert!(t.matches(&"AB".repeat(16)));
        assert!(!t.matches(&"ab".repeat(15)));
        assert!(!t.matches(&format!("{}ac", "ab".repeat(15))));
        assert!(!t.matches(""));
        let fresh = AccessToken::generate().unwrap();
        assert_ne!(fresh, AccessToken::generate().unwrap());
        assert_eq!(fresh.hex().len(), 32);
    }

    #[test]
    fn authorities_split_into_name_and_port() {
        assert_eq!(split_authority("localhost"), ("localhost", None));
        assert_eq!(
            split_authority("localhost:8080"),
            ("localhost", Some("8080"))
        );
        assert_eq!(split_authority("[::1]:8080"), ("[::1]", Some("8080")));
        assert_eq!(split_authority("[::1]"), ("[::1]", None));
    }

    #[test]
    fn hosts_are_checked_by_name_and_port() {
        let mut config = ServeConfig::local(8080, "ui".into());
        let local = Guard::new(&config);
        assert!(local.serves("localhost:8080"));
        assert!(local.serves("LOCALHOST"));
        assert!(local.serves("127.0.0.1:8080"));
        assert!(local.serves("[::1]:8080"));
        assert!(!local.serves("localhost:8081"));
        assert!(!local.serves("evil.example:8080"));
        assert!(!local.serves("localhost.evil.example"));
        assert!(!local.serves("myhost:8080"));
        config.lan = true;
        config.lan_addresses = vec!["192.168.1.5".parse().unwrap()];
        config.hostname = Some("MyHost".into());
        let lan = Guard::new(&config);
        assert!(lan.serves("192.168.1.5:8080"));
        assert!(lan.serves("myhost:8080"));
        assert!(lan.serves("myhost.local"));
        assert!(!lan.serves("192.168.1.6:8080"));
    }
}
