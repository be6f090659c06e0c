"""The transcript model: XML, dict and JSON round trips, validation, the code-list enums, signing as a role and
verify_transcript."""

import json
import pickle

import pytest

import hocba
from conftest import AT, PKI, PKI_TRUST, SIGNING_TIME, TRANSCRIPTS, sign_years, pki_config

VALID = sorted(TRANSCRIPTS.glob("valid-*.xml")) + sorted(TRANSCRIPTS.glob("warning-*.xml"))


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_round_trips(path):
    transcript = hocba.Transcript.from_xml(path.read_bytes())
    xml = transcript.to_xml()
    assert hocba.Transcript.from_xml(xml) == transcript
    assert hocba.Transcript.from_xml(xml).to_xml() == xml  # the writer's layout is a fixed point
    assert hocba.Transcript.from_xml(xml.decode("utf-8")) == transcript
    as_dict = transcript.to_dict()
    assert hocba.Transcript.from_dict(as_dict) == transcript
    assert json.loads(transcript.to_json()) == as_dict == json.loads(transcript.to_json(indent=2))
    assert hocba.Transcript.from_json(transcript.to_json()) == transcript
    assert pickle.loads(pickle.dumps(transcript)) == transcript


def test_model_fields(transcript_xml):
    transcript = hocba.Transcript.from_xml(transcript_xml)
    as_dict = transcript.to_dict()
    assert list(as_dict) == ["envelope", "header", "years"]
    assert [y["id"] for y in as_dict["years"]] == ["QTHT-2022-2023", "QTHT-2023-2024"]
    assert repr(transcript) == "<Transcript Phạm Gia Huy, 2 year(s)>"
    assert hocba.CapHoc(as_dict["header"]["ma_cap_hoc"]).label_vi == "Trung học cơ sở"


def test_from_dict_refuses_what_is_not_a_transcript(transcript_xml):
    as_dict = hocba.Transcript.from_xml(transcript_xml).to_dict()
    for broken in ({**as_dict, "extra": 1}, {k: v for k, v in as_dict.items() if k != "header"},
                   {**as_dict, "header": {**as_dict["header"], "ma_cap_hoc": "9"}}):
        with pytest.raises(hocba.TranscriptError) as raised:
            hocba.Transcript.from_dict(broken)
        assert raised.value.code == "invalid-value"
    with pytest.raises(hocba.TranscriptError):
        hocba.Transcript.from_json("[]")


@pytest.mark.parametrize("path", sorted(TRANSCRIPTS.glob("error-*.xml")), ids=lambda p: p.name)
def test_reader_errors(path):
    findings = hocba.validate(path.read_bytes())
    assert findings and any(f.severity == "error" for f in findings)
    if findings[0].code in ("xml",):
        with pytest.raises(hocba.XmlError):
            hocba.Transcript.from_xml(path.read_bytes())
        return
    try:
        transcript = hocba.Transcript.from_xml(path.read_bytes())
    except hocba.TranscriptError as error:
        # What the reader refuses: where (path, line and column) and why, in both languages.
        assert error.code == findings[0].code and error.position is not None
        assert error.details["path"] and error.details["message_vi"] and error.details["message_en"]
    else:
        # What the model can hold but is not valid: a finding of validate(), with its code in the name.
        codes = [f.code for f in transcript.validate() if f.severity == "error"]
        assert path.name.split("-")[1].replace("_", "-") in codes, codes


def test_warnings_and_strict():
    transcript = hocba.Transcript.from_xml((TRANSCRIPTS / "warning-term_average-dtbmhk-sai.xml").read_bytes())
    finding, _ = transcript.validate()
    assert (finding.severity, finding.code) == ("warning", "term-average")
    assert finding.path == "/HocBa/QuaTrinhHocTap[2]/KetQuaTHCS/MonHoc[2]/DiemSo/HocKy1/DTBmhk"
    assert finding.message_vi and finding.message_en
    assert [f.severity for f in transcript.validate(strict=True)] == ["error", "error"]
    assert finding.to_dict() == {"severity": "warning", "path": finding.path, "code": "term-average",
                                 "message_vi": finding.message_vi, "message_en": finding.message_en}


