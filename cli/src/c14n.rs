//! `hocba c14n`: the canonical form of a document or of one element.

use std::io::Write;

use hocba::c14n::{self, Algorithm, Method, Subset};
use hocba::dsig::{VerifyOptions, element_by_id};
use hocba::xml::{DoctypePolicy, Document, Node, ParseOptions, first_element_named};

use crate::{C14nArgs, Failure, read_input};

pub(crate) fn run(args: &C14nArgs) -> Result<(), Failure> {
    let algorithm = Algorithm::from_name(&args.algorithm)?;
    let method = match &args.prefix_list {
        Some(list) => Method::exclusive_with_prefixes(algorithm, list)?,
        None => Method::new(algorithm),
    };
    let input = read_input(&args.file)?;
    let options = ParseOptions {
        doctype: if args.allow_external_doctype { DoctypePolicy::IgnoreExternalOnly } else { DoctypePolicy::Reject },
        ..ParseOptions::default()
    };
    let doc = Document::parse_with(&input, &options).map_err(|e| Failure(format!("{}: {e}", args.file.display())))?;
    let subset = if let Some(id) = &args.subtree_id {
        Subset::element(find_by_id(&doc, id)?)?
    } else if let Some(name) = &args.subtree {
        Subset::element(find_by_name(&doc, name)?)?
    } else {
        Subset::document(&doc)
    };
    // Canonicalize fully before writing, so a failure leaves no partial output on stdout.
    let bytes = c14n::canonicalize_to_vec(&doc, &subset, &method)?;
    let mut stdout = crate::stdout();
    stdout.write_all(&bytes)?;
    stdout.flush()?;
    Ok(())
}

/// The element with Id `id` (`Id`, `ID`, `id` or `xml:id`, as a signature's reference finds it).
fn find_by_id<'a, 'i>(doc: &'a Document<'i>, id: &str) -> Result<Node<'a, 'i>, Failure> {
    let names = VerifyOptions::default().id_attributes;
    element_by_id(doc, id, &names)?.ok_or_else(|| Failure(format!("no element has Id {id:?}")))
}

fn find_by_name<'a, 'i>(doc: &'a Document<'i>, name: &str) -> Result<Node<'a, 'i>, Failure> {
    first_element_named(doc, name)
        .map_err(|e| Failure(e.to_string()))?
        .ok_or_else(|| Failure(format!("no element named {name}")))
}
