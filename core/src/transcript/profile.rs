//! The signature profile (`schemas/PROFILE.md`): each school year (`QuaTrinhHocTap`, by its `Id`)
//! is signed by the teachers of the subjects that carry an `Id` (each over their subject only),
//! then by the year's homeroom teacher, then its principal and, where the year has a `ConDau`
//! place, the school's seal, each signature in its role's place under `DSCKS/ChuKyNamHoc`; the
//! homeroom teacher's countersigns every subject teacher's `SignatureValue`, the principal's the
//! homeroom teacher's, the seal's the principal's. Verification requires exactly that, and returns
//! the years read from the signed bytes only.

use super::codes::MonHoc;
use super::error::{ProfileError, TranscriptError};
use super::model::{Envelope, Header, SchoolYear, Transcript};
use super::role::{Role, signature_id};
use super::validate::{ValidateOptions, validate};
use super::{SIGNATURES, TRANSCRIPT_NS, YEAR_SIGNATURES};
use crate::dsig::{self, DSIG_NS, SignatureRequest, Signer, VerifiedSignature, VerifyOptions};
use crate::pki::{RevocationChecker, SigningOptions, TrustOptions};
use crate::report::wording::{Text, Words, profile as wording};
use crate::report::{Finding, Verdict, VerificationReport};
use crate::time::UtcTime;
use crate::xml::{Document, Node};

/// The signing request the profile makes for `role` over the year `year_id` of `xml`: for
/// two-phase signing with [`dsig::prepare`]. Refused when the document is not a valid transcript
/// (validation errors; rule warnings do not stop signing), has no such year, the role's place is
/// already signed, or a role would sign out of order: a subject teacher after the homeroom teacher,
/// the homeroom teacher before every subject teacher, the principal before the homeroom teacher,
/// the school seal before the principal. A subject teacher signs a subject of the year that has an
/// `Id` (and so a `GVBM` place); the school seal signs a year that has a `ConDau` place (signing
/// creates no place: [`super::to_xml_with`] writes them).
pub fn signature_request(
    xml: &[u8],
    year_id: &str,
    role: Role,
    signing_time: UtcTime,
) -> Result<SignatureRequest, TranscriptError> {
    let doc = Document::parse(xml)?;
    let transcript = super::from_document(&doc)?;
    request_in(&doc, &transcript, year_id, role, signing_time)
}

/// [`signature_request`] over a document already read.
fn request_in(
    doc: &Document,
    transcript: &Transcript,
    year_id: &str,
    role: Role,
    signing_time: UtcTime,
) -> Result<SignatureRequest, TranscriptError> {
    let findings = validate(transcript, ValidateOptions::default()).findings;
    if let Some(error) = findings.into_iter().find(|f| f.severity == super::Severity::Error) {
        return Err(profile(ProfileError::NotSignable {
            path: error.path,
            message_vi: error.message_vi,
            message_en: error.message_en,
        }));
    }
    let year = transcript
        .years
        .iter()
        .find(|y| y.id == year_id)
        .ok_or_else(|| TranscriptError::Profile(ProfileError::MissingSignaturePlace { year_id: year_id.into() }))?;
    let places = year_places(doc)?;
    let (index, place) = places
        .iter()
        .enumerate()
        .find(|(_, p)| p.year_id == year_id)
        .ok_or_else(|| TranscriptError::Profile(ProfileError::MissingSignaturePlace { year_id: year_id.into() }))?;
    let taken = |node: Node<'_, '_>| node.children().any(|c| c.is_element());
    let (reference_id, into) = match role {
        Role::SubjectTeacher(subject) => {
            let (id, _) = year.subject(subject).ok_or_else(|| {
                profile(ProfileError::UnknownSubject { year_id: year_id.into(), subject: subject.code().into() })
            })?;
            let (position, _) = place
                .subject_teachers
                .iter()
                .enumerate()
                .find(|(_, (s, _))| *s == subject)
                .ok_or_else(|| profile(ProfileError::NoSubjectPlace { year_id: year_id.into(), subject }))?;
            let id = id.ok_or_else(|| profile(ProfileError::NoSubjectPlace { year_id: year_id.into(), subject }))?;
            if taken(place.gvcn) || taken(place.hieu_truong) {
                return Err(profile(ProfileError::SubjectTeacherOutOfOrder { year_id: year_id.into(), subject }));
            }
            (id.to_owned(), format!("GVBM[{}]", position + 1))
        }
        _ => (year_id.to_owned(), role.element().to_owned()),
    };
    let node = place.role(role).ok_or_else(|| match role {
        Role::Seal => profile(ProfileError::NoSealPlace { year_id: year_id.into() }),
        _ => profile(ProfileError::MissingSignaturePlace { year_id: year_id.into() }),
    })?;
    if taken(node) {
        return Err(TranscriptError::Dsig(dsig::DsigError::InvalidRequest(
            "this role has already signed this school year",
        )));
    }
    let mut request = SignatureRequest::new(
        &reference_id,
        &[SIGNATURES, &format!("{YEAR_SIGNATURES}[{}]", index + 1), &into],
        &signature_id(year_id, role),
        signing_time,
    );
    if role == Role::Gvcn {
        // Every subject with an Id has its teacher's place: a removed place must not let the year
        // pass as one without subject teachers.
        for subject in year.subjects_signed_by_their_teacher() {
            if !place.subject_teachers.iter().any(|(s, _)| *s == subject) {
                return Err(profile(ProfileError::NoSubjectPlace { year_id: year_id.into(), subject }));
            }
        }
        // Every subject teacher has signed, and the homeroom teacher countersigns each of them.
        for (subject, node) in &place.subject_teachers {
            if !taken(*node) {
                return Err(profile(ProfileError::MissingSubjectSignature {
                    year_id: year_id.into(),
                    subject: *subject,
                }));
            }
            let id = signature_id(year_id, Role::SubjectTeacher(*subject));
            request.countersign.push(format!("{id}-SignatureValue"));
        }
    }
    if role == Role::HieuTruong {
        if !taken(place.gvcn) {
            return Err(TranscriptError::Profile(ProfileError::MissingSignature {
                year_id: year_id.into(),
                role: "GVCN",
            }));
        }
        request.countersign = vec![format!("{}-SignatureValue", signature_id(year_id, Role::Gvcn))];
    }
    if role == Role::Seal {
        if !taken(place.hieu_truong) {
            return Err(profile(ProfileError::MissingSignature { year_id: year_id.into(), role: "HieuTruong" }));
        }
        request.countersign = vec![format!("{}-SignatureValue", signature_id(year_id, Role::HieuTruong))];
    }
    Ok(request)
}

