//! Transform chains other signers write: canonicalizations one after another, enveloped-signature
//! after a canonicalization, and the XPath idioms that leave signatures out. Documents are signed
//! by xmlsec1 and by Apache Santuario (both Debian's, installed by scripts/setup.sh) and verified
//! by us; forms neither writes are signed by hand with the digest xmlsec1 computed for the
//! equivalent chain, so the bytes we verify are the ones a correct implementation covers.
//! Hostile variants are refused, each with its own code.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use hocba::Code;
use hocba::c14n::{self, Algorithm, Subset};
use hocba::crypto::{self, PrivateKey, PublicKey, SignatureAlgorithm};
use hocba::dsig::{self, DsigError, RequiredElement, VerifiedSignature, VerifyOptions};
use hocba::xml::Document;

const C14N: &str = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";
const EXC: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";
const C14N11: &str = "http://www.w3.org/2006/12/xml-c14n11";
const ENV: &str = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
const XPATH: &str = "http://www.w3.org/TR/1999/REC-xpath-19991116";
const NOT_SIGNATURE: &str = "xpath:not(ancestor-or-self::dsig:Signature)";
const ENCLOSING: &str = "xpath:count(ancestor-or-self::dsig:Signature | here()/ancestor::dsig:Signature[1]) > count(ancestor-or-self::dsig:Signature)";
/// XPath Filter 2.0 subtracting the signatures, as EU DSS writes it, and subtracting only the
/// enclosing one (the spec's enveloped example).
const SUBTRACT_SIGNATURES: &str = "filter2:subtract:/descendant::dsig:Signature";
const SUBTRACT_ENCLOSING: &str = "filter2:subtract:here()/ancestor::dsig:Signature[1]";
const RSA_SHA256: &str = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
const SHA256: &str = "http://www.w3.org/2001/04/xmlenc#sha256";

fn keys() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../test-vectors/keys")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hocba-transforms-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// A `Transform` element: an algorithm URI, or `xpath:EXPRESSION` with `dsig` bound to XMLDSig.
fn transform(spec: &str) -> String {
    if let Some(filter) = spec.strip_prefix("filter2:") {
        let (kind, expression) = filter.split_once(':').unwrap();
        return format!(
            "<Transform Algorithm=\"http://www.w3.org/2002/06/xmldsig-filter2\"><XPath xmlns=\"http://www.w3.org/2002/06/xmldsig-filter2\" xmlns:dsig=\"http://www.w3.org/2000/09/xmldsig#\" Filter=\"{kind}\">{expression}</XPath></Transform>"
        );
    }
    match spec.strip_prefix("xpath:") {
        Some(expression) => format!(
            "<Transform Algorithm=\"{XPATH}\"><XPath xmlns:dsig=\"http://www.w3.org/2000/09/xmldsig#\">{}</XPath></Transform>",
            expression.replace('>', "&gt;")
        ),
        None => format!("<Transform Algorithm=\"{spec}\"/>"),
    }
}

/// An empty signature (Id `id`) with one reference, for a signer to fill in.
fn signature_template(id: &str, uri: &str, transforms: &[&str]) -> String {
    let transforms: String = transforms.iter().map(|t| transform(t)).collect();
    format!(
        "<Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\" Id=\"{id}\"><SignedInfo><CanonicalizationMethod Algorithm=\"{C14N}\"/><SignatureMethod Algorithm=\"{RSA_SHA256}\"/><Reference URI=\"{uri}\"><Transforms>{transforms}</Transforms><DigestMethod Algorithm=\"{SHA256}\"/><DigestValue></DigestValue></Reference></SignedInfo><SignatureValue></SignatureValue><KeyInfo><X509Data/></KeyInfo></Signature>"
    )
}

/// Data with namespaces used and unused (inclusive and exclusive C14N differ), a comment, white
/// space and a character reference, then the signatures.
fn document(signatures: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?>\n<hs:HoSo xmlns:hs=\"urn:hs\" xmlns:unused=\"urn:unused\" xml:lang=\"vi\">\n  <hs:DuLieu Id=\"data\" xmlns:kq=\"urn:kq\"><kq:Diem mon=\"Toán\"> 9,5 </kq:Diem><!-- ghi chú --><kq:Ten>Nguyễn Văn A &#xD;</kq:Ten></hs:DuLieu>\n  {signatures}\n</hs:HoSo>\n"
    )
}

fn xmlsec1(args: &[&str]) -> (bool, String) {
    let output = Command::new("xmlsec1").args(args).output().expect("xmlsec1 runs");
    (output.status.success(), String::from_utf8_lossy(&output.stderr).into_owned())
}

/// Signs the signature `node_id` of `text` with xmlsec1.
fn xmlsec1_sign(name: &str, text: &str, node_id: &str) -> String {
    let template = scratch(&format!("{name}.tmpl.xml"));
    let signed = scratch(&format!("{name}.xmlsec1.xml"));
    std::fs::write(&template, text).unwrap();
    let key = format!("{},{}", keys().join("rsa2048-key.pem").display(), keys().join("rsa2048-cert.pem").display());
    let (ok, stderr) = xmlsec1(&[
        "--sign",
        "--id-attr:Id",
        "DuLieu",
        "--id-attr:Id",
        "Signature",
        "--node-id",
        node_id,
        "--privkey-pem",
        &key,
        "--output",
        signed.to_str().unwrap(),
        template.to_str().unwrap(),
    ]);
    assert!(ok, "xmlsec1 --sign {name}: {stderr}");
    std::fs::read_to_string(signed).unwrap()
}

