// Setting up one easy handle per request, and the callbacks that collect
// the answer. Nothing here follows redirects, and each transfer may only
// speak the protocols of its request type, so a provider's URL cannot turn
// a message into something else (a file:// read, an FTP upload).
#include "core/delivery/transfer.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <stdexcept>

namespace journeyctl::core::delivery {
namespace {

void check(CURLcode code, const char* what) {
    if (code != CURLE_OK) throw std::runtime_error(std::string("libcurl refused ") + what + ": " + curl_easy_strerror(code));
}

curl_slist* append(curl_slist* list, const std::string& line) {
    curl_slist* longer = curl_slist_append(list, line.c_str());
    if (longer == nullptr) throw std::runtime_error("libcurl could not allocate a list");
    return longer;
}

bool has_header(const std::vector<Header>& headers, std::string_view lower_name) {
    return std::any_of(headers.begin(), headers.end(), [&](const Header& h) {
        return h.name.size() == lower_name.size() &&
               std::equal(h.name.begin(), h.name.end(), lower_name.begin(),
                          [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
    });
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool starts_with_ignoring_case(std::string_view text, std::string_view lower_prefix) {
    return text.size() >= lower_prefix.size() && lower(text.substr(0, lower_prefix.size())) == lower_prefix;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' || text.back() == '\n'))
        text.remove_suffix(1);
    return text;
}

}  // namespace

Transfer::Transfer(uint64_t tag, Request request, const TransportOptions& options)
    : tag_(tag), request_(std::move(request)), error_buffer_(CURL_ERROR_SIZE, '\0'), max_body_(options.max_response_body) {
    easy_ = curl_easy_init();
    if (easy_ == nullptr) throw std::runtime_error("libcurl could not create a transfer");
    check(curl_easy_setopt(easy_, CURLOPT_PRIVATE, this), "CURLOPT_PRIVATE");
    check(curl_easy_setopt(easy_, CURLOPT_ERRORBUFFER, error_buffer_.data()), "CURLOPT_ERRORBUFFER");
    // No signals: libcurl would otherwise use SIGALRM for resolver timeouts.
    check(curl_easy_setopt(easy_, CURLOPT_NOSIGNAL, 1L), "CURLOPT_NOSIGNAL");
    check(curl_easy_setopt(easy_, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout.count())),
          "CURLOPT_CONNECTTIMEOUT_MS");
    check(curl_easy_setopt(easy_, CURLOPT_TIMEOUT_MS, static_cast<long>(options.total_timeout.count())),
          "CURLOPT_TIMEOUT_MS");
    check(curl_easy_setopt(easy_, CURLOPT_PREREQFUNCTION, &Transfer::on_prerequest), "CURLOPT_PREREQFUNCTION");
    check(curl_easy_setopt(easy_, CURLOPT_PREREQDATA, this), "CURLOPT_PREREQDATA");
    if (const auto* http = std::get_if<HttpRequest>(&request_)) {
        set_up_http(*http);
    } else {
        set_up_smtp(std::get<SmtpRequest>(request_));
    }
}

Transfer::~Transfer() {
    if (easy_ != nullptr) curl_easy_cleanup(easy_);
    curl_slist_free_all(headers_);
    curl_slist_free_all(recipients_);
}

void Transfer::set_up_http(const HttpRequest& http) {
    check(curl_easy_setopt(easy_, CURLOPT_URL, http.url.c_str()), "the URL");
    check(curl_easy_setopt(easy_, CURLOPT_PROTOCOLS_STR, "http,https"), "CURLOPT_PROTOCOLS_STR");
    check(curl_easy_setopt(easy_, CURLOPT_FOLLOWLOCATION, 0L), "CURLOPT_FOLLOWLOCATION");
    check(curl_easy_setopt(easy_, CURLOPT_USERAGENT, "journeyctl"), "CURLOPT_USERAGENT");
    // HTTP/2 over TLS when the server offers it (ALPN), HTTP/1.1 otherwise.
    // A libcurl built without HTTP/2 refuses the option and speaks HTTP/1.1.
    (void)curl_easy_setopt(easy_, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
    // Over TLS, a new request waits for a connection being set up to the same
    // host, to multiplex on it if it turns out HTTP/2, rather than open
    // another (an HTTP/1.1 server costs the first requests one answer's
    // wait). Plain http:// never speaks HTTP/2 here, so nothing to wait for.
    if (starts_with_ignoring_case(http.url, "https://")) check(curl_easy_setopt(easy_, CURLOPT_PIPEWAIT, 1L), "CURLOPT_PIPEWAIT");
    if (!http.ca_file.empty()) check(curl_easy_setopt(easy_, CURLOPT_CAINFO, http.ca_file.c_str()), "CURLOPT_CAINFO");

    if (http.method == "GET") {
        check(curl_easy_setopt(easy_, CURLOPT_HTTPGET, 1L), "CURLOPT_HTTPGET");
    } else if (http.method == "HEAD") {
        check(curl_easy_setopt(easy_, CURLOPT_NOBODY, 1L), "CURLOPT_NOBODY");
    } else {
        // The body stays in memory (request_ owns it) rather than being read
        // through a callback: CURLOPT_AWS_SIGV4 signs only POSTFIELDS.
        check(curl_easy_setopt(easy_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(http.body.size())),
              "CURLOPT_POSTFIELDSIZE_LARGE");
        check(curl_easy_setopt(easy_, CURLOPT_POSTFIELDS, http.body.data()), "CURLOPT_POSTFIELDS");
        if (http.method != "POST") check(curl_easy_setopt(easy_, CURLOPT_CUSTOMREQUEST, http.method.c_str()), "the method");
    }

    for (const Header& h : http.headers) headers_ = append(headers_, h.value.empty() ? h.name + ";" : h.name + ": " + h.value);
    // No "Expect: 100-continue" wait before large bodies: providers answer
    // the whole request anyway, and the wait would cost a second.
    if (!has_header(http.headers, "expect")) headers_ = append(headers_, "Expect:");
    check(curl_easy_setopt(easy_, CURLOPT_HTTPHEADER, headers_), "CURLOPT_HTTPHEADER");

    if (!http.aws_sigv4.empty()) {
        check(curl_easy_setopt(easy_, CURLOPT_AWS_SIGV4, http.aws_sigv4.c_str()), "CURLOPT_AWS_SIGV4");
    } else if (!http.username.empty()) {
        check(curl_easy_setopt(easy_, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC)), "CURLOPT_HTTPAUTH");
    }
    if (!http.username.empty()) {
        check(curl_easy_setopt(easy_, CURLOPT_USERNAME, http.username.c_str()), "CURLOPT_USERNAME");
        check(curl_easy_setopt(easy_, CURLOPT_PASSWORD, http.password.c_str()), "CURLOPT_PASSWORD");
    }

    check(curl_easy_setopt(easy_, CURLOPT_HEADERFUNCTION, &Transfer::on_header), "CURLOPT_HEADERFUNCTION");
    check(curl_easy_setopt(easy_, CURLOPT_HEADERDATA, this), "CURLOPT_HEADERDATA");
    check(curl_easy_setopt(easy_, CURLOPT_WRITEFUNCTION, &Transfer::on_body), "CURLOPT_WRITEFUNCTION");
    check(curl_easy_setopt(easy_, CURLOPT_WRITEDATA, this), "CURLOPT_WRITEDATA");
}

void Transfer::set_up_smtp(const SmtpRequest& smtp) {
    check(curl_easy_setopt(easy_, CURLOPT_URL, smtp.url.c_str()), "the URL");
    check(curl_easy_setopt(easy_, CURLOPT_PROTOCOLS_STR, "smtp,smtps"), "CURLOPT_PROTOCOLS_STR");
    // STARTTLS, required: libcurl fails (Unusable) rather than send in clear
    // text when the server does not offer it. smtps:// is TLS from the start.
    if (smtp.require_tls) check(curl_easy_setopt(easy_, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL)), "CURLOPT_USE_SSL");
    if (!smtp.ca_file.empty()) check(curl_easy_setopt(easy_, CURLOPT_CAINFO, smtp.ca_file.c_str()), "CURLOPT_CAINFO");
    if (!smtp.username.empty()) {
        check(curl_easy_setopt(easy_, CURLOPT_USERNAME, smtp.username.c_str()), "CURLOPT_USERNAME");
        check(curl_easy_setopt(easy_, CURLOPT_PASSWORD, smtp.password.c_str()), "CURLOPT_PASSWORD");
    }
    const std::string from = "<" + smtp.mail_from + ">";
    check(curl_easy_setopt(easy_, CURLOPT_MAIL_FROM, from.c_str()), "CURLOPT_MAIL_FROM");  // libcurl copies it
    for (const std::string& to : smtp.recipients) recipients_ = append(recipients_, "<" + to + ">");
    check(curl_easy_setopt(easy_, CURLOPT_MAIL_RCPT, recipients_), "CURLOPT_MAIL_RCPT");
    // Uploading with the size known: libcurl declares SIZE= in MAIL FROM, so
    // a server refuses an oversized message before the data is sent.
    check(curl_easy_setopt(easy_, CURLOPT_UPLOAD, 1L), "CURLOPT_UPLOAD");
    upload_finished_ = smtp.payload.empty();  // nothing to hand over: the end mark may follow at once
    check(curl_easy_setopt(easy_, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(smtp.payload.size())),
          "CURLOPT_INFILESIZE_LARGE");
    check(curl_easy_setopt(easy_, CURLOPT_READFUNCTION, &Transfer::on_upload), "CURLOPT_READFUNCTION");
    check(curl_easy_setopt(easy_, CURLOPT_READDATA, this), "CURLOPT_READDATA");
}

size_t Transfer::on_body(char* data, size_t size, size_t count, void* self) {
    auto& transfer = *static_cast<Transfer*>(self);
    const size_t bytes = size * count;
    // Keep the first max_body_ bytes and read on, so that the connection
    // stays usable; an error page is explained by its beginning.
    const size_t room = transfer.max_body_ - std::min(transfer.max_body_, transfer.body_.size());
    transfer.body_.append(data, std::min(bytes, room));
    return bytes;
}

size_t Transfer::on_header(char* data, size_t size, size_t count, void* self) {
    auto& transfer = *static_cast<Transfer*>(self);
    const size_t bytes = size * count;
    const std::string_view line(data, bytes);
    if (line.starts_with("HTTP/")) {
        // A new response begins (after a 1xx interim one): its headers only.
        transfer.response_headers_.clear();
    } else if ((line.starts_with(" ") || line.starts_with("\t")) && !transfer.response_headers_.empty()) {
        // An obsolete folded continuation line.
        transfer.response_headers_.back().value += " " + std::string(trim(line));
    } else if (const size_t colon = line.find(':'); colon != std::string_view::npos) {
        transfer.response_headers_.push_back({lower(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1)))});
    }
    return bytes;
}

