//! Every row of `../shared/vectors/c14n/manifest.tsv`: byte-identical output, or, for rows that
//! need DTD processing, the DTD error (never wrong output). A new row is a new case.

mod common;

use hocba::c14n::{Algorithm, Method, Subset, canonicalize_to_vec};
use hocba::xml::{DoctypePolicy, Document, ParseOptions, XmlError};

fn algorithm(name: &str) -> Algorithm {
    match name {
        "inclusive" => Algorithm::C14n10,
        "inclusive-comments" => Algorithm::C14n10WithComments,
        "exclusive" => Algorithm::ExcC14n,
        "exclusive-comments" => Algorithm::ExcC14nWithComments,
        "c14n11" => Algorithm::C14n11,
        "c14n11-comments" => Algorithm::C14n11WithComments,
        other => panic!("manifest names an unknown algorithm {other:?}"),
    }
}

/// `{ns}local` from "element subtree: first {ns}local (notes)".
fn subtree_name(subset: &str) -> Option<(Option<String>, String)> {
    let rest = subset.strip_prefix("element subtree: ")?;
    let rest = rest.strip_prefix("first ").unwrap_or(rest);
    let token = rest.split_whitespace().next()?;
    let (ns, local) = token.strip_prefix('{')?.split_once('}')?;
    Some(((!ns.is_empty()).then(|| ns.to_owned()), local.to_owned()))
}

fn run_row(dir: &std::path::Path, row: &std::collections::HashMap<String, String>) -> Result<&'static str, String> {
    let input = std::fs::read(dir.join(&row["input"])).map_err(|e| e.to_string())?;
    let needs_dtd = row["needs_dtd"] == "yes";
    let subset_spec = row["subset"].as_str();

    // Secure default: a DOCTYPE is refused.
    let default_parse = Document::parse(&input);
    let has_doctype = String::from_utf8_lossy(&input).contains("<!DOCTYPE");
    if needs_dtd || has_doctype {
        match default_parse {
            Err(XmlError::DtdNotAllowed { .. }) => {}
            other => return Err(format!("default options: expected DtdNotAllowed, got {:?}", other.map(|_| ()))),
        }
    }
    if needs_dtd {
        // Even the tolerant policy must refuse a DTD the output depends on, never guess.
        let options = ParseOptions { doctype: DoctypePolicy::IgnoreExternalOnly, ..Default::default() };
        return match Document::parse_with(&input, &options) {
            Err(XmlError::DtdNotAllowed { .. }) => Ok("DTD refused as expected"),
            Err(XmlError::UnknownEntity { .. }) => Ok("DTD-defined entity refused as expected"),
            other => Err(format!("needs a DTD: expected a DTD error, got {:?}", other.map(|_| ()))),
        };
    }
    if subset_spec.starts_with("xpath") {
        return Ok("skipped: XPath node-set (not supported on purpose)");
    }
    let options = ParseOptions { doctype: DoctypePolicy::IgnoreExternalOnly, ..Default::default() };
    let doc = Document::parse_with(&input, &options).map_err(|e| format!("parse: {e}"))?;
    let subset = if subset_spec == "whole" {
        Subset::document(&doc)
    } else {
        let (ns, local) = subtree_name(subset_spec).ok_or_else(|| format!("unknown subset {subset_spec:?}"))?;
        let element = doc
            .descendants()
            .find(|n| n.has_name(ns.as_deref(), &local))
            .ok_or_else(|| format!("no element {subset_spec}"))?;
        Subset::element(element).map_err(|e| e.to_string())?
    };
    let algorithm = algorithm(&row["algorithm"]);
    let method = match row["prefix_list"].as_str() {
        "-" => Method::new(algorithm),
        list => Method::exclusive_with_prefixes(algorithm, list).map_err(|e| e.to_string())?,
    };
    let got = canonicalize_to_vec(&doc, &subset, &method).map_err(|e| format!("c14n: {e}"))?;
    let expected = std::fs::read(dir.join(&row["expected_output"])).map_err(|e| e.to_string())?;
    if got != expected {
        return Err(format!(
            "output differs\n--- expected\n{}\n--- got\n{}",
            String::from_utf8_lossy(&expected),
            String::from_utf8_lossy(&got)
        ));
    }
    Ok("byte-identical")
}

#[test]
fn c14n_manifest() {
    let Some(shared) = common::shared_dir() else { return };
    let dir = shared.join("vectors/c14n");
    let rows = common::read_manifest(&dir.join("manifest.tsv"));
    assert!(!rows.is_empty());
    let mut failures = Vec::new();
    let mut identical = 0;
    for row in &rows {
        let name = format!("{} -> {} [{}]", row["input"], row["expected_output"], row["algorithm"]);
        match run_row(&dir, row) {
            Ok(outcome) => {
                identical += usize::from(outcome == "byte-identical");
                println!("ok   {name}: {outcome}");
            }
            Err(why) => {
                println!("FAIL {name}: {why}");
                failures.push(name);
            }
        }
    }
    println!("{identical} of {} rows byte-identical", rows.len());
    assert!(failures.is_empty(), "failing rows: {failures:#?}");
}
