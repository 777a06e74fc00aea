// Edit distance and "did you mean" suggestions for misspelled names (keys in
// YAML files, commands, segment names). The distance is Damerau-Levenshtein
// in its optimal-string-alignment form, so a swap of two neighbouring
// letters ("shcedule") costs one edit, as people make that typo most.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace journeyctl::core::util {

// Insertions, deletions, substitutions and adjacent transpositions needed to
// turn a into b (byte-wise, case-sensitive).
std::size_t edit_distance(std::string_view a, std::string_view b);

// The largest distance still worth suggesting for a word of this length:
// 1 up to 4 bytes, 2 up to 8, then 3 — beyond that a suggestion is noise.
std::size_t suggestion_threshold(std::string_view word);

// The candidate closest to word within suggestion_threshold(word); ties go to
// the earliest candidate so suggestions are deterministic. An exact match
// counts (distance 0).
std::optional<std::string_view> closest_match(std::string_view word, std::span<const std::string_view> candidates);
std::optional<std::string_view> closest_match(std::string_view word, std::span<const std::string> candidates);

// " (did you mean 'schedule'?)" or "" when nothing is close enough: ready to
// append to an error message.
std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates);
std::string did_you_mean(std::string_view word, std::span<const std::string> candidates);

}  // namespace journeyctl::core::util
