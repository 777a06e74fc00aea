// Loading one data file (see source_loader.hpp): the file is mapped, cut
// into chunks of whole lines, parsed by a few threads (each chunk into its
// own batch, pages given back to the kernel once read), and the batches are
// joined in file order.
#include "core/data/source_loader.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>

#include <fcntl.h>
#include <fmt/format.h>
#include <simdjson.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/data/csv.hpp"
#include "core/data/jsonl.hpp"
#include "core/diag/errors.hpp"

namespace journeyctl::core::data {

namespace {

constexpr std::size_t k_min_chunk = 1 << 20;
constexpr std::size_t k_max_chunk = 8 << 20;
// simdjson reads up to this many bytes past a document (SIMDJSON_PADDING).
constexpr std::size_t k_json_padding = 64;

// A read-only view of a whole file: mapped, or read when it cannot be.
class MappedFile {
public:
    explicit MappedFile(const SourcePlan& plan) {
        const int fd = ::open(plan.file.c_str(), O_RDONLY | O_CLOEXEC);
        struct stat st {};
        if (fd < 0 || ::fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
            const int error = fd < 0 ? errno : (S_ISDIR(st.st_mode) ? EISDIR : errno);
            if (fd >= 0) ::close(fd);
            throw ConfigError(fmt::format("cannot read {}: {}", plan.display, std::strerror(error)));
        }
        m_size = static_cast<std::size_t>(st.st_size);
        if (S_ISREG(st.st_mode) && m_size > 0) {
            void* p = ::mmap(nullptr, m_size, PROT_READ, MAP_PRIVATE, fd, 0);
            if (p != MAP_FAILED) {
                m_map = static_cast<const char*>(p);
                ::madvise(p, m_size, MADV_SEQUENTIAL);
            }
        }
        if (m_map == nullptr) {
            char buffer[1 << 16];
            ssize_t got = 0;
            while ((got = ::read(fd, buffer, sizeof buffer)) > 0) m_copy.append(buffer, static_cast<std::size_t>(got));
            m_size = m_copy.size();
        }
        ::close(fd);
    }
    ~MappedFile() {
        if (m_map != nullptr) ::munmap(const_cast<char*>(m_map), m_size);
    }
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    std::string_view text() const { return m_map != nullptr ? std::string_view(m_map, m_size) : std::string_view(m_copy); }
    // Gives back the pages of [begin, end) once read, so that the peak
    // memory does not grow with the file.
    void release(std::size_t begin, std::size_t end) const {
        if (m_map == nullptr) return;
        const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
        const std::size_t first = (begin + page - 1) / page * page;
        const std::size_t last = end / page * page;
        if (last > first) ::madvise(const_cast<char*>(m_map) + first, last - first, MADV_DONTNEED);
    }

private:
    const char* m_map = nullptr;
    std::size_t m_size = 0;
    std::string m_copy;
};

std::size_t skip_bom(std::string_view text) {
    return text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
}

struct Chunk {
    std::size_t begin = 0, end = 0;
};

std::vector<Chunk> cut_chunks(std::string_view text, std::size_t begin, unsigned threads) {
    std::vector<Chunk> chunks;
    const std::size_t size = text.size() - begin;
    const std::size_t target = std::clamp<std::size_t>(size / (std::max(threads, 1u) * 4) + 1, k_min_chunk, k_max_chunk);
    std::size_t at = begin;
    while (at < text.size()) {
        std::size_t end = at + target;
        if (end >= text.size()) {
            end = text.size();
        } else {
            const char* newline = static_cast<const char*>(std::memchr(text.data() + end, '\n', text.size() - end));
            end = newline != nullptr ? static_cast<std::size_t>(newline - text.data()) + 1 : text.size();
        }
        chunks.push_back({at, end});
        at = end;
    }
    return chunks;
}

// Where each CSV column goes: a materialized slot, a checked field
// (SourcePlan::checked), or neither (a column no plan names).
struct CsvColumn {
    int slot = -1;
    int checked = -1;
};

// The name of the first cell that is not UTF-8, for the message.
std::string_view first_bad_utf8(const std::vector<std::string_view>& cells, const std::vector<std::string>& header) {
    for (std::size_t c = 0; c < cells.size(); ++c) {
        if (!simdjson::validate_utf8(cells[c].data(), cells[c].size())) {
            return c < header.size() ? std::string_view(header[c]) : std::string_view();
        }
    }
    return {};
}

// Rows that a line break count would make of `text`: its lines that are
// not blank.
uint64_t rows_in(std::string_view text) {
    uint64_t rows = 0;
    bool content = false;
    for (char c : text) {
        if (c == '\n') {
            rows += content ? 1 : 0;
            content = false;
        } else if (c != ' ' && c != '\t' && c != '\r') {
            content = true;
        }
    }
    return rows + (content ? 1 : 0);
}

void parse_csv_chunk(std::string_view rest, std::size_t limit, const std::vector<CsvColumn>& columns,
                     const std::vector<std::string>& header, const SourcePlan& plan, Batch& batch) {
    CsvReader reader(rest);
    RowStager st(plan, batch);
    std::vector<std::string_view> cells;
    CsvRecord record;
    std::size_t start = reader.position();
    while (start < limit && reader.next(cells, record)) {
        const std::string_view bytes = rest.substr(start, reader.position() - start);
        start = reader.position();
        if (record.blank) continue;
        if (record.unclosed) {
            // Everything from the opening quote to the end of the file went
            // into one cell: each of those lines is a row lost, so each is
            // counted, and the one message points at where it began.
            const uint64_t lost = std::max<uint64_t>(rows_in(bytes), 1);
            st.reject_row(record.line, RejectReason::MalformedRow,
                          fmt::format("a quoted field is never closed: {} {} to the end of the file not read", lost,
                                      lost == 1 ? "line" : "lines"),
                          lost);
        } else if (!record.error.empty()) {
            st.reject_row(record.line, RejectReason::MalformedRow, std::string(record.error));
        } else if (cells.size() != columns.size()) {
            st.reject_row(record.line, RejectReason::MalformedRow,
                          fmt::format("{} fields where the header has {}", cells.size(), columns.size()));
        } else if (!simdjson::validate_utf8(bytes.data(), bytes.size())) {
            // Checked here, once per row, so that no byte that is not
            // UTF-8 reaches a column (and from there a JSON writer).
            const std::string_view column = first_bad_utf8(cells, header);
            st.reject_row(record.line, RejectReason::MalformedRow,
                          column.empty() ? std::string("invalid UTF-8") : fmt::format("invalid UTF-8 in {}", column));
        } else {
            st.begin();
            for (std::size_t c = 0; c < cells.size(); ++c) {
                if (cells[c].empty()) continue;
                if (columns[c].slot >= 0) {
                    st.text(static_cast<uint32_t>(columns[c].slot), cells[c]);
                } else if (columns[c].checked >= 0 && !st.rejected()) {
                    st.check_text(plan.checked[static_cast<std::size_t>(columns[c].checked)], cells[c]);
                }
            }
            st.commit(record.line);
        }
        if (plan.strict && batch.rejects.total() > 0) break;
    }
    batch.end = reader.position();
    batch.newlines = reader.newlines();
}

// Runs `work(k)` for chunks 0..count-1 on `threads` threads, calling the
// progress callback on this thread meanwhile.
template <typename Work>
void run_chunks(std::size_t count, unsigned threads, ProgressState& progress, Work work) {
    const unsigned n = static_cast<unsigned>(std::min<std::size_t>(std::max(threads, 1u), count));
    std::atomic<std::size_t> next{0};
    std::atomic<unsigned> finished{0};
    std::mutex mutex;
    std::condition_variable all_done;
    auto worker = [&] {
        for (std::size_t k = next++; k < count; k = next++) work(k);
        std::lock_guard lock(mutex);
        ++finished;
        all_done.notify_one();
    };
    std::vector<std::thread> pool;
    for (unsigned i = 1; i < n; ++i) pool.emplace_back(worker);
    if (progress.callback) {
        // This thread reports progress instead of parsing.
        pool.emplace_back(worker);
        std::unique_lock lock(mutex);
        while (finished < n) {
            all_done.wait_for(lock, std::chrono::milliseconds(100));
            lock.unlock();
            progress.callback(progress.done.load(), progress.total);
            lock.lock();
        }
    } else {
        worker();
    }
    for (std::thread& t : pool) t.join();
}

}  // namespace

std::string describe_rejected(const RejectedRow& row) {
    return fmt::format("{}:{}: {}: {}", row.path, row.line, reject_reason_name(row.reason), row.detail);
}

namespace {

// The header's names; a load error for a name that is not UTF-8 or that
// comes twice (which column would `profile.x` read?). `end` and
// `newlines`, when given, receive where the header ends and its newlines.
std::vector<std::string> csv_header(std::string_view text, const SourcePlan& plan, std::size_t* end = nullptr,
                                    uint64_t* newlines = nullptr) {
    CsvReader reader(text);
    std::vector<std::string_view> cells;
    CsvRecord record;
    std::vector<std::string> header;
    if (reader.next(cells, record)) {
        for (std::size_t c = 0; c < cells.size(); ++c) {
            if (!simdjson::validate_utf8(cells[c].data(), cells[c].size())) {
                throw ConfigError(fmt::format("{}:1: the header's column {} is not UTF-8 text", plan.display, c + 1));
            }
            const auto seen = std::find(header.begin(), header.end(), cells[c]);
            if (seen != header.end()) {
                throw ConfigError(fmt::format("{}:1: the header names column '{}' twice (columns {} and {})",
                                              plan.display, cells[c], seen - header.begin() + 1, c + 1));
            }
            header.emplace_back(cells[c]);
        }
    }
    if (end != nullptr) *end = reader.position();
    if (newlines != nullptr) *newlines = reader.newlines();
    return header;
}

}  // namespace

std::vector<std::string> read_csv_header(const SourcePlan& plan) {
    const MappedFile file(plan);
    const std::string_view text = file.text();
    return csv_header(text.substr(skip_bom(text)), plan);
}

LoadedSource load_source(const SourcePlan& plan, ProgressState& progress) {
    const MappedFile file(plan);
    const std::string_view text = file.text();
    std::size_t data_begin = skip_bom(text);
    uint64_t header_lines = 0;
    std::vector<std::string> header;
    std::vector<CsvColumn> columns;
    if (plan.format == FileFormat::Csv) {
        std::size_t header_end = 0;
        header = csv_header(text.substr(data_begin), plan, &header_end, &header_lines);
        for (const std::string& name : header) {
            CsvColumn column;
            for (std::size_t s = 0; s < plan.slots.size() && column.slot < 0; ++s) {
                if (plan.slots[s].name == name) column.slot = static_cast<int>(s);
            }
            for (std::size_t s = 0; s < plan.checked.size() && column.slot < 0 && column.checked < 0; ++s) {
                if (plan.checked[s].name == name) column.checked = static_cast<int>(s);
            }
            columns.push_back(column);
        }
        data_begin += header_end;
    }

    std::vector<Chunk> chunks = cut_chunks(text, data_begin, plan.threads);
    std::vector<Batch> batches(chunks.size());
    std::atomic<std::size_t> first_failed{chunks.size()};
    auto parse = [&](std::size_t k, bool count_progress) {
        if (plan.strict && k > first_failed.load()) return;
        const Chunk c = chunks[k];
        batches[k] = new_batch(plan, (c.end - c.begin) / 48 + 16);
        if (plan.format == FileFormat::Csv) {
            parse_csv_chunk(text.substr(c.begin), c.end - c.begin, columns, header, plan, batches[k]);
        } else {
            parse_jsonl_chunk(text.substr(c.begin, c.end - c.begin), c.end + k_json_padding <= text.size(), plan,
                              batches[k]);
        }
        file.release(c.begin, c.end);
        if (count_progress) progress.done += c.end - c.begin;
        if (plan.strict && batches[k].rejects.total() > 0) {
            std::size_t expected = first_failed.load();
            while (k < expected && !first_failed.compare_exchange_weak(expected, k)) {
            }
        }
    };
    run_chunks(chunks.size(), plan.threads, progress, [&](std::size_t k) { parse(k, true); });

    if (plan.format == FileFormat::Csv) {
        const std::size_t checked = std::min(first_failed.load(), chunks.size());
        bool consistent = true;
        for (std::size_t k = 0; k + 1 < chunks.size() && k < checked; ++k) {
            consistent = consistent && chunks[k].begin + batches[k].end == chunks[k + 1].begin;
        }
        if (!consistent) {
            // A quoted line break crossed a cut: read the data in one piece.
            batches.clear();
            chunks = {Chunk{data_begin, text.size()}};
            batches.resize(1);
            first_failed = 1;
            parse(0, false);
        }
    }

    // A file with no data rows (a CSV header alone) still gives its columns
    // their names and types, from one empty batch.
    if (batches.empty()) batches.push_back(new_batch(plan, 0));

    LoadedSource out;
    out.report.loaded = true;
    out.report.path = plan.display;
    out.report.format = plan.format;
    uint64_t line = header_lines;
    std::map<RejectReason, std::size_t> shown;
    std::vector<std::vector<Column>> parts(plan.slots.size());
    std::size_t kept_rows = 0;
    for (const Batch& b : batches) kept_rows += plan.events ? b.profile_of.size() : b.line_of.size();  // runs
    (plan.events ? out.profile_of.reserve(kept_rows) : out.line_of.reserve(kept_rows));
    for (std::size_t k = 0; k < batches.size(); ++k) {
        Batch& b = batches[k];
        out.report.rows += b.rows_read;
        for (const auto& [reason, count] : b.rejects.counts) out.report.rejected[reason] += count;
        for (RejectedRow& r : b.rejects.examples) {
            if (shown[r.reason]++ >= plan.examples_per_reason) continue;
            r.path = plan.display;
            r.line += line + 1;
            out.examples.push_back(std::move(r));
        }
        for (uint64_t l : b.line_of) out.line_of.push_back(l + line + 1);
        std::vector<uint64_t>().swap(b.line_of);
        out.profile_of.insert(out.profile_of.end(), b.profile_of.begin(), b.profile_of.end());
        std::vector<ProfileRun>().swap(b.profile_of);
        for (std::size_t s = 0; s < plan.slots.size(); ++s) parts[s].push_back(b.columns[s].take());
        b.arena.move_into(out.arena);
        for (std::string& name : b.other_fields) {
            auto& seen = out.report.other_fields;
            if (std::find(seen.begin(), seen.end(), name) == seen.end()) seen.push_back(std::move(name));
        }
        line += b.newlines;
    }
    if (plan.strict && !out.examples.empty()) throw DataError(describe_rejected(out.examples.front()));
    for (std::size_t s = 0; s < plan.slots.size(); ++s) {
        out.columns.push_back(ColumnBuilder::concat(parts[s]));
        std::vector<Column>().swap(parts[s]);
    }
    out.rows = static_cast<uint32_t>(out.report.rows - out.report.rejected_total());
    out.report.kept = out.rows;
    return out;
}

}  // namespace journeyctl::core::data