def test_code_lists():
    assert [(g.name, g.value, g.label_vi, g.label_en) for g in hocba.GioiTinh] == [
        ("KhongXacDinh", "0", "Không xác định", "Unknown"), ("Nam", "1", "Nam", "Male"), ("Nu", "2", "Nữ", "Female")]
    assert hocba.GioiTinh("2") is hocba.GioiTinh.Nu and hocba.GioiTinh.Nu == "2" and str(hocba.GioiTinh.Nu) == "2"
    assert hocba.GioiTinh.Nu.label("en") == "Female"
    assert [r.value for r in hocba.Role] == ["gvbm", "gvcn", "hieu-truong", "con-dau"]
    assert (hocba.Role.CON_DAU.label_vi, hocba.Role.CON_DAU.label_en) == ("Con dấu đơn vị", "school seal")
    assert hocba.Role.HIEU_TRUONG.label_vi == "Hiệu trưởng"
    assert [(v.value, v.label_vi) for v in hocba.Verdict] == [
        ("valid", "HỢP LỆ"), ("invalid", "KHÔNG HỢP LỆ"), ("undetermined", "KHÔNG XÁC ĐỊNH ĐƯỢC")]
    for name in ("SuKien", "CapHoc", "MucDanhGia", "KetQuaGiaoDucTieuHoc", "MucDatTieuHoc", "MonHoc", "DanhHieu"):
        assert len(getattr(hocba, name)) >= 2 and all(m.label_vi for m in getattr(hocba, name))
    assert pickle.loads(pickle.dumps(hocba.Role.GVCN)) is hocba.Role.GVCN
    with pytest.raises(ValueError):
        hocba.GioiTinh("3")


def test_sign_as_then_verify_transcript(transcript_xml):
    transcript = hocba.Transcript.from_xml(transcript_xml)
    year = transcript.to_dict()["years"][0]["id"]
    once = transcript.sign_as(hocba.Role.GVCN, year, key=PKI / "gvcn-key.pem", cert=PKI / "gvcn-cert.pem",
                              signing_time=SIGNING_TIME, **PKI_TRUST)
    twice = hocba.sign(once, role="hieu-truong", year_id=year, key=PKI / "hieutruong-key.pem",
                       cert=PKI / "hieutruong-cert.pem", signing_time=SIGNING_TIME, **PKI_TRUST)
    # The second year is not signed yet: the profile does not hold.
    with pytest.raises(hocba.TranscriptError) as raised:
        hocba.verify_transcript(twice, pki_config())
    assert raised.value.code == "transcript-profile"
    verification = hocba.verify_transcript(twice, pki_config(), raise_on_invalid=False)
    assert verification.transcript is None and verification.report.verdict is hocba.Verdict.INVALID


def test_the_school_seal_signs_after_the_principal(transcript_xml):
    # The seal signs where the transcript was written with its place (ConDau after HieuTruong).
    with_places = transcript_xml.replace(b"<HieuTruong/>", b"<HieuTruong/>\n      <ConDau/>")
    assert with_places.count(b"<ConDau/>") == 2
    signed = sign_years(with_places, **PKI_TRUST)
    for year in hocba.Transcript.from_xml(signed).to_dict()["years"]:
        signed = hocba.sign(signed, role=hocba.Role.CON_DAU, year_id=year["id"], key=PKI / "ltv-key.pem",
                            cert=PKI / "ltv-cert.pem", signing_time=SIGNING_TIME, **PKI_TRUST)
    verification = hocba.verify_transcript(signed, pki_config())
    assert verification.report.valid
    seals = [s for s in verification.report.signatures if s.place == "DSCKS/ChuKyNamHoc/ConDau"]
    assert [(s.role, s.role_en) for s in seals] == [("Con dấu đơn vị", "school seal")] * 2
    assert all(s.id.endswith("-ConDau") and s.covers[2].endswith("-HieuTruong-SignatureValue") for s in seals)
    # Without its place, the seal does not sign.
    with pytest.raises(hocba.TranscriptError) as raised:
        hocba.sign(sign_years(transcript_xml, **PKI_TRUST), role="con-dau", year_id=year["id"],
                   key=PKI / "ltv-key.pem", cert=PKI / "ltv-cert.pem", signing_time=SIGNING_TIME, **PKI_TRUST)
    assert raised.value.code == "transcript-profile"


