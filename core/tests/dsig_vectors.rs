//! Every row of `../shared/vectors/dsig/manifest.tsv` gives the manifest's expected outcome, with
//! every crypto provider, and the providers agree. Rows that need something we leave out on
//! purpose (DSA, KeyInfo-only keys) must fail with an "unsupported" error, not a wrong answer;
//! rows using SHA-1 or an RSA key below 2048 bits must fail without the legacy option and pass
//! with it.

mod common;

use std::collections::HashMap;
use std::path::Path;

use hocba::crypto::{self, CryptoProvider, KeyType, PublicKey};
use hocba::dsig::{self, DsigError, VerifyOptions, Warning};
use hocba::xml::Document;

fn options(provider: &'static dyn CryptoProvider, key: Option<PublicKey>, allow_sha1: bool) -> VerifyOptions {
    VerifyOptions { provider, trusted_keys: key.into_iter().collect(), allow_sha1, ..VerifyOptions::default() }
}

/// Runs one row with one provider; `Ok` describes the outcome when it is the expected one.
fn run_row(dir: &Path, row: &HashMap<String, String>, provider: &'static dyn CryptoProvider) -> Result<String, String> {
    let input = std::fs::read(dir.join(&row["file"])).map_err(|e| e.to_string())?;
    let doc = Document::parse(&input).map_err(|e| format!("parse: {e}"))?;
    let key = match row["key"].as_str() {
        k if k.starts_with("keyinfo") => None,
        path => {
            let bytes = std::fs::read(dir.join(path)).map_err(|e| e.to_string())?;
            Some(PublicKey::from_pem_or_der(&bytes).map_err(|e| format!("key {path}: {e}"))?)
        }
    };
    let uses_sha1 = row["algorithms"].split(' ').any(|a| a.ends_with("sha1"));
    if uses_sha1 {
        match dsig::verify(&doc, &options(provider, key.clone(), false)) {
            Err(DsigError::WeakAlgorithm { .. } | DsigError::UnsupportedAlgorithm { .. }) => {}
            other => return Err(format!("SHA-1 without the legacy option: expected WeakAlgorithm, got {other:?}")),
        }
    }
    let small_key = key.as_ref().is_some_and(|k| k.key_type() == KeyType::Rsa && k.bits() < 2048);
    if small_key && !uses_sha1 && row["expect"] == "valid" {
        match dsig::verify(&doc, &options(provider, key.clone(), false)) {
            Err(DsigError::WeakKey { minimum: 2048, .. }) => {}
            other => return Err(format!("small RSA key without the legacy option: expected WeakKey, got {other:?}")),
        }
    }
    let result = dsig::verify(&doc, &options(provider, key, uses_sha1 || small_key));
    match (row["expect"].as_str(), result) {
        ("valid", Ok(signatures)) => {
            for signature in &signatures {
                for reference in signature.references() {
                    reference.parse().map_err(|e| format!("signed bytes of {} do not parse: {e}", reference.uri()))?;
                }
                if uses_sha1 && !signature.warnings().iter().any(|w| matches!(w, Warning::WeakAlgorithm(_))) {
                    return Err("SHA-1 accepted without a weak-algorithm warning".into());
                }
                if small_key && !signature.warnings().iter().any(|w| matches!(w, Warning::WeakKey { .. })) {
                    return Err("small RSA key accepted without a weak-key warning".into());
                }
            }
            Ok(format!("valid ({} signature(s))", signatures.len()))
        }
        ("invalid", Err(e @ (DsigError::UnsupportedAlgorithm { .. } | DsigError::UnsupportedReference { .. }))) => {
            Ok(format!("refused as unsupported: {e}"))
        }
        ("invalid", Err(e)) => Ok(format!("invalid: {e}")),
        (expect, outcome) => Err(format!("expected {expect}, got {outcome:?}")),
    }
}

#[test]
fn dsig_manifest_with_every_provider() {
    let Some(shared) = common::shared_dir() else { return };
    let dir = shared.join("vectors/dsig");
    let rows = common::read_manifest(&dir.join("manifest.tsv"));
    assert!(!rows.is_empty());
    let providers = crypto::providers();
    assert!(providers.len() >= 2 || cfg!(not(feature = "openssl")), "both providers must be built for this test");
    let mut failures = Vec::new();
    for row in &rows {
        let mut outcomes = Vec::new();
        for &provider in &providers {
            let outcome = run_row(&dir, row, provider);
            let line = format!("{} [{}] {}", row["file"], provider.name(), row["algorithms"]);
            match &outcome {
                Ok(what) => println!("ok   {line}: {what}"),
                Err(why) => {
                    println!("FAIL {line}: {why}");
                    failures.push(line);
                }
            }
            outcomes.push(outcome.is_ok());
        }
        assert!(outcomes.windows(2).all(|w| w[0] == w[1]), "providers disagree on {}", row["file"]);
    }
    assert!(failures.is_empty(), "failing rows: {failures:#?}");
}
