// The suppression list (policies.suppress in journeyctl.yaml): addresses
// and profile keys that are never contacted, one a line.
//
// File format, decided here:
//   - one value a line; spaces and tabs around it are trimmed, CR LF and LF
//     both end a line, a UTF-8 byte order mark at the start is skipped;
//   - blank lines and lines whose first non-blank byte is `#` are ignored;
//   - a value may be written in double quotes (the file is often a one-column
//     CSV export), with `""` for a quote inside;
//   - a line with a comma, a tab or a space inside its (unquoted) value, a
//     control byte or an unclosed quote is a bad line: it is reported with
//     its line number and skipped — the value cannot be guessed safely.
// Matching: a value containing `@` is an email address and matches without
// regard to ASCII case ("Ann@Example.COM" suppresses "ann@example.com"):
// providers deliver case-insensitively in practice, and a suppression list
// must err on the side of not contacting. Every other value (profile keys,
// phone numbers, device tokens) matches byte for byte.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/diag/diagnostic.hpp"

namespace journeyctl::journeys {

class SuppressionList {
public:
    // Adds one value (normalised as described above); empty is ignored.
    void add(std::string_view value);
    bool contains(std::string_view value) const;
    size_t size() const { return m_values.size(); }
    bool empty() const { return m_values.empty(); }

    // What matched for a message to `address` of the profile `key`, if
    // anything: the address first, then the key. For trace reasons.
    enum class Match : uint8_t { None, Address, ProfileKey };
    Match match(std::optional<std::string_view> address, std::string_view key) const;

private:
    std::unordered_set<std::string> m_values;
};

struct SuppressionLoad {
    SuppressionList list;
    // Bad lines (code bad-value) and a file that cannot be read (read-error),
    // with `path` as given.
    std::vector<core::diag::Diagnostic> problems;
    size_t lines_read = 0;
};

// Parses the text of a suppression file; `path` only labels problems.
SuppressionLoad parse_suppression_list(std::string_view text, std::string_view path);
// Reads and parses the file at `file_path`; problems name `display_path`
// (the path relative to the workspace, as the user wrote it).
SuppressionLoad load_suppression_list(const std::string& file_path, std::string_view display_path);

}  // namespace journeyctl::journeys
