//! Generated tokens written out as Rust source with short lines, which keeps rustc's span lookups cheap.
//!
//! `TokenStream::to_string` writes a whole file on one line. rustc finds the line and column of
//! a span by scanning the line's wide characters, so in a multi-megabyte line every lookup is
//! slow: at the whole API's size that was a sixth of the crate's compile time. Here a line
//! ends after every `;`, `,` and brace, which is all rustc needs (the snapshot under
//! `openapi/generated/` is formatted by prettyplease, for people).

use std::fmt::Write;

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

/// `tokens` as source text that parses back to the same tokens.
pub fn to_source(tokens: &TokenStream) -> String {
    let mut out = String::new();
    write_tokens(tokens.clone(), &mut out);
    out
}

fn write_tokens(tokens: TokenStream, out: &mut String) {
    for token in tokens {
        match token {
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Brace => ("{\n", "}\n"),
                    Delimiter::Parenthesis => ("(", ") "),
                    Delimiter::Bracket => ("[", "] "),
                    Delimiter::None => ("", " "),
                };
                out.push_str(open);
                write_tokens(group.stream(), out);
                out.push_str(close);
            }
            TokenTree::Punct(punct) => {
                out.push(punct.as_char());
                // A joint punct is glued to the next one (`::`, `=>`, the `'` of a lifetime).
                if punct.spacing() == Spacing::Alone {
                    out.push(if matches!(punct.as_char(), ';' | ',') {
                        '\n'
                    } else {
                        ' '
                    });
                }
            }
            TokenTree::Ident(ident) => {
                let _ = write!(out, "{ident} ");
            }
            TokenTree::Literal(literal) => {
                let _ = write!(out, "{literal} ");
            }
        }
    }
}
