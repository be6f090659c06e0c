//! PKCS#11 URIs (RFC 7512): which token, which key, which module, where the PIN comes from.
//!
//! ```text
//! pk11-URI   = "pkcs11:" pk11-path [ "?" pk11-query ]
//! pk11-path  = [ pk11-pattr *(";" pk11-pattr) ]
//! pk11-query = [ pk11-qattr *("&" pk11-qattr) ]
//! ```
//!
//! The parser is strict: an attribute this library does not know (vendor `x-` ones included), an
//! attribute given twice, a malformed percent-escape or a `pin-value` (a PIN on a command line
//! shows in process lists and shell history) is refused rather than ignored: a URI that is not
//! read as its writer meant could pick another key.

use std::fmt;
use std::path::PathBuf;

use super::TokenError;

/// What a PKCS#11 URI names. Text attributes are compared exactly, as the token reports them
/// (without the blank padding of the PKCS#11 structures).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Pkcs11Uri {
    /// `token`: the token's label.
    pub token: Option<String>,
    /// `manufacturer`: the token's manufacturer.
    pub manufacturer: Option<String>,
    /// `serial`: the token's serial number.
    pub serial: Option<String>,
    /// `model`: the token's model.
    pub model: Option<String>,
    /// `library-manufacturer`: the module's manufacturer.
    pub library_manufacturer: Option<String>,
    /// `library-description`: the module's description.
    pub library_description: Option<String>,
    /// `slot-id`: the slot's number.
    pub slot_id: Option<u64>,
    /// `slot-description`: the slot's description.
    pub slot_description: Option<String>,
    /// `slot-manufacturer`: the slot's manufacturer.
    pub slot_manufacturer: Option<String>,
    /// `object`: the key's label (`CKA_LABEL`).
    pub object: Option<String>,
    /// `id`: the key's `CKA_ID` (bytes).
    pub id: Option<Vec<u8>>,
    /// `type`: which object the URI names. A signer takes `private` (the key) or `cert` (the
    /// certificate, whose key has the same `CKA_ID`).
    pub object_type: Option<ObjectType>,
    /// `module-path` (query): the PKCS#11 module, a shared library.
    pub module_path: Option<PathBuf>,
    /// `pin-source` (query): a file whose first line is the PIN (`file:/path` or an absolute path).
    pub pin_source: Option<PathBuf>,
}

/// The `type` attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ObjectType {
    /// `private`: a private key.
    Private,
    /// `cert`: a certificate.
    Cert,
    /// `public`: a public key.
    Public,
    /// `secret-key`: a secret key.
    SecretKey,
    /// `data`: a data object.
    Data,
}

impl fmt::Debug for Pkcs11Uri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The PIN file's name is no secret, but the form a user wrote is what they recognize.
        write!(f, "Pkcs11Uri({self})")
    }
}

impl fmt::Display for Pkcs11Uri {
    /// The URI in its canonical form: path attributes in RFC 7512's order, values percent-encoded.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut path: Vec<(&str, String)> = Vec::new();
        let text = |v: &Option<String>| v.as_deref().map(|v| encode(v.as_bytes()));
        for (name, value) in [
            ("library-description", text(&self.library_description)),
            ("library-manufacturer", text(&self.library_manufacturer)),
            ("manufacturer", text(&self.manufacturer)),
            ("model", text(&self.model)),
            ("object", text(&self.object)),
            ("serial", text(&self.serial)),
            ("slot-description", text(&self.slot_description)),
            ("slot-id", self.slot_id.map(|v| v.to_string())),
            ("slot-manufacturer", text(&self.slot_manufacturer)),
            ("token", text(&self.token)),
            ("id", self.id.as_deref().map(encode_all)),
            ("type", self.object_type.map(|t| t.name().to_owned())),
        ] {
            if let Some(value) = value {
                path.push((name, value));
            }
        }
        f.write_str("pkcs11:")?;
        for (i, (name, value)) in path.iter().enumerate() {
            write!(f, "{}{name}={value}", if i == 0 { "" } else { ";" })?;
        }
        let mut query = Vec::new();
        if let Some(path) = &self.module_path {
            query.push(format!("module-path={}", encode(path.to_string_lossy().as_bytes())));
        }
        if let Some(path) = &self.pin_source {
            query.push(format!("pin-source=file:{}", encode(path.to_string_lossy().as_bytes())));
        }
        if !query.is_empty() {
            write!(f, "?{}", query.join("&"))?;
        }
        Ok(())
    }
}

