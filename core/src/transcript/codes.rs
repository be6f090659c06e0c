//! Code lists: each value with its official code and its Vietnamese and English labels. In XML and
//! JSON a value is written as its code.

use std::fmt;

/// A code list: what the XML reader and writer need of one.
pub trait Code: Copy + 'static {
    /// The list's name, for error messages.
    const LIST: &'static str;
    /// The value's official code, as written in XML and JSON.
    fn code(self) -> &'static str;
    /// The value with this code; `None` if the list has no such code.
    fn from_code(code: &str) -> Option<Self>;
}

/// One code list as data: its name (the enum's) and its values in order, for bindings and pages
/// that show codes in words ([`code_lists`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeList {
    /// The list's name, as the Rust enum and the schema's type: `MonHoc`.
    pub name: &'static str,
    /// The list's values, in order.
    pub entries: &'static [CodeEntry],
}

/// One value of a [`CodeList`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeEntry {
    /// The Rust variant's name: `TiengViet`.
    pub name: &'static str,
    /// The official code, as written in XML and JSON: `TV`.
    pub code: &'static str,
    /// The Vietnamese label: `Tiếng Việt`.
    pub label_vi: &'static str,
    /// The English label: `Vietnamese`.
    pub label_en: &'static str,
}

/// Every code list of the transcript, with each value's code and labels: the one source the
/// bindings take them from.
pub fn code_lists() -> &'static [CodeList] {
    const LISTS: &[CodeList] = &[
        SuKien::CODE_LIST,
        GioiTinh::CODE_LIST,
        CapHoc::CODE_LIST,
        MucDatTieuHoc::CODE_LIST,
        MucPhamChatNangLuc::CODE_LIST,
        KetQuaGiaoDucTieuHoc::CODE_LIST,
        MucDanhGia::CODE_LIST,
        MucNhanXet::CODE_LIST,
        PhamChat::CODE_LIST,
        NangLuc::CODE_LIST,
        MonHoc::CODE_LIST,
        DanhHieu::CODE_LIST,
        KhenThuongTieuHoc::CODE_LIST,
    ];
    LISTS
}

/// Declares a code list: the enum, its codes and labels, lookup by code, and serde as the code.
macro_rules! code_list {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $code:literal, $vi:literal, $en:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vmeta])* #[doc = concat!("`", $code, "`: ", $vi, " (", $en, ").")] $variant,)+
        }

        impl $name {
            /// Every value, in the list's order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The list as data (see [`code_lists`]).
            pub const CODE_LIST: CodeList = CodeList {
                name: stringify!($name),
                entries: &[$(CodeEntry { name: stringify!($variant), code: $code, label_vi: $vi, label_en: $en }),+],
            };

            /// The official code, as written in XML.
            pub const fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }

            /// The Vietnamese label.
            pub const fn label_vi(self) -> &'static str {
                match self { $($name::$variant => $vi,)+ }
            }

            /// The English label.
            pub const fn label_en(self) -> &'static str {
                match self { $($name::$variant => $en,)+ }
            }

            /// The value with this code.
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        impl Code for $name {
            const LIST: &'static str = stringify!($name);
            fn code(self) -> &'static str {
                $name::code(self)
            }
            fn from_code(code: &str) -> Option<Self> {
                $name::from_code(code)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.label_vi())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let code = <String as serde::Deserialize>::deserialize(deserializer)?;
                $name::from_code(&code).ok_or_else(|| {
                    serde::de::Error::custom(format_args!("{:?} is not a code of {}", code, stringify!($name)))
                })
            }
        }
    };
}

code_list! {
    /// `SuKien`: what a record sent to the national data centre does.
    SuKien {
        /// A new transcript.
        New = "NEW", "Tạo mới", "New";
        /// A correction: replaces every lower `PhienBan`.
        Update = "UPDATE", "Cập nhật", "Update";
        /// Withdrawal (thu hồi): the transcript is no longer valid.
        Cancel = "CANCEL", "Thu hồi", "Withdrawn";
    }
}

code_list! {
    /// `GioiTinh`, QCVN 109:2017/BTTTT.
    GioiTinh {
        KhongXacDinh = "0", "Không xác định", "Unknown";
        Nam = "1", "Nam", "Male";
        Nu = "2", "Nữ", "Female";
    }
}

