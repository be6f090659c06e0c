//! Paper copies (`hocba render`'s PDF/A-3 with the signed XML inside and a QR code on every page):
//! the transcript a PDF carries, whether a copy's QR text belongs to the document at hand
//! (`hocba::paper::check`, as `hocba verify --qr`), and the QR code's text read from an image's
//! pixels for browsers without `BarcodeDetector`.

use hocba::Code;
use hocba::report::Language;
use hocba_render::PdfError;
use js_sys::Error;
use serde_json::json;
use wasm_bindgen::prelude::*;

use crate::{JsVerifyOptions, SignedInput, options, plain_object, verification_result, worded_error};

/// The largest image decoded, in pixels (a 2048 × 2048 square): a page photographed or scanned
/// at 150 dpi fits; the page scales larger pictures down before handing them over, so that no
/// image takes seconds.
pub(crate) const MAX_QR_PIXELS: usize = 2048 * 2048;

/// `decodeQr`'s limit: the largest image, in pixels (width × height), which the page scales
/// pictures down to.
#[wasm_bindgen(js_name = maxQrPixels)]
pub fn max_qr_pixels() -> usize {
    MAX_QR_PIXELS
}

pub(crate) fn pdf_error(error: PdfError) -> Error {
    worded_error(error.code(), &error.message_vi(), &error.message_en())
}

/// The signed transcript a PDF copy carries, byte for byte (`hocba_render::embedded_transcript`:
/// the one embedded XML file of the PDF/A-3's associated files). Throws `pdf-malformed`,
/// `pdf-no-transcript` or `too-large`, each with `vi` and `en`.
#[wasm_bindgen(js_name = embeddedTranscript)]
pub fn embedded_transcript(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array")] pdf: JsValue,
) -> Result<js_sys::Uint8Array, Error> {
    let Some(bytes) = pdf.dyn_ref::<js_sys::Uint8Array>() else {
        return Err(crate::js_error(Code::InvalidSetting, "the PDF must be a Uint8Array", None));
    };
    let xml = hocba_render::embedded_transcript(&bytes.to_vec()).map_err(pdf_error)?;
    Ok(js_sys::Uint8Array::from(xml.as_slice()))
}

/// Checks a paper copy against a signed document, as `hocba verify --qr`: reads `reference` (the
/// copy's QR text, or as typed from its footer; `paper-reference-malformed` is thrown when it is
/// not one), verifies `document` (XML, or a PDF copy) with `options` as `verify` does, and says
/// whether the copy belongs to it: its reference is the signed transcript's and the transcript is
/// valid now.
#[wasm_bindgen(js_name = checkPaper, unchecked_return_type = "PaperCheckResult")]
pub fn check_paper(
    reference: &str,
    #[wasm_bindgen(unchecked_param_type = "XmlInput")] document: JsValue,
    options: Option<JsVerifyOptions>,
) -> Result<JsValue, Error> {
    let input = SignedInput::read(&document)?;
    let request = options::verify_request(options.as_ref().map(|o| o.unchecked_ref()))?;
    let check = hocba::paper::check(&request.verifier, reference, &input.xml).map_err(crate::core_error)?;
    let mut result = verification_result(check.verification(), &input, request.approvals)?;
    let mismatch =
        check.mismatch().map(|m| json!({ "code": m.code().as_str(), "vi": m.message_vi(), "en": m.message_en() }));
    result["paper"] = json!({
        "belongs": check.belongs(),
        "mismatch": mismatch,
        "reference": check.reference().to_string(),
        "message": { "vi": check.message(Language::Vi), "en": check.message(Language::En) },
    });
    plain_object(&result)
}

/// The texts of the QR codes in a greyscale image: `luma` holds `width × height` bytes, row by
/// row, 0 black to 255 white (a canvas's pixels averaged). Codes that are found but do not decode
/// are left out; none found is an empty array. An image of more than `MAX_QR_PIXELS` throws
/// `too-large`; `luma` not of the size given throws `invalid-setting`.
#[wasm_bindgen(js_name = decodeQr)]
pub fn decode_qr(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array")] luma: JsValue,
    width: usize,
    height: usize,
) -> Result<Vec<String>, Error> {
    let Some(luma) = luma.dyn_ref::<js_sys::Uint8Array>() else {
        return Err(crate::js_error(Code::InvalidSetting, "the pixels must be a Uint8Array", None));
    };
    qr_texts(&luma.to_vec(), width, height).map_err(|e| crate::js_error(e.code(), &e.to_string(), None))
}

