// load_dataset with the column cache (see cache.hpp): check the cache file
// against the sources, read it, or build it.
#include "core/data/cache.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <future>
#include <utility>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include "core/data/cache_codec.hpp"
#include "core/data/cache_key.hpp"
#include "core/diag/errors.hpp"

namespace journeyctl::core::data {

namespace fs = std::filesystem;
using nlohmann::json;

std::string_view cache_use_name(CacheUse use) {
    switch (use) {
        case CacheUse::Off: return "off";
        case CacheUse::Fresh: return "fresh";
        case CacheUse::Written: return "written";
        case CacheUse::Skipped: return "skipped";
    }
    return "off";
}

namespace {

// A temporary file beside the cache file, removed unless renamed.
class TempFile {
public:
    explicit TempFile(const fs::path& beside) {
        std::string name = beside.string() + ".XXXXXX";
        m_fd = ::mkostemp(name.data(), O_CLOEXEC);
        if (m_fd < 0) throw std::system_error(errno, std::generic_category(), "creating a temporary file");
        m_path = name;
    }
    ~TempFile() {
        if (m_fd >= 0) ::close(m_fd);
        if (!m_path.empty()) ::unlink(m_path.c_str());
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;

    int fd() const { return m_fd; }
    const fs::path& path() const { return m_path; }
    void close() {
        const int fd = m_fd;
        m_fd = -1;
        if (::close(fd) != 0) throw std::system_error(errno, std::generic_category(), "writing the data cache");
    }
    // Renamed into place: nothing left to remove.
    void rename_to(const fs::path& target) {
        if (::rename(m_path.c_str(), target.c_str()) != 0) {
            throw std::system_error(errno, std::generic_category(), "renaming the data cache into place");
        }
        m_path.clear();
    }

private:
    int m_fd = -1;
    fs::path m_path;
};

json identity_json(const FileStamp& stamp, uint64_t hash) {
    return {{"size", stamp.size},   {"mtime_ns", stamp.mtime_ns}, {"ctime_ns", stamp.ctime_ns},
            {"inode", stamp.inode}, {"device", stamp.device},     {"xxh3", hash_text(hash)}};
}

// Whether the file still has the content the cache recorded: its stamp
// unmoved, or the same size and hash.
bool unchanged(const json& recorded, const fs::path& file) {
    const std::optional<FileStamp> now = stamp_of(file);
    if (!now) return false;
    const FileStamp then{recorded.at("size").get<uint64_t>(), recorded.at("mtime_ns").get<int64_t>(),
                         recorded.at("ctime_ns").get<int64_t>(), recorded.at("inode").get<uint64_t>(),
                         recorded.at("device").get<uint64_t>()};
    if (*now == then) return true;
    if (now->size != then.size) return false;
    const std::optional<uint64_t> hash = content_hash(file);
    return hash && hash_from_text(recorded.at("xxh3").get<std::string>()) == hash;
}

// The fields a rebuild loads: the load's, and those the cache had, so that
// it grows to what the commands use. Every field (nullopt) stays every
// field: the cache then holds what a load of every field gives.
std::optional<std::vector<std::string>> with_names(const std::optional<std::vector<std::string>>& wanted,
                                                   const std::vector<std::string>& more) {
    if (!wanted) return std::nullopt;
    std::vector<std::string> names = *wanted;
    for (const std::string& name : more) {
        if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    }
    return names;
}

std::string reason(const std::system_error& e) {
    return e.code().message();
}

}  // namespace

class CachedLoad {
public:
    CachedLoad(const DataSources& sources, const fs::path& root, const LoadOptions& options)
        : m_sources(sources), m_root(root), m_options(options) {
        m_report.file = cache_file_of(sources, *options.cache_folder);
        m_configured = sources.events && !sources.events->file.empty();
        m_events = options.load_events && m_configured;
    }

