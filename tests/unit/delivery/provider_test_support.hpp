// What the provider tests share: a representative email message (non-ASCII
// names and subject, both bodies, RFC 8058 headers, its RFC 5322 form), a
// channel, reading a request back (its HTTP or SMTP form, a header, all
// headers, form fields decoded independently of encoding.cpp) and a table
// of answers with the Classification each one must get.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/delivery/provider.hpp"

namespace journeyctl::delivery_test {

using namespace journeyctl::core::delivery;

inline OutgoingMessage sample_email() {
    OutgoingMessage m;
    m.idempotency_key = "welcome@2026-11-01/p-001";
    m.profile_key = "p-001";
    m.kind = MessageKind::Email;
    m.to = "Zoë Durand <zoe@example.com>";
    m.from = "Acme Café <hello@acme.example>";
    m.subject = "Bienvenue, Zoë — 10 % offerts";
    m.text = "Bonjour Zoë,\nbienvenue.\n";
    m.html = "<p>Bonjour Zoë,</p><p>bienvenue.</p>";
    m.headers = {{"List-Unsubscribe", "<https://acme.example/u/p-001>, <mailto:unsub@acme.example?subject=p-001>"},
                 {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"}};
    m.rfc5322 =
        "Date: Sun, 01 Nov 2026 09:00:00 +0000\r\n"
        "From: =?UTF-8?B?QWNtZSBDYWbDqQ==?= <hello@acme.example>\r\n"
        "To: =?UTF-8?B?Wm/DqyBEdXJhbmQ=?= <zoe@example.com>\r\n"
        "Subject: =?UTF-8?B?QmllbnZlbnVlLCBab8OrIOKAlCAxMCAlIG9mZmVydHM=?=\r\n"
        "Message-ID: <0123456789abcdef@acme.example>\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=UTF-8\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n"
        "\r\n"
        "Bonjour Zo=C3=AB,\r\n"
        "bienvenue.\r\n";
    return m;
}

inline ChannelConfig channel_of(std::string provider, std::map<std::string, std::string, std::less<>> settings) {
    ChannelConfig c;
    c.name = "email";
    c.provider = std::move(provider);
    c.settings = std::move(settings);
    for (const auto& [name, value] : c.settings) {
        if (name != "domain" && name != "region" && name != "message_stream" && name != "host" && name != "port" &&
            name != "tls" && name != "project_id" && name != "url" && name != "method") {
            c.secrets.push_back(value);
        }
    }
    return c;
}

// The DeliveryConfigError that make_provider throws for the channel;
// fails the test when there is none.
inline std::string config_error(const ChannelConfig& channel) {
    try {
        make_provider(channel);
    } catch (const DeliveryConfigError& e) {
        return e.what();
    }
    FAIL("no DeliveryConfigError for a channel of provider " << channel.provider);
    return {};
}

// Copies: requests are built as temporaries.
inline HttpRequest http(const Request& request) {
    REQUIRE(std::holds_alternative<HttpRequest>(request));
    return std::get<HttpRequest>(request);
}

inline SmtpRequest smtp(const Request& request) {
    REQUIRE(std::holds_alternative<SmtpRequest>(request));
    return std::get<SmtpRequest>(request);
}

// The value of the only header of that name (compared without case);
// fails the test when there is none or more than one.
inline std::string header(const HttpRequest& request, std::string_view name) {
    auto same = [name](const std::string& other) {
        return other.size() == name.size() && std::equal(other.begin(), other.end(), name.begin(), [](char a, char b) {
                   return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
               });
    };
    std::vector<std::string> values;
    for (const Header& h : request.headers) {
        if (same(h.name)) values.push_back(h.value);
    }
    INFO("header " << name);
    REQUIRE(values.size() == 1);
    return values.front();
}

// The request's headers by name (each name must occur once).
inline std::map<std::string, std::string> header_map(const HttpRequest& request) {
    std::map<std::string, std::string> out;
    for (const Header& h : request.headers) {
        INFO("header " << h.name);
        CHECK(out.emplace(h.name, h.value).second);
    }
    return out;
}

// An application/x-www-form-urlencoded body read back as a receiver reads
// it: '+' is a space (so a '+' that form_encode failed to encode shows),
// %XX is the byte XX, and every field has a '='.
inline std::vector<std::pair<std::string, std::string>> form_fields(std::string_view body) {
    auto decode = [](std::string_view text) {
        std::string out;
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] == '+') {
                out += ' ';
            } else if (text[i] == '%') {
                REQUIRE(i + 2 < text.size());
                out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
                i += 2;
            } else {
                out += text[i];
            }
        }
        return out;
    };
    std::vector<std::pair<std::string, std::string>> out;
    if (body.empty()) return out;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = std::min(body.find('&', start), body.size());
        const std::string_view pair = body.substr(start, end - start);
        const std::size_t eq = pair.find('=');
        REQUIRE(eq != std::string_view::npos);
        out.emplace_back(decode(pair.substr(0, eq)), decode(pair.substr(eq + 1)));
        if (end == body.size()) break;
        start = end + 1;
    }
    return out;
}

// One answer and what it must be classified as; the optional parts are
// set by name: row(...).recipient().error("...").id("...").wait(2).
struct AnswerRow {
    std::string what;  // shown when the row fails
    Response response;
    Disposition disposition = Disposition::Permanent;
    std::string provider_status;
    bool recipient_problem = false;
    std::string error_contains;  // "" : the error text must be empty
    std::string message_id;
    std::optional<int64_t> retry_after;

    AnswerRow& recipient() {
        recipient_problem = true;
        return *this;
    }
    AnswerRow& error(std::string text) {
        error_contains = std::move(text);
        return *this;
    }
    AnswerRow& id(std::string text) {
        message_id = std::move(text);
        return *this;
    }
    AnswerRow& wait(int64_t seconds) {
        retry_after = seconds;
        return *this;
    }
};

inline AnswerRow row(std::string what, Response response, Disposition disposition, std::string provider_status) {
    AnswerRow out;
    out.what = std::move(what);
    out.response = std::move(response);
    out.disposition = disposition;
    out.provider_status = std::move(provider_status);
    return out;
}

inline Response answer(long status, std::string body, std::vector<Header> headers = {},
                       std::optional<int64_t> retry_after = std::nullopt) {
    Response r;
    r.status = status;
    r.body = std::move(body);
    r.headers = std::move(headers);
    r.retry_after_seconds = retry_after;
    return r;
}

inline std::string disposition_name(Disposition d) {
    switch (d) {
        case Disposition::Sent: return "sent";
        case Disposition::Retry: return "retry";
        case Disposition::Permanent: return "permanent";
        case Disposition::Ambiguous: return "ambiguous";
    }
    return "?";
}

inline void check_row(const Classification& c, const AnswerRow& row) {
    INFO(row.what);
    CHECK(disposition_name(c.disposition) == disposition_name(row.disposition));
    CHECK(c.provider_status == row.provider_status);
    CHECK(c.recipient_problem == row.recipient_problem);
    if (row.error_contains.empty()) {
        CHECK(c.error.empty());
    } else {
        CHECK_THAT(c.error, Catch::Matchers::Contains(row.error_contains));
    }
    CHECK(c.provider_message_id == row.message_id);
    CHECK(c.retry_after_seconds == row.retry_after);
    CHECK(c.error.size() <= 1024);
}

inline void check_answers(const Provider& provider, const std::vector<AnswerRow>& rows) {
    for (const AnswerRow& row : rows) check_row(provider.classify(row.response), row);
}

}  // namespace journeyctl::delivery_test