/// A school year of a transcript as a signer in a role finds it: see [`year_status`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YearStatus {
    /// The year's `Id` (`QuaTrinhHocTap/@Id`), what [`signature_request`] takes.
    pub year_id: String,
    /// Whether the role's place for the year already holds a signature.
    pub signed: bool,
}

/// The school year `year` names in `xml`, and whether `role` has signed it. `year` is a year's
/// `Id` (`QTHT-2024-2025`) or the school year as `NamHoc` writes it (`2024-2025`), which no `Id`
/// can be (an XML name does not start with a digit): the one name serves a whole class, whose
/// transcripts each give their years their own `Id`s. A year that is not there, or a role without
/// a place in it, is [`ProfileError::MissingSignaturePlace`].
pub fn year_status(xml: &[u8], year: &str, role: Role) -> Result<YearStatus, TranscriptError> {
    let doc = Document::parse(xml)?;
    let transcript = super::from_document(&doc)?;
    status_in(&doc, &transcript, year, role)
}

/// [`year_status`] over a document already read.
fn status_in(doc: &Document, transcript: &Transcript, year: &str, role: Role) -> Result<YearStatus, TranscriptError> {
    let missing = || TranscriptError::Profile(ProfileError::MissingSignaturePlace { year_id: year.into() });
    let found = transcript.years.iter().find(|y| y.id == year || y.nam_hoc.to_string() == year).ok_or_else(missing)?;
    let places = year_places(doc)?;
    let place = places.iter().find(|p| p.year_id == found.id).ok_or_else(missing)?;
    let node = place.role(role).ok_or_else(missing)?;
    Ok(YearStatus { year_id: found.id.clone(), signed: node.children().any(|c| c.is_element()) })
}

/// The school year `year` names in `xml` ([`year_status`]) and, unless `role` has signed it,
/// the signing request for it ([`signature_request`]), from one reading of the document: what
/// signing a class needs for each transcript.
pub fn unsigned_year_request(
    xml: &[u8],
    year: &str,
    role: Role,
    signing_time: UtcTime,
) -> Result<(YearStatus, Option<SignatureRequest>), TranscriptError> {
    let doc = Document::parse(xml)?;
    let transcript = super::from_document(&doc)?;
    let status = status_in(&doc, &transcript, year, role)?;
    let request = match status.signed {
        true => None,
        false => Some(request_in(&doc, &transcript, &status.year_id, role, signing_time)?),
    };
    Ok((status, request))
}