    Dataset run() {
        if (!m_sources.profiles || m_sources.profiles->file.empty()) return load_files(m_sources, m_root, m_options);
        if (!m_options.extra_event_files.empty()) return skipped("extra event files are read from the files");
        std::string why = "no cache yet";
        std::vector<std::string> carry_profiles, carry_events;
        try {
            const MappedCache cache(m_report.file);
            const json& directory = cache.directory();
            why = stale_because(directory.at("key"));
            if (why.empty()) {
                const std::vector<std::string> unserved = DatasetCodec::unserved_fields(directory, m_options, m_events);
                if (!unserved.empty()) why = fmt::format("field '{}' was not in it", unserved.front());
            }
            if (why.empty()) {
                Dataset data = DatasetCodec::read(cache, m_options, m_configured);
                if (m_options.strict && data.m_report.rejected_total() > 0) {
                    // Parsing stops at the first rejected row with its error.
                    return skipped("--strict with rejected rows in the data");
                }
                m_report.use = CacheUse::Fresh;
                data.m_report.cache = std::move(m_report);
                return data;
            }
            carry_profiles = DatasetCodec::named_fields(directory, "profiles");
            carry_events = DatasetCodec::named_fields(directory, "events");
        } catch (const CacheDamaged& e) {
            why = e.other_version ? "of another format version" : "damaged";
            m_report.warning = fmt::format("data cache {} is {} ({}): rebuilt", shown(),
                                           e.other_version ? "of another format version" : "damaged", e.what());
        } catch (const json::exception& e) {
            why = "damaged";
            m_report.warning = fmt::format("data cache {} is damaged ({}): rebuilt", shown(), e.what());
        } catch (const std::system_error& e) {
            if (e.code() != std::errc::no_such_file_or_directory) {
                why = "unreadable";
                m_report.warning = fmt::format("cannot read data cache {}: {}: rebuilt", shown(), reason(e));
            }
        }
        return build(why, carry_profiles, carry_events);
    }

private:
    // Why the cache does not match the sources; empty when it does.
    std::string stale_because(const json& key) const {
        if (key.at("settings").get<std::string>() != hash_text(settings_hash(m_sources, m_options))) {
            return "the data settings in journeyctl.yaml changed";
        }
        if (!unchanged(key.at("profiles"), m_root / m_sources.profiles->file)) {
            return fmt::format("{} changed", m_sources.profiles->file);
        }
        if (!m_events) return {};
        if (key.at("events").is_null()) return "it has no events";
        if (!unchanged(key.at("events"), m_root / m_sources.events->file)) {
            return fmt::format("{} changed", m_sources.events->file);
        }
        return {};
    }

