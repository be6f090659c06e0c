//! Why a paper copy was not made, or a PDF's transcript cannot be had: each with its code and a
//! message in Vietnamese and in English.

use hocba::Code;
#[cfg(feature = "write")]
use hocba::report::{Finding, Language, Verdict};

/// A transcript that was not rendered.
#[cfg(feature = "write")]
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// The input cannot be verified at all (not XML, not a transcript, unusable settings).
    #[error(transparent)]
    Core(#[from] hocba::Error),
    /// The transcript does not verify valid, and marking it invalid was not asked for.
    #[error("the transcript is {} ({}); a paper copy is made only marked invalid on every page", verdict.label(Language::En), reason.as_ref().map_or("no reason given", |f| f.en.as_str()))]
    NotValid {
        /// The verdict.
        verdict: Verdict,
        /// The first problem the report names.
        reason: Option<Finding>,
    },
    /// Marked invalid, but the file cannot even be read as a transcript.
    #[error(transparent)]
    Unreadable(#[from] hocba::transcript::TranscriptError),
    /// The PDF writer failed (a fault of this library, to be reported).
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
}

#[cfg(feature = "write")]
impl RenderError {
    /// The stable code.
    pub fn code(&self) -> Code {
        match self {
            RenderError::Core(error) => error.code(),
            RenderError::NotValid { .. } => Code::NotValid,
            RenderError::Unreadable(error) => error.code(),
            RenderError::Pdf(_) => Code::Internal,
        }
    }

    /// What went wrong, in Vietnamese.
    pub fn message_vi(&self) -> String {
        match self {
            RenderError::Core(hocba::Error::Transcript(error)) | RenderError::Unreadable(error) => error.message_vi(),
            RenderError::Core(hocba::Error::Paper(error)) => error.message_vi(),
            RenderError::Core(error) => format!("Không dùng được tệp này (mã lỗi {})", error.code()),
            RenderError::NotValid { verdict, reason } => format!(
                "Học bạ {} ({}); chỉ in được bản giấy có dấu KHÔNG HỢP LỆ trên mọi trang",
                verdict.label(Language::Vi),
                reason.as_ref().map_or("không rõ lý do", |f| f.vi.as_str())
            ),
            RenderError::Pdf(_) => "Lỗi của thư viện khi ghi tệp PDF (xin báo lại)".into(),
        }
    }

    /// What went wrong, in English (as `Display` writes it).
    pub fn message_en(&self) -> String {
        self.to_string()
    }
}

/// A PDF whose embedded transcript cannot be had.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PdfError {
    /// The PDF is larger than the reader accepts, or its transcript larger than a transcript can be.
    #[error("the PDF or its embedded transcript is larger than the limit of {limit} bytes")]
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// Not a PDF the reader can read, or one whose embedded files are not as PDF/A-3 lays them out.
    #[error("not a readable PDF: {0}")]
    Malformed(&'static str),
    /// A readable PDF without an embedded XML file.
    #[error("the PDF carries no transcript (no embedded XML file)")]
    NoTranscript,
}

impl PdfError {
    /// The stable code.
    pub fn code(&self) -> Code {
        match self {
            PdfError::TooLarge { .. } => Code::TooLarge,
            PdfError::Malformed(_) => Code::PdfMalformed,
            PdfError::NoTranscript => Code::PdfNoTranscript,
        }
    }

    /// What is wrong, in Vietnamese.
    pub fn message_vi(&self) -> String {
        match self {
            PdfError::TooLarge { limit } => {
                format!("Tệp PDF hoặc học bạ đính kèm trong đó lớn hơn giới hạn {limit} byte")
            }
            PdfError::Malformed(_) => "Không đọc được tệp PDF, hoặc tệp đính kèm không theo cấu trúc PDF/A-3".into(),
            PdfError::NoTranscript => "Tệp PDF không có học bạ đính kèm (không có tệp XML nhúng)".into(),
        }
    }

    /// What is wrong, in English (as `Display` writes it).
    pub fn message_en(&self) -> String {
        self.to_string()
    }
}
