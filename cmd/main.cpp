// journeyctl's entry point: build the command line from the command table,
// parse it, run the chosen command and turn every error into its exit code.
// Everything else lives in the libraries so that tests link the same code.
#include "cmd/app.hpp"

int main(int argc, char** argv) {
    return journeyctl::cmd::run_app(argc, argv);
}