impl ObjectType {
    fn name(self) -> &'static str {
        match self {
            ObjectType::Private => "private",
            ObjectType::Cert => "cert",
            ObjectType::Public => "public",
            ObjectType::SecretKey => "secret-key",
            ObjectType::Data => "data",
        }
    }
}

impl std::str::FromStr for Pkcs11Uri {
    type Err = TokenError;

    fn from_str(text: &str) -> Result<Self, TokenError> {
        Pkcs11Uri::parse(text)
    }
}

impl Pkcs11Uri {
    /// Reads a `pkcs11:` URI.
    pub fn parse(text: &str) -> Result<Self, TokenError> {
        let invalid = |(reason, reason_vi): (String, String)| TokenError::InvalidUri { reason, reason_vi };
        let rest = text.strip_prefix("pkcs11:").ok_or_else(|| {
            invalid((
                "a PKCS#11 URI starts with \"pkcs11:\"".into(),
                "URI PKCS#11 phải bắt đầu bằng \"pkcs11:\"".into(),
            ))
        })?;
        let (path, query) = match rest.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (rest, None),
        };
        let mut uri = Pkcs11Uri::default();
        for attribute in path.split(';').filter(|a| !a.is_empty()) {
            let (name, value) = attribute.split_once('=').ok_or_else(|| {
                invalid((
                    format!("{attribute:?} is not name=value"),
                    format!("{attribute:?} không có dạng tên=giá trị"),
                ))
            })?;
            let raw = decode(value, PATH_CHARS)?;
            let twice = || invalid((format!("{name} is given twice"), format!("{name} được cho hai lần")));
            let text = |raw: Vec<u8>| {
                String::from_utf8(raw).map_err(|_| {
                    invalid((
                        format!("the value of {name} is not UTF-8"),
                        format!("giá trị của {name} không phải UTF-8"),
                    ))
                })
            };
            let slot = match name {
                "token" => &mut uri.token,
                "manufacturer" => &mut uri.manufacturer,
                "serial" => &mut uri.serial,
                "model" => &mut uri.model,
                "library-manufacturer" => &mut uri.library_manufacturer,
                "library-description" => &mut uri.library_description,
                "slot-description" => &mut uri.slot_description,
                "slot-manufacturer" => &mut uri.slot_manufacturer,
                "object" => &mut uri.object,
                "id" => {
                    if uri.id.replace(raw).is_some() {
                        return Err(twice());
                    }
                    continue;
                }
                "slot-id" => {
                    let number = text(raw)?.parse::<u64>().map_err(|_| {
                        invalid((
                            format!("slot-id {value:?} is not a number"),
                            format!("slot-id {value:?} không phải là số"),
                        ))
                    })?;
                    if uri.slot_id.replace(number).is_some() {
                        return Err(twice());
                    }
                    continue;
                }
                "type" => {
                    let kind = match text(raw)?.as_str() {
                        "private" => ObjectType::Private,
                        "cert" => ObjectType::Cert,
                        "public" => ObjectType::Public,
                        "secret-key" => ObjectType::SecretKey,
                        "data" => ObjectType::Data,
                        other => {
                            return Err(invalid((
                                format!("type {other:?} is not a PKCS#11 object type"),
                                format!("type {other:?} không phải loại đối tượng PKCS#11"),
                            )));
                        }
                    };
                    if uri.object_type.replace(kind).is_some() {
                        return Err(twice());
                    }
                    continue;
                }
                "library-version" => {
                    return Err(invalid((
                        "library-version is not supported".into(),
                        "library-version không được hỗ trợ".into(),
                    )));
                }
                other => {
                    return Err(invalid((
                        format!("unknown path attribute {other:?}"),
                        format!("thuộc tính đường dẫn không xác định {other:?}"),
                    )));
                }
            };
            if slot.replace(text(raw)?).is_some() {
                return Err(twice());
            }
        }
        for attribute in query.into_iter().flat_map(|q| q.split('&')).filter(|a| !a.is_empty()) {
            let (name, value) = attribute.split_once('=').ok_or_else(|| {
                invalid((
                    format!("{attribute:?} is not name=value"),
                    format!("{attribute:?} không có dạng tên=giá trị"),
                ))
            })?;
            let value = String::from_utf8(decode(value, QUERY_CHARS)?).map_err(|_| {
                invalid((format!("the value of {name} is not UTF-8"), format!("giá trị của {name} không phải UTF-8")))
            })?;
            let twice = || invalid((format!("{name} is given twice"), format!("{name} được cho hai lần")));
            match name {
                "module-path" => {
                    if uri.module_path.replace(PathBuf::from(value)).is_some() {
                        return Err(twice());
                    }
                }
                "pin-source" => {
                    let path = value.strip_prefix("file://").or_else(|| value.strip_prefix("file:")).unwrap_or(&value);
                    if !path.starts_with('/') {
                        return Err(invalid((
                            "pin-source must be a file (file:/path/to/pin or an absolute path)".into(),
                            "pin-source phải là một tệp (file:/đường/dẫn/pin hoặc đường dẫn tuyệt đối)".into(),
                        )));
                    }
                    if uri.pin_source.replace(PathBuf::from(path)).is_some() {
                        return Err(twice());
                    }
                }
                "pin-value" => {
                    return Err(invalid((
                        "pin-value puts the PIN where others can read it: use pin-source=file:..., an environment \
                         variable or the prompt"
                            .into(),
                        "pin-value để lộ mã PIN cho người khác đọc được: hãy dùng pin-source=file:..., biến môi \
                         trường hoặc nhập PIN khi được hỏi"
                            .into(),
                    )));
                }
                "module-name" => {
                    return Err(invalid((
                        "module-name is not supported: give module-path".into(),
                        "module-name không được hỗ trợ: hãy dùng module-path".into(),
                    )));
                }
                other => {
                    return Err(invalid((
                        format!("unknown query attribute {other:?}"),
                        format!("thuộc tính truy vấn không xác định {other:?}"),
                    )));
                }
            }
        }
        Ok(uri)
    }
}

