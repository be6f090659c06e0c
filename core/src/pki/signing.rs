//! Signing with trust checks (Thông tư 15/2025): the signer's own certificate must chain to a
//! trust anchor and not be revoked at the signing time; the signature can be time-stamped; and
//! what the check used is embedded, so the transcript verifies decades later offline.

use super::certificate::Certificate;
use super::error::PkiError;
use super::ltv::{EmbeddedValidationData, unsigned_properties_xml};
use super::options::TrustOptions;
use super::path::{CertificatePath, build_and_validate};
use super::policy::{CLOCK_SKEW_SECONDS, Purpose, RevocationPolicy};
use super::revocation::{Asking, Evidence, RevocationChecker, RevocationStatus};
// Time-stamping needs the network, which the WASM build has not.
#[cfg(not(target_arch = "wasm32"))]
use super::timestamp::{time_stamp_request, token_from_response, verify_signature_time_stamp};
use crate::dsig::{self, DSIG_NS, SignatureRequest, Signer};
use crate::time::UtcTime;
use crate::xml::Document;

/// What to do besides signing.
#[derive(Clone, Debug, Default)]
pub struct SigningOptions {
    /// Time-stamp the signature at this RFC 3161 TSA (needs the network on in the checker).
    pub tsa_url: Option<String>,
    /// Embed the certificates, CRLs or OCSP responses and the time-stamp in the signature.
    /// Default: false (true is what long-term validation needs).
    pub embed_validation_data: bool,
}

/// Checks the signer's certificate now (path to `trust`, revocation by its policy; now is
/// `trust`'s time, or the signing time in a build without a clock) and that the signing time the
/// signature will claim is within the certificate's validity and not later than now, signs, then
/// time-stamps and embeds validation data as `options` say. Nothing is returned unless the whole
/// result verifies.
pub fn sign_with_trust(
    document: &[u8],
    request: &SignatureRequest,
    signer: &dyn Signer,
    trust: &TrustOptions,
    revocation: &RevocationChecker,
    options: &SigningOptions,
) -> Result<Vec<u8>, crate::Error> {
    let checked = CheckedSigner::check(signer, trust, revocation, request.signing_time, request.provider)?;
    checked.sign(document, request, signer, trust, revocation, options)
}

/// A signer whose certificate was checked once, at one time: its path to a trust anchor and its
/// revocation status, with the validation data the check used. Every document signed through it
/// relies on that check, so one is made for a batch (a class signed in one sitting), not kept
/// for days: a certificate revoked since is not seen.
#[derive(Clone, Debug)]
pub struct CheckedSigner {
    /// The DER certificates the check was made for: the signer's, then its chain.
    certificates: Vec<Vec<u8>>,
    signer_certificate: Certificate,
    /// The chain the signer gave and the configured intermediates: candidates for the
    /// time-stamping authority's path too.
    candidates: Vec<Certificate>,
    /// When the check was made.
    checked_at: UtcTime,
    /// The path's certificates below the signer's and the answers the check used.
    embedded: EmbeddedValidationData,
}

