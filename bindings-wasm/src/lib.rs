//! hocba for JavaScript: verify XML signatures of a Học bạ số transcript and canonicalize XML,
//! in the browser and in Node, with the pure-Rust crypto provider (no C, no randomness).
//!
//! Results are plain objects (typed in the generated `.d.ts`); every failure is a JS `Error` with a
//! `code` (and `line`/`column` where the input has a position). A signature that does not verify
//! is not an error but a verdict: `verify` returns it.

mod certificate;
mod options;
mod verify;

use hocba::c14n::{self, Algorithm, Method, Subset};
use hocba::xml::{Document, Node, TextPos};
use js_sys::{Error, JSON, Reflect};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r##"
/** Input XML: text, or the file's bytes (preferred: the bytes are what was signed). */
export type XmlInput = string | Uint8Array;

export interface VerifyOptions {
  /** Certificates whose keys are trusted, PEM text or PEM/DER bytes (a PEM may hold several).
   *  Only their keys are used: their validity and chain are not checked yet. */
  trustedCertificates?: (string | Uint8Array)[];
  /** Public keys trusted directly (PEM or DER SubjectPublicKeyInfo, PKCS#1 RSA, or a certificate). */
  trustedKeys?: (string | Uint8Array)[];
  /** Attribute names that identify elements for `URI="#id"`. Default: Id, ID, id (and xml:id). */
  idAttributes?: string[];
  /** Elements every signature must cover; `place` is local names from the root element down,
   *  e.g. `"HocBa/DuLieuHocBa"` (empty or absent: anywhere). */
  required?: { id: string; place?: string }[];
  /** Places signatures may sit in, below the root element, e.g. `"DSCKS/GVCN"`; one each. */
  signaturePlaces?: string[];
  /** Accept SHA-1 in old documents, reported as a warning. Default: false. */
  allowSha1?: boolean;
}

/** `valid`: every signature verified under a trusted key. `invalid`: the document was changed,
 *  a signature is broken or misplaced, or there is none. `indeterminate`: the signatures match the
 *  certificates the document carries, but no signer is trusted, so who signed is not confirmed. */
export type Verdict = "valid" | "invalid" | "indeterminate";

export interface Problem {
  /** Stable code: the core's (`digest_mismatch`, `bad_signature`, `no_trusted_key`, ...),
   *  `signer_not_trusted`, or for warnings `weak_algorithm` / `weak_key`. */
  code: string;
  /** Technical detail, in English. */
  message: string;
  line: number | null;
  column: number | null;
}

export interface NameInfo {
  commonName: string | null;
  organization: string | null;
  organizationalUnit: string | null;
  locality: string | null;
  state: string | null;
  country: string | null;
}

export interface CertificateInfo {
  subject: NameInfo;
  issuer: NameInfo;
  serialNumber: string;
  /** UTC, `YYYY-MM-DDThh:mm:ssZ`. */
  notBefore: string;
  notAfter: string;
  /** SHA-256 of the DER certificate, hex. */
  sha256: string;
}

export interface SignatureReport {
  id: string | null;
  /** `line:column` of the `Signature` element. */
  position: string;
  /** Local names below the root element down to the signature's parent, e.g. `DSCKS/GVCN`. */
  place: string;
  /** From the place: `GVCN` is the homeroom teacher, `HieuTruong` the principal. */
  role: "homeroom_teacher" | "principal" | null;
  /** SignatureMethod URI. */
  algorithm: string;
  key: { type: string; bits: number };
  /** Whether the verifying key is one of the trusted ones (else it is the carried certificate's). */
  trusted: boolean;
  /** The certificate in KeyInfo carrying the verifying key, as it describes itself. */
  signer: CertificateInfo | null;
  /** What the signer claims (UTC); only a time-stamp would prove it. */
  claimedSigningTime: string | null;
  /** The same instant in Vietnam, `YYYY-MM-DDThh:mm:ss+07:00`. */
  claimedSigningTimeVietnam: string | null;
  references: { uri: string; digestAlgorithm: string }[];
  warnings: Problem[];
}

export interface VerifyResult {
  verdict: Verdict;
  /** Every signature when the verdict is `valid` or `indeterminate`; empty when `invalid`. */
  signatures: SignatureReport[];
  /** Why the verdict is not `valid`. The first is the core's error, as `hocba verify --json`
   *  reports it; the rest come from checking the carried certificates. */
  problems: Problem[];
}

export interface C14nOptions {
  /** c14n (default), c14n-comments, exc-c14n, exc-c14n-comments, c14n11, c14n11-comments, or a URI. */
  algorithm?: string;
  /** InclusiveNamespaces PrefixList for exclusive C14N. */
  prefixList?: string;
  /** Canonicalize only the element with this Id (Id, ID or id attribute). */
  subtreeId?: string;
  /** Canonicalize only the first element with this name, `{namespace-uri}local-name`. */
  subtree?: string;
}

/** Every error thrown has a stable `code`: `xml` (not acceptable XML; `line`/`column` set when
 *  known), `c14n`, `invalid_option`, `invalid_certificate`, `invalid_key`, `not_found`, `duplicate_id`. */
export interface HocbaError extends Error {
  code: string;
  line?: number;
  column?: number;
}
"##;

#[wasm_bindgen]
extern "C" {
    /// A `VerifyOptions` object from JavaScript.
    #[wasm_bindgen(typescript_type = "VerifyOptions")]
    pub type JsVerifyOptions;
    /// A `C14nOptions` object from JavaScript.
    #[wasm_bindgen(typescript_type = "C14nOptions")]
    pub type JsC14nOptions;
}

