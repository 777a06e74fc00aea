// libcurl's global set-up, for every part of core/delivery that makes
// libcurl handles (the transport, the SFTP folder): curl_global_init must
// run once before any other libcurl call.
#pragma once

namespace journeyctl::core::delivery {

// Runs curl_global_init the first time; std::runtime_error when it fails.
void initialise_libcurl_once();

}  // namespace journeyctl::core::delivery