impl CheckedSigner {
    /// Checks `signer`'s certificate at `trust`'s time (at `fallback_now` in a build without a
    /// clock): its path to a trust anchor for document signing and, as `trust`'s revocation
    /// policy says, that no certificate of the path is revoked.
    pub fn check(
        signer: &dyn Signer,
        trust: &TrustOptions,
        revocation: &RevocationChecker,
        fallback_now: UtcTime,
        provider: &'static dyn crate::crypto::CryptoProvider,
    ) -> Result<CheckedSigner, crate::Error> {
        let certificates =
            signer.certificates().iter().map(|der| Certificate::from_der(der)).collect::<Result<Vec<_>, _>>()?;
        let (signer_certificate, chain) = certificates
            .split_first()
            .ok_or_else(|| PkiError::MalformedCertificate { detail: "the signer has no certificate".into() })?;
        let candidates: Vec<Certificate> = chain.iter().chain(&trust.intermediates).cloned().collect();
        // The signer is checked at the real time, never at the time the signature will claim: a claim
        // in the past must not revive a certificate that has expired or been revoked since. A build
        // without a clock (WASM) has only the signing time.
        let now = trust.now().unwrap_or(fallback_now);
        let path = build_and_validate(signer_certificate, &candidates, trust, now, Purpose::DocumentSigning, provider)
            .map_err(PkiError::SignerPath)?;
        let asking = Asking { now, provider, caches: &trust.caches, allow_sha1: trust.path.allow_sha1 };
        let mut embedded = EmbeddedValidationData::default();
        check_path_revocation(&path, "", now, trust, revocation, &asking, &mut embedded)?;
        // The whole path, so no intermediate has to be found again later.
        embedded.certificates = path.certificates().iter().skip(1).cloned().collect();
        Ok(CheckedSigner {
            certificates: signer.certificates().to_vec(),
            signer_certificate: signer_certificate.clone(),
            candidates,
            checked_at: now,
            embedded,
        })
    }

    /// When the certificate was checked.
    pub fn checked_at(&self) -> UtcTime {
        self.checked_at
    }

    /// Signs `document` as `request` says with `signer`, the signer this check was made for, then
    /// time-stamps and embeds validation data as `options` say. The signing time the signature
    /// claims must be within the certificate's validity and not later than the check. Nothing is
    /// returned unless the whole result verifies.
    pub fn sign(
        &self,
        document: &[u8],
        request: &SignatureRequest,
        signer: &dyn Signer,
        trust: &TrustOptions,
        revocation: &RevocationChecker,
        options: &SigningOptions,
    ) -> Result<Vec<u8>, crate::Error> {
        if signer.certificates() != self.certificates.as_slice() {
            return Err(
                dsig::DsigError::InvalidRequest("the signer is not the one whose certificate was checked").into()
            );
        }
        let provider = request.provider;
        let (now, signer_certificate, candidates) = (self.checked_at, &self.signer_certificate, &self.candidates);
        let mut embedded = self.embedded.clone();
        // The time the signature will claim must be one the certificate vouches for.
        let claimed = request.signing_time;
        let skew = UtcTime::from_unix_seconds(now.unix_seconds() + CLOCK_SKEW_SECONDS);
        if claimed < signer_certificate.not_before() || claimed > signer_certificate.not_after() || claimed > skew {
            return Err(PkiError::SigningTimeNotVouched {
                claimed,
                not_before: signer_certificate.not_before(),
                not_after: signer_certificate.not_after(),
                now,
            }
            .into());
        }

        let signed = dsig::sign(document, request, signer)?;
        if options.tsa_url.is_none() && !options.embed_validation_data {
            return Ok(signed);
        }

        let doc = Document::parse(&signed)?;
        let signature = doc
            .descendants()
            .find(|n| {
                n.has_name(Some(DSIG_NS), "Signature") && n.attribute(None, "Id") == Some(request.signature_id.as_str())
            })
            .ok_or(dsig::DsigError::InvalidRequest("the new signature is not in the signed document"))?;
        if let Some(url) = &options.tsa_url {
            #[cfg(not(target_arch = "wasm32"))]
            {
                let query = time_stamp_request(&doc, signature.id(), provider)?;
                let response = revocation.post_time_stamp_request(url, &query)?;
                let token = token_from_response(&response)?;
                // The token must prove what it is for before it is embedded; judged at the clock read
                // again after the answer (the checks before it took time: the time-stamp is later than
                // `now`, not in the future).
                let answered = trust.now().unwrap_or(now);
                let stamp =
                    verify_signature_time_stamp(&doc, signature.id(), &token, trust, candidates, answered, provider)?;
                let asking = Asking { now, provider, caches: &trust.caches, allow_sha1: trust.path.allow_sha1 };
                embedded.time_stamp = Some(token);
                // The authority's status too, or the time-stamp cannot be believed later, offline.
                let authority = "the time-stamping authority ";
                check_path_revocation(
                    &stamp.tsa_path,
                    authority,
                    stamp.time,
                    trust,
                    revocation,
                    &asking,
                    &mut embedded,
                )?;
                for certificate in stamp.tsa_path.certificates() {
                    if !embedded.certificates.iter().any(|c| c.der() == certificate.der()) {
                        embedded.certificates.push(certificate.clone());
                    }
                }
            }
            #[cfg(target_arch = "wasm32")]
            {
                // What time-stamping would have used.
                let _ = (trust, revocation, candidates);
                return Err(PkiError::Offline(format!("time-stamping at {url}")).into());
            }
        }
        if !options.embed_validation_data {
            embedded.certificates.clear();
            embedded.revocation = Default::default();
        }
        // Insert the unsigned Object as the signature's last child: no signature covers it.
        let range = signature.byte_range();
        let closing = signed[..range.end].iter().rposition(|&b| b == b'<').unwrap_or(range.end);
        let object = unsigned_properties_xml(&embedded, signature.prefix());
        let mut out = Vec::with_capacity(signed.len() + object.len());
        out.extend_from_slice(&signed[..closing]);
        out.extend_from_slice(object.as_bytes());
        out.extend_from_slice(&signed[closing..]);
        // And the result must still verify, with what was embedded.
        let check = Document::parse(&out)?;
        let options = dsig::VerifyOptions { provider, ..Default::default() };
        for (_, result) in dsig::verify_each(&check, &options, dsig::Keys::KeyInfoCandidates)? {
            result?;
        }
        let inserted = check
            .descendants()
            .find(|n| {
                n.has_name(Some(DSIG_NS), "Signature") && n.attribute(None, "Id") == Some(request.signature_id.as_str())
            })
            .ok_or(dsig::DsigError::InvalidRequest("the signature was lost while embedding"))?;
        super::ltv::read_embedded(&check, inserted.id())?;
        Ok(out)
    }
}