def test_verify_transcript(pki_signed, transcript_xml):
    verification = hocba.verify_transcript(pki_signed, pki_config())
    assert verification.report.valid
    assert verification.transcript == hocba.Transcript.from_xml(transcript_xml)
    assert verification.signed_transcript == verification.transcript
    assert verification.report.to_dict() == hocba.verify(pki_signed, pki_config()).to_dict()


def test_verify_transcript_signed_by_a_revoked_teacher(transcript_xml):
    signed = sign_years(transcript_xml, gvcn="revoked", check_trust=False)
    with pytest.raises(hocba.CertificateError) as raised:
        hocba.verify_transcript(signed, pki_config())
    assert raised.value.code == "revoked"
    verification = hocba.verify_transcript(signed, pki_config(), raise_on_invalid=False)
    # Only a valid verdict gives the transcript; the signed content is there to show under the verdict.
    assert verification.transcript is None
    assert verification.signed_transcript == hocba.Transcript.from_xml(transcript_xml)


def test_withdrawn_transcript(transcript_xml):
    withdrawn = transcript_xml.replace(b"<SuKien>NEW</SuKien>", b"<SuKien>CANCEL</SuKien>", 1)
    assert withdrawn != transcript_xml
    with pytest.raises(hocba.TranscriptError) as raised:
        hocba.verify_transcript(sign_years(withdrawn, **PKI_TRUST), pki_config())
    assert raised.value.code == "withdrawn"


def test_verify_transcript_needs_a_transcript(sample):
    # The sample is in another namespace (urn:hocba:vi-du:1.0): no element of it is a transcript's.
    with pytest.raises(hocba.TranscriptError) as raised:
        hocba.verify_transcript(sample)
    assert raised.value.code == "not-a-transcript" and raised.value.details["verdict"] == "invalid"
    verification = hocba.verify_transcript(sample, raise_on_invalid=False)
    assert not verification.report.valid and verification.transcript is None
    assert [p.code for p in verification.report.problems] == ["not-a-transcript"]
    # Put into the transcript namespace, it is a transcript that lacks its record information:
    # an invalid transcript, with the reason.
    in_namespace = sample.replace(b"urn:hocba:vi-du:1.0", b"urn:hocba:hocbaso:1.0", 1)
    verification = hocba.verify_transcript(in_namespace, raise_on_invalid=False)
    assert not verification.report.valid and verification.transcript is None
    # (It is signed by no one, too.)
    assert [p.code for p in verification.report.problems] == ["no-signature", "transcript-profile"]
    assert "ThongTinBanGhi" in verification.report.problems[1].en


def test_unknown_element_in_the_unsigned_record_information(pki_signed):
    """ThongTinBanGhi is signed by no one: an element added there breaks no signature, but the document is a transcript
    (its namespace says so) and is held to the signing profile, whether or not generic verification is asked."""
    assert pki_signed.count(b"</ThongTinBanGhi>") == 1
    changed = pki_signed.replace(b"</ThongTinBanGhi>", b"<GhiChu/></ThongTinBanGhi>")
    assert hocba.verify(pki_signed, pki_config(generic=True)).valid
    reports = []
    for generic in (False, True):
        with pytest.raises(hocba.TranscriptError) as raised:
            hocba.verify(changed, pki_config(generic=generic))
        assert raised.value.code == "transcript-profile" and raised.value.details["verdict"] == "invalid"
        report = raised.value.report
        assert report.verdict is hocba.Verdict.INVALID and not report.valid
        assert [p.code for p in report.problems] == ["transcript-profile"]
        assert "/HocBa/ThongTinBanGhi/GhiChu" in report.problems[0].en
        # The signatures themselves hold: only the profile fails.
        assert len(report.signatures) == 4 and all(s.problems == [] for s in report.signatures)
        again = hocba.verify(changed, pki_config(generic=generic), raise_on_invalid=False)
        assert again.to_dict() == report.to_dict()
        reports.append(report.to_dict())
    assert reports[0] == reports[1]
    # verify_transcript decides the same, in the core: an invalid transcript, no content handed out.
    verification = hocba.verify_transcript(changed, pki_config(), raise_on_invalid=False)
    assert not verification.report.valid and verification.transcript is None
    assert verification.report.to_dict() == reports[0]


