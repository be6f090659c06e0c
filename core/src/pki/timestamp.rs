//! RFC 3161 time-stamps over a signature's `SignatureValue`: requested when signing, verified
//! when the signature is judged, so the signing time is proven rather than claimed.
//!
//! The time-stamped data is the exclusive canonical form (without comments) of the
//! `ds:SignatureValue` element, as XAdES' `SignatureTimeStamp` does; the imprint is SHA-256.

use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier};
use der::asn1::{AnyRef, GeneralizedTime, ObjectIdentifier, OctetString, OctetStringRef};
use der::{Decode, Encode};

use super::certificate::Certificate;
use super::error::PkiError;
use super::options::TrustOptions;
use super::path::{CertificatePath, build_and_validate};
use super::policy::Purpose;
use super::signature::{digest, verify_x509_signature};
use crate::c14n::{Algorithm, Method, Subset, canonicalize_to_vec};
use crate::crypto::{CryptoProvider, DigestAlgorithm};
use crate::dsig::DSIG_NS;
use crate::time::UtcTime;
use crate::xml::{Document, NodeId};

const ID_SIGNED_DATA: &str = "1.2.840.113549.1.7.2";
const ID_CT_TST_INFO: &str = "1.2.840.113549.1.9.16.1.4";
const ID_CONTENT_TYPE: &str = "1.2.840.113549.1.9.3";
const ID_MESSAGE_DIGEST: &str = "1.2.840.113549.1.9.4";
const ID_KP_TIME_STAMPING: &str = "1.3.6.1.5.5.7.3.8";
const ID_AA_SIGNING_CERTIFICATE: &str = "1.2.840.113549.1.9.16.2.12";
const ID_AA_SIGNING_CERTIFICATE_V2: &str = "1.2.840.113549.1.9.16.2.47";
const RSA_ENCRYPTION: &str = "1.2.840.113549.1.1.1";

/// A verified time-stamp: when, by whom, and the TSA's certificate path (valid at `time`; whether
/// it is still trusted now, and unrevoked, is the caller's to judge).
pub(crate) struct ProvenTime {
    pub time: UtcTime,
    pub authority: String,
    pub tsa_path: CertificatePath,
}

fn malformed(detail: impl Into<String>) -> PkiError {
    PkiError::MalformedTimeStamp { detail: detail.into() }
}

fn digest_for_oid(oid: &ObjectIdentifier) -> Result<DigestAlgorithm, PkiError> {
    Ok(match oid.to_string().as_str() {
        "2.16.840.1.101.3.4.2.1" => DigestAlgorithm::Sha256,
        "2.16.840.1.101.3.4.2.2" => DigestAlgorithm::Sha384,
        "2.16.840.1.101.3.4.2.3" => DigestAlgorithm::Sha512,
        other => return Err(malformed(format!("digest algorithm {other} not accepted"))),
    })
}

/// The hash algorithm and certificate hash of the first `ESSCertID` (`v2`: `ESSCertIDv2`, whose
/// algorithm defaults to SHA-256; else SHA-1) in a signing-certificate attribute's value.
fn signing_certificate_hash(value: &der::Any, v2: bool) -> Result<(DigestAlgorithm, Vec<u8>), PkiError> {
    let bad = |e: der::Error| malformed(format!("signing-certificate attribute: {e}"));
    let fields: Vec<AnyRef<'_>> = value.decode_as().map_err(bad)?;
    let certs: Vec<AnyRef<'_>> =
        fields.first().ok_or_else(|| malformed("an empty signing-certificate attribute"))?.decode_as().map_err(bad)?;
    let first: Vec<AnyRef<'_>> = certs
        .first()
        .ok_or_else(|| malformed("a signing-certificate attribute naming no certificate"))?
        .decode_as()
        .map_err(bad)?;
    let (algorithm, hash) = match first.as_slice() {
        [hash, ..] if der::Tagged::tag(hash) == der::Tag::OctetString => {
            (if v2 { DigestAlgorithm::Sha256 } else { DigestAlgorithm::Sha1 }, hash)
        }
        [algorithm, hash, ..] if v2 => {
            let algorithm: spki::AlgorithmIdentifierRef<'_> = algorithm.decode_as().map_err(bad)?;
            (digest_for_oid(&algorithm.oid)?, hash)
        }
        _ => return Err(malformed("a malformed ESSCertID")),
    };
    let hash: OctetString = hash.decode_as().map_err(bad)?;
    Ok((algorithm, hash.into_bytes().to_vec()))
}

