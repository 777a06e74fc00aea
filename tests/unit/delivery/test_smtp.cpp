#include <catch2/catch.hpp>

#include "core/delivery/providers/smtp.hpp"
#include "provider_test_support.hpp"

using namespace journeyctl::delivery_test;

namespace {

ChannelConfig smtp_channel(std::map<std::string, std::string, std::less<>> settings) {
    return channel_of("smtp", std::move(settings));
}

SmtpRequest built(const ChannelConfig& channel, const OutgoingMessage& message = sample_email()) {
    return smtp(make_smtp(channel)->build(message, {}));
}

}  // namespace

TEST_CASE("SMTP request: envelope, credentials, the RFC 5322 payload", "[delivery][smtp]") {
    const ChannelConfig channel =
        smtp_channel({{"host", "smtp.acme.example"}, {"username", "journeys"}, {"password", "s3cret!"}});
    const auto provider = make_smtp(channel);
    CHECK(provider->name() == "smtp");
    const OutgoingMessage message = sample_email();
    const SmtpRequest request = smtp(provider->build(message, {}));
    CHECK(request.url == "smtp://smtp.acme.example:587");
    CHECK(request.require_tls);
    CHECK(request.username == "journeys");
    CHECK(request.password == "s3cret!");
    CHECK(request.mail_from == "hello@acme.example");
    CHECK(request.recipients == std::vector<std::string>{"zoe@example.com"});
    const std::size_t blank = message.rfc5322.find("\r\n\r\n") + 2;
    CHECK(request.payload == message.rfc5322.substr(0, blank) +
                                 "List-Unsubscribe: <https://acme.example/u/p-001>,\r\n"
                                 " <mailto:unsub@acme.example?subject=p-001>\r\n"
                                 "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" +
                                 message.rfc5322.substr(blank));
}

TEST_CASE("SMTP request: the message's own headers win; no RFC 5322 form is refused", "[delivery][smtp]") {
    const ChannelConfig channel = smtp_channel({{"host", "smtp.acme.example"}});
    OutgoingMessage message = sample_email();
    message.rfc5322 = "From: hello@acme.example\r\nlist-unsubscribe: <https://acme.example/own>\r\n\r\nHi\r\n";
    CHECK(built(channel, message).payload ==
          "From: hello@acme.example\r\nlist-unsubscribe: <https://acme.example/own>\r\n"
          "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n\r\nHi\r\n");
    CHECK(built(channel, message).username.empty());
    message.rfc5322.clear();
    CHECK_THROWS_AS(make_smtp(channel)->build(message, {}), std::invalid_argument);
}

TEST_CASE("SMTP URL from host, port and tls, or from base_url", "[delivery][smtp]") {
    CHECK(built(smtp_channel({{"host", "127.0.0.1"}, {"port", "1025"}, {"tls", "none"}})).url == "smtp://127.0.0.1:1025");
    CHECK_FALSE(built(smtp_channel({{"host", "127.0.0.1"}, {"port", "1025"}, {"tls", "none"}})).require_tls);
    CHECK(built(smtp_channel({{"host", "mail.example"}, {"tls", "starttls"}})).require_tls);
    const SmtpRequest implicit = built(smtp_channel({{"host", "mail.example"}, {"port", "465"}, {"tls", "tls"}}));
    CHECK(implicit.url == "smtps://mail.example:465");
    CHECK_FALSE(implicit.require_tls);  // TLS from the first byte: nothing to upgrade
    CHECK(built(smtp_channel({{"host", "::1"}})).url == "smtp://[::1]:587");

    ChannelConfig peer = smtp_channel({{"tls", "none"}});
    peer.base_url = "smtp://127.0.0.1:1025";
    CHECK(built(peer).url == "smtp://127.0.0.1:1025");
    CHECK_FALSE(built(peer).require_tls);
    peer.settings.erase("tls");
    CHECK(built(peer).require_tls);  // starttls stays the default
    peer.base_url = "smtps://127.0.0.1:1465";
    CHECK(built(peer).url == "smtps://127.0.0.1:1465");
    CHECK_FALSE(built(peer).require_tls);
}

TEST_CASE("SMTP settings that cannot work", "[delivery][smtp]") {
    CHECK(config_error(smtp_channel({})) == "channel 'email' (smtp): setting 'host' is missing or empty");
    CHECK(config_error(smtp_channel({{"host", "h"}, {"port", "smtp"}})) ==
          "channel 'email' (smtp): setting 'port' must be a port number, 1 to 65535");
    CHECK_THAT(config_error(smtp_channel({{"host", "h"}, {"port", "0"}})), Catch::Matchers::Contains("'port'"));
    CHECK_THAT(config_error(smtp_channel({{"host", "h"}, {"port", "65536"}})), Catch::Matchers::Contains("'port'"));
    CHECK(config_error(smtp_channel({{"host", "h"}, {"tls", "ssl"}})) ==
          "channel 'email' (smtp): setting 'tls' must be none, starttls or tls");
    const std::string lone = config_error(smtp_channel({{"host", "h"}, {"password", "s3cret!"}}));
    CHECK_THAT(lone, Catch::Matchers::Contains("'username'"));
    CHECK_THAT(lone, !Catch::Matchers::Contains("s3cret"));
    CHECK_THAT(config_error(smtp_channel({{"host", "h"}, {"username", "u"}})), Catch::Matchers::Contains("'password'"));
    ChannelConfig http = smtp_channel({});
    http.base_url = "http://127.0.0.1:1025";
    CHECK_THAT(config_error(http), Catch::Matchers::Contains("'base_url'"));
    ChannelConfig mixed = smtp_channel({{"tls", "tls"}});
    mixed.base_url = "smtp://127.0.0.1:1025";
    CHECK_THAT(config_error(mixed), Catch::Matchers::Contains("'tls'"));
}