def test_sign_usage_errors(transcript_xml):
    key = {"key": PKI / "gvcn-key.pem", "cert": PKI / "gvcn-cert.pem"}
    with pytest.raises(TypeError, match="exactly one of reference_id= or role="):
        hocba.sign(transcript_xml, **key)
    with pytest.raises(TypeError, match="exactly one of reference_id= or role="):
        hocba.sign(transcript_xml, role="gvcn", reference_id="x", year_id="y", **key)
    with pytest.raises(TypeError, match="needs year_id="):
        hocba.sign(transcript_xml, role="gvcn", **key)
    with pytest.raises(TypeError, match="do not apply"):
        hocba.sign(transcript_xml, role="gvcn", year_id="QTHT-2022-2023", into="DSCKS", **key)
    with pytest.raises(ValueError, match="role"):
        hocba.sign(transcript_xml, role="ThuKy", year_id="QTHT-2022-2023", **key)
    # The principal signs after the teacher, into a year that exists.
    with pytest.raises(hocba.TranscriptError) as raised:
        hocba.sign(transcript_xml, role="hieu-truong", year_id="QTHT-2022-2023", check_trust=False, **key)
    assert raised.value.code == "transcript-profile"
    with pytest.raises(hocba.TranscriptError) as raised:
        hocba.sign(transcript_xml, role="gvcn", year_id="QTHT-1999-2000", check_trust=False, **key)
    assert raised.value.code == "transcript-profile"


def test_a_subject_teacher_signs_their_subject_before_the_gvcn(transcript_xml):
    data = hocba.Transcript.from_xml(transcript_xml).to_dict()
    year = data["years"][0]
    subject = year["ket_qua"]["thcs"]["mon_hoc"][0]
    subject["id"] = f'{year["id"]}-{subject["ma_mon_hoc"]}'
    xml = hocba.Transcript.from_dict(data).to_xml()
    teacher = {"key": PKI / "ltv-key.pem", "cert": PKI / "ltv-cert.pem", "signing_time": SIGNING_TIME, **PKI_TRUST}

    # The core reads the role: a subject teacher names the subject.
    for role in (hocba.Role.GVBM, "gvbm:XYZ", "GVBM", "gvcn:TOAN"):
        with pytest.raises(ValueError, match="gvbm:SUBJECT"):
            hocba.sign(xml, role=role, year_id=year["id"], **teacher)
    # The homeroom teacher signs after the subject teachers of the year, not before.
    with pytest.raises(hocba.TranscriptError):
        sign_years(xml, **PKI_TRUST)

    code = hocba.MonHoc(subject["ma_mon_hoc"])
    xml = hocba.sign(xml, role=f"{hocba.Role.GVBM}:{code}", year_id=year["id"], **teacher)
    signed = sign_years(xml, **PKI_TRUST)
    verification = hocba.verify_transcript(signed, pki_config())
    roles = [s.role for s in verification.report.signatures]
    assert roles[:3] == [f"Giáo viên bộ môn ({code.label_vi})", "Giáo viên chủ nhiệm", "Hiệu trưởng"], roles
    assert verification.report.signatures[0].role_en == f"subject teacher ({code.label_en})"

    # A changed score of that subject (its first regular assessment) breaks the subject teacher's
    # signature as well as the year's.
    tampered = signed.replace(b"<DDGtx>8.5</DDGtx>", b"<DDGtx>9.5</DDGtx>", 1)
    assert tampered != signed
    report = hocba.verify_transcript(tampered, pki_config(), raise_on_invalid=False).report
    assert report.verdict is hocba.Verdict.INVALID
    broken = [s.role for s in report.signatures if s.verdict is not hocba.Verdict.VALID]
    assert f"Giáo viên bộ môn ({code.label_vi})" in broken and "Giáo viên chủ nhiệm" in broken, broken
