// run_app's one catch: each error type to its documented exit code, and
// anything unexpected (std::bad_alloc included) to the internal-error code
// with a message that says it is a bug and asks for a report.
#include <catch2/catch.hpp>

#include <cstdio>
#include <new>
#include <stdexcept>
#include <string>

#include "cmd/app.hpp"
#include "cmd/exit_codes.hpp"
#include "cmd/output_file.hpp"
#include "core/diag/errors.hpp"
#include "core/state/sqlite.hpp"

namespace {

struct Reported {
    int code = 0;
    std::string message;
};

Reported report(const std::exception_ptr& error) {
    std::FILE* messages = std::tmpfile();
    REQUIRE(messages != nullptr);
    Reported out;
    out.code = journeyctl::cmd::report_error(error, messages);
    std::rewind(messages);
    char buffer[1024];
    size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, messages)) > 0) out.message.append(buffer, n);
    std::fclose(messages);
    return out;
}

bool asks_for_a_report(const std::string& message) {
    return message.find("internal error") != std::string::npos && message.find("bug") != std::string::npos &&
           message.find("report") != std::string::npos;
}

}  // namespace

TEST_CASE("typed errors keep their exit codes") {
    using namespace journeyctl;
    CHECK(report(std::make_exception_ptr(core::UsageError("bad flag"))).code == cmd::k_exit_usage);
    CHECK(report(std::make_exception_ptr(core::ConfigError("bad yaml"))).code == cmd::k_exit_usage);
    CHECK(report(std::make_exception_ptr(core::DataError("bad row"))).code == cmd::k_exit_bad_data);
    const Reported output = report(std::make_exception_ptr(cmd::OutputError("-o: cannot write x: No space")));
    CHECK(output.code == cmd::k_exit_output);
    CHECK(output.message == "journeyctl: error: -o: cannot write x: No space\n");
    const Reported state = report(std::make_exception_ptr(core::state::SqliteError("commit", "disk I/O error")));
    CHECK(state.code == cmd::k_exit_output);
    CHECK(state.message == "journeyctl: error: the state database: commit: disk I/O error\n");
}

TEST_CASE("an unexpected exception is an internal error, not 'problems found'") {
    using namespace journeyctl;
    STATIC_REQUIRE(cmd::k_exit_internal == 70);
    STATIC_REQUIRE(cmd::k_exit_internal != cmd::k_exit_failed);
    const Reported logic = report(std::make_exception_ptr(std::logic_error("vector::at")));
    CHECK(logic.code == cmd::k_exit_internal);
    CHECK(logic.message.rfind("journeyctl: internal error: vector::at\n", 0) == 0);
    CHECK(asks_for_a_report(logic.message));

    const Reported memory = report(std::make_exception_ptr(std::bad_alloc()));
    CHECK(memory.code == cmd::k_exit_internal);
    CHECK(memory.message.find("out of memory") != std::string::npos);
    CHECK(asks_for_a_report(memory.message));

    const Reported unknown = report(std::make_exception_ptr(42));
    CHECK(unknown.code == cmd::k_exit_internal);
    CHECK(asks_for_a_report(unknown.message));
}

TEST_CASE("report_error: control bytes in a message are shown escaped", "[cmd]") {
    const auto r = report(std::make_exception_ptr(journeyctl::core::UsageError("unknown segment 'vip\x1b[2J\x07'")));
    CHECK(r.code == journeyctl::cmd::k_exit_usage);
    CHECK(r.message == "journeyctl: error: unknown segment 'vip\\x1b[2J\\x07'\n");
    const auto internal = report(std::make_exception_ptr(std::runtime_error("bad\rbyte")));
    CHECK(internal.message.starts_with("journeyctl: internal error: bad\\rbyte\n"));
}
