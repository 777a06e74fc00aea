// How a signal handler asks the delivery engine to stop: a lock-free
// atomic flag, and a self-pipe whose read end the engine's wait includes,
// so the engine wakes at once rather than at its next timeout. Both
// raise() steps (an atomic store, write(2)) are async-signal-safe.
#pragma once

#include <atomic>

namespace journeyctl::core::delivery {

class StopSignal {
public:
    StopSignal();  // std::system_error when the pipe cannot be made
    ~StopSignal();
    StopSignal(const StopSignal&) = delete;
    StopSignal& operator=(const StopSignal&) = delete;

    // Async-signal-safe; may be called any number of times, from any thread.
    void raise() noexcept;
    bool raised() const noexcept { return raised_.load(std::memory_order_acquire); }
    // Readable once raise() was called, until drain().
    int wake_fd() const noexcept { return read_fd_; }
    void drain() noexcept;

private:
    static_assert(std::atomic<bool>::is_always_lock_free, "a signal handler may only touch a lock-free atomic");
    std::atomic<bool> raised_{false};
    int read_fd_ = -1;
    int write_fd_ = -1;
};

}  // namespace journeyctl::core::delivery
