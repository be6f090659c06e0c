//! The transcript a PDF carries: the XML file embedded as PDF/A-3 lays it out (`hocba render`
//! writes it so). A PDF from anywhere is hostile input: its size, each stream's decoded size, the
//! embedded files looked at and the name tree's depth and nodes are bounded, and whatever the
//! reader cannot use is an error, never a panic.
//!
//! The PDF reader (lopdf) loads every object of a file, and inflates every object stream and
//! cross-reference stream, before any of them can be looked at; a few kilobytes of deflate become
//! megabytes, so a file of allowed size could make it inflate gigabytes. Before it runs, the file's
//! cross-reference data is therefore checked to be what `hocba render` and other classic writers
//! produce: tables (not streams), each object at an offset of its own, at most a few sections
//! (incremental updates), no encryption; and object streams are refused while loading. Its work is
//! then linear in the file's size.

use std::collections::HashSet;
use std::io::Read;

use lopdf::{Dictionary, Document, LoadOptions, Object};

use crate::PdfError;

/// The largest PDF read: a transcript's copy is a few hundred kilobytes.
pub const MAX_PDF_BYTES: usize = 32 << 20;
/// Embedded files looked at, and the name tree's depth, before the PDF is refused.
const MAX_FILES: usize = 64;
const MAX_DEPTH: usize = 8;
/// Name-tree nodes visited before the PDF is refused: each node once, a few for a few files.
const MAX_NODES: usize = 256;
/// Cross-reference sections: the rendered file's, and a few incremental updates after it.
const MAX_SECTIONS: usize = 8;

/// The XML transcript embedded in `pdf`, byte for byte: the one embedded file whose MIME type is
/// `text/xml` or `application/xml`, found through the catalog's associated files (`AF`) or its
/// `EmbeddedFiles` name tree. Several XML files are refused: the copy would not say which is its
/// source.
pub fn embedded_transcript(pdf: &[u8]) -> Result<Vec<u8>, PdfError> {
    if pdf.len() > MAX_PDF_BYTES {
        return Err(PdfError::TooLarge { limit: MAX_PDF_BYTES });
    }
    let max_xml = hocba::xml::Limits::default().max_input_bytes;
    classic_cross_reference(pdf)?;
    let options = LoadOptions {
        max_decompressed_size: Some(max_xml),
        // Never rebuilt by scanning the file: that would read what the check above did not.
        strict: true,
        filter: Some(refuse_object_streams),
        ..LoadOptions::default()
    };
    OBJECT_STREAM_SEEN.with(|seen| seen.set(false));
    // The reader is a dependency: should it panic on some input, that input is refused.
    let loaded = std::panic::catch_unwind(|| Document::load_mem_with_options(pdf, options));
    if OBJECT_STREAM_SEEN.with(std::cell::Cell::get) {
        return Err(PdfError::Malformed("the PDF has compressed object streams"));
    }
    let document = match loaded {
        Ok(Ok(document)) => document,
        Ok(Err(_)) | Err(_) => return Err(PdfError::Malformed("the file does not read as a PDF")),
    };
    if document.is_encrypted() {
        return Err(PdfError::Malformed("the PDF is encrypted"));
    }
    let catalog = document.catalog().map_err(|_| PdfError::Malformed("no document catalog"))?;
    let mut specs = Vec::new();
    if let Ok(af) = catalog.get(b"AF") {
        for spec in resolve(&document, af).and_then(|a| a.as_array().ok()).into_iter().flatten() {
            specs.push(spec);
        }
    }
    let tree = catalog
        .get(b"Names")
        .ok()
        .and_then(|n| resolve(&document, n))
        .and_then(|n| n.as_dict().ok())
        .and_then(|n| n.get(b"EmbeddedFiles").ok())
        .and_then(|t| resolve(&document, t));
    if let Some(tree) = tree {
        let mut visited = HashSet::new();
        name_tree(&document, tree, 0, &mut visited, &mut specs)?;
    }
    let mut found: Option<(lopdf::ObjectId, Vec<u8>)> = None;
    for spec in specs.into_iter().take(MAX_FILES) {
        let Some((id, stream)) = embedded_stream(&document, spec) else { continue };
        let subtype = stream.dict.get(b"Subtype").and_then(Object::as_name).unwrap_or_default();
        if subtype != b"text/xml" && subtype != b"application/xml" {
            continue;
        }
        // The same file listed in `AF` and in the name tree is one file.
        if found.as_ref().is_some_and(|(seen, _)| *seen != id) {
            return Err(PdfError::Malformed("several embedded XML files"));
        }
        if found.is_none() {
            found = Some((id, decoded(stream, max_xml)?));
        }
    }
    found.map(|(_, xml)| xml).ok_or(PdfError::NoTranscript)
}

