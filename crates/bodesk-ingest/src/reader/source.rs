//! Byte sources for the record parser.
//!
//! A source hands out the text as bytes the CSV parser can read (ASCII
//! compatible): UTF-8 and Windows-1252 files as they are (so offsets are exact
//! file offsets), UTF-16 transcoded to UTF-8. Bytes are validated before they
//! are handed out; an invalid byte stops the stream there and is reported when
//! everything before it has been consumed (so the parser knows its line).

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use encoding_rs::{Decoder, DecoderResult, UTF_16BE, UTF_16LE};

use super::TextEncoding;

/// Bytes read from the file per chunk.
pub(crate) const CHUNK: usize = 1 << 18;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BadKind {
    /// Bytes that are not valid in the encoding.
    Undecodable,
    /// A NUL byte (or U+0000 in UTF-16).
    Nul,
}

#[derive(Debug)]
pub(crate) enum SourceError {
    Io(io::Error),
    /// At file offset `offset`.
    Bad {
        kind: BadKind,
        offset: u64,
        encoding: &'static str,
    },
}

impl From<io::Error> for SourceError {
    fn from(e: io::Error) -> Self {
        SourceError::Io(e)
    }
}

/// What the parser reads from.
pub(crate) trait Input {
    /// Validated bytes not consumed yet.
    fn avail(&self) -> &[u8];
    /// Marks `n` bytes of [`Input::avail`] as consumed.
    fn consume(&mut self, n: usize);
    /// Makes more bytes available; `Ok(false)` at the end of the input.
    fn fill(&mut self) -> Result<bool, SourceError>;
    /// File offset of the first byte of [`Input::avail`].
    fn offset(&self) -> u64;
    /// Bytes in the file of these stream bytes.
    fn file_len(&self, stream: &[u8]) -> u64;
    /// Bytes in the file of one ASCII character.
    fn ascii_len(&self) -> u64;
    /// Bytes of the file read so far.
    fn bytes_read(&self) -> u64;
}

/// Name of an encoding in messages.
pub(crate) fn encoding_name(e: TextEncoding) -> &'static str {
    match e {
        TextEncoding::Utf8 | TextEncoding::Utf8Bom => "UTF-8",
        TextEncoding::Utf16Le => "UTF-16LE",
        TextEncoding::Utf16Be => "UTF-16BE",
        TextEncoding::Windows1252 => "Windows-1252",
    }
}

/// Bytes that cannot be in a Windows-1252 text file: NUL, control bytes other
/// than tab, LF, CR and 0x1A (DOS end-of-file marker), and the five bytes the
/// code page leaves undefined.
pub(crate) const BAD_1252: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = !matches!(b, 0x09 | 0x0A | 0x0D | 0x1A);
        b += 1;
    }
    t[0x81] = true;
    t[0x8D] = true;
    t[0x8F] = true;
    t[0x90] = true;
    t[0x9D] = true;
    t
};

/// Position of the first byte of `data` that [`BAD_1252`] marks. Blocks are
/// tested without branches first (vectorised), as the check runs over every
/// byte of every file.
pub(crate) fn find_bad_1252(data: &[u8]) -> Option<usize> {
    let mut at = 0;
    for block in data.chunks(64) {
        let mut flag = 0u8;
        for &b in block {
            let ctl = (b < 0x20) as u8
                & (b != b'\t') as u8
                & (b != b'\n') as u8
                & (b != b'\r') as u8
                & (b != 0x1A) as u8;
            let undefined = (b == 0x81) as u8
                | (b == 0x8D) as u8
                | (b == 0x8F) as u8
                | (b == 0x90) as u8
                | (b == 0x9D) as u8;
            flag |= ctl | undefined;
        }
        if flag != 0 {
            return block
                .iter()
                .position(|&b| BAD_1252[b as usize])
                .map(|p| at + p);
        }
        at += block.len();
    }
    None
}

