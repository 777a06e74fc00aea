#include "core/delivery/engine.hpp"

#include <set>

#include "core/delivery/engine_run.hpp"

namespace journeyctl::core::delivery {

std::size_t EngineSummary::count(Disposition disposition) const {
    switch (disposition) {
        case Disposition::Sent: return sent;
        case Disposition::Retry: return failed_retryable;
        case Disposition::Permanent: return failed_permanent;
        case Disposition::Ambiguous: return ambiguous;
    }
    return 0;
}

Engine::Engine(std::vector<EngineChannel> channels, EngineOptions options)
    : channels_(std::move(channels)), options_(std::move(options)) {
    std::set<std::string, std::less<>> names;
    for (const EngineChannel& channel : channels_) {
        if (channel.config == nullptr || channel.provider == nullptr)
            throw std::invalid_argument("a delivery channel needs its configuration and its provider");
        if (!names.insert(channel.config->name).second)
            throw std::invalid_argument("two delivery channels are named " + channel.config->name);
    }
}

Engine::~Engine() = default;

EngineSummary Engine::run(const EngineHooks& hooks) { return EngineRun(channels_, options_, stop_, hooks).run(); }

}  // namespace journeyctl::core::delivery
