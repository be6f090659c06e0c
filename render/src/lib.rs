//! Paper copies of a *Học bạ số* transcript that prove themselves: an A4 PDF/A-3 laid out like the
//! official forms, with the signed XML embedded byte for byte as the pages' source (the Factur-X
//! pattern) and, on every page, a QR code holding the transcript's verification reference
//! ([`hocba::paper`]). A transcript that does not verify is not rendered as if it did: refused, or
//! on request rendered with "KHÔNG HỢP LỆ" on every page and no reference.
//!
//! [`embedded_transcript`] reads the transcript back out of such a PDF, for verifying it as the
//! XML file it is. Writing copies is the default feature `write` (the PDF writer, the QR encoder,
//! the font parser); without it only the reading is built, as the WASM binding uses it.
//! `docs/paper-copy.md` describes the whole.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod error;
mod extract;
#[cfg(feature = "write")]
mod form;
#[cfg(feature = "write")]
mod layout;
#[cfg(feature = "write")]
mod pdf;
#[cfg(feature = "write")]
mod write;

pub use error::PdfError;
#[cfg(feature = "write")]
pub use error::RenderError;
pub use extract::{MAX_PDF_BYTES, embedded_transcript};
#[cfg(feature = "write")]
pub use pdf::EMBEDDED_NAME;
#[cfg(feature = "write")]
pub use write::{RenderOptions, Rendered, render};
