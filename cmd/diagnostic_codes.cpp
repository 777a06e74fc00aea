// The table of every diagnostic code, for SARIF's rules. Loading's codes
// are written down in core/workspace/codes.md (the table below repeats its
// first column with shorter wording; the docs.every_code_has_a_case test
// compares the two through `validate --format sarif`); validation's come
// from journeys::validation_codes().
#include <array>

#include "cmd/diagnostic_output.hpp"
#include "journeys/validate.hpp"

namespace journeyctl::cmd {

namespace {

constexpr std::array k_loading_codes{
    CodeDescription{"yaml-syntax", "the file is not valid YAML"},
    CodeDescription{"read-error", "a file could not be read"},
    CodeDescription{"missing-file", "a file named by another file does not exist"},
    CodeDescription{"unknown-key", "a key that this kind of file does not have"},
    CodeDescription{"missing-key", "a required key is absent"},
    CodeDescription{"duplicate-key", "a key given twice in one mapping"},
    CodeDescription{"bad-type", "a value of the wrong shape (mapping, list, string, number, bool)"},
    CodeDescription{"bad-value", "a value of the right shape but the wrong form"},
    CodeDescription{"bad-duration", "not a positive duration such as 30s, 15m, 12h, 3d, 2w or 1d12h"},
    CodeDescription{"bad-zone", "not a known IANA time zone or fixed offset"},
    CodeDescription{"bad-name", "a name not matching [a-z][a-z0-9_-]*"},
    CodeDescription{"bad-enum", "a value outside its allowed list"},
    CodeDescription{"bad-secret", "a malformed ${VAR} reference"},
    CodeDescription{"duplicate-name", "two journeys, segments or templates with one name, or two steps with one id"},
    CodeDescription{"name-mismatch", "(warning) a file's name differs from the name it declares"},
    CodeDescription{"conflicting-actions", "more than one of a set of exclusive keys (step actions, entry kinds, ...)"},
    CodeDescription{"missing-action", "none of a set of keys of which one is required (step action, entry kind, ...)"},
};

}  // namespace

std::vector<CodeDescription> all_diagnostic_codes() {
    std::vector<CodeDescription> codes(k_loading_codes.begin(), k_loading_codes.end());
    for (const journeys::DiagnosticCodeInfo& info : journeys::validation_codes()) {
        codes.push_back({info.code, info.summary});
    }
    return codes;
}

}  // namespace journeyctl::cmd
