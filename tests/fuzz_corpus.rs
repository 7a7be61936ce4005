//! Replays the fuzz corpus (fuzz/corpus/decode) as an ordinary test: every input must stay harmless.

palette_sdk::reply_check!(check_reply);

#[test]
fn every_corpus_input_decodes_without_panicking_or_leaking() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/corpus/decode");
    let mut replayed = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        let outcome = std::panic::catch_unwind(|| {
            palette_sdk::fuzzing::decode_everything(&data, check_reply)
        });
        assert!(outcome.is_ok(), "{} fails", path.display());
        replayed += 1;
    }
    assert!(replayed >= 10, "the corpus has only {replayed} inputs");
}