/// Signs the year `year_id` of `xml` as `role` with `signer`; returns the signed document.
pub fn sign_as(
    xml: &[u8],
    year_id: &str,
    role: Role,
    signer: &dyn Signer,
    signing_time: UtcTime,
) -> Result<Vec<u8>, TranscriptError> {
    let request = signature_request(xml, year_id, role, signing_time)?;
    Ok(dsig::sign(xml, &request, signer)?)
}

/// [`sign_as`], with the signer's certificate checked first (path to `trust`'s anchors and
/// revocation at `signing_time`, Thông tư 15/2025) and, as `options` say, the signature
/// time-stamped and its validation data embedded (see [`crate::pki::sign_with_trust`]).
#[allow(clippy::too_many_arguments)]
pub fn sign_as_trusted(
    xml: &[u8],
    year_id: &str,
    role: Role,
    signer: &dyn Signer,
    signing_time: UtcTime,
    trust: &TrustOptions,
    revocation: &RevocationChecker,
    options: &SigningOptions,
) -> Result<Vec<u8>, crate::Error> {
    let request = signature_request(xml, year_id, role, signing_time)?;
    crate::pki::sign_with_trust(xml, &request, signer, trust, revocation, options)
}

/// How to verify a signed transcript.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct ProfileVerifyOptions {
    /// The signature layer's options: provider, algorithms, and for [`verify`] the keys pinned by
    /// the caller ([`verify_trusted`] takes keys from certificates that chain to trust anchors). The profile
    /// checks places and coverage itself; a caller's `required` and `signature_places` apply on top,
    /// to every signature.
    pub signatures: VerifyOptions,
}

impl ProfileVerifyOptions {
    /// Options that verify with the signature layer's `signatures`.
    pub fn new(signatures: VerifyOptions) -> Self {
        ProfileVerifyOptions { signatures }
    }
}

/// A transcript whose every school year verified under the profile. Only the library constructs one.
#[derive(Debug)]
pub struct VerifiedTranscript {
    years: Vec<VerifiedYear>,
    envelope: Envelope,
    header: Header,
}

/// One school year, read from the bytes each of its signers signed, with their signatures.
#[derive(Debug)]
pub struct VerifiedYear {
    year: SchoolYear,
    subject_teachers: Vec<(MonHoc, VerifiedSignature)>,
    gvcn: VerifiedSignature,
    hieu_truong: VerifiedSignature,
    seal: Option<VerifiedSignature>,
}

impl VerifiedYear {
    /// The year as signed.
    pub fn year(&self) -> &SchoolYear {
        &self.year
    }

    /// The signature of `role`: the GVCN's and the principal's are always there, a subject
    /// teacher's where the subject is signed by its teacher, the school seal's where the year is
    /// sealed.
    pub fn signature(&self, role: Role) -> Option<&VerifiedSignature> {
        match role {
            Role::SubjectTeacher(subject) => self.subject_teachers.iter().find(|(s, _)| *s == subject).map(|(_, v)| v),
            Role::Gvcn => Some(&self.gvcn),
            Role::HieuTruong => Some(&self.hieu_truong),
            Role::Seal => self.seal.as_ref(),
        }
    }

    /// The school seal's signature: `None` when the year has no `ConDau` place or an empty one
    /// (whether a school must seal is for the caller's policy to say).
    pub fn seal(&self) -> Option<&VerifiedSignature> {
        self.seal.as_ref()
    }

    /// Every signature of the year with its role, in the order they were made: the subject
    /// teachers', the GVCN's, the principal's, the school seal's.
    pub fn signatures(&self) -> Vec<(Role, &VerifiedSignature)> {
        let mut all: Vec<(Role, &VerifiedSignature)> =
            self.subject_teachers.iter().map(|(s, v)| (Role::SubjectTeacher(*s), v)).collect();
        all.push((Role::Gvcn, &self.gvcn));
        all.push((Role::HieuTruong, &self.hieu_truong));
        all.extend(self.seal.as_ref().map(|v| (Role::Seal, v)));
        all
    }
}

impl VerifiedTranscript {
    /// Every school year, oldest first, each from signed bytes.
    pub fn years(&self) -> &[VerifiedYear] {
        &self.years
    }

    /// The sync envelope: not signed (the sender changes it on every send; `schemas/PROFILE.md`).
    pub fn unsigned_envelope(&self) -> &Envelope {
        &self.envelope
    }

    /// The transcript header: not signed; its student is each signed year's.
    pub fn unsigned_header(&self) -> &Header {
        &self.header
    }

