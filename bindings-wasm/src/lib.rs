//! hocba for JavaScript: verify a Học bạ số transcript (or any signed document) end to end — XML
//! signatures, the signing profile, each signer's certificate path to the trust anchors and its
//! revocation — read and validate transcripts, and canonicalize XML, in the browser and in Node,
//! with the pure-Rust crypto provider (no C, no randomness).
//!
//! The binding is thin: the verdict and everything behind it is the core's
//! `hocba::report::VerificationReport`, handed over as its JSON (the same as `hocba verify --json`).
//! Every failure to use the input is a JS `Error` with a `code` (and `line`/`column` where the
//! input has a position); a document that does not verify is not an error but a verdict.

mod approvals;
mod options;
mod paper;

use hocba::Code;
use hocba::c14n::{self, Algorithm, Method, Subset};
use hocba::dsig::{VerifyOptions, element_by_id};
use hocba::pki::{MAX_REVOCATION_REQUESTS, RevocationRequest};
use hocba::report::{Language, Verdict};
use hocba::transcript::{self, TranscriptError, ValidateOptions};
use hocba::verifier::{DocumentVerification, Record, RecordSet};
use hocba::xml::{Document, TextPos, first_element_named};
use js_sys::{Error, JSON, Reflect};
use serde_json::{Value, json};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r##"
/** Input XML: text, or the file's bytes (preferred: the bytes are what was signed). Where a
 *  function verifies (`verify`, `revocationRequests`, `checkPaper`), the bytes of a PDF copy made
 *  by `hocba render` too (recognised by `%PDF-`): the transcript embedded in it is verified. */
export type XmlInput = string | Uint8Array;
/** PEM text, or PEM/DER bytes. */
export type PemOrDer = string | Uint8Array;

export interface VerifyOptions {
  /** Trust anchors (PEM/DER; a PEM may hold several). They replace the default: the embedded
   *  government roots (VGCA RootCA G2, Vietnam National Root CA), as `hocba verify --trust`. */
  trustedCertificates?: PemOrDer[];
  /** Intermediate certificates offered to path building; never trusted by themselves. */
  intermediates?: PemOrDer[];
  /** CRLs (PEM/DER) to check revocation with, besides those embedded in the signatures. */
  crls?: PemOrDer[];
  /** OCSP responses (DER) to check revocation with. */
  ocspResponses?: Uint8Array[];
  /** `require` (default): an unknown status leaves a signature undetermined; `soft-fail`: a
   *  warning; `off`: not checked. */
  revocation?: "require" | "soft-fail" | "off";
  /** Which time a signer's certificate is judged at: `timestamp` (default: a verified time-stamp,
   *  else now; an expired certificate without one leaves the signature undetermined), `now`, or
   *  `claimed` (legacy: the signer's own claimed signing time, which a back-dating key can forge). */
  time?: "timestamp" | "now" | "claimed";
  /** Also verify signed documents that are not transcripts, as generic XML signatures (signatures
   *  and signers' trust only). Default: false, and such a document is invalid (`not-a-transcript`).
   *  A transcript is always verified under the signing profile. */
  generic?: boolean;
  /** The verification time ("now"): a Date or milliseconds since 1970. Default: `Date.now()`. */
  now?: Date | number;
  /** Public keys pinned instead of trusting a PKI (PEM/DER SubjectPublicKeyInfo, PKCS#1 RSA, or a
   *  certificate), as `hocba verify --key`: no path and no revocation are checked then. */
  trustedKeys?: PemOrDer[];
  /** Attribute names that identify elements for `URI="#id"`. Default: Id, ID, id (and xml:id). */
  idAttributes?: string[];
  /** Elements every signature must cover; `place` is local names from the root element down,
   *  e.g. `"HocBa/DuLieuHocBa"` (empty or absent: anywhere). */
  required?: { id: string; place?: string }[];
  /** Places signatures may sit in, below the root element, e.g. `"DSCKS/GVCN"`; one each. */
  signaturePlaces?: string[];
  /** Accept SHA-1 (old documents, G1 certificates), reported as a warning. Default: false. */
  allowSha1?: boolean;
  /** CRLs and OCSP responses the caller fetched for `revocationRequests`, each with the URL it
   *  came from: used like `crls`/`ocspResponses`, and reported with that URL as their origin. One
   *  that cannot be read throws `crl-malformed`/`ocsp-response-malformed` with `index` set. */
  fetchedRevocation?: FetchedRevocation[];
  /** The managing authorities' approval lists (`DanhSachPheDuyet`, signed XML): each the document
   *  (text or bytes), or `{ label, bytes }` to name it (a file name) in `approvals.rejected`. Each
   *  must be signed by one of `approvalAuthorities` and verify under the trust and revocation
   *  options above; one that does not is refused (listed in the result) and not used. Lists need
   *  `approvalAuthorities` (else `invalid-setting`, as `hocba verify --approvals` without
   *  `--approval-authority`). Without lists the report warns `approval-not-checked`. */
  approvals?: (XmlInput | { label: string; bytes: XmlInput })[];
  /** Who may publish approval lists: their certificates (PEM text, PEM/DER bytes), or text holding
   *  the SHA-256 fingerprint of one (64 hex digits; `:` or spaces between pairs allowed). */
  approvalAuthorities?: (PemOrDer | string)[];
  /** What a question the lists cannot settle (no list for the school, a stale list, lists that
   *  disagree) does: `require` (default: undetermined), `soft-fail` (a warning), `off` (approval
   *  not checked, a warning). A signer not approved, a missing seal the list requires and a
   *  withdrawn year make the transcript invalid under every policy but `off`. */
  approvalPolicy?: "require" | "soft-fail" | "off";
  /** Editions fetched for `approvalListRequests`, each with the URL it came from. One counts only as
   *  a newer edition of the same authority's stale list (as the native build's refresh); one that
   *  does not verify is refused, in `approvals.rejected` under its URL. Never thrown. */
  fetchedApprovals?: FetchedApprovalList[];
}

