//! `hocba c14n`: the canonical form of a document or of one element.

use std::io::Write;

use hocba::c14n::{self, Algorithm, Method, Subset};
use hocba::xml::{Document, Node};

use crate::{C14nArgs, Failure, read_input};

pub(crate) fn run(args: &C14nArgs) -> Result<(), Failure> {
    let algorithm = Algorithm::from_name(&args.algorithm)?;
    let method = match &args.prefix_list {
        Some(list) => Method::exclusive_with_prefixes(algorithm, list)?,
        None => Method::new(algorithm),
    };
    let input = read_input(&args.file)?;
    let doc = Document::parse(&input).map_err(|e| Failure(format!("{}: {e}", args.file.display())))?;
    let subset = if let Some(id) = &args.subtree_id {
        Subset::element(find_by_id(&doc, id)?)?
    } else if let Some(name) = &args.subtree {
        Subset::element(find_by_name(&doc, name)?)?
    } else {
        Subset::document(&doc)
    };
    // Canonicalize fully before writing, so a failure leaves no partial output on stdout.
    let bytes = c14n::canonicalize_to_vec(&doc, &subset, &method)?;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&bytes)?;
    stdout.flush()?;
    Ok(())
}

pub(crate) fn find_by_id<'a, 'i>(doc: &'a Document<'i>, id: &str) -> Result<Node<'a, 'i>, Failure> {
    let mut found =
        doc.descendants().filter(|n| ["Id", "ID", "id"].iter().any(|attr| n.attribute(None, attr) == Some(id)));
    let first = found.next().ok_or_else(|| Failure(format!("no element has Id {id:?}")))?;
    if let Some(second) = found.next() {
        return Err(Failure(format!("Id {id:?} occurs twice, at {} and {}", first.text_pos(), second.text_pos())));
    }
    Ok(first)
}

fn find_by_name<'a, 'i>(doc: &'a Document<'i>, name: &str) -> Result<Node<'a, 'i>, Failure> {
    let (namespace, local) = match name.strip_prefix('{').and_then(|r| r.split_once('}')) {
        Some(("", local)) => (None, local),
        Some((ns, local)) => (Some(ns), local),
        None if !name.starts_with('{') => (None, name),
        None => return Err(Failure(format!("{name:?} is not of the form {{namespace-uri}}local-name"))),
    };
    doc.descendants().find(|n| n.has_name(namespace, local)).ok_or_else(|| Failure(format!("no element named {name}")))
}
