// Builds the root command line (global options and the command table),
// parses argv, runs the command and maps errors to exit codes: the one
// place that catches.
#pragma once

namespace journeyctl::cmd {

int run_app(int argc, char** argv);

}  // namespace journeyctl::cmd