/// Checks every certificate of `path` below its anchor at `at` (a proven time: the signing
/// time, or a time-stamp's), refusing a revoked one and, under `require`, one whose status cannot
/// be learnt; the answers go to `embedded`. `what` names whose path it is in the errors.
pub(super) fn check_path_revocation(
    path: &CertificatePath,
    what: &str,
    at: UtcTime,
    trust: &TrustOptions,
    revocation: &RevocationChecker,
    asking: &Asking<'_>,
    embedded: &mut EmbeddedValidationData,
) -> Result<(), crate::Error> {
    if trust.revocation == RevocationPolicy::Off {
        return Ok(());
    }
    for (certificate, issuer) in path.with_issuers() {
        let (check, evidence) =
            revocation.check_with_evidence(certificate, issuer, at, false, &Default::default(), asking);
        match &check.status {
            RevocationStatus::Revoked { time, reason } => {
                return Err(PkiError::SignerRevocation(format!(
                    "{what}{} was revoked at {} ({})",
                    check.subject,
                    time.to_utc_string(),
                    reason.label_en()
                ))
                .into());
            }
            RevocationStatus::Unknown { why } if trust.revocation == RevocationPolicy::Require => {
                return Err(PkiError::SignerRevocationUnknown(format!(
                    "status of {what}{} unknown: {why}",
                    check.subject
                ))
                .into());
            }
            _ => {}
        }
        embed_evidence(embedded, evidence);
    }
    Ok(())
}

/// Adds the answer a status rests on to what is embedded, once.
fn embed_evidence(embedded: &mut EmbeddedValidationData, evidence: Option<Evidence>) {
    match evidence {
        Some(Evidence::Crl(crl)) if !embedded.revocation.crls.iter().any(|c| c.der() == crl.der()) => {
            embedded.revocation.crls.push((*crl).clone());
        }
        Some(Evidence::Ocsp(response))
            if !embedded.revocation.ocsp_responses.iter().any(|r| r.der() == response.der()) =>
        {
            embedded.revocation.ocsp_responses.push((*response).clone());
        }
        _ => {}
    }
}
