//! `bodesk serve`: the built web UI (`ui/dist`) and a JSON API over
//! [`bodesk_api::App`], on axum and tokio.
//!
//! - `POST /api/<command>` with the command's JSON arguments as the body runs
//!   [`App::call`] (on a blocking thread: the App's calls block) and answers
//!   its JSON, or `{code, message}` with an HTTP status that fits the code
//!   ([`status_of`]). The commands are exactly [`bodesk_api::COMMANDS`], so the
//!   browser and the desktop IPC mirror each other one to one.
//! - `GET /api/whoami` → `{read_only, lan}` (the UI hides write buttons for
//!   read-only clients); `GET /api/commands` → the command table.
//! - Every other `GET` is a file of the UI folder (`/` is `index.html`).
//!
//! Security ([`access`]): by default the server binds 127.0.0.1 only. LAN
//! mode ([`ServeConfig::lan`]) is an explicit opt-in: it binds 0.0.0.0 and
//! every request must carry the run's random 128-bit token (query, cookie or
//! bearer header; a token from an earlier run is just wrong); clients that are
//! not on this computer only read. In both modes the `Host` header must name
//! this server (DNS-rebinding defense), a cross-site `Origin` is refused, API
//! calls must be `application/json` (no cross-site form posts), and every
//! answer carries a strict CSP and friends ([`access::SECURITY_HEADERS`]).
//!
//! [`router`] builds the whole service for tests (drive it with
//! `tower::ServiceExt::oneshot`, injecting `ConnectInfo<SocketAddr>`);
//! [`Server`] binds and runs it; [`serve_blocking`] is what the CLI calls.

pub mod access;
mod api;
pub mod lan;

use std::future::Future;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use bodesk_api::App;

pub use access::AccessToken;
pub use api::status_of;

/// Request bodies up to this size are read: `import_upload` sends whole
/// export files base64-encoded in JSON.
pub const DEFAULT_BODY_LIMIT: usize = 512 * 1024 * 1024;

/// How `bodesk serve` runs. Public fields: build it with [`ServeConfig::local`]
/// or [`ServeConfig::lan`] and adjust.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// The TCP port; 0 asks the system for a free one ([`Server::bind`] then
    /// writes the real one here).
    pub port: u16,
    /// LAN mode: bind 0.0.0.0, require the token, LAN clients read only.
    pub lan: bool,
    /// The built UI (`ui/dist`), holding `index.html`.
    pub ui_dir: PathBuf,
    /// LAN mode: the secret every request must carry. `None` in local mode.
    pub token: Option<AccessToken>,
    /// LAN mode: this machine's LAN addresses, accepted as `Host` names; the
    /// first is the one the printed URL uses.
    pub lan_addresses: Vec<IpAddr>,
    /// LAN mode: the machine's host name, accepted as `Host` (also `<name>.local`).
    pub hostname: Option<String>,
    /// The largest request body read, in bytes.
    pub body_limit: usize,
}

impl ServeConfig {
    /// This computer only: 127.0.0.1, no token, every client may write.
    pub fn local(port: u16, ui_dir: PathBuf) -> ServeConfig {
        ServeConfig {
            port,
            lan: false,
            ui_dir,
            token: None,
            lan_addresses: Vec::new(),
            hostname: None,
            body_limit: DEFAULT_BODY_LIMIT,
        }
    }

    /// The LAN opt-in: a fresh random token, this machine's LAN IPv4 address
    /// and host name.
    pub fn lan(port: u16, ui_dir: PathBuf) -> Result<ServeConfig, ServeError> {
        let token = AccessToken::generate()
            .map_err(|e| ServeError::Random(format!("no randomness for the access token: {e}")))?;
        Ok(ServeConfig {
            lan: true,
            token: Some(token),
            lan_addresses: lan::lan_ipv4().map(IpAddr::V4).into_iter().collect(),
            hostname: lan::hostname(),
            ..ServeConfig::local(port, ui_dir)
        })
    }

    /// Where the server listens: 127.0.0.1, or every IPv4 interface in LAN mode.
    pub fn bind_addr(&self) -> SocketAddr {
        let ip = if self.lan {
            Ipv4Addr::UNSPECIFIED
        } else {
            Ipv4Addr::LOCALHOST
        };
        SocketAddr::new(IpAddr::V4(ip), self.port)
    }

    /// The URL to open: `http://127.0.0.1:<port>/`, or in LAN mode
    /// `http://<lan-ip or hostname>:<port>/?token=<hex>`.
    pub fn url(&self) -> String {
        let host = if self.lan {
            match (self.lan_addresses.first(), &self.hostname) {
                (Some(ip), _) => access::host_name_of(*ip),
                (None, Some(name)) => name.clone(),
                (None, None) => "127.0.0.1".to_string(),
            }
        } else {
            "127.0.0.1".to_string()
        };
        match &self.token {
            Some(t) => format!("http://{host}:{}/?token={}", self.port, t.hex()),
            None => format!("http://{host}:{}/", self.port),
        }
    }

    /// The same URL on this computer's loopback (for `--open`).
    pub fn loopback_url(&self) -> String {
        match &self.token {
            Some(t) => format!("http://127.0.0.1:{}/?token={}", self.port, t.hex()),
            None => format!("http://127.0.0.1:{}/", self.port),
        }
    }
}

/// Why the server could not start or run.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {addr}: {source}{hint}", hint = if source.kind() == std::io::ErrorKind::AddrInUse { " (another program uses this port: choose one with --port N, or --port 0 for any free port)" } else { "" })]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("no built UI in {0}: run `npm run build` in ui/ (or `bash scripts/setup.sh`), or point --ui / BODESK_UI_DIR at a folder with index.html")]
    NoUi(PathBuf),
    #[error("{0}")]
    Random(String),
    #[error("serving: {0}")]
    Io(#[from] std::io::Error),
}

