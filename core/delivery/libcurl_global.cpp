#include "core/delivery/libcurl_global.hpp"

#include <curl/curl.h>

#include <stdexcept>
#include <string>

namespace journeyctl::core::delivery {

void initialise_libcurl_once() {
    // A static's initialisation happens once, even with several threads.
    static const CURLcode code = curl_global_init(CURL_GLOBAL_DEFAULT);
    if (code != CURLE_OK) throw std::runtime_error(std::string("libcurl failed to start: ") + curl_easy_strerror(code));
}

}  // namespace journeyctl::core::delivery
