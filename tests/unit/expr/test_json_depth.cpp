// JSON turned into values is bounded in depth (k_max_json_depth), and
// printing a value never recurses without bound, however it was built.
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/expr/json_value.hpp"

using namespace journeyctl::core::expr;

namespace {

std::string nested(std::string_view open, std::string_view inner, std::string_view close, int depth) {
    std::string out;
    for (int i = 0; i < depth; ++i) out += open;
    out += inner;
    for (int i = 0; i < depth; ++i) out += close;
    return out;
}

}  // namespace

TEST_CASE("JSON nested to the limit becomes a value", "[expr][json][depth]") {
    const Value list = value_from_json(nlohmann::json::parse(nested("[", "1", "]", k_max_json_depth)));
    CHECK(list.to_json() == nested("[", "1", "]", k_max_json_depth));
    const Value map = value_from_json(nlohmann::json::parse(nested("{\"a\":", "1", "}", k_max_json_depth)));
    CHECK(map.to_json() == nested("{\"a\":", "1", "}", k_max_json_depth));
}

TEST_CASE("JSON nested past the limit is refused", "[expr][json][depth]") {
    for (const std::string& text : {nested("[", "", "]", k_max_json_depth + 1), nested("[", "", "]", 20000),
                                    nested("{\"a\":", "1", "}", 40000), nested("[{\"a\":", "1", "}]", 10000)}) {
        const nlohmann::json json = nlohmann::json::parse(text);
        CHECK_THROWS_MATCHES(value_from_json(json), JsonTooDeep,
                             Catch::Matchers::Message("JSON nests too deeply (more than 250 levels of arrays "
                                                      "and objects)"));
    }
}

TEST_CASE("a value too deep to print prints as an error", "[expr][json][depth]") {
    // Deeper than any value JSON or an expression can build: made by hand.
    Value v = Value::integer(1);
    for (int i = 0; i < 1500; ++i) v = Value::list(ListValue{v});
    const std::string json = v.to_json();
    CHECK(json.find("{\"error\":\"value nests too deeply to print\"}") != std::string::npos);
    CHECK_FALSE(nlohmann::json::parse(json, nullptr, false).is_discarded());
    CHECK(v.to_cel_literal().find("error: value nests too deeply to print") != std::string::npos);
}
