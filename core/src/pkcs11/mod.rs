//! Signing with a key on a PKCS#11 token (a USB token, a smart card, an HSM): the private key
//! never leaves the token. A [`TokenSigner`] opens one session and logs in once, then signs as
//! many documents as the caller hands it: a homeroom teacher's class, a principal's school year.
//!
//! The key is named by an RFC 7512 URI ([`Pkcs11Uri`]); its certificate is the certificate object
//! with the same `CKA_ID`, and the certificates of its issuers on the token form the chain. The
//! mechanism is the token's: `CKM_SHA256_RSA_PKCS` and its kin where offered (the token hashes),
//! else `CKM_RSA_PKCS` over a DigestInfo; `CKM_SHA256_RSA_PKCS_PSS` or `CKM_RSA_PKCS_PSS` (salt as
//! long as the digest); `CKM_ECDSA` over the digest, whose `r || s` is XMLDSig's value as it is.
//!
//! Feature `pkcs11` (native builds).

mod uri;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::error::{Error as CkError, RvError};
use cryptoki::mechanism::rsa::{PkcsMgfType, PkcsPssParams};
use cryptoki::mechanism::{Mechanism, MechanismType};
use cryptoki::object::{Attribute, AttributeType, KeyType as CkKeyType, ObjectClass, ObjectHandle};
use cryptoki::session::{Session, UserType};
use cryptoki::slot::{Slot, TokenInfo};
use cryptoki::types::AuthPin;
use zeroize::Zeroizing;

pub use uri::{ObjectType, Pkcs11Uri};

use crate::Code;
use crate::crypto::sealed::OnlyHocba;
use crate::crypto::{CryptoError, DigestAlgorithm, KeyType, PublicKey, SignatureAlgorithm, SignatureScheme};
use crate::dsig::{Signer, SignerInput};

/// [`TokenError::Module`] when the URI and the caller name two modules.
const MODULES_DIFFER: &str = "the URI's module-path and the module given differ";

/// The most certificates taken from a token for the chain: real tokens hold a handful.
const MAX_CHAIN: usize = 8;

/// What went wrong with a token, in words a user can act on.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TokenError {
    /// The URI cannot be read, or asks for something refused.
    #[error("PKCS#11 URI: {reason}")]
    InvalidUri {
        /// What is wrong with it.
        reason: String,
        /// The same in Vietnamese.
        reason_vi: String,
    },
    /// Neither the URI nor the caller names a module, or they name two.
    #[error("PKCS#11 module: {0}")]
    Module(&'static str),
    /// The file is not a PKCS#11 module (not a shared library, or without `C_GetFunctionList`).
    #[error("{path} is not a PKCS#11 module: {reason}")]
    NotAModule {
        /// The module's path.
        path: String,
        /// What loading it said.
        reason: String,
    },
    /// No token matches the URI.
    #[error("no token matches {uri} (tokens present: {present})")]
    TokenNotFound {
        /// The URI, canonical.
        uri: String,
        /// The labels of the tokens present, or "none".
        present: String,
    },
    /// No private key on the token matches the URI.
    #[error("no private key on token {token:?} matches {uri}")]
    KeyNotFound {
        /// The token's label.
        token: String,
        /// The URI, canonical.
        uri: String,
    },
    /// More than one token, or more than one key, matches the URI: which one signs is not guessed.
    #[error("{count} {what}s match {uri}: name one (token=, serial=, object=, id=)")]
    Ambiguous {
        /// `token` or `private key`.
        what: &'static str,
        /// How many match.
        count: usize,
        /// The URI, canonical.
        uri: String,
    },
    /// The key has no certificate on the token (an object with its `CKA_ID`) and none was given.
    #[error("no certificate for key {label:?} on the token: give the certificate")]
    NoCertificate {
        /// The key's label.
        label: String,
    },
    /// The certificate is not the key's (another key type or modulus).
    #[error("the certificate is not the key's on the token")]
    CertificateMismatch,
    /// A PIN is needed and none was given (no pin-source, environment variable or prompt).
    #[error("token {token:?} needs a PIN")]
    PinNeeded {
        /// The token's label.
        token: String,
    },
    /// The PIN source could not be read.
    #[error("cannot read the PIN: {reason}")]
    PinUnreadable {
        /// Why.
        reason: String,
    },
    /// The token refused the PIN; its flags say how many tries are left.
    #[error("wrong PIN for token {token:?}{}", match (final_try, count_low) {
        (true, _) => ": one try left before the PIN is locked",
        (false, true) => ": few tries left",
        _ => "",
    })]
    PinIncorrect {
        /// The token's label.
        token: String,
        /// `CKF_USER_PIN_COUNT_LOW`: a wrong PIN has been entered since the last success.
        count_low: bool,
        /// `CKF_USER_PIN_FINAL_TRY`: the next wrong PIN locks it.
        final_try: bool,
    },
    /// The user PIN is locked: only the security officer (the token's issuer) can unlock it.
    #[error("the PIN of token {token:?} is locked: ask the token's issuer to unlock it")]
    PinLocked {
        /// The token's label.
        token: String,
    },
    /// The token was removed, or its session closed, while it was in use.
    #[error("token {token:?} was removed or its session closed")]
    TokenRemoved {
        /// The token's label.
        token: String,
    },
    /// The token offers no mechanism for the signature algorithm.
    #[error("token {token:?} cannot sign {algorithm}: it offers none of {wanted}")]
    MechanismUnsupported {
        /// The token's label.
        token: String,
        /// The algorithm's short name.
        algorithm: String,
        /// The mechanisms that would do.
        wanted: &'static str,
    },
    /// Any other failure the module reported.
    #[error("PKCS#11 {function} failed: {reason}")]
    Failed {
        /// The PKCS#11 function.
        function: String,
        /// What it returned.
        reason: String,
    },
}

