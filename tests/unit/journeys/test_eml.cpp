// to_eml and its pieces: quoted-printable (RFC 2045 6.7), encoded-words
// (RFC 2047), the Date header, deterministic Message-ID and boundary,
// CRLF everywhere and line lengths, the List-Unsubscribe headers.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "journeys/messages/address.hpp"
#include "journeys/messages/eml.hpp"
#include "journeys/messages/list_unsubscribe.hpp"

namespace journeyctl::journeys {
namespace {

std::vector<std::string> crlf_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const auto end = text.find("\r\n", start);
        REQUIRE(end != std::string::npos);  // every line ends in CRLF
        lines.push_back(text.substr(start, end - start));
        start = end + 2;
    }
    return lines;
}

Message email() {
    Message m;
    m.channel = "email";
    m.from = "Acme <hello@acme.example>";
    m.to = "zoe@example.com";
    m.subject = "Hello";
    m.text = "Hi Zoé,\nsee you.\n";
    m.html = "<p>Hi Zoé</p>";
    return m;
}

const EmlOptions k_options{.now = {1'793'520'000, 0}, .journey = "", .template_name = "welcome", .profile_key = "p1"};

TEST_CASE("quoted-printable: escapes, CRLF, trailing blanks, soft breaks", "[eml]") {
    CHECK(quoted_printable("plain text") == "plain text");
    CHECK(quoted_printable("a=b") == "a=3Db");
    CHECK(quoted_printable("Zoé") == "Zo=C3=A9");
    CHECK(quoted_printable("one\ntwo") == "one\r\ntwo");
    CHECK(quoted_printable("one\r\ntwo\n") == "one\r\ntwo\r\n");
    CHECK(quoted_printable("end \nx\t") == "end=20\r\nx=09");
    CHECK(quoted_printable("tab\tinside") == "tab\tinside");

    const std::string long_line(200, 'a');
    const std::string encoded = quoted_printable(long_line);
    std::string joined;
    for (const std::string& line : crlf_lines(encoded + "\r\n")) {
        CHECK(line.size() <= 76);
        joined += line.back() == '=' ? line.substr(0, line.size() - 1) : line;
    }
    CHECK(joined == long_line);

    // An =XX escape is never split by a soft break.
    std::string accents;
    for (int i = 0; i < 40; ++i) accents += "é";
    for (const std::string& line : crlf_lines(quoted_printable(accents) + "\r\n")) {
        CHECK(line.size() <= 76);
        const std::string body = line.back() == '=' ? line.substr(0, line.size() - 1) : line;
        CHECK(body.size() % 3 == 0);
    }
}

TEST_CASE("header text: ASCII as is, else RFC 2047 base64 words of at most 75 characters", "[eml]") {
    CHECK(encode_header_text("Hello") == "Hello");
    CHECK(encode_header_text("Zoé") == "=?UTF-8?B?Wm/DqQ==?=");
    std::string long_text;
    for (int i = 0; i < 30; ++i) long_text += "é€";
    const std::string encoded = encode_header_text(long_text);
    std::size_t start = 0;
    int words = 0;
    while (start < encoded.size()) {
        auto end = encoded.find("\r\n ", start);
        if (end == std::string::npos) end = encoded.size();
        const std::string word = encoded.substr(start, end - start);
        CHECK(word.size() <= 75);
        CHECK(word.starts_with("=?UTF-8?B?"));
        CHECK(word.ends_with("?="));
        ++words;
        start = end == encoded.size() ? end : end + 3;
    }
    CHECK(words > 1);
    CHECK(encode_address("Zoé Café <zoe@example.com>") == "=?UTF-8?B?Wm/DqSBDYWbDqQ==?= <zoe@example.com>");
    CHECK(encode_address("\"Zoé\" <zoe@example.com>") == "=?UTF-8?B?Wm/DqQ==?= <zoe@example.com>");
    CHECK(encode_address("a@example.com") == "a@example.com");
}

TEST_CASE("Date header in RFC 5322 form, UTC", "[eml]") {
    CHECK(rfc5322_date({1'793'520'000, 0}) == "Sun, 01 Nov 2026 08:00:00 +0000");
    CHECK(rfc5322_date({0, 0}) == "Thu, 01 Jan 1970 00:00:00 +0000");
}

TEST_CASE("an email with text and html is multipart/alternative", "[eml]") {
    const std::string eml = to_eml(email(), k_options);
    const auto lines = crlf_lines(eml);
    REQUIRE(lines.size() > 8);
    CHECK(lines[0] == "Date: Sun, 01 Nov 2026 08:00:00 +0000");
    CHECK(lines[1] == "From: Acme <hello@acme.example>");
    CHECK(lines[2] == "To: zoe@example.com");
    CHECK(lines[3] == "Subject: Hello");
    CHECK(lines[4].starts_with("Message-ID: <"));
    CHECK(lines[4].ends_with("@acme.example>"));
    CHECK(lines[5] == "MIME-Version: 1.0");
    CHECK(lines[6].starts_with("Content-Type: multipart/alternative; boundary=\"=_journeyctl_"));
    CHECK(eml.find("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                   "Hi Zo=C3=A9,\r\nsee you.\r\n") != std::string::npos);
    CHECK(eml.find("Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                   "<p>Hi Zo=C3=A9</p>\r\n") != std::string::npos);
    CHECK(eml.ends_with("--\r\n"));
    for (const std::string& line : lines) CHECK(line.size() <= 78);
    // No bare LF anywhere.
    for (std::size_t i = 0; i < eml.size(); ++i) {
        if (eml[i] == '\n') CHECK((i > 0 && eml[i - 1] == '\r'));
    }
}

TEST_CASE("Message-ID is deterministic and depends on template, profile and instant", "[eml]") {
    const std::string a = to_eml(email(), k_options);
    CHECK(to_eml(email(), k_options) == a);
    EmlOptions other = k_options;
    other.profile_key = "p2";
    CHECK(to_eml(email(), other) != a);
    other = k_options;
    other.now.seconds += 1;
    const std::string later = to_eml(email(), other);
    CHECK(later.substr(later.find("Message-ID")) != a.substr(a.find("Message-ID")));
}

TEST_CASE("one part only, non-ASCII subject, no address", "[eml]") {
    Message m = email();
    m.html.reset();
    m.to.reset();
    m.subject = "Bienvenue Zoé";
    const std::string eml = to_eml(m, k_options);
    CHECK(eml.find("To:") == std::string::npos);
    CHECK(eml.find("Subject: =?UTF-8?B?QmllbnZlbnVlIFpvw6k=?=\r\n") != std::string::npos);
    CHECK(eml.find("multipart") == std::string::npos);
    CHECK(eml.find("Content-Type: text/plain; charset=UTF-8\r\n") != std::string::npos);
}

// Unfolds a header value (RFC 5322 2.2.3: remove each CRLF before white
// space) after checking that every line of the header fits in 78.
std::string unfold_checked(const std::string& line_start, const std::string& value) {
    const std::string full = line_start + value;
    std::string out;
    std::size_t start = 0;
    while (true) {
        const auto end = full.find("\r\n", start);
        const std::string line = full.substr(start, end == std::string::npos ? std::string::npos : end - start);
        CHECK(line.size() <= 78);
        CHECK(line.find_first_of("\r\n") == std::string::npos);
        if (start > 0) CHECK((line.front() == ' ' || line.front() == '\t'));  // a continuation line
        out += line;
        if (end == std::string::npos) break;
        start = end + 2;
    }
    return out.substr(line_start.size());
}

TEST_CASE("header text: a line break never ends the header, it becomes a space", "[eml]") {
    CHECK(encode_header_text("Hello\nBcc: victim@example.com", 9) == "Hello Bcc: victim@example.com");
    CHECK(encode_header_text("a\r\nb\rc\n\nd") == "a b c  d");
    // With a non-ASCII character the whole text is encoded; the space
    // survives inside the encoded-word.
    CHECK(encode_header_text("Zoé\nBcc: x@example.com", 9) == "=?UTF-8?B?Wm/DqSBCY2M6IHhAZXhhbXBsZS5jb20=?=");
}

TEST_CASE("header text: control characters and \"=?\" are encoded, a tab is not", "[eml]") {
    CHECK(encode_header_text("bell\x07") == "=?UTF-8?B?YmVsbAc=?=");
    CHECK(encode_header_text(std::string("nul\0", 4)) == "=?UTF-8?B?bnVsAA==?=");
    CHECK(encode_header_text("esc\x1b[2J") == "=?UTF-8?B?ZXNjG1sySg==?=");
    CHECK(encode_header_text("=?UTF-8?B?SGk=?=") == "=?UTF-8?B?PT9VVEYtOD9CP1NHaz0/PQ==?=");
    CHECK(encode_header_text("a\tb") == "a\tb");
}

TEST_CASE("header text: long ASCII folds at blanks within 78 columns and unfolds to the text", "[eml]") {
    std::string words;
    for (int i = 0; i < 30; ++i) words += (i ? " word" : "word") + std::to_string(i);
    const std::string folded = encode_header_text(words, 9);
    CHECK(folded.find("\r\n ") != std::string::npos);
    CHECK(unfold_checked("Subject: ", folded) == words);
    // Two blanks in a row are kept across a fold.
    const std::string spaced = std::string(60, 'a') + "  " + std::string(30, 'b');
    CHECK(unfold_checked("Subject: ", encode_header_text(spaced, 9)) == spaced);
    // A word too long for any line is encoded instead (encoded-words can
    // split anywhere); so is one that does not fit after the field name.
    const std::string long_word(120, 'x');
    const std::string encoded = encode_header_text(long_word, 9);
    CHECK(encoded.starts_with("=?UTF-8?B?"));
    unfold_checked("Subject: ", encoded);
}

TEST_CASE("header text: encoded-words leave room for the field name", "[eml]") {
    std::string long_text;
    for (int i = 0; i < 30; ++i) long_text += "é€";
    const std::string encoded = encode_header_text(long_text, 9);
    unfold_checked("Subject: ", encoded);
    // After a field name too long to leave room, the first word still
    // holds one character (the line goes past 78, within RFC 5322's 998);
    // the next ones are on lines of their own.
    const std::string crowded = encode_header_text(long_text, 62);
    const auto first_break = crowded.find("\r\n");
    REQUIRE(first_break != std::string::npos);
    CHECK(first_break <= 24);
    unfold_checked("", crowded.substr(first_break + 2));
}

TEST_CASE("addresses: a long display name folds, the <address> stays whole", "[eml]") {
    const std::string name = "Acme Customer Happiness Team of the Northern Hemisphere Division Office";
    const std::string folded = encode_address(name + " <hello@acme.example>", 6);
    CHECK(unfold_checked("From: ", folded) == name + " <hello@acme.example>");
    CHECK(folded.ends_with("<hello@acme.example>"));
    CHECK(encode_address("Zoé\nBcc: x <zoe@example.com>", 4) == "=?UTF-8?B?Wm/DqSBCY2M6IHg=?= <zoe@example.com>");
    CHECK(encode_address("<zoe@example.com>", 4) == "<zoe@example.com>");
}

TEST_CASE("addresses: a display name with a comma is quoted, one recipient", "[eml]") {
    CHECK(encode_address("Doe, John <john@example.com>", 4) == "\"Doe, John\" <john@example.com>");
    CHECK(encode_address("\"Doe, John\" <john@example.com>", 4) == "\"Doe, John\" <john@example.com>");
    CHECK(encode_address("x@evil.example, Eve <eve@example.com>", 4) ==
          "\"x@evil.example, Eve\" <eve@example.com>");
    CHECK(encode_address("Say \"hi\" <a@example.com>", 4) == "\"Say \\\"hi\\\"\" <a@example.com>");
    CHECK(encode_address("\"open\\\" <a@example.com>", 4) == "\"\\\"open\\\\\\\"\" <a@example.com>");
    CHECK(encode_address("Acme Team <a@example.com>", 4) == "Acme Team <a@example.com>");
}

TEST_CASE("bodies: every line break is CRLF, a lone CR too", "[eml]") {
    CHECK(quoted_printable("a\rb\nc\r\nd") == "a\r\nb\r\nc\r\nd");
    CHECK(quoted_printable("\r\r\n") == "\r\n\r\n");
    Message m = email();
    m.text = "one\rtwo\nthree\r\n";
    m.html = "<p>\r</p>\n";
    const std::string eml = to_eml(m, k_options);
    for (std::size_t i = 0; i < eml.size(); ++i) {
        if (eml[i] == '\n') CHECK((i > 0 && eml[i - 1] == '\r'));
        if (eml[i] == '\r') CHECK((i + 1 < eml.size() && eml[i + 1] == '\n'));
    }
    CHECK(eml.find("one\r\ntwo\r\nthree\r\n") != std::string::npos);
}

TEST_CASE("an address with a control character never reaches the headers", "[eml]") {
    Message m = email();
    m.to = "b@example.com\nBcc: victim@example.com";
    CHECK_THROWS_AS(to_eml(m, k_options), std::invalid_argument);
    m = email();
    m.from = "Acme <hello@acme.example>\r\nBcc: victim@example.com";
    CHECK_THROWS_AS(to_eml(m, k_options), std::invalid_argument);
    m = email();
    m.subject = "Hi\r\nBcc: victim@example.com";
    const std::string eml = to_eml(m, k_options);
    CHECK(eml.find("\r\nBcc:") == std::string::npos);
    CHECK(eml.find("Subject: Hi Bcc: victim@example.com\r\n") != std::string::npos);
}

TEST_CASE("address_problem names the control character and its byte", "[eml]") {
    CHECK_FALSE(address_problem("zoe@example.com").has_value());
    CHECK_FALSE(address_problem("Zoé <zoé@exämple.com>").has_value());
    CHECK(address_problem("b@example.com\nBcc: v@example.com") == "a line feed (LF) at byte 14");
    CHECK(address_problem("b@example.com\r") == "a carriage return (CR) at byte 14");
    CHECK(address_problem(std::string("+33\0", 4)) == "a NUL byte at byte 4");
    CHECK(address_problem("tok\x1b") == "a control character (\\x1b) at byte 4");
    CHECK(address_problem("del\x7f") == "a control character (\\x7f) at byte 4");
    CHECK(address_problem("a\tb") == "a tab at byte 2");
}

TEST_CASE("email_address_problem: one mailbox, nothing that adds a recipient", "[eml]") {
    CHECK_FALSE(email_address_problem("zoe@example.com").has_value());
    CHECK_FALSE(email_address_problem("  zoe@example.com ").has_value());
    CHECK_FALSE(email_address_problem("Zoé <zoé@exämple.com>").has_value());
    CHECK_FALSE(email_address_problem("Doe, John <john@example.com>").has_value());  // the name is quoted when written
    CHECK(email_address_problem("a@example.com, b@example.com") == "a comma at byte 14: an email address is one mailbox");
    CHECK(email_address_problem("a@example.com;b@example.com") ==
          "a semicolon at byte 14: an email address is one mailbox");
    CHECK(email_address_problem("Eve <eve@example.com>, b@example.com") ==
          "a '<' at byte 5 that the address does not end by closing");
    CHECK(email_address_problem("a b@example.com") == "a space at byte 2: an email address is one mailbox");
    CHECK(email_address_problem("\"john doe\"@example.com") ==
          "a double quote at byte 1: an email address is one mailbox");
    CHECK(email_address_problem("zoe") == "no '@': an email address is local@domain");
    CHECK(email_address_problem("a@b@example.com") == "a second '@' at byte 4: an email address is one mailbox");
    CHECK(email_address_problem("@example.com") == "nothing on one side of the '@'");
    CHECK(email_address_problem("Zoe <>") == "no '@': an email address is local@domain");
    CHECK(email_address_problem("b@example.com\nBcc: v@example.com") == "a line feed (LF) at byte 14");
}

TEST_CASE("an address that is not one mailbox never reaches the headers", "[eml]") {
    Message m = email();
    m.to = "a@example.com, b@example.com";
    CHECK_THROWS_AS(to_eml(m, k_options), std::invalid_argument);
}

TEST_CASE("the list headers go in as they are: folded at blanks, never encoded", "[eml][unsubscribe]") {
    Message m = email();
    // "=?" would make other header text encoded-words; a URI must stay readable.
    m.headers = list_unsubscribe_headers("https://acme.example/unsubscribe/c00000042?t=a=?b",
                                         "unsubscribe@acme.example?subject=c00000042");
    CHECK(to_eml(m, k_options).find("\r\nMessage-ID: <") != std::string::npos);
    CHECK(to_eml(m, k_options).find(">\r\nList-Unsubscribe: <https://acme.example/unsubscribe/c00000042?t=a=?b>,\r\n"
                                    " <mailto:unsubscribe@acme.example?subject=c00000042>\r\n"
                                    "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"
                                    "MIME-Version: 1.0\r\n") != std::string::npos);
}

}  // namespace
}  // namespace journeyctl::journeys