size_t Transfer::on_upload(char* buffer, size_t size, size_t count, void* self) {
    auto& transfer = *static_cast<Transfer*>(self);
    const std::string& payload = std::get<SmtpRequest>(transfer.request_).payload;
    const size_t bytes = std::min(size * count, payload.size() - transfer.uploaded_);
    std::memcpy(buffer, payload.data() + transfer.uploaded_, bytes);
    transfer.uploaded_ += bytes;
    // With the size declared, libcurl stops asking once it has every byte
    // and writes the end-of-data mark, after which the server may queue the
    // message: from here on a failure is ambiguous.
    if (transfer.uploaded_ == payload.size()) transfer.upload_finished_ = true;
    return bytes;
}

int Transfer::on_prerequest(void* self, char* /*remote_ip*/, char* /*local_ip*/, int /*remote_port*/,
                            int /*local_port*/) {
    auto& transfer = *static_cast<Transfer*>(self);
    // The second call is libcurl sending the request again on a fresh
    // connection after the reused one died without an answer; the first
    // copy may have been processed, so refuse (the attempt ends MaybeSent).
    if (transfer.prerequests_++ > 0) return CURL_PREREQFUNC_ABORT;
    return CURL_PREREQFUNC_OK;
}

}  // namespace journeyctl::core::delivery