    /// Whether the sender withdrew the transcript (`SuKien=CANCEL`): the signatures still verify,
    /// but the transcript is no longer valid.
    pub fn is_withdrawn(&self) -> bool {
        self.envelope.su_kien == super::SuKien::Cancel
    }

    /// The whole model: the years as signed, envelope and header as found (unsigned).
    pub fn to_transcript(&self) -> Transcript {
        Transcript {
            envelope: self.envelope.clone(),
            header: self.header.clone(),
            years: self.years.iter().map(|y| y.year.clone()).collect(),
        }
    }
}

/// The signature places of one year: `DSCKS/ChuKyNamHoc[@QuaTrinhHocTap]` with its role elements.
struct YearPlace<'a, 'i> {
    year_id: String,
    /// `GVBM[@MaMonHoc]`, in document order.
    subject_teachers: Vec<(MonHoc, Node<'a, 'i>)>,
    gvcn: Node<'a, 'i>,
    hieu_truong: Node<'a, 'i>,
    /// `ConDau`, where the year has one.
    seal: Option<Node<'a, 'i>>,
}

impl<'a, 'i> YearPlace<'a, 'i> {
    fn role(&self, role: Role) -> Option<Node<'a, 'i>> {
        match role {
            Role::SubjectTeacher(subject) => self.subject_teachers.iter().find(|(s, _)| *s == subject).map(|(_, n)| *n),
            Role::Gvcn => Some(self.gvcn),
            Role::HieuTruong => Some(self.hieu_truong),
            Role::Seal => self.seal,
        }
    }

    fn holds(&self, node: Option<Node<'_, '_>>) -> bool {
        let Some(node) = node else { return false };
        self.subject_teachers
            .iter()
            .map(|(_, n)| n.id())
            .chain([self.gvcn.id(), self.hieu_truong.id()])
            .chain(self.seal.map(|n| n.id()))
            .any(|id| id == node.id())
    }
}

fn profile(error: ProfileError) -> TranscriptError {
    TranscriptError::Profile(error)
}

/// The signature places, checked against the schema: each wrapper holds `GVBM` places (each for a
/// different subject), then `GVCN`, then `HieuTruong`, then at most one `ConDau`.
fn year_places<'a, 'i>(doc: &'a Document<'i>) -> Result<Vec<YearPlace<'a, 'i>>, TranscriptError> {
    let root = doc.root_element();
    let Some(container) = root.children().find(|c| c.has_name(Some(TRANSCRIPT_NS), SIGNATURES)) else {
        return Ok(Vec::new());
    };
    let mut places = Vec::new();
    for wrapper in container.children().filter(|c| c.is_element()) {
        let unexpected = || profile(ProfileError::UnexpectedSignature { pos: wrapper.text_pos() });
        if !wrapper.has_name(Some(TRANSCRIPT_NS), YEAR_SIGNATURES) {
            return Err(unexpected());
        }
        let year_id = wrapper.attribute(None, "QuaTrinhHocTap").ok_or_else(unexpected)?.to_owned();
        let roles: Vec<Node<'_, '_>> = wrapper.children().filter(|c| c.is_element()).collect();
        let teachers = roles.iter().take_while(|r| r.has_name(Some(TRANSCRIPT_NS), "GVBM")).count();
        let mut subject_teachers = Vec::with_capacity(teachers);
        for place in &roles[..teachers] {
            let code = place.attribute(None, "MaMonHoc").unwrap_or_default();
            let subject = MonHoc::from_code(code).ok_or_else(|| {
                profile(ProfileError::UnknownSubject { year_id: year_id.clone(), subject: code.into() })
            })?;
            if subject_teachers.iter().any(|(s, _)| *s == subject) {
                return Err(profile(ProfileError::DuplicateSubjectPlace { year_id, subject }));
            }
            subject_teachers.push((subject, *place));
        }
        match &roles[teachers..] {
            [gvcn, hieu_truong, seals @ ..]
                if gvcn.has_name(Some(TRANSCRIPT_NS), "GVCN")
                    && hieu_truong.has_name(Some(TRANSCRIPT_NS), "HieuTruong")
                    && seals.iter().all(|s| s.has_name(Some(TRANSCRIPT_NS), "ConDau")) =>
            {
                if seals.len() > 1 {
                    return Err(profile(ProfileError::DuplicateSealPlace { year_id }));
                }
                if places.iter().any(|p: &YearPlace<'_, '_>| p.year_id == year_id) {
                    return Err(unexpected());
                }
                let seal = seals.first().copied();
                places.push(YearPlace { year_id, subject_teachers, gvcn: *gvcn, hieu_truong: *hieu_truong, seal });
            }
            // A subject teacher's place after the GVCN's or the principal's: out of order.
            rest if rest.iter().any(|r| r.has_name(Some(TRANSCRIPT_NS), "GVBM")) => {
                let code = rest
                    .iter()
                    .find(|r| r.has_name(Some(TRANSCRIPT_NS), "GVBM"))
                    .and_then(|r| r.attribute(None, "MaMonHoc"))
                    .and_then(MonHoc::from_code);
                return Err(profile(match code {
                    Some(subject) => ProfileError::SubjectTeacherOutOfOrder { year_id, subject },
                    None => ProfileError::OutOfOrder { year_id },
                }));
            }
            _ => return Err(profile(ProfileError::OutOfOrder { year_id })),
        }
    }
    Ok(places)
}

