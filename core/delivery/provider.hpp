// Providers as pure functions: build() turns a message into the request
// the provider's API expects; classify() reads the provider's answer. No
// network here: core/delivery/transport performs requests, the engine
// decides on retries, the ledger records. Each provider is unit-tested
// without a network (tests/unit/delivery/), and against its real spec
// under Prism where one exists.
//
// Contracts, error shapes and retry classes: shared/reference/providers.md.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/delivery/channel.hpp"
#include "core/delivery/message.hpp"

namespace journeyctl::core::delivery {

struct Header {
    std::string name;
    std::string value;
    bool operator==(const Header&) const = default;
};

struct HttpRequest {
    std::string method = "POST";
    std::string url;
    std::vector<Header> headers;  // Content-Type included
    std::string body;
    // HTTP Basic when `username` is not empty (Twilio, Mailgun). With
    // `aws_sigv4` set, the access key id and secret that libcurl signs with.
    std::string username;
    std::string password;
    // CURLOPT_AWS_SIGV4's parameter ("aws:amz:us-east-1:ses"); empty: none.
    std::string aws_sigv4;
    // The certificate authorities to trust (a PEM file) instead of the
    // system's; empty: the system's. The engine sets it from the channel.
    std::string ca_file;
};

struct SmtpRequest {
    std::string url;  // smtp://host:port (STARTTLS when require_tls) or smtps://host:port
    bool require_tls = false;
    std::string username;  // empty: no AUTH
    std::string password;
    std::string mail_from;               // bare address, no angle brackets
    std::vector<std::string> recipients;  // bare addresses
    std::string payload;                  // the RFC 5322 message, CRLF line ends
    std::string ca_file;                  // as HttpRequest's
};

using Request = std::variant<HttpRequest, SmtpRequest>;

// A provider's answer. For SMTP, `status` is the last reply code and
// `body` that reply's text when the transport has it ("550 5.1.1 ...":
// the enhanced status code tells a bad mailbox from a policy refusal).
// `status` 0: no answer came (the connection dropped after sending).
struct Response {
    long status = 0;
    std::vector<Header> headers;  // names lower-cased
    std::string body;
    // Retry-After in seconds from now (both forms; libcurl's
    // CURLINFO_RETRY_AFTER), when the answer carried one.
    std::optional<int64_t> retry_after_seconds;

    // The first header of that (lower-case) name, or nullptr.
    const std::string* header(std::string_view lower_name) const;
};

enum class Disposition : uint8_t {
    Sent,       // the provider took the message
    Retry,      // it did not, and another attempt may succeed (429, 5xx it did not act on)
    Permanent,  // it did not, and the same request will fail again (4xx, bad address)
    Ambiguous,  // it may have: never retried without --resend-unknown
};

struct Classification {
    Disposition disposition = Disposition::Permanent;
    std::string provider_message_id;  // when sent and the provider gave one
    // The provider's own status, short: "202", "422 ErrorCode 406",
    // "vonage status 4", "smtp 550".
    std::string provider_status;
    // The provider's explanation, for the user (first KB at most). Never
    // contains a secret of the request.
    std::string error;
    // A permanent failure that is the recipient's (bad or inactive
    // address, unregistered device): the channel's fallback is not tried.
    bool recipient_problem = false;
    // The provider asked to wait at least this long before retrying.
    std::optional<int64_t> retry_after_seconds;
};

// What the engine knows about an attempt when building its request.
struct AttemptContext {
    int attempt = 1;           // 1 for the first
    int64_t unix_seconds = 0;  // the attempt's wall-clock time (webhook-timestamp, JWT iat)
};

class Provider {
public:
    virtual ~Provider() = default;
    virtual std::string_view name() const = 0;
    virtual Request build(const OutgoingMessage& message, const AttemptContext& attempt) const = 0;
    virtual Classification classify(const Response& response) const = 0;

    // Providers that need an access token first (FCM's OAuth2): the request
    // that gets one when the cached token is missing or expires within a
    // few minutes of `unix_seconds`; nullopt when the cache is good or the
    // provider needs none. The engine performs it and hands the answer to
    // accept_token, which throws DeliveryConfigError when it is refused.
    virtual std::optional<Request> token_request(int64_t unix_seconds);
    virtual void accept_token(const Response& response, int64_t unix_seconds);
};

// A channel that cannot work as configured (unknown provider, a required
// setting missing or malformed, a key that does not parse). The message
// names the channel and the setting, never a secret's value.
class DeliveryConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The provider of a channel; DeliveryConfigError when it cannot work.
std::unique_ptr<Provider> make_provider(const ChannelConfig& channel);

// The request with every secret of the channel (and every password,
// Authorization / X-Postmark-Server-Token / api key value, and the signed
// `assertion` of FCM's token request) replaced by "[redacted]": what
// `send --dry-run` prints and errors may quote.
Request redacted(const Request& request, const ChannelConfig& channel);

}  // namespace journeyctl::core::delivery
