// load_dataset as a pipeline of named steps:
//   plan     which fields of each file to keep and their types (declared in
//            journeyctl.yaml, else sniffed as `validate` sees them);
//   profiles load the profile file; index the keys; reject duplicates;
//   events   load the event file, resolving each event's key to its profile
//            while parsing, then any extra event files with the same plan
//            (extra_events.hpp), joined after it; group by profile (a
//            counting sort, skipped when the rows are already grouped) and
//            sort each profile's events by time (stable, so file order,
//            then line order, breaks ties);
//   report   rejected rows per file and reason, with the first examples.
#include <algorithm>
#include <numeric>
#include <thread>

#include <malloc.h>

#include <fmt/format.h>

#include "core/data/column_builder.hpp"
#include "core/data/extra_events.hpp"
#include "core/data/key_index.hpp"
#include "core/data/load_files.hpp"
#include "core/data/source_loader.hpp"
#include "core/diag/errors.hpp"

namespace journeyctl::core::data {

std::string_view reject_reason_name(RejectReason reason) {
    switch (reason) {
        case RejectReason::MalformedRow: return "malformed row";
        case RejectReason::BadType: return "bad type";
        case RejectReason::MissingKey: return "missing key";
        case RejectReason::DuplicateKey: return "duplicate key";
        case RejectReason::UnknownProfile: return "unknown profile";
        case RejectReason::BadTime: return "bad time";
    }
    return "malformed row";
}

uint64_t SourceReport::rejected_total() const {
    uint64_t sum = 0;
    for (const auto& [reason, count] : rejected) sum += count;
    return sum;
}

uint64_t LoadReport::rejected_total() const {
    uint64_t sum = 0;
    for (const auto& [reason, count] : rejected) sum += count;
    return sum;
}

std::optional<uint32_t> Dataset::find_profile(std::string_view key) const {
    return m_key_index ? m_key_index->find(key) : std::nullopt;
}

namespace {

ColumnType column_type_of(SniffedKind kind, FileFormat format) {
    switch (kind) {
        case SniffedKind::Int: return ColumnType::Int;
        case SniffedKind::Double: return ColumnType::Double;
        case SniffedKind::Bool: return ColumnType::Bool;
        case SniffedKind::Timestamp: return ColumnType::Timestamp;
        case SniffedKind::String: return ColumnType::String;
        case SniffedKind::List:
        case SniffedKind::Map:
        case SniffedKind::Dyn: break;
    }
    // A CSV cell is text whatever the sample showed.
    return format == FileFormat::Csv ? ColumnType::String : ColumnType::Dyn;
}

// Step "plan": the slots of one source.
// `whole`: JSON values are kept whole, not cut down to the keys a load
// reads (for the cache, which serves loads of other keys).
SourcePlan make_plan(const DataSource& source, const std::filesystem::path& root, bool events,
                     const std::optional<std::vector<std::string>>& wanted, const LoadOptions& options,
                     bool whole) {
    SourcePlan plan;
    plan.display = source.file;
    plan.file = root / source.file;
    plan.events = events;
    plan.strict = options.strict;
    plan.examples_per_reason = options.strict ? std::max<std::size_t>(options.examples_per_reason, 1)
                                              : options.examples_per_reason;
    plan.threads = options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    const auto format = format_of(plan.file);
    if (!format) {
        throw ConfigError(fmt::format("{}: a data file must be .csv, .jsonl or .ndjson", plan.display));
    }
    plan.format = *format;
    std::error_code ec;
    if (!std::filesystem::exists(plan.file, ec)) throw ConfigError(fmt::format("cannot read {}: no such file", plan.display));
    // A CSV header is checked first (a column named twice, bytes that are
    // not UTF-8), so that its error names the line and columns.
    std::vector<std::string> header;
    if (plan.format == FileFormat::Csv) header = read_csv_header(plan);
    const SniffResult sample = sniff_file(plan.file);
    if (!sample.readable) throw ConfigError(fmt::format("cannot read {}: {}", plan.display, sample.error));

    // Every name the file is known to have, then the declared ones.
    std::vector<std::string> names;
    for (const SniffedField& f : sample.fields) names.push_back(f.name);
    if (plan.format == FileFormat::Csv) names = std::move(header);
    for (const DeclaredField& d : source.fields) {
        if (std::find(names.begin(), names.end(), d.name) == names.end()) names.push_back(d.name);
    }
    const std::string& key = source.key;
    const std::string& type_field = source.type_field;
    const std::string& time_field = source.time_field;
    auto required = [&](const std::string& name) {
        return name == key || (events && (name == type_field || name == time_field));
    };
    for (const std::string& name : std::vector<std::string>{key, type_field, time_field}) {
        if (!required(name) || std::find(names.begin(), names.end(), name) != names.end()) continue;
        if (plan.format == FileFormat::Csv) {
            throw ConfigError(fmt::format("{} has no field '{}' (named in journeyctl.yaml)", plan.display, name));
        }
        names.push_back(name);
    }
    plan.listed = names;
    if (wanted) {
        for (const std::string& name : *wanted) {
            if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
        }
    }
    for (const std::string& name : names) {
        const bool keep = required(name) || !wanted || std::find(wanted->begin(), wanted->end(), name) != wanted->end();
        FieldSlot slot;
        slot.name = name;
        if (const SniffedField* f = sample.field(name)) slot.type = column_type_of(f->kind, plan.format);
        else slot.type = plan.format == FileFormat::Csv ? ColumnType::String : ColumnType::Dyn;
        for (const DeclaredField& d : source.fields) {
            if (d.name == name) {
                slot.type = d.type;
                slot.declared = true;
            }
        }
        if (name == key) {
            slot.role = FieldRole::Key;
            slot.type = ColumnType::String;
        } else if (events && name == type_field) {
            slot.role = FieldRole::EventType;
            slot.type = ColumnType::String;
        } else if (events && name == time_field) {
            slot.role = FieldRole::EventTime;
            slot.type = ColumnType::Timestamp;
        }
        if (auto keys = options.event_field_keys.find(name);
            !whole && events && slot.type == ColumnType::Dyn && keys != options.event_field_keys.end()) {
            slot.keys = keys->second;
        }
        // A field left out is still checked, so that a bad value rejects
        // its row whichever fields the command reads.
        (keep ? plan.slots : plan.checked).push_back(std::move(slot));
    }
    return plan;
}

uint32_t slot_of(const SourcePlan& plan, FieldRole role) {
    for (std::size_t i = 0; i < plan.slots.size(); ++i) {
        if (plan.slots[i].role == role) return static_cast<uint32_t>(i);
    }
    return 0;
}

void add_examples(LoadReport& report, std::vector<RejectedRow>&& rows) {
    for (RejectedRow& r : rows) report.examples.push_back(std::move(r));
}

}  // namespace

class DatasetLoader {
public:
    DatasetLoader(const DataSources& sources, const std::filesystem::path& root, const LoadOptions& options,
                  bool whole)
        : m_sources(sources), m_root(root), m_options(options), m_whole(whole) {}

