//! Serve mode's access rules, driven through the real router with
//! `tower::ServiceExt::oneshot`: the peer address is injected as axum's
//! `ConnectInfo`, so a "LAN client" here is only a request tagged with a LAN
//! address; nothing leaves the process.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, Response, StatusCode};
use axum::Router;
use bodesk_api::App;
use bodesk_server::{router, AccessToken, ServeConfig};
use serde_json::{json, Value};
use tower::ServiceExt as _;

const LOOPBACK: &str = "127.0.0.1:50000";
const LAN_PEER: &str = "192.168.1.20:50000";
const LAN_IP: &str = "192.168.1.5";
const PORT: u16 = 8080;

struct Fixture {
    _dir: tempfile::TempDir,
    app: Arc<App>,
    ui: std::path::PathBuf,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let ui = dir.path().join("ui");
    std::fs::create_dir_all(ui.join("assets")).unwrap();
    std::fs::write(
        ui.join("index.html"),
        "<!doctype html><title>Backorder Desk</title>",
    )
    .unwrap();
    std::fs::write(ui.join("assets/app.js"), "console.log('hi');").unwrap();
    let app = Arc::new(App::open(&dir.path().join("ws.sqlite")).unwrap());
    Fixture { _dir: dir, app, ui }
}

fn local(f: &Fixture) -> Router {
    router(f.app.clone(), &ServeConfig::local(PORT, f.ui.clone()))
}

fn lan_config(ui: &Path) -> ServeConfig {
    ServeConfig {
        lan: true,
        token: Some(AccessToken::generate().unwrap()),
        lan_addresses: vec![LAN_IP.parse().unwrap()],
        hostname: Some("planner-laptop".into()),
        ..ServeConfig::local(PORT, ui.to_path_buf())
    }
}

fn token_of(config: &ServeConfig) -> String {
    config.token.as_ref().unwrap().hex()
}

/// A request as a client at `peer` sends it to `host`.
fn request(method: &str, uri: &str, host: &str, peer: &str, body: Option<Value>) -> Request<Body> {
    let mut req = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::HOST, host);
    let body = match body {
        Some(v) => {
            req = req.header(header::CONTENT_TYPE, "application/json");
            Body::from(serde_json::to_vec(&v).unwrap())
        }
        None => Body::empty(),
    };
    let mut req = req.body(body).unwrap();
    req.extensions_mut()
        .insert(ConnectInfo(peer.parse::<SocketAddr>().unwrap()));
    req
}

fn post(command: &str, host: &str, peer: &str, args: Value) -> Request<Body> {
    request("POST", &format!("/api/{command}"), host, peer, Some(args))
}

fn with(mut req: Request<Body>, name: header::HeaderName, value: &str) -> Request<Body> {
    req.headers_mut().insert(name, value.parse().unwrap());
    req
}

async fn send(router: &Router, req: Request<Body>) -> Response<Body> {
    router.clone().oneshot(req).await.unwrap()
}

async fn json_of(res: Response<Body>) -> Value {
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v == "application/json");
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .unwrap();
    assert!(is_json, "not JSON: {}", String::from_utf8_lossy(&bytes));
    serde_json::from_slice(&bytes).unwrap()
}