/// The UI folder to serve: `explicit` (from `--ui` or `BODESK_UI_DIR`) when
/// given, else the repository's `ui/dist` next to the executable
/// (`…/target/<profile>/bodesk` → `…/ui/dist`), else `ui/dist` under the
/// current folder. It must hold `index.html`.
pub fn find_ui_dir(explicit: Option<PathBuf>, exe: Option<&Path>) -> Result<PathBuf, ServeError> {
    let has_index = |d: &Path| d.join("index.html").is_file();
    if let Some(dir) = explicit {
        return if has_index(&dir) {
            Ok(dir)
        } else {
            Err(ServeError::NoUi(dir))
        };
    }
    let mut candidates = Vec::new();
    if let Some(exe) = exe {
        // …/target/<profile>/bodesk, or …/target/<profile>/deps/<test binary>.
        for up in exe.ancestors().skip(3).take(2) {
            candidates.push(up.join("ui").join("dist"));
        }
    }
    if let Ok(cwd) = std::env::current_dir() {
        candidates.push(cwd.join("ui").join("dist"));
    }
    let first = candidates
        .first()
        .cloned()
        .unwrap_or_else(|| PathBuf::from("ui/dist"));
    candidates
        .into_iter()
        .find(|d| has_index(d))
        .ok_or(ServeError::NoUi(first))
}

/// The whole service: API, UI files, the access guard and security headers.
/// `config.port` is the port the `Host` header may name (0: any).
pub fn router(app: Arc<App>, config: &ServeConfig) -> Router {
    api::router(app, config)
}

/// A bound, not yet running server.
#[derive(Debug)]
pub struct Server {
    listener: tokio::net::TcpListener,
    router: Router,
    config: ServeConfig,
}

impl Server {
    /// Binds [`ServeConfig::bind_addr`]; `config.port` becomes the real port.
    pub async fn bind(app: Arc<App>, mut config: ServeConfig) -> Result<Server, ServeError> {
        let addr = config.bind_addr();
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| ServeError::Bind { addr, source })?;
        config.port = listener.local_addr()?.port();
        let router = router(app, &config);
        Ok(Server {
            listener,
            router,
            config,
        })
    }

    /// The configuration with the real port.
    pub fn config(&self) -> &ServeConfig {
        &self.config
    }

    /// Serves until `shutdown` completes, then stops accepting, lets running
    /// requests finish (at most a few seconds) and returns.
    pub async fn run(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let stop = Arc::new(tokio::sync::Notify::new());
        let stopped = stop.clone();
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        let serving = axum::serve(self.listener, service).with_graceful_shutdown(async move {
            shutdown.await;
            stopped.notify_one();
        });
        tokio::select! {
            result = serving => result,
            () = async {
                stop.notified().await;
                tokio::time::sleep(Duration::from_secs(5)).await;
            } => Ok(()),
        }
    }
}

/// Completes on Ctrl-C or (Unix) SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

/// Binds, calls `ready` with the configuration (real port included), serves
/// until Ctrl-C or SIGTERM. Runs its own tokio runtime: the CLI stays sync.
pub fn serve_blocking(
    app: Arc<App>,
    config: ServeConfig,
    ready: impl FnOnce(&ServeConfig),
) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let result = runtime.block_on(async move {
        let server = Server::bind(app, config).await?;
        ready(server.config());
        server.run(shutdown_signal()).await?;
        Ok(())
    });
    // A blocking call still running (a slow read) must not hold the exit.
    runtime.shutdown_background();
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ui_folder_is_found_next_to_the_build_or_named() {
        let repo = tempfile::tempdir().unwrap();
        let dist = repo.path().join("ui/dist");
        std::fs::create_dir_all(&dist).unwrap();
        let exe = repo.path().join("target/release/bodesk");
        assert!(find_ui_dir(None, Some(&exe)).is_err());
        let test_exe = repo.path().join("target/debug/deps/serve_http-123");
        // No index.html yet: the error says how to build it.
        let e = find_ui_dir(Some(dist.clone()), None)
            .unwrap_err()
            .to_string();
        assert!(e.contains("npm run build"), "{e}");
        std::fs::write(dist.join("index.html"), "<title>x</title>").unwrap();
        assert_eq!(find_ui_dir(None, Some(&exe)).unwrap(), dist);
        assert_eq!(find_ui_dir(None, Some(&test_exe)).unwrap(), dist);
        assert_eq!(find_ui_dir(Some(dist.clone()), None).unwrap(), dist);
    }

    #[test]
    fn urls_name_the_port_and_in_lan_mode_the_address_and_token() {
        let mut c = ServeConfig::local(8080, "ui".into());
        assert_eq!(c.url(), "http://127.0.0.1:8080/");
        assert_eq!(c.bind_addr().to_string(), "127.0.0.1:8080");
        c.lan = true;
        c.token = Some(AccessToken::from_bytes([1; 16]));
        c.lan_addresses = vec!["192.168.1.5".parse().unwrap()];
        assert_eq!(
            c.url(),
            format!("http://192.168.1.5:8080/?token={}", "01".repeat(16))
        );
        assert_eq!(c.bind_addr().to_string(), "0.0.0.0:8080");
        c.lan_addresses.clear();
        c.hostname = Some("planner-laptop".into());
        assert!(c.url().starts_with("http://planner-laptop:8080/?token="));
        assert!(c
            .loopback_url()
            .starts_with("http://127.0.0.1:8080/?token="));
    }
}