    Dataset run() {
        // Big buffers (the threads' batches, freed as they are joined) are
        // to go back to the system when freed, not stay in the heap and
        // add to the peak: fix glibc's mmap threshold, which it otherwise
        // raises after the first such free.
        mallopt(M_MMAP_THRESHOLD, 1 << 20);
        if (!m_sources.profiles || m_sources.profiles->file.empty()) {
            throw ConfigError("journeyctl.yaml names no profile data (data.profiles.file)");
        }
        m_progress.callback = m_options.progress;
        m_progress.total = file_size(m_root / m_sources.profiles->file);
        if (m_options.load_events && m_sources.events) {
            m_progress.total += file_size(m_root / m_sources.events->file);
            for (const auto& extra : m_options.extra_event_files) m_progress.total += file_size(m_root / extra);
        }
        load_profiles();
        load_events();
        LoadReport& report = m_data.m_report;
        report.profile_rows = report.profiles.rows;
        report.event_rows = report.events.rows;
        std::vector<const SourceReport*> sources{&report.profiles, &report.events};
        for (const SourceReport& extra : report.extra_events) {
            sources.push_back(&extra);
            report.event_rows += extra.rows;
        }
        for (const SourceReport* source : sources) {
            for (const auto& [reason, count] : source->rejected) report.rejected[reason] += count;
        }
        if (m_progress.callback) m_progress.callback(m_progress.total, m_progress.total);
        return std::move(m_data);
    }

    FieldsListed listed() const { return m_listed; }

private:
    // `root / path` is `path` when it is absolute.
    static uint64_t file_size(const std::filesystem::path& path) {
        std::error_code ec;
        const auto size = std::filesystem::file_size(path, ec);
        return ec ? 0 : size;
    }

