// Builds the root command line (global options and the command table),
// parses argv, runs the command and maps errors to exit codes: the one
// place that catches. At the end it checks that standard output was
// written (exit 74 when not).
#pragma once

#include <cstdio>
#include <exception>

namespace journeyctl::cmd {

int run_app(int argc, char** argv);

// Prints the error to `messages` and returns its exit code (exit_codes.hpp):
// the typed errors their own codes; anything else, std::bad_alloc
// included, is an internal error (70) with a request to report it.
int report_error(const std::exception_ptr& error, std::FILE* messages);

}  // namespace journeyctl::cmd