code_list! {
    /// `MaCapHoc` (`MaNhomCapHoc`): the level of education. Transcripts exist for primary and
    /// lower secondary.
    CapHoc {
        MamNon = "01", "Mầm non", "Preschool";
        TieuHoc = "02", "Tiểu học", "Primary";
        Thcs = "03", "Trung học cơ sở", "Lower secondary";
        Thpt = "04", "Trung học phổ thông", "Upper secondary";
        GiaoDucThuongXuyen = "05", "Giáo dục thường xuyên", "Continuing education";
    }
}

code_list! {
    /// Primary subject and activity assessment (Thông tư 27/2020, article 6).
    MucDatTieuHoc {
        HoanThanhTot = "T", "Hoàn thành tốt", "Completed well";
        HoanThanh = "H", "Hoàn thành", "Completed";
        ChuaHoanThanh = "C", "Chưa hoàn thành", "Not completed";
    }
}

code_list! {
    /// Primary qualities and competencies (Thông tư 27/2020, article 6).
    MucPhamChatNangLuc {
        Tot = "T", "Tốt", "Good";
        Dat = "Đ", "Đạt", "Satisfactory";
        CanCoGang = "C", "Cần cố gắng", "Needs effort";
    }
}

code_list! {
    /// Primary year result (Thông tư 27/2020, article 9).
    KetQuaGiaoDucTieuHoc {
        HoanThanhXuatSac = "HTXS", "Hoàn thành xuất sắc", "Completed with excellence";
        HoanThanhTot = "HTT", "Hoàn thành tốt", "Completed well";
        HoanThanh = "HT", "Hoàn thành", "Completed";
        ChuaHoanThanh = "CHT", "Chưa hoàn thành", "Not completed";
    }
}

code_list! {
    /// Secondary learning and conduct results (Thông tư 22/2021, articles 8 and 9): `T`/`K`/`Đ`/`CĐ`.
    MucDanhGia {
        Tot = "T", "Tốt", "Good";
        Kha = "K", "Khá", "Fair";
        Dat = "Đ", "Đạt", "Satisfactory";
        ChuaDat = "CĐ", "Chưa đạt", "Unsatisfactory";
    }
}

code_list! {
    /// Secondary comment-only subjects (Thông tư 22/2021, article 7): `Đ`/`CĐ`.
    MucNhanXet {
        Dat = "Đ", "Đạt", "Satisfactory";
        ChuaDat = "CĐ", "Chưa đạt", "Unsatisfactory";
    }
}

code_list! {
    /// The five qualities (phẩm chất) of the general education programme.
    PhamChat {
        YeuNuoc = "YN", "Yêu nước", "Patriotism";
        NhanAi = "NA", "Nhân ái", "Kindness";
        ChamChi = "CC", "Chăm chỉ", "Diligence";
        TrungThuc = "TT", "Trung thực", "Honesty";
        TrachNhiem = "TN", "Trách nhiệm", "Responsibility";
    }
}

code_list! {
    /// The three general and seven specific competencies (năng lực).
    NangLuc {
        TuChuTuHoc = "TCTH", "Tự chủ và tự học", "Autonomy and self-learning";
        GiaoTiepHopTac = "GTHT", "Giao tiếp và hợp tác", "Communication and cooperation";
        GiaiQuyetVanDe = "GQVD", "Giải quyết vấn đề và sáng tạo", "Problem solving and creativity";
        NgonNgu = "NN", "Ngôn ngữ", "Language";
        TinhToan = "TT", "Tính toán", "Numeracy";
        KhoaHoc = "KH", "Khoa học", "Science";
        CongNghe = "CN", "Công nghệ", "Technology";
        TinHoc = "TH", "Tin học", "Informatics";
        ThamMi = "TM", "Thẩm mĩ", "Aesthetics";
        TheChat = "TC", "Thể chất", "Physical";
    }
}

impl NangLuc {
    /// One of the three general competencies (the others are specific).
    pub const fn is_general(self) -> bool {
        matches!(self, NangLuc::TuChuTuHoc | NangLuc::GiaoTiepHopTac | NangLuc::GiaiQuyetVanDe)
    }
}

