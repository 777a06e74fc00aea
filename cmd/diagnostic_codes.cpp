// The table of every diagnostic code, for SARIF's rules: loading's from
// core::workspace::loading_codes() (the rows of core/workspace/codes.md),
// then validation's from journeys::validation_codes().
#include "cmd/diagnostic_output.hpp"
#include "core/workspace/codes.hpp"
#include "journeys/validation/validate.hpp"

namespace journeyctl::cmd {

std::vector<CodeDescription> all_diagnostic_codes() {
    std::vector<CodeDescription> codes;
    for (const core::workspace::LoadingCode& code : core::workspace::loading_codes()) {
        codes.push_back({code.code, code.summary});
    }
    for (const journeys::DiagnosticCodeInfo& info : journeys::validation_codes()) {
        codes.push_back({info.code, info.summary});
    }
    return codes;
}

}  // namespace journeyctl::cmd