/// Verifies a signed transcript under the profile: every signature verifies (the first that does
/// not is the error, naming its reference), every school year has its GVCN's and then its
/// principal's signature in their places, each over that year's element where it belongs, the
/// principal's countersigning the GVCN's; a school seal's, where its place is signed, over the
/// year too and countersigning the principal's; and no signature is anywhere else. The years are
/// read from the signed bytes.
pub fn verify(xml: &[u8], options: &ProfileVerifyOptions) -> Result<VerifiedTranscript, TranscriptError> {
    verify_with_keys(xml, options, dsig::Keys::Pinned)
}

/// A transcript verified end to end: the profile, and the trust in every signer.
#[derive(Debug)]
pub struct TranscriptVerification {
    report: VerificationReport,
    transcript: Option<VerifiedTranscript>,
}

impl TranscriptVerification {
    /// The verdict and everything behind it. The transcript is valid only when
    /// `report().verdict()` is [`Verdict::Valid`].
    pub fn report(&self) -> &VerificationReport {
        &self.report
    }

    /// The transcript as its signatures cover it, when the profile holds (every year signed by
    /// its GVCN, then its principal, over its own element). Whether those signers are trusted is
    /// the report's verdict: show this content under that verdict, never on its own.
    pub fn signed_transcript(&self) -> Option<&VerifiedTranscript> {
        self.transcript.as_ref()
    }

    /// The transcript, only if the verdict is valid.
    pub fn valid_transcript(&self) -> Option<&VerifiedTranscript> {
        self.transcript.as_ref().filter(|_| self.report.verdict() == Verdict::Valid)
    }

    /// A problem found on top of the report's (the version checks): the transcript is invalid.
    pub(super) fn add_problem(&mut self, finding: Finding) {
        self.report.add_problem(finding);
    }

    /// The transcript as signed and the report, for checks made after the profile's (approvals).
    pub(crate) fn parts_mut(&mut self) -> (Option<&VerifiedTranscript>, &mut VerificationReport) {
        (self.transcript.as_ref(), &mut self.report)
    }
}

/// Verifies a signed transcript under the profile and every signer's trust: certificate paths to
/// `trust`'s anchors at the signing time, revocation by its policy (see [`crate::pki`]). With no
/// pinned keys in `options`, each signature's key comes from its own `KeyInfo` certificate, which
/// must then chain to a trust anchor. A withdrawn transcript (`SuKien=CANCEL`) is reported invalid.
/// Errors are for input that is not usable at all; everything else is in the report.
pub fn verify_trusted(
    xml: &[u8],
    options: &ProfileVerifyOptions,
    trust: &TrustOptions,
    revocation: &RevocationChecker,
) -> Result<TranscriptVerification, crate::Error> {
    verify_trusted_document(&Document::parse(xml)?, options, trust, revocation)
}

