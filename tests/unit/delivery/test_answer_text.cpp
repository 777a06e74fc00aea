// error_text, the one way every provider makes a provider's explanation
// fit to show (core/delivery/providers/answer_text.hpp).
#include <catch2/catch.hpp>

#include "core/delivery/providers/answer_text.hpp"

using namespace journeyctl::core::delivery::providers;

namespace {

const std::vector<std::string> k_none;

}  // namespace

TEST_CASE("error_text puts the text on one line and escapes other controls", "[delivery][answer_text]") {
    CHECK(error_text("", k_none).empty());
    CHECK(error_text("  line one\r\n\tline two  ", k_none) == "line one line two");
    // ESC, NUL and DEL would act on a terminal: shown, not flattened away.
    CHECK(error_text("a\x1b[31mb\r\nc", k_none) == "a\\x1b[31mb c");
    CHECK(error_text(std::string("x\0y\x7f", 4), k_none) == "x\\x00y\\x7f");
    // A C1 control (CSI) and a byte that is not UTF-8.
    CHECK(error_text("a\xC2\x9B" "b\xFF", k_none) == "a\\xc2\\x9bb\\xff");
    CHECK(error_text("Zoë — ok", k_none) == "Zoë — ok");
}

TEST_CASE("error_text is at most 1 KB, cut between characters and marked", "[delivery][answer_text]") {
    CHECK(error_text(std::string(k_error_text_max, 'x'), k_none) == std::string(k_error_text_max, 'x'));
    CHECK(error_text(std::string(2000, 'x'), k_none) == std::string(1021, 'x') + "...");
    // 1020 ASCII bytes then a two-byte 'é': it does not fit before the mark.
    CHECK(error_text(std::string(1020, 'a') + "\xC3\xA9" + std::string(100, 'b'), k_none) ==
          std::string(1020, 'a') + "...");
    // Every byte a control: escaping quadruples it, the cut still fits and
    // never splits an escape.
    const std::string escaped = error_text(std::string(600, '\x01'), k_none);
    CHECK(escaped.size() <= k_error_text_max);
    CHECK(escaped.ends_with("\\x01..."));
    // Never inside a UTF-8 character.
    std::string accents;
    for (int i = 0; i < 700; ++i) accents += "é";
    const std::string cut_accents = error_text(accents, k_none);
    CHECK(cut_accents.size() <= k_error_text_max);
    CHECK(cut_accents.substr(0, cut_accents.size() - 3).size() % 2 == 0);
    // Twice is once: a provider may prefix its words and pass it through again.
    CHECK(error_text(escaped, k_none) == escaped);
}

TEST_CASE("error_text reduces an HTML page to its words", "[delivery][answer_text]") {
    // The text, not the title alone: Google's title says only "Error 502".
    const std::string google_502 =
        "<!DOCTYPE html>\n<html lang=en>\n  <meta charset=utf-8>\n  <title>Error 502 (Server Error)!!1</title>\n"
        "  <style>\n    *{margin:0;padding:0}html,code{font:15px/22px arial,sans-serif}\n  </style>\n"
        "  <script>var x = '<b>';</script>\n"
        "  <p><b>502.</b> <ins>That's an error.</ins>\n  <p>The server encountered a temporary error.";
    CHECK(error_text(google_502, k_none) ==
          "Error 502 (Server Error)!!1 502. That's an error. The server encountered a temporary error.");
    CHECK(error_text("  <!DOCTYPE html><html><head><title>\n  503 Service\n Unavailable </title></head></html>", k_none) ==
          "503 Service Unavailable");
    CHECK(error_text("<HTML><body><h1>Bad</h1>\n<p>gateway</p></body></HTML>", k_none) == "Bad gateway");
    CHECK(error_text("<html><title></title><body>only body</body></html>", k_none) == "only body");
    CHECK(error_text("<body>fragment</body>", k_none) == "fragment");
    // Not a page: angle brackets are the provider's words.
    CHECK(error_text("a < b > c", k_none) == "a < b > c");
    CHECK(error_text("plain <b>text</b>", k_none) == "plain <b>text</b>");
    CHECK(error_text("{\"a\":1}", k_none) == "{\"a\":1}");
}

TEST_CASE("error_text redacts every secret before anything else", "[delivery][answer_text]") {
    const std::vector<std::string> secrets = {"s3cret", "", "{\n  \"private_key\": \"k\"\n}", "tok+1"};
    CHECK(error_text("token s3cret and s3cret refused", secrets) == "token [redacted] and [redacted] refused");
    // A secret holding white space is redacted before white space collapses.
    CHECK(error_text("echo: {\n  \"private_key\": \"k\"\n} end", secrets) == "echo: [redacted] end");
    // In an HTML page, and percent-encoded as a form would echo it.
    CHECK(error_text("<html><body>key s3cret</body></html>", secrets) == "key [redacted]");
    CHECK(error_text("To=tok%2B1", secrets) == "To=[redacted]");
}