impl TokenError {
    /// The stable code of this error.
    pub fn code(&self) -> Code {
        match self {
            TokenError::InvalidUri { .. } | TokenError::Module(_) => Code::TokenUriInvalid,
            TokenError::NotAModule { .. } => Code::NotAPkcs11Module,
            TokenError::TokenNotFound { .. } => Code::TokenNotFound,
            TokenError::KeyNotFound { .. } | TokenError::NoCertificate { .. } => Code::TokenKeyNotFound,
            TokenError::Ambiguous { .. } => Code::TokenAmbiguous,
            TokenError::CertificateMismatch => Code::KeyMismatch,
            TokenError::PinNeeded { .. } | TokenError::PinUnreadable { .. } => Code::TokenPinNeeded,
            TokenError::PinIncorrect { .. } => Code::TokenPinIncorrect,
            TokenError::PinLocked { .. } => Code::TokenPinLocked,
            TokenError::TokenRemoved { .. } => Code::TokenRemoved,
            TokenError::MechanismUnsupported { .. } => Code::TokenMechanismUnsupported,
            TokenError::Failed { .. } => Code::TokenFailed,
        }
    }

    /// The message in Vietnamese: what happened and what to do.
    pub fn message_vi(&self) -> String {
        match self {
            TokenError::InvalidUri { reason_vi, .. } => format!("URI PKCS#11 không hợp lệ: {reason_vi}"),
            TokenError::Module(reason) => match *reason {
                MODULES_DIFFER => "Mô-đun PKCS#11: module-path trong URI khác với mô-đun được chỉ ra".into(),
                _ => "Chưa có mô-đun PKCS#11: hãy thêm module-path vào URI hoặc chỉ ra mô-đun".into(),
            },
            TokenError::NotAModule { path, reason } => format!(
                "{path} không phải mô-đun PKCS#11 (thư viện của nhà cung cấp token): {reason}. \
                 Hãy chỉ đến tệp .so mà nhà cung cấp token cài đặt"
            ),
            TokenError::TokenNotFound { uri, present } => {
                let present = if present == "none" { "không có" } else { present };
                format!(
                    "Không có token nào khớp với {uri} (token đang cắm: {present}). Hãy cắm token hoặc sửa token= trong URI"
                )
            }
            TokenError::KeyNotFound { token, uri } => {
                format!(
                    "Token {token:?} không có khoá bí mật nào khớp với {uri}. Hãy kiểm tra object= hoặc id= trong URI"
                )
            }
            TokenError::Ambiguous { what, count, uri } => {
                let what = if *what == "token" { "token" } else { "khoá bí mật" };
                format!("{count} {what} cùng khớp với {uri}: hãy chỉ rõ một (token=, serial=, object=, id=)")
            }
            TokenError::NoCertificate { label } => {
                format!("Token không có chứng thư số cho khoá {label:?}: hãy đưa chứng thư số bằng --cert")
            }
            TokenError::CertificateMismatch => "Chứng thư số không phải của khoá trên token".into(),
            TokenError::PinNeeded { token } => format!("Token {token:?} cần mã PIN"),
            TokenError::PinUnreadable { reason } => format!("Không đọc được mã PIN: {reason}"),
            TokenError::PinIncorrect { token, count_low, final_try } => {
                let tries = match (final_try, count_low) {
                    (true, _) => ": chỉ còn một lần thử trước khi PIN bị khoá",
                    (false, true) => ": còn ít lần thử",
                    _ => "",
                };
                format!("Sai mã PIN của token {token:?}{tries}")
            }
            TokenError::PinLocked { token } => {
                format!("Mã PIN của token {token:?} đã bị khoá: hãy liên hệ đơn vị cấp token để mở khoá")
            }
            TokenError::TokenRemoved { token } => {
                format!("Token {token:?} đã bị rút ra hoặc phiên làm việc đã đóng: hãy cắm lại token và chạy lại lệnh")
            }
            TokenError::MechanismUnsupported { token, algorithm, wanted } => {
                format!("Token {token:?} không ký được {algorithm}: token không có cơ chế nào trong {wanted}")
            }
            TokenError::Failed { function, reason } => format!("Lệnh PKCS#11 {function} thất bại: {reason}"),
        }
    }

