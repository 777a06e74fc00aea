# Every dependency comes from Debian 12's packages (scripts/install-deps.sh)
# and is found here, so a missing one stops configuring instead of a
# compile. Each is linked by the module that uses it (ARCHITECTURE.md).
find_package(Threads REQUIRED)
find_package(CLI11 REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(simdjson REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(date REQUIRED)
# libssl-dev: HMAC-SHA256 for webhook signatures, RS256 for FCM's OAuth2
# JWT (core/delivery).
find_package(OpenSSL REQUIRED)
# The delivery transport: HTTP(S) and SMTP(S), multi interface, HTTP/2
# (Debian's libcurl4-openssl-dev, built with nghttp2).
find_package(CURL REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
# libxxhash-dev has no CMake package, only libxxhash.pc.
pkg_check_modules(XXHASH REQUIRED IMPORTED_TARGET libxxhash)
if(JOURNEYCTL_BUILD_TESTS)
  # The tests are written for Catch2 v2 (catch2/catch.hpp), Debian 12's;
  # v3 changed the headers and the main.
  find_package(Catch2 2 REQUIRED)
endif()
if(JOURNEYCTL_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()
