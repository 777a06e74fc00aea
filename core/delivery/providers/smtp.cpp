// SMTP: the request and the reading of the server's reply codes.
//
// Request: the envelope is the bare addresses of `from` (MAIL FROM: there
// is no separate bounce address setting) and `to` (one RCPT TO); the
// payload is the message's RFC 5322 form with the extra headers added
// where the message does not have them already. `base_url`, when set,
// is the whole smtp:// or smtps:// URL (a test peer such as MailDev on
// smtp://127.0.0.1:1025); then `tls` only says whether smtp:// must
// upgrade with STARTTLS.
//
// Replies (the transport hands the last reply code as the status, and the
// reply's text as the body when it has it):
//   250        sent; the server's queue id, when the text says
//              "queued as ID", is the provider message id.
//   4xx        retry: the server refused for now (421, 450, 451, 452).
//   5xx        permanent: the server refused for good (530/535 auth, 552
//              size, 554). Whether it is the recipient's problem: when
//              the reply has an enhanced status code (RFC 3463), that
//              code decides: 5.1.1-5.1.3, 5.1.6, 5.1.10 and 5.2.1 (bad,
//              moved or disabled destination mailbox) are, anything else
//              is not (550 5.7.1 is a policy refusal, 5.1.8 a bad sender);
//              without one, 550 and 553 (mailbox unavailable, mailbox
//              name not allowed) are.
//   0, others  ambiguous: no final reply (the connection dropped or timed
//              out, possibly after DATA) or one that makes no sense at the
//              end, so the message may have been queued.
#include "core/delivery/providers/smtp.hpp"

#include <charconv>
#include <cstdint>
#include <stdexcept>

#include <fmt/format.h>

#include "core/delivery/providers/answer_text.hpp"
#include "core/delivery/providers/channel_settings.hpp"
#include "core/delivery/providers/extra_headers.hpp"
#include "core/delivery/providers/mailbox.hpp"
#include "core/delivery/redact.hpp"

namespace journeyctl::core::delivery {

namespace {

using namespace providers;

constexpr int k_default_port = 587;

enum class Tls : uint8_t { None, StartTls, Implicit };

Tls read_tls(const ChannelConfig& channel) {
    const std::string& tls = channel.setting("tls");
    if (tls.empty() || tls == "starttls") return Tls::StartTls;
    if (tls == "none") return Tls::None;
    if (tls == "tls") return Tls::Implicit;
    throw_config_error(channel, "setting 'tls' must be none, starttls or tls");
}

int read_port(const ChannelConfig& channel) {
    const std::string& text = channel.setting("port");
    if (text.empty()) return k_default_port;
    int port = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), port);
    if (error != std::errc() || end != text.data() + text.size() || port < 1 || port > 65535) {
        throw_config_error(channel, "setting 'port' must be a port number, 1 to 65535");
    }
    return port;
}

// An IPv6 address goes in brackets in a URL.
std::string url_host(const std::string& host) {
    return host.find(':') != std::string::npos && !host.starts_with('[') ? "[" + host + "]" : host;
}

// The reply's enhanced status code (RFC 3463), "5.1.1", when the reply
// text starts with one (after the reply code, if the text repeats it).
std::string enhanced_code(std::string_view reply) {
    auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
    if (reply.size() >= 4 && is_digit(reply[0]) && is_digit(reply[1]) && is_digit(reply[2]) &&
        (reply[3] == ' ' || reply[3] == '-')) {
        reply.remove_prefix(4);
    }
    while (!reply.empty() && reply.front() == ' ') reply.remove_prefix(1);
    const std::string_view code = reply.substr(0, reply.find_first_not_of("0123456789."));
    // class "." subject "." detail: one digit, then one to three digits twice.
    const std::size_t first_dot = code.find('.');
    const std::size_t second_dot = code.find('.', first_dot + 1);
    if (code.empty() || (code[0] != '2' && code[0] != '4' && code[0] != '5') || first_dot != 1 ||
        second_dot == std::string_view::npos || second_dot == 2 || second_dot > 5 || code.size() == second_dot + 1 ||
        code.size() > second_dot + 4 || code.find('.', second_dot + 1) != std::string_view::npos) {
        return {};
    }
    return std::string(code);
}

