// A dataset to and from the column cache (see cache_codec.hpp).
//
// The directory holds each table's columns as a load kept them, and the
// fields the file is known to have ("listed", in file order). A load takes
// from it what load_files would give: the listed fields it names (all of
// them when it names none; the key, type and time always), in listed
// order, then the names it gives that the file does not list, in its
// order: a cached column, or a column no row has. A field it needs that
// the cache lacks (listed but not loaded then, or seen past the sniffed
// rows) is unserved: the cache is rebuilt with it. The events' key column
// is made from the groups, as loading makes it; the key index is rebuilt;
// object cells are cut down to the keys a load reads
// (LoadOptions::event_field_keys).
#include <algorithm>
#include <thread>

#include "core/data/cache_codec.hpp"
#include "core/data/key_index.hpp"

namespace journeyctl::core::data {

namespace {

using nlohmann::json;

json source_json(const SourceReport& r) {
    json rejected = json::array();
    for (const auto& [reason, count] : r.rejected) rejected.push_back({static_cast<int>(reason), count});
    return {{"loaded", r.loaded},       {"path", r.path},         {"format", static_cast<int>(r.format)},
            {"rows", r.rows},           {"kept", r.kept},         {"rejected", rejected},
            {"other_fields", r.other_fields}};
}

RejectReason reason_from(int value) {
    if (value < 0 || value > static_cast<int>(RejectReason::BadTime)) throw CacheDamaged("an unknown reject reason");
    return static_cast<RejectReason>(value);
}

SourceReport source_from(const json& j) {
    SourceReport r;
    r.loaded = j.at("loaded").get<bool>();
    r.path = j.at("path").get<std::string>();
    const int format = j.at("format").get<int>();
    if (format != static_cast<int>(FileFormat::Csv) && format != static_cast<int>(FileFormat::JsonLines)) {
        throw CacheDamaged("an unknown file format");
    }
    r.format = static_cast<FileFormat>(format);
    r.rows = j.at("rows").get<uint64_t>();
    r.kept = j.at("kept").get<uint64_t>();
    for (const json& entry : j.at("rejected")) r.rejected[reason_from(entry.at(0).get<int>())] = entry.at(1).get<uint64_t>();
    r.other_fields = j.at("other_fields").get<std::vector<std::string>>();
    return r;
}

json table_json(CacheFileWriter& writer, const Table& table, const std::vector<std::string>& listed) {
    json columns = json::array();
    for (const Column& c : table.columns()) columns.push_back(ColumnCodec::write(writer, c));
    return {{"rows", table.row_count()}, {"listed", listed}, {"columns", columns}};
}

// The columns a load of `wanted` takes from a stored table: their stored
// positions, or -1 for a name no row has (`names`, in order), and the
// fields it needs that the cache cannot give (`unserved`). `required`:
// stored positions always taken (key, type, time).
struct Choice {
    std::vector<int64_t> stored;
    std::vector<std::string> names;
    std::vector<std::string> unserved;
};

Choice choose(const json& table, const std::vector<std::string>& seen_later,
              const std::optional<std::vector<std::string>>& wanted, const std::vector<uint32_t>& required) {
    const json& columns = table.at("columns");
    const std::vector<std::string> listed = table.at("listed").get<std::vector<std::string>>();
    std::vector<std::string> cached;
    for (const json& entry : columns) cached.push_back(entry.at("name").get<std::string>());
    auto stored_at = [&](const std::string& name) -> int64_t {
        const auto it = std::find(cached.begin(), cached.end(), name);
        return it == cached.end() ? -1 : static_cast<int64_t>(it - cached.begin());
    };
    auto named = [&](const std::string& name) {
        return std::find(wanted->begin(), wanted->end(), name) != wanted->end();
    };
    Choice choice;
    for (const std::string& name : listed) {
        const int64_t at = stored_at(name);
        const bool needed = !wanted || named(name) ||
                            (at >= 0 && std::find(required.begin(), required.end(), at) != required.end());
        if (!needed) continue;
        if (at < 0) {
            choice.unserved.push_back(name);
        } else {
            choice.stored.push_back(at);
        }
    }
    if (!wanted) return choice;
    std::vector<std::string> taken = listed;
    for (const std::string& name : *wanted) {
        if (std::find(taken.begin(), taken.end(), name) != taken.end()) continue;
        taken.push_back(name);
        const int64_t at = stored_at(name);
        if (at < 0 && std::find(seen_later.begin(), seen_later.end(), name) != seen_later.end()) {
            choice.unserved.push_back(name);
            continue;
        }
        choice.stored.push_back(at);
        if (at < 0) choice.names.push_back(name);
    }
    return choice;
}

std::vector<std::string> seen_later(const json& directory, std::string_view table) {
    return directory.at("report").at(table).at("other_fields").get<std::vector<std::string>>();
}

// The chosen columns; `position[i]`: where stored column i went (-1: not taken).
// `group_key`: the stored position of the one column that may be the
// events' key (made from the groups), -1 for none: any other such entry
// would be a column without cells.
std::vector<Column> read_columns(const ColumnSource& source, bool events, const json& table, const Choice& choice,
                                 FileFormat format, int64_t group_key, std::vector<int64_t>& position) {
    const json& columns = table.at("columns");
    const uint32_t rows = table.at("rows").get<uint32_t>();
    position.assign(columns.size(), -1);
    std::vector<Column> out;
    std::size_t next_absent = 0;
    for (const int64_t stored : choice.stored) {
        if (stored < 0) {
            // As load_files types a field that the file does not list.
            const ColumnType type = format == FileFormat::Csv ? ColumnType::String : ColumnType::Dyn;
            out.push_back(ColumnCodec::absent(choice.names[next_absent++], type, rows));
            continue;
        }
        const json& entry = columns.at(static_cast<std::size_t>(stored));
        if (ColumnCodec::is_group_key(entry) != (stored == group_key)) throw CacheDamaged("a key column is misplaced");
        Column c = source.column(events, static_cast<std::size_t>(stored), entry);
        if (c.size() != rows) throw CacheDamaged("a column's rows do not match its table's");
        position[static_cast<std::size_t>(stored)] = static_cast<int64_t>(out.size());
        out.push_back(std::move(c));
    }
    return out;
}

uint32_t moved(const std::vector<int64_t>& position, uint32_t stored) {
    if (stored >= position.size() || position[stored] < 0) throw CacheDamaged("a required column is missing");
    return static_cast<uint32_t>(position[stored]);
}

}  // namespace

json DatasetCodec::write(CacheFileWriter& writer, const Dataset& data, const FieldsListed& listed, json key) {
    json directory = {{"key", std::move(key)}};
    directory["profiles"] = table_json(writer, *data.m_profiles, listed.profiles);
    directory["key_field"] = data.m_key_field;
    if (data.m_report.events.loaded) {
        directory["events"] = table_json(writer, *data.m_events, listed.events);
        directory["event_type_field"] = data.m_event_type_field;
        directory["event_time_field"] = data.m_event_time_field;
        directory["event_begin"] = to_json(writer.write(std::span<const uint32_t>(data.m_event_begin)));
    } else {
        directory["events"] = nullptr;
    }
    json examples = json::array();
    for (const RejectedRow& r : data.m_report.examples) {
        examples.push_back({r.path, r.line, static_cast<int>(r.reason), r.detail});
    }
    directory["report"] = {{"profiles", source_json(data.m_report.profiles)},
                           {"events", source_json(data.m_report.events)},
                           {"examples", examples}};
    return directory;
}

std::vector<std::string> DatasetCodec::unserved_fields(const json& directory, const LoadOptions& options,
                                                       bool events) {
    std::vector<std::string> unserved;
    for (const std::string_view table : {"profiles", "events"}) {
        const json& t = directory.at(table);
        if (t.is_null() || (table == "events" && !events)) continue;
        const auto& wanted = table == "profiles" ? options.profile_fields : options.event_fields;
        const Choice choice = choose(t, seen_later(directory, table), wanted, {});
        unserved.insert(unserved.end(), choice.unserved.begin(), choice.unserved.end());
    }
    return unserved;
}

std::vector<std::string> DatasetCodec::named_fields(const json& directory, std::string_view table) {
    const json& t = directory.at(table);
    if (t.is_null()) return {};
    std::vector<std::string> names = seen_later(directory, table);
    for (const json& entry : t.at("columns")) names.push_back(entry.at("name").get<std::string>());
    return names;
}

Column ColumnSource::column(bool events, std::size_t stored, const json& entry) const {
    if (m_cache) return ColumnCodec::read(*m_cache, entry);
    std::vector<Column>& columns = TableAccess::columns(events ? *m_parsed->m_events : *m_parsed->m_profiles);
    if (stored >= columns.size()) throw CacheDamaged("a column is missing");
    return std::move(columns[stored]);
}

std::vector<uint32_t> ColumnSource::event_begin(const json& directory) const {
    if (!m_cache) return std::move(m_parsed->m_event_begin);
    const std::span<const uint32_t> begin = m_cache->array<uint32_t>(section_from_json(directory.at("event_begin")));
    return {begin.begin(), begin.end()};
}

// The storage the columns' strings point into: the mapped file, or the
// parsed tables' arenas.
void ColumnSource::keep_storage(Table& table, bool events) const {
    if (m_cache) {
        TableAccess::keep_mapped(table, m_cache->mapping());
        return;
    }
    auto& from = TableAccess::arena(events ? *m_parsed->m_events : *m_parsed->m_profiles);
    auto& to = TableAccess::arena(table);
    for (auto& chunk : from) to.push_back(std::move(chunk));
    from.clear();
}

Dataset DatasetCodec::read(const MappedCache& cache, const LoadOptions& options, bool events_configured) {
    return take(cache.directory(), ColumnSource(cache), options, events_configured);
}

Dataset DatasetCodec::take(const json& directory, const ColumnSource& source, const LoadOptions& options,
                           bool events_configured) {
    const json& report = directory.at("report");
    Dataset data;
    LoadReport& out = data.m_report;
    out.profiles = source_from(report.at("profiles"));

    const json& profiles = directory.at("profiles");
    const uint32_t key_field = directory.at("key_field").get<uint32_t>();
    std::vector<int64_t> position;
    const Choice profile_choice = choose(profiles, seen_later(directory, "profiles"), options.profile_fields, {key_field});
    if (!profile_choice.unserved.empty()) throw CacheDamaged("the cache lacks a field the load needs");
    std::vector<Column> columns =
        read_columns(source, false, profiles, profile_choice, out.profiles.format, -1, position);
    data.m_key_field = moved(position, key_field);
    const uint32_t profile_rows = profiles.at("rows").get<uint32_t>();
    data.m_profiles = std::make_unique<Table>();
    TableAccess::set(*data.m_profiles, profile_rows, std::move(columns));
    source.keep_storage(*data.m_profiles, false);
    const Column& keys = data.m_profiles->columns()[data.m_key_field];
    if (keys.type() != ColumnType::String || !ColumnAccess::codes(keys).empty()) {
        throw CacheDamaged("the profile key column is not plain text");
    }
    data.m_key_index = std::make_shared<KeyIndex>(ColumnAccess::strings(keys));
    if (!data.m_key_index->duplicates().empty()) throw CacheDamaged("the profile keys are not unique");

    data.m_events = std::make_unique<Table>();
    if (!options.load_events || !events_configured) {
        // As load_files leaves a load without events: `type` and `time`, no rows.
        std::vector<Column> empty;
        empty.push_back(ColumnCodec::absent("type", ColumnType::String, 0));
        empty.push_back(ColumnCodec::absent("time", ColumnType::Timestamp, 0));
        TableAccess::set(*data.m_events, 0, std::move(empty));
        data.m_event_type_field = 0;
        data.m_event_time_field = 1;
        data.m_event_begin.assign(profile_rows + 1, 0);
    } else {
        const json& events = directory.at("events");
        if (events.is_null()) throw CacheDamaged("the cache has no events");
        out.events = source_from(report.at("events"));
        const uint32_t type_field = directory.at("event_type_field").get<uint32_t>();
        const uint32_t time_field = directory.at("event_time_field").get<uint32_t>();
        uint32_t key_column = 0;
        for (const json& entry : events.at("columns")) {
            if (ColumnCodec::is_group_key(entry)) break;
            ++key_column;
        }
        const Choice event_choice =
            choose(events, seen_later(directory, "events"), options.event_fields, {key_column, type_field, time_field});
        if (!event_choice.unserved.empty()) throw CacheDamaged("the cache lacks a field the load needs");
        columns = read_columns(source, true, events, event_choice, out.events.format, key_column, position);
        const uint32_t event_rows = events.at("rows").get<uint32_t>();
        std::vector<uint32_t> begin = source.event_begin(directory);
        if (begin.size() != std::size_t{profile_rows} + 1 || begin.front() != 0 || begin.back() != event_rows ||
            !std::is_sorted(begin.begin(), begin.end())) {
            throw CacheDamaged("the events' groups do not match the profiles");
        }
        data.m_event_begin = std::move(begin);
        ColumnBuilder::make_group_key(columns.at(moved(position, key_column)), event_rows, data.m_event_begin, keys);
        data.m_event_type_field = moved(position, type_field);
        data.m_event_time_field = moved(position, time_field);
        if (columns[data.m_event_type_field].type() != ColumnType::String ||
            columns[data.m_event_time_field].type() != ColumnType::Timestamp) {
            throw CacheDamaged("the event type or time column has the wrong type");
        }
        std::vector<std::unique_ptr<char[]>> cut_storage;
        const unsigned threads = options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
        for (Column& c : columns) {
            const auto keys_of = options.event_field_keys.find(c.name());
            if (keys_of == options.event_field_keys.end()) continue;
            FieldSlot slot;
            slot.name = c.name();
            slot.keys = keys_of->second;
            ColumnCodec::cut_to_keys(c, slot, cut_storage, threads);
        }
        Table& table = *data.m_events;
        TableAccess::set(table, event_rows, std::move(columns));
        source.keep_storage(table, true);
        for (auto& chunk : cut_storage) TableAccess::arena(table).push_back(std::move(chunk));
        if (table.columns()[data.m_event_type_field].name() != "type") {
            TableAccess::add_alias(table, "type", data.m_event_type_field);
        }
        if (table.columns()[data.m_event_time_field].name() != "time") {
            TableAccess::add_alias(table, "time", data.m_event_time_field);
        }
    }

    for (const json& e : report.at("examples")) {
        RejectedRow row{e.at(0).get<std::string>(), e.at(1).get<uint64_t>(), reason_from(e.at(2).get<int>()),
                        e.at(3).get<std::string>()};
        if (out.events.loaded || row.path == out.profiles.path) out.examples.push_back(std::move(row));
    }
    out.profile_rows = out.profiles.rows;
    out.event_rows = out.events.rows;
    for (const SourceReport* report_of : {&out.profiles, &out.events}) {
        for (const auto& [reason, count] : report_of->rejected) out.rejected[reason] += count;
    }
    return data;
}

}  // namespace journeyctl::core::data