/** An approval list fetched for an `ApprovalListRequest`. */
export interface FetchedApprovalList {
  /** The request's `url`. */
  url: string;
  /** The body of the answer. */
  bytes: Uint8Array;
}

/** Where the next edition of a stale approval list is published (`approvalListRequests`). */
export interface ApprovalListRequest {
  /** GET this (`NoiCongBo` of the list; `http:` or `https:`). */
  url: string;
  /** The authority whose list it is (`TenCoQuan`, `MaCoQuan`). */
  authority: string;
  authority_code: string;
  /** The edition held, which a newer one replaces. */
  sequence: number;
  /** When that edition was due to be replaced (UTC). */
  next_update: string;
}

/** An answer fetched for a `RevocationRequest`. */
export interface FetchedRevocation {
  kind: "crl" | "ocsp";
  /** The request's `url`. */
  url: string;
  /** The body of the answer (DER; a CRL may be PEM). */
  bytes: Uint8Array;
}

/** Revocation data a verification lacks, and where to ask for it (`revocationRequests`). */
export interface RevocationRequest {
  /** `crl`: GET `url`. `ocsp`: POST `body` to `url` with Content-Type `application/ocsp-request`. */
  kind: "crl" | "ocsp";
  /** `http:` or `https:` only, from the certificate (CRL distribution point, OCSP responder). */
  url: string;
  /** For `ocsp`: the DER OCSP request (one SHA-1 CertID, no nonce). It names the certificate's
   *  issuer and serial number: that is what the responder learns. */
  body?: Uint8Array;
  /** The certificates whose status the answer gives (their subjects, as in `RevocationCheck`). */
  subjects: string[];
}

/** `valid`: every signature verified and every signer is trusted now; `invalid`: something is
 *  definitely wrong (changed data, broken signature, revoked or untrusted signer, profile broken);
 *  `undetermined`: nothing is wrong, but something needed (a revocation status) is unknown. */
export type Verdict = "valid" | "invalid" | "undetermined";

/** One finding: a stable code and the explanation in Vietnamese and English. */
export interface Finding { code: string; vi: string; en: string }

export interface Signer {
  name: string | null;
  organization: string | null;
  organizational_unit: string | null;
  title: string | null;
  subject: string;
  issuer: string;
  serial: string;
  /** UTC, `YYYY-MM-DDThh:mm:ssZ`. */
  not_before: string;
  not_after: string;
  sha256: string;
}

export interface SigningTime {
  /** `time-stamp` (proven, `authority` named), `archive-time-stamp` (the signature existed by
   *  then, proven by the document's archive time-stamp from `authority`), `claimed` (the signer's
   *  word) or `verification-time`. */
  source: "time-stamp" | "archive-time-stamp" | "claimed" | "verification-time";
  time: string;
  authority?: string;
}

/** An archive time-stamp over the whole document. */
export interface ArchiveTimeStamp {
  /** UTC: everything in the document before it existed then. */
  time: string;
  authority: string;
  /** UTC: the end of its authority's certificate path. */
  valid_until: string;
  /** Whether it still proves its time (else the document's warnings say why). */
  proves: boolean;
}

export interface ChainEntry { subject: string; not_before: string; not_after: string; sha256: string }

export interface RevocationSource {
  /** `crl` or `ocsp`. */
  kind: string;
  /** Who signed the CRL or the OCSP response. */
  signer: string;
  this_update: string;
  next_update: string | null;
  /** `supplied` (the caller's), `embedded` (in the signature), or the URL it came from. */
  origin: string;
}

