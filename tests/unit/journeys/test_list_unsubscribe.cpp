// An email channel's list_unsubscribe: the rules a target must follow
// (https for one-click, URI characters only, one mailto address) and the
// headers made from the targets. Rendering them per profile is in
// test_message.cpp, the RFC 5322 form in test_eml.cpp.
#include <catch2/catch.hpp>

#include "journeys/messages/list_unsubscribe.hpp"

namespace journeyctl::journeys {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

std::string problem_of(std::optional<std::string> problem) { return problem.value_or("(none)"); }

TEST_CASE("the one-click url must be https with a host and URI characters only", "[unsubscribe]") {
    CHECK_FALSE(unsubscribe_url_problem("https://acme.example/u/c1?t=a%2Fb"));
    CHECK_FALSE(unsubscribe_url_problem("HTTPS://acme.example/u"));  // the scheme has no case
    CHECK(problem_of(unsubscribe_url_problem("http://acme.example/u")) ==
          "is http://: one-click unsubscribe (RFC 8058) needs an https:// URL");
    CHECK(problem_of(unsubscribe_url_problem("ftp://acme.example/u")) == "does not start with https://");
    CHECK(problem_of(unsubscribe_url_problem("https://")) == "has no host after https://");
    CHECK(problem_of(unsubscribe_url_problem("https:///u")) == "has no host after https://");
    CHECK(problem_of(unsubscribe_url_problem("")) == "is empty");
    // What would end the bracketed URI or the header line.
    CHECK(problem_of(unsubscribe_url_problem("https://a.example/u\r\nBcc: eve@example.com")) ==
          "has a carriage return (CR) at byte 20, which a URI cannot hold (percent-encode it: %0D)");
    CHECK(problem_of(unsubscribe_url_problem("https://a.example/u>x")) ==
          "has '>' at byte 20, which a URI cannot hold (percent-encode it: %3E)");
    CHECK(problem_of(unsubscribe_url_problem("https://a.example/u v")) ==
          "has a space at byte 20, which a URI cannot hold (percent-encode it: %20)");
    CHECK(problem_of(unsubscribe_url_problem("https://a.example/é")) ==
          "has a non-ASCII byte (\\xc3) at byte 19, which a URI cannot hold (percent-encode it: %C3)");
    CHECK(problem_of(unsubscribe_url_problem("https://a.example/%zz")) ==
          "has a '%' at byte 19 that two hex digits do not follow");
    CHECK(problem_of(unsubscribe_url_problem("https://a.example/${TOKEN}")) ==
          "has '{' at byte 20, which a URI cannot hold (percent-encode it: %7B); list_unsubscribe is rendered per "
          "message and reads no ${VAR}");
    const std::string longest = "https://a.example/" + std::string(k_max_unsubscribe_target - 18, 'x');
    CHECK_FALSE(unsubscribe_url_problem(longest));
    CHECK(problem_of(unsubscribe_url_problem(longest + "x")) == "is 901 bytes long; a header holds at most 900");
}

TEST_CASE("the start of a templated url is checked as far as it goes", "[unsubscribe]") {
    CHECK_FALSE(unsubscribe_url_start_problem(""));
    CHECK_FALSE(unsubscribe_url_start_problem("htt"));
    CHECK_FALSE(unsubscribe_url_start_problem("https://"));
    CHECK_FALSE(unsubscribe_url_start_problem("https://acme.example/u/"));
    CHECK(unsubscribe_url_start_problem("http://acme.example/u/"));
    CHECK(unsubscribe_url_start_problem("www."));
}

TEST_CASE("the mailto target is one address, with or without mailto:", "[unsubscribe]") {
    CHECK_FALSE(unsubscribe_mailto_problem("unsubscribe@acme.example"));
    CHECK_FALSE(unsubscribe_mailto_problem("MAILTO:u+c1@acme.example?subject=unsubscribe%20c1"));
    CHECK(problem_of(unsubscribe_mailto_problem("acme.example")) == "has no '@': the address is local@domain");
    CHECK(problem_of(unsubscribe_mailto_problem("a@x.example,b@x.example")) == "names more than one address");
    CHECK(problem_of(unsubscribe_mailto_problem("@acme.example")) == "has nothing on one side of the '@'");
    CHECK(problem_of(unsubscribe_mailto_problem("mailto:")) == "is empty");
    // Byte positions count the whole value, "mailto:" included.
    CHECK(problem_of(unsubscribe_mailto_problem("mailto:u@a.example?subject=a b")) ==
          "has a space at byte 29, which a URI cannot hold (percent-encode it: %20)");
}

TEST_CASE("headers: List-Unsubscribe with every target, List-Unsubscribe-Post only with a url", "[unsubscribe]") {
    CHECK(list_unsubscribe_headers("https://a.example/u/1", "mailto:U@a.example?subject=1") ==
          Headers{{"List-Unsubscribe", "<https://a.example/u/1>, <mailto:U@a.example?subject=1>"},
                  {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"}});
    CHECK(list_unsubscribe_headers("https://a.example/u/1", std::nullopt) ==
          Headers{{"List-Unsubscribe", "<https://a.example/u/1>"},
                  {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"}});
    CHECK(list_unsubscribe_headers(std::nullopt, "u@a.example") ==
          Headers{{"List-Unsubscribe", "<mailto:u@a.example>"}});
    CHECK(list_unsubscribe_headers(std::nullopt, std::nullopt).empty());
}

}  // namespace
}  // namespace journeyctl::journeys
