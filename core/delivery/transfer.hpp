// One request in flight, for the transport: the libcurl easy handle set up
// for an HttpRequest or SmtpRequest, the buffers its callbacks fill, and
// the reading of how it ended (transport.hpp states the rule). Internal to
// core/delivery; libcurl's own types stay in the .cpp files, so this
// header holds the easy handle as an opaque pointer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/delivery/transport.hpp"

struct curl_slist;

namespace journeyctl::core::delivery {

class Transfer {
public:
    // Sets up the easy handle; throws std::runtime_error when libcurl
    // cannot make one.
    Transfer(uint64_t tag, Request request, const TransportOptions& options);
    ~Transfer();
    Transfer(const Transfer&) = delete;
    Transfer& operator=(const Transfer&) = delete;

    void* easy_handle() const { return easy_; }  // a CURL*
    uint64_t tag() const { return tag_; }
    // The result once libcurl reports the transfer done with `curl_code`.
    TransferResult finish(int curl_code) const;

private:
    void set_up_http(const HttpRequest& http);
    void set_up_smtp(const SmtpRequest& smtp);
    TransferResult finish_http(int curl_code) const;
    TransferResult finish_smtp(int curl_code) const;
    TransferResult failed(TransferFailure failure, int curl_code) const;

    static size_t on_body(char* data, size_t size, size_t count, void* self);
    static size_t on_header(char* data, size_t size, size_t count, void* self);
    static size_t on_upload(char* buffer, size_t size, size_t count, void* self);
    static int on_prerequest(void* self, char* remote_ip, char* local_ip, int remote_port, int local_port);

    uint64_t tag_;
    Request request_;  // owns the body and payload libcurl reads from
    void* easy_ = nullptr;
    curl_slist* headers_ = nullptr;
    curl_slist* recipients_ = nullptr;
    std::string error_buffer_;  // CURLOPT_ERRORBUFFER, CURL_ERROR_SIZE bytes

    std::size_t max_body_ = 0;
    std::string body_;
    std::vector<Header> response_headers_;
    int prerequests_ = 0;          // times libcurl was about to write the request
    std::size_t uploaded_ = 0;     // SMTP payload bytes handed to libcurl
    bool upload_finished_ = false;  // SMTP: libcurl has the whole payload
};

// A header that cannot be written as one header line: a line break or NUL
// anywhere, or a name with a colon, space or nothing in it.
bool header_is_unsafe(const Header& header);

}  // namespace journeyctl::core::delivery