/// Whether xmlsec1 verifies the signature `node_id` of `text`.
fn xmlsec1_verifies(name: &str, text: &str, node_id: &str) -> bool {
    let path = scratch(&format!("{name}.check.xml"));
    std::fs::write(&path, text).unwrap();
    let cert = keys().join("rsa2048-cert.pem");
    xmlsec1(&[
        "--verify",
        "--id-attr:Id",
        "DuLieu",
        "--id-attr:Id",
        "Signature",
        "--node-id",
        node_id,
        "--pubkey-cert-pem",
        cert.to_str().unwrap(),
        path.to_str().unwrap(),
    ])
    .0
}

const SANTUARIO_CLASSPATH: &str = "/usr/share/java/xmlsec.jar:/usr/share/java/slf4j-api.jar:/usr/share/java/slf4j-nop.jar:/usr/share/java/commons-codec.jar";

/// The compiled harness (santuario/Santuario.java), or `None` when Santuario is not installed.
fn santuario_classes() -> Option<&'static Path> {
    static CLASSES: OnceLock<Option<PathBuf>> = OnceLock::new();
    CLASSES
        .get_or_init(|| {
            if !common::require_tool("javac", "default-jdk-headless") {
                return None;
            }
            if !Path::new("/usr/share/java/xmlsec.jar").exists() {
                let message =
                    "Apache Santuario not found (Debian package libxml-security-java; scripts/setup.sh installs it)";
                assert!(std::env::var_os("CI").is_none(), "{message}; CI is set, so this is a failure");
                eprintln!("\n!!!!!!!!!! SKIPPED: {message} !!!!!!!!!!\n");
                return None;
            }
            let classes = scratch("santuario-classes");
            let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/santuario/Santuario.java");
            let status = Command::new("javac")
                .args(["-cp", SANTUARIO_CLASSPATH, "-d", classes.to_str().unwrap(), source.to_str().unwrap()])
                .status()
                .unwrap();
            assert!(status.success(), "javac Santuario.java");
            Some(classes)
        })
        .as_deref()
}

fn santuario(classes: &Path, args: &[&str]) -> (bool, String) {
    let classpath = format!("{}:{SANTUARIO_CLASSPATH}", classes.display());
    let output = Command::new("java").args(["-cp", &classpath, "Santuario"]).args(args).output().unwrap();
    (output.status.success(), String::from_utf8_lossy(&output.stderr).into_owned())
}

fn trusted_key() -> PublicKey {
    PublicKey::from_pem_or_der(&std::fs::read(keys().join("rsa2048-cert.pem")).unwrap()).unwrap()
}

/// Verifies every signature of `text` with each provider, which must agree.
fn verify(text: &str) -> Result<Vec<VerifiedSignature>, DsigError> {
    let doc = Document::parse(text.as_bytes()).unwrap();
    let mut results: Vec<_> = crypto::providers()
        .into_iter()
        .map(|provider| {
            let options = VerifyOptions { provider, trusted_keys: vec![trusted_key()], ..VerifyOptions::default() };
            dsig::verify(&doc, &options)
        })
        .collect();
    let outcomes: Vec<String> = results.iter().map(|r| format!("{:?}", r.as_ref().map(|s| s.len()))).collect();
    assert!(outcomes.windows(2).all(|w| w[0] == w[1]), "providers differ: {outcomes:?}");
    results.pop().expect("a provider")
}

fn refused(text: &str) -> DsigError {
    verify(text).expect_err("refused")
}

/// The reference's canonical bytes must hold the data and no part of a signature.
fn assert_signed_data_only(signature: &VerifiedSignature, context: &str) {
    let bytes = String::from_utf8(signature.references()[0].canonical_bytes().to_vec()).unwrap();
    assert!(bytes.contains("Nguyễn Văn A &#xD;"), "{context}: {bytes}");
    assert!(!bytes.contains("SignatureValue"), "{context}: a signature is in the signed bytes: {bytes}");
}

/// Chains xmlsec1 signs and verifies: every one verifies with us, and a change to the data is a
/// digest mismatch.
#[test]
fn what_xmlsec1_signs_with_these_chains_verifies_with_us() {
    if !common::require_tool("xmlsec1", "xmlsec1") {
        return;
    }
    let chains: &[(&str, &[&str])] = &[
        ("", &[ENV, C14N, EXC]),
        ("", &[ENV, EXC, C14N11, C14N]),
        ("", &[NOT_SIGNATURE]),
        ("", &[NOT_SIGNATURE, EXC]),
        ("", &[C14N, NOT_SIGNATURE]),
        ("", &[C14N, EXC, NOT_SIGNATURE, C14N11]),
        ("", &[ENCLOSING]),
        ("", &[ENCLOSING, EXC]),
        ("", &[ENV, NOT_SIGNATURE, ENCLOSING, C14N]),
        ("#data", &[C14N, EXC]),
        ("#data", &[NOT_SIGNATURE, EXC, C14N]),
        ("", &[SUBTRACT_SIGNATURES]),
        ("", &[SUBTRACT_SIGNATURES, EXC]),
        ("", &[SUBTRACT_ENCLOSING, C14N]),
    ];
    for (i, (uri, chain)) in chains.iter().enumerate() {
        let context = format!("{uri:?} {chain:?}");
        let signed = xmlsec1_sign(&format!("chain-{i}"), &document(&signature_template("sig", uri, chain)), "sig");
        assert!(xmlsec1_verifies(&format!("chain-{i}"), &signed, "sig"), "{context}: xmlsec1 verifies its own");
        let signatures = verify(&signed).unwrap_or_else(|e| panic!("{context}: {e}"));
        assert_signed_data_only(&signatures[0], &context);
        let tampered = signed.replacen(" 9,5 ", " 10 ", 1);
        assert!(matches!(refused(&tampered), DsigError::DigestMismatch { .. }), "{context}");
    }
}

