#include <catch2/catch.hpp>

#include "core/delivery/providers/answer_text.hpp"

using namespace journeyctl::core::delivery::providers;

TEST_CASE("error_text is bounded, on one line, and cut between characters", "[delivery][answer]") {
    const std::vector<std::string> none;
    CHECK(error_text("  line one\r\n\tline two  ", none) == "line one line two");
    CHECK(error_text("", none).empty());
    // 1023 ASCII bytes then a two-byte 'é': the cut falls inside it.
    const std::string long_text = std::string(1023, 'a') + "\xC3\xA9" + std::string(100, 'b');
    const std::string cut = error_text(long_text, none);
    CHECK(cut == std::string(1023, 'a'));
    CHECK(error_text(std::string(5000, 'x'), none).size() == k_error_text_limit);
}

TEST_CASE("error_text reduces an HTML page to its words", "[delivery][answer]") {
    const std::vector<std::string> none;
    const std::string google_502 =
        "<!DOCTYPE html>\n<html lang=en>\n  <meta charset=utf-8>\n  <title>Error 502 (Server Error)!!1</title>\n"
        "  <style>\n    *{margin:0;padding:0}html,code{font:15px/22px arial,sans-serif}\n  </style>\n"
        "  <script>var x = '<b>';</script>\n"
        "  <p><b>502.</b> <ins>That's an error.</ins>\n  <p>The server encountered a temporary error.";
    CHECK(error_text(google_502, none) ==
          "Error 502 (Server Error)!!1 502. That's an error. The server encountered a temporary error.");
    // Not HTML: angle brackets are kept.
    CHECK(error_text("a < b > c", none) == "a < b > c");
}

TEST_CASE("error_text and without_secrets redact every secret", "[delivery][answer]") {
    const std::vector<std::string> secrets = {"s3cret", "", "{\n  \"private_key\": \"k\"\n}"};
    CHECK(without_secrets("token s3cret and s3cret", secrets) == "token [redacted] and [redacted]");
    // A secret holding white space is redacted before white space collapses.
    CHECK(error_text("echo: {\n  \"private_key\": \"k\"\n} end", secrets) == "echo: [redacted] end");
    CHECK(error_text("<html><body>key s3cret</body></html>", secrets) == "key [redacted]");
}

TEST_CASE("parse_answer and json_text never throw on a bad body", "[delivery][answer]") {
    CHECK(parse_answer("").is_discarded());
    CHECK(parse_answer("{\"a\": ").is_discarded());
    CHECK(parse_answer("<html>").is_discarded());
    const nlohmann::json object = parse_answer(R"({"s": "x", "n": 42, "f": 1.5, "o": {}})");
    CHECK(json_text(object, "s") == "x");
    CHECK(json_text(object, "n") == "42");
    CHECK(json_text(object, "f").empty());
    CHECK(json_text(object, "o").empty());
    CHECK(json_text(object, "missing").empty());
    CHECK(json_text(parse_answer("[1]"), "s").empty());
}