/// Characters allowed unescaped in a path value (`pk11-pchar`), besides unreserved ones.
const PATH_CHARS: &[u8] = b":[]@!$'()*+,=&";
/// Characters allowed unescaped in a query value (`pk11-qchar`), besides unreserved ones.
const QUERY_CHARS: &[u8] = b":[]@!$'()*+,=/?|;";

/// Percent-decodes `value`: each byte must be unreserved, one of `allowed`, or a `%XX` escape.
fn decode(value: &str, allowed: &[u8]) -> Result<Vec<u8>, TokenError> {
    let invalid = |(reason, reason_vi): (String, String)| TokenError::InvalidUri { reason, reason_vi };
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
            let byte = hex
                .filter(|h| h.bytes().all(|c| c.is_ascii_hexdigit()))
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| {
                    invalid((
                        format!("malformed percent-escape in {value:?}"),
                        format!("mã thoát phần trăm sai trong {value:?}"),
                    ))
                })?;
            out.push(byte);
            i += 3;
        } else if b.is_ascii_alphanumeric() || b"-._~".contains(&b) || allowed.contains(&b) {
            out.push(b);
            i += 1;
        } else {
            return Err(invalid((
                format!("{:?} must be percent-encoded in {value:?}", char::from(b)),
                format!("{:?} phải được mã hoá phần trăm trong {value:?}", char::from(b)),
            )));
        }
    }
    Ok(out)
}