TEST_CASE("SMTP replies: every row of providers.md", "[delivery][smtp]") {
    const auto provider =
        make_smtp(smtp_channel({{"host", "smtp.acme.example"}, {"username", "journeys"}, {"password", "s3cret!"}}));
    const std::vector<AnswerRow> rows = {
        row("250 with a Postfix queue id", answer(250, "250 2.0.0 Ok: queued as 4F2C3A1B2"), Disposition::Sent,
            "smtp 250")
            .id("4F2C3A1B2"),
        row("250 MailDev", answer(250, "250 Message queued as 2tzo6c5f"), Disposition::Sent, "smtp 250").id("2tzo6c5f"),
        row("250 without text", answer(250, ""), Disposition::Sent, "smtp 250"),
        row("421", answer(421, "421 4.3.2 Service not available, closing channel"), Disposition::Retry, "smtp 421")
            .error("Service not available"),
        row("450", answer(450, "450 4.2.1 Mailbox busy"), Disposition::Retry, "smtp 450").error("Mailbox busy"),
        row("451", answer(451, "451 4.3.0 Local error in processing"), Disposition::Retry, "smtp 451")
            .error("Local error"),
        row("452 rate", answer(452, "452 4.5.3 Too many recipients"), Disposition::Retry, "smtp 452")
            .error("Too many recipients"),
        row("530 auth required", answer(530, "530 5.7.0 Authentication required"), Disposition::Permanent, "smtp 530")
            .error("Authentication required"),
        row("535 bad credentials", answer(535, "535 5.7.8 Authentication credentials invalid"), Disposition::Permanent,
            "smtp 535")
            .error("credentials invalid"),
        row("550 unknown user", answer(550, "550 5.1.1 <zoe@example.com>: Recipient address rejected: User unknown"),
            Disposition::Permanent, "smtp 550")
            .recipient()
            .error("User unknown"),
        row("550 without text", answer(550, ""), Disposition::Permanent, "smtp 550").recipient(),
        row("550 without an enhanced code", answer(550, "550 Requested action not taken: mailbox unavailable"),
            Disposition::Permanent, "smtp 550")
            .recipient()
            .error("mailbox unavailable"),
        row("550 policy", answer(550, "550 5.7.1 Message rejected as spam"), Disposition::Permanent, "smtp 550")
            .error("rejected as spam"),
        row("550 bad sender", answer(550, "550 5.1.8 <hello@acme.example>: Sender address rejected"),
            Disposition::Permanent, "smtp 550")
            .error("Sender address rejected"),
        row("551 moved", answer(551, "551 5.1.6 User has moved"), Disposition::Permanent, "smtp 551")
            .recipient()
            .error("moved"),
        row("552 size", answer(552, "552 5.3.4 Message size exceeds fixed limit"), Disposition::Permanent, "smtp 552")
            .error("size exceeds"),
        row("553 mailbox name", answer(553, "553 5.1.3 Mailbox name not allowed"), Disposition::Permanent, "smtp 553")
            .recipient()
            .error("not allowed"),
        row("553 without text", answer(553, ""), Disposition::Permanent, "smtp 553").recipient(),
        row("554", answer(554, "554 5.7.1 Relay access denied"), Disposition::Permanent, "smtp 554")
            .error("Relay access denied"),
        row("501 malformed recipient", answer(501, "5.1.3 Bad recipient address syntax"), Disposition::Permanent,
            "smtp 501")
            .recipient()
            .error("Bad recipient address syntax"),
        row("552 disabled mailbox", answer(552, "552-5.2.1 The email account is disabled"), Disposition::Permanent,
            "smtp 552")
            .recipient()
            .error("disabled"),
        row("no reply", answer(0, ""), Disposition::Ambiguous, "smtp 0"),
        row("354 as the last reply", answer(354, "354 End data with <CR><LF>.<CR><LF>"), Disposition::Ambiguous,
            "smtp 354")
            .error("End data"),
        row("221 as the last reply", answer(221, "221 Bye"), Disposition::Ambiguous, "smtp 221").error("Bye"),
        row("multi-line reply", answer(535, "535 5.7.8 bad\r\n535 5.7.8 s3cret! rejected\x1b[2J"),
            Disposition::Permanent, "smtp 535")
            .error("bad 535 5.7.8 [redacted] rejected\\x1b[2J"),
    };
    check_answers(*provider, rows);
}