/// UTF-16 code units of UTF-8 text (a 4-byte sequence is a surrogate pair).
pub(crate) fn utf16_units(utf8: &[u8]) -> u64 {
    (super::parse::count_where(utf8, |b| (b & 0xC0) != 0x80)
        + super::parse::count_where(utf8, |b| b >= 0xF0)) as u64
}

/// Reads until `buf` is full or the file ends.
pub(crate) fn read_full(file: &mut File, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match file.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// A file streamed in chunks.
pub(crate) struct FileSource {
    file: File,
    enc: TextEncoding,
    /// Stream bytes: `buf[pos..valid]` available, `buf[valid..len]` held back
    /// (an incomplete UTF-8 sequence, or bytes after an error).
    buf: Vec<u8>,
    pos: usize,
    valid: usize,
    len: usize,
    /// File offset of `buf[0]` (UTF-8, Windows-1252).
    base: u64,
    /// The file is read to its end (all of it is in `buf` or was consumed).
    eof: bool,
    /// Error at stream position `valid`, reported once `pos == valid`.
    err: Option<(BadKind, u64)>,
    bytes_read: u64,
    started: bool,
    // UTF-16 only.
    decoder: Option<Decoder>,
    raw: Vec<u8>,
    raw_pos: usize,
    raw_len: usize,
    /// File offset of `raw[0]`.
    raw_base: u64,
    raw_eof: bool,
    /// Code units consumed, and the BOM's size.
    units: u64,
    bom: u64,
}

impl FileSource {
    pub(crate) fn open(path: &Path, enc: TextEncoding) -> Result<Self, io::Error> {
        let file = File::open(path)?;
        let utf16 = matches!(enc, TextEncoding::Utf16Le | TextEncoding::Utf16Be);
        let decoder = match enc {
            TextEncoding::Utf16Le => Some(UTF_16LE.new_decoder_with_bom_removal()),
            TextEncoding::Utf16Be => Some(UTF_16BE.new_decoder_with_bom_removal()),
            _ => None,
        };
        Ok(FileSource {
            file,
            enc,
            // UTF-16 decodes a raw chunk into at most 3/2 of its size.
            buf: vec![0; if utf16 { CHUNK * 2 } else { CHUNK + 8 }],
            pos: 0,
            valid: 0,
            len: 0,
            base: 0,
            eof: false,
            err: None,
            bytes_read: 0,
            started: false,
            decoder,
            raw: if utf16 { vec![0; CHUNK] } else { Vec::new() },
            raw_pos: 0,
            raw_len: 0,
            raw_base: 0,
            raw_eof: false,
            units: 0,
            bom: 0,
        })
    }

    fn stream_offset(&self, at: usize) -> u64 {
        match self.decoder {
            Some(_) => self.bom + 2 * (self.units + utf16_units(&self.buf[self.pos..at])),
            None => self.base + at as u64,
        }
    }

    fn compact(&mut self) {
        if self.pos > 0 {
            self.buf.copy_within(self.pos..self.len, 0);
            self.base += self.pos as u64;
            self.len -= self.pos;
            self.valid -= self.pos;
            self.pos = 0;
        }
    }

    /// Validates `buf[valid..len]` (new bytes), advancing `valid` up to the
    /// first bad byte or incomplete sequence.
    fn check(&mut self) {
        let region = &self.buf[self.valid..self.len];
        match self.enc {
            TextEncoding::Windows1252 => match find_bad_1252(region) {
                Some(p) => {
                    let kind = if region[p] == 0 {
                        BadKind::Nul
                    } else {
                        BadKind::Undecodable
                    };
                    let at = self.valid + p;
                    self.err = Some((kind, self.stream_offset(at)));
                    self.valid = at;
                }
                None => self.valid = self.len,
            },
            _ => {
                let (good, bad) = match std::str::from_utf8(region) {
                    Ok(_) => (region.len(), false),
                    Err(e) => (e.valid_up_to(), e.error_len().is_some()),
                };
                let nul = if region[..good].contains(&0) {
                    region[..good].iter().position(|&b| b == 0)
                } else {
                    None
                };
                if let Some(p) = nul {
                    let at = self.valid + p;
                    self.err = Some((BadKind::Nul, self.stream_offset(at)));
                    self.valid = at;
                } else if bad {
                    let at = self.valid + good;
                    self.err = Some((BadKind::Undecodable, self.stream_offset(at)));
                    self.valid = at;
                } else {
                    self.valid += good;
                }
            }
        }
    }

    fn fill_bytes(&mut self) -> Result<bool, SourceError> {
        loop {
            if self.valid > self.pos {
                return Ok(true);
            }
            if let Some((kind, offset)) = self.err {
                return Err(self.bad(kind, offset));
            }
            if self.eof {
                if self.len > self.valid {
                    // An incomplete UTF-8 sequence at the end of the file.
                    let offset = self.stream_offset(self.valid);
                    self.err = Some((BadKind::Undecodable, offset));
                    continue;
                }
                return Ok(false);
            }
            self.compact();
            let start = self.len;
            if self.buf.len() < start + CHUNK {
                self.buf.resize(start + CHUNK, 0);
            }
            let n = read_full(&mut self.file, &mut self.buf[start..start + CHUNK])?;
            self.bytes_read += n as u64;
            if n == 0 {
                self.eof = true;
                continue;
            }
            self.len += n;
            if !self.started {
                self.started = true;
                // The UTF-8 BOM is not text.
                if self.enc != TextEncoding::Windows1252
                    && self.buf[..self.len].starts_with(b"\xEF\xBB\xBF")
                {
                    self.pos = 3;
                    self.valid = 3;
                }
            }
            self.check();
        }
    }

    fn fill_utf16(&mut self) -> Result<bool, SourceError> {
        loop {
            if self.valid > self.pos {
                return Ok(true);
            }
            if let Some((kind, offset)) = self.err {
                return Err(self.bad(kind, offset));
            }
            if self.eof {
                return Ok(false);
            }
            self.compact();
            if self.raw_pos == self.raw_len && !self.raw_eof {
                self.raw_base += self.raw_len as u64;
                let n = read_full(&mut self.file, &mut self.raw)?;
                self.bytes_read += n as u64;
                if !self.started {
                    self.started = true;
                    let bom: &[u8] = if self.enc == TextEncoding::Utf16Le {
                        b"\xFF\xFE"
                    } else {
                        b"\xFE\xFF"
                    };
                    if self.raw[..n].starts_with(bom) {
                        self.bom = 2;
                    }
                }
                self.raw_pos = 0;
                self.raw_len = n;
                self.raw_eof = n == 0;
            }
            let Some(decoder) = self.decoder.as_mut() else {
                return Ok(false);
            };
            let start = self.len;
            let (res, read, written) = decoder.decode_to_utf8_without_replacement(
                &self.raw[self.raw_pos..self.raw_len],
                &mut self.buf[start..],
                self.raw_eof,
            );
            let read_at = self.raw_base + (self.raw_pos + read) as u64;
            self.raw_pos += read;
            self.len += written;
            let decoded = &self.buf[start..self.len];
            let nul = if decoded.contains(&0) {
                decoded.iter().position(|&b| b == 0)
            } else {
                None
            };
            if let Some(p) = nul {
                let at = start + p;
                self.err = Some((BadKind::Nul, self.stream_offset(at)));
                self.valid = at;
                continue;
            }
            self.valid = self.len;
            match res {
                DecoderResult::Malformed(bad, after) => {
                    let offset = read_at.saturating_sub(bad as u64 + after as u64);
                    self.err = Some((BadKind::Undecodable, offset));
                }
                DecoderResult::InputEmpty if self.raw_eof => self.eof = true,
                _ => {}
            }
        }
    }

    fn bad(&self, kind: BadKind, offset: u64) -> SourceError {
        SourceError::Bad {
            kind,
            offset,
            encoding: encoding_name(self.enc),
        }
    }
}

impl Input for FileSource {
    #[inline]
    fn avail(&self) -> &[u8] {
        &self.buf[self.pos..self.valid]
    }

    #[inline]
    fn consume(&mut self, n: usize) {
        if self.decoder.is_some() {
            self.units += utf16_units(&self.buf[self.pos..self.pos + n]);
        }
        self.pos += n;
    }

    fn fill(&mut self) -> Result<bool, SourceError> {
        if self.decoder.is_some() {
            self.fill_utf16()
        } else {
            self.fill_bytes()
        }
    }

    fn offset(&self) -> u64 {
        self.stream_offset(self.pos)
    }

    fn file_len(&self, stream: &[u8]) -> u64 {
        match self.decoder {
            Some(_) => 2 * utf16_units(stream),
            None => stream.len() as u64,
        }
    }

    fn ascii_len(&self) -> u64 {
        if self.decoder.is_some() {
            2
        } else {
            1
        }
    }

    fn bytes_read(&self) -> u64 {
        self.bytes_read
    }
}

/// Text already in memory (the sniffer's decoded sample of the file's
/// start). Offsets are those of the file it was decoded from.
pub(crate) struct SliceInput<'a> {
    data: &'a [u8],
    pos: usize,
    enc: TextEncoding,
    /// File offset of the text's start (the BOM).
    base: u64,
    /// Characters (Windows-1252) or code units (UTF-16) consumed.
    consumed: u64,
}

