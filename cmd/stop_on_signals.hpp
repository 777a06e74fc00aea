// SIGINT and SIGTERM stop a delivery cleanly (send, run): what started is
// finished and recorded, nothing new starts. Installs the handlers for
// the lifetime of one delivery and puts the previous ones back.
#pragma once

#include <csignal>

#include "core/delivery/engine.hpp"

namespace journeyctl::cmd {

class StopOnSignals {
public:
    explicit StopOnSignals(core::delivery::Delivering& sending);
    ~StopOnSignals();
    StopOnSignals(const StopOnSignals&) = delete;
    StopOnSignals& operator=(const StopOnSignals&) = delete;

private:
    struct sigaction m_previous_int {};
    struct sigaction m_previous_term {};
};

}  // namespace journeyctl::cmd