    void load_profiles() {
        const SourcePlan plan = make_plan(*m_sources.profiles, m_root, false, m_options.profile_fields, m_options, m_whole);
        m_listed.profiles = plan.listed;
        LoadedSource loaded = load_source(plan, m_progress);
        const uint32_t key = slot_of(plan, FieldRole::Key);
        auto index = std::make_shared<KeyIndex>(ColumnAccess::strings(loaded.columns[key]));
        if (!index->duplicates().empty()) {
            std::vector<uint8_t> keep(loaded.rows, 1);
            for (const auto& [row, first] : index->duplicates()) {
                keep[row] = 0;
                RejectedRow rejected{plan.display, loaded.line_of[row], RejectReason::DuplicateKey,
                                     fmt::format("{} \"{}\" already on line {}", plan.slots[key].name,
                                                 ColumnAccess::strings(loaded.columns[key])[row], loaded.line_of[first])};
                if (plan.strict) throw DataError(describe_rejected(rejected));
                if (loaded.report.rejected[RejectReason::DuplicateKey]++ < plan.examples_per_reason) {
                    loaded.examples.push_back(std::move(rejected));
                }
            }
            for (Column& c : loaded.columns) ColumnBuilder::keep_rows(c, keep);
            loaded.rows = loaded.columns[key].size();
            loaded.report.kept = loaded.rows;
            index = std::make_shared<KeyIndex>(ColumnAccess::strings(loaded.columns[key]));
        }
        std::vector<uint64_t>().swap(loaded.line_of);
        m_data.m_key_index = std::move(index);
        m_data.m_key_field = key;
        std::stable_sort(loaded.examples.begin(), loaded.examples.end(),
                         [](const RejectedRow& a, const RejectedRow& b) { return a.line < b.line; });
        m_data.m_report.profiles = std::move(loaded.report);
        add_examples(m_data.m_report, std::move(loaded.examples));
        m_data.m_profiles = std::make_unique<Table>();
        TableAccess::set(*m_data.m_profiles, loaded.rows, std::move(loaded.columns));
        TableAccess::arena(*m_data.m_profiles) = std::move(loaded.arena);
    }

    void load_events() {
        const uint32_t profiles = m_data.m_profiles->row_count();
        m_data.m_events = std::make_unique<Table>();
        const bool configured = m_sources.events && !m_sources.events->file.empty();
        if (m_options.load_events && !configured && !m_options.extra_event_files.empty()) {
            // The field names (key, type, time) and types of extra events
            // come from the events source; guessing them would read a file
            // differently from the workspace's own events later.
            throw ConfigError(fmt::format(
                "{}: extra events are read with the workspace's events source, and journeyctl.yaml has none: "
                "add data.events (file and key; type and time when the fields are named otherwise)",
                extra_file_display(m_options.extra_event_files.front(), m_root)));
        }
        if (!m_options.load_events || !configured) {
            std::vector<Column> columns;
            ColumnBuilder type("type", ColumnType::String, false, true);
            ColumnBuilder time("time", ColumnType::Timestamp, false, false);
            columns.push_back(type.take());
            columns.push_back(time.take());
            TableAccess::set(*m_data.m_events, 0, std::move(columns));
            m_data.m_event_type_field = 0;
            m_data.m_event_time_field = 1;
            m_data.m_event_begin.assign(profiles + 1, 0);
            return;
        }
        SourcePlan plan = make_plan(*m_sources.events, m_root, true, m_options.event_fields, m_options, m_whole);
        plan.profile_index = m_data.m_key_index.get();
        m_listed.events = plan.listed;
        const std::vector<SourcePlan> extra_plans = plan_extra_events(plan, m_options.extra_event_files, m_root);
        LoadedSource loaded = load_source(plan, m_progress);
        std::vector<LoadedSource> extras;
        for (const SourcePlan& extra : extra_plans) extras.push_back(load_source(extra, m_progress));
        join_sources(loaded, extras);
        group_by_profile(plan, loaded, profiles);
        const uint32_t key = slot_of(plan, FieldRole::Key);
        ColumnBuilder::make_group_key(loaded.columns[key], loaded.rows, m_data.m_event_begin,
                                      m_data.m_profiles->columns()[m_data.m_key_field]);
        m_data.m_event_type_field = slot_of(plan, FieldRole::EventType);
        m_data.m_event_time_field = slot_of(plan, FieldRole::EventTime);
        m_data.m_report.events = std::move(loaded.report);
        add_examples(m_data.m_report, std::move(loaded.examples));
        for (LoadedSource& extra : extras) {
            m_data.m_report.extra_events.push_back(std::move(extra.report));
            add_examples(m_data.m_report, std::move(extra.examples));
        }
        Table& table = *m_data.m_events;
        TableAccess::set(table, loaded.rows, std::move(loaded.columns));
        TableAccess::arena(table) = std::move(loaded.arena);
        if (plan.slots[m_data.m_event_type_field].name != "type") {
            TableAccess::add_alias(table, "type", m_data.m_event_type_field);
        }
        if (plan.slots[m_data.m_event_time_field].name != "time") {
            TableAccess::add_alias(table, "time", m_data.m_event_time_field);
        }
    }

