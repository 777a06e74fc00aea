// The multi handle: starting transfers, waiting for any of them (or the
// caller's wake-up descriptor), and handing back the finished ones.
#include "core/delivery/transport.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <climits>
#include <stdexcept>
#include <unordered_map>

#include "core/delivery/libcurl_global.hpp"
#include "core/delivery/transfer.hpp"

namespace journeyctl::core::delivery {
namespace {

void check(CURLMcode code, const char* what) {
    if (code != CURLM_OK) throw std::runtime_error(std::string("libcurl: ") + what + ": " + curl_multi_strerror(code));
}

bool is_token(std::string_view method) {
    return !method.empty() && std::all_of(method.begin(), method.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

bool is_plain_address(std::string_view address) {
    return address.find_first_of(std::string_view("\r\n<>\0", 5)) == address.npos;
}

// Why the request cannot be written as given; empty when it can. Guards
// against header and SMTP command injection from configured values.
std::string why_unwritable(const Request& request) {
    if (const auto* http = std::get_if<HttpRequest>(&request)) {
        if (!is_token(http->method)) return "the HTTP method is not a plain word";
        for (const Header& h : http->headers) {
            if (header_is_unsafe(h)) return "a header name or value holds a line break or is malformed";
        }
        return {};
    }
    const auto& smtp = std::get<SmtpRequest>(request);
    if (smtp.recipients.empty()) return "the message has no recipient";
    if (!is_plain_address(smtp.mail_from)) return "the sender address holds a line break or angle bracket";
    for (const std::string& to : smtp.recipients) {
        if (!is_plain_address(to)) return "a recipient address holds a line break or angle bracket";
    }
    return {};
}

TransferResult unusable(uint64_t tag, std::string error) {
    TransferResult result;
    result.tag = tag;
    result.failure = TransferFailure::Unusable;
    result.error = std::move(error);
    return result;
}

}  // namespace

struct Transport::State {
    TransportOptions options;
    CURLM* multi = nullptr;
    std::unordered_map<void*, std::unique_ptr<Transfer>> transfers;  // by easy handle
    std::vector<TransferResult> refused;  // requests that never reached libcurl

    void perform() {
        int running = 0;
        check(curl_multi_perform(multi, &running), "curl_multi_perform");
    }

    void collect(std::vector<TransferResult>& results) {
        int queued = 0;
        while (CURLMsg* message = curl_multi_info_read(multi, &queued)) {
            if (message->msg != CURLMSG_DONE) continue;
            void* easy = message->easy_handle;
            const CURLcode code = message->data.result;  // read before removing: the message dies with it
            auto found = transfers.find(easy);
            curl_multi_remove_handle(multi, easy);
            if (found == transfers.end()) continue;
            results.push_back(found->second->finish(code));
            transfers.erase(found);
        }
    }
};

Transport::Transport(TransportOptions options) : state_(std::make_unique<State>()) {
    initialise_libcurl_once();
    state_->options = options;
    state_->multi = curl_multi_init();
    if (state_->multi == nullptr) throw std::runtime_error("libcurl could not create a multi handle");
    // Multiplexing is libcurl's default since 7.62; said here because the
    // engine counts on it for HTTP/2 providers.
    check(curl_multi_setopt(state_->multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX), "CURLMOPT_PIPELINING");
    check(curl_multi_setopt(state_->multi, CURLMOPT_MAXCONNECTS, options.max_cached_connections), "CURLMOPT_MAXCONNECTS");
}

Transport::~Transport() {
    for (auto& [easy, transfer] : state_->transfers) curl_multi_remove_handle(state_->multi, easy);
    state_->transfers.clear();
    curl_multi_cleanup(state_->multi);
}

void Transport::start(uint64_t tag, Request request) {
    if (std::string why = why_unwritable(request); !why.empty()) {
        state_->refused.push_back(unusable(tag, std::move(why)));
        return;
    }
    std::unique_ptr<Transfer> transfer;
    try {
        transfer = std::make_unique<Transfer>(tag, std::move(request), state_->options);
    } catch (const std::runtime_error& e) {
        state_->refused.push_back(unusable(tag, e.what()));
        return;
    }
    void* easy = transfer->easy_handle();
    check(curl_multi_add_handle(state_->multi, easy), "curl_multi_add_handle");
    state_->transfers.emplace(easy, std::move(transfer));
}

std::size_t Transport::in_flight() const { return state_->transfers.size() + state_->refused.size(); }

std::vector<TransferResult> Transport::run(std::chrono::milliseconds max_wait, int wake_fd) {
    std::vector<TransferResult> results = std::move(state_->refused);
    state_->refused.clear();
    state_->perform();
    state_->collect(results);
    if (!results.empty()) return results;

    curl_waitfd wake{};
    wake.fd = wake_fd;
    wake.events = CURL_WAIT_POLLIN;
    const auto timeout_ms = static_cast<int>(std::clamp<int64_t>(max_wait.count(), 0, INT_MAX));
    // curl_multi_poll waits the whole timeout even with no transfer, and
    // treats a signal's EINTR as a wake-up.
    check(curl_multi_poll(state_->multi, wake_fd >= 0 ? &wake : nullptr, wake_fd >= 0 ? 1 : 0, timeout_ms, nullptr),
          "curl_multi_poll");
    state_->perform();
    state_->collect(results);
    return results;
}

}  // namespace journeyctl::core::delivery