thread_local! {
    /// Whether the load now running met an object stream (the reader's filter is a plain `fn`).
    static OBJECT_STREAM_SEEN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The reader's filter, called on each object before it is used: an object stream is dropped
/// before it is inflated, and the load refused.
fn refuse_object_streams(id: lopdf::ObjectId, object: &mut Object) -> Option<(lopdf::ObjectId, Object)> {
    let compressed = object.as_stream().is_ok_and(|s| s.dict.has_type(b"ObjStm") || s.dict.has_type(b"XRef"));
    if compressed {
        OBJECT_STREAM_SEEN.with(|seen| seen.set(true));
        return None;
    }
    // The reader keeps `object` for a file's own objects and takes the returned one for an object
    // stream's (refused here): the same object either way.
    Some((id, object.clone()))
}

/// Checks that `pdf`'s cross-reference data is classic tables, each in-use object at an offset
/// of its own inside the file, in at most [`MAX_SECTIONS`] sections chained by `/Prev`, with
/// trailers naming neither a cross-reference stream nor encryption (and written without `#`
/// escapes, so that what is read here is what the reader reads).
fn classic_cross_reference(pdf: &[u8]) -> Result<(), PdfError> {
    let malformed = PdfError::Malformed;
    let tail = pdf.len().saturating_sub(1024);
    let start = find_last(&pdf[tail..], b"startxref").map(|at| tail + at).ok_or(malformed("no startxref"))?;
    let mut at = number_after(pdf, start + b"startxref".len()).ok_or(malformed("no cross-reference offset"))?;
    let mut offsets = HashSet::new();
    let mut sections = HashSet::new();
    loop {
        if !sections.insert(at) {
            return Ok(()); // a /Prev back to a section read: the chain ends there, as it does for the reader
        }
        if sections.len() > MAX_SECTIONS {
            return Err(malformed("too many cross-reference sections"));
        }
        let section = pdf
            .get(at..)
            .filter(|s| s.starts_with(b"xref"))
            .ok_or(malformed("the cross-reference data is not a table (cross-reference streams are not read)"))?;
        let trailer = table_entries(pdf, section, at, &mut offsets)?;
        let end = find(&pdf[trailer..], b"startxref").map_or(pdf.len(), |e| trailer + e);
        let dictionary = &pdf[trailer..end];
        if find(dictionary, b"#").is_some() || find(dictionary, b"/XRefStm").is_some() {
            return Err(malformed("the trailer names a cross-reference stream or is written with escapes"));
        }
        if find(dictionary, b"/Encrypt").is_some() {
            return Err(malformed("the PDF is encrypted"));
        }
        match find(dictionary, b"/Prev") {
            Some(prev) => {
                at = number_after(dictionary, prev + b"/Prev".len()).ok_or(malformed("an unreadable /Prev"))?;
            }
            None => return Ok(()),
        }
    }
}

/// Reads the table at `section` (which starts at `at` in `pdf`): each in-use entry's offset must
/// lie inside the file and be new to `offsets`. Returns where `trailer` begins.
fn table_entries(pdf: &[u8], section: &[u8], at: usize, offsets: &mut HashSet<usize>) -> Result<usize, PdfError> {
    let malformed = PdfError::Malformed("a cross-reference table does not read");
    let mut i = b"xref".len();
    loop {
        while section.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if section[i..].starts_with(b"trailer") {
            return Ok(at + i);
        }
        let (_, next) = digits(section, i).ok_or(malformed.clone())?;
        if section.get(next) != Some(&b' ') {
            return Err(malformed);
        }
        let (count, next) = digits(section, next + 1).ok_or(malformed.clone())?;
        i = next;
        while section.get(i).is_some_and(|b| *b == b' ' || *b == b'\r' || *b == b'\n') {
            i += 1;
        }
        // Each entry is 20 bytes: `oooooooooo ggggg n` and a two-byte end of line.
        let entries = section.get(i..).ok_or(malformed.clone())?;
        if count > entries.len() / 20 {
            return Err(malformed);
        }
        for entry in entries[..count * 20].chunks_exact(20) {
            let offset = digits(entry, 0).filter(|(_, end)| *end == 10).ok_or(malformed.clone())?.0;
            match entry[17] {
                b'n' if offset < pdf.len() && offsets.insert(offset) => {}
                b'n' => return Err(PdfError::Malformed("two objects at one offset, or one outside the file")),
                b'f' => {}
                _ => return Err(malformed),
            }
        }
        i += count * 20;
    }
}

/// The decimal number at `at` in `text`, and where it ends.
fn digits(text: &[u8], at: usize) -> Option<(usize, usize)> {
    let run = text.get(at..)?.iter().take_while(|b| b.is_ascii_digit()).count();
    if run == 0 || run > 10 {
        return None;
    }
    let value = std::str::from_utf8(&text[at..at + run]).ok()?.parse().ok()?;
    Some((value, at + run))
}

/// The number after white space at `at`.
fn number_after(text: &[u8], at: usize) -> Option<usize> {
    let skip = text.get(at..)?.iter().take_while(|b| b.is_ascii_whitespace()).count();
    digits(text, at + skip).map(|(value, _)| value)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

fn resolve<'a>(document: &'a Document, object: &'a Object) -> Option<&'a Object> {
    document.dereference(object).ok().map(|(_, object)| object)
}

/// The file specifications of an `EmbeddedFiles` name tree: `Names` pairs, `Kids` below. Each
/// node is visited once (a kid listed again, or a loop, is not walked again), at most
/// [`MAX_NODES`] of them.
fn name_tree<'a>(
    document: &'a Document,
    node: &'a Object,
    depth: usize,
    visited: &mut HashSet<*const Object>,
    specs: &mut Vec<&'a Object>,
) -> Result<(), PdfError> {
    let too_large = PdfError::Malformed("the embedded files' name tree is too deep or too large");
    if depth > MAX_DEPTH || specs.len() > MAX_FILES || visited.len() >= MAX_NODES {
        return Err(too_large);
    }
    if !visited.insert(std::ptr::from_ref(node)) {
        return Ok(());
    }
    let Ok(node) = node.as_dict() else { return Ok(()) };
    if let Some(names) = node.get(b"Names").ok().and_then(|n| resolve(document, n)).and_then(|n| n.as_array().ok()) {
        specs.extend(names.iter().skip(1).step_by(2));
    }
    if let Some(kids) = node.get(b"Kids").ok().and_then(|k| resolve(document, k)).and_then(|k| k.as_array().ok()) {
        for kid in kids.iter().take(MAX_FILES) {
            if let Some(kid) = resolve(document, kid) {
                name_tree(document, kid, depth + 1, visited, specs)?;
            }
        }
    }
    Ok(())
}

/// The embedded file stream of a file specification (`EF` → `F`, or `UF`), with its object's id.
fn embedded_stream<'a>(document: &'a Document, spec: &'a Object) -> Option<(lopdf::ObjectId, &'a lopdf::Stream)> {
    let spec: &Dictionary = resolve(document, spec)?.as_dict().ok()?;
    let ef = resolve(document, spec.get(b"EF").ok()?)?.as_dict().ok()?;
    let file = ef.get(b"F").or_else(|_| ef.get(b"UF")).ok()?;
    let id = file.as_reference().ok()?;
    let stream = document.get_object(id).ok()?.as_stream().ok()?;
    Some((id, stream))
}

