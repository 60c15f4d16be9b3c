//! The whole-file pass of the sniffer: SHA-256, size, magic numbers, binary
//! data, encoding and decoding errors, and a decoded sample of the start.

use std::fs::File;
use std::path::Path;

use encoding_rs::{DecoderResult, UTF_16BE, UTF_16LE, WINDOWS_1252};
use sha2::{Digest, Sha256};

use super::parse::{count_line_ends, count_where};
use super::source::{find_bad_1252, read_full, utf16_units, CHUNK};
use super::{FileError, TextEncoding};

/// Bytes of the start of the file kept for the dialect (the sniffer looks at
/// about half of it; the rest lets a long first line end).
pub(crate) const SAMPLE_BYTES: usize = 2 << 20;

pub(crate) struct Scan {
    pub sha256: String,
    pub size: u64,
    pub encoding: TextEncoding,
    /// The start of the file, decoded (without BOM).
    pub sample: String,
    /// `sample` is the whole file.
    pub complete: bool,
}

/// Known binary formats by their first bytes.
fn magic(head: &[u8]) -> Option<&'static str> {
    const KNOWN: &[(&[u8], &str)] = &[
        (
            b"PK\x03\x04",
            "a ZIP archive (an .xlsx workbook?): export as CSV",
        ),
        (
            b"PK\x05\x06",
            "a ZIP archive (an .xlsx workbook?): export as CSV",
        ),
        (
            b"PK\x07\x08",
            "a ZIP archive (an .xlsx workbook?): export as CSV",
        ),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            "an OLE2 compound file (an old .xls workbook?): export as CSV",
        ),
        (b"%PDF-", "a PDF document: export the data as CSV"),
        (b"\x1F\x8B", "a gzip archive: unpack it first"),
        (b"SQLite format 3\x00", "an SQLite database"),
        (b"\x89PNG\r\n\x1A\n", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"7z\xBC\xAF\x27\x1C", "a 7-Zip archive: unpack it first"),
        (b"Rar!\x1A\x07", "a RAR archive: unpack it first"),
        (b"\xFD7zXZ\x00", "an xz archive: unpack it first"),
        (b"\x28\xB5\x2F\xFD", "a zstd archive: unpack it first"),
        (b"\x7FELF", "an executable"),
        (b"MZ\x90\x00", "an executable"),
    ];
    KNOWN
        .iter()
        .find(|(m, _)| head.starts_with(m))
        .map(|(_, what)| *what)
}

/// Many control bytes at the start: binary data that happens to have no NUL
/// (yet) and no known magic number.
fn looks_binary(head: &[u8]) -> Option<usize> {
    let head = &head[..head.len().min(8192)];
    let is_ctl = |b: u8| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1A);
    let n = head.iter().filter(|&&b| is_ctl(b)).count();
    if n >= 16 && n * 100 > head.len() {
        head.iter().position(|&b| is_ctl(b))
    } else {
        None
    }
}

fn binary(what: impl Into<String>, offset: u64) -> FileError {
    FileError::Binary {
        what: what.into(),
        offset,
    }
}

fn nul(line: u64, offset: u64) -> FileError {
    binary(
        format!(
            "a NUL byte on line {line} (binary data, or UTF-16 text without a byte order mark)"
        ),
        offset,
    )
}