/// [`verify_trusted`] of a document already parsed.
pub fn verify_trusted_document(
    doc: &Document<'_>,
    options: &ProfileVerifyOptions,
    trust: &TrustOptions,
    revocation: &RevocationChecker,
) -> Result<TranscriptVerification, crate::Error> {
    let (mut report, results) = crate::report::verify_document_keeping(doc, &options.signatures, trust, revocation)?;
    // The profile checks places and coverage itself: the signatures just verified serve, unless
    // the caller's own requirements made them verify under other options.
    let reusable = options.signatures.required.is_empty() && options.signatures.signature_places.is_empty();
    let keys =
        if options.signatures.trusted_keys.is_empty() { dsig::Keys::KeyInfoCandidates } else { dsig::Keys::Pinned };
    let profile = if reusable && !results.is_empty() {
        check_profile(doc, results)
    } else {
        verify_document_with_keys(doc, options, keys)
    };
    let transcript = match profile {
        Ok(transcript) => Some(transcript),
        // A signature that does not verify is already in the report, with its reason.
        Err(TranscriptError::Dsig(_)) if report.verdict() == Verdict::Invalid => None,
        Err(e) => {
            report.add_problem(wording::not_as_profile(Text::new(&e.message_vi(), &e.message_en())));
            None
        }
    };
    for year in transcript.iter().flat_map(VerifiedTranscript::years) {
        for (role, signature) in year.signatures() {
            // The name the year records for the role: a subject's `GiaoVien` where it has one.
            let named = match role {
                Role::SubjectTeacher(subject) => year.year.subject(subject).and_then(|(_, teacher)| teacher),
                Role::Gvcn => Some(year.year.giao_vien_chu_nhiem.as_str()),
                Role::HieuTruong => Some(year.year.hieu_truong.as_str()),
                // The seal's certificate names the school, which the year records as no signer.
                Role::Seal => None,
            };
            let signer = signature
                .signer_certificate()
                .and_then(|der| crate::pki::Certificate::from_der(der).ok())
                .and_then(|c| c.subject().common_name().map(str::to_owned));
            // Certificates often write names in capitals; anything else is for a person to judge.
            if let (Some(signer), Some(named), Some(id)) = (signer, named, signature.id())
                && signer.to_lowercase() != named.trim().to_lowercase()
            {
                let (role_vi, role_en) = (role.name_vi(), role.name_en());
                let role = Text::new(&role_vi, &role_en);
                report.add_signature_warning(id, wording::signer_not_named(&signer, role, year.year.nam_hoc, named));
            }
        }
    }
    if transcript.as_ref().is_some_and(VerifiedTranscript::is_withdrawn) {
        report.add_problem(wording::withdrawn());
    }
    Ok(TranscriptVerification { report, transcript })
}

fn verify_with_keys(
    xml: &[u8],
    options: &ProfileVerifyOptions,
    keys: dsig::Keys,
) -> Result<VerifiedTranscript, TranscriptError> {
    verify_document_with_keys(&Document::parse(xml)?, options, keys)
}

fn verify_document_with_keys(
    doc: &Document<'_>,
    options: &ProfileVerifyOptions,
    keys: dsig::Keys,
) -> Result<VerifiedTranscript, TranscriptError> {
    // Not a transcript is the first thing to say about a document that is not one.
    super::from_document(doc)?;
    let mut dsig_options = options.signatures.clone();
    dsig_options.required.clear();
    dsig_options.signature_places.clear();
    check_profile(doc, dsig::verify_each(doc, &dsig_options, keys)?)
}

