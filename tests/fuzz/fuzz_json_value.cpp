// Fuzzes JSON values as `eval --var NAME=JSON` reads them: parse, convert
// to an expression value (refusing JSON nested deeper than
// k_max_json_depth), print it back as JSON and as a CEL literal. The JSON
// printed must parse again. Any crash or sanitizer report is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/expr/json_value.hpp"

namespace expr = journeyctl::core::expr;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_discarded()) {
        return 0;
    }
    (void)expr::type_of_json(json);
    try {
        expr::Value value = expr::value_from_json(json);
        (void)value.to_cel_literal();
        if (nlohmann::json::parse(value.to_json(), nullptr, false).is_discarded()) {
            __builtin_trap();
        }
    } catch (const expr::JsonTooDeep&) {
    }
    return 0;
}