/// Why pixels were not looked at.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum QrImageError {
    #[error("the image has {pixels} pixels, more than the {MAX_QR_PIXELS} decoded: scale it down")]
    TooLarge { pixels: usize },
    #[error("{len} bytes of pixels for a {width} × {height} image")]
    WrongSize { len: usize, width: usize, height: usize },
}

impl QrImageError {
    fn code(&self) -> Code {
        match self {
            QrImageError::TooLarge { .. } => Code::TooLarge,
            QrImageError::WrongSize { .. } => Code::InvalidSetting,
        }
    }
}

/// The decoded texts of the QR codes in `luma` (rqrr: finder patterns, then each grid read with
/// its error correction): in the whole picture, else in each of nine overlapping windows of half
/// its width and height. A page's text and tables can keep rqrr from finding the code in the
/// whole of it; a code smaller than a quarter of the picture lies whole in one window.
pub(crate) fn qr_texts(luma: &[u8], width: usize, height: usize) -> Result<Vec<String>, QrImageError> {
    let pixels = width.saturating_mul(height);
    if pixels > MAX_QR_PIXELS {
        return Err(QrImageError::TooLarge { pixels });
    }
    if luma.len() != pixels {
        return Err(QrImageError::WrongSize { len: luma.len(), width, height });
    }
    if pixels == 0 {
        return Ok(Vec::new());
    }
    let whole = window_texts(luma, width, (0, 0), (width, height));
    if !whole.is_empty() {
        return Ok(whole);
    }
    let (half_width, half_height) = (width.div_ceil(2), height.div_ceil(2));
    for top in [0, height / 4, height - half_height] {
        for left in [0, width / 4, width - half_width] {
            let texts = window_texts(luma, width, (left, top), (half_width, half_height));
            if !texts.is_empty() {
                return Ok(texts);
            }
        }
    }
    Ok(Vec::new())
}

/// The QR texts in the window of `size` at `corner` of a picture `width` pixels wide.
fn window_texts(luma: &[u8], width: usize, corner: (usize, usize), size: (usize, usize)) -> Vec<String> {
    let (left, top) = corner;
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(size.0, size.1, |x, y| luma[(top + y) * width + left + x]);
    image.detect_grids().iter().filter_map(|grid| grid.decode().ok()).map(|(_, text)| text).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_checked_before_any_pixel_is_read() {
        assert_eq!(qr_texts(&[], 4096, 4096), Err(QrImageError::TooLarge { pixels: 4096 * 4096 }));
        assert_eq!(qr_texts(&[], usize::MAX, 2), Err(QrImageError::TooLarge { pixels: usize::MAX }));
        assert_eq!(qr_texts(&[0; 10], 4, 4), Err(QrImageError::WrongSize { len: 10, width: 4, height: 4 }));
        assert_eq!(qr_texts(&[], 0, 0), Ok(Vec::new()));
    }

    #[test]
    fn noise_and_blank_images_have_no_code() {
        // A fixed pseudo-random image (xorshift), and white and black ones.
        let mut state = 0x2545_f491_u32;
        let noise: Vec<u8> = (0..640 * 480)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                state as u8
            })
            .collect();
        assert_eq!(qr_texts(&noise, 640, 480), Ok(Vec::new()));
        assert_eq!(qr_texts(&[255; 640 * 480], 640, 480), Ok(Vec::new()));
        assert_eq!(qr_texts(&[0; 640 * 480], 640, 480), Ok(Vec::new()));
    }

    /// `code` drawn as `hocba render` prints it: black modules on white, a quiet zone of four.
    fn drawn(text: &str, scale: usize) -> (Vec<u8>, usize) {
        let code = qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::M).unwrap();
        let modules = code.width();
        let colors = code.to_colors();
        let side = (modules + 8) * scale;
        let mut luma = vec![255u8; side * side];
        for (i, color) in colors.iter().enumerate() {
            if *color == qrcode::Color::Dark {
                let (mx, my) = (i % modules + 4, i / modules + 4);
                for y in my * scale..(my + 1) * scale {
                    luma[y * side + mx * scale..y * side + (mx + 1) * scale].fill(0);
                }
            }
        }
        (luma, side)
    }

    #[test]
    fn a_reference_reads_back() {
        let reference = "HOCBA1:2022-2023+2023-2024:OGDOQ3DXHIWPD2OQK3YV5DZXSNHXWGPN:HB01-THCS-2022-0100543210";
        for scale in [2, 3, 7] {
            let (luma, side) = drawn(reference, scale);
            assert_eq!(qr_texts(&luma, side, side), Ok(vec![reference.to_owned()]), "scale {scale}");
        }
    }
}
