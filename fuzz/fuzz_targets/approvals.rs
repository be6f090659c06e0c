//! Any bytes as an approval list: reading never panics, and a list that reads writes out and
//! reads back as itself (the writer gives out only what the reader takes).
#![no_main]

use hocba::approvals::{ApprovalList, list_to_xml};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    if let Ok(list) = ApprovalList::read_for_editing(input) {
        let written = list_to_xml(&list).expect("a list that reads writes");
        let again = ApprovalList::read_for_editing(&written).expect("what the writer writes reads back");
        assert_eq!(again, list, "the round trip changed the list");
    }
});
