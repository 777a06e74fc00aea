// The fault server (tests/peers/fault_server.py) as a child process of a
// test: started on free loopback ports, asked what it received, stopped
// when the test ends.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace journeyctl::tests {

class FaultServer {
public:
    FaultServer();   // throws std::runtime_error when it does not start
    ~FaultServer();  // SIGTERM to the child, then waits for it
    FaultServer(const FaultServer&) = delete;
    FaultServer& operator=(const FaultServer&) = delete;

    // "http://127.0.0.1:PORT" followed by `path`.
    std::string url(std::string_view path = "") const;
    // "smtp://127.0.0.1:PORT".
    std::string smtp_url() const;
    // A control endpoint's JSON: "/counts", "/log" or "/stats".
    nlohmann::json control(std::string_view path) const;
    // Requests received with this idempotency key.
    int count(std::string_view key) const;

private:
    pid_t pid_ = -1;
    int http_port_ = 0;
    int smtp_port_ = 0;
};

// One server for the whole test run, for tests that look only at their own
// keys (each test uses keys of its own): starting Python costs more than
// most of these tests. A test that reads /stats starts its own.
FaultServer& shared_fault_server();

// A loopback port nobody listens on (bound, then closed): connecting to it
// is refused.
int unused_loopback_port();

}  // namespace journeyctl::tests