impl<'a> SliceInput<'a> {
    /// UTF-8 text without BOM.
    #[cfg(test)]
    pub(crate) fn new(data: &'a [u8]) -> Self {
        Self::decoded_from(data, TextEncoding::Utf8)
    }

    /// Text decoded from the start of a file in `enc` (BOM removed).
    pub(crate) fn decoded_from(data: &'a [u8], enc: TextEncoding) -> Self {
        let base = match enc {
            TextEncoding::Utf8 | TextEncoding::Windows1252 => 0,
            TextEncoding::Utf8Bom => 3,
            TextEncoding::Utf16Le | TextEncoding::Utf16Be => 2,
        };
        SliceInput {
            data,
            pos: 0,
            enc,
            base,
            consumed: 0,
        }
    }
}

impl Input for SliceInput<'_> {
    fn avail(&self) -> &[u8] {
        &self.data[self.pos..]
    }
    fn consume(&mut self, n: usize) {
        let done = &self.data[self.pos..self.pos + n];
        self.consumed += match self.enc {
            TextEncoding::Utf8 | TextEncoding::Utf8Bom => 0,
            _ => self.file_len(done),
        };
        self.pos += n;
    }
    fn fill(&mut self) -> Result<bool, SourceError> {
        Ok(false)
    }
    fn offset(&self) -> u64 {
        match self.enc {
            TextEncoding::Utf8 | TextEncoding::Utf8Bom => self.base + self.pos as u64,
            _ => self.base + self.consumed,
        }
    }
    fn file_len(&self, stream: &[u8]) -> u64 {
        match self.enc {
            TextEncoding::Utf8 | TextEncoding::Utf8Bom => stream.len() as u64,
            TextEncoding::Windows1252 => {
                super::parse::count_where(stream, |b| (b & 0xC0) != 0x80) as u64
            }
            TextEncoding::Utf16Le | TextEncoding::Utf16Be => 2 * utf16_units(stream),
        }
    }
    fn ascii_len(&self) -> u64 {
        match self.enc {
            TextEncoding::Utf16Le | TextEncoding::Utf16Be => 2,
            _ => 1,
        }
    }
    fn bytes_read(&self) -> u64 {
        self.offset()
    }
}
