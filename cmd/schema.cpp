// `journeyctl schema [KIND]`: print the JSON Schema (draft 2020-12) of one
// kind of file — workspace (journeyctl.yaml), journey, segment, template —
// or, without KIND, one document holding all four under "$defs" that
// accepts any of them. Generated from the key tables the loader reads
// through (journeys/model/schema.hpp), so editors check what validate checks
// about a single file's shape. Needs no workspace.
#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "cmd/commands.hpp"
#include "cmd/exit_codes.hpp"
#include "core/diag/errors.hpp"
#include "core/util/edit_distance.hpp"
#include "journeys/model/schema.hpp"

namespace journeyctl::cmd {
namespace {

struct SchemaOptions {
    std::string kind;
};

int run_schema(const SchemaOptions& options) {
    journeys::SchemaJson schema;
    if (options.kind.empty()) {
        schema = journeys::combined_schema();
    } else if (auto one = journeys::schema_for(options.kind)) {
        schema = std::move(*one);
    } else {
        throw core::UsageError(fmt::format("unknown schema kind '{}'{}; kinds are workspace, journey, segment, template",
                                           options.kind,
                                           core::util::did_you_mean(options.kind, journeys::schema_kinds())));
    }
    std::string text = schema.dump(2, ' ', false) + "\n";
    std::fwrite(text.data(), 1, text.size(), stdout);
    return k_exit_ok;
}

}  // namespace

void register_schema(CLI::App& command, Context& context) {
    auto options = std::make_shared<SchemaOptions>();
    command.add_option("KIND", options->kind, "workspace, journey, segment or template (default: all four)");
    command.callback([options, &context] { context.exit_code = run_schema(*options); });
}

}  // namespace journeyctl::cmd