export interface RevocationCheck {
  subject: string;
  serial: string;
  status: "good" | "revoked" | "unknown" | "not-checked";
  /** For `revoked`: when, and why (RFC 5280 reason, camelCase). */
  time?: string;
  reason?: string;
  /** For `unknown`: what was tried. */
  why?: string;
  source: RevocationSource | null;
  /** Revoked after the signing time the policy used (the signature stays valid, with a warning). */
  revoked_later: { time: string; reason: string } | null;
}

/** A signature's status in ETSI EN 319 102-1's terms, as the EU DSS validator reports it:
 *  `TOTAL_PASSED` exactly when valid, else why it did not pass under the indication the standard
 *  files that reason (`ETSI.md` lists every code's). */
export interface EtsiStatus {
  indication: "TOTAL_PASSED" | "TOTAL_FAILED" | "INDETERMINATE";
  /** `OUT_OF_BOUNDS_NO_POE`, `REVOKED`, `HASH_FAILURE`, ...; null for a passed signature. */
  sub_indication: string | null;
}

/** The summary the EU DSS validator's simple report gives. */
export interface EtsiSummary {
  signatures_count: number;
  /** The signatures `TOTAL_PASSED`. */
  valid_signatures_count: number;
}

export interface SignatureReport {
  verdict: Verdict;
  etsi: EtsiStatus;
  id: string | null;
  /** Local names below the root element down to the signature's parent, e.g. `DSCKS/GVCN`. */
  place: string;
  /** In Vietnamese: `Giáo viên chủ nhiệm`, `Hiệu trưởng`, `Giáo viên bộ môn (Toán)`. */
  role: string | null;
  /** The same in English: `homeroom teacher`, `principal`, `subject teacher (Mathematics)`. */
  role_en: string | null;
  algorithm: string | null;
  /** Reference URIs the signature covers (`#data-1`, ...). */
  covers: string[];
  signer: Signer | null;
  signing_time: SigningTime | null;
  /** The signing time the signer claims, reported even where the signature was judged at
   *  another time (a time-stamp's, or the verification time). */
  claimed_signing_time: string | null;
  /** Signer first, anchor last. */
  chain: ChainEntry[];
  revocation: RevocationCheck[];
  problems: Finding[];
  warnings: Finding[];
  /** Who approved the signer for the year's school and role, when approval lists were checked
   *  and approve them; else null. */
  approval: SignerApproval | null;
}

/** An approval of a signer by the managing authority's list. */
export interface SignerApproval {
  /** The authority's name and code (`TenCoQuan`, `MaCoQuan`). */
  authority: string;
  authority_code: string;
  /** The list's number (`SoThuTu`) and when it was issued (UTC). */
  list_sequence: number;
  list_issued: string;
  /** The school's code and name as the list writes them. */
  school: string;
  school_name: string;
  /** What the certificate is approved to sign as: `hieu-truong`, `pho-hieu-truong`, `gvcn`,
   *  `gvbm`, `con-dau`. */
  roles: string[];
  /** Approved from, and until (exclusive; null: no end). UTC. */
  from: string;
  until: string | null;
}

/** The approval lists a verification used (`VerifyResult.approvals`). */
export interface ApprovalsInfo {
  policy: "require" | "soft-fail" | "off";
  /** The lists in use: each authority's newest edition that verified. */
  lists: ApprovalListInfo[];
  /** The documents that could not be used, and why: `label` is the `{ label }` given, else
   *  `approvals[i]`, or the URL of a fetched one. */
  rejected: RejectedApprovalList[];
  /** What became of each `fetchedApprovals` document, in order: `used` (the newer edition now in
   *  use), `not-newer` (verified, but not a newer edition of a stale list held), `refused` (see
   *  `rejected`). */
  fetched: { url: string; outcome: "used" | "not-newer" | "refused"; sequence: number | null }[];
}

export interface ApprovalListInfo {
  authority: string;
  authority_code: string;
  sequence: number;
  /** UTC. */
  issued: string;
  next_update: string;
  /** Past `next_update` at the verification time: `approvalListRequests` names where the next
   *  edition is published. */
  stale: boolean;
  /** `NoiCongBo`: where the next editions are published. */
  distribution_points: string[];
  /** The authority's certificate that signed the list. */
  signer: Signer;
  signed_at: string | null;
  schools: { code: string; name: string }[];
  /** How many signed years the list withdraws. */
  withdrawals: number;
  /** `supplied` (in `approvals`), or the URL of the `fetchedApprovals` answer it came from. */
  origin: string;
}

export interface RejectedApprovalList { label: string; code: string; vi: string; en: string }

/** The transcript the signatures cover (null when the document is not one, or breaks the
 *  profile). Show its content under the verdict only: `valid` is true only when the verdict is. */
export interface VerifiedTranscriptInfo {
  valid: boolean;
  /** The sender withdrew it (`SuKien=CANCEL`). */
  withdrawn: boolean;
  /** The model: the years as signed; envelope and header as found (unsigned). */
  content: Transcript;
}

