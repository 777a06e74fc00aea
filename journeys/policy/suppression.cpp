// Suppression list parsing and matching; the format is described in
// suppression.hpp.
#include "journeys/policy/suppression.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace journeyctl::journeys {

namespace {

// Emails compare without ASCII case; everything else as written.
std::string normalise(std::string_view value) {
    std::string out(value);
    if (value.find('@') != std::string_view::npos) {
        for (char& c : out) {
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

bool is_control(char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }

// The value of one trimmed, non-empty, non-comment line, or why it is bad.
struct LineValue {
    std::string value;
    std::string problem;
};

LineValue parse_line(std::string_view line) {
    LineValue out;
    if (line.front() == '"') {
        size_t i = 1;
        for (;;) {
            if (i >= line.size()) {
                out.problem = "unclosed quote";
                return out;
            }
            if (line[i] == '"') {
                if (i + 1 < line.size() && line[i + 1] == '"') {
                    out.value += '"';
                    i += 2;
                    continue;
                }
                break;
            }
            out.value += line[i++];
        }
        if (i + 1 != line.size()) {
            out.problem = "text after the closing quote (one value a line)";
            return out;
        }
    } else {
        for (char c : line) {
            if (c == ',' || c == ' ' || c == '\t') {
                out.problem = "more than one value on the line (one address or profile key a line)";
                return out;
            }
            if (c == '"') {
                out.problem = "a quote inside an unquoted value";
                return out;
            }
        }
        out.value = std::string(line);
    }
    for (char c : out.value) {
        if (is_control(c)) {
            out.problem = "a control character in the value";
            return out;
        }
    }
    if (out.value.empty()) out.problem = "an empty quoted value";
    return out;
}

}  // namespace

void SuppressionList::add(std::string_view value) {
    if (!value.empty()) m_values.insert(normalise(value));
}

bool SuppressionList::contains(std::string_view value) const {
    if (value.empty() || m_values.empty()) return false;
    return m_values.contains(normalise(value));
}

SuppressionList::Match SuppressionList::match(std::optional<std::string_view> address, std::string_view key) const {
    if (address && contains(*address)) return Match::Address;
    if (contains(key)) return Match::ProfileKey;
    return Match::None;
}

SuppressionLoad parse_suppression_list(std::string_view text, std::string_view path) {
    SuppressionLoad out;
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    uint32_t line_number = 0;
    while (!text.empty()) {
        const size_t end = text.find('\n');
        std::string_view raw = text.substr(0, end);
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
        ++line_number;
        ++out.lines_read;
        const std::string_view line = trim(raw);
        if (line.empty() || line.front() == '#') continue;
        LineValue value = parse_line(line);
        if (!value.problem.empty()) {
            core::diag::Diagnostic d;
            d.path = std::string(path);
            d.line = line_number;
            d.column = static_cast<uint32_t>(line.data() - raw.data()) + 1;
            d.length = static_cast<uint32_t>(line.size());
            d.message = "suppression list line skipped: " + value.problem;
            d.code = "bad-value";
            out.problems.push_back(std::move(d));
            continue;
        }
        out.list.add(value.value);
    }
    return out;
}

SuppressionLoad load_suppression_list(const std::string& file_path, std::string_view display_path) {
    std::ifstream in(file_path, std::ios::binary);
    if (!in) {
        SuppressionLoad out;
        core::diag::Diagnostic d;
        d.path = std::string(display_path);
        d.message = std::string("cannot read the suppression list: ") + std::strerror(errno);
        d.code = "read-error";
        out.problems.push_back(std::move(d));
        return out;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return parse_suppression_list(buffer.str(), display_path);
}

}  // namespace journeyctl::journeys