    // Parses the fields of the load (and those the cache had), writes the
    // cache, and takes the load's columns from the parsed tables.
    Dataset build(const std::string& why, const std::vector<std::string>& carry_profiles,
                  const std::vector<std::string>& carry_events) {
        std::error_code ec;
        const fs::path& folder = *m_options.cache_folder;
        fs::create_directories(folder, ec);
        if (ec) return cannot_write(fmt::format("cannot create {}: {}", folder.string(), ec.message()));
        std::optional<TempFile> temp;
        try {
            temp.emplace(m_report.file);
        } catch (const std::system_error& e) {
            return cannot_write(fmt::format("cannot write in {}: {}", folder.string(), reason(e)));
        }
        const fs::path profiles_file = m_root / m_sources.profiles->file;
        const fs::path events_file = m_events ? m_root / m_sources.events->file : fs::path();
        const std::optional<FileStamp> profiles_before = stamp_of(profiles_file);
        const std::optional<FileStamp> events_before = m_events ? stamp_of(events_file) : std::nullopt;

        LoadOptions every = m_options;
        every.profile_fields = with_names(m_options.profile_fields, carry_profiles);
        every.event_fields = with_names(m_options.event_fields, carry_events);
        // The files are hashed while they are parsed, on another thread (the
        // parse has serial steps that leave a core idle).
        auto hashing = std::async(std::launch::async, [&] {
            return std::pair{content_hash(profiles_file),
                             m_events ? content_hash(events_file) : std::optional<uint64_t>(0)};
        });
        FieldsListed listed;
        std::optional<Dataset> full = load_files(m_sources, m_root, every, &listed);
        const auto [profiles_hash, events_hash] = hashing.get();

        // A file written while it was read or hashed would give a cache of
        // neither content: keep the cache only if no stamp moved.
        if (!profiles_before || profiles_before != stamp_of(profiles_file) || !profiles_hash || !events_hash ||
            (m_events && (!events_before || events_before != stamp_of(events_file)))) {
            full.reset();
            return skipped("the data files changed while they were read");
        }
        json key = {{"settings", hash_text(settings_hash(m_sources, m_options))},
                    {"profiles", identity_json(*profiles_before, *profiles_hash)},
                    {"events", m_events ? identity_json(*events_before, *events_hash) : json(nullptr)}};
        json directory;
        try {
            CacheFileWriter writer(temp->fd());
            directory = DatasetCodec::write(writer, *full, listed, std::move(key));
            writer.finish(directory.dump());
            temp->close();
        } catch (const std::system_error& e) {
            // Rare (a full disk): parsing again costs less code than a
            // second way to take the load's columns.
            full.reset();
            return cannot_write(fmt::format("cannot write {}: {}", shown(), reason(e)));
        }
        try {
            temp->rename_to(m_report.file);
        } catch (const std::system_error& e) {
            m_report.warning = fmt::format("cannot write {}: {}", shown(), reason(e));
        }
        // The load's columns are taken from the tables just parsed, as a
        // later load takes them from the file: no reading back.
        Dataset data = DatasetCodec::take(directory, ColumnSource(*full), m_options, m_configured);
        m_report.use = CacheUse::Written;
        m_report.why = why;
        data.m_report.cache = std::move(m_report);
        return data;
    }

    // Parses the files, leaving the cache alone.
    Dataset skipped(std::string why) {
        Dataset data = load_files(m_sources, m_root, m_options);
        m_report.use = CacheUse::Skipped;
        m_report.why = std::move(why);
        data.m_report.cache = std::move(m_report);
        return data;
    }

    Dataset cannot_write(std::string problem) {
        m_report.warning = fmt::format("data cache not written: {}", problem);
        return skipped(std::move(problem));
    }

    // The cache file as messages name it: relative to the workspace root.
    std::string shown() const {
        const fs::path relative = m_report.file.lexically_relative(m_root);
        return relative.empty() || *relative.begin() == ".." ? m_report.file.string() : relative.string();
    }

    const DataSources& m_sources;
    fs::path m_root;
    const LoadOptions& m_options;
    CacheReport m_report;
    bool m_configured = false;  // the sources have an events file
    bool m_events = false;      // and this load reads it
};

Dataset load_dataset(const DataSources& sources, const fs::path& root, const LoadOptions& options) {
    if (!options.cache_folder) return load_files(sources, root, options);
    return CachedLoad(sources, root, options).run();
}

ClearedCache clear_cache(const fs::path& folder) {
    ClearedCache cleared;
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) return cleared;
    for (const fs::directory_entry& entry : fs::directory_iterator(folder, ec)) {
        const std::string name = entry.path().filename().string();
        const bool ours = name.starts_with("data-") && (name.ends_with(".cache") || name.find(".cache.") != std::string::npos);
        if (!ours || !entry.is_regular_file(ec)) continue;
        const uint64_t size = entry.file_size(ec);
        const uint64_t counted = ec ? 0 : size;
        if (!fs::remove(entry.path(), ec)) {
            if (!ec) continue;  // removed meanwhile (another clear)
            throw ConfigError(fmt::format("cannot remove {}: {}", entry.path().string(), ec.message()));
        }
        ++cleared.files;
        cleared.bytes += counted;
    }
    if (ec) throw ConfigError(fmt::format("cannot read {}: {}", folder.string(), ec.message()));
    return cleared;
}

}  // namespace journeyctl::core::data