/** The core's report, as `hocba verify --json` prints it, plus the transcript. */
export interface VerifyResult {
  verdict: Verdict;
  /** UTC. */
  verified_at: string;
  revocation_policy: "require" | "soft-fail" | "off";
  online: boolean;
  /** Document-level findings (no signature, duplicate Ids, the profile, withdrawal, a withdrawn
   *  year, a missing seal, a school no approval list covers, ...). */
  problems: Finding[];
  /** Document-level warnings that leave the verdict as it is (`approval-not-checked`, ...). */
  warnings: Finding[];
  /** The document's archive time-stamps, oldest first. */
  archive_time_stamps: ArchiveTimeStamp[];
  /** UTC: when the time-stamps the verdict rests on stop proving anything (add an archive
   *  time-stamp before then); null without any. */
  renew_archive_by: string | null;
  signatures: SignatureReport[];
  /** DSS's simple-report summary: the signatures, and those `TOTAL_PASSED`. The document's own
   *  problems leave each signature's status as it is; `verdict` says them. */
  etsi: EtsiSummary;
  transcript: VerifiedTranscriptInfo | null;
  /** The approval lists given: in use, refused, fetched; null when none was given. */
  approvals: ApprovalsInfo | null;
  /** What a batch keeps of this document, for `checkRecords`. */
  record: Record;
  /** The document was the transcript embedded in a PDF copy (the input started `%PDF-`). */
  from_pdf: boolean;
}

/** `checkPaper`'s result: the document's verification, as `verify` gives it, and the answer about
 *  the paper copy. */
export interface PaperCheckResult extends VerifyResult {
  paper: PaperAnswer;
}

export interface PaperAnswer {
  /** The copy's reference is this document's **and** the document is valid now. */
  belongs: boolean;
  /** Why the copy is not of this document's signed transcript: `paper-other-record`,
   *  `paper-other-years`, `paper-digest-mismatch`, or `not-valid` (no transcript whose signatures
   *  verify to compare with); null when it is (then `belongs` is the verdict's `valid`). */
  mismatch: Finding | null;
  /** The reference read, as the copy prints it (`HOCBA1:...`). */
  reference: string;
  /** The conclusion for a person, as `hocba verify --qr` prints it: `BẢN GIẤY KHỚP: ...`,
   *  `BẢN GIẤY KHÔNG CÓ GIÁ TRỊ: ...` or `BẢN GIẤY KHÔNG KHỚP: ...` (and in English). */
  message: { vi: string; en: string };
}

/** A verified document's record: the verdict, and (when the transcript profile held) the student
 *  and each school year, read from the signed content. */
export interface Record {
  verdict: Verdict;
  student_id: string | null;
  student_name: string | null;
  years: RecordYear[];
  /** The signers' names, each once. */
  signers: string[];
}

export interface RecordYear {
  /** The year the school year starts in (2024 for 2024-2025). */
  start: number;
  name: string;
  school: string;
  /** The signers' organizations (O and OU of their certificates). */
  signer_units: string[];
}

/** A record and the name it is shown under (its file name). */
export interface LabelledRecord { label: string; record: Record }

/** The problems across one student's valid records (`checkRecords`). */
export interface StudentFindings {
  student_id: string;
  name: string;
  /** `student-name-differs`, `school-year-repeated`, `school-year-missing`,
   *  `year-signed-by-other-school`. */
  problems: Finding[];
}

/** The transcript model (`hocba show --json`): envelope, header, years (field names from the
 *  Ministry's data catalogue, see the README). */
export interface Transcript {
  envelope: Record<string, unknown>;
  header: Record<string, unknown>;
  years: Record<string, any>[];
}

/** An embedded government root certificate. */
export interface GovernmentRoot {
  name: string | null;
  organization: string | null;
  /** SHA-256 of the DER certificate, hex (pinned in the library). */
  sha256: string;
  not_before: string;
  not_after: string;
  der: Uint8Array;
}

/** Code list name -> official code -> labels. */
export type CodeLabels = Record<string, Record<string, { vi: string; en: string }>>;

export interface ValidationFinding {
  severity: "error" | "warning";
  /** Path into the document, with `line:column` when the reader found the problem. */
  path: string;
  code: string;
  message_vi: string;
  message_en: string;
}

/** As `hocba validate --json` (without `file`). */
export interface ValidationResult {
  valid: boolean;
  errors: number;
  warnings: number;
  findings: ValidationFinding[];
}