/// The bytes a signature's time-stamp covers: the exclusive canonical `SignatureValue`.
pub(crate) fn time_stamped_bytes(doc: &Document<'_>, signature: NodeId) -> Result<Vec<u8>, PkiError> {
    let value = doc
        .node(signature)
        .children()
        .find(|n| n.has_name(Some(DSIG_NS), "SignatureValue"))
        .ok_or_else(|| malformed("the signature has no SignatureValue"))?;
    let subset = Subset::element(value).map_err(|e| malformed(e.to_string()))?;
    canonicalize_to_vec(doc, &subset, &Method::new(Algorithm::ExcC14n)).map_err(|e| malformed(e.to_string()))
}

/// TSTInfo (RFC 3161, 2.4.2), the fields we use; the rest is read over.
struct TstInfo {
    imprint_algorithm: ObjectIdentifier,
    imprint: Vec<u8>,
    gen_time: UtcTime,
}

impl TstInfo {
    fn from_der(der: &[u8]) -> Result<Self, PkiError> {
        let fields: Vec<AnyRef<'_>> = Vec::from_der(der).map_err(|e| malformed(format!("TSTInfo: {e}")))?;
        // version, policy, messageImprint, serialNumber, genTime, ...
        if fields.len() < 5 {
            return Err(malformed("TSTInfo is missing fields"));
        }
        #[derive(der::Sequence)]
        struct MessageImprint<'a> {
            algorithm: spki::AlgorithmIdentifierRef<'a>,
            hashed: &'a OctetStringRef,
        }
        let imprint_der = fields[2].to_der().map_err(|e| malformed(e.to_string()))?;
        let imprint = MessageImprint::from_der(&imprint_der).map_err(|e| malformed(format!("messageImprint: {e}")))?;
        let gen_time: GeneralizedTime = fields[4].decode_as().map_err(|e| malformed(format!("genTime: {e}")))?;
        Ok(TstInfo {
            imprint_algorithm: imprint.algorithm.oid,
            imprint: imprint.hashed.as_bytes().to_vec(),
            gen_time: UtcTime::from_unix_seconds(gen_time.to_unix_duration().as_secs() as i64),
        })
    }
}

/// Verifies `token` as a time-stamp over `signature`'s `SignatureValue`: the imprint, the CMS
/// signature, the TSA certificate (id-kp-timeStamping) and its path to a trust anchor at the
/// stamped time. Whether the TSA is still to be believed (its certificates unexpired now and
/// unrevoked) is judged by the caller, with the revocation data at hand.
pub(crate) fn verify_signature_time_stamp(
    doc: &Document<'_>,
    signature: NodeId,
    token: &[u8],
    trust: &TrustOptions,
    candidates: &[Certificate],
    now: UtcTime,
    provider: &'static dyn CryptoProvider,
) -> Result<ProvenTime, PkiError> {
    verify_time_stamp_token(&time_stamped_bytes(doc, signature)?, token, trust, candidates, now, provider)
}