/// Verifies every XML signature in `xml`. Unusable input (not XML, bad options) throws; a
/// signature that does not verify is a verdict in the result.
#[wasm_bindgen(unchecked_return_type = "VerifyResult")]
pub fn verify(
    #[wasm_bindgen(unchecked_param_type = "XmlInput")] xml: JsValue,
    options: Option<JsVerifyOptions>,
) -> Result<JsValue, Error> {
    let input = xml_bytes(&xml)?;
    let request = options::verify_request(options.as_ref().map(|o| o.unchecked_ref()))?;
    let outcome = verify::verify(&input, &request).map_err(|e| js_error("xml", &e.to_string(), e.pos()))?;
    plain_object(&outcome)
}

/// The canonical form (C14N) of `xml`, or of the element with `subtreeId`.
#[wasm_bindgen]
pub fn c14n(
    #[wasm_bindgen(unchecked_param_type = "XmlInput")] xml: JsValue,
    options: Option<JsC14nOptions>,
) -> Result<String, Error> {
    let input = xml_bytes(&xml)?;
    let request = options::c14n_request(options.as_ref().map(|o| o.unchecked_ref()))?;
    let c14n_error = |e: c14n::C14nError| js_error("c14n", &e.to_string(), None);
    let algorithm = Algorithm::from_name(request.algorithm.as_deref().unwrap_or("c14n")).map_err(c14n_error)?;
    let method = match &request.prefix_list {
        Some(list) => Method::exclusive_with_prefixes(algorithm, list).map_err(c14n_error)?,
        None => Method::new(algorithm),
    };
    let doc = Document::parse(&input).map_err(|e| js_error("xml", &e.to_string(), e.pos()))?;
    let subset = match (&request.subtree_id, &request.subtree) {
        (Some(_), Some(_)) => return Err(js_error("invalid_option", "subtreeId and subtree exclude each other", None)),
        (Some(id), None) => Subset::element(element_with_id(&doc, id)?).map_err(c14n_error)?,
        (None, Some(name)) => Subset::element(element_named(&doc, name)?).map_err(c14n_error)?,
        (None, None) => Subset::document(&doc),
    };
    let bytes = c14n::canonicalize_to_vec(&doc, &subset, &method).map_err(c14n_error)?;
    // Canonical XML is UTF-8 from UTF-8 input; checked rather than assumed.
    String::from_utf8(bytes).map_err(|e| js_error("c14n", &e.to_string(), None))
}

/// The version of the hocba library inside.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// The one element whose `Id`, `ID` or `id` is `id`.
fn element_with_id<'a, 'i>(doc: &'a Document<'i>, id: &str) -> Result<Node<'a, 'i>, Error> {
    let mut found =
        doc.descendants().filter(|n| ["Id", "ID", "id"].iter().any(|attr| n.attribute(None, attr) == Some(id)));
    let first = found.next().ok_or_else(|| js_error("not_found", &format!("no element has Id {id:?}"), None))?;
    if let Some(second) = found.next() {
        let message = format!("Id {id:?} occurs twice, at {} and {}", first.text_pos(), second.text_pos());
        return Err(js_error("duplicate_id", &message, Some(second.text_pos())));
    }
    Ok(first)
}

/// The first element named `{namespace-uri}local-name` (or a bare local name: no namespace).
fn element_named<'a, 'i>(doc: &'a Document<'i>, name: &str) -> Result<Node<'a, 'i>, Error> {
    let (namespace, local) = match name.strip_prefix('{').and_then(|r| r.split_once('}')) {
        Some(("", local)) => (None, local),
        Some((namespace, local)) => (Some(namespace), local),
        None if !name.starts_with('{') => (None, name),
        None => {
            return Err(js_error(
                "invalid_option",
                &format!("{name:?} is not of the form {{namespace-uri}}local-name"),
                None,
            ));
        }
    };
    doc.descendants()
        .find(|n| n.has_name(namespace, local))
        .ok_or_else(|| js_error("not_found", &format!("no element named {name}"), None))
}

fn xml_bytes(xml: &JsValue) -> Result<Vec<u8>, Error> {
    if let Some(text) = xml.as_string() {
        return Ok(text.into_bytes());
    }
    match xml.dyn_ref::<js_sys::Uint8Array>() {
        Some(bytes) => Ok(bytes.to_vec()),
        None => Err(js_error("invalid_option", "the XML must be a string or a Uint8Array", None)),
    }
}

/// A plain JS object (no classes, no getters) with the fields of `value`.
fn plain_object<T: serde::Serialize>(value: &T) -> Result<JsValue, Error> {
    let json = serde_json::to_string(value).map_err(|e| js_error("internal", &e.to_string(), None))?;
    JSON::parse(&json).map_err(|_| js_error("internal", "result is not JSON", None))
}

/// A JS `Error` with `code`, and `line`/`column` when there is a position.
pub(crate) fn js_error(code: &str, message: &str, pos: Option<TextPos>) -> Error {
    let error = Error::new(message);
    // Setting a property on a fresh Error object cannot fail.
    let _ = Reflect::set(&error, &"code".into(), &code.into());
    if let Some(pos) = pos {
        let _ = Reflect::set(&error, &"line".into(), &pos.line.into());
        let _ = Reflect::set(&error, &"column".into(), &pos.column.into());
    }
    error
}