    /// The message in English.
    pub fn message_en(&self) -> String {
        self.to_string()
    }

    /// A module's answer, for `token`.
    fn from_module(error: CkError, token: &str) -> Self {
        match error {
            CkError::Pkcs11(
                RvError::DeviceRemoved
                | RvError::TokenNotPresent
                | RvError::SessionHandleInvalid
                | RvError::SessionClosed
                | RvError::DeviceError,
                _,
            ) => TokenError::TokenRemoved { token: token.to_owned() },
            CkError::Pkcs11(RvError::PinLocked, _) => TokenError::PinLocked { token: token.to_owned() },
            CkError::Pkcs11(rv, function) => {
                TokenError::Failed { function: function.to_string(), reason: rv.to_string() }
            }
            other => TokenError::Failed { function: "call".into(), reason: other.to_string() },
        }
    }
}

/// Where the PIN comes from when the URI has no `pin-source`: given by the caller (read from an
/// environment variable or a prompt by a front end). Zeroized when dropped.
pub type Pin = Zeroizing<String>;

/// How to open a [`TokenSigner`].
#[derive(Default)]
pub struct TokenOptions {
    /// The module, when the URI has no `module-path` (both given must agree).
    pub module: Option<PathBuf>,
    /// The PIN, when the URI has no `pin-source` (tokens with a PIN pad need none).
    pub pin: Option<Pin>,
    /// The signature algorithm. Default: RSA PKCS#1 v1.5 with SHA-256 for RSA keys, ECDSA with
    /// SHA-256 for EC keys.
    pub algorithm: Option<SignatureAlgorithm>,
    /// The signer's certificate and chain (DER), the signer's first, for a token that holds no
    /// certificate. Default: read from the token.
    pub certificates: Vec<Vec<u8>>,
}

// The PIN never reaches a log: it is shown only as given or not.
impl std::fmt::Debug for TokenOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenOptions")
            .field("module", &self.module)
            .field("pin", &self.pin.as_ref().map(|_| "(given)"))
            .field("algorithm", &self.algorithm)
            .field("certificates", &self.certificates.len())
            .finish()
    }
}

/// How the token is asked to sign.
#[derive(Clone, Debug)]
enum Way {
    /// A hash-and-sign mechanism over the canonical `SignedInfo`.
    Message(MechanismType),
    /// `CKM_RSA_PKCS` over this DigestInfo prefix and the digest.
    DigestInfo(&'static [u8]),
    /// `CKM_RSA_PKCS_PSS` over the digest.
    PssDigest,
    /// `CKM_ECDSA` over the digest.
    EcdsaDigest,
}

/// A [`Signer`] whose key is on a PKCS#11 token: one session, logged in once, for every
/// signature it makes. `Send + Sync`; signatures are made one at a time on the session.
pub struct TokenSigner {
    session: Mutex<Session>,
    key: ObjectHandle,
    way: Way,
    algorithm: SignatureAlgorithm,
    certificates: Vec<Vec<u8>>,
    certificate_key: PublicKey,
    token: String,
}

impl std::fmt::Debug for TokenSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenSigner")
            .field("token", &self.token)
            .field("algorithm", &self.algorithm.short_name())
            .field("way", &self.way)
            .finish_non_exhaustive()
    }
}

