//! The verdict a reader needs: valid, invalid, or not determinable, with every signature and
//! every problem. Keys are trusted only when the caller supplies them; a certificate the document
//! carries is used only to tell a changed document (invalid) from an unknown signer (not
//! determinable), never to call a document valid.

use base64ct::{Base64, Encoding};
use hocba::crypto::{PublicKey, RUSTCRYPTO};
use hocba::dsig::{self, DSIG_NS, DsigError, RequiredElement, VerifiedSignature, VerifyOptions, Warning};
use hocba::xml::{Document, Node, TextPos, XmlError};
use serde::Serialize;

use crate::certificate::CertificateInfo;

/// What the caller asks for, already read from JavaScript.
#[derive(Default)]
pub(crate) struct Request {
    pub(crate) trusted_keys: Vec<PublicKey>,
    pub(crate) id_attributes: Option<Vec<String>>,
    pub(crate) required: Vec<RequiredElement>,
    pub(crate) signature_places: Vec<Vec<String>>,
    pub(crate) allow_sha1: bool,
}

#[derive(Serialize, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Verdict {
    /// Every signature verified under a trusted key and the caller's requirements hold.
    Valid,
    /// Something is definitely wrong: changed data, a broken or misplaced signature, no signature.
    Invalid,
    /// The signatures match the certificates the document carries, but no signer is trusted
    /// (or there is nothing to check them with): who signed cannot be confirmed.
    Indeterminate,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Outcome {
    verdict: Verdict,
    signatures: Vec<SignatureReport>,
    /// The first is the core's own error (the one `hocba verify --json` reports); later ones are
    /// what the second look, with the carried certificates, found.
    problems: Vec<Problem>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SignatureReport {
    id: Option<String>,
    /// `line:column` of the `Signature` element.
    position: String,
    /// Local names from below the root element to the signature's parent, e.g. `DSCKS/GVCN`.
    place: String,
    /// From the place: `homeroom_teacher` (`GVCN`), `principal` (`HieuTruong`), else `null`.
    role: Option<&'static str>,
    algorithm: String,
    key: KeyReport,
    /// Whether the verifying key is one the caller trusts (else it is the carried certificate's).
    trusted: bool,
    /// The certificate in `KeyInfo` carrying the verifying key, as it describes itself.
    signer: Option<CertificateInfo>,
    /// UTC, `YYYY-MM-DDThh:mm:ssZ`; what the signer claims.
    claimed_signing_time: Option<String>,
    /// The same instant in Vietnam (UTC+07:00).
    claimed_signing_time_vietnam: Option<String>,
    references: Vec<ReferenceReport>,
    warnings: Vec<Problem>,
}

#[derive(Serialize)]
struct KeyReport {
    r#type: String,
    bits: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReferenceReport {
    uri: String,
    digest_algorithm: String,
}

#[derive(Serialize)]
pub(crate) struct Problem {
    code: &'static str,
    message: String,
    line: Option<u32>,
    column: Option<u32>,
}

impl Problem {
    fn from_dsig(error: &DsigError) -> Self {
        let pos = dsig_position(error);
        Problem {
            code: error.code(),
            message: error.to_string(),
            line: pos.map(|p| p.line),
            column: pos.map(|p| p.column),
        }
    }
}

/// Verifies `xml`; `Err` only when it is not acceptable XML (unusable input, as the CLI's exit 2).
pub(crate) fn verify(xml: &[u8], request: &Request) -> Result<Outcome, XmlError> {
    let doc = Document::parse(xml)?;
    let mut options = VerifyOptions {
        provider: &RUSTCRYPTO,
        trusted_keys: request.trusted_keys.clone(),
        allow_sha1: request.allow_sha1,
        required: request.required.clone(),
        signature_places: request.signature_places.clone(),
        ..VerifyOptions::default()
    };
    if let Some(names) = &request.id_attributes {
        options.id_attributes = names.clone();
    }
    let error = match dsig::verify(&doc, &options) {
        Ok(signatures) => {
            let signatures = signatures.iter().map(|s| report(&doc, s, &request.trusted_keys)).collect();
            return Ok(Outcome { verdict: Verdict::Valid, signatures, problems: Vec::new() });
        }
        Err(e) => e,
    };
    let mut problems = vec![Problem::from_dsig(&error)];
    // Only a signer that is not trusted leaves the question open; anything else is a defect.
    if !matches!(error, DsigError::NoTrustedKey { .. } | DsigError::BadSignature { .. }) {
        return Ok(Outcome { verdict: Verdict::Invalid, signatures: Vec::new(), problems });
    }
    let carried = carried_keys(&doc);
    if carried.is_empty() {
        return Ok(Outcome { verdict: Verdict::Indeterminate, signatures: Vec::new(), problems });
    }
    options.trusted_keys.extend(carried);
    match dsig::verify(&doc, &options) {
        Ok(signatures) => {
            let signatures: Vec<SignatureReport> =
                signatures.iter().map(|s| report(&doc, s, &request.trusted_keys)).collect();
            for signature in signatures.iter().filter(|s| !s.trusted) {
                let who = signature.signer.as_ref().map(|c| c.describe()).unwrap_or_default();
                problems.push(Problem {
                    code: "signer_not_trusted",
                    message: format!(
                        "signature at {} matches the certificate it carries{who}, which is not a trusted certificate",
                        signature.position
                    ),
                    line: None,
                    column: None,
                });
            }
            Ok(Outcome { verdict: Verdict::Indeterminate, signatures, problems })
        }
        Err(second) => {
            if second.to_string() != problems[0].message {
                problems.push(Problem::from_dsig(&second));
            }
            Ok(Outcome { verdict: Verdict::Invalid, signatures: Vec::new(), problems })
        }
    }
}

fn report(doc: &Document<'_>, signature: &VerifiedSignature, trusted: &[PublicKey]) -> SignatureReport {
    let node = doc.node(signature.signature_node());
    let mut path: Vec<&str> =
        node.ancestors_or_self().skip(1).filter(|n| n.is_element()).map(|n| n.local_name()).collect();
    path.reverse();
    let place = path.get(1..).unwrap_or_default().join("/");
    let role = match node.parent().filter(|p| p.is_element()).map(|p| p.local_name()) {
        Some("GVCN") => Some("homeroom_teacher"),
        Some("HieuTruong") => Some("principal"),
        _ => None,
    };
    SignatureReport {
        id: signature.id().map(str::to_owned),
        position: signature.position().to_string(),
        place,
        role,
        algorithm: signature.algorithm().uri().to_owned(),
        key: KeyReport { r#type: signature.key().key_type().to_string(), bits: signature.key().bits() },
        trusted: trusted.contains(signature.key()),
        signer: signature.signer_certificate().and_then(|der| CertificateInfo::read(der, &RUSTCRYPTO)),
        claimed_signing_time: signature.claimed_signing_time().map(|t| t.to_utc_string()),
        claimed_signing_time_vietnam: signature.claimed_signing_time().map(|t| t.to_vietnam_string()),
        references: signature
            .references()
            .iter()
            .map(|r| ReferenceReport {
                uri: r.uri().to_owned(),
                digest_algorithm: r.digest_algorithm().uri().to_owned(),
            })
            .collect(),
        warnings: signature.warnings().iter().map(warning).collect(),
    }
}

fn warning(warning: &Warning) -> Problem {
    let (code, message) = match warning {
        Warning::WeakAlgorithm(uri) => ("weak_algorithm", format!("weak algorithm {uri} accepted for an old document")),
        Warning::WeakKey { bits } => ("weak_key", format!("RSA key of {bits} bits is below 2048")),
        other => ("warning", format!("{other:?}")),
    };
    Problem { code, message, line: None, column: None }
}

/// The keys of every certificate in a `Signature/KeyInfo/X509Data` of the document: candidates
/// for telling a changed document from an untrusted signer, trusted for nothing.
fn carried_keys(doc: &Document<'_>) -> Vec<PublicKey> {
    let in_key_info = |n: &Node<'_, '_>| {
        let mut up = n.ancestors_or_self().skip(1);
        up.next().is_some_and(|p| p.has_name(Some(DSIG_NS), "X509Data"))
            && up.next().is_some_and(|p| p.has_name(Some(DSIG_NS), "KeyInfo"))
            && up.next().is_some_and(|p| p.has_name(Some(DSIG_NS), "Signature"))
    };
    let mut keys: Vec<PublicKey> = Vec::new();
    for node in doc.descendants().filter(|n| n.has_name(Some(DSIG_NS), "X509Certificate") && in_key_info(n)) {
        let text: String = node
            .children()
            .filter_map(|c| c.text())
            .flat_map(|t| t.chars())
            .filter(|c| !c.is_ascii_whitespace())
            .collect();
        let Ok(der) = Base64::decode_vec(&text) else { continue };
        if let Ok(key) = PublicKey::from_certificate_der(&der)
            && !keys.contains(&key)
        {
            keys.push(key);
        }
    }
    keys
}

/// Where the core says the failure is, when it says so.
fn dsig_position(error: &DsigError) -> Option<TextPos> {
    match error {
        DsigError::Xml(e) => e.pos(),
        DsigError::Structure { pos, .. }
        | DsigError::UnsupportedAlgorithm { pos, .. }
        | DsigError::WeakAlgorithm { pos, .. }
        | DsigError::UnsupportedReference { pos, .. }
        | DsigError::UnresolvedReference { pos, .. }
        | DsigError::TooManyReferences { pos, .. }
        | DsigError::TooManyTransforms { pos, .. }
        | DsigError::UnsupportedTransforms { pos, .. }
        | DsigError::Base64 { pos, .. }
        | DsigError::DigestMismatch { pos, .. }
        | DsigError::BadSignature { pos, .. }
        | DsigError::KeyInfo { pos, .. }
        | DsigError::Misplaced { pos, .. }
        | DsigError::KeyValueMismatch { pos }
        | DsigError::SigningTime { pos, .. }
        | DsigError::DisallowedAlgorithm { pos, .. }
        | DsigError::UnexpectedPlace { pos, .. }
        | DsigError::NoTrustedKey { pos }
        | DsigError::NotCovered { pos, .. }
        | DsigError::Placement { pos, .. }
        | DsigError::C14n { pos, .. } => Some(*pos),
        DsigError::DuplicateId { second, .. } => Some(*second),
        _ => None,
    }
}
