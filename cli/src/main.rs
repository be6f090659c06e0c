//! `hocba`: the command-line tool.
//!
//! Exit codes: 0 success, 2 unusable input (the error goes to stderr).

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use hocba::c14n::{self, Algorithm, Method, Subset};
use hocba::xml::{Document, Node};

#[derive(Parser)]
#[command(name = "hocba", version, about = "Học bạ số: canonicalize, sign and verify digital school transcripts")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write the canonical form (C14N) of a document, or of one element of it, to stdout.
    C14n(C14nArgs),
}

#[derive(clap::Args)]
struct C14nArgs {
    /// c14n, c14n-comments, exc-c14n, exc-c14n-comments, c14n11, c14n11-comments, or the algorithm URI.
    #[arg(long, default_value = "c14n")]
    algorithm: String,
    /// InclusiveNamespaces PrefixList for exclusive C14N (white-space separated, `#default` for the default namespace).
    #[arg(long)]
    prefix_list: Option<String>,
    /// Canonicalize the element whose Id (or ID, id) attribute has this value.
    #[arg(long, conflicts_with = "subtree")]
    subtree_id: Option<String>,
    /// Canonicalize the first element with this expanded name, written `{namespace-uri}local-name`.
    #[arg(long)]
    subtree: Option<String>,
    /// The XML file, or `-` for stdin.
    file: PathBuf,
}

/// An error for the user: what went wrong, already worded.
struct Failure(String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure(e.to_string())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::C14n(args) => run_c14n(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message)) => {
            eprintln!("hocba: {message}");
            ExitCode::from(2)
        }
    }
}

fn read_input(path: &PathBuf) -> Result<Vec<u8>, Failure> {
    if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf)?;
        Ok(buf)
    } else {
        std::fs::read(path).map_err(|e| Failure(format!("{}: {e}", path.display())))
    }
}

fn run_c14n(args: &C14nArgs) -> Result<(), Failure> {
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

fn find_by_id<'a, 'i>(doc: &'a Document<'i>, id: &str) -> Result<Node<'a, 'i>, Failure> {
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