/// Chains Santuario signs and verifies (it re-reads canonical octets as xmlsec1 does).
#[test]
fn what_santuario_signs_with_these_chains_verifies_with_us() {
    let Some(classes) = santuario_classes() else { return };
    // PKCS#8 and DER, as Java reads them.
    let key = keys().join("rsa2048-key.der");
    let cert = keys().join("rsa2048-cert.der");
    let chains: &[(&str, &[&str])] = &[
        ("", &[ENV, C14N, EXC]),
        ("", &[NOT_SIGNATURE]),
        ("", &[C14N, NOT_SIGNATURE, EXC]),
        // (Santuario 2.1.7 fails to evaluate the here() idiom when it signs: xmlsec1 signs it.)
        // Enveloped-signature after canonicalizations, on data the signature is not in.
        ("#data", &[C14N, EXC, ENV]),
    ];
    for (i, (uri, chain)) in chains.iter().enumerate() {
        let context = format!("{uri:?} {chain:?}");
        let input = scratch(&format!("santuario-{i}.in.xml"));
        let output = scratch(&format!("santuario-{i}.xml"));
        std::fs::write(&input, document("")).unwrap();
        let mut args = vec!["sign", input.to_str().unwrap(), output.to_str().unwrap(), key.to_str().unwrap()];
        args.extend([cert.to_str().unwrap(), RSA_SHA256, SHA256, uri]);
        args.extend(chain.iter().copied());
        let (ok, stderr) = santuario(classes, &args);
        assert!(ok, "{context}: Santuario signs: {stderr}");
        let (ok, stderr) = santuario(classes, &["verify", output.to_str().unwrap(), cert.to_str().unwrap()]);
        assert!(ok, "{context}: Santuario verifies its own: {stderr}");
        let signed = std::fs::read_to_string(&output).unwrap();
        let signatures = verify(&signed).unwrap_or_else(|e| panic!("{context}: {e}"));
        assert_signed_data_only(&signatures[0], &context);
        assert!(matches!(refused(&signed.replacen(" 9,5 ", " 10 ", 1)), DsigError::DigestMismatch { .. }));
    }
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            out.push(if i <= chunk.len() { ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char } else { '=' });
        }
    }
    out
}

/// `signed` with the transforms of signature `id` replaced by `chain` (its digest kept) and its
/// `SignedInfo` signed again: a chain neither xmlsec1 nor Santuario writes, over the bytes they
/// digested for the chain it replaces.
fn resign_with_chain(signed: &str, id: &str, chain: &[&str]) -> String {
    let start = signed.find(&format!("Id=\"{id}\"")).unwrap();
    let from = start + signed[start..].find("<Transforms>").unwrap();
    let to = start + signed[start..].find("</Transforms>").unwrap() + "</Transforms>".len();
    let transforms: String = chain.iter().map(|t| transform(t)).collect();
    let text = format!("{}<Transforms>{transforms}</Transforms>{}", &signed[..from], &signed[to..]);
    let doc = Document::parse(text.as_bytes()).unwrap();
    let signature = doc.descendants().find(|n| n.attribute(None, "Id") == Some(id)).unwrap();
    let signed_info = signature.children().find(|n| n.is_element() && n.local_name() == "SignedInfo").unwrap();
    let bytes =
        c14n::canonicalize_to_vec(&doc, &Subset::element(signed_info).unwrap(), &Algorithm::C14n10.into()).unwrap();
    let key = PrivateKey::from_pem_or_der(&std::fs::read(keys().join("rsa2048-key.pem")).unwrap()).unwrap();
    let value = crypto::default_provider().sign(SignatureAlgorithm::RSA_SHA256, &key, &bytes).unwrap();
    let value_start = start + text[start..].find("<SignatureValue>").unwrap() + "<SignatureValue>".len();
    let value_end = start + text[start..].find("</SignatureValue>").unwrap();
    format!("{}{}{}", &text[..value_start], base64(&value), &text[value_end..])
}

