//! Any bytes, read as each kind of upload Twinwise accepts and split into clauses: nothing
//! may panic, hang or break the splitter's promises (see `twinwise::agreements::fuzzing`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    twinwise::agreements::fuzzing::exercise(data);
});