impl TokenSigner {
    /// Loads the module, finds the token and the key `uri` names, logs in with the PIN (from the
    /// URI's `pin-source`, else `options.pin`) and reads the certificates.
    pub fn open(uri: &Pkcs11Uri, options: TokenOptions) -> Result<Self, TokenError> {
        let module = match (&uri.module_path, &options.module) {
            (Some(a), Some(b)) if a != b => {
                return Err(TokenError::Module(MODULES_DIFFER));
            }
            (Some(path), _) | (None, Some(path)) => path.clone(),
            (None, None) => return Err(TokenError::Module("no module: give module-path in the URI or the module")),
        };
        if !matches!(uri.object_type, None | Some(ObjectType::Private) | Some(ObjectType::Cert)) {
            return Err(TokenError::InvalidUri {
                reason: "a signer is named by type=private or type=cert".into(),
                reason_vi: "người ký được chỉ ra bằng type=private hoặc type=cert".into(),
            });
        }
        let pkcs11 = load(&module)?;
        let (slot, info) = find_token(&pkcs11, uri)?;
        let token = info.label().to_owned();
        let module_error = |e| TokenError::from_module(e, &token);

        let session = pkcs11.open_ro_session(slot).map_err(module_error)?;
        login(&pkcs11, &session, slot, &info, uri, options.pin)?;

        let key = find_key(&session, uri, &token)?;
        let attributes = session
            .get_attributes(key, &[AttributeType::Id, AttributeType::Label, AttributeType::KeyType])
            .map_err(module_error)?;
        let (mut id, mut label, mut key_type) = (Vec::new(), String::new(), None);
        for attribute in attributes {
            match attribute {
                Attribute::Id(value) => id = value,
                Attribute::Label(value) => label = String::from_utf8_lossy(&value).into_owned(),
                Attribute::KeyType(value) => key_type = Some(value),
                _ => {}
            }
        }
        let certificates = match options.certificates.is_empty() {
            false => options.certificates,
            true => token_certificates(&session, &id, &label, &token)?,
        };
        let certificate_key = PublicKey::from_certificate_der(&certificates[0])
            .map_err(|e| TokenError::Failed { function: "reading the certificate".into(), reason: e.to_string() })?;
        let key_fits = match key_type {
            Some(t) if t == CkKeyType::RSA => certificate_key.key_type() == KeyType::Rsa,
            Some(t) if t == CkKeyType::EC => certificate_key.key_type() == KeyType::Ec,
            _ => false,
        };
        if !key_fits || !rsa_modulus_fits(&session, key, &certificate_key) {
            return Err(TokenError::CertificateMismatch);
        }
        let algorithm = match options.algorithm {
            Some(algorithm) => algorithm,
            None if certificate_key.key_type() == KeyType::Ec => SignatureAlgorithm::ECDSA_SHA256,
            None => SignatureAlgorithm::RSA_SHA256,
        };
        algorithm.check_key_type(certificate_key.key_type()).map_err(|_| TokenError::CertificateMismatch)?;
        if algorithm.is_weak() {
            return Err(TokenError::MechanismUnsupported {
                token,
                algorithm: algorithm.short_name(),
                wanted: "a SHA-2 mechanism (SHA-1 is not used for new signatures)",
            });
        }
        let offered = pkcs11.get_mechanism_list(slot).map_err(module_error)?;
        let way = choose_way(algorithm, &offered).ok_or_else(|| TokenError::MechanismUnsupported {
            token: token.clone(),
            algorithm: algorithm.short_name(),
            wanted: match algorithm.scheme() {
                SignatureScheme::RsaPkcs1v15 => "CKM_SHA*_RSA_PKCS, CKM_RSA_PKCS",
                SignatureScheme::RsaPss => "CKM_SHA*_RSA_PKCS_PSS, CKM_RSA_PKCS_PSS",
                SignatureScheme::Ecdsa => "CKM_ECDSA, CKM_ECDSA_SHA*",
            },
        })?;
        Ok(TokenSigner { session: Mutex::new(session), key, way, algorithm, certificates, certificate_key, token })
    }

    /// The token's label.
    pub fn token_label(&self) -> &str {
        &self.token
    }
}

impl Signer for TokenSigner {
    fn algorithm(&self) -> SignatureAlgorithm {
        self.algorithm
    }

    fn certificates(&self) -> &[Vec<u8>] {
        &self.certificates
    }

    fn input(&self) -> SignerInput {
        match self.way {
            Way::Message(_) => SignerInput::Message,
            _ => SignerInput::Digest,
        }
    }

    fn sign(&self, data: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let digest = self.algorithm.digest();
        let pss = || PkcsPssParams {
            hash_alg: digest_mechanism(digest),
            mgf: mgf1(digest),
            s_len: (digest.output_len() as u64).into(),
        };
        let (mechanism, input) = match &self.way {
            Way::Message(kind) => (message_mechanism(*kind, pss()), data.to_vec()),
            Way::DigestInfo(prefix) => (Mechanism::RsaPkcs, [*prefix, data].concat()),
            Way::PssDigest => (Mechanism::RsaPkcsPss(pss()), data.to_vec()),
            Way::EcdsaDigest => (Mechanism::Ecdsa, data.to_vec()),
        };
        let session = self.session.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        session
            .sign(&mechanism, self.key, &input)
            .map_err(|e| CryptoError::Token(TokenError::from_module(e, &self.token)))
    }

    fn public_key(&self) -> Option<&PublicKey> {
        Some(&self.certificate_key)
    }

