#include "cmd/stop_on_signals.hpp"

namespace journeyctl::cmd {

namespace {

// What a SIGINT or SIGTERM stops: set while a delivery runs.
core::delivery::Delivering* g_sending = nullptr;

extern "C" void stop_sending(int /*signal*/) {
    if (g_sending != nullptr) g_sending->request_stop();
}

}  // namespace

StopOnSignals::StopOnSignals(core::delivery::Delivering& sending) {
    g_sending = &sending;
    struct sigaction action {};
    action.sa_handler = stop_sending;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &m_previous_int);
    sigaction(SIGTERM, &action, &m_previous_term);
}

StopOnSignals::~StopOnSignals() {
    sigaction(SIGINT, &m_previous_int, nullptr);
    sigaction(SIGTERM, &m_previous_term, nullptr);
    g_sending = nullptr;
}

}  // namespace journeyctl::cmd
