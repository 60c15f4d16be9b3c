//! The routes: `POST /api/<command>`, `GET /api/whoami`, `GET /api/commands`,
//! and the UI's files for everything else.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use bodesk_api::{access_of, Access, ApiError, App, ErrorCode, COMMANDS};
use serde_json::{json, Value};
use tower::ServiceExt as _;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::services::ServeDir;

use crate::access::{self, Client, Guard};
use crate::ServeConfig;

#[derive(Debug)]
struct Shared {
    app: Arc<App>,
    ui_dir: std::path::PathBuf,
    body_limit: usize,
    lan: bool,
}

/// The HTTP status for an error code.
pub fn status_of(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::InvalidInput => StatusCode::BAD_REQUEST,
        ErrorCode::Rejected => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::Incompatible | ErrorCode::Busy | ErrorCode::Cancelled => StatusCode::CONFLICT,
        ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
        ErrorCode::Forbidden => StatusCode::FORBIDDEN,
        ErrorCode::Storage | ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

fn json_response(status: StatusCode, body: &Value) -> Response {
    // Serializing a `Value` cannot fail.
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    let mut res = (status, bytes).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// `{code, message}` with the status of its code.
pub(crate) fn error_response(e: ApiError) -> Response {
    let body = serde_json::to_value(&e)
        .unwrap_or_else(|_| json!({"code": "internal", "message": e.message}));
    json_response(status_of(e.code), &body)
}

fn error_with_status(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Response {
    let mut res = error_response(ApiError::new(code, message));
    *res.status_mut() = status;
    res
}

pub(crate) fn router(app: Arc<App>, config: &ServeConfig) -> Router {
    let shared = Arc::new(Shared {
        app,
        ui_dir: config.ui_dir.clone(),
        body_limit: config.body_limit,
        lan: config.lan,
    });
    let guard = Arc::new(Guard::new(config));
    Router::new()
        .route("/api/whoami", get(whoami))
        .route("/api/commands", get(commands))
        .route("/api/{command}", post(call))
        .method_not_allowed_fallback(method_not_allowed)
        .fallback(files)
        .with_state(shared)
        .layer(CatchPanicLayer::custom(|_panic| {
            error_response(ApiError::new(
                ErrorCode::Internal,
                "the server hit a defect while answering; it was logged nowhere but is not your doing",
            ))
        }))
        .layer(axum::middleware::from_fn_with_state(guard, access::guard))
        .layer(axum::middleware::from_fn(access::security_headers))
}

async fn whoami(State(s): State<Arc<Shared>>, client: Option<Extension<Client>>) -> Response {
    let read_only = client.map(|c| c.read_only).unwrap_or(true);
    json_response(
        StatusCode::OK,
        &json!({"read_only": read_only, "lan": s.lan}),
    )
}

async fn commands() -> Response {
    let list: Vec<Value> = COMMANDS
        .iter()
        .map(|c| json!({"name": c.name, "access": c.access, "doc": c.doc}))
        .collect();
    json_response(StatusCode::OK, &Value::Array(list))
}

async fn method_not_allowed(method: Method) -> Response {
    error_with_status(
        StatusCode::METHOD_NOT_ALLOWED,
        ErrorCode::InvalidInput,
        format!("{method} is not how to call this: commands are POST /api/<command> with JSON arguments"),
    )
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
}

async fn call(
    State(s): State<Arc<Shared>>,
    Path(command): Path<String>,
    client: Option<Extension<Client>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let Some(access) = access_of(&command) else {
        return error_response(ApiError::new(
            ErrorCode::NotFound,
            format!("no command {command:?} (GET /api/commands lists them)"),
        ));
    };
    let read_only = client.map(|c| c.read_only).unwrap_or(true);
    if access == Access::Write && read_only {
        return error_response(ApiError::new(
            ErrorCode::Forbidden,
            format!(
                "{command}: writes only from this computer; other devices may look, not change"
            ),
        ));
    }
    // A browser posts `application/json` cross-site only after a CORS
    // preflight, which this server never grants.
    if !is_json(&headers) {
        return error_with_status(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::InvalidInput,
            "send the arguments as JSON (content-type: application/json)",
        );
    }
    let bytes: Bytes = match axum::body::to_bytes(body, s.body_limit).await {
        Ok(b) => b,
        Err(_) => {
            return error_with_status(
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorCode::InvalidInput,
                format!(
                    "{command}: the request is larger than {} MiB (or was cut off)",
                    s.body_limit / (1024 * 1024)
                ),
            )
        }
    };
    let args: Value = if bytes.iter().all(u8::is_ascii_whitespace) {
        Value::Null
    } else {
        match serde_json::from_slice(&bytes) {
            Ok(v) => v,
            Err(e) => {
                return error_response(ApiError::invalid(format!(
                    "{command}: the body is not JSON: {e}"
                )))
            }
        }
    };
    let app = s.app.clone();
    match tokio::task::spawn_blocking(move || app.call(&command, args)).await {
        Ok(Ok(answer)) => json_response(StatusCode::OK, &answer),
        Ok(Err(e)) => error_response(e),
        Err(_) => error_response(ApiError::new(
            ErrorCode::Internal,
            "the command failed with a defect; the working set is unchanged",
        )),
    }
}

/// Anything else: an unknown `/api/…` route as JSON, else a file of the UI.
async fn files(State(s): State<Arc<Shared>>, req: Request) -> Response {
    let path = req.uri().path();
    if path == "/api" || path.starts_with("/api/") {
        return error_response(ApiError::new(
            ErrorCode::NotFound,
            format!("no API route {path}"),
        ));
    }
    let dir = ServeDir::new(&s.ui_dir).append_index_html_on_directories(true);
    match dir.oneshot(req).await {
        Ok(res) => res.map(Body::new),
        Err(e) => error_response(ApiError::new(
            ErrorCode::Internal,
            format!("reading the UI files: {e}"),
        )),
    }
}
