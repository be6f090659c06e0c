//! Long-term validation data embedded in a signature: the signer's time-stamp, the certificates
//! of its paths, and the CRLs or OCSP responses that were current when it was signed, so the
//! transcript can be verified decades later without the network.
//!
//! The layout (specified in `schemas/PROFILE.md`) follows XAdES' unsigned properties, in our own
//! namespace, inside one unsigned `ds:Object` that is a child of the `ds:Signature`:
//!
//! ```xml
//! <ds:Object>
//!   <hp:UnsignedProperties xmlns:hp="urn:hocba:xmldsig-properties:1.0">
//!     <hp:SignatureTimeStamp>base64 RFC 3161 TimeStampToken</hp:SignatureTimeStamp>
//!     <hp:CertificateValues><hp:EncapsulatedX509Certificate>…</hp:EncapsulatedX509Certificate></hp:CertificateValues>
//!     <hp:RevocationValues>
//!       <hp:EncapsulatedCRLValue>…</hp:EncapsulatedCRLValue>
//!       <hp:EncapsulatedOCSPValue>…</hp:EncapsulatedOCSPValue>
//!     </hp:RevocationValues>
//!   </hp:UnsignedProperties>
//! </ds:Object>
//! ```
//!
//! Nothing here is covered by the signature, and nothing needs to be: each item is signed by its
//! own issuer (TSA, CA, OCSP responder) and is checked as such; an attacker can only remove it.

use base64ct::{Base64, Encoding};

use super::certificate::Certificate;
use super::error::PkiError;
use super::revocation::{Crl, OcspResponse, RevocationData};
use crate::dsig::{DSIG_NS, SIGNATURE_PROPERTIES_NS};
use crate::xml::{Document, Node, NodeId};

/// What a signature embeds for long-term validation.
#[derive(Clone, Debug, Default)]
pub struct EmbeddedValidationData {
    /// The signature time-stamp (`hp:SignatureTimeStamp`): a DER RFC 3161 `TimeStampToken` over the
    /// signature's `SignatureValue`, as in XAdES.
    pub time_stamp: Option<Vec<u8>>,
    /// Certificates for the signer's and the time-stamp's paths (`hp:CertificateValues`).
    pub certificates: Vec<Certificate>,
    /// CRLs and OCSP responses for those paths (`hp:RevocationValues`).
    pub revocation: RevocationData,
}

/// Reads the validation data of the signature at `signature`, if any.
pub(crate) fn read_embedded(doc: &Document<'_>, signature: NodeId) -> Result<EmbeddedValidationData, PkiError> {
    let mut data = EmbeddedValidationData::default();
    let signature = doc.node(signature);
    let blocks: Vec<Node<'_, '_>> = signature
        .children()
        .filter(|n| n.has_name(Some(DSIG_NS), "Object"))
        .flat_map(|o| o.children())
        .filter(|n| n.has_name(Some(SIGNATURE_PROPERTIES_NS), "UnsignedProperties"))
        .collect();
    let block = match blocks.as_slice() {
        [] => return Ok(data),
        [one] => *one,
        [_, second, ..] => {
            return Err(PkiError::MalformedValidationData {
                detail: format!("more than one UnsignedProperties (second at {})", second.text_pos()),
            });
        }
    };
    for child in block.children().filter(|n| n.is_element()) {
        if child.has_name(Some(SIGNATURE_PROPERTIES_NS), "SignatureTimeStamp") {
            if data.time_stamp.is_some() {
                return Err(malformed(child, "a second SignatureTimeStamp"));
            }
            data.time_stamp = Some(decode_base64(child)?);
        } else if !read_values(child, &mut data)? {
            return Err(malformed(child, "unexpected element"));
        }
    }
    Ok(data)
}

fn malformed(node: Node<'_, '_>, what: &str) -> PkiError {
    PkiError::MalformedValidationData { detail: format!("{what} at {}", node.text_pos()) }
}