    fn values_are_checked(&self, _: OnlyHocba) -> bool {
        // A token's answer is checked under the certificate's key before a document is returned.
        false
    }
}

/// The module at `path`, loaded and initialized once for the process and kept: PKCS#11 modules
/// are initialized per process, and unloading one under another user's sessions (a second signer,
/// another library in the same process) would end them.
fn load(path: &Path) -> Result<Pkcs11, TokenError> {
    static LOADED: Mutex<Vec<(PathBuf, Pkcs11)>> = Mutex::new(Vec::new());
    let mut loaded = LOADED.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((_, pkcs11)) = loaded.iter().find(|(p, _)| p == path) {
        return Ok(pkcs11.clone());
    }
    let not_a_module = |reason: String| TokenError::NotAModule { path: path.display().to_string(), reason };
    let pkcs11 = Pkcs11::new(path).map_err(|e| not_a_module(e.to_string()))?;
    match pkcs11.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK)) {
        // Already initialized by another library in this process: its initialization serves.
        Ok(()) | Err(CkError::Pkcs11(RvError::CryptokiAlreadyInitialized, _)) => {}
        Err(e) => return Err(not_a_module(e.to_string())),
    }
    loaded.push((path.to_owned(), pkcs11.clone()));
    Ok(pkcs11)
}

/// The one token that matches `uri`.
fn find_token(pkcs11: &Pkcs11, uri: &Pkcs11Uri) -> Result<(Slot, TokenInfo), TokenError> {
    let failed = |e| TokenError::from_module(e, "");
    let library = pkcs11.get_library_info().map_err(failed)?;
    let same = |wanted: &Option<String>, have: &str| wanted.as_deref().is_none_or(|w| w == have);
    let library_fits = same(&uri.library_manufacturer, library.manufacturer_id())
        && same(&uri.library_description, library.library_description());
    let mut present = Vec::new();
    let mut matching = Vec::new();
    for slot in pkcs11.get_slots_with_token().map_err(failed)? {
        let Ok(info) = pkcs11.get_token_info(slot) else { continue };
        if !info.token_initialized() {
            continue;
        }
        present.push(info.label().to_owned());
        let slot_info = pkcs11.get_slot_info(slot).map_err(failed)?;
        if library_fits
            && uri.slot_id.is_none_or(|id| id == slot.id())
            && same(&uri.slot_description, slot_info.slot_description())
            && same(&uri.slot_manufacturer, slot_info.manufacturer_id())
            && same(&uri.token, info.label())
            && same(&uri.manufacturer, info.manufacturer_id())
            && same(&uri.serial, info.serial_number())
            && same(&uri.model, info.model())
        {
            matching.push((slot, info));
        }
    }
    match matching.len() {
        1 => Ok(matching.remove(0)),
        0 => Err(TokenError::TokenNotFound {
            uri: uri.to_string(),
            present: if present.is_empty() { "none".into() } else { format!("{present:?}") },
        }),
        count => Err(TokenError::Ambiguous { what: "token", count, uri: uri.to_string() }),
    }
}

/// Logs the session in as the user, unless the token needs no login or this application is
/// logged in already (a login holds for every session of the application).
fn login(
    pkcs11: &Pkcs11,
    session: &Session,
    slot: Slot,
    info: &TokenInfo,
    uri: &Pkcs11Uri,
    pin: Option<Pin>,
) -> Result<(), TokenError> {
    let token = info.label().to_owned();
    if !info.login_required() {
        return Ok(());
    }
    if info.user_pin_locked() {
        return Err(TokenError::PinLocked { token });
    }
    let pin = match &uri.pin_source {
        Some(path) => Some(read_pin(path)?),
        None => pin,
    };
    let secret = match pin {
        Some(pin) => Some(AuthPin::new(pin.as_str().into())),
        None if info.protected_authentication_path() => None,
        None => return Err(TokenError::PinNeeded { token }),
    };
    match session.login(UserType::User, secret.as_ref()) {
        Ok(()) | Err(CkError::Pkcs11(RvError::UserAlreadyLoggedIn, _)) => Ok(()),
        Err(CkError::Pkcs11(RvError::PinIncorrect | RvError::PinLenRange, _)) => {
            // The flags after the failed try.
            let after = pkcs11.get_token_info(slot).ok();
            if after.as_ref().is_some_and(TokenInfo::user_pin_locked) {
                return Err(TokenError::PinLocked { token });
            }
            Err(TokenError::PinIncorrect {
                count_low: after.as_ref().is_some_and(TokenInfo::user_pin_count_low),
                final_try: after.as_ref().is_some_and(TokenInfo::user_pin_final_try),
                token,
            })
        }
        Err(e) => Err(TokenError::from_module(e, &token)),
    }
}