code_list! {
    /// Subjects and educational activities of the 2018 programme, primary and lower secondary.
    /// The codes are this project's (`schemas/PROFILE.md`): the code list of QĐ 4998/QĐ-BGDĐT is
    /// not published in a form we could check, and a mapping to it is one table.
    MonHoc {
        TiengViet = "TV", "Tiếng Việt", "Vietnamese";
        Toan = "TOAN", "Toán", "Mathematics";
        DaoDuc = "DD", "Đạo đức", "Ethics";
        TuNhienXaHoi = "TNXH", "Tự nhiên và Xã hội", "Nature and society";
        LichSuDiaLi = "LSDL", "Lịch sử và Địa lí", "History and geography";
        KhoaHoc = "KH", "Khoa học", "Science";
        TinHocCongNghe = "THCN", "Tin học và Công nghệ", "Informatics and technology";
        AmNhac = "AN", "Âm nhạc", "Music";
        MiThuat = "MT", "Mĩ thuật", "Fine arts";
        GiaoDucTheChat = "GDTC", "Giáo dục thể chất", "Physical education";
        HoatDongTraiNghiem = "HDTN", "Hoạt động trải nghiệm", "Experiential activities";
        NgoaiNgu1 = "NN1", "Ngoại ngữ 1", "Foreign language 1";
        NguVan = "NV", "Ngữ văn", "Literature";
        GiaoDucCongDan = "GDCD", "Giáo dục công dân", "Civic education";
        KhoaHocTuNhien = "KHTN", "Khoa học tự nhiên", "Natural science";
        CongNghe = "CNGH", "Công nghệ", "Technology";
        TinHoc = "TIN", "Tin học", "Informatics";
        NgheThuat = "NT", "Nghệ thuật", "Arts";
        HoatDongTraiNghiemHuongNghiep = "HDTNHN", "Hoạt động trải nghiệm, hướng nghiệp", "Experiential and career activities";
        GiaoDucDiaPhuong = "GDDP", "Nội dung giáo dục địa phương", "Local education content";
    }
}

impl MonHoc {
    /// Assessed by comment only in lower secondary (Thông tư 22/2021, article 7, clause 1).
    pub const fn is_comment_only_thcs(self) -> bool {
        matches!(
            self,
            MonHoc::GiaoDucTheChat
                | MonHoc::NgheThuat
                | MonHoc::AmNhac
                | MonHoc::MiThuat
                | MonHoc::HoatDongTraiNghiemHuongNghiep
                | MonHoc::GiaoDucDiaPhuong
        )
    }

    /// Has an end-of-term test score in primary (Thông tư 27/2020, article 7, clause 1).
    pub const fn has_primary_test(self) -> bool {
        matches!(
            self,
            MonHoc::TiengViet
                | MonHoc::Toan
                | MonHoc::NgoaiNgu1
                | MonHoc::LichSuDiaLi
                | MonHoc::KhoaHoc
                | MonHoc::TinHocCongNghe
        )
    }
}

code_list! {
    /// Secondary year titles (Thông tư 22/2021, article 15).
    DanhHieu {
        HocSinhXuatSac = "XS", "Học sinh Xuất sắc", "Excellent student";
        HocSinhGioi = "G", "Học sinh Giỏi", "Good student";
    }
}

code_list! {
    /// Primary year awards (Thông tư 27/2020, article 15).
    KhenThuongTieuHoc {
        HocSinhXuatSac = "XS", "Học sinh Xuất sắc", "Excellent student";
        HocSinhTieuBieu = "TB", "Học sinh Tiêu biểu", "Outstanding student";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every list this file declares is in `code_lists()`, once: a new list cannot be forgotten by
    /// the bindings.
    #[test]
    fn code_lists_has_every_list_once() {
        let source = include_str!("codes.rs");
        let declared: Vec<&str> = source
            .split("code_list! {")
            .skip(1)
            .filter_map(|block| block.lines().map(str::trim).find(|l| !l.starts_with("///") && !l.is_empty()))
            .filter_map(|line| line.strip_suffix(" {"))
            .collect();
        let listed: Vec<&str> = code_lists().iter().map(|l| l.name).collect();
        assert_eq!(declared, listed);
        let entries = &MonHoc::CODE_LIST.entries;
        assert_eq!(entries.len(), MonHoc::ALL.len());
        for (entry, value) in entries.iter().zip(MonHoc::ALL) {
            assert_eq!(
                (entry.name, entry.code, entry.label_vi),
                (format!("{value:?}").as_str(), value.code(), value.label_vi())
            );
        }
    }
}
