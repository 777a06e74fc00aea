#include "cmd/run_events.hpp"

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cmd/output_file.hpp"
#include "core/diag/errors.hpp"
#include "core/expr/time.hpp"
#include "journeys/runtime/stored_time.hpp"

namespace journeyctl::cmd {

TemporaryFolder::TemporaryFolder() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/journeyctl-run-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) {
        throw core::ConfigError(fmt::format("cannot make a temporary folder: {}", std::strerror(errno)));
    }
    m_path = pattern;
}

TemporaryFolder::~TemporaryFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
}

StoredEventsFile::StoredEventsFile(core::state::StateStore& store) {
    std::string text;
    store.journeys().for_each_event([&text](std::string_view line) {
        text += line;
        text += '\n';
    });
    if (text.empty()) return;
    m_folder.emplace();
    m_path = m_folder->path() / "events.jsonl";
    std::ofstream out(*m_path, std::ios::binary);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    if (!out) throw OutputError(fmt::format("cannot write {}: {}", m_path->string(), std::strerror(errno)));
}

void check_event_line(const std::string& line, const std::string& where) {
    nlohmann::json parsed = nlohmann::json::parse(line, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object()) {
        throw core::DataError(fmt::format("{}: an event must be one JSON object on its line", where));
    }
}

std::vector<std::string> read_event_file(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw core::UsageError(fmt::format("--events {}: cannot read it: {}", file, std::strerror(errno)));
    std::vector<std::string> lines;
    std::string line;
    for (uint64_t number = 1; std::getline(in, line); ++number) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        check_event_line(line, fmt::format("{}:{}", file, number));
        lines.push_back(line);
    }
    if (in.bad()) throw core::UsageError(fmt::format("--events {}: cannot read it: {}", file, std::strerror(errno)));
    return lines;
}

ReceivedEvents store_events(core::state::StateStore& store, const std::vector<std::string>& lines,
                            std::string_view time_field) {
    ReceivedEvents counts;
    if (lines.empty()) return counts;
    counts.received = static_cast<uint64_t>(store.journeys().add_events(lines, core::state::unix_nanos_now()));
    const std::vector<core::state::JourneyRunRecord> runs = store.journeys().runs();
    if (runs.empty()) return counts;
    int64_t reached = runs.front().until;
    for (const core::state::JourneyRunRecord& run : runs) reached = std::min(reached, run.until);
    const std::string field(time_field);
    for (const std::string& line : lines) {
        const nlohmann::json event = nlohmann::json::parse(line, nullptr, false);
        const auto time = event.find(field);
        if (time == event.end() || !time->is_string()) continue;  // the loader reports it
        const auto parsed = core::expr::time::parse_timestamp(time->get<std::string>());
        if (const auto* t = std::get_if<core::expr::Timestamp>(&parsed)) {
            if (journeys::bounded_unix_nanos(*t) <= reached) ++counts.late;
        }
    }
    return counts;
}

LineReader::Batch LineReader::read(std::chrono::milliseconds timeout) {
    Batch batch;
    pollfd fd{STDIN_FILENO, POLLIN, 0};
    int wait_ms = static_cast<int>(timeout.count());
    while (true) {
        const int ready = ::poll(&fd, 1, wait_ms);
        if (ready < 0 && errno == EINTR) return batch;  // a signal: let the caller look
        if (ready <= 0) return batch;
        char buffer[65536];
        const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) return batch;
        if (n <= 0) {
            if (m_partial.find_first_not_of(" \t\r") != std::string::npos) {
                ++m_count;
                check_event_line(m_partial, fmt::format("stdin:{}", m_count));
                batch.lines.push_back(m_partial);
            }
            m_partial.clear();
            batch.ended = true;
            return batch;
        }
        m_partial.append(buffer, static_cast<size_t>(n));
        size_t start = 0;
        for (size_t end; (end = m_partial.find('\n', start)) != std::string::npos; start = end + 1) {
            std::string line = m_partial.substr(start, end - start);
            ++m_count;
            if (!line.empty() && line.back() == '\r') line.pop_back();
            if (line.find_first_not_of(" \t") == std::string::npos) continue;
            check_event_line(line, fmt::format("stdin:{}", m_count));
            batch.lines.push_back(std::move(line));
        }
        m_partial.erase(0, start);
        // Take what else is there already, without waiting again.
        wait_ms = 0;
    }
}

}  // namespace journeyctl::cmd