/// The first line of a PIN file.
fn read_pin(path: &Path) -> Result<Pin, TokenError> {
    let unreadable = |reason: String| TokenError::PinUnreadable { reason: format!("{}: {reason}", path.display()) };
    let metadata = std::fs::metadata(path).map_err(|e| unreadable(e.to_string()))?;
    // A PIN is short: anything else is not a PIN file.
    if !metadata.is_file() || metadata.len() > 1024 {
        return Err(unreadable("not a PIN file".into()));
    }
    let bytes = Zeroizing::new(std::fs::read(path).map_err(|e| unreadable(e.to_string()))?);
    let text = std::str::from_utf8(&bytes).map_err(|_| unreadable("not UTF-8".into()))?;
    Ok(Zeroizing::new(text.lines().next().unwrap_or_default().to_owned()))
}

/// The one private key that matches `uri`. A URI of `type=cert` names the certificate's key.
fn find_key(session: &Session, uri: &Pkcs11Uri, token: &str) -> Result<ObjectHandle, TokenError> {
    let mut template = vec![Attribute::Class(ObjectClass::PRIVATE_KEY)];
    if let Some(id) = &uri.id {
        template.push(Attribute::Id(id.clone()));
    }
    let mut by_label = uri.object.clone();
    if uri.object_type == Some(ObjectType::Cert) {
        // The key is the certificate's: same CKA_ID; labels of the two may differ.
        let mut cert_template = vec![Attribute::Class(ObjectClass::CERTIFICATE)];
        cert_template.extend(by_label.take().map(|l| Attribute::Label(l.into_bytes())));
        cert_template.extend(uri.id.clone().map(Attribute::Id));
        let certificates = session.find_objects(&cert_template).map_err(|e| TokenError::from_module(e, token))?;
        let [certificate] = certificates[..] else {
            return Err(match certificates.len() {
                0 => TokenError::KeyNotFound { token: token.to_owned(), uri: uri.to_string() },
                count => TokenError::Ambiguous { what: "certificate", count, uri: uri.to_string() },
            });
        };
        let id = session
            .get_attributes(certificate, &[AttributeType::Id])
            .map_err(|e| TokenError::from_module(e, token))?
            .into_iter()
            .find_map(|a| match a {
                Attribute::Id(id) => Some(id),
                _ => None,
            })
            .unwrap_or_default();
        template.push(Attribute::Id(id));
    }
    template.extend(by_label.map(|l| Attribute::Label(l.into_bytes())));
    let keys = session.find_objects(&template).map_err(|e| TokenError::from_module(e, token))?;
    match keys[..] {
        [key] => Ok(key),
        [] => Err(TokenError::KeyNotFound { token: token.to_owned(), uri: uri.to_string() }),
        _ => Err(TokenError::Ambiguous { what: "private key", count: keys.len(), uri: uri.to_string() }),
    }
}

/// The key's certificate (same `CKA_ID`, else same label when the key has no id) then the
/// certificates of its issuers among the token's, in path order.
fn token_certificates(session: &Session, id: &[u8], label: &str, token: &str) -> Result<Vec<Vec<u8>>, TokenError> {
    let failed = |e| TokenError::from_module(e, token);
    let value = |handle| -> Result<Option<Vec<u8>>, TokenError> {
        Ok(session.get_attributes(handle, &[AttributeType::Value]).map_err(failed)?.into_iter().find_map(|a| match a {
            Attribute::Value(v) => Some(v),
            _ => None,
        }))
    };
    let own = match id.is_empty() {
        false => Attribute::Id(id.to_vec()),
        true => Attribute::Label(label.as_bytes().to_vec()),
    };
    let mine = session.find_objects(&[Attribute::Class(ObjectClass::CERTIFICATE), own]).map_err(failed)?;
    let signer = match mine.first() {
        Some(&handle) => value(handle)?,
        None => None,
    };
    let signer = signer.ok_or_else(|| TokenError::NoCertificate { label: label.to_owned() })?;
    let mut others = Vec::new();
    for handle in session.find_objects(&[Attribute::Class(ObjectClass::CERTIFICATE)]).map_err(failed)? {
        if !mine.contains(&handle) {
            others.extend(value(handle)?);
        }
    }
    Ok(chain(signer, &others))
}