/// Enveloped-signature after canonicalizations (as .NET's SignedXml writes and verifies it, and
/// Vietnamese vendors' software with it): it removes the copy of this very signature from the
/// re-read octets, wherever other signatures are, and the bytes are those xmlsec1 digests for
/// the same chain with enveloped-signature first.
#[test]
fn enveloped_signature_after_canonicalization_removes_this_signature() {
    if !common::require_tool("xmlsec1", "xmlsec1") {
        return;
    }
    // One signature over the whole document.
    let signed = xmlsec1_sign("dotnet-1", &document(&signature_template("sig", "", &[ENV, C14N, EXC])), "sig");
    let expected = verify(&signed).unwrap()[0].references()[0].canonical_bytes().to_vec();
    for chain in [&[C14N, EXC, ENV][..], &[C14N, ENV, EXC], &[EXC, C14N11, ENV]] {
        let text = resign_with_chain(&signed, "sig", chain);
        let signatures = verify(&text).unwrap_or_else(|e| panic!("{chain:?}: {e}"));
        // A final C14N 1.0 (the node-set made octets) of canonical XML changes nothing.
        assert_eq!(signatures[0].references()[0].canonical_bytes(), expected, "{chain:?}");
        assert_signed_data_only(&signatures[0], &format!("{chain:?}"));
    }
    // The same bytes as xmlsec1's for that chain's equivalent, enveloped-signature first.
    let equivalent =
        xmlsec1_sign("dotnet-1b", &document(&signature_template("sig", "", &[ENV, C14N, EXC, C14N])), "sig");
    let text = resign_with_chain(&equivalent, "sig", &[C14N, EXC, ENV]);
    assert!(
        verify(&text).is_ok(),
        "[c14n, exc-c14n, enveloped] over what xmlsec1 digests for [enveloped, c14n, exc-c14n, c14n]"
    );

    // Two signatures: the first over the data, the second over the whole document, the first
    // signature included. Only the second one's copy is removed; the first stays signed.
    let text = document(&format!(
        "{}{}",
        signature_template("first", "#data", &[C14N, EXC]),
        signature_template("second", "", &[ENV, C14N, EXC, C14N])
    ));
    let text = xmlsec1_sign("dotnet-2a", &text, "first");
    let text = xmlsec1_sign("dotnet-2b", &text, "second");
    let text = resign_with_chain(&text, "second", &[C14N, EXC, ENV]);
    let signatures = verify(&text).unwrap();
    let bytes = String::from_utf8(signatures[1].references()[0].canonical_bytes().to_vec()).unwrap();
    assert!(bytes.contains("Id=\"first\"") && !bytes.contains("Id=\"second\""), "{bytes}");
    // A change to the first signature breaks the second.
    let changed = text.replacen("<KeyInfo>", "<KeyInfo><KeyName>x</KeyName>", 1);
    assert!(matches!(refused(&changed), DsigError::DigestMismatch { .. }));

    // The first signature in the second's place: the second's chain removes its own copy, not
    // the first signature, whose change is still caught.
    let text = document(&format!(
        "{}{}",
        signature_template("second", "", &[ENV, C14N, EXC, C14N]),
        signature_template("first", "#data", &[C14N, EXC])
    ));
    let text = xmlsec1_sign("dotnet-3a", &text, "first");
    let text = xmlsec1_sign("dotnet-3b", &text, "second");
    let text = resign_with_chain(&text, "second", &[C14N, EXC, ENV]);
    let signatures = verify(&text).unwrap();
    let bytes = String::from_utf8(signatures[0].references()[0].canonical_bytes().to_vec()).unwrap();
    assert!(bytes.contains("Id=\"first\"") && !bytes.contains("Id=\"second\""), "{bytes}");
    let first_value = text.rfind("<SignatureValue>").unwrap() + "<SignatureValue>".len();
    let changed = format!("{}AAAA{}", &text[..first_value], &text[first_value..]);
    assert!(matches!(refused(&changed), DsigError::DigestMismatch { .. }));
}

/// Enveloped-signature first, then canonicalizations, then a second enveloped-signature: the
/// signature removed first does not come back, and is not looked for again.
#[test]
fn a_removed_signature_stays_removed() {
    if !common::require_tool("xmlsec1", "xmlsec1") {
        return;
    }
    let signed = xmlsec1_sign("removed", &document(&signature_template("sig", "", &[ENV, C14N])), "sig");
    let expected = verify(&signed).unwrap()[0].references()[0].canonical_bytes().to_vec();
    for chain in [&[ENV, C14N, ENV][..], &[ENV, C14N, NOT_SIGNATURE], &[NOT_SIGNATURE, C14N, ENV, C14N]] {
        let text = resign_with_chain(&signed, "sig", chain);
        let signatures = verify(&text).unwrap_or_else(|e| panic!("{chain:?}: {e}"));
        assert_eq!(signatures[0].references()[0].canonical_bytes(), expected, "{chain:?}");
    }
}

/// The documents of the hostile cases: signed by hand, so that only the transforms decide.
fn signed_by_hand(uri: &str, chain: &[&str]) -> String {
    let template = document(&signature_template("sig", uri, &[C14N]));
    // Any digest: these are refused before it matters.
    let text = template.replace("<DigestValue></DigestValue>", "<DigestValue>AAAA</DigestValue>");
    resign_with_chain(&text, "sig", chain)
}

#[test]
fn other_xpath_is_refused_with_its_own_code() {
    for expression in [
        "xpath:ancestor-or-self::dsig:Signature",
        "xpath:not(ancestor-or-self::Signature)",
        "xpath:not(ancestor-or-self::*[local-name()='Signature'])",
        "xpath:not(ancestor-or-self::dsig:Signature) or true()",
        "xpath:count(ancestor-or-self::dsig:Signature | here()/ancestor::dsig:Signature[2]) > count(ancestor-or-self::dsig:Signature)",
        "xpath:self::node()",
    ] {
        let error = refused(&signed_by_hand("", &[expression, C14N]));
        assert_eq!(error.code(), Code::XPathNotSupported, "{expression}: {error}");
        assert_eq!(error.code().as_str(), "xpath-not-supported");
    }
    // The idiom, its prefix bound to another namespace (a signature of the attacker's making
    // would stay in the signed bytes, and a reader would see it as ours).
    let text = signed_by_hand("", &[NOT_SIGNATURE, C14N]).replace(
        "xmlns:dsig=\"http://www.w3.org/2000/09/xmldsig#\"",
        "xmlns:dsig=\"http://www.w3.org/2000/09/xmldsig\"",
    );
    let error = refused(&text);
    assert_eq!(error.code(), Code::XPathNotSupported);
    assert!(error.to_string().contains("bound to \"http://www.w3.org/2000/09/xmldsig\""), "{error}");
    // Undeclared, or declared only below the XPath element.
    let text = signed_by_hand("", &[NOT_SIGNATURE]).replace(" xmlns:dsig=\"http://www.w3.org/2000/09/xmldsig#\"", "");
    assert!(refused(&text).to_string().contains("not declared"));
    // No XPath element, two of them, or one with markup inside: malformed, not guessed.
    let idiom = signed_by_hand("", &[NOT_SIGNATURE]);
    for text in [
        idiom.replacen("<XPath ", "<XPathX ", 1).replacen("</XPath>", "</XPathX>", 1),
        idiom.replacen("</XPath></Transform>", "</XPath><XPath/></Transform>", 1),
        idiom.replacen("not(", "<b/>not(", 1),
    ] {
        assert_eq!(refused(&text).code(), Code::MalformedSignature);
    }
    // XPath Filter 2.0 stays an unsupported algorithm.
    let text = signed_by_hand("", &[C14N]).replacen(C14N, "http://www.w3.org/2002/06/xmldsig-filter2", 2);
    assert_eq!(refused(&text).code(), Code::UnsupportedAlgorithm);
}