/// The profile over signatures verified already: the first that did not verify is the error.
fn check_profile(doc: &Document<'_>, results: Vec<dsig::EachSignature>) -> Result<VerifiedTranscript, TranscriptError> {
    // The whole document must be a transcript; its envelope and header are taken from here.
    let unsigned = super::from_document(doc)?;
    let mut signatures: Vec<Option<VerifiedSignature>> = Vec::new();
    for (_, result) in results {
        signatures.push(Some(result?));
    }
    let places = year_places(doc)?;
    let root = doc.root_element();
    let year_elements: Vec<Node<'_, '_>> =
        root.children().filter(|c| c.has_name(Some(TRANSCRIPT_NS), "QuaTrinhHocTap")).collect();

    // Every signature sits in a role place.
    for s in signatures.iter().flatten() {
        let parent = doc.node(s.signature_node()).parent();
        if !places.iter().any(|p| p.holds(parent)) {
            return Err(profile(ProfileError::UnexpectedSignature { pos: s.position() }));
        }
    }
    let mut years = Vec::with_capacity(year_elements.len());
    for (i, element) in year_elements.iter().enumerate() {
        let year_id = element.attribute(None, "Id").unwrap_or_default().to_owned();
        let place = places
            .iter()
            .find(|p| p.year_id == year_id)
            .ok_or_else(|| profile(ProfileError::MissingSignaturePlace { year_id: year_id.clone() }))?;
        // The signature in `node`'s place, with its profile Id, its data reference to `data`.
        let mut take = |role: Role, node: Node<'_, '_>, data: Option<Node<'_, '_>>, uri: &str, what: &str| {
            let slot = signatures.iter_mut().find(|s| {
                s.as_ref().is_some_and(|s| doc.node(s.signature_node()).parent().map(|n| n.id()) == Some(node.id()))
            });
            let signature = slot.and_then(Option::take).ok_or_else(|| match role {
                Role::SubjectTeacher(subject) => {
                    profile(ProfileError::MissingSubjectSignature { year_id: year_id.clone(), subject })
                }
                _ => profile(ProfileError::MissingSignature { year_id: year_id.clone(), role: role.element() }),
            })?;
            let expected_id = signature_id(&year_id, role);
            let first = signature.references().first();
            let covers = first.is_some_and(|r| r.uri() == uri && Some(r.node()) == data.map(|n| n.id()));
            if signature.id() != Some(expected_id.as_str()) || !covers {
                let (expected_vi, expected_en) = wording::expected_reference(uri, what, &expected_id);
                return Err(profile(ProfileError::WrongReference {
                    signature: signature.id().map(str::to_owned),
                    expected_vi,
                    expected_en,
                }));
            }
            Ok::<_, TranscriptError>(signature)
        };
        let year_uri = format!("#{year_id}");
        let year_what = format!("QuaTrinhHocTap[{}]", i + 1);
        let mut subject_teachers = Vec::with_capacity(place.subject_teachers.len());
        for (subject, node) in &place.subject_teachers {
            let role = Role::SubjectTeacher(*subject);
            // The subject as the document has it; that the signed year has it is checked below.
            let (element, id) = subject_element(*element, *subject).ok_or_else(|| {
                profile(ProfileError::UnknownSubject { year_id: year_id.clone(), subject: subject.code().into() })
            })?;
            let id = id
                .ok_or_else(|| profile(ProfileError::NoSubjectPlace { year_id: year_id.clone(), subject: *subject }))?;
            let what = format!("{year_what}/MonHoc[MaMonHoc={}]", subject.code());
            let signature = take(role, *node, Some(element), &format!("#{id}"), &what)?;
            subject_teachers.push((*subject, signature));
        }
        let gvcn = take(Role::Gvcn, place.gvcn, Some(*element), &year_uri, &year_what)?;
        let hieu_truong = take(Role::HieuTruong, place.hieu_truong, Some(*element), &year_uri, &year_what)?;
        // An empty seal place is a year not sealed; anything in it must be the seal's signature.
        let seal = match place.seal {
            Some(node) if node.children().any(|c| c.is_element()) => {
                Some(take(Role::Seal, node, Some(*element), &year_uri, &year_what)?)
            }
            _ => None,
        };
        let value_of = |signature: &VerifiedSignature| {
            doc.node(signature.signature_node())
                .children()
                .find(|c| c.has_name(Some(DSIG_NS), "SignatureValue"))
                .map(|n| n.id())
        };
        let claimed_in_order =
            |a: &VerifiedSignature, b: &VerifiedSignature| match (a.claimed_signing_time(), b.claimed_signing_time()) {
                (Some(a), Some(b)) => a <= b,
                _ => true,
            };
        // The subject teachers sign before the homeroom teacher, who countersigns each of them
        // (references 3, 4, ... of the GVCN's signature) and nothing else.
        for (subject, signature) in &subject_teachers {
            let countersigned = gvcn.references().iter().skip(2).any(|r| Some(r.node()) == value_of(signature));
            if !countersigned || !claimed_in_order(signature, &gvcn) {
                return Err(profile(ProfileError::SubjectTeacherOutOfOrder { year_id, subject: *subject }));
            }
        }
        if gvcn.references().len() != 2 + subject_teachers.len() {
            let (expected_vi, expected_en) = wording::expected_homeroom_references(&year_uri);
            return Err(profile(ProfileError::WrongReference {
                signature: gvcn.id().map(str::to_owned),
                expected_vi,
                expected_en,
            }));
        }
        // The principal signs after the teacher: the countersignature proves the order.
        let countersigned = hieu_truong.references().iter().any(|r| Some(r.node()) == value_of(&gvcn));
        if !countersigned || !claimed_in_order(&gvcn, &hieu_truong) {
            return Err(profile(ProfileError::OutOfOrder { year_id }));
        }
        // The seal signs after the principal, as the principal after the teacher: its references
        // are the year, its SigningTime and the principal's SignatureValue, in that order.
        if let Some(seal) = &seal {
            let countersigned = seal.references().get(2).is_some_and(|r| Some(r.node()) == value_of(&hieu_truong));
            if !countersigned || !claimed_in_order(&hieu_truong, seal) {
                return Err(profile(ProfileError::SealOutOfOrder { year_id }));
            }
            let seal_id = signature_id(&year_id, Role::Seal);
            let own_time = seal.references().get(1).is_some_and(|r| {
                r.uri() == format!("#{seal_id}-SigningTime") && doc.node(seal.signature_node()).contains(r.node())
            });
            if seal.references().len() != 3 || !own_time {
                let principal_value = format!("{}-SignatureValue", signature_id(&year_id, Role::HieuTruong));
                let (expected_vi, expected_en) = wording::expected_seal_references(&year_uri, &principal_value);
                return Err(profile(ProfileError::WrongReference {
                    signature: seal.id().map(str::to_owned),
                    expected_vi,
                    expected_en,
                }));
            }
        }
        let year = signed_year(&gvcn, &year_id, i)?;
        if signed_year(&hieu_truong, &year_id, i)? != year {
            let Words { vi, en } = wording::signed_different_content();
            return Err(profile(ProfileError::SignedContent { year_id, problem_vi: vi, problem_en: en }));
        }
        if let Some(seal) = &seal
            && signed_year(seal, &year_id, i)? != year
        {
            let Words { vi, en } = wording::seal_signed_different_content();
            return Err(profile(ProfileError::SignedContent { year_id, problem_vi: vi, problem_en: en }));
        }
        // Each subject teacher signed a subject of this year as signed, by that subject's Id.
        for (subject, signature) in &subject_teachers {
            let signed_id = year.subject(*subject).and_then(|(id, _)| id.map(|id| format!("#{id}")));
            if signed_id.as_deref() != signature.references().first().map(|r| r.uri()) {
                return Err(profile(ProfileError::UnknownSubject { year_id, subject: subject.code().into() }));
            }
        }
        // Every subject the signed year gives an Id (one its teacher signs) has its teacher's
        // signature: without this, removing a GVBM place would pass for a year without them.
        for subject in year.subjects_signed_by_their_teacher() {
            if !subject_teachers.iter().any(|(s, _)| *s == subject) {
                return Err(profile(ProfileError::MissingSubjectSignature { year_id, subject }));
            }
        }
        years.push(VerifiedYear { year, subject_teachers, gvcn, hieu_truong, seal });
    }
    if let Some(extra) = signatures.iter().flatten().next() {
        return Err(profile(ProfileError::UnexpectedSignature { pos: extra.position() }));
    }
    if let Some(place) = places.iter().find(|p| !years.iter().any(|y| y.year.id == p.year_id)) {
        return Err(profile(ProfileError::MissingSignaturePlace { year_id: place.year_id.clone() }));
    }
    let verified = VerifiedTranscript { years, envelope: unsigned.envelope, header: unsigned.header };
    // Each year's signatures vouch for that year only: that the years belong together (one
    // student, in order) is checked here, or a year signed for another student, or years
    // reordered, would verify (test-vectors/attacks).
    let findings = validate(&verified.to_transcript(), ValidateOptions::default()).findings;
    if let Some(error) = findings.into_iter().find(|f| f.severity == super::Severity::Error) {
        return Err(profile(ProfileError::InvalidContent {
            path: error.path,
            message_vi: error.message_vi,
            message_en: error.message_en,
        }));
    }
    Ok(verified)
}

