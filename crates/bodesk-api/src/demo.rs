//! The demo network: written as ERP export files by `bodesk-demo`, then
//! imported through the same ingest as real data, one export per as-of date,
//! so KPI trends have history.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

pub use bodesk_demo::{DemoConfig, Size, Vocabulary};

use crate::dto::{DemoReport, ImportOptions, ImportProgress};
use crate::{ApiError, ErrorCode, Workspace};

pub fn parse_size(s: &str) -> Result<Size, ApiError> {
    match s {
        "small" => Ok(Size::Small),
        "large" => Ok(Size::Large),
        _ => Err(ApiError::invalid(format!(
            "demo size {s:?}: small or large"
        ))),
    }
}

pub fn parse_vocabulary(s: &str) -> Result<Vocabulary, ApiError> {
    match s {
        "generic" => Ok(Vocabulary::Generic),
        "sap-de" => Ok(Vocabulary::SapDe),
        "sap-en" => Ok(Vocabulary::SapEn),
        _ => Err(ApiError::invalid(format!(
            "vocabulary {s:?}: generic, sap-de or sap-en"
        ))),
    }
}

/// Writes the demo export folders under `out`, oldest first.
pub fn write_demo(cfg: &DemoConfig, out: &Path) -> Result<Vec<(String, PathBuf)>, ApiError> {
    let exports = bodesk_demo::write_exports(cfg, out).map_err(|e| {
        ApiError::new(
            ErrorCode::Storage,
            format!("writing the demo export to {}: {e}", out.display()),
        )
    })?;
    Ok(exports
        .into_iter()
        .map(|e| (e.as_of.format("%Y-%m-%d").to_string(), e.dir))
        .collect())
}

impl Workspace {
    /// Generates the demo network into a temporary folder and imports each
    /// monthly export in turn.
    pub fn load_demo(
        &mut self,
        cfg: &DemoConfig,
        progress: &mut dyn FnMut(&ImportProgress),
        cancel: &AtomicBool,
    ) -> Result<DemoReport, ApiError> {
        // Unique per call: two working sets may load a demo at once.
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!(
            "bodesk-demo-{}-{}-{n}",
            std::process::id(),
            cfg.seed
        ));
        let exports = write_demo(cfg, &dir)?;
        let mut batches = Vec::new();
        let result = (|| {
            for (as_of, folder) in &exports {
                let options = ImportOptions {
                    as_of: Some(as_of.clone()),
                    keep_valid: false,
                    profile_toml: None,
                };
                let report =
                    self.import(std::slice::from_ref(folder), &options, progress, cancel)?;
                if !report.committed {
                    let why: Vec<String> = report
                        .rejects
                        .iter()
                        .take(5)
                        .map(|r| r.to_string())
                        .collect();
                    return Err(ApiError::new(
                        ErrorCode::Internal,
                        format!(
                            "the demo export of {as_of} was rejected: {}",
                            why.join("; ")
                        ),
                    ));
                }
                batches.extend(report.batch_id);
            }
            Ok(())
        })();
        let _ = std::fs::remove_dir_all(&dir);
        result?;
        Ok(DemoReport {
            exports: exports.into_iter().map(|(a, _)| a).collect(),
            batches,
        })
    }
}
