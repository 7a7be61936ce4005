//! Arbitrary bytes as every operation's reply and as an error body: `cargo +nightly fuzz run decode`.
#![no_main]

palette_sdk::reply_check!(check_reply);

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    palette_sdk::fuzzing::decode_everything(data, check_reply);
});
