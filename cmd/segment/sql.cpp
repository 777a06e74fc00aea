// `journeyctl segment sql NAME [--dialect sqlite|postgres|duckdb|spark]`:
// print the segment's `where` as one SQL query over the tables `profiles`
// and `events` (core/segment/sql.hpp), for a warehouse or for the SQLite
// file that `data export` writes. Column types come from the loaded data
// when its files are there (so the SQL matches what `data export` writes),
// else from the fields declared in journeyctl.yaml.
//
// Exit: 0 printed; 1 the segment has a construct with no SQL form in that
// dialect (named, with its file:line:col); 2 usage or configuration errors,
// a segment that does not compile among them.
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cmd/commands.hpp"
#include "cmd/data_cache.hpp"
#include "cmd/exit_codes.hpp"
#include "cmd/find_by_name.hpp"
#include "cmd/open_workspace.hpp"
#include "core/data/dataset.hpp"
#include "core/diag/errors.hpp"
#include "core/expr/expression.hpp"
#include "core/segment/sql.hpp"
#include "core/workspace/data_sources.hpp"

namespace journeyctl::cmd {
namespace {

namespace segment = core::segment;

struct SqlCommandOptions {
    std::string name;
    std::string dialect = "sqlite";
};

const journeys::Segment& find_segment(const journeys::Workspace& workspace, const std::string& name) {
    return find_by_name(workspace.segments, "segment", "segments", name);
}

// The layout `data export` would write: from the data when it loads, else
// from the configuration (a warehouse user may have no local files).
segment::SqlSchema table_layout(const journeys::Workspace& workspace, const Context& context) {
    const core::data::DataSources sources = core::workspace::data_sources(workspace.config);
    const auto& profiles = workspace.config.profiles;
    if (profiles.present && !profiles.file.empty() && std::filesystem::exists(workspace.root / profiles.file.value)) {
        core::data::LoadOptions options;
        attach_cache(options, workspace.config, workspace.root, context);
        const core::data::Dataset dataset = core::data::load_dataset(sources, workspace.root, options);
        warn_cache(dataset.report(), context);
        return segment::schema_of(dataset, sources);
    }
    return segment::schema_of(sources);
}

// Where an expression offset is written in its segment file.
std::string position_of(const journeys::Segment& s, const core::expr::SourceSpan& span) {
    const auto pos = s.where.at(span.offset);
    return fmt::format("{}:{}:{}", s.file, pos.line, pos.column);
}

class SegmentPrograms {
public:
    SegmentPrograms(const journeys::Workspace& workspace, const core::expr::Environment& env)
        : m_workspace(workspace), m_env(env) {}

    // The checked `where`, or a ConfigError naming the first problem.
    std::shared_ptr<const core::expr::Program> get(const journeys::Segment& s) {
        auto found = m_cache.find(s.name.value);
        if (found != m_cache.end()) return found->second;
        core::expr::CompileOptions options;
        options.expect_bool = true;
        core::expr::CompileResult result = core::expr::compile(s.where.value, m_env, options);
        if (!result.ok()) {
            for (const auto& d : result.diagnostics) {
                if (d.is_warning) continue;
                throw core::ConfigError(fmt::format("{}: {} (run 'journeyctl validate')", position_of(s, d.span),
                                                    d.message));
            }
        }
        m_cache.emplace(s.name.value, result.program);
        return result.program;
    }
    std::shared_ptr<const core::expr::Program> get(std::string_view name) {
        const journeys::Segment* s = m_workspace.segment(name);
        return s ? get(*s) : nullptr;
    }

private:
    const journeys::Workspace& m_workspace;
    const core::expr::Environment& m_env;
    std::map<std::string, std::shared_ptr<const core::expr::Program>, std::less<>> m_cache;
};

int run_segment_sql(const SqlCommandOptions& options, const Context& context) {
    const auto dialect = segment::parse_sql_dialect(options.dialect);
    if (!dialect) {
        throw core::UsageError(fmt::format("--dialect {}: expected sqlite, postgres, duckdb or spark", options.dialect));
    }
    const journeys::Workspace workspace = open_workspace(context);
    const journeys::Segment& wanted = find_segment(workspace, options.name);
    const segment::SqlSchema schema = table_layout(workspace, context);
    const core::expr::Environment env = segment::sql_environment(schema);
    SegmentPrograms programs(workspace, env);

    segment::SqlOptions sql_options;
    sql_options.dialect = *dialect;
    sql_options.now = context.now();
    sql_options.segments = [&](std::string_view name) { return programs.get(name); };
    const segment::SqlResult result = segment::compile_segment_sql(*programs.get(wanted), schema, sql_options);
    if (!result.ok()) {
        const journeys::Segment* where = result.error->segment.empty() ? &wanted : workspace.segment(result.error->segment);
        std::fprintf(stderr, "journeyctl: error: %s: segment sql: %s\n",
                     position_of(where ? *where : wanted, result.error->span).c_str(), result.error->message.c_str());
        return k_exit_failed;
    }
    std::string text = result.sql + ";\n";
    std::fwrite(text.data(), 1, text.size(), stdout);
    return k_exit_ok;
}

}  // namespace

// `segment sql`, registered by the segment command group (cmd/segment/segment.cpp).
void register_segment_sql(CLI::App& command, Context& context) {
    auto options = std::make_shared<SqlCommandOptions>();
    command.add_option("NAME", options->name, "The segment")->required();
    command.add_option("--dialect", options->dialect, "SQL dialect: sqlite, postgres, duckdb or spark")
        ->option_text("DIALECT")
        ->capture_default_str()
        ->check(CLI::IsMember({"sqlite", "postgres", "duckdb", "spark"}));
    command.callback([options, &context] { context.exit_code = run_segment_sql(*options, context); });
}

}  // namespace journeyctl::cmd
