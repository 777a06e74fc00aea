// Fuzzes YAML loading: the input is read as a journey file, a segment file,
// a template file and a journeyctl.yaml in turn. Each must turn any text
// into a model plus diagnostics, never a crash, leak or sanitizer report.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/workspace/load.hpp"
#include "core/yaml/document.hpp"
#include "journeys/model/load.hpp"

namespace yaml = journeyctl::core::yaml;
namespace journeys = journeyctl::journeys;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    yaml::SourceFile file{"fuzz.yaml", std::string(reinterpret_cast<const char*>(data), size)};
    std::vector<journeyctl::core::diag::Diagnostic> diagnostics;
    yaml::FileContext ctx(file, diagnostics);
    std::optional<YAML::Node> root = ctx.parse();
    if (!root) {
        return 0;
    }
    (void)journeys::read_journey(ctx, *root);
    (void)journeys::read_segment(ctx, *root);
    (void)journeys::read_template(ctx, *root);
    (void)journeyctl::core::workspace::read_config(ctx, *root);
    return 0;
}
