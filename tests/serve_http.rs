//! `bodesk serve` as a process: the real binary on a free loopback port with
//! a stand-in UI folder. Loads the demo through the HTTP API, waits for the
//! job, and checks that the API's KPIs are the CLI's `kpi --json`, that `/`
//! is the UI's index, and that SIGTERM stops the server cleanly. Only
//! 127.0.0.1 is ever contacted.

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use serde_json::{json, Value};
use support::{bin, show, RemoveBinCopy};

/// Kills the server if the test fails before stopping it.
struct Server(Child);
impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {} {}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One HTTP/1.1 request on a fresh connection to `authority` (127.0.0.1:port).
fn http(authority: &str, method: &str, path: &str, body: Option<&Value>) -> Answer {
    let mut stream = TcpStream::connect(authority).expect("connect to the server");
    let payload = body.map(|b| serde_json::to_vec(b).unwrap());
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\nAccept: application/json\r\n"
    );
    if let Some(p) = &payload {
        request.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            p.len()
        ));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    if let Some(p) = &payload {
        stream.write_all(p).unwrap();
    }
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete answer");
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = dechunk(&body);
    }
    Answer {
        status,
        headers,
        body,
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n").unwrap();
        let size_text = String::from_utf8_lossy(&data[..line_end]).to_string();
        let size = usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16).unwrap();
        data = &data[line_end + 2..];
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[..size]);
        data = &data[size + 2..];
    }
}

fn cli(db: &Path, args: &[&str]) -> Vec<u8> {
    let out = Command::new(bin())
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "bodesk {args:?}: {}", show(&out));
    out.stdout
}

#[test]
fn serve_answers_the_api_and_the_ui_like_the_cli() {
    let _cleanup = RemoveBinCopy;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.sqlite");
    let ui = dir.path().join("ui");
    std::fs::create_dir_all(&ui).unwrap();
    let index = "<!doctype html><title>stand-in UI for serve_http</title>";
    std::fs::write(ui.join("index.html"), index).unwrap();

    let mut server = Server(
        Command::new(bin())
            .arg("--db")
            .arg(&db)
            .args(["serve", "--port", "0"])
            .env("BODESK_UI_DIR", &ui)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start bodesk serve"),
    );
    let stdout = server.0.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let url = loop {
        let line = lines
            .next()
            .expect("bodesk serve printed its URL before exiting")
            .unwrap();
        if let Some(url) = line.strip_prefix("Backorder Desk serving ") {
            break url.trim().to_string();
        }
    };
    let authority = url
        .strip_prefix("http://")
        .and_then(|rest| rest.strip_suffix('/'))
        .unwrap_or_else(|| panic!("unexpected URL {url}"))
        .to_string();
    assert!(authority.starts_with("127.0.0.1:"), "{url}");
    assert_ne!(authority, "127.0.0.1:0", "the real port is printed");

    // The page.
    let page = http(&authority, "GET", "/", None);
    assert_eq!(page.status, 200);
    assert_eq!(String::from_utf8_lossy(&page.body), index);
    assert!(page.header("content-security-policy").is_some());

    // The demo as the UI's first-run screen loads it: a job, polled.
    let job = http(
        &authority,
        "POST",
        "/api/load_demo",
        Some(&json!({"size": "small"})),
    );
    assert_eq!(job.status, 200, "{}", String::from_utf8_lossy(&job.body));
    let job_id = job.json()["job_id"].as_u64().expect("a job id");
    let mut finished = None;
    // Bounded only so that a hung job fails instead of hanging the suite.
    for _ in 0..20_000 {
        let status = http(
            &authority,
            "POST",
            "/api/job_status",
            Some(&json!({ "job_id": job_id })),
        );
        assert_eq!(status.status, 200);
        let s = status.json();
        if s["state"] != "running" {
            finished = Some(s);
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let finished = finished.expect("the demo job ended");
    assert_eq!(finished["state"], "done", "{finished}");

    // The same numbers as the CLI.
    let kpis = http(&authority, "POST", "/api/kpis", Some(&json!({})));
    assert_eq!(kpis.status, 200);
    let from_cli: Value = serde_json::from_slice(&cli(&db, &["kpi", "--json"])).unwrap();
    assert!(
        from_cli["total"]["open_lines"].as_u64().unwrap_or(0) > 0,
        "the demo has open lines: {from_cli}"
    );
    assert_eq!(kpis.json(), from_cli);

    // A wrong name in Host is refused here too.
    let mut stream = TcpStream::connect(&authority).unwrap();
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).unwrap();
    assert!(raw.starts_with("HTTP/1.1 403"), "{raw}");

    // SIGTERM: a clean stop.
    #[cfg(unix)]
    {
        let killed = Command::new("kill")
            .args(["-TERM", &server.0.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let status = server.0.wait().unwrap();
        assert!(status.success(), "bodesk serve ended with {status}");
    }
}