#[test]
fn chains_that_cannot_be_run_are_refused() {
    // here() names a node of the signature's document, not of octets read again.
    let error = refused(&signed_by_hand("", &[C14N, ENCLOSING]));
    assert_eq!(error.code(), Code::UnsupportedTransforms, "{error}");
    // A reference to the signature itself, or into it, that the transforms would empty.
    for chain in [&[C14N, ENV][..], &[ENV], &[NOT_SIGNATURE], &[EXC, NOT_SIGNATURE]] {
        let error = refused(&signed_by_hand("#sig", chain));
        assert_eq!(error.code(), Code::UnsupportedTransforms, "{chain:?}: {error}");
    }
    // A hundred transforms: refused by the limit before any is run.
    let many = vec![C14N; 100];
    let text = signed_by_hand("", &many);
    assert_eq!(refused(&text).code(), Code::TooManyTransforms);
    // Five, the limit, run.
    let five = signed_by_hand("", &[C14N, EXC, C14N11, C14N, EXC]);
    assert_eq!(refused(&five).code(), Code::DigestMismatch);
}

/// Canonical octets read again: a limit of the reader breached by them is its own error.
#[test]
fn canonical_octets_are_read_with_the_reader_limits() {
    // Exclusive C14N declares the prefix on every element that uses it: 200,000 siblings of
    // 80 bytes each are 16 MB of octets, beyond the reader's 16 MiB.
    let mut text = signed_by_hand("", &[EXC, C14N]);
    let siblings = "<p:e/>".repeat(200_000);
    let namespace = format!("urn:{}", "n".repeat(60));
    text = text.replacen("<hs:DuLieu ", &format!("<hs:X xmlns:p=\"{namespace}\">{siblings}</hs:X><hs:DuLieu "), 1);
    assert!(text.len() < 16 << 20);
    let error = refused(&text);
    assert_eq!(error.code(), Code::TransformOutput, "{error}");
    assert!(error.to_string().contains("cannot be read again"), "{error}");
}

/// Several signatures with the XPath idiom: it removes them all, so each signature's bytes are
/// the same and a fake signature carries nothing into them; data moved into a signature is not
/// covered.
#[test]
fn every_signature_is_left_out_by_the_xpath_idiom() {
    if !common::require_tool("xmlsec1", "xmlsec1") {
        return;
    }
    let text = document(&format!(
        "{}{}",
        signature_template("a", "", &[NOT_SIGNATURE, EXC]),
        signature_template("b", "", &[NOT_SIGNATURE, EXC])
    ));
    let text = xmlsec1_sign("many-a", &text, "a");
    let text = xmlsec1_sign("many-b", &text, "b");
    assert!(xmlsec1_verifies("many-check-a", &text, "a") && xmlsec1_verifies("many-check-b", &text, "b"));
    let signatures = verify(&text).unwrap();
    assert_eq!(signatures[0].references()[0].canonical_bytes(), signatures[1].references()[0].canonical_bytes());

    // A nested fake signature: its content is never in the signed bytes, and it is itself refused.
    let fake = "<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><kq:Diem xmlns:kq=\"urn:kq\">10</kq:Diem></ds:Signature>";
    let nested = text.replacen("</hs:DuLieu>", &format!("{fake}</hs:DuLieu>"), 1);
    assert_eq!(refused(&nested).code(), Code::MalformedSignature);

    // Data inside a signature (its Object) is left out with it: a signature over the whole
    // document does not cover it.
    let options = VerifyOptions {
        trusted_keys: vec![trusted_key()],
        required: vec![RequiredElement::new("data", &[])],
        ..VerifyOptions::default()
    };
    let doc = Document::parse(text.as_bytes()).unwrap();
    assert!(dsig::verify(&doc, &options).is_ok());
    let inside = document(&signature_template("a", "", &[NOT_SIGNATURE]))
        .replacen("Id=\"data\"", "Id=\"main\"", 1)
        .replacen("</KeyInfo>", "</KeyInfo><Object><hs:DuLieu xmlns:hs=\"urn:hs\" Id=\"data\"/></Object>", 1);
    let inside = xmlsec1_sign("inside", &inside, "a");
    let doc = Document::parse(inside.as_bytes()).unwrap();
    let error = dsig::verify(&doc, &options).unwrap_err();
    assert!(matches!(error, DsigError::NotCovered { .. }), "{error}");
}