/// The stream's bytes: as stored, or inflated (`FlateDecode`, without predictor) to at most
/// `limit` bytes. Any other filter is refused.
fn decoded(stream: &lopdf::Stream, limit: usize) -> Result<Vec<u8>, PdfError> {
    let too_large = PdfError::TooLarge { limit };
    let filters: Vec<&[u8]> = match stream.dict.get(b"Filter") {
        Err(_) => Vec::new(),
        Ok(Object::Name(name)) => vec![name.as_slice()],
        Ok(Object::Array(names)) => names.iter().filter_map(|n| n.as_name().ok()).collect(),
        Ok(_) => return Err(PdfError::Malformed("an embedded file's filter is not a name")),
    };
    match filters.as_slice() {
        [] if stream.content.len() <= limit => Ok(stream.content.clone()),
        [] => Err(too_large),
        [b"FlateDecode"] if stream.dict.get(b"DecodeParms").is_err() => {
            let mut out = Vec::new();
            flate2::read::ZlibDecoder::new(stream.content.as_slice())
                .take(limit as u64 + 1)
                .read_to_end(&mut out)
                .map_err(|_| PdfError::Malformed("an embedded file does not inflate"))?;
            if out.len() > limit {
                return Err(too_large);
            }
            Ok(out)
        }
        _ => Err(PdfError::Malformed("an embedded file is encoded with a filter other than FlateDecode")),
    }
}
