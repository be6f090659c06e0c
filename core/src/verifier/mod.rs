//! Verifying a signed document the one way every front end shares: a [`Verifier`] holds the
//! configuration (signature options, trust, revocation, which documents it accepts, the version
//! already held) and decides, once, what a document is and how it is verified.
//!
//! A document with any element in the transcript namespace is a transcript: it is verified under
//! the signing profile, and if it does not read as a transcript it is an invalid transcript, with
//! the reason. Unsigned content cannot change that: what a transcript's signatures cover is in that
//! namespace, so a document that carries signed transcript data is always judged as a transcript,
//! however its unsigned parts (or its root) were edited. Any other document is verified as a
//! generic signed XML document only when the configuration asks for it
//! ([`OtherDocuments::Verify`]); by default it is invalid, not a transcript.
//!
//! Records verified one by one are checked together by [`RecordSet`]: a student's records across
//! schools (transfers) must agree.

mod records;

use std::sync::Arc;

pub(crate) use records::names_school;
pub use records::{Record, RecordSet, RecordYear, StudentFindings};

use crate::approvals::{ApprovalPolicy, Approvals};
use crate::dsig::VerifyOptions;
use crate::pki::{RevocationChecker, RevocationData, RevocationRequest, TrustOptions};
use crate::report::wording::profile as wording;
use crate::report::{Verdict, VerificationReport};
use crate::transcript::{ProfileVerifyOptions, TRANSCRIPT_NS, Transcript, TranscriptVerification};
use crate::xml::Document;
use crate::{Error, InvalidSetting};

/// What a document is, by the namespaces of its elements.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocumentKind {
    /// An element (any, not only the root) is in the transcript namespace.
    Transcript,
    /// Anything else.
    Other,
}

impl DocumentKind {
    /// The kind of `doc`, from its elements' namespaces only.
    pub fn of(doc: &Document<'_>) -> DocumentKind {
        if doc.descendants().any(|node| node.is_element() && node.namespace() == Some(TRANSCRIPT_NS)) {
            DocumentKind::Transcript
        } else {
            DocumentKind::Other
        }
    }
}

/// What to do with a signed document that is not a transcript.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum OtherDocuments {
    /// Report it invalid: not a transcript (the default).
    #[default]
    Refuse,
    /// Verify its signatures and signers' trust as a generic XML-signed document.
    Verify,
}

impl std::str::FromStr for OtherDocuments {
    type Err = InvalidSetting;
    /// `refuse` or `verify`.
    fn from_str(s: &str) -> Result<Self, InvalidSetting> {
        match s {
            "refuse" => Ok(OtherDocuments::Refuse),
            "verify" => Ok(OtherDocuments::Verify),
            other => Err(InvalidSetting::new("other-documents", other, "refuse or verify")),
        }
    }
}

/// Everything a [`Verifier`] is configured with. The defaults are the safe ones: the embedded
/// government roots, revocation required, offline, judged at a verified time-stamp's time or now,
/// transcripts only; with approval lists given, what they cannot settle is undetermined.
#[derive(Clone, Debug)]
pub struct VerifierConfig {
    /// The signature layer: crypto provider, algorithms, Id attributes, pinned keys, required
    /// coverage and places (on top of the profile's own, for transcripts).
    pub signatures: VerifyOptions,
    /// Trust in signers: anchors, intermediates, path and revocation policy, the time policy and
    /// the verification time.
    pub trust: TrustOptions,
    /// Where revocation answers come from (supplied, embedded, fetched when online) and the cache
    /// of what was fetched; shared by every document this verifier checks (and by other
    /// verifiers given the same checker). Default: offline, nothing supplied.
    pub revocation: Arc<RevocationChecker>,
    /// Whether documents other than transcripts are verified.
    pub other_documents: OtherDocuments,
    /// The version of the transcript already held: a transcript must be a newer version of the
    /// same record (a replayed or rolled-back version is invalid).
    pub previous: Option<Transcript>,
    /// The managing authorities' approval lists ([`crate::approvals`]): every signer of a year
    /// approved for its school and role, the seal where required, no withdrawn year. Without
    /// them, the report says that approval was not checked.
    pub approvals: Option<Arc<Approvals>>,
    /// What a question the lists cannot settle does to the verdict (default: undetermined).
    pub approval_policy: ApprovalPolicy,
}

impl Default for VerifierConfig {
    fn default() -> Self {
        VerifierConfig {
            signatures: VerifyOptions::default(),
            trust: TrustOptions::default(),
            revocation: Arc::new(RevocationChecker::offline(RevocationData::default())),
            other_documents: OtherDocuments::default(),
            previous: None,
            approvals: None,
            approval_policy: ApprovalPolicy::default(),
        }
    }
}

impl VerifierConfig {
    /// The configuration with these signature options and the other parts at their defaults.
    pub fn new(signatures: VerifyOptions) -> Self {
        VerifierConfig { signatures, ..VerifierConfig::default() }
    }
}

