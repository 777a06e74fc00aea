#include "cmd/app.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <exception>
#include <iostream>
#include <new>
#include <string>

#include <fmt/format.h>

#include "cmd/commands.hpp"
#include "cmd/exit_codes.hpp"
#include "cmd/logging.hpp"
#include "cmd/output_file.hpp"
#include "core/diag/errors.hpp"
#include "core/state/sqlite.hpp"
#include "core/util/escape.hpp"
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
    app.add_flag("--no-cache", options.no_cache, "Parse the data files; neither read nor write the data cache");
    app.set_version_flag("--version", std::string("journeyctl ") + JOURNEYCTL_VERSION, "Print the version and exit");
}

CLI::Validator* first_check(CLI::Option& option) {
    try {
        return option.get_validator(0);  // the one run first
    } catch (const CLI::OptionNotFound&) {
        return nullptr;  // no check yet
    }
}

// An empty value is never meant: `--now ''` would silently use the clock,
// `--messages ''` write nothing, `--from ''` start at --now. Every option
// that takes a value (positional arguments keep their own checks) refuses
// one, naming the option, before its own check (IsMember would say
// "--format:  not in {text,json}").
void refuse_empty_values(CLI::App& app) {
    static const std::string k_message = "needs a value, not an empty string";
    for (CLI::Option* option : app.get_options()) {
        if (option->get_positional() || option->get_expected_max() == 0 || option->get_type_size_max() == 0) continue;
        if (CLI::Validator* first = first_check(*option)) {
            first->operation([original = *first](std::string& value) {
                return value.empty() ? k_message : original(value);
            });
        } else {
            option->check([](const std::string& value) { return value.empty() ? k_message : std::string(); });
        }
    }
    for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) refuse_empty_values(*sub);
}

// -C DIR must name a folder that can be searched: say which of these is
// wrong before any command looks for the workspace there.
void check_directory(const std::string& directory) {
    if (directory.empty()) return;
    struct stat info {};
    std::string problem;
    if (::stat(directory.c_str(), &info) != 0) {
        problem = errno == ENOENT || errno == ENOTDIR ? "no such folder"
                  : errno == EACCES                  ? "permission denied"
                                                     : std::strerror(errno);
    } else if (!S_ISDIR(info.st_mode)) {
        problem = "not a folder";
    } else if (::access(directory.c_str(), X_OK) != 0) {
        problem = "permission denied";
    }
    if (!problem.empty()) {
        throw core::UsageError(fmt::format("cannot use '{}' as the workspace folder: {}", directory, problem));
    }
}

// A descriptor 0-2 closed by the caller would be reused by the first file
// opened (a --messages file would receive the report). Park /dev/null on
// it read-only: reads see end of file and writes still fail (EBADF), so a
// closed stdout is still reported at exit.
void reserve_standard_streams() {
    for (int fd = 0; fd <= 2; ++fd) {
        if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
        const int null = ::open("/dev/null", O_RDONLY);
        if (null >= 0 && null != fd) {
            ::dup2(null, fd);
            ::close(null);
        }
    }
}

// Everything the command printed must have reached standard output: a full
// disk or a closed stream fails the command (exit 74) with the reason,
// whatever it decided. A closed pipe never gets here: SIGPIPE ends the
// process quietly at the first write (run_app restores its default action).
int finish_standard_output(int exit_code) {
    std::cout.flush();
    errno = 0;
    const bool flush_failed = std::fflush(stdout) != 0;
    int error = flush_failed ? errno : 0;
    if (!flush_failed && std::ferror(stdout) == 0 && !std::cout.fail()) return exit_code;
    if (error == 0) {
        // The failed write is past (its errno is gone): ask the descriptor.
        errno = 0;
        if (::write(STDOUT_FILENO, "", 0) < 0) error = errno;
    }
    std::fprintf(stderr, "journeyctl: cannot write to standard output: %s\n",
                 error != 0 ? std::strerror(error) : "write error");
    return exit_code > k_exit_failed ? exit_code : k_exit_output;
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

// An error message can quote data (a key, a file name, a provider's
// answer): its control bytes are shown escaped so that they cannot act on
// the terminal. Escaping leaves text already escaped as it is.
void print_message(std::FILE* messages, const char* prefix, const char* text) {
    const std::string shown = core::util::escape_controls(text, {.keep_newline = true, .keep_tab = true});
    std::fprintf(messages, "journeyctl: %s: %s\n", prefix, shown.c_str());
}

}  // namespace

