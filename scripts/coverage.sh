#!/usr/bin/env bash
# Line coverage of the hand-written code in src/ (the generated client, tests, benches and
# xtask excluded). Installs cargo-llvm-cov and the llvm-tools component when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo-llvm-cov >/dev/null || cargo install cargo-llvm-cov --locked
rustup component list --installed | grep -q '^llvm-tools' || rustup component add llvm-tools-preview
cargo llvm-cov --workspace --all-features \
  --ignore-filename-regex '(/out/|/xtask/|/tests/|/benches/|/examples/|src/generated\.rs|src/mock\.rs)' \
  "$@"