    // Rows grouped by profile (counting sort), then each group by time.
    void group_by_profile(const SourcePlan& plan, LoadedSource& loaded, uint32_t profiles) {
        std::vector<uint32_t>& begin = m_data.m_event_begin;
        begin.assign(profiles + 1, 0);
        for (const ProfileRun& run : loaded.profile_of) begin[run.profile + 1] += run.rows;
        std::partial_sum(begin.begin(), begin.end(), begin.begin());
        const auto by_profile = [](const ProfileRun& a, const ProfileRun& b) { return a.profile < b.profile; };
        if (!std::is_sorted(loaded.profile_of.begin(), loaded.profile_of.end(), by_profile)) {
            std::vector<uint32_t> order(loaded.rows);
            std::vector<uint32_t> next(begin.begin(), begin.end() - 1);
            uint32_t row = 0;
            for (const ProfileRun& run : loaded.profile_of) {
                for (uint32_t i = 0; i < run.rows; ++i) order[next[run.profile]++] = row++;
            }
            std::vector<uint32_t>().swap(next);
            for (Column& c : loaded.columns) {
                if (c.size() == loaded.rows) ColumnBuilder::gather(c, order);
            }
        }
        std::vector<ProfileRun>().swap(loaded.profile_of);
        const Column& time = loaded.columns[slot_of(plan, FieldRole::EventTime)];
        const std::vector<int64_t>& seconds = ColumnAccess::ints(time);
        const std::vector<int32_t>& nanos = ColumnAccess::nanos(time);
        auto earlier = [&](uint32_t a, uint32_t b) {
            if (seconds[a] != seconds[b]) return seconds[a] < seconds[b];
            return !nanos.empty() && nanos[a] < nanos[b];
        };
        // Each thread sorts a range of profiles. Ranges start at a row that
        // is a multiple of 64, so no two threads write one word of a
        // column's presence bitmap.
        std::vector<uint32_t> cuts{0};
        for (unsigned t = 1; t < plan.threads; ++t) {
            const uint32_t target = static_cast<uint32_t>(uint64_t{loaded.rows} * t / plan.threads);
            uint32_t p = static_cast<uint32_t>(std::lower_bound(begin.begin(), begin.end() - 1, target) - begin.begin());
            while (p < profiles && begin[p] % 64 != 0) ++p;
            if (p > cuts.back() && p < profiles) cuts.push_back(p);
        }
        cuts.push_back(profiles);
        auto sort_range = [&](uint32_t first, uint32_t last) {
            std::vector<uint32_t> local;
            for (uint32_t p = first; p < last; ++p) sort_profile(loaded, begin[p], begin[p + 1], earlier, local);
        };
        std::vector<std::thread> pool;
        for (std::size_t i = 1; i + 1 < cuts.size(); ++i) pool.emplace_back(sort_range, cuts[i], cuts[i + 1]);
        sort_range(cuts[0], cuts[1]);
        for (std::thread& t : pool) t.join();
    }

    // Sorts the rows [b, e) of one profile by time (stable).
    template <typename Earlier>
    static void sort_profile(LoadedSource& loaded, uint32_t b, uint32_t e, const Earlier& earlier,
                             std::vector<uint32_t>& local) {
        {
            bool sorted = true;
            for (uint32_t r = b + 1; r < e && sorted; ++r) sorted = !earlier(r, r - 1);
            if (sorted) return;
            local.resize(e - b);
            std::iota(local.begin(), local.end(), 0u);
            auto by_time = [&](uint32_t x, uint32_t y) { return earlier(b + x, b + y); };
            if (local.size() <= 32) {
                // Insertion sort: stable, and no buffer for the usual few events.
                for (std::size_t i = 1; i < local.size(); ++i) {
                    const uint32_t v = local[i];
                    std::size_t j = i;
                    for (; j > 0 && by_time(v, local[j - 1]); --j) local[j] = local[j - 1];
                    local[j] = v;
                }
            } else {
                std::stable_sort(local.begin(), local.end(), by_time);
            }
            for (Column& c : loaded.columns) {
                if (c.size() == loaded.rows) ColumnBuilder::permute_range(c, b, local);
            }
        }
    }

    const DataSources& m_sources;
    std::filesystem::path m_root;
    const LoadOptions& m_options;
    bool m_whole = false;
    FieldsListed m_listed;
    ProgressState m_progress;
    Dataset m_data;
};

Dataset load_files(const DataSources& sources, const std::filesystem::path& root, const LoadOptions& options,
                   FieldsListed* whole_values) {
    DatasetLoader loader(sources, root, options, whole_values != nullptr);
    Dataset data = loader.run();
    if (whole_values) *whole_values = loader.listed();
    return data;
}

}  // namespace journeyctl::core::data