/// `signer` followed by its issuers found among `others` (subject = issuer), up to a self-issued
/// one or [`MAX_CHAIN`] certificates.
fn chain(signer: Vec<u8>, others: &[Vec<u8>]) -> Vec<Vec<u8>> {
    use der::Decode;
    use x509_cert::Certificate;
    let names = |der: &[u8]| {
        Certificate::from_der(der)
            .ok()
            .map(|c| (c.tbs_certificate().subject().clone(), c.tbs_certificate().issuer().clone()))
    };
    let parsed: Vec<_> = others.iter().filter_map(|der| Some((der, names(der)?))).collect();
    let mut path = vec![signer];
    while path.len() < MAX_CHAIN {
        let Some((subject, issuer)) = names(path.last().expect("the signer")) else { break };
        if subject == issuer {
            break;
        }
        match parsed.iter().find(|(der, (s, _))| *s == issuer && !path.contains(der)) {
            Some((der, _)) => path.push((*der).clone()),
            None => break,
        }
    }
    path
}

/// Whether an RSA key's modulus is the certificate's; true for EC keys, and where the token does
/// not show the modulus (every signature is checked under the certificate's key anyway).
fn rsa_modulus_fits(session: &Session, key: ObjectHandle, certificate: &PublicKey) -> bool {
    if certificate.key_type() != KeyType::Rsa {
        return true;
    }
    let modulus = session.get_attributes(key, &[AttributeType::Modulus]).ok().and_then(|attributes| {
        attributes.into_iter().find_map(|a| match a {
            Attribute::Modulus(m) => Some(m),
            _ => None,
        })
    });
    // The certificate's RSAPublicKey holds the modulus as a DER INTEGER: its bytes, after any
    // leading zero, appear there as they are.
    modulus.is_none_or(|m| {
        let m = m.iter().position(|&b| b != 0).map_or(&m[..0], |i| &m[i..]);
        !m.is_empty() && memchr::memmem::find(certificate.key_bits(), m).is_some()
    })
}

/// The way to sign `algorithm` with the mechanisms a token offers, the token hashing where it can.
fn choose_way(algorithm: SignatureAlgorithm, offered: &[MechanismType]) -> Option<Way> {
    let has = |m: MechanismType| offered.contains(&m);
    let digest = algorithm.digest();
    match algorithm.scheme() {
        SignatureScheme::RsaPkcs1v15 => {
            let hashing = match digest {
                DigestAlgorithm::Sha224 => MechanismType::SHA224_RSA_PKCS,
                DigestAlgorithm::Sha256 => MechanismType::SHA256_RSA_PKCS,
                DigestAlgorithm::Sha384 => MechanismType::SHA384_RSA_PKCS,
                DigestAlgorithm::Sha512 => MechanismType::SHA512_RSA_PKCS,
                DigestAlgorithm::Sha1 => return None,
            };
            match has(hashing) {
                true => Some(Way::Message(hashing)),
                false => has(MechanismType::RSA_PKCS).then(|| Way::DigestInfo(digest_info_prefix(digest))),
            }
        }
        SignatureScheme::RsaPss => {
            let hashing = match digest {
                DigestAlgorithm::Sha256 => Some(MechanismType::SHA256_RSA_PKCS_PSS),
                DigestAlgorithm::Sha384 => Some(MechanismType::SHA384_RSA_PKCS_PSS),
                DigestAlgorithm::Sha512 => Some(MechanismType::SHA512_RSA_PKCS_PSS),
                _ => None,
            };
            match hashing.filter(|&m| has(m)) {
                Some(m) => Some(Way::Message(m)),
                None => has(MechanismType::RSA_PKCS_PSS).then_some(Way::PssDigest),
            }
        }
        // The digest is computed here: `CKM_ECDSA` is what every EC token offers.
        SignatureScheme::Ecdsa => has(MechanismType::ECDSA).then_some(Way::EcdsaDigest),
    }
}

/// The mechanism of a hash-and-sign `kind`.
fn message_mechanism(kind: MechanismType, pss: PkcsPssParams) -> Mechanism<'static> {
    match kind {
        k if k == MechanismType::SHA224_RSA_PKCS => Mechanism::Sha224RsaPkcs,
        k if k == MechanismType::SHA384_RSA_PKCS => Mechanism::Sha384RsaPkcs,
        k if k == MechanismType::SHA512_RSA_PKCS => Mechanism::Sha512RsaPkcs,
        k if k == MechanismType::SHA256_RSA_PKCS_PSS => Mechanism::Sha256RsaPkcsPss(pss),
        k if k == MechanismType::SHA384_RSA_PKCS_PSS => Mechanism::Sha384RsaPkcsPss(pss),
        k if k == MechanismType::SHA512_RSA_PKCS_PSS => Mechanism::Sha512RsaPkcsPss(pss),
        // `CKM_SHA256_RSA_PKCS`: `choose_way` gives no other.
        _ => Mechanism::Sha256RsaPkcs,
    }
}