/// RSA-PSS with SHA-1 and SHA-224 (RFC 6931): xmlsec1 1.2.37 has no PSS and Santuario 2.1.7
/// needs BouncyCastle for it, so the `openssl` command signs `SignedInfo` (salt as long as the
/// digest, MGF1 with the same digest). SHA-224 verifies; SHA-1 only under the legacy option,
/// reported as weak.
#[test]
fn rsa_pss_sha1_and_sha224_signed_by_openssl_verify() {
    if !common::require_tool("xmlsec1", "xmlsec1") || !common::require_tool("openssl", "openssl") {
        return;
    }
    let signed = xmlsec1_sign("pss", &document(&signature_template("sig", "", &[ENV, EXC])), "sig");
    for (uri, digest) in [
        ("http://www.w3.org/2007/05/xmldsig-more#sha224-rsa-MGF1", "-sha224"),
        ("http://www.w3.org/2007/05/xmldsig-more#sha1-rsa-MGF1", "-sha1"),
    ] {
        let text = signed.replacen(RSA_SHA256, uri, 1);
        let doc = Document::parse(text.as_bytes()).unwrap();
        let signed_info = doc.descendants().find(|n| n.is_element() && n.local_name() == "SignedInfo").unwrap();
        let bytes =
            c14n::canonicalize_to_vec(&doc, &Subset::element(signed_info).unwrap(), &Algorithm::C14n10.into()).unwrap();
        let message = scratch("pss-signed-info.xml");
        std::fs::write(&message, &bytes).unwrap();
        let output = Command::new("openssl")
            .args(["dgst", digest, "-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:digest", "-sign"])
            .arg(keys().join("rsa2048-key.pem"))
            .arg(&message)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        let value_start = text.find("<SignatureValue>").unwrap() + "<SignatureValue>".len();
        let value_end = text.find("</SignatureValue>").unwrap();
        let text = format!("{}{}{}", &text[..value_start], base64(&output.stdout), &text[value_end..]);
        let doc = Document::parse(text.as_bytes()).unwrap();
        let algorithm = SignatureAlgorithm::from_uri(uri).unwrap();
        for provider in crypto::providers() {
            let options = VerifyOptions { provider, trusted_keys: vec![trusted_key()], ..VerifyOptions::default() };
            let result = dsig::verify(&doc, &options);
            if algorithm.is_weak() {
                assert!(matches!(result, Err(DsigError::WeakAlgorithm { .. })), "{uri} {}", provider.name());
                let legacy = VerifyOptions { allow_sha1: true, ..options };
                let signatures =
                    dsig::verify(&doc, &legacy).unwrap_or_else(|e| panic!("{uri} {}: {e}", provider.name()));
                assert_eq!(signatures[0].warnings(), [dsig::Warning::WeakAlgorithm(algorithm.uri())]);
            } else {
                let signatures = result.unwrap_or_else(|e| panic!("{uri} {}: {e}", provider.name()));
                assert_eq!(signatures[0].algorithm(), algorithm);
                assert!(signatures[0].warnings().is_empty());
            }
        }
    }
}

/// `signed` with the `Transforms` of signature `id` replaced by `transforms` (raw XML, its digest
/// kept) and its `SignedInfo` signed again with the test key.
fn resign_with_transforms_xml(signed: &str, id: &str, transforms: &str) -> String {
    let start = signed.find(&format!("Id=\"{id}\"")).unwrap();
    let from = start + signed[start..].find("<Transforms>").unwrap();
    let to = start + signed[start..].find("</Transforms>").unwrap() + "</Transforms>".len();
    let text = format!("{}{transforms}{}", &signed[..from], &signed[to..]);
    let doc = Document::parse(text.as_bytes()).unwrap();
    let signature = doc.descendants().find(|n| n.attribute(None, "Id") == Some(id)).unwrap();
    let signed_info = signature.children().find(|n| n.is_element() && n.local_name() == "SignedInfo").unwrap();
    let bytes =
        c14n::canonicalize_to_vec(&doc, &Subset::element(signed_info).unwrap(), &Algorithm::C14n10.into()).unwrap();
    let key = PrivateKey::from_pem_or_der(&std::fs::read(keys().join("rsa2048-key.pem")).unwrap()).unwrap();
    let value = crypto::default_provider().sign(SignatureAlgorithm::RSA_SHA256, &key, &bytes).unwrap();
    let value_start = start + text[start..].find("<SignatureValue>").unwrap() + "<SignatureValue>".len();
    let value_end = start + text[start..].find("</SignatureValue>").unwrap();
    format!("{}{}{}", &text[..value_start], base64(&value), &text[value_end..])
}

