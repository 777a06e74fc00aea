#include "core/util/edit_distance.hpp"

#include <algorithm>
#include <limits>

namespace journeyctl::core::util {

std::size_t edit_distance(std::string_view a, std::string_view b) {
    // Three rolling rows: the transposition rule looks two rows back.
    const std::size_t n = b.size();
    std::vector<std::size_t> two_back(n + 1), previous(n + 1), current(n + 1);
    for (std::size_t j = 0; j <= n; ++j) previous[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        for (std::size_t j = 1; j <= n; ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                current[j] = std::min(current[j], two_back[j - 2] + 1);
            }
        }
        std::swap(two_back, previous);
        std::swap(previous, current);
    }
    return previous[n];
}

std::size_t suggestion_threshold(std::string_view word) {
    if (word.size() <= 4) return 1;
    if (word.size() <= 8) return 2;
    return 3;
}

namespace {

template <typename Candidates>
std::optional<std::string_view> closest_in(std::string_view word, const Candidates& candidates) {
    std::optional<std::string_view> best;
    std::size_t best_distance = std::numeric_limits<std::size_t>::max();
    const std::size_t limit = suggestion_threshold(word);
    for (const auto& candidate : candidates) {
        const std::string_view c(candidate);
        const std::size_t d = edit_distance(word, c);
        if (d <= limit && d < best_distance) {
            best = c;
            best_distance = d;
        }
    }
    return best;
}

std::string format_hint(std::optional<std::string_view> match) {
    if (!match) return {};
    std::string hint = " (did you mean '";
    hint += *match;
    hint += "'?)";
    return hint;
}

}  // namespace

std::optional<std::string_view> closest_match(std::string_view word, std::span<const std::string_view> candidates) {
    return closest_in(word, candidates);
}

std::optional<std::string_view> closest_match(std::string_view word, std::span<const std::string> candidates) {
    return closest_in(word, candidates);
}

std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates) {
    return format_hint(closest_match(word, candidates));
}

std::string did_you_mean(std::string_view word, std::span<const std::string> candidates) {
    return format_hint(closest_match(word, candidates));
}

}  // namespace journeyctl::core::util
