//! The transcript a PDF carries: the XML file embedded as PDF/A-3 lays it out (`hocba render`
//! writes it so). A PDF from anywhere is hostile input: its size, each stream's decoded size, the
//! embedded files looked at and the depth of the name tree are bounded, and whatever the reader
//! cannot use is an error, never a panic.

use std::io::Read;

use lopdf::{Dictionary, Document, LoadOptions, Object};

use crate::PdfError;

/// The largest PDF read: a transcript's copy is a few hundred kilobytes.
pub const MAX_PDF_BYTES: usize = 32 << 20;
/// Embedded files looked at, and the name tree's depth, before the PDF is refused.
const MAX_FILES: usize = 64;
const MAX_DEPTH: usize = 8;

/// The XML transcript embedded in `pdf`, byte for byte: the one embedded file whose MIME type is
/// `text/xml` or `application/xml`, found through the catalog's associated files (`AF`) or its
/// `EmbeddedFiles` name tree. Several XML files are refused: the copy would not say which is its
/// source.
pub fn embedded_transcript(pdf: &[u8]) -> Result<Vec<u8>, PdfError> {
    if pdf.len() > MAX_PDF_BYTES {
        return Err(PdfError::TooLarge { limit: MAX_PDF_BYTES });
    }
    let max_xml = hocba::xml::Limits::default().max_input_bytes;
    let options = LoadOptions { max_decompressed_size: Some(max_xml), ..LoadOptions::default() };
    // The reader is a dependency: should it panic on some input, that input is refused.
    let loaded = std::panic::catch_unwind(|| Document::load_mem_with_options(pdf, options));
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
        name_tree(&document, tree, 0, &mut specs)?;
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

fn resolve<'a>(document: &'a Document, object: &'a Object) -> Option<&'a Object> {
    document.dereference(object).ok().map(|(_, object)| object)
}

/// The file specifications of an `EmbeddedFiles` name tree: `Names` pairs, `Kids` below.
fn name_tree<'a>(
    document: &'a Document,
    node: &'a Object,
    depth: usize,
    specs: &mut Vec<&'a Object>,
) -> Result<(), PdfError> {
    if depth > MAX_DEPTH || specs.len() > MAX_FILES {
        return Err(PdfError::Malformed("the embedded files' name tree is too deep or too large"));
    }
    let Ok(node) = node.as_dict() else { return Ok(()) };
    if let Some(names) = node.get(b"Names").ok().and_then(|n| resolve(document, n)).and_then(|n| n.as_array().ok()) {
        specs.extend(names.iter().skip(1).step_by(2));
    }
    if let Some(kids) = node.get(b"Kids").ok().and_then(|k| resolve(document, k)).and_then(|k| k.as_array().ok()) {
        for kid in kids.iter().take(MAX_FILES) {
            if let Some(kid) = resolve(document, kid) {
                name_tree(document, kid, depth + 1, specs)?;
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