/// The idiom's prefix is resolved where the `XPath` element is, not where an ancestor binds it;
/// near-idioms (trailing `or`, other white space, `[01]`, comments) are refused, never guessed.
#[test]
fn xpath_prefix_rebinding_and_near_idioms_are_refused() {
    if !common::require_tool("xmlsec1", "xmlsec1") {
        return;
    }
    const DS: &str = "http://www.w3.org/2000/09/xmldsig#";
    let signed = xmlsec1_sign("rebind", &document(&signature_template("sig", "", &[NOT_SIGNATURE])), "sig");
    let expected = verify(&signed).unwrap()[0].references()[0].canonical_bytes().to_vec();
    let xpath = |transform_ns: &str, xpath_ns: &str, expression: &str| {
        format!(
            "<Transforms><Transform xmlns:dsig=\"{transform_ns}\" Algorithm=\"{XPATH}\"><XPath{xpath_ns}>{expression}</XPath></Transform></Transforms>"
        )
    };
    // Bound to XMLDSig on the Transform, to another namespace on the XPath element: refused.
    let text = resign_with_transforms_xml(
        &signed,
        "sig",
        &xpath(DS, " xmlns:dsig=\"urn:not-dsig\"", "not(ancestor-or-self::dsig:Signature)"),
    );
    assert_eq!(refused(&text).code(), Code::XPathNotSupported);
    // The other way round: bound to XMLDSig where the XPath element is, it is the idiom.
    let text = resign_with_transforms_xml(
        &signed,
        "sig",
        &xpath("urn:not-dsig", &format!(" xmlns:dsig=\"{DS}\""), "not(ancestor-or-self::dsig:Signature)"),
    );
    assert_eq!(verify(&text).unwrap()[0].references()[0].canonical_bytes(), expected);
    // Bound on the Transform only (in scope on the XPath element): the idiom, the same bytes.
    let text =
        resign_with_transforms_xml(&signed, "sig", &xpath(DS, "", " not( ancestor-or-self :: dsig:Signature ) "));
    assert_eq!(verify(&text).unwrap()[0].references()[0].canonical_bytes(), expected);
    // A character reference is text: the same expression.
    let text = resign_with_transforms_xml(&signed, "sig", &xpath(DS, "", "not(ancestor-or-self::dsig:Signature&#x29;"));
    assert_eq!(verify(&text).unwrap()[0].references()[0].canonical_bytes(), expected);
    for expression in [
        "not(ancestor-or-self::dsig:Signature )or true()",
        "not(ancestor-or-self::dsig:Signature) | /",
        "not(ancestor-or-self::dsig:Signature)\u{2003}",
        "not(ancestor-or-self::dsig:Signature)&#xA0;",
        "not(ancestor-or-self::dsig:Signature)x",
        "not(ancestor-or-self::dsig:Signature)[1]",
        "not(ancestor-or-self::dsig:Signature/..)",
        "not(ancestor-or-self::dsig:Signature|ancestor-or-self::dsig:Object)",
        "not(ancestor-or-self::dsig:Signature\u{0085})",
        "not(ancestor-or-self::dsig:*)",
        "count(ancestor-or-self::dsig:Signature | here()/ancestor::dsig:Signature[01]) &gt; count(ancestor-or-self::dsig:Signature)",
        "count(ancestor-or-self::dsig:Signature | here()/ancestor::dsig:Signature[1]) &gt; count(ancestor-or-self::dsig:Signature) or 1",
    ] {
        let text = resign_with_transforms_xml(&signed, "sig", &xpath(DS, "", expression));
        assert_eq!(refused(&text).code(), Code::XPathNotSupported, "{expression}");
    }
    // A comment or a processing instruction inside the expression: malformed, not skipped.
    for expression in ["not(<!-- x -->ancestor-or-self::dsig:Signature)", "not(ancestor-or-self::dsig:Signature)<?x?>"]
    {
        let text = resign_with_transforms_xml(&signed, "sig", &xpath(DS, "", expression));
        assert_eq!(refused(&text).code(), Code::MalformedSignature, "{expression}");
    }
}

/// Enveloped-signature after a canonicalization removes the copy of this very signature, found by
/// element order: decoys that a name- or text-based match could take (a `Signature` in another
/// namespace before it, markup in CDATA and comments, a second real signature, one nested in
/// another's Object) never change which one, and the bytes are those xmlsec1 digests with
/// enveloped-signature first.
#[test]
fn enveloped_after_canonicalization_is_not_fooled_by_decoys() {
    if !common::require_tool("xmlsec1", "xmlsec1") {
        return;
    }
    let decoys = "<Signature xmlns=\"urn:not-dsig\" Id=\"decoy\"/><!-- <Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\"/> --><hs:Note xmlns:hs=\"urn:hs\"><![CDATA[<Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\"></Signature>]]></hs:Note>";
    let text = document(&format!("{decoys}{}", signature_template("sig", "", &[ENV, C14N, EXC, C14N])));
    let signed = xmlsec1_sign("decoys", &text, "sig");
    let expected = verify(&signed).unwrap()[0].references()[0].canonical_bytes().to_vec();
    for chain in [&[C14N, EXC, ENV][..], &[EXC, ENV, C14N], &[C14N11, C14N, EXC, ENV]] {
        let text = resign_with_chain(&signed, "sig", chain);
        let signatures = verify(&text).unwrap_or_else(|e| panic!("{chain:?}: {e}"));
        assert_eq!(signatures[0].references()[0].canonical_bytes(), expected, "{chain:?}");
        let bytes = String::from_utf8(expected.clone()).unwrap();
        assert!(bytes.contains("Id=\"decoy\"") && bytes.contains("&lt;Signature"), "{bytes}");
        // The decoy changed: caught.
        let changed = text.replacen("Id=\"decoy\"", "Id=\"decoy2\"", 1);
        assert_eq!(refused(&changed).code(), Code::DigestMismatch, "{chain:?}");
    }
    // This signature moved into the decoy (another namespace): the copy removed is still this
    // signature, wherever it is, and the signed bytes are the same (moving an enveloped signature
    // changes nothing signed; its place is the caller's to require).
    let text = resign_with_chain(&signed, "sig", &[C14N, EXC, ENV]);
    let moved_start = text.find("<Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\" Id=\"sig\"").unwrap();
    let moved_end = text.rfind("</Signature>").unwrap() + "</Signature>".len();
    let signature = &text[moved_start..moved_end];
    let without = format!("{}{}", &text[..moved_start], &text[moved_end..]);
    let nested = without.replacen("Id=\"decoy\"/>", &format!("Id=\"decoy\">{signature}</Signature>"), 1);
    assert!(nested != without);
    assert_eq!(verify(&nested).unwrap()[0].references()[0].canonical_bytes(), expected);
}