/// The `MonHoc` element of `subject` in a year's element, and its `Id`.
fn subject_element<'a, 'i>(year: Node<'a, 'i>, subject: MonHoc) -> Option<(Node<'a, 'i>, Option<&'a str>)> {
    let results = year
        .children()
        .find(|c| c.has_name(Some(TRANSCRIPT_NS), "KetQuaTieuHoc") || c.has_name(Some(TRANSCRIPT_NS), "KetQuaTHCS"))?;
    let element = results.children().filter(|c| c.has_name(Some(TRANSCRIPT_NS), "MonHoc")).find(|m| {
        m.children()
            .find(|c| c.has_name(Some(TRANSCRIPT_NS), "MaMonHoc"))
            .map(|c| {
                c.children()
                    .filter(|t| t.node_type() == crate::xml::NodeType::Text)
                    .filter_map(|t| t.text())
                    .collect::<String>()
            })
            .is_some_and(|code| code.trim() == subject.code())
    })?;
    Some((element, element.attribute(None, "Id")))
}

/// The year read from the canonical bytes a signature's data reference covers.
fn signed_year(signature: &VerifiedSignature, year_id: &str, index: usize) -> Result<SchoolYear, TranscriptError> {
    let reference = &signature.references()[0];
    let signed = reference.parse().map_err(|e| {
        let at = e.pos().map_or_else(String::new, |pos| format!(" ({pos})"));
        profile(ProfileError::SignedContent {
            year_id: year_id.into(),
            problem_vi: wording::signed_not_xml_vi(&at),
            problem_en: e.to_string(),
        })
    })?;
    super::read::year_from_element(signed.root_element(), format!("/HocBa/QuaTrinhHocTap[{}]", index + 1))
}