int report_error(const std::exception_ptr& error, std::FILE* messages) {
    try {
        std::rethrow_exception(error);
    } catch (const core::UsageError& e) {
        print_message(messages, "error", e.what());
        return k_exit_usage;
    } catch (const core::ConfigError& e) {
        print_message(messages, "error", e.what());
        return k_exit_usage;
    } catch (const core::DataError& e) {
        print_message(messages, "error", e.what());
        return k_exit_bad_data;
    } catch (const OutputError& e) {
        print_message(messages, "error", e.what());
        return k_exit_output;
    } catch (const core::state::SqliteError& e) {
        // The state database could not be read or written (disk full, an
        // I/O error, a lock held past the busy timeout): not a bug here.
        const std::string why = e.busy() ? "it stayed locked by another process" : e.message();
        print_message(messages, "error", ("the state database: " + e.operation() + ": " + why).c_str());
        return k_exit_output;
    } catch (const std::bad_alloc&) {
        std::fputs("journeyctl: internal error: out of memory (std::bad_alloc)\n", messages);
    } catch (const std::exception& e) {
        print_message(messages, "internal error", e.what());
    } catch (...) {
        std::fputs("journeyctl: internal error: an unknown exception\n", messages);
    }
    std::fputs("journeyctl: this is a bug in journeyctl; please report it with the command line and the output of "
               "'journeyctl --version'\n",
               messages);
    return k_exit_internal;
}

namespace {

int run_command(int argc, char** argv) {
    Context context;
    CLI::App app("journeyctl: customer journeys as code", "journeyctl");
    app.formatter(std::make_shared<CLI::Formatter>());
    app.get_formatter()->column_width(30);
    app.require_subcommand(1);
    app.fallthrough();
    register_global_options(app, context.options);
    // Global options are parsed before any command's callback runs.
    app.parse_complete_callback([&context] {
        configure_logging(context.options);
        check_directory(context.options.directory);
        context.resolve();
    });
    for (const CommandSpec& spec : command_table()) {
        CLI::App* command = app.add_subcommand(std::string(spec.name), std::string(spec.summary));
        spec.register_command(*command, context);
    }
    refuse_empty_values(app);
    app.footer("Run 'journeyctl COMMAND --help' for a command's options; 'man journeyctl' for exit codes.\n");

    try {
        app.parse(argc, argv);
        return context.exit_code;
    } catch (const CLI::ParseError& error) {
        if (error.get_exit_code() == 0) {
            return app.exit(error);
        }
        const std::string explained = explain_parse_error(error, app);
        std::fprintf(stderr, "journeyctl: error: %s\n%s\n",
                     core::util::escape_controls(explained, {.keep_newline = true, .keep_tab = true}).c_str(),
                     help_hint(app).c_str());
        return k_exit_usage;
    } catch (...) {
        return report_error(std::current_exception(), stderr);
    }
}

}  // namespace

int run_app(int argc, char** argv) {
    // `journeyctl ... | head -1` ends quietly, as any filter, even when the
    // parent ignored SIGPIPE (the write would fail with EPIPE, its reason
    // then lost to a later flush).
    std::signal(SIGPIPE, SIG_DFL);
    reserve_standard_streams();
    install_interrupt_cleanup();
    return finish_standard_output(run_command(argc, argv));
}

}  // namespace journeyctl::cmd