export interface ValidateOptions {
  /** Report rule findings (the circulars' arithmetic and conditions) as errors. Default: false. */
  strict?: boolean;
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

/** Every error thrown has a stable `code`, one of the library's (`codes()` lists them all):
 *  `xml` (not acceptable XML; `line`/`column` set when known), for XML that is not a transcript
 *  the problem's (`missing-element`, `invalid-code`, ...; `path`, `line`/`column`),
 *  `invalid-setting` (an unknown or mistyped option), `certificate-malformed`, `invalid-key`,
 *  `crl-malformed`, `ocsp-response-malformed`, `c14n`, `unsupported-algorithm`, `not-found`,
 *  `duplicate-id`, `internal`; for a PDF `pdf-malformed`, `pdf-no-transcript`, `too-large`; for
 *  a paper copy's text `paper-reference-malformed`; for QR pixels `too-large`. */
export interface HocbaError extends Error {
  code: string;
  /** For the PDF and paper copy codes: the message in Vietnamese, and in English (as `message`). */
  vi?: string;
  en?: string;
  line?: number;
  column?: number;
  /** For `transcript`: where in the document. */
  path?: string;
  /** For an unreadable `fetchedRevocation` item: its index. */
  index?: number;
}
"##;

#[wasm_bindgen]
extern "C" {
    /// A `VerifyOptions` object from JavaScript.
    #[wasm_bindgen(typescript_type = "VerifyOptions")]
    pub type JsVerifyOptions;
    /// A `ValidateOptions` object from JavaScript.
    #[wasm_bindgen(typescript_type = "ValidateOptions")]
    pub type JsValidateOptions;
    /// A `C14nOptions` object from JavaScript.
    #[wasm_bindgen(typescript_type = "C14nOptions")]
    pub type JsC14nOptions;
}

/// Verifies `xml` end to end by its kind (`hocba::verifier`): a transcript under the signing
/// profile and every signer's trust, any other signed document under trust alone when `generic`
/// is set (else it is invalid, not a transcript). A PDF copy (`%PDF-`) is verified as the
/// transcript embedded in it (`from_pdf` says so). Unusable input (not XML, a PDF without a
/// transcript, bad options) throws; a document that does not verify is a verdict in the report.
#[wasm_bindgen(unchecked_return_type = "VerifyResult")]
pub fn verify(
    #[wasm_bindgen(unchecked_param_type = "XmlInput")] xml: JsValue,
    options: Option<JsVerifyOptions>,
) -> Result<JsValue, Error> {
    let input = SignedInput::read(&xml)?;
    let request = options::verify_request(options.as_ref().map(|o| o.unchecked_ref()))?;
    let verification = request.verifier.verify_document(&parse(&input.xml)?).map_err(core_error)?;
    plain_object(&verification_result(&verification, &input, request.approvals)?)
}

/// The signed document to verify: the XML given, or the one a PDF copy carries.
pub(crate) struct SignedInput {
    pub(crate) xml: Vec<u8>,
    /// Read out of a PDF copy (`hocba render`'s), recognised by its `%PDF-` header as the CLI does.
    pub(crate) from_pdf: bool,
}

impl SignedInput {
    pub(crate) fn read(input: &JsValue) -> Result<SignedInput, Error> {
        let bytes = xml_bytes(input)?;
        if bytes.starts_with(b"%PDF-") {
            let xml = hocba_render::embedded_transcript(&bytes).map_err(paper::pdf_error)?;
            Ok(SignedInput { xml, from_pdf: true })
        } else {
            Ok(SignedInput { xml: bytes, from_pdf: false })
        }
    }
}

/// `verify`'s result: the core's report as JSON, the transcript its signatures cover, the record
/// for `checkRecords`, the approval lists' summary, and whether the document came from a PDF.
pub(crate) fn verification_result(
    verification: &DocumentVerification,
    input: &SignedInput,
    approvals: Value,
) -> Result<Value, Error> {
    let transcript = verification.transcript().and_then(|verification| {
        let valid = verification.report().verdict() == Verdict::Valid;
        verification.signed_transcript().map(
            |signed| json!({ "valid": valid, "withdrawn": signed.is_withdrawn(), "content": signed.to_transcript() }),
        )
    });
    let report = verification.report().to_json();
    let mut result: Value =
        serde_json::from_str(&report).map_err(|e| js_error(Code::Internal, &e.to_string(), None))?;
    let object = result.as_object_mut().ok_or_else(|| js_error(Code::Internal, "the report is not an object", None))?;
    object.insert("transcript".to_owned(), transcript.unwrap_or(Value::Null));
    let record =
        serde_json::to_value(verification.record()).map_err(|e| js_error(Code::Internal, &e.to_string(), None))?;
    object.insert("record".to_owned(), record);
    object.insert("approvals".to_owned(), approvals);
    object.insert("from_pdf".to_owned(), input.from_pdf.into());
    Ok(result)
}

/// What revocation data verifying `xml` with `options` lacks and where to ask for it: for every
/// signer's certificate and intermediate (below the anchor) whose status neither the embedded data
/// nor the given `crls`/`ocspResponses`/`fetchedRevocation` answer, the OCSP requests to POST and
/// the CRLs to GET (`hocba::pki::revocation_requests`: http/https only, duplicates merged, at most
/// 64); the signers of the approval lists given (`approvals`, `fetchedApprovals`) too, unless
/// `approvalPolicy` is `off`. Nothing is fetched here: the caller fetches (with the user's consent) and verifies again
/// with the answers in `fetchedRevocation`. Empty when nothing is missing, revocation is `off`, or
/// the document is not a transcript and `generic` is not set.
#[wasm_bindgen(js_name = revocationRequests, unchecked_return_type = "RevocationRequest[]")]
pub fn revocation_requests(
    #[wasm_bindgen(unchecked_param_type = "XmlInput")] xml: JsValue,
    options: Option<JsVerifyOptions>,
) -> Result<JsValue, Error> {
    let input = SignedInput::read(&xml)?;
    let request = options::verify_request(options.as_ref().map(|o| o.unchecked_ref()))?;
    let mut found = request.verifier.revocation_requests(&parse(&input.xml)?, &request.at_hand).map_err(core_error)?;
    let config = request.verifier.config();
    for document in &request.approval_documents {
        // A list that is not XML, or whose signatures cannot be read, is refused by `verify`
        // whatever the revocation data: nothing to ask about its signer.
        let Ok(doc) = Document::parse(document) else { continue };
        if let Ok(more) = hocba::pki::revocation_requests(&doc, &config.signatures, &config.trust, &request.at_hand) {
            found.extend(more);
        }
    }
    // One request per question (kind, URL, body), with every certificate it answers for: a CA's
    // CRL serves the transcript's signers and the list's alike.
    let question = |wanted: &RevocationRequest| {
        let body = match wanted {
            RevocationRequest::Ocsp { request, .. } => Some(request.clone()),
            RevocationRequest::Crl { .. } => None,
        };
        (wanted.kind(), wanted.url().to_owned(), body)
    };
    let mut merged: Vec<(&RevocationRequest, Vec<&str>)> = Vec::new();
    for wanted in &found {
        if let Some((_, subjects)) = merged.iter_mut().find(|(first, _)| question(first) == question(wanted)) {
            for subject in wanted.subjects() {
                if !subjects.contains(&subject) {
                    subjects.push(subject);
                }
            }
        } else if merged.len() < MAX_REVOCATION_REQUESTS {
            merged.push((wanted, wanted.subjects()));
        }
    }
    let list = js_sys::Array::new();
    for (wanted, subjects) in &merged {
        let item = plain_object(&json!({ "kind": wanted.kind(), "url": wanted.url(), "subjects": subjects }))?;
        if let RevocationRequest::Ocsp { request, .. } = wanted {
            let _ = Reflect::set(&item, &"body".into(), &js_sys::Uint8Array::from(request.as_slice()));
        }
        list.push(&item);
    }
    Ok(list.into())
}

/// Where to fetch the next edition of each approval list in use that is past its next update
/// (`CapNhatTiepTheo`): the addresses the list names (`NoiCongBo`), each with the authority and the
/// edition it would replace. Nothing is fetched here (WASM has no network): the caller fetches
/// (GET, with the user's consent) and verifies again with the answers in `fetchedApprovals`; an
/// answer counts only as a newer edition of that authority's stale list (as the native refresh).
/// Empty when no list is stale, none is given, or `approvalPolicy` is `off`.
#[wasm_bindgen(js_name = approvalListRequests, unchecked_return_type = "ApprovalListRequest[]")]
pub fn approval_list_requests(options: Option<JsVerifyOptions>) -> Result<JsValue, Error> {
    let request = options::verify_request(options.as_ref().map(|o| o.unchecked_ref()))?;
    plain_object(&request.list_requests)
}

/// Checks records of several verified documents together (`hocba verify` over a folder does the
/// same): per student, the same name everywhere, school years without overlap or gap, each year
/// signed by people of that year's school. Only records with a `valid` verdict take part; each
/// record is the `record` of a `verify` result, under the label (file name) shown in the findings.
#[wasm_bindgen(js_name = checkRecords, unchecked_return_type = "StudentFindings[]")]
pub fn check_records(
    #[wasm_bindgen(unchecked_param_type = "LabelledRecord[]")] records: JsValue,
) -> Result<JsValue, Error> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Labelled {
        label: String,
        record: Record,
    }
    let json =
        JSON::stringify(&records).map_err(|_| js_error(Code::InvalidSetting, "records must be JSON data", None))?;
    let json = json.as_string().ok_or_else(|| js_error(Code::InvalidSetting, "records must be an array", None))?;
    let labelled: Vec<Labelled> =
        serde_json::from_str(&json).map_err(|e| js_error(Code::InvalidSetting, &format!("records: {e}"), None))?;
    let mut set = RecordSet::new();
    for Labelled { label, record } in labelled {
        set.add(label, record);
    }
    plain_object(&set.check())
}