/// Verifies signed documents under one configuration. It is `Send + Sync`: one verifier serves a
/// whole batch from several threads, sharing what it fetched and cached.
///
/// # Example
///
/// A transcript signed with the repository's test PKI, verified offline against its root and
/// CRLs (the default [`VerifierConfig`] trusts the embedded government roots instead), and a
/// forgery of it:
///
/// ```
/// use hocba::pki::{Crl, RevocationChecker, RevocationData, TrustOptions, TrustStore};
/// use hocba::report::{Language, Verdict};
/// use hocba::verifier::{Verifier, VerifierConfig};
/// use std::sync::Arc;
///
/// let file = |name: &str| std::fs::read(format!("{}/../test-vectors/{name}", env!("CARGO_MANIFEST_DIR")));
/// let mut anchors = TrustStore::empty();
/// anchors.add_pem_or_der(&file("pki/root-cert.pem")?)?;
/// let crls = [Crl::all_from_pem_or_der(&file("pki/ca.crl")?)?, Crl::all_from_pem_or_der(&file("pki/root.crl")?)?];
/// let verifier = Verifier::new(VerifierConfig {
///     trust: TrustOptions { trust: anchors, ..TrustOptions::default() },
///     revocation: Arc::new(RevocationChecker::offline(RevocationData { crls: crls.concat(), ..RevocationData::default() })),
///     ..VerifierConfig::default()
/// });
///
/// let verification = verifier.verify(&file("attacks/genuine.xml")?)?;
/// assert_eq!(verification.report().verdict(), Verdict::Valid);
/// // The transcript as its signatures cover it, handed out under a valid verdict only.
/// let transcript = verification.transcript().and_then(|t| t.valid_transcript()).expect("valid");
/// assert_eq!(transcript.years().len(), 2);
/// println!("{}", verification.report().message(Language::En));
///
/// // A forged copy of the signed data placed after the original (signature wrapping).
/// let forged = verifier.verify(&file("attacks/xsw1-forged-copy-after-original.xml")?)?;
/// assert_eq!(forged.report().verdict(), Verdict::Invalid);
/// assert!(forged.transcript().and_then(|t| t.valid_transcript()).is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Default)]
pub struct Verifier {
    config: VerifierConfig,
}

impl Verifier {
    /// A verifier with this configuration.
    pub fn new(config: VerifierConfig) -> Self {
        Verifier { config }
    }

    /// Its configuration.
    pub fn config(&self) -> &VerifierConfig {
        &self.config
    }

    /// Reads `xml` (see [`Document::parse`] for what is refused) and verifies it by its kind:
    /// [`Verifier::verify_document`].
    pub fn verify(&self, xml: &[u8]) -> Result<DocumentVerification, Error> {
        self.verify_document(&Document::parse(xml)?)
    }

    /// Verifies `doc` by its kind ([`DocumentKind::of`]): a transcript under the profile and every
    /// signer's trust ([`crate::transcript::verify_trusted_document`]), then against the version
    /// held, if any; another document under trust alone ([`crate::pki::verify_document`]) when the
    /// configuration says so, else it is reported invalid as not a transcript. Errors are for
    /// input that is not usable at all; everything else is in the report.
    pub fn verify_document(&self, doc: &Document<'_>) -> Result<DocumentVerification, Error> {
        let config = &self.config;
        match (DocumentKind::of(doc), config.other_documents) {
            (DocumentKind::Transcript, _) => {
                let options = ProfileVerifyOptions::new(config.signatures.clone());
                let mut verification =
                    crate::transcript::verify_trusted_document(doc, &options, &config.trust, &config.revocation)?;
                if let Some(previous) = &config.previous {
                    verification.require_newer_than(previous);
                }
                let (transcript, report) = verification.parts_mut();
                let now = report.verified_at();
                let approvals = config.approvals.as_deref();
                crate::approvals::check_transcript(transcript, report, approvals, config.approval_policy, now);
                Ok(DocumentVerification::Transcript(verification))
            }
            (DocumentKind::Other, OtherDocuments::Verify) => {
                let mut report =
                    crate::pki::verify_document(doc, &config.signatures, &config.trust, &config.revocation)?;
                // A version of a transcript was expected: whatever else this is, it is not that.
                if let Some(held) = &config.previous {
                    let (record, transcript) = (&held.envelope.id_ban_ghi, &held.header.ma_dinh_danh_hoc_ba);
                    report.add_problem(wording::not_a_version_of(record, transcript));
                }
                Ok(DocumentVerification::Other(report))
            }
            (DocumentKind::Other, OtherDocuments::Refuse) => {
                Ok(DocumentVerification::Other(self.not_a_transcript(doc)?))
            }
        }
    }

