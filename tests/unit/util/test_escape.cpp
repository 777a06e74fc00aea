// escape_controls: what a terminal would act on becomes visible text;
// everything printable, UTF-8 included, stays as it is.
#include <catch2/catch.hpp>

#include "core/util/escape.hpp"

using namespace journeyctl::core::util;
using namespace std::string_literals;

TEST_CASE("escape: printable text and UTF-8 unchanged", "[escape]") {
    CHECK(escape_controls("plain text") == "plain text");
    CHECK(escape_controls("Zoé € 😀") == "Zoé € 😀");
    CHECK(escape_controls("back\\slash") == "back\\slash");
    CHECK_FALSE(has_terminal_controls("Zoé"));
}

TEST_CASE("escape: C0 controls, DEL, NUL, C1 and stray bytes as \\xHH", "[escape]") {
    CHECK(escape_controls("a\x1b[31mred\x07") == "a\\x1b[31mred\\x07");
    CHECK(escape_controls("nul\0here"s) == "nul\\x00here");
    CHECK(escape_controls("del\x7f") == "del\\x7f");
    CHECK(escape_controls("line\nbreak\r\ttab") == "line\\nbreak\\r\\ttab");
    CHECK(escape_controls("csi\xc2\x9b" "2J") == "csi\\xc2\\x9b2J");
    CHECK(escape_controls("\xc2\xa0nbsp") == "\xc2\xa0nbsp");  // U+00A0 is printable
    CHECK(escape_controls("bad\xff\xc3") == "bad\\xff\\xc3");
    CHECK(has_terminal_controls("\x1b"));
}

TEST_CASE("escape: layout kept on request, blocks keep lines and CRLF", "[escape]") {
    CHECK(escape_controls("a\nb\tc", {.keep_newline = true, .keep_tab = true}) == "a\nb\tc");
    CHECK(escape_controls("a\nb\tc", {.keep_newline = true}) == "a\nb\\tc");
    CHECK(escape_controls_block("one\r\ntwo\n\x1b]0;title\x07\rend") == "one\r\ntwo\n\\x1b]0;title\\x07\\rend");
    CHECK(escape_controls_block("") == "");
}