/// Canonicalizations in a row on a document near the reader's limit: the shared budget stops
/// them (each output read again is at most 16 MiB); `benches/hostile-budgets.sh` (class 12)
/// holds the time.
#[test]
fn five_canonicalizations_of_a_large_document_are_bounded() {
    let mut text = signed_by_hand("", &[EXC, C14N, EXC, C14N11, C14N]);
    // 150,000 elements using a prefix declared once: exclusive C14N declares it on each (14 MB).
    let namespace = format!("urn:{}", "n".repeat(40));
    let siblings = "<p:e/>".repeat(150_000);
    text = text.replacen("<hs:DuLieu ", &format!("<hs:X xmlns:p=\"{namespace}\">{siblings}</hs:X><hs:DuLieu "), 1);
    let error = refused(&text);
    assert!(
        matches!(error.code(), Code::CanonicalizationBudget | Code::TransformOutput | Code::DigestMismatch),
        "{error}"
    );
}

/// The transcript profile and the new transform forms: the principal's year reference written
/// with transforms other than the profile's (enveloped-signature, C14N 1.0), over the same bytes.
/// PROFILE.md section 3 lists the profile's transforms, which the profile does not check: these
/// forms cover the same bytes, so the year read is the same; accepted today, and if the profile
/// ever pins its transforms, refused as `transcript-profile`.
#[test]
fn transcript_signature_with_other_transform_forms() {
    let (_, xml) = common::approvals::signed_transcript();
    let text = String::from_utf8(xml).unwrap();
    // The first principal's signature (its SignatureValue is countersigned by no one).
    let id_at = text.find("-HieuTruong\"").unwrap();
    let start = text[..id_at].rfind("<Signature").unwrap();
    let from = start + text[start..].find("<Transforms>").unwrap();
    let to = start + text[start..].find("</Transforms>").unwrap() + "</Transforms>".len();
    let forms = [
        format!("<Transforms>{}{}</Transforms>", transform(C14N), transform(ENV)),
        format!("<Transforms>{}{}</Transforms>", transform(ENCLOSING), transform(C14N)),
    ];
    for transforms in forms {
        let changed = format!("{}{transforms}{}", &text[..from], &text[to..]);
        let doc = Document::parse(changed.as_bytes()).unwrap();
        let signature = doc
            .descendants()
            .find(|n| n.is_element() && n.local_name() == "Signature" && n.byte_range().start == start)
            .unwrap();
        let signed_info = signature.children().find(|n| n.is_element() && n.local_name() == "SignedInfo").unwrap();
        let method = signed_info.children().find(|n| n.is_element() && n.local_name() == "SignatureMethod").unwrap();
        let algorithm = SignatureAlgorithm::from_uri(method.attribute(None, "Algorithm").unwrap()).unwrap();
        let bytes =
            c14n::canonicalize_to_vec(&doc, &Subset::element(signed_info).unwrap(), &Algorithm::C14n10.into()).unwrap();
        let key = PrivateKey::from_pem_or_der(&common::approvals::pki("hieutruong-key.pem")).unwrap();
        let value = crypto::default_provider().sign(algorithm, &key, &bytes).unwrap();
        let open = start + changed[start..].find("<SignatureValue").unwrap();
        let value_start = open + changed[open..].find('>').unwrap() + 1;
        let value_end = start + changed[start..].find("</SignatureValue>").unwrap();
        let changed = format!("{}{}{}", &changed[..value_start], base64(&value), &changed[value_end..]);
        let verifier = hocba::verifier::Verifier::new(hocba::verifier::VerifierConfig {
            trust: common::approvals::trust(common::approvals::CHECKED_AT),
            revocation: common::approvals::checker(),
            ..Default::default()
        });
        let report = verifier.verify(changed.as_bytes()).unwrap().report().clone();
        // Today accepted (the same signed bytes as the profile's form); a profile that pins its
        // transforms refuses it as transcript-profile. Never any other outcome.
        let found = common::approvals::codes(&report);
        assert!(
            report.verdict() == hocba::report::Verdict::Valid || found.contains(&Code::TranscriptProfile),
            "{transforms}: {:?} {found:?}",
            report.verdict()
        );
    }
}

/// XPath Filter 2.0: only one `subtract` of the signatures' idioms; intersect, union, several
/// filters or any other selection are refused with their own code, before any digest.
#[test]
fn other_xpath_filter_2_forms_are_refused() {
    for (spec, why) in [
        ("filter2:intersect:/descendant::dsig:Signature", "intersect"),
        ("filter2:union:/descendant::dsig:Signature", "union"),
        ("filter2:subtract:/descendant::dsig:Object", "another selection"),
        ("filter2:subtract://dsig:Signature", "an abbreviated path"),
        ("filter2:subtract:/descendant::hs:Signature", "a prefix bound elsewhere"),
    ] {
        let text = document(&signature_template("sig", "", &[spec]));
        match refused(&text) {
            DsigError::XPathNotSupported { .. } => {}
            other => panic!("{why}: {other:?}"),
        }
    }
    // Two filters in one transform.
    let two = transform(SUBTRACT_SIGNATURES).replace(
        "</XPath></Transform>",
        "</XPath><XPath xmlns=\"http://www.w3.org/2002/06/xmldsig-filter2\" Filter=\"subtract\">/descendant::dsig:Signature</XPath></Transform>",
    );
    let text = document(&signature_template("sig", "", &[]))
        .replace("<Transforms></Transforms>", &format!("<Transforms>{two}</Transforms>"));
    assert!(matches!(refused(&text), DsigError::XPathNotSupported { .. }));
}
