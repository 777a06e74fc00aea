// The transport: performs providers' requests (HTTP and SMTP) on one
// libcurl multi handle, many at once, reusing connections and multiplexing
// HTTP/2 where the server offers it. It knows nothing of retries or
// providers: it reports, per request, the answer or how the request failed,
// and whether the request may have reached the peer.
//
// When may a failed request have left? (TransferFailure)
//  - HTTP: once libcurl calls the pre-request callback (CURLOPT_PREREQFUNCTION:
//    connection made or reused, TLS done, request about to be written),
//    anything can have reached the server. Before it (resolving, connecting,
//    the TLS handshake, a connect timeout) nothing was written: NotSent.
//    After it, a failure without a complete answer (timeout, reset, an answer
//    cut short) is MaybeSent. libcurl silently sends a request again when a
//    reused connection dies without answering; that second send is refused
//    in the same callback, so a request leaves at most once per attempt and
//    the attempt ends MaybeSent.
//  - SMTP: the peer can only queue a message once it has the whole payload
//    and the end-of-data mark, which libcurl writes once the read callback
//    has handed over the payload's last byte. A failure before that (greeting, AUTH, MAIL,
//    RCPT, halfway through the data) is NotSent; after it, without the final
//    reply, MaybeSent. A reply code of 400 or more is the server's answer,
//    whatever libcurl's result (e.g. "MAIL failed: 530"): a Response.
//  - Nothing sent but retrying cannot help (malformed URL, protocol not
//    allowed, certificate refused, TLS required but not offered): Unusable.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/delivery/provider.hpp"

namespace journeyctl::core::delivery {

struct TransportOptions {
    std::chrono::milliseconds connect_timeout{10'000};
    std::chrono::milliseconds total_timeout{30'000};  // the whole request, connect included
    std::size_t max_response_body = 64 * 1024;  // the rest of a longer body is dropped
    long max_cached_connections = 64;           // idle connections kept for reuse
};

enum class TransferFailure : uint8_t {
    None,       // the peer answered: the result's `response`
    NotSent,    // nothing of the request reached the peer: safe to retry
    MaybeSent,  // the request may have reached the peer: never retry
    Unusable,   // nothing sent, and the same request cannot work
};

struct TransferResult {
    uint64_t tag = 0;  // the caller's tag given to start()
    TransferFailure failure = TransferFailure::None;
    Response response;  // when failure == None
    // When failed: libcurl's explanation ("Connection refused"); it names
    // hosts and ports, never the request's headers, body or credentials.
    std::string error;
    int curl_code = 0;  // libcurl's CURLcode, 0 when none applies
};

// The generic reading of a failed transfer, for any provider: NotSent ->
// Retry, MaybeSent -> Ambiguous, Unusable -> Permanent; provider_status
// "curl N", error the transfer's.
Classification classify_failure(const TransferResult& result);

class Transport {
public:
    explicit Transport(TransportOptions options = {});
    ~Transport();  // abandons whatever is still in flight
    Transport(const Transport&) = delete;
    Transport& operator=(const Transport&) = delete;

    // Starts a request; its result comes back from run() with `tag`. A
    // request that cannot be written as given (a header name or value with a
    // line break) comes back Unusable without touching the network.
    void start(uint64_t tag, Request request);
    // Requests started and not yet returned by run().
    std::size_t in_flight() const;

    // Moves the transfers along. Waits at most `max_wait` for network
    // activity, or for `wake_fd` (when not -1) to become readable, unless a
    // transfer has already finished; returns every transfer that finished.
    std::vector<TransferResult> run(std::chrono::milliseconds max_wait, int wake_fd = -1);

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace journeyctl::core::delivery