/// Reads a transcript (strictly: schema order, nothing unknown, every value typed) into its model,
/// as `hocba show --json`. Signatures are not looked at: use `verify` to trust the content.
#[wasm_bindgen(js_name = parseTranscript, unchecked_return_type = "Transcript")]
pub fn parse_transcript(#[wasm_bindgen(unchecked_param_type = "XmlInput")] xml: JsValue) -> Result<JsValue, Error> {
    let input = xml_bytes(&xml)?;
    let model = transcript::from_xml(&input).map_err(transcript_error)?;
    plain_object(&model)
}

/// Validates a transcript: errors (not a transcript) and rule checks of the circulars (warnings,
/// or errors with `strict`), each with a path and a Vietnamese and an English message; as
/// `hocba validate --json`. A document the reader refuses gives its one error finding.
#[wasm_bindgen(unchecked_return_type = "ValidationResult")]
pub fn validate(
    #[wasm_bindgen(unchecked_param_type = "XmlInput")] xml: JsValue,
    options: Option<JsValidateOptions>,
) -> Result<JsValue, Error> {
    let input = xml_bytes(&xml)?;
    let strict = options::validate_strict(options.as_ref().map(|o| o.unchecked_ref()))?;
    let (_, validation) = transcript::validate_xml(&input, ValidateOptions { rules_are_errors: strict });
    let count =
        |severity| validation.findings.iter().filter(|f: &&transcript::DataFinding| f.severity == severity).count();
    plain_object(&json!({
        "valid": validation.is_valid(),
        "errors": count(transcript::Severity::Error),
        "warnings": count(transcript::Severity::Warning),
        "findings": validation.findings,
    }))
}

