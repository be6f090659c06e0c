//! Any bytes: the reader returns a document or an error, never panics, and every position it
//! reports lies inside the input.
#![no_main]

use hocba::xml::{DoctypePolicy, Document, Limits, ParseOptions, XmlError};
use libfuzzer_sys::fuzz_target;

fn check(input: &[u8], result: Result<Document<'_>, XmlError>) {
    match result {
        Ok(doc) => {
            let text = doc.input_text();
            for node in doc.descendants() {
                let range = node.byte_range();
                assert!(range.start <= range.end && range.end <= text.len(), "{range:?}");
                let _ = (node.text(), node.namespace(), node.text_pos(), node.parent(), node.lookup_namespace(""));
                for attribute in node.attributes() {
                    let _ = (attribute.value(), attribute.namespace(), attribute.text_pos());
                }
            }
        }
        Err(error) => {
            if let Some(pos) = error.pos() {
                assert!(pos.line >= 1 && pos.column >= 1);
                assert!(pos.line as usize <= input.len() + 1, "{error}");
            }
        }
    }
}

fuzz_target!(|input: &[u8]| {
    check(input, Document::parse(input));
    let tight = ParseOptions {
        doctype: DoctypePolicy::IgnoreExternalOnly,
        limits: Limits {
            max_input_bytes: 4096,
            max_depth: 8,
            max_nodes: 64,
            max_attributes: 4,
            max_attribute_value_bytes: 32,
            max_text_bytes: 64,
            max_namespaces_in_scope: 4,
        },
    };
    check(input, Document::parse_with(input, &tight));
});