fn digest_mechanism(digest: DigestAlgorithm) -> MechanismType {
    match digest {
        DigestAlgorithm::Sha1 => MechanismType::SHA1,
        DigestAlgorithm::Sha224 => MechanismType::SHA224,
        DigestAlgorithm::Sha256 => MechanismType::SHA256,
        DigestAlgorithm::Sha384 => MechanismType::SHA384,
        DigestAlgorithm::Sha512 => MechanismType::SHA512,
    }
}

fn mgf1(digest: DigestAlgorithm) -> PkcsMgfType {
    match digest {
        DigestAlgorithm::Sha1 => PkcsMgfType::MGF1_SHA1,
        DigestAlgorithm::Sha224 => PkcsMgfType::MGF1_SHA224,
        DigestAlgorithm::Sha256 => PkcsMgfType::MGF1_SHA256,
        DigestAlgorithm::Sha384 => PkcsMgfType::MGF1_SHA384,
        DigestAlgorithm::Sha512 => PkcsMgfType::MGF1_SHA512,
    }
}

/// DER of the DigestInfo up to the digest (RFC 8017 section 9.2, note 1).
fn digest_info_prefix(digest: DigestAlgorithm) -> &'static [u8] {
    match digest {
        DigestAlgorithm::Sha1 => b"\x30\x21\x30\x09\x06\x05\x2b\x0e\x03\x02\x1a\x05\x00\x04\x14",
        DigestAlgorithm::Sha224 => b"\x30\x2d\x30\x0d\x06\x09\x60\x86\x48\x01\x65\x03\x04\x02\x04\x05\x00\x04\x1c",
        DigestAlgorithm::Sha256 => b"\x30\x31\x30\x0d\x06\x09\x60\x86\x48\x01\x65\x03\x04\x02\x01\x05\x00\x04\x20",
        DigestAlgorithm::Sha384 => b"\x30\x41\x30\x0d\x06\x09\x60\x86\x48\x01\x65\x03\x04\x02\x02\x05\x00\x04\x30",
        DigestAlgorithm::Sha512 => b"\x30\x51\x30\x0d\x06\x09\x60\x86\x48\x01\x65\x03\x04\x02\x03\x05\x00\x04\x40",
    }
}

#[cfg(test)]
mod tests {
    use super::{MODULES_DIFFER, Pin, TokenError, TokenOptions};
    use crate::report::{Language, code_label};

    #[test]
    fn every_token_error_is_said_in_vietnamese_and_labelled() {
        let token = || "Truong THCS".to_owned();
        let uri = || "pkcs11:token=x".to_owned();
        let errors = [
            TokenError::Module(MODULES_DIFFER),
            TokenError::Module("no module: give module-path in the URI or the module"),
            TokenError::NotAModule { path: "/tmp/x.so".into(), reason: "dlopen".into() },
            TokenError::TokenNotFound { uri: uri(), present: "none".into() },
            TokenError::KeyNotFound { token: token(), uri: uri() },
            TokenError::Ambiguous { what: "private key", count: 2, uri: uri() },
            TokenError::NoCertificate { label: "gvcn".into() },
            TokenError::CertificateMismatch,
            TokenError::PinNeeded { token: token() },
            TokenError::PinUnreadable { reason: "gone".into() },
            TokenError::PinIncorrect { token: token(), count_low: true, final_try: false },
            TokenError::PinIncorrect { token: token(), count_low: true, final_try: true },
            TokenError::PinLocked { token: token() },
            TokenError::TokenRemoved { token: token() },
            TokenError::MechanismUnsupported { token: token(), algorithm: "rsa-pss-sha256".into(), wanted: "X" },
            TokenError::Failed { function: "C_Sign".into(), reason: "CKR_GENERAL_ERROR".into() },
        ];
        for error in errors {
            let (vi, en) = (error.message_vi(), error.message_en());
            assert!(
                vi != en
                    && vi
                        .chars()
                        .any(|c| "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹáàãéèíìóòõúùýĐ".contains(c)),
                "{vi}"
            );
            for english in ["give ", " the ", "needs", "removed", "locked", "wrong", "failed", " is not"] {
                assert!(!vi.contains(english), "{vi}");
            }
            let code = error.code();
            assert!(code_label(code, Language::Vi).is_some() && code_label(code, Language::En).is_some(), "{code}");
        }
        let tries = TokenError::PinIncorrect { token: token(), count_low: false, final_try: true }.message_vi();
        assert!(tries.contains("chỉ còn một lần thử"), "{tries}");
    }

    #[test]
    fn the_pin_is_never_shown() {
        let options = TokenOptions { pin: Some(Pin::new("123456".into())), ..TokenOptions::default() };
        let shown = format!("{options:?}");
        assert!(!shown.contains("123456") && shown.contains("(given)"), "{shown}");
    }
}
