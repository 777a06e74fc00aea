// Fuzzes the state database's instance JSON as `run` reads it back
// (journeys/runtime/instance.hpp, with the held message of
// journeys/messages/message_json.hpp): whatever the bytes, reading fails
// with an exception or gives an instance whose JSON reads back to the
// same JSON. A state file is the user's to damage; any crash or sanitizer
// report is a bug.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string_view>

#include <nlohmann/json.hpp>

#include "journeys/runtime/instance.hpp"

namespace runtime = journeyctl::journeys::runtime;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_discarded() || !json.is_object()) return 0;
    nlohmann::json written;
    try {
        written = runtime::to_json(runtime::instance_from_json(json));
    } catch (const std::exception&) {
        return 0;  // refused: what run reports as an unreadable state
    }
    if (runtime::to_json(runtime::instance_from_json(written)) != written) __builtin_trap();
    return 0;
}