/// The embedded government roots, the default trust anchors: what each is, and its DER bytes (to
/// pass in `trustedCertificates` together with anchors of one's own).
#[wasm_bindgen(js_name = governmentRoots, unchecked_return_type = "GovernmentRoot[]")]
pub fn government_roots() -> Result<JsValue, Error> {
    let roots = js_sys::Array::new();
    for anchor in hocba::pki::TrustStore::government().anchors() {
        let info = json!({
            "name": anchor.subject().common_name(),
            "organization": anchor.subject().organization(),
            "sha256": anchor.fingerprint_hex(),
            "not_before": anchor.not_before().to_utc_string(),
            "not_after": anchor.not_after().to_utc_string(),
        });
        let root = plain_object(&info)?;
        let _ = Reflect::set(&root, &"der".into(), &js_sys::Uint8Array::from(anchor.der()));
        roots.push(&root);
    }
    Ok(roots.into())
}

/// The official code lists of the transcript with their Vietnamese and English labels, by list
/// name: `{ MonHoc: { TOAN: { vi: "Toán", en: "Mathematics" }, ... }, ... }`, for showing a
/// transcript's codes in words.
/// Every code a finding or an error has (`hocba::Code`), in the library's order, each with its
/// short label for a clerk (Vietnamese and English) where the library has one.
#[wasm_bindgen(unchecked_return_type = "{ code: string; vi: string | null; en: string | null }[]")]
pub fn codes() -> Result<JsValue, Error> {
    let list: Vec<Value> = Code::ALL
        .iter()
        .map(|code| {
            let label = |language| hocba::report::code_label(*code, language);
            json!({ "code": code.as_str(), "vi": label(Language::Vi), "en": label(Language::En) })
        })
        .collect();
    plain_object(&list)
}

#[wasm_bindgen(js_name = codeLabels, unchecked_return_type = "CodeLabels")]
pub fn code_labels() -> Result<JsValue, Error> {
    let lists: serde_json::Map<String, Value> = transcript::code_lists()
        .iter()
        .map(|list| {
            let labels: serde_json::Map<String, Value> = list
                .entries
                .iter()
                .map(|e| (e.code.to_owned(), json!({ "vi": e.label_vi, "en": e.label_en })))
                .collect();
            (list.name.to_owned(), labels.into())
        })
        .collect();
    plain_object(&Value::Object(lists))
}

