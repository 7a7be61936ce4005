//! Arbitrary bytes as every operation's reply and as an error body: `cargo +nightly fuzz run decode`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    palette_sdk::fuzzing::decode_everything(data);
});
