//! A new version of a transcript the receiver already holds: a correction (`SuKien=UPDATE`) or a
//! withdrawal (`CANCEL`) must carry a higher `PhienBan` than the version held (`schemas/PROFILE.md`),
//! and be the same record. The envelope is not signed, so this guards against a replayed or
//! rolled-back version sent through the ordinary channel, not against its sender.

use super::model::Transcript;
use super::profile::{ProfileVerifyOptions, TranscriptVerification, verify_trusted};
use crate::pki::{RevocationChecker, TrustOptions};
use crate::report::Finding;

/// [`verify_trusted`], and the transcript checked as the successor of `previous`, the version of
/// the same record the receiver holds: the same `IdBanGhi` and `MaDinhDanhHocBa`, and a higher
/// `PhienBan`. A version that is not newer (`stale-version`) or another record
/// (`different-record`) makes the report invalid.
pub fn verify_trusted_successor(
    xml: &[u8],
    previous: &Transcript,
    options: &ProfileVerifyOptions,
    trust: &TrustOptions,
    revocation: &RevocationChecker,
) -> Result<TranscriptVerification, crate::Error> {
    let mut verification = verify_trusted(xml, options, trust, revocation)?;
    let Some(current) = verification.signed_transcript() else {
        // The profile does not hold: already invalid, and there is no version to compare.
        return Ok(verification);
    };
    let (held, received) = (&previous.envelope, current.unsigned_envelope());
    let (held_id, received_id) = (&previous.header.ma_dinh_danh_hoc_ba, &current.unsigned_header().ma_dinh_danh_hoc_ba);
    let finding = if held.id_ban_ghi != received.id_ban_ghi || held_id != received_id {
        Some(Finding::new(
            "different-record",
            format!(
                "Đây không phải phiên bản mới của học bạ đang lưu: IdBanGhi {} / MaDinhDanhHocBa {}, học bạ đang lưu là {} / {}.",
                received.id_ban_ghi, received_id, held.id_ban_ghi, held_id
            ),
            format!(
                "This is not a new version of the transcript held: IdBanGhi {} / MaDinhDanhHocBa {}, the one held is {} / {}.",
                received.id_ban_ghi, received_id, held.id_ban_ghi, held_id
            ),
        ))
    } else if received.phien_ban <= held.phien_ban {
        Some(Finding::new(
            "stale-version",
            format!(
                "Phiên bản {} ({}) không mới hơn phiên bản {} đang lưu: bản cũ gửi lại hoặc bị quay lui, không thay thế bản đang lưu.",
                received.phien_ban,
                received.su_kien.code(),
                held.phien_ban
            ),
            format!(
                "Version {} ({}) is not newer than version {} held: an old version replayed or rolled back, it does not replace the one held.",
                received.phien_ban,
                received.su_kien.code(),
                held.phien_ban
            ),
        ))
    } else {
        None
    };
    if let Some(finding) = finding {
        verification.add_problem(finding);
    }
    Ok(verification)
}
