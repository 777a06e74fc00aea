// `journeyctl data export -o FILE.db [--force]`: write the workspace's
// profiles and events, every field, into a SQLite database laid out as
// `segment sql --dialect sqlite` expects (core/segment/sql.hpp:
// create_tables_sql): column types from the loaded data, booleans as 0/1,
// timestamps as fixed-width UTC text, dyn values (event properties) as
// JSON text. Absent values are NULL.
//
// The database is written (core/state/sqlite.hpp) to a temporary file next
// to FILE in one transaction with prepared statements, then renamed over
// FILE, so a reader never sees half a database; an existing FILE is kept unless
// --force is given, and a file the workspace reads (its data, state,
// YAML) is never replaced without --force.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include "cmd/commands.hpp"
#include "cmd/data_cache.hpp"
#include "cmd/exit_codes.hpp"
#include "cmd/open_workspace.hpp"
#include "cmd/output_file.hpp"
#include "cmd/workspace_inputs.hpp"
#include "core/data/dataset.hpp"
#include "core/diag/errors.hpp"
#include "core/segment/sql.hpp"
#include "core/state/sqlite.hpp"
#include "core/workspace/data_sources.hpp"

namespace journeyctl::cmd {
namespace {

namespace fs = std::filesystem;
namespace segment = core::segment;

struct ExportOptions {
    std::string output;
    bool force = false;
    bool strict = false;
};

using core::state::SqliteDatabase;
using core::state::SqliteStatement;

void bind_cell(SqliteStatement& statement, int index, const core::data::Column* column, uint32_t row) {
    using core::data::ColumnType;
    if (column == nullptr || !column->present(row)) {
        statement.bind_null(index);
        return;
    }
    const core::expr::Value value = column->value(row);
    switch (column->type()) {
        case ColumnType::Int: statement.bind_int(index, value.as_int()); break;
        case ColumnType::Double: statement.bind_double(index, value.as_double()); break;
        case ColumnType::Bool: statement.bind_int(index, value.as_bool() ? 1 : 0); break;
        case ColumnType::String: statement.bind_text(index, value.as_string()); break;
        case ColumnType::Timestamp: statement.bind_text(index, segment::sqlite_timestamp_text(value.as_timestamp())); break;
        case ColumnType::Dyn: statement.bind_text(index, value.to_json()); break;
    }
}

// INSERTs every row of `table` into `name`, one column per schema column.
void write_table(SqliteDatabase& db, const std::string& name, const core::data::Table& table,
                 const std::vector<segment::SqlColumn>& columns) {
    std::string names;
    std::string marks;
    std::vector<const core::data::Column*> sources;
    for (const segment::SqlColumn& c : columns) {
        std::string quoted = "\"";
        for (char ch : c.name) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
        names += (names.empty() ? "" : ", ") + quoted + "\"";
        marks += marks.empty() ? "?" : ", ?";
        sources.push_back(table.column(c.name));
    }
    const std::string sql = "INSERT INTO " + name + " (" + names + ") VALUES (" + marks + ")";
    SqliteStatement statement = db.prepare(sql);
    for (uint32_t row = 0; row < table.row_count(); ++row) {
        for (size_t i = 0; i < sources.size(); ++i) bind_cell(statement, static_cast<int>(i + 1), sources[i], row);
        statement.run("insert into " + name);
        statement.reset();
    }
}

// The database, written in one transaction into `file` (the temporary);
// errors name `output`, the FILE the user asked for.
void write_database(const fs::path& file, const fs::path& output, const core::data::Dataset& dataset,
                    const segment::SqlSchema& schema) {
    try {
        SqliteDatabase db = SqliteDatabase::open_existing(file);
        // A fresh file renamed into place at the end: no rollback journal
        // is needed to stay consistent.
        db.execute("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; BEGIN");
        db.execute(segment::create_tables_sql(schema, segment::SqlDialect::Sqlite));
        write_table(db, "profiles", dataset.profiles(), schema.profile_columns);
        write_table(db, "events", dataset.events(), schema.event_columns);
        db.execute("COMMIT");
        if (!db.close()) throw OutputError(fmt::format("cannot write {}: close failed", output.string()));
    } catch (const core::state::SqliteError& e) {
        throw OutputError(fmt::format("cannot write {}: {}", output.string(), e.what()));
    }
}

int run_data_export(const ExportOptions& options, const Context& context) {
    const fs::path output(options.output);
    const journeys::Workspace workspace = open_workspace(context);
    refuse_overwriting_input(output, workspace_inputs(workspace), "-o", options.force);
    std::error_code ec;
    if (fs::exists(output, ec) && !options.force) {
        throw core::UsageError(fmt::format("{} exists; use --force to replace it", output.string()));
    }
    if (fs::is_directory(output, ec)) throw core::UsageError(fmt::format("{} is a directory", output.string()));
    const core::data::DataSources sources = core::workspace::data_sources(workspace.config);
    core::data::LoadOptions load;
    load.strict = options.strict;
    attach_cache(load, workspace.config, workspace.root, context);
    const core::data::Dataset dataset = core::data::load_dataset(sources, workspace.root, load);
    warn_cache(dataset.report(), context);
    const segment::SqlSchema schema = segment::schema_of(dataset, sources);

    // SQLite writes the temporary file itself; TemporaryOutput removes it on
    // every failure, SIGINT and SIGTERM included.
    TemporaryOutput temporary(output, "-o", false);
    temporary.close_descriptor();
    write_database(temporary.path(), output, dataset, schema);
    temporary.commit();
    const uint64_t rejected = dataset.report().rejected_total();
    if (rejected > 0 && !context.options.quiet) {
        std::fprintf(stderr, "journeyctl: warning: %llu rejected row%s not exported (see 'journeyctl data inspect')\n",
                     static_cast<unsigned long long>(rejected), rejected == 1 ? "" : "s");
    }
    if (!context.options.quiet) {
        std::printf("wrote %u profiles and %u events to %s\n", dataset.profiles().row_count(),
                    dataset.events().row_count(), output.string().c_str());
    }
    return k_exit_ok;
}

}  // namespace

// `data export`, registered by the data command group (cmd/data/data.cpp).
void register_data_export(CLI::App& command, Context& context) {
    auto options = std::make_shared<ExportOptions>();
    command.add_option("-o,--output", options->output, "The SQLite database to write (FILE.db)")
        ->option_text("FILE")
        ->required();
    command.add_flag("--force", options->force, "Replace FILE if it exists, even a file the workspace reads");
    command.add_flag("--strict", options->strict, "Stop at the first rejected data row (exit 3); nothing is written");
    command.callback([options, &context] { context.exit_code = run_data_export(*options, context); });
}

}  // namespace journeyctl::cmd