/// Percent-encodes what is not unreserved.
fn encode(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            true => char::from(b).to_string(),
            false => format!("%{b:02X}"),
        })
        .collect()
}

/// Percent-encodes every byte (an `id`, which is binary).
fn encode_all(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("%{b:02X}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_rfc_examples_and_ours() {
        let uri = Pkcs11Uri::parse(
            "pkcs11:token=Truong%20THCS;object=gvcn;id=%01%a2;type=private?module-path=/usr/lib/x.so&pin-source=file:/run/pin",
        )
        .unwrap();
        assert_eq!(uri.token.as_deref(), Some("Truong THCS"));
        assert_eq!(uri.object.as_deref(), Some("gvcn"));
        assert_eq!(uri.id.as_deref(), Some(&[0x01, 0xa2][..]));
        assert_eq!(uri.object_type, Some(ObjectType::Private));
        assert_eq!(uri.module_path, Some(PathBuf::from("/usr/lib/x.so")));
        assert_eq!(uri.pin_source, Some(PathBuf::from("/run/pin")));
        assert_eq!(
            uri.to_string(),
            "pkcs11:object=gvcn;token=Truong%20THCS;id=%01%A2;type=private?module-path=/usr/lib/x.so&pin-source=file:/run/pin"
        );
        assert_eq!(Pkcs11Uri::parse(&uri.to_string()).unwrap(), uri);
        // RFC 7512 section 3.
        assert_eq!(Pkcs11Uri::parse("pkcs11:").unwrap(), Pkcs11Uri::default());
        let rfc = Pkcs11Uri::parse(
            "pkcs11:token=Software%20PKCS%2311%20softtoken;manufacturer=Snake%20Oil,%20Inc.?pin-source=file:/etc/token",
        )
        .unwrap();
        assert_eq!(rfc.token.as_deref(), Some("Software PKCS#11 softtoken"));
        assert_eq!(rfc.manufacturer.as_deref(), Some("Snake Oil, Inc."));
        let utf8 = Pkcs11Uri::parse("pkcs11:token=Tr%C6%B0%E1%BB%9Dng;slot-id=2").unwrap();
        assert_eq!((utf8.token.as_deref(), utf8.slot_id), (Some("Trường"), Some(2)));
    }

    #[test]
    fn refuses_what_it_would_have_to_guess() {
        for (uri, why) in [
            ("pkcs12:token=x", "starts with"),
            ("pkcs11:token=a;token=b", "twice"),
            ("pkcs11:label=gvcn", "unknown path attribute"),
            ("pkcs11:x-vendor=1", "unknown path attribute"),
            ("pkcs11:token=a?x-vendor=1", "unknown query attribute"),
            ("pkcs11:token=a%2", "percent-escape"),
            ("pkcs11:token=a%zz", "percent-escape"),
            ("pkcs11:token=a b", "percent-encoded"),
            ("pkcs11:token=%ff", "not UTF-8"),
            ("pkcs11:type=secret", "object type"),
            ("pkcs11:slot-id=one", "not a number"),
            ("pkcs11:object", "name=value"),
            ("pkcs11:object=a?pin-value=1234", "pin-value"),
            ("pkcs11:object=a?pin-source=|/bin/askpin", "pin-source must be a file"),
            ("pkcs11:object=a?module-name=softhsm2", "module-name"),
            ("pkcs11:library-version=1", "not supported"),
        ] {
            let error = Pkcs11Uri::parse(uri).unwrap_err();
            assert!(error.to_string().contains(why), "{uri}: {error}");
            // Said in Vietnamese too, and not in English there.
            let vi = error.message_vi();
            assert!(vi.starts_with("URI PKCS#11 không hợp lệ: "), "{uri}: {vi}");
            for english in [" is ", " must ", " given ", " not ", "unknown", "malformed"] {
                assert!(!vi.contains(english), "{uri}: {vi}");
            }
        }
    }
}
