// Data shown to a person on a terminal: bytes that a terminal would act on
// (ESC starting a control sequence, BEL, backspace, carriage return, C1
// controls such as CSI, stray non-UTF-8 bytes) are written as visible
// escapes, the way `git` and `ls -b` show odd file names, so a profile
// field or a YAML value can neither rewrite the screen nor hide text.
// One convention everywhere: `\n`, `\r`, `\t` by name, every other such
// byte as `\xHH` (two lowercase hex digits; a C1 control, two bytes in
// UTF-8, shows both: `\xc2\x9b`). Printable text, UTF-8 included, and the
// backslash itself are left as they are: this is for reading, not for
// parsing back. Machine formats (JSON, CSV, JSON Lines, eml) never go
// through here; their writers escape what their format requires.
#pragma once

#include <string>
#include <string_view>

namespace journeyctl::core::util {

struct EscapeOptions {
    bool keep_newline = false;  // multi-line text whose line breaks are its layout
    bool keep_tab = false;
};

// Whether a byte sequence would be escaped (a fast path for callers).
bool has_terminal_controls(std::string_view text, EscapeOptions options = {});

// `text` with every control byte, C1 control and byte outside well-formed
// UTF-8 escaped (see above).
std::string escape_controls(std::string_view text, EscapeOptions options = {});

// The same, for a multi-line block: line breaks and tabs kept, a CR
// before LF kept too (a CRLF file shows as its lines), a lone CR escaped.
std::string escape_controls_block(std::string_view text);

}  // namespace journeyctl::core::util