    /// `xml` with a new archive time-stamp from the RFC 3161 TSA at `tsa_url`
    /// ([`crate::pki`]'s archive layout, `schemas/PROFILE.md`): over the whole document, with the
    /// certificates and revocation answers that verifying it now uses and it does not hold yet
    /// (signers', time-stamping authorities', earlier archive time-stamps'), then the new
    /// authority's own. Renewing before the last authority's certificate expires keeps every
    /// signature provable. Needs the network on in the revocation checker.
    ///
    /// Refused for a document that verifies invalid ([`crate::pki::PkiError::NotArchivable`]); the result is
    /// verified again and returned only if the new time-stamp proves its time and the verdict is
    /// no worse than before.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn add_archive_time_stamp(&self, xml: &[u8], tsa_url: &str) -> Result<ArchivedDocument, Error> {
        let noting = Arc::new(self.config.revocation.noting_used());
        let verifier = Verifier::new(VerifierConfig { revocation: noting.clone(), ..self.config.clone() });
        let before = verifier.verify(xml)?;
        let verdict = before.report().verdict();
        if verdict == Verdict::Invalid {
            let codes = before
                .report()
                .problems()
                .iter()
                .chain(before.report().signatures().iter().flat_map(|s| s.problems()))
                .map(|f| f.code)
                .collect();
            return Err(crate::pki::PkiError::NotArchivable { codes }.into());
        }
        let stamped = crate::pki::stamp_document(
            xml,
            noting.take_used(),
            &self.config.trust,
            &noting,
            tsa_url,
            self.config.signatures.provider,
        )?;
        let after = self.verify(&stamped)?;
        let report = after.report();
        let added = report.archive_time_stamps().get(before.report().archive_time_stamps().len());
        if added.is_none_or(|stamp| !stamp.proves) || report.verdict() > verdict {
            let detail =
                report.problems().iter().chain(report.warnings()).map(|f| f.en.as_str()).collect::<Vec<_>>().join(" ");
            return Err(crate::pki::PkiError::ArchiveNotProven { detail }.into());
        }
        Ok(ArchivedDocument { xml: stamped, verification: after })
    }

    /// What revocation data verifying `doc` lacks and where to ask for it: for every signer's
    /// certificate and intermediate whose status neither the embedded data nor `at_hand` answers,
    /// the OCSP requests to send and the CRLs to fetch ([`crate::pki::revocation_requests`]).
    /// Nothing for a document this verifier refuses as not a transcript: it needs no revocation
    /// data.
    pub fn revocation_requests(
        &self,
        doc: &Document<'_>,
        at_hand: &RevocationData,
    ) -> Result<Vec<RevocationRequest>, Error> {
        let config = &self.config;
        if config.other_documents == OtherDocuments::Refuse && DocumentKind::of(doc) == DocumentKind::Other {
            return Ok(Vec::new());
        }
        crate::pki::revocation_requests(doc, &config.signatures, &config.trust, at_hand)
    }

    fn not_a_transcript(&self, doc: &Document<'_>) -> Result<VerificationReport, Error> {
        let root = doc.root_element();
        let name = match root.namespace() {
            Some(namespace) => format!("{{{namespace}}}{}", root.local_name()),
            None => root.local_name().to_owned(),
        };
        Ok(VerificationReport {
            verdict: Verdict::Invalid,
            verified_at: self.config.trust.now()?,
            revocation_policy: self.config.trust.revocation,
            online: self.config.revocation.is_online(),
            problems: vec![wording::not_a_transcript(&name)],
            warnings: Vec::new(),
            archive_time_stamps: Vec::new(),
            renew_archive_by: None,
            signatures: Vec::new(),
            etsi: crate::report::EtsiSummary::default(),
        })
    }
}

/// A document with a new archive time-stamp ([`Verifier::add_archive_time_stamp`]), and its
/// verification.
#[derive(Debug)]
pub struct ArchivedDocument {
    /// The document with the time-stamp added.
    pub xml: Vec<u8>,
    /// Its verification, by the verifier that added it.
    pub verification: DocumentVerification,
}

/// A verified document: a transcript under the profile, or (on request) another signed document.
#[derive(Debug)]
pub enum DocumentVerification {
    /// A transcript: the report, and the content its signatures cover when the profile holds.
    Transcript(TranscriptVerification),
    /// Not a transcript: its signatures and signers' trust, or, unless the configuration asked for
    /// generic verification, the finding `not-a-transcript`.
    Other(VerificationReport),
}

impl DocumentVerification {
    /// What the document was verified as.
    pub fn kind(&self) -> DocumentKind {
        match self {
            DocumentVerification::Transcript(_) => DocumentKind::Transcript,
            DocumentVerification::Other(_) => DocumentKind::Other,
        }
    }

    /// The verdict and everything behind it.
    pub fn report(&self) -> &VerificationReport {
        match self {
            DocumentVerification::Transcript(verification) => verification.report(),
            DocumentVerification::Other(report) => report,
        }
    }

    /// The transcript's verification, when the document is a transcript.
    pub fn transcript(&self) -> Option<&TranscriptVerification> {
        match self {
            DocumentVerification::Transcript(verification) => Some(verification),
            DocumentVerification::Other(_) => None,
        }
    }

    /// What a batch keeps of this verification to check records together ([`RecordSet`]): the
    /// verdict, and for a transcript whose profile held, the student and each year's school and
    /// signers' organizations, read from the signed content.
    pub fn record(&self) -> Record {
        Record::of(self)
    }
}
