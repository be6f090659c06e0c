//! A new version of a transcript the receiver already holds: a correction (`SuKien=UPDATE`) or a
//! withdrawal (`CANCEL`) must carry a higher `PhienBan` than the version held (`schemas/PROFILE.md`),
//! and be the same record. The envelope is not signed, so this guards against a replayed or
//! rolled-back version sent through the ordinary channel, not against its sender.

use super::model::Transcript;
use super::profile::TranscriptVerification;
use crate::report::wording::profile as wording;

impl TranscriptVerification {
    /// Checks the verified transcript as a new version of `held`, the version of the same record
    /// the receiver holds: the same `IdBanGhi` and `MaDinhDanhHocBa`, and a higher `PhienBan`. A
    /// version that is not newer (`stale-version`, a replay or a rollback) or another record
    /// (`different-record`) makes the report invalid. Nothing to compare when the profile did
    /// not hold: the report is invalid already.
    pub fn require_newer_than(&mut self, held: &Transcript) {
        let Some(current) = self.signed_transcript() else { return };
        let (was, now) = (&held.envelope, current.unsigned_envelope());
        let (was_id, now_id) = (&held.header.ma_dinh_danh_hoc_ba, &current.unsigned_header().ma_dinh_danh_hoc_ba);
        let finding = if was.id_ban_ghi != now.id_ban_ghi || was_id != now_id {
            wording::different_record(&now.id_ban_ghi, now_id, &was.id_ban_ghi, was_id)
        } else if now.phien_ban <= was.phien_ban {
            wording::stale_version(now.phien_ban, now.su_kien.code(), was.phien_ban)
        } else {
            return;
        };
        self.add_problem(finding);
    }
}