/// Verifies `token` as a time-stamp over `stamped`: the imprint, the CMS signature, the TSA
/// certificate (id-kp-timeStamping) and its path to a trust anchor at the stamped time.
pub(crate) fn verify_time_stamp_token(
    stamped: &[u8],
    token: &[u8],
    trust: &TrustOptions,
    candidates: &[Certificate],
    now: UtcTime,
    provider: &'static dyn CryptoProvider,
) -> Result<ProvenTime, PkiError> {
    let content_info = ContentInfo::from_der(token).map_err(|e| malformed(format!("ContentInfo: {e}")))?;
    if content_info.content_type.to_string() != ID_SIGNED_DATA {
        return Err(malformed("not a CMS SignedData"));
    }
    let signed_data: SignedData =
        content_info.content.decode_as().map_err(|e| malformed(format!("SignedData: {e}")))?;
    if signed_data.encap_content_info.econtent_type.to_string() != ID_CT_TST_INFO {
        return Err(malformed("the content is not a TSTInfo"));
    }
    let econtent = signed_data.encap_content_info.econtent.as_ref().ok_or_else(|| malformed("no TSTInfo"))?;
    let tst_der = econtent.decode_as::<OctetString>().map_err(|e| malformed(e.to_string()))?.into_bytes();
    let tst = TstInfo::from_der(&tst_der)?;

    // The imprint is of the stamped bytes.
    let imprint_algorithm = digest_for_oid(&tst.imprint_algorithm)?;
    if digest(provider, imprint_algorithm, stamped) != tst.imprint {
        return Err(PkiError::TimeStampImprintMismatch);
    }
    if tst.gen_time > now {
        return Err(malformed(format!("time-stamped in the future ({})", tst.gen_time.to_utc_string())));
    }

    // One signer, with the signed attributes RFC 5652 requires.
    let signer_info = match signed_data.signer_infos.0.as_slice() {
        [one] => one,
        _ => return Err(malformed("a time-stamp token has exactly one signer")),
    };
    let attributes = signer_info.signed_attrs.as_ref().ok_or_else(|| malformed("no signed attributes"))?;
    let attribute = |oid: &str| {
        attributes
            .iter()
            .find(|a| a.oid.to_string() == oid)
            .and_then(|a| match a.values.as_slice() {
                [one] => Some(one),
                _ => None,
            })
            .ok_or_else(|| malformed(format!("signed attribute {oid} missing or repeated")))
    };
    let content_type: ObjectIdentifier =
        attribute(ID_CONTENT_TYPE)?.decode_as().map_err(|e| malformed(format!("content-type: {e}")))?;
    if content_type.to_string() != ID_CT_TST_INFO {
        return Err(malformed("the signed content type is not TSTInfo"));
    }
    let message_digest: OctetString =
        attribute(ID_MESSAGE_DIGEST)?.decode_as().map_err(|e| malformed(format!("message-digest: {e}")))?;
    let content_digest = digest_for_oid(&signer_info.digest_alg.oid)?;
    if message_digest.as_bytes() != digest(provider, content_digest, &tst_der) {
        return Err(malformed("the signed message digest does not match the TSTInfo"));
    }

    // The TSA's certificate: in the token or among the candidates, matched by the signer id.
    let mut tsa_pool: Vec<Certificate> = candidates.to_vec();
    for choice in signed_data.certificates.iter().flat_map(|set| set.0.iter()) {
        if let cms::cert::CertificateChoices::Certificate(c) = choice {
            let der = c.to_der().map_err(|e| malformed(e.to_string()))?;
            tsa_pool.push(Certificate::from_der(&der)?);
        }
    }
    let tsa = tsa_pool
        .iter()
        .find(|c| match &signer_info.sid {
            SignerIdentifier::IssuerAndSerialNumber(id) => {
                id.serial_number.as_bytes() == c.serial_bytes()
                    && id.issuer.to_der().is_ok_and(|der| der == c.issuer_name_der())
            }
            SignerIdentifier::SubjectKeyIdentifier(ski) => {
                c.subject_key_identifier().as_deref() == Some(ski.0.as_bytes())
            }
        })
        .cloned()
        .ok_or_else(|| malformed("the TSA's certificate is not in the token"))?;
    // The signer identifier is not signed; the signing-certificate attribute is (RFC 3161 2.4.1,
    // RFC 5816): it must name the certificate found, so no other certificate for the same key
    // can stand in for it.
    let named = match (attribute(ID_AA_SIGNING_CERTIFICATE_V2), attribute(ID_AA_SIGNING_CERTIFICATE)) {
        (Ok(v2), _) => signing_certificate_hash(v2, true)?,
        (Err(_), Ok(v1)) => signing_certificate_hash(v1, false)?,
        (Err(_), Err(_)) => {
            return Err(malformed("the token has no signing-certificate attribute naming the TSA's certificate"));
        }
    };
    if digest(provider, named.0, tsa.der()) != named.1 {
        return Err(malformed("the signing-certificate attribute names another certificate than the TSA's"));
    }
    if !tsa.has_extended_key_usage(ID_KP_TIME_STAMPING) {
        return Err(malformed("the signer's certificate is not a time-stamping certificate"));
    }

    // The CMS signature over the DER SET of signed attributes.
    let signed_attributes_der = attributes.to_der().map_err(|e| malformed(e.to_string()))?;
    let algorithm_oid = if signer_info.signature_algorithm.oid.to_string() == RSA_ENCRYPTION {
        // rsaEncryption with the digest named separately.
        let combined = match content_digest {
            DigestAlgorithm::Sha256 => "1.2.840.113549.1.1.11",
            DigestAlgorithm::Sha384 => "1.2.840.113549.1.1.12",
            _ => "1.2.840.113549.1.1.13",
        };
        ObjectIdentifier::new_unwrap(combined)
    } else {
        signer_info.signature_algorithm.oid
    };
    verify_x509_signature(
        provider,
        &trust.caches,
        &algorithm_oid,
        &tsa.spki_der(),
        &signed_attributes_der,
        signer_info.signature.as_bytes(),
        trust.path.allow_sha1,
    )
    .map_err(|source| PkiError::Signature { what: "time-stamp token", source })?;

    // The TSA's own path, at the stamped time.
    let tsa_path = build_and_validate(&tsa, &tsa_pool, trust, tst.gen_time, Purpose::Any, provider)
        .map_err(|e| malformed(format!("the TSA's certificate is not trusted: {e}")))?;
    Ok(ProvenTime {
        time: tst.gen_time,
        authority: tsa.subject().common_name().map_or_else(|| tsa.subject().to_string(), str::to_owned),
        tsa_path,
    })
}

