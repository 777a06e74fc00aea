// The key tables of journey, segment and template files (see
// core/yaml/keys.hpp). Nested objects (entry, step, wait, branch case, ...)
// are reachable from the file tables through KeySpec::object.
#pragma once

#include <span>
#include <string_view>

#include "core/yaml/keys.hpp"

namespace journeyctl::journeys {

const core::yaml::KeyTable& journey_keys();   // journeys/NAME.yaml
const core::yaml::KeyTable& step_keys();      // one item of `steps`
const core::yaml::KeyTable& segment_keys();   // segments/NAME.yaml
const core::yaml::KeyTable& template_keys();  // templates/NAME.yaml

// The step keys that are actions; a step has exactly one of them.
std::span<const std::string_view> step_action_keys();

}  // namespace journeyctl::journeys
