// parse_sftp_url: the parts a file channel's `sftp_url` gives, and every form
// it refuses with a reason; a host key fingerprint as libcurl takes it.
#include <catch2/catch.hpp>

#include "core/util/sftp_url.hpp"

using namespace journeyctl::core::util;

namespace {

SftpUrl parsed(std::string_view text) {
    auto result = parse_sftp_url(text);
    if (const auto* why = std::get_if<std::string>(&result)) FAIL(std::string(text) + ": " + *why);
    return std::get<SftpUrl>(result);
}

std::string refusal(std::string_view text) {
    auto result = parse_sftp_url(text);
    REQUIRE(std::holds_alternative<std::string>(result));
    return std::get<std::string>(result);
}

}  // namespace

TEST_CASE("sftp url: user, host, port and folder", "[sftp_url]") {
    const SftpUrl url = parsed("sftp://print@files.example:2222/drop/letters/");
    CHECK(url.user == "print");
    CHECK(url.host == "files.example");
    CHECK(url.port == 2222);
    CHECK(url.folder == "/drop/letters");

    const SftpUrl plain = parsed("SFTP://a.b%40c@127.0.0.1/out");
    CHECK(plain.user == "a.b@c");
    CHECK(plain.port == 22);
    CHECK(plain.folder == "/out");

    CHECK(parsed("sftp://u@[::1]:22/x").host == "[::1]");
    CHECK(parsed("sftp://u@h/").folder == "/");
    CHECK(parsed("sftp://u@h/~/out").folder == "/~/out");
    CHECK(parsed("sftp://u@h/with%20space").folder == "/with space");
}

TEST_CASE("sftp url: what it refuses, and why", "[sftp_url]") {
    CHECK(refusal("https://u@h/x").find("not an sftp:// URL") != std::string::npos);
    CHECK(refusal("sftp://h/x").find("no user") != std::string::npos);
    CHECK(refusal("sftp://u:secret@h/x").find("password") != std::string::npos);
    CHECK(refusal("sftp://u:secret@h/x").find("secret") == std::string::npos);
    CHECK(refusal("sftp://u@h").find("no folder") != std::string::npos);
    CHECK(refusal("sftp://u@h:0/x").find("port") != std::string::npos);
    CHECK(refusal("sftp://u@h:70000/x").find("port") != std::string::npos);
    CHECK(refusal("sftp://u@h:/x").find("no port") != std::string::npos);
    CHECK(refusal("sftp://u@/x").find("no host") != std::string::npos);
    CHECK(refusal("sftp://u@h!/x").find("not a host") != std::string::npos);
    CHECK(refusal("sftp://u@h/x?y=1").find("query") != std::string::npos);
    CHECK(refusal("sftp://u@h/a%0Ab").find("control") != std::string::npos);
    CHECK(refusal("sftp://u@h/a%zz").find("hex") != std::string::npos);
    CHECK(refusal("sftp://u@v@h/x").find("two '@'") != std::string::npos);
    CHECK(refusal("sftp://u@[::1/x").find("']'") != std::string::npos);
}

TEST_CASE("sftp url: a host key fingerprint as libcurl compares it", "[sftp_url]") {
    const std::string base64 = "W8LLeNV2Lo2HwePfkCVVteqf9E4pe9wiLau2kh/Lquc";
    CHECK(sha256_fingerprint_base64("SHA256:" + base64) == base64);
    CHECK(sha256_fingerprint_base64(base64 + "=") == base64);
    CHECK(sha256_fingerprint_base64(base64.substr(1)).empty());
    CHECK(sha256_fingerprint_base64("MD5:" + base64).empty());
    CHECK(sha256_fingerprint_base64("SHA256:" + base64.substr(1) + "!").empty());
}