#[cfg(not(target_arch = "wasm32"))]
/// The DER of an RFC 3161 TimeStampReq for `signature`'s value, asking for the TSA certificate.
pub(crate) fn time_stamp_request(
    doc: &Document<'_>,
    signature: NodeId,
    provider: &dyn CryptoProvider,
) -> Result<Vec<u8>, PkiError> {
    time_stamp_request_over(&time_stamped_bytes(doc, signature)?, provider)
}

#[cfg(not(target_arch = "wasm32"))]
/// The DER of an RFC 3161 TimeStampReq over `stamped`, asking for the TSA certificate.
pub(crate) fn time_stamp_request_over(stamped: &[u8], provider: &dyn CryptoProvider) -> Result<Vec<u8>, PkiError> {
    #[derive(der::Sequence)]
    struct MessageImprint {
        algorithm: spki::AlgorithmIdentifierOwned,
        hashed: OctetString,
    }
    #[derive(der::Sequence)]
    struct TimeStampReq {
        version: u8,
        message_imprint: MessageImprint,
        cert_req: bool,
    }
    let request = TimeStampReq {
        version: 1,
        message_imprint: MessageImprint {
            algorithm: spki::AlgorithmIdentifierOwned {
                oid: ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1"),
                parameters: None,
            },
            hashed: OctetString::new(digest(provider, DigestAlgorithm::Sha256, stamped))
                .map_err(|e| malformed(e.to_string()))?,
        },
        cert_req: true,
    };
    request.to_der().map_err(|e| malformed(e.to_string()))
}

#[cfg(not(target_arch = "wasm32"))]
/// The token in an RFC 3161 TimeStampResp, if the TSA granted it.
pub(crate) fn token_from_response(response: &[u8]) -> Result<Vec<u8>, PkiError> {
    let fields: Vec<AnyRef<'_>> = Vec::from_der(response).map_err(|e| malformed(format!("TimeStampResp: {e}")))?;
    let status: Vec<AnyRef<'_>> = fields
        .first()
        .ok_or_else(|| malformed("empty TimeStampResp"))?
        .decode_as()
        .map_err(|e| malformed(format!("PKIStatusInfo: {e}")))?;
    let code: u8 = status
        .first()
        .ok_or_else(|| malformed("no status"))?
        .decode_as()
        .map_err(|e: der::Error| malformed(e.to_string()))?;
    if code > 1 {
        return Err(malformed(format!("the TSA refused the request (status {code})")));
    }
    let token = fields.get(1).ok_or_else(|| malformed("no token in a granted response"))?;
    token.to_der().map_err(|e| malformed(e.to_string()))
}