pub(crate) fn scan_file(path: &Path) -> Result<Scan, FileError> {
    let mut file = File::open(path)?;
    let mut buf = vec![0u8; CHUNK + 8];
    let n = read_full(&mut file, &mut buf[..CHUNK])?;
    if n == 0 {
        return Err(FileError::Empty);
    }
    let head = &buf[..n];
    let (encoding, bom) = if head.starts_with(b"\xEF\xBB\xBF") {
        (Some(TextEncoding::Utf8Bom), 3)
    } else if head.starts_with(b"\xFF\xFE") {
        (Some(TextEncoding::Utf16Le), 2)
    } else if head.starts_with(b"\xFE\xFF") {
        (Some(TextEncoding::Utf16Be), 2)
    } else {
        (None, 0)
    };
    if n == bom {
        return Err(FileError::Empty);
    }
    if encoding.is_none() {
        if let Some(what) = magic(head) {
            return Err(binary(what, 0));
        }
    }
    if !matches!(
        encoding,
        Some(TextEncoding::Utf16Le | TextEncoding::Utf16Be)
    ) {
        if let Some(p) = looks_binary(&head[bom..]) {
            return Err(binary("binary data (control bytes)", (bom + p) as u64));
        }
    }
    let mut hasher = Sha256::new();
    match encoding {
        Some(e @ (TextEncoding::Utf16Le | TextEncoding::Utf16Be)) => {
            scan_utf16(file, buf, n, e, &mut hasher)
        }
        _ => scan_bytes(file, buf, n, encoding.is_some(), &mut hasher),
    }
}