async fn expect_error(res: Response<Body>, status: StatusCode, code: &str) -> String {
    assert_eq!(res.status(), status);
    let body = json_of(res).await;
    assert_eq!(body["code"], code, "{body}");
    body["message"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_host_the_server_does_not_serve_is_forbidden() {
    let f = fixture();
    let r = local(&f);
    // DNS rebinding: a page on evil.example whose name now points at 127.0.0.1.
    for host in [
        "evil.example:8080",
        "evil.example",
        "localhost:8081",
        "192.168.1.5:8080",
    ] {
        let res = send(&r, request("GET", "/", host, LOOPBACK, None)).await;
        expect_error(res, StatusCode::FORBIDDEN, "forbidden").await;
        let res = send(&r, post("app_info", host, LOOPBACK, json!({}))).await;
        expect_error(res, StatusCode::FORBIDDEN, "forbidden").await;
    }
    for host in [
        "localhost:8080",
        "127.0.0.1:8080",
        "[::1]:8080",
        "localhost",
    ] {
        let res = send(&r, request("GET", "/", host, LOOPBACK, None)).await;
        assert_eq!(res.status(), StatusCode::OK, "{host}");
    }
    // LAN mode serves its LAN address and host name too, and nothing else.
    let config = lan_config(&f.ui);
    let r = router(f.app.clone(), &config);
    let uri = format!("/?token={}", token_of(&config));
    for host in [
        "192.168.1.5:8080",
        "planner-laptop:8080",
        "planner-laptop.local:8080",
    ] {
        let res = send(&r, request("GET", &uri, host, LAN_PEER, None)).await;
        assert_eq!(res.status(), StatusCode::OK, "{host}");
    }
    let res = send(
        &r,
        request("GET", &uri, "evil.example:8080", LAN_PEER, None),
    )
    .await;
    expect_error(res, StatusCode::FORBIDDEN, "forbidden").await;
}

#[tokio::test]
async fn a_cross_site_request_is_forbidden() {
    let f = fixture();
    let r = local(&f);
    let req = with(
        post("load_demo", "127.0.0.1:8080", LOOPBACK, json!({})),
        header::ORIGIN,
        "http://evil.example",
    );
    expect_error(send(&r, req).await, StatusCode::FORBIDDEN, "forbidden").await;
    let req = with(
        post("app_info", "127.0.0.1:8080", LOOPBACK, json!({})),
        "sec-fetch-site".parse().unwrap(),
        "cross-site",
    );
    expect_error(send(&r, req).await, StatusCode::FORBIDDEN, "forbidden").await;
    // A form post (no JSON content type) never reaches a command.
    let mut req = request("POST", "/api/load_demo", "127.0.0.1:8080", LOOPBACK, None);
    req.headers_mut()
        .insert(header::CONTENT_TYPE, "text/plain".parse().unwrap());
    expect_error(
        send(&r, req).await,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "invalid_input",
    )
    .await;
    // A link to the page clicked on another site opens it.
    let req = with(
        request("GET", "/", "127.0.0.1:8080", LOOPBACK, None),
        "sec-fetch-site".parse().unwrap(),
        "cross-site",
    );
    assert_eq!(send(&r, req).await.status(), StatusCode::OK);
    // The page's own calls carry its own origin.
    let req = with(
        post("app_info", "127.0.0.1:8080", LOOPBACK, json!({})),
        header::ORIGIN,
        "http://127.0.0.1:8080",
    );
    assert_eq!(send(&r, req).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn lan_mode_without_the_token_is_unauthorized() {
    let f = fixture();
    let config = lan_config(&f.ui);
    let r = router(f.app.clone(), &config);
    for peer in [LAN_PEER, LOOPBACK] {
        let res = send(&r, request("GET", "/", "192.168.1.5:8080", peer, None)).await;
        assert!(res.headers().contains_key(header::WWW_AUTHENTICATE));
        expect_error(res, StatusCode::UNAUTHORIZED, "unauthorized").await;
        let res = send(
            &r,
            request("GET", "/assets/app.js", "192.168.1.5:8080", peer, None),
        )
        .await;
        expect_error(res, StatusCode::UNAUTHORIZED, "unauthorized").await;
        let res = send(&r, post("app_info", "192.168.1.5:8080", peer, json!({}))).await;
        expect_error(res, StatusCode::UNAUTHORIZED, "unauthorized").await;
    }
    let res = send(
        &r,
        request("GET", "/?token=", "192.168.1.5:8080", LAN_PEER, None),
    )
    .await;
    expect_error(res, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

#[tokio::test]
async fn a_token_from_a_previous_run_is_unauthorized() {
    let f = fixture();
    let previous = lan_config(&f.ui);
    let current = lan_config(&f.ui);
    let r = router(f.app.clone(), &current);
    let old = token_of(&previous);
    let host = "192.168.1.5:8080";
    let res = send(
        &r,
        request("GET", &format!("/?token={old}"), host, LAN_PEER, None),
    )
    .await;
    assert!(!res.headers().contains_key(header::SET_COOKIE));
    expect_error(res, StatusCode::UNAUTHORIZED, "unauthorized").await;
    let req = with(
        request("GET", "/", host, LAN_PEER, None),
        header::COOKIE,
        &format!("bodesk_token={old}"),
    );
    expect_error(
        send(&r, req).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    let req = with(
        post("app_info", host, LAN_PEER, json!({})),
        header::AUTHORIZATION,
        &format!("Bearer {old}"),
    );
    expect_error(
        send(&r, req).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
}

#[tokio::test]
async fn the_token_in_the_url_sets_a_cookie_that_then_works() {
    let f = fixture();
    let config = lan_config(&f.ui);
    let r = router(f.app.clone(), &config);
    let token = token_of(&config);
    let host = "192.168.1.5:8080";
    let res = send(
        &r,
        request("GET", &format!("/?token={token}"), host, LAN_PEER, None),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = res
        .headers()
        .get(header::SET_COOKIE)
        .expect("a cookie")
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        cookie.starts_with(&format!("bodesk_token={token};")),
        "{cookie}"
    );
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Strict"), "{cookie}");
    let body = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .unwrap();
    assert!(String::from_utf8_lossy(&body).contains("Backorder Desk"));

    // The page's asset and its API calls carry only the cookie.
    let pair = cookie.split(';').next().unwrap();
    let req = with(
        request("GET", "/assets/app.js", host, LAN_PEER, None),
        header::COOKIE,
        pair,
    );
    let res = send(&r, req).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(!res.headers().contains_key(header::SET_COOKIE));
    let req = with(
        post("app_info", host, LAN_PEER, json!({})),
        header::COOKIE,
        &format!("theme=dark; {pair}"),
    );
    let res = send(&r, req).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(json_of(res).await["name"], "Backorder Desk");
    // A bearer header works as well (scripts).
    let req = with(
        post("app_info", host, LAN_PEER, json!({})),
        header::AUTHORIZATION,
        &format!("Bearer {token}"),
    );
    assert_eq!(send(&r, req).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn lan_clients_read_and_only_this_computer_writes() {
    let f = fixture();
    let config = lan_config(&f.ui);
    let r = router(f.app.clone(), &config);
    let auth = format!("Bearer {}", token_of(&config));
    let host = "192.168.1.5:8080";
    let call = |command: &str, peer: &str, args: Value| {
        with(
            post(command, host, peer, args),
            header::AUTHORIZATION,
            &auth,
        )
    };

    // Reads from a phone on the LAN.
    let res = send(&r, call("app_info", LAN_PEER, json!({}))).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(json_of(res).await["empty"], true);
    let res = send(&r, call("batches", LAN_PEER, json!({}))).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(json_of(res).await, json!([]));
    let req = with(
        request("GET", "/api/whoami", host, LAN_PEER, None),
        header::AUTHORIZATION,
        &auth,
    );
    assert_eq!(
        json_of(send(&r, req).await).await,
        json!({"read_only": true, "lan": true})
    );

    // Every write command is refused to it before it runs.
    for command in bodesk_api::COMMANDS
        .iter()
        .filter(|c| c.access == bodesk_api::Access::Write)
    {
        let res = send(&r, call(command.name, LAN_PEER, json!({"size": "small"}))).await;
        let message = expect_error(res, StatusCode::FORBIDDEN, "forbidden").await;
        assert!(message.contains("only from this computer"), "{message}");
    }
    let res = send(&r, call("jobs", LAN_PEER, json!({}))).await;
    assert_eq!(json_of(res).await, json!([]), "no job was started");

    // The same write from this computer reaches the command (which then
    // judges its arguments itself).
    let res = send(&r, call("import_paths", LOOPBACK, json!({"paths": []}))).await;
    let message = expect_error(res, StatusCode::BAD_REQUEST, "invalid_input").await;
    assert!(message.contains("at least one"), "{message}");
    let res = send(&r, call("cancel_job", LOOPBACK, json!({"job_id": 4242}))).await;
    expect_error(res, StatusCode::NOT_FOUND, "not_found").await;
    let req = with(
        request("GET", "/api/whoami", host, LOOPBACK, None),
        header::AUTHORIZATION,
        &auth,
    );
    assert_eq!(
        json_of(send(&r, req).await).await,
        json!({"read_only": false, "lan": true})
    );

    // A request with no peer address at all is treated as remote.
    let mut req = call("load_demo", LOOPBACK, json!({}));
    req.extensions_mut().remove::<ConnectInfo<SocketAddr>>();
    expect_error(send(&r, req).await, StatusCode::FORBIDDEN, "forbidden").await;
}

#[tokio::test]
async fn api_errors_are_json_with_fitting_statuses() {
    let f = fixture();
    let r = local(&f);
    let host = "127.0.0.1:8080";
    let res = send(&r, post("no_such_command", host, LOOPBACK, json!({}))).await;
    expect_error(res, StatusCode::NOT_FOUND, "not_found").await;
    let res = send(
        &r,
        request("GET", "/api/no/such/route", host, LOOPBACK, None),
    )
    .await;
    expect_error(res, StatusCode::NOT_FOUND, "not_found").await;
    let res = send(&r, post("kpis", host, LOOPBACK, json!({"nonsense": 1}))).await;
    let message = expect_error(res, StatusCode::BAD_REQUEST, "invalid_input").await;
    assert!(message.contains("nonsense"), "{message}");
    let mut req = request("POST", "/api/app_info", host, LOOPBACK, None);
    req.headers_mut()
        .insert(header::CONTENT_TYPE, "application/json".parse().unwrap());
    *req.body_mut() = Body::from("{not json");
    expect_error(
        send(&r, req).await,
        StatusCode::BAD_REQUEST,
        "invalid_input",
    )
    .await;
    let res = send(&r, request("GET", "/api/kpis", host, LOOPBACK, None)).await;
    expect_error(res, StatusCode::METHOD_NOT_ALLOWED, "invalid_input").await;
    // An empty body is "no arguments".
    let mut req = request("POST", "/api/app_info", host, LOOPBACK, None);
    req.headers_mut()
        .insert(header::CONTENT_TYPE, "application/json".parse().unwrap());
    assert_eq!(send(&r, req).await.status(), StatusCode::OK);
    // The command table.
    let res = send(&r, request("GET", "/api/commands", host, LOOPBACK, None)).await;
    let list = json_of(res).await;
    assert_eq!(list.as_array().unwrap().len(), bodesk_api::COMMANDS.len());
    assert!(list
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["name"] == "load_demo" && c["access"] == "write"));
    let req = request("GET", "/api/whoami", host, LOOPBACK, None);
    assert_eq!(
        json_of(send(&r, req).await).await,
        json!({"read_only": false, "lan": false})
    );
}

#[tokio::test]
async fn too_large_a_body_is_refused_as_json() {
    let f = fixture();
    let config = ServeConfig {
        body_limit: 1024,
        ..ServeConfig::local(PORT, f.ui.clone())
    };
    let r = router(f.app.clone(), &config);
    let big = json!({"files": [{"name": "x.csv", "data_base64": "A".repeat(4096)}]});
    let res = send(&r, post("import_upload", "127.0.0.1:8080", LOOPBACK, big)).await;
    expect_error(res, StatusCode::PAYLOAD_TOO_LARGE, "invalid_input").await;
}

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let f = fixture();
    let config = lan_config(&f.ui);
    let lan = router(f.app.clone(), &config);
    let token = token_of(&config);
    let host = "192.168.1.5:8080";
    let answers = vec![
        send(
            &local(&f),
            request("GET", "/", "localhost:8080", LOOPBACK, None),
        )
        .await,
        send(
            &local(&f),
            request("GET", "/missing.js", "localhost:8080", LOOPBACK, None),
        )
        .await,
        send(
            &local(&f),
            post("app_info", "localhost:8080", LOOPBACK, json!({})),
        )
        .await,
        send(
            &local(&f),
            request("GET", "/", "evil.example", LOOPBACK, None),
        )
        .await,
        send(&lan, request("GET", "/", host, LAN_PEER, None)).await,
        send(
            &lan,
            request("GET", &format!("/?token={token}"), host, LAN_PEER, None),
        )
        .await,
        send(&lan, post("load_demo", host, LAN_PEER, json!({}))).await,
    ];
    for res in answers {
        let h = res.headers();
        let csp = h
            .get("content-security-policy")
            .unwrap_or_else(|| panic!("no CSP on a {} answer", res.status()))
            .to_str()
            .unwrap();
        assert!(csp.contains("default-src 'self'"), "{csp}");
        assert!(csp.contains("script-src 'self'"), "{csp}");
        assert!(!csp.contains("unsafe-eval"), "{csp}");
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["referrer-policy"], "no-referrer");
        assert_eq!(h["x-frame-options"], "DENY");
    }
}

#[tokio::test]
async fn the_ui_files_are_served_and_nothing_outside_them() {
    let f = fixture();
    let r = local(&f);
    let host = "127.0.0.1:8080";
    let res = send(&r, request("GET", "/", host, LOOPBACK, None)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let res = send(&r, request("GET", "/assets/app.js", host, LOOPBACK, None)).await;
    assert_eq!(res.status(), StatusCode::OK);
    // The working set sits next to the UI folder in this fixture.
    for path in [
        "/../ws.sqlite",
        "/%2e%2e/ws.sqlite",
        "/assets/../../ws.sqlite",
    ] {
        let res = send(&r, request("GET", path, host, LOOPBACK, None)).await;
        assert_ne!(res.status(), StatusCode::OK, "{path}");
    }
}
