// The pieces the providers share: HTTP dates, mailboxes, extra headers,
// the status rule and reading JSON answers. error_text has its own file
// (test_answer_text.cpp).
#include <catch2/catch.hpp>

#include "core/delivery/providers/extra_headers.hpp"
#include "core/delivery/providers/http_answer.hpp"
#include "core/delivery/providers/http_date.hpp"
#include "core/delivery/providers/mailbox.hpp"
#include "provider_test_support.hpp"

using namespace journeyctl::delivery_test;
using namespace journeyctl::core::delivery::providers;

TEST_CASE("parse_http_date reads IMF-fixdate only", "[delivery][http_date]") {
    CHECK(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT") == 0);
    CHECK(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT") == 784111777);
    CHECK(parse_http_date("Sun, 01 Nov 2026 09:00:00 GMT") == 1793523600);
    CHECK(parse_http_date("Tue, 29 Feb 2028 23:59:59 GMT") == 1835481599);
    CHECK_FALSE(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"));  // RFC 850
    CHECK_FALSE(parse_http_date("Sun Nov  6 08:49:37 1994"));        // asctime
    CHECK_FALSE(parse_http_date("Sun, 06 Nov 1994 08:49:37 UTC"));
    CHECK_FALSE(parse_http_date("Sun, 06 Foo 1994 08:49:37 GMT"));
    CHECK_FALSE(parse_http_date("Sun, 6a Nov 1994 08:49:37 GMT"));
    CHECK_FALSE(parse_http_date("Sun, 06 Nov 1994 24:00:00 GMT"));
    CHECK_FALSE(parse_http_date(""));
}

TEST_CASE("split_mailbox", "[delivery][mailbox]") {
    auto check = [](std::string_view text, std::string_view name, std::string_view address) {
        const Mailbox m = split_mailbox(text);
        INFO(text);
        CHECK(m.name == name);
        CHECK(m.address == address);
    };
    check("zoe@example.com", "", "zoe@example.com");
    check("  zoe@example.com ", "", "zoe@example.com");
    check("Zoë Durand <zoe@example.com>", "Zoë Durand", "zoe@example.com");
    check("<zoe@example.com>", "", "zoe@example.com");
    check("\"Durand, Zoë \\\"Z\\\"\" <zoe@example.com>", "Durand, Zoë \"Z\"", "zoe@example.com");
    check("A <b> <zoe@example.com>", "A <b>", "zoe@example.com");
}

TEST_CASE("require_ascii_addresses names the address, the character and the part", "[delivery][mailbox]") {
    CHECK_NOTHROW(require_ascii_addresses("SendGrid", "Zoë Ünal <zoe@example.com>", "Équipe <hi@acme.example>"));
    auto refusal = [](std::string_view to, std::string_view from) {
        try {
            require_ascii_addresses("SendGrid", to, from);
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
        return std::string("(accepted)");
    };
    CHECK(refusal("Zoé <zoé.dubois@example.com>", "hi@acme.example") ==
          "SendGrid takes ASCII email addresses only (no SMTPUTF8): the recipient's address "
          "\"zoé.dubois@example.com\" has 'é' in its local part");
    CHECK(refusal("zoe@exämple.com", "hi@acme.example") ==
          "SendGrid takes ASCII email addresses only (no SMTPUTF8): the recipient's address \"zoe@exämple.com\" "
          "has 'ä' in its domain (write the domain in its xn-- punycode form)");
    CHECK(refusal("zoe@example.com", "Acme <bünde@acme.example>") ==
          "SendGrid takes ASCII email addresses only (no SMTPUTF8): the sender's address \"bünde@acme.example\" "
          "has 'ü' in its local part");
}

TEST_CASE("Extra headers: names checked, values on one line, added once", "[delivery][extra_headers]") {
    CHECK(checked_email_headers({{"List-Unsubscribe", "<a>\r\nBcc: x@y\x7f"}}) ==
          HeaderFields{{"List-Unsubscribe", "<a>  Bcc: x@y "}});
    CHECK_THROWS_AS(checked_email_headers({{"Bad Name", "v"}}), std::invalid_argument);
    CHECK_THROWS_AS(checked_email_headers({{"X:Y", "v"}}), std::invalid_argument);
    CHECK_THROWS_AS(checked_email_headers({{"", "v"}}), std::invalid_argument);
    CHECK_THROWS_AS(checked_email_headers({{"Tëst", "v"}}), std::invalid_argument);

    const HeaderFields unsubscribe = {{"List-Unsubscribe", "<https://u>"}};
    CHECK(with_email_headers("A: 1\r\nB: 2\r\n\r\nbody\r\n\r\nmore", unsubscribe) ==
          "A: 1\r\nB: 2\r\nList-Unsubscribe: <https://u>\r\n\r\nbody\r\n\r\nmore");
    // A folded header's continuation is not taken for a header of its own.
    CHECK(with_email_headers("A: 1\r\n List-Unsubscribe: no\r\n\r\nb", unsubscribe) ==
          "A: 1\r\n List-Unsubscribe: no\r\nList-Unsubscribe: <https://u>\r\n\r\nb");
    CHECK(with_email_headers("A: 1\r\nLIST-UNSUBSCRIBE : <own>\r\n\r\nb", unsubscribe) ==
          "A: 1\r\nLIST-UNSUBSCRIBE : <own>\r\n\r\nb");
    CHECK(with_email_headers("A: 1", unsubscribe) == "A: 1\r\nList-Unsubscribe: <https://u>\r\n");
    CHECK(with_email_headers("A: 1\r\n\r\nb", {}) == "A: 1\r\n\r\nb");

    // Folded at blanks within 78 columns; a word too long stays whole.
    const std::string long_value = "<https://acme.example/unsubscribe/" + std::string(60, 'a') + ">, <mailto:u@acme.example>";
    const std::string folded = with_email_headers("A: 1\r\n\r\nb", {{"List-Unsubscribe", long_value}});
    CHECK(folded == "A: 1\r\nList-Unsubscribe: <https://acme.example/unsubscribe/" + std::string(60, 'a') +
                        ">,\r\n <mailto:u@acme.example>\r\n\r\nb");
}

TEST_CASE("The status rule of every HTTP provider", "[delivery][http_answer]") {
    auto disposition = [](long status) { return disposition_name(classify_http_status(answer(status, "")).disposition); };
    CHECK(disposition(200) == "sent");
    CHECK(disposition(202) == "sent");
    // The provider did not act on the request.
    CHECK(disposition(408) == "retry");
    CHECK(disposition(429) == "retry");
    CHECK(disposition(503) == "retry");
    // It may have.
    CHECK(disposition(500) == "ambiguous");
    CHECK(disposition(502) == "ambiguous");
    CHECK(disposition(504) == "ambiguous");
    CHECK(disposition(0) == "ambiguous");
    CHECK(disposition(301) == "permanent");
    CHECK(disposition(400) == "permanent");
    CHECK(disposition(451) == "permanent");
    CHECK(classify_http_status(answer(429, "", {}, 7)).retry_after_seconds == 7);
    CHECK(classify_http_status(answer(503, "", {}, 7)).retry_after_seconds == 7);
    CHECK(classify_http_status(answer(500, "", {}, 7)).retry_after_seconds == 7);
    CHECK_FALSE(classify_http_status(answer(400, "", {}, 7)).retry_after_seconds);
    CHECK(classify_http_status(answer(503, "", {}, 7)).provider_status == "503");
}

TEST_CASE("parse_answer and json_text never throw on a bad body", "[delivery][http_answer]") {
    CHECK(parse_answer("").is_discarded());
    CHECK(parse_answer("{\"a\": ").is_discarded());
    CHECK(parse_answer("<html>").is_discarded());
    const nlohmann::json object = parse_answer(R"({"s": "x", "n": 42, "f": 1.5, "o": {}, "z": null})");
    CHECK(json_text(object, "s") == "x");
    CHECK(json_text(object, "n") == "42");
    CHECK(json_text(object, "f").empty());
    CHECK(json_text(object, "o").empty());
    CHECK(json_text(object, "z").empty());
    CHECK(json_text(object, "missing").empty());
    CHECK(json_text(parse_answer("[1]"), "s").empty());
    CHECK(json_text(parse_answer("not json"), "s").empty());
}
