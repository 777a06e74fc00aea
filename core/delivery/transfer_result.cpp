// Reading how a transfer ended: the answer, or which kind of failure
// (transport.hpp states the rule this implements).
#include <curl/curl.h>

#include <algorithm>
#include <stdexcept>

#include "core/delivery/transfer.hpp"

namespace journeyctl::core::delivery {
namespace {

// Failures that retrying the same request cannot cure, all of which happen
// before the request is written: the URL, the protocol, the peer's
// certificate, TLS required and not offered, credentials refused.
bool cannot_work(CURLcode code) {
    switch (code) {
        case CURLE_UNSUPPORTED_PROTOCOL:
        case CURLE_URL_MALFORMAT:
        case CURLE_NOT_BUILT_IN:
        case CURLE_BAD_FUNCTION_ARGUMENT:
        case CURLE_UNKNOWN_OPTION:
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_CIPHER:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
        case CURLE_USE_SSL_FAILED:
        case CURLE_LOGIN_DENIED:
        case CURLE_AUTH_ERROR:
            return true;
        default:
            return false;
    }
}

long response_code(void* easy) {
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    return status;
}

bool breaks_a_line(std::string_view text) { return text.find_first_of(std::string_view("\r\n\0", 3)) != text.npos; }

}  // namespace

TransferResult Transfer::finish(int curl_code) const {
    return std::holds_alternative<HttpRequest>(request_) ? finish_http(curl_code) : finish_smtp(curl_code);
}

TransferResult Transfer::finish_http(int curl_code) const {
    if (curl_code != CURLE_OK) {
        if (prerequests_ > 0) return failed(TransferFailure::MaybeSent, curl_code);
        return failed(cannot_work(static_cast<CURLcode>(curl_code)) ? TransferFailure::Unusable : TransferFailure::NotSent,
                      curl_code);
    }
    TransferResult result;
    result.tag = tag_;
    result.response.status = response_code(easy_);
    result.response.headers = response_headers_;
    result.response.body = body_;
    if (result.response.header("retry-after") != nullptr) {
        // libcurl reads both forms (delay-seconds, HTTP-date); a date in the
        // past comes back negative, and means "now".
        curl_off_t seconds = 0;
        curl_easy_getinfo(easy_, CURLINFO_RETRY_AFTER, &seconds);
        result.response.retry_after_seconds = std::max<int64_t>(seconds, 0);
    }
    return result;
}

TransferResult Transfer::finish_smtp(int curl_code) const {
    const long status = response_code(easy_);
    if (curl_code == CURLE_OK || status >= 400) {
        TransferResult result;
        result.tag = tag_;
        result.response.status = status;
        return result;
    }
    if (upload_finished_) return failed(TransferFailure::MaybeSent, curl_code);
    return failed(cannot_work(static_cast<CURLcode>(curl_code)) ? TransferFailure::Unusable : TransferFailure::NotSent,
                  curl_code);
}

TransferResult Transfer::failed(TransferFailure failure, int curl_code) const {
    TransferResult result;
    result.tag = tag_;
    result.failure = failure;
    result.curl_code = curl_code;
    const std::string_view detail(error_buffer_.c_str());
    result.error = detail.empty() ? curl_easy_strerror(static_cast<CURLcode>(curl_code)) : std::string(detail);
    return result;
}

bool header_is_unsafe(const Header& header) {
    return header.name.empty() || header.name.find_first_of(": \t") != std::string::npos || breaks_a_line(header.name) ||
           breaks_a_line(header.value);
}

Classification classify_failure(const TransferResult& result) {
    Classification classification;
    switch (result.failure) {
        case TransferFailure::NotSent: classification.disposition = Disposition::Retry; break;
        case TransferFailure::MaybeSent: classification.disposition = Disposition::Ambiguous; break;
        case TransferFailure::Unusable: classification.disposition = Disposition::Permanent; break;
        case TransferFailure::None: throw std::logic_error("classify_failure: the transfer did not fail");
    }
    classification.provider_status = result.curl_code != 0 ? "curl " + std::to_string(result.curl_code) : "transport";
    classification.error = result.error;
    return classification;
}

}  // namespace journeyctl::core::delivery
