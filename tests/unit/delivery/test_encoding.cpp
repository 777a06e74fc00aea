#include <catch2/catch.hpp>

#include "core/delivery/encoding.hpp"

using namespace journeyctl::core::delivery;

TEST_CASE("percent_encode keeps only unreserved characters", "[delivery][encoding]") {
    CHECK(percent_encode("+1 555-0100") == "%2B1%20555-0100");
    CHECK(percent_encode("a.b_c~d") == "a.b_c~d");
    CHECK(percent_encode("é&=") == "%C3%A9%26%3D");
}

TEST_CASE("form_encode joins fields in order", "[delivery][encoding]") {
    CHECK(form_encode({{"To", "+15558675310"}, {"Body", "Hi & bye"}}) == "To=%2B15558675310&Body=Hi%20%26%20bye");
    CHECK(form_encode({}).empty());
}

TEST_CASE("base64 follows RFC 4648's test vectors", "[delivery][encoding]") {
    const std::pair<const char*, const char*> vectors[] = {
        {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"}, {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="},
        {"foobar", "Zm9vYmFy"}};
    for (const auto& [plain, encoded] : vectors) {
        CHECK(base64_encode(plain) == encoded);
        std::string decoded;
        REQUIRE(base64_decode(encoded, decoded));
        CHECK(decoded == plain);
    }
    CHECK(base64url_encode("\xfb\xff") == "-_8");
    std::string out;
    CHECK_FALSE(base64_decode("Zm9v!", out));
    CHECK_FALSE(base64_decode("Z", out));
}