fn hex(hasher: Sha256) -> String {
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A position in the file with its line.
#[derive(Clone, Copy)]
struct At {
    line: u64,
    offset: u64,
}

fn scan_bytes(
    mut file: File,
    mut buf: Vec<u8>,
    first: usize,
    bom: bool,
    hasher: &mut Sha256,
) -> Result<Scan, FileError> {
    let mut sample: Vec<u8> = Vec::new();
    let mut size = 0u64;
    let mut line = 1u64;
    let mut prev_cr = false;
    // File offset of buf[0]; buf[..carry] is an incomplete UTF-8 sequence from
    // the chunk before.
    let mut base = 0u64;
    let mut carry = 0usize;
    let mut n = first;
    let mut multibyte = 0u64;
    let mut invalid = 0u64;
    let mut first_invalid: Option<At> = None;
    let mut first_bad_1252: Option<At> = None;
    loop {
        let eof = n == 0;
        let new = carry..carry + n;
        hasher.update(&buf[new.clone()]);
        size += n as u64;
        if sample.len() < SAMPLE_BYTES {
            let take = n.min(SAMPLE_BYTES - sample.len());
            sample.extend_from_slice(&buf[carry..carry + take]);
        }
        let len = carry + n;
        let data = &buf[..len];
        let at = |p: usize| {
            let mut cr = prev_cr;
            At {
                line: line + count_line_ends(&data[..p], &mut cr),
                offset: base + p as u64,
            }
        };
        // NUL and bytes Windows-1252 cannot have (only the new bytes: the
        // carried ones were looked at before).
        let fresh = &data[new.clone()];
        if let Some(p) = find_bad_1252(fresh) {
            let p = new.start + p;
            let a = at(p);
            if data[p] == 0 {
                return Err(nul(a.line, a.offset));
            }
            if first_bad_1252.is_none() {
                first_bad_1252 = Some(a);
            }
            if let Some(q) = data[p..]
                .contains(&0)
                .then(|| data[p..].iter().position(|&b| b == 0))
                .flatten()
            {
                let a = at(p + q);
                return Err(nul(a.line, a.offset));
            }
        }
        // UTF-8: count valid multi-byte sequences and invalid ones.
        let mut i = 0;
        let mut keep = 0;
        while i < len {
            match std::str::from_utf8(&data[i..]) {
                Ok(_) => {
                    multibyte += count_where(&data[i..], |b| b >= 0xC0) as u64;
                    break;
                }
                Err(e) => {
                    let up = i + e.valid_up_to();
                    multibyte += count_where(&data[i..up], |b| b >= 0xC0) as u64;
                    match e.error_len() {
                        None if !eof => {
                            keep = len - up;
                            break;
                        }
                        bad => {
                            invalid += 1;
                            if first_invalid.is_none() {
                                let a = at(up);
                                if bom {
                                    return Err(FileError::Undecodable {
                                        line: a.line,
                                        offset: a.offset,
                                        encoding: "UTF-8".into(),
                                    });
                                }
                                first_invalid = Some(a);
                            }
                            i = up + bad.unwrap_or(len - up);
                        }
                    }
                }
            }
        }
        line += count_line_ends(&data[..len - keep], &mut prev_cr);
        if eof {
            break;
        }
        buf.copy_within(len - keep..len, 0);
        base += (len - keep) as u64;
        carry = keep;
        n = read_full(&mut file, &mut buf[carry..carry + CHUNK])?;
    }
    let encoding = if invalid == 0 {
        if bom {
            TextEncoding::Utf8Bom
        } else {
            TextEncoding::Utf8
        }
    } else if multibyte > invalid {
        // Mostly UTF-8 with some broken bytes: not a Windows-1252 file.
        let a = first_invalid.unwrap_or(At { line: 1, offset: 0 });
        return Err(FileError::Undecodable {
            line: a.line,
            offset: a.offset,
            encoding: "UTF-8".into(),
        });
    } else {
        TextEncoding::Windows1252
    };
    if encoding == TextEncoding::Windows1252 {
        if let Some(a) = first_bad_1252 {
            return Err(FileError::Undecodable {
                line: a.line,
                offset: a.offset,
                encoding: "Windows-1252".into(),
            });
        }
    }
    let complete = size <= SAMPLE_BYTES as u64;
    let sample = match encoding {
        TextEncoding::Windows1252 => WINDOWS_1252
            .decode_without_bom_handling(&sample)
            .0
            .into_owned(),
        _ => {
            let s = if bom { &sample[3..] } else { &sample[..] };
            let valid = match std::str::from_utf8(s) {
                Ok(v) => v,
                Err(e) => std::str::from_utf8(&s[..e.valid_up_to()]).unwrap_or(""),
            };
            valid.to_string()
        }
    };
    Ok(Scan {
        sha256: hex(hasher.clone()),
        size,
        encoding,
        sample,
        complete,
    })
}

fn scan_utf16(
    mut file: File,
    mut raw: Vec<u8>,
    first: usize,
    enc: TextEncoding,
    hasher: &mut Sha256,
) -> Result<Scan, FileError> {
    let mut decoder = match enc {
        TextEncoding::Utf16Le => UTF_16LE.new_decoder_with_bom_removal(),
        _ => UTF_16BE.new_decoder_with_bom_removal(),
    };
    let name = if enc == TextEncoding::Utf16Le {
        "UTF-16LE"
    } else {
        "UTF-16BE"
    };
    let mut out = vec![0u8; CHUNK * 2];
    let mut sample: Vec<u8> = Vec::new();
    let mut size = 0u64;
    let mut line = 1u64;
    let mut prev_cr = false;
    let mut units = 0u64;
    let mut raw_base = 0u64;
    let mut n = first;
    loop {
        let last = n == 0;
        hasher.update(&raw[..n]);
        size += n as u64;
        let mut rp = 0;
        loop {
            let (res, read, written) =
                decoder.decode_to_utf8_without_replacement(&raw[rp..n], &mut out, last);
            let text = &out[..written];
            if let Some(p) = text
                .contains(&0)
                .then(|| text.iter().position(|&b| b == 0))
                .flatten()
            {
                let mut cr = prev_cr;
                let l = line + count_line_ends(&text[..p], &mut cr);
                return Err(nul(l, 2 + 2 * (units + utf16_units(&text[..p]))));
            }
            line += count_line_ends(text, &mut prev_cr);
            units += utf16_units(text);
            if sample.len() < SAMPLE_BYTES {
                sample.extend_from_slice(text);
            }
            let read_at = raw_base + (rp + read) as u64;
            rp += read;
            match res {
                DecoderResult::Malformed(bad, after) => {
                    return Err(FileError::Undecodable {
                        line,
                        offset: read_at.saturating_sub(bad as u64 + after as u64),
                        encoding: name.into(),
                    });
                }
                DecoderResult::InputEmpty => break,
                DecoderResult::OutputFull => {}
            }
        }
        if last {
            break;
        }
        raw_base += n as u64;
        n = read_full(&mut file, &mut raw[..CHUNK])?;
    }
    let complete = sample.len() < SAMPLE_BYTES;
    let valid = match std::str::from_utf8(&sample) {
        Ok(v) => v,
        Err(e) => std::str::from_utf8(&sample[..e.valid_up_to()]).unwrap_or(""),
    };
    if units == 0 {
        return Err(FileError::Empty);
    }
    Ok(Scan {
        sha256: hex(hasher.clone()),
        size,
        encoding: enc,
        sample: valid.to_string(),
        complete,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn scan(bytes: &[u8]) -> Result<Scan, FileError> {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(bytes).unwrap();
        scan_file(f.path())
    }

    #[test]
    fn sha_and_size() {
        let s = scan(b"abc").unwrap();
        assert_eq!(
            s.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(s.size, 3);
        assert_eq!(s.encoding, TextEncoding::Utf8);
        assert!(s.complete);
    }

    #[test]
    fn encodings() {
        assert_eq!(
            scan(b"\xEF\xBB\xBFa;\xC3\xA4\n").unwrap().encoding,
            TextEncoding::Utf8Bom
        );
        assert_eq!(
            scan(b"\xEF\xBB\xBFa;\xC3\xA4\n").unwrap().sample,
            "a;\u{e4}\n"
        );
        assert_eq!(
            scan(b"a;\xE4\n").unwrap().encoding,
            TextEncoding::Windows1252
        );
        assert_eq!(scan(b"a;\xE4\x80\n").unwrap().sample, "a;\u{e4}\u{20ac}\n");
        assert_eq!(scan(b"\xFF\xFEa\x00\t\x00b\x00").unwrap().sample, "a\tb");
        assert_eq!(
            scan(b"\xFE\xFF\x00a\x00\t\x00b").unwrap().encoding,
            TextEncoding::Utf16Be
        );
    }

    #[test]
    fn errors() {
        assert!(matches!(scan(b""), Err(FileError::Empty)));
        assert!(matches!(scan(b"\xEF\xBB\xBF"), Err(FileError::Empty)));
        assert!(matches!(
            scan(b"PK\x03\x04xx"),
            Err(FileError::Binary { offset: 0, .. })
        ));
        assert!(matches!(
            scan(b"ab\ncd\x00"),
            Err(FileError::Binary { offset: 5, .. })
        ));
        assert!(matches!(
            scan(b"\xEF\xBB\xBFa\nb\xFF\n"),
            Err(FileError::Undecodable {
                line: 2,
                offset: 6,
                ..
            })
        ));
        // Windows-1252 with an undefined byte and with a control byte.
        assert!(matches!(
            scan(b"a\r\n\xE4\x81\n"),
            Err(FileError::Undecodable {
                line: 2,
                offset: 4,
                ..
            })
        ));
        assert!(matches!(
            scan(b"a\r\n\xE4\x01\n"),
            Err(FileError::Undecodable {
                line: 2,
                offset: 4,
                ..
            })
        ));
        // Mostly UTF-8 with one broken byte.
        assert!(matches!(
            scan(
                "ä;ö;ü\n\u{df};x\n\x7f\n"
                    .as_bytes()
                    .iter()
                    .copied()
                    .chain(*b"\xFF")
                    .collect::<Vec<_>>()
                    .as_slice()
            ),
            Err(FileError::Undecodable {
                line: 4,
                offset: 16,
                ..
            })
        ));
        // UTF-16 with an unpaired surrogate (a lone high surrogate before 'a').
        assert!(matches!(
            scan(b"\xFF\xFEa\x00\n\x00\x00\xD8a\x00"),
            Err(FileError::Undecodable {
                line: 2,
                offset: 6,
                ..
            })
        ));
    }
}