/// The base64 text of `node`, decoded (whitespace allowed, as XML line breaks put it there).
pub(super) fn decode_base64(node: Node<'_, '_>) -> Result<Vec<u8>, PkiError> {
    if node.children().any(|c| c.is_element()) {
        return Err(malformed(node, "an element inside base64 content"));
    }
    let text: String = node.children().filter_map(|c| c.text()).collect();
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    Base64::decode_vec(&compact).map_err(|_| malformed(node, "invalid base64"))
}

/// Reads `element` into `data` if it is a `CertificateValues` or `RevocationValues` element
/// (`true`), and leaves `data` alone otherwise (`false`).
pub(super) fn read_values(element: Node<'_, '_>, data: &mut EmbeddedValidationData) -> Result<bool, PkiError> {
    if element.namespace() != Some(SIGNATURE_PROPERTIES_NS) {
        return Ok(false);
    }
    match element.local_name() {
        "CertificateValues" => {
            for item in element.children().filter(|n| n.is_element()) {
                if !item.has_name(Some(SIGNATURE_PROPERTIES_NS), "EncapsulatedX509Certificate") {
                    return Err(malformed(item, "unexpected element"));
                }
                data.certificates.push(Certificate::from_der(&decode_base64(item)?)?);
            }
        }
        "RevocationValues" => {
            for item in element.children().filter(|n| n.is_element()) {
                match (item.namespace(), item.local_name()) {
                    (Some(SIGNATURE_PROPERTIES_NS), "EncapsulatedCRLValue") => {
                        data.revocation.crls.push(Crl::from_der(&decode_base64(item)?)?)
                    }
                    (Some(SIGNATURE_PROPERTIES_NS), "EncapsulatedOCSPValue") => {
                        data.revocation.ocsp_responses.push(OcspResponse::from_der(&decode_base64(item)?)?)
                    }
                    _ => return Err(malformed(item, "unexpected element")),
                }
            }
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// The `ds:Object` carrying `data`, to be inserted as the last child of a `ds:Signature` whose
/// namespace prefix is `ds_prefix` (empty for the default namespace).
pub(crate) fn unsigned_properties_xml(data: &EmbeddedValidationData, ds_prefix: &str) -> String {
    let object = if ds_prefix.is_empty() { "Object".to_owned() } else { format!("{ds_prefix}:Object") };
    let mut xml = format!("<{object}><hp:UnsignedProperties xmlns:hp=\"{SIGNATURE_PROPERTIES_NS}\">");
    let b64 = |bytes: &[u8]| Base64::encode_string(bytes);
    if let Some(token) = &data.time_stamp {
        xml.push_str(&format!("<hp:SignatureTimeStamp>{}</hp:SignatureTimeStamp>", b64(token)));
    }
    xml.push_str(&values_xml(data));
    xml.push_str(&format!("</hp:UnsignedProperties></{object}>"));
    xml
}

/// `data`'s certificates and revocation values as `hp:CertificateValues` and
/// `hp:RevocationValues` (each left out when empty), `hp` bound by an ancestor.
pub(super) fn values_xml(data: &EmbeddedValidationData) -> String {
    let b64 = |bytes: &[u8]| Base64::encode_string(bytes);
    let mut xml = String::new();
    if !data.certificates.is_empty() {
        xml.push_str("<hp:CertificateValues>");
        for c in &data.certificates {
            xml.push_str(&format!("<hp:EncapsulatedX509Certificate>{}</hp:EncapsulatedX509Certificate>", b64(c.der())));
        }
        xml.push_str("</hp:CertificateValues>");
    }
    if !data.revocation.is_empty() {
        xml.push_str("<hp:RevocationValues>");
        for crl in &data.revocation.crls {
            xml.push_str(&format!("<hp:EncapsulatedCRLValue>{}</hp:EncapsulatedCRLValue>", b64(crl.der())));
        }
        for response in &data.revocation.ocsp_responses {
            xml.push_str(&format!("<hp:EncapsulatedOCSPValue>{}</hp:EncapsulatedOCSPValue>", b64(response.der())));
        }
        xml.push_str("</hp:RevocationValues>");
    }
    xml
}
