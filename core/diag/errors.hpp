// Typed errors that layers throw and main catches once; each maps to one of
// the documented exit codes (cmd/exit_codes.hpp).
#pragma once

#include <stdexcept>
#include <string>

namespace journeyctl::core {

// A bad flag, missing file, unknown name, bad configuration: exit 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A problem in the workspace's configuration files: exit 2.
class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Unreadable input data in strict mode: exit 3.
class DataError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace journeyctl::core