bool enhanced_is_recipient(std::string_view code) {
    return code == "5.1.1" || code == "5.1.2" || code == "5.1.3" || code == "5.1.6" || code == "5.1.10" ||
           code == "5.2.1";
}

// "250 2.0.0 Ok: queued as 4F2C3A1B2" -> "4F2C3A1B2".
std::string queue_id(std::string_view reply) {
    constexpr std::string_view k_marker = "queued as ";
    const std::size_t at = reply.find(k_marker);
    if (at == std::string_view::npos) return {};
    std::string_view id = reply.substr(at + k_marker.size());
    id = id.substr(0, id.find_first_of(" \t\r\n"));
    return std::string(id);
}

class Smtp final : public Provider {
public:
    explicit Smtp(const ChannelConfig& channel)
        : m_username(channel.setting("username")),
          m_password(channel.setting("password")),
          m_secrets(channel_secrets(channel)) {
        const Tls tls = read_tls(channel);
        const int port = read_port(channel);
        if (channel.base_url.empty()) {
            m_url = fmt::format("{}://{}:{}", tls == Tls::Implicit ? "smtps" : "smtp",
                                url_host(required_setting(channel, "host")), port);
            m_require_tls = tls == Tls::StartTls;
        } else if (channel.base_url.starts_with("smtps://")) {
            m_url = channel.base_url;
        } else if (channel.base_url.starts_with("smtp://")) {
            if (tls == Tls::Implicit) throw_config_error(channel, "setting 'tls' is tls, which needs an smtps:// base_url");
            m_url = channel.base_url;
            m_require_tls = tls == Tls::StartTls;
        } else {
            throw_config_error(channel, "setting 'base_url' must be an smtp:// or smtps:// URL for provider smtp");
        }
        if (m_username.empty() != m_password.empty()) {
            throw_config_error(channel, fmt::format("setting '{}' is missing; SMTP authentication needs both "
                                                    "username and password",
                                                    m_username.empty() ? "username" : "password"));
        }
    }

    std::string_view name() const override { return "smtp"; }

    Request build(const OutgoingMessage& message, const AttemptContext& /*attempt*/) const override {
        if (message.rfc5322.empty()) throw std::invalid_argument("smtp: the message has no RFC 5322 form to send");
        SmtpRequest request;
        request.url = m_url;
        request.require_tls = m_require_tls;
        request.username = m_username;
        request.password = m_password;
        request.mail_from = split_mailbox(message.from).address;
        request.recipients = {split_mailbox(message.to).address};
        request.payload = with_email_headers(message.rfc5322, message.headers);
        return request;
    }

    Classification classify(const Response& response) const override {
        Classification out;
        const long code = response.status;
        out.provider_status = fmt::format("smtp {}", code);
        out.error = code == 250 ? std::string() : error_text(response.body, m_secrets);
        if (code == 250) {
            out.disposition = Disposition::Sent;
            out.provider_message_id = queue_id(response.body);
        } else if (code >= 400 && code < 500) {
            out.disposition = Disposition::Retry;
        } else if (code >= 500 && code < 600) {
            out.disposition = Disposition::Permanent;
            const std::string enhanced = enhanced_code(response.body);
            out.recipient_problem = enhanced.empty() ? code == 550 || code == 553 : enhanced_is_recipient(enhanced);
        } else {
            out.disposition = Disposition::Ambiguous;
        }
        return out;
    }

private:
    std::string m_url;
    bool m_require_tls = false;
    std::string m_username;
    std::string m_password;
    std::vector<std::string> m_secrets;
};

}  // namespace

std::unique_ptr<Provider> make_smtp(const ChannelConfig& channel) { return std::make_unique<Smtp>(channel); }

}  // namespace journeyctl::core::delivery