/// The canonical form (C14N) of `xml`, or of the element with `subtreeId`.
#[wasm_bindgen]
pub fn c14n(
    #[wasm_bindgen(unchecked_param_type = "XmlInput")] xml: JsValue,
    options: Option<JsC14nOptions>,
) -> Result<String, Error> {
    let input = xml_bytes(&xml)?;
    let request = options::c14n_request(options.as_ref().map(|o| o.unchecked_ref()))?;
    let c14n_error = |e: c14n::C14nError| js_error(e.code(), &e.to_string(), None);
    let algorithm = Algorithm::from_name(request.algorithm.as_deref().unwrap_or("c14n")).map_err(c14n_error)?;
    let method = match &request.prefix_list {
        Some(list) => Method::exclusive_with_prefixes(algorithm, list).map_err(c14n_error)?,
        None => Method::new(algorithm),
    };
    let doc = parse(&input)?;
    let subset = match (&request.subtree_id, &request.subtree) {
        (Some(_), Some(_)) => {
            return Err(js_error(Code::InvalidSetting, "subtreeId and subtree exclude each other", None));
        }
        (Some(id), None) => {
            let names = VerifyOptions::default().id_attributes;
            let element = element_by_id(&doc, id, &names)
                .map_err(|e| {
                    let pos = match &e {
                        hocba::dsig::DsigError::DuplicateId { second, .. } => Some(*second),
                        _ => None,
                    };
                    js_error(Code::DuplicateId, &e.to_string(), pos)
                })?
                .ok_or_else(|| js_error(Code::NotFound, &format!("no element has Id {id:?}"), None))?;
            Subset::element(element).map_err(c14n_error)?
        }
        (None, Some(name)) => {
            let element = first_element_named(&doc, name)
                .map_err(|e| js_error(Code::InvalidSetting, &e.to_string(), None))?
                .ok_or_else(|| js_error(Code::NotFound, &format!("no element named {name}"), None))?;
            Subset::element(element).map_err(c14n_error)?
        }
        (None, None) => Subset::document(&doc),
    };
    let bytes = c14n::canonicalize_to_vec(&doc, &subset, &method).map_err(c14n_error)?;
    // Canonical XML is UTF-8 from UTF-8 input; checked rather than assumed.
    String::from_utf8(bytes).map_err(|e| js_error(Code::C14n, &e.to_string(), None))
}

/// The version of the hocba library inside.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

fn xml_bytes(xml: &JsValue) -> Result<Vec<u8>, Error> {
    if let Some(text) = xml.as_string() {
        return Ok(text.into_bytes());
    }
    match xml.dyn_ref::<js_sys::Uint8Array>() {
        Some(bytes) => Ok(bytes.to_vec()),
        None => Err(js_error(Code::InvalidSetting, "the XML must be a string or a Uint8Array", None)),
    }
}

/// A plain JS object (no classes, no getters) with the fields of `value`.
pub(crate) fn plain_object<T: serde::Serialize>(value: &T) -> Result<JsValue, Error> {
    let json = serde_json::to_string(value).map_err(|e| js_error(Code::Internal, &e.to_string(), None))?;
    JSON::parse(&json).map_err(|_| js_error(Code::Internal, "result is not JSON", None))
}

/// `input` read as XML; unusable XML is a JS `Error` with code `xml`, line and column.
fn parse(input: &[u8]) -> Result<Document<'_>, Error> {
    Document::parse(input).map_err(|e| js_error(e.code(), &e.to_string(), e.pos()))
}

/// The core's error for input it cannot use at all.
pub(crate) fn core_error(error: hocba::Error) -> Error {
    match error {
        hocba::Error::Xml(e) => js_error(e.code(), &e.to_string(), e.pos()),
        hocba::Error::Transcript(e) => transcript_error(e),
        hocba::Error::Paper(e) => worded_error(e.code(), &e.message_vi(), &e.message_en()),
        other => js_error(other.code(), &other.to_string(), None),
    }
}

fn transcript_error(error: TranscriptError) -> Error {
    match error {
        TranscriptError::Xml(e) => js_error(e.code(), &e.to_string(), e.pos()),
        TranscriptError::Content { ref path, pos, .. } => {
            let js = js_error(error.code(), &error.to_string(), Some(pos));
            let _ = Reflect::set(&js, &"path".into(), &path.as_str().into());
            js
        }
        other => js_error(other.code(), &other.to_string(), None),
    }
}

/// A JS `Error` with `code` and the message in Vietnamese (`vi`) and English (`en`, also its
/// `message`), for errors a clerk reads as they are (a PDF, a paper copy's reference).
pub(crate) fn worded_error(code: Code, vi: &str, en: &str) -> Error {
    let error = js_error(code, en, None);
    let _ = Reflect::set(&error, &"vi".into(), &vi.into());
    let _ = Reflect::set(&error, &"en".into(), &en.into());
    error
}

/// A JS `Error` with `code`, and `line`/`column` when there is a position.
/// The code is always one of the core's ([`Code`]).
pub(crate) fn js_error(code: Code, message: &str, pos: Option<TextPos>) -> Error {
    let error = Error::new(message);
    // Setting a property on a fresh Error object cannot fail.
    let _ = Reflect::set(&error, &"code".into(), &code.as_str().into());
    if let Some(pos) = pos {
        let _ = Reflect::set(&error, &"line".into(), &pos.line.into());
        let _ = Reflect::set(&error, &"column".into(), &pos.column.into());
    }
    error
}
