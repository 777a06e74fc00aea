// The in-memory frequency ledger and the cap check. Entries are kept per
// profile in arrival order; a profile receives few messages, so a linear
// scan of its own entries is cheaper than any index.
#include "journeys/policy/frequency.hpp"

#include <variant>

#include "core/expr/time.hpp"

namespace journeyctl::journeys {

namespace time = core::expr::time;

void InMemoryFrequencyLedger::record_sent(std::string_view profile, std::string_view channel, Timestamp at) {
    m_by_profile[std::string(profile)].push_back(Entry{std::string(channel), at});
}

std::optional<CapReached> InMemoryFrequencyLedger::reserve(const std::vector<Cap>& caps, std::string_view profile,
                                                          std::string_view channel, Timestamp at) {
    if (auto reached = first_cap_reached(caps, *this, profile, channel, at)) return reached;
    record_sent(profile, channel, at);
    return std::nullopt;
}

int64_t InMemoryFrequencyLedger::count_sent(std::string_view profile, std::optional<std::string_view> channel,
                                            Timestamp after, Timestamp until) const {
    auto it = m_by_profile.find(std::string(profile));
    if (it == m_by_profile.end()) return 0;
    int64_t count = 0;
    for (const Entry& e : it->second) {
        if (e.at <= after || e.at > until) continue;
        if (channel && e.channel != *channel) continue;
        ++count;
    }
    return count;
}

std::vector<Cap> caps_from_config(const std::vector<core::workspace::FrequencyCap>& caps) {
    std::vector<Cap> out;
    out.reserve(caps.size());
    for (const auto& cap : caps) {
        Cap c;
        c.channel = cap.channel.value == "any" ? std::string() : cap.channel.value;
        c.max = cap.max.value;
        c.per = cap.per.value;
        out.push_back(std::move(c));
    }
    return out;
}

Timestamp window_start(Timestamp t, Duration per) {
    const auto start = time::subtract(t, per);
    return std::holds_alternative<Timestamp>(start) ? std::get<Timestamp>(start) : Timestamp{-62'135'596'800 - 1, 0};
}

std::optional<CapReached> first_cap_reached(const std::vector<Cap>& caps, const FrequencyLedger& ledger,
                                            std::string_view profile, std::string_view channel, Timestamp t) {
    for (const Cap& cap : caps) {
        if (!cap.applies_to(channel)) continue;
        const Timestamp after = window_start(t, cap.per);
        const std::optional<std::string_view> on =
            cap.any() ? std::nullopt : std::optional<std::string_view>(cap.channel);
        const int64_t count = ledger.count_sent(profile, on, after, t);
        if (count >= cap.max) return CapReached{&cap, count, after};
    }
    return std::nullopt;
}

std::string format_cap_duration(Duration d) {
    if (d.nanos != 0 || d.seconds <= 0) return time::format_duration(d);
    struct Unit {
        int64_t seconds;
        char name;
    };
    // No weeks: "7d" reads as the configuration's example writes it, and
    // "2w" as "14d" is as clear.
    constexpr Unit k_units[] = {{86'400, 'd'}, {3'600, 'h'}, {60, 'm'}, {1, 's'}};
    std::string out;
    int64_t rest = d.seconds;
    for (const Unit& unit : k_units) {
        if (rest >= unit.seconds) {
            out += std::to_string(rest / unit.seconds);
            out += unit.name;
            rest %= unit.seconds;
        }
    }
    return out;
}

}  // namespace journeyctl::journeys
