#include "cmd/app.hpp"

#include <cstdio>
#include <exception>
#include <string>

#include <fmt/format.h>
#include <unistd.h>

#include "cmd/commands.hpp"
#include "cmd/exit_codes.hpp"
#include "cmd/logging.hpp"
#include "core/diag/errors.hpp"
#include "version.hpp"

namespace journeyctl::cmd {
namespace {

void register_global_options(CLI::App& app, GlobalOptions& options) {
    app.add_option("-C,--directory", options.directory, "Run as if started in DIR (the workspace is found from there)")
        ->option_text("DIR");
    app.add_option("--now", options.now_text, "The current instant, RFC 3339 (default: the system clock)")
        ->option_text("TIME");
    app.add_option("--color", options.color, "Color in output: auto (when a terminal), always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->option_text("WHEN");
    app.add_flag("-v,--verbose", options.verbose, "More log output on stderr (repeat for more)");
    app.add_flag("-q,--quiet", options.quiet, "Only errors on stderr");
    app.set_version_flag("--version", std::string("journeyctl ") + JOURNEYCTL_VERSION, "Print the version and exit");
}


// CLI11 reports an unknown command as a missing subcommand or as arguments
// it did not expect; say what the user probably meant instead.
std::string explain_parse_error(const CLI::ParseError& error, const CLI::App& app) {
    std::string message = error.what();
    if (app.get_subcommands().empty()) {
        std::vector<std::string> extras = app.remaining();
        if (extras.empty() && dynamic_cast<const CLI::RequiredError*>(&error) != nullptr) {
            std::string names;
            for (const CommandSpec& spec : command_table()) {
                names += (names.empty() ? "" : ", ") + std::string(spec.name);
            }
            return fmt::format("no command given (one of: {})", names);
        }
        if (!extras.empty() && extras.front().rfind('-', 0) != 0) {
            message = fmt::format("unknown command '{}'", extras.front());
            std::string_view suggestion = closest_command(extras.front());
            if (!suggestion.empty()) {
                message += fmt::format(" (did you mean '{}'?)", suggestion);
            }
        }
    }
    return message;
}

std::string help_hint(const CLI::App& app) {
    std::vector<CLI::App*> chosen = app.get_subcommands();
    std::string path = "journeyctl";
    for (const CLI::App* sub = chosen.empty() ? nullptr : chosen.front(); sub != nullptr;) {
        path += " " + sub->get_name();
        auto nested = sub->get_subcommands();
        sub = nested.empty() ? nullptr : nested.front();
    }
    return fmt::format("Run '{} --help' for usage.", path);
}

}  // namespace

int run_app(int argc, char** argv) {
    Context context;
    CLI::App app("journeyctl: customer journeys as code", "journeyctl");
    app.formatter(std::make_shared<CLI::Formatter>());
    app.get_formatter()->column_width(30);
    app.require_subcommand(1);
    app.fallthrough();
    register_global_options(app, context.options);
    // Global options are parsed before any command's callback runs.
    app.parse_complete_callback([&context] { configure_logging(context.options); });
    for (const CommandSpec& spec : command_table()) {
        CLI::App* command = app.add_subcommand(std::string(spec.name), std::string(spec.summary));
        spec.register_command(*command, context);
    }
    app.footer("Run 'journeyctl COMMAND --help' for a command's options; 'man journeyctl' for exit codes.\n");

    try {
        app.parse(argc, argv);
        return context.exit_code;
    } catch (const CLI::ParseError& error) {
        if (error.get_exit_code() == 0) {
            return app.exit(error);
        }
        std::fprintf(stderr, "journeyctl: error: %s\n%s\n", explain_parse_error(error, app).c_str(),
                     help_hint(app).c_str());
        return k_exit_usage;
    } catch (const core::UsageError& error) {
        std::fprintf(stderr, "journeyctl: error: %s\n", error.what());
        return k_exit_usage;
    } catch (const core::ConfigError& error) {
        std::fprintf(stderr, "journeyctl: error: %s\n", error.what());
        return k_exit_usage;
    } catch (const core::DataError& error) {
        std::fprintf(stderr, "journeyctl: error: %s\n", error.what());
        return k_exit_bad_data;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "journeyctl: internal error: %s\n", error.what());
        return k_exit_failed;
    }
}

}  // namespace journeyctl::cmd
