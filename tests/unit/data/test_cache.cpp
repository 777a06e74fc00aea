// The column cache (core/data/cache.hpp): a load served by the cache gives
// what parsing gives, for every selection of fields; the cache is used
// exactly when it matches the files' bytes, the declared types and its
// format version; a damaged cache is rebuilt with a warning.
#include <catch2/catch.hpp>

#include <fstream>
#include <functional>
#include <thread>

#include "core/data/cache.hpp"
#include "core/data/cache_key.hpp"
#include "core/diag/errors.hpp"
#include "tests/unit/data/dataset_fixture.hpp"

namespace data = journeyctl::core::data;
namespace fs = std::filesystem;
using journeyctl::test::cell;
using journeyctl::test::DataWorkspace;

namespace {

const char* k_profiles =
    "customer_id,age,tier,score\n"
    "c1,34,gold,1.5\n"
    "c2,,silver,2\n"
    "c3,abc,gold,\n"  // bad type: rejected
    "c1,40,gold,3\n"  // duplicate key: rejected
    "c4,51,platinum,4.25\n";

const char* k_events =
    R"({"customer_id":"c2","event":"purchase","ts":"2026-10-01T10:00:00Z","properties":{"amount":20,"sku":"a","tags":["x"]}})" "\n"
    R"({"customer_id":"c1","event":"open","ts":"2026-10-02T10:00:00.5Z"})" "\n"
    R"({"customer_id":"c1","event":"purchase","ts":"2026-09-30T08:00:00Z","properties":{"sku":"b","amount":7.5}})" "\n"
    R"({"customer_id":"c9","event":"purchase","ts":"2026-10-01T10:00:00Z"})" "\n"  // unknown profile
    R"({"customer_id":"c4","event":"click","ts":1790000000,"properties":"plain"})" "\n";

// Every field of both tables, cell by cell, with the groups and the report.
void require_same(const data::Dataset& a, const data::Dataset& b) {
    for (const bool events : {false, true}) {
        const data::Table& x = events ? a.events() : a.profiles();
        const data::Table& y = events ? b.events() : b.profiles();
        REQUIRE(x.row_count() == y.row_count());
        REQUIRE(x.field_count() == y.field_count());
        for (uint32_t f = 0; f < x.field_count(); ++f) {
            INFO("field " << x.field_name(f));
            REQUIRE(x.field_name(f) == y.field_name(f));
            CHECK(x.field_column(f).type() == y.field_column(f).type());
            CHECK(x.field_column(f).declared() == y.field_column(f).declared());
            for (uint32_t r = 0; r < x.row_count(); ++r) {
                CHECK(cell(x, x.field_name(f), r) == cell(y, y.field_name(f), r));
            }
        }
    }
    for (uint32_t p = 0; p <= a.profiles().row_count(); ++p) CHECK(a.event_begin(p) == b.event_begin(p));
    CHECK(a.key_field() == b.key_field());
    CHECK(a.event_type_field() == b.event_type_field());
    CHECK(a.event_time_field() == b.event_time_field());
    CHECK(a.find_profile("c4") == b.find_profile("c4"));
    const data::LoadReport& x = a.report();
    const data::LoadReport& y = b.report();
    CHECK(x.profile_rows == y.profile_rows);
    CHECK(x.event_rows == y.event_rows);
    CHECK(x.rejected == y.rejected);
    CHECK(x.events.loaded == y.events.loaded);
    CHECK(x.events.kept == y.events.kept);
    REQUIRE(x.examples.size() == y.examples.size());
    for (std::size_t i = 0; i < x.examples.size(); ++i) {
        CHECK(x.examples[i].path == y.examples[i].path);
        CHECK(x.examples[i].line == y.examples[i].line);
        CHECK(x.examples[i].detail == y.examples[i].detail);
    }
}

struct CachedWorkspace : DataWorkspace {
    CachedWorkspace() {
        profiles("profiles.csv", k_profiles);
        events("events.jsonl", k_events);
        declare(false, "age", journeyctl::core::workspace::FieldType::Int);
    }
    fs::path folder() const { return root() / ".journeyctl" / "cache"; }
    data::Dataset cached(data::LoadOptions options = {}) const {
        options.cache_folder = folder();
        return load(options);
    }
    fs::path cache_file() const {
        for (const auto& entry : fs::directory_iterator(folder())) return entry.path();
        return {};
    }
    void edit_file(const fs::path& file, const std::function<void(std::string&)>& change) const {
        std::string bytes;
        {
            std::ifstream in(file, std::ios::binary);
            bytes.assign(std::istreambuf_iterator<char>(in), {});
        }
        change(bytes);
        std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
    }
};

}  // namespace

TEST_CASE("cache: a load from the cache gives what parsing gives, whatever fields it names", "[data][cache]") {
    CachedWorkspace ws;
    std::vector<data::LoadOptions> loads(6);
    loads[1].profile_fields = std::vector<std::string>{"tier"};
    loads[1].event_fields = std::vector<std::string>{};
    loads[2].event_fields = std::vector<std::string>{"properties"};
    loads[2].event_field_keys["properties"] = {"amount", "tags"};
    loads[3].profile_fields = std::vector<std::string>{"nosuch", "score", "nosuch"};
    loads[3].event_fields = std::vector<std::string>{"missing"};
    loads[4].load_events = false;
    loads[5].profile_fields = std::vector<std::string>{};
    for (std::size_t i = 0; i < loads.size(); ++i) {
        INFO("load " << i);
        const data::Dataset parsed = ws.load(loads[i]);
        CHECK(parsed.report().cache.use == data::CacheUse::Off);
        const data::Dataset cold = ws.cached(loads[i]);
        const data::Dataset warm = ws.cached(loads[i]);
        CHECK(warm.report().cache.use == data::CacheUse::Fresh);
        CHECK(warm.report().cache.warning.empty());
        require_same(parsed, cold);
        require_same(parsed, warm);
    }
    // The cut objects keep only the keys named, in the file's order.
    const data::Dataset cut = ws.cached(loads[2]);
    CHECK(cell(cut.events(), "properties", cut.event_begin(1)) == "{\"amount\": 20, \"tags\": [\"x\"]}");
}

TEST_CASE("cache: written when absent, then fresh", "[data][cache]") {
    CachedWorkspace ws;
    const data::Dataset first = ws.cached();
    CHECK(first.report().cache.use == data::CacheUse::Written);
    CHECK(first.report().cache.why == "no cache yet");
    CHECK(first.report().cache.file.parent_path() == ws.folder());
    CHECK(ws.cached().report().cache.use == data::CacheUse::Fresh);
    // Only the cache file is left: no temporary file.
    CHECK(std::distance(fs::directory_iterator(ws.folder()), fs::directory_iterator()) == 1);
}

TEST_CASE("cache: the same bytes under a new mtime still match", "[data][cache]") {
    CachedWorkspace ws;
    ws.cached();
    const fs::path events = ws.root() / "events.jsonl";
    fs::last_write_time(events, fs::last_write_time(events) + std::chrono::hours(1));
    ws.edit_file(ws.root() / "profiles.csv", [](std::string&) {});  // rewritten, same bytes
    const data::Dataset again = ws.cached();
    CHECK(again.report().cache.use == data::CacheUse::Fresh);
}

TEST_CASE("cache: one byte changed at the end of a file misses", "[data][cache]") {
    CachedWorkspace ws;
    ws.cached();
    const fs::path events = ws.root() / "events.jsonl";
    const auto mtime = fs::last_write_time(events);
    // Same size, same mtime: only the hash can tell.
    ws.edit_file(events, [](std::string& bytes) { bytes[bytes.size() - 3] = 'X'; });
    fs::last_write_time(events, mtime);
    const data::Dataset changed = ws.cached();
    CHECK(changed.report().cache.use == data::CacheUse::Written);
    CHECK(changed.report().cache.why == "events.jsonl changed");
    require_same(ws.load(), changed);
    CHECK(ws.cached().report().cache.use == data::CacheUse::Fresh);
}

TEST_CASE("cache: a changed declared type misses", "[data][cache]") {
    CachedWorkspace ws;
    ws.cached();
    ws.config.profiles.fields.clear();
    ws.declare(false, "age", journeyctl::core::workspace::FieldType::String);
    const data::Dataset retyped = ws.cached();
    CHECK(retyped.report().cache.use == data::CacheUse::Written);
    CHECK(retyped.report().cache.why == "the data settings in journeyctl.yaml changed");
    CHECK(retyped.profiles().column("age")->type() == data::ColumnType::String);
    require_same(ws.load(), retyped);
}

TEST_CASE("cache: a truncated cache file is rebuilt with a warning", "[data][cache]") {
    CachedWorkspace ws;
    ws.cached();
    const fs::path file = ws.cache_file();
    for (const std::size_t keep : {std::size_t{10}, std::size_t{100}}) {
        fs::resize_file(file, keep);
        const data::Dataset rebuilt = ws.cached();
        CHECK(rebuilt.report().cache.use == data::CacheUse::Written);
        CHECK(rebuilt.report().cache.why == "damaged");
        CHECK_THAT(rebuilt.report().cache.warning, Catch::Contains("is damaged"));
        require_same(ws.load(), rebuilt);
        CHECK(ws.cached().report().cache.use == data::CacheUse::Fresh);
    }
    fs::resize_file(file, fs::file_size(file) - 1);
    CHECK_THAT(ws.cached().report().cache.warning, Catch::Contains("truncated"));
}

TEST_CASE("cache: a cache of another format version is rebuilt with a warning", "[data][cache]") {
    CachedWorkspace ws;
    ws.cached();
    ws.edit_file(ws.cache_file(), [](std::string& bytes) { bytes[8] = static_cast<char>(bytes[8] + 1); });
    const data::Dataset rebuilt = ws.cached();
    CHECK(rebuilt.report().cache.use == data::CacheUse::Written);
    CHECK(rebuilt.report().cache.why == "of another format version");
    CHECK_THAT(rebuilt.report().cache.warning, Catch::Contains("of another format version"));
    require_same(ws.load(), rebuilt);
}

TEST_CASE("cache: a byte altered inside a column is caught by its checksum", "[data][cache]") {
    CachedWorkspace ws;
    ws.cached();
    // Byte 64 is the first section's first byte (the profiles' first column).
    ws.edit_file(ws.cache_file(), [](std::string& bytes) { bytes[64] = static_cast<char>(bytes[64] ^ 0x20); });
    const data::Dataset rebuilt = ws.cached();
    CHECK(rebuilt.report().cache.use == data::CacheUse::Written);
    CHECK_THAT(rebuilt.report().cache.warning, Catch::Contains("checksum"));
    require_same(ws.load(), rebuilt);
}

TEST_CASE("cache: a field past the sniffed rows is cached once a load names it", "[data][cache]") {
    DataWorkspace ws;
    ws.profiles("profiles.csv", "customer_id\nc1\n");
    std::string events;
    for (int i = 0; i < 150; ++i) {
        events += R"({"customer_id":"c1","event":"e","ts":)" + std::to_string(1790000000 + i);
        events += i >= 120 ? R"(,"late":)" + std::to_string(i) + "}\n" : "}\n";
    }
    ws.events("events.jsonl", events);
    data::LoadOptions options;
    options.cache_folder = ws.root() / "cache";
    CHECK(ws.load(options).report().cache.use == data::CacheUse::Written);
    data::LoadOptions late = options;
    late.event_fields = std::vector<std::string>{"late"};
    const data::Dataset rebuilt = ws.load(late);
    CHECK(rebuilt.report().cache.use == data::CacheUse::Written);
    CHECK(rebuilt.report().cache.why == "field 'late' was not in it");
    late.cache_folder.reset();
    const data::Dataset parsed = ws.load(late);
    CHECK(cell(parsed.events(), "late", 149) == "149");
    require_same(parsed, rebuilt);
    late.cache_folder = options.cache_folder;
    CHECK(ws.load(late).report().cache.use == data::CacheUse::Fresh);
    // A load of every field still gives only the fields the file lists.
    const data::Dataset all = ws.load(options);
    CHECK(all.report().cache.use == data::CacheUse::Fresh);
    CHECK_FALSE(all.events().column("late"));
}

TEST_CASE("cache: a strict load of data with rejected rows parses, and fails as parsing does", "[data][cache]") {
    CachedWorkspace ws;
    ws.cached();
    data::LoadOptions strict;
    strict.strict = true;
    strict.cache_folder = ws.folder();
    CHECK_THROWS_AS(ws.load(strict), journeyctl::core::DataError);
}

TEST_CASE("cache: loads racing to build it each get the right data", "[data][cache]") {
    CachedWorkspace ws;
    const data::Dataset parsed = ws.load();
    std::vector<std::optional<data::Dataset>> results(4);
    std::vector<std::thread> threads;
    for (auto& result : results) threads.emplace_back([&] { result.emplace(ws.cached()); });
    for (std::thread& t : threads) t.join();
    for (const auto& result : results) require_same(parsed, *result);
    CHECK(ws.cached().report().cache.use == data::CacheUse::Fresh);
    CHECK(std::distance(fs::directory_iterator(ws.folder()), fs::directory_iterator()) == 1);
}

TEST_CASE("cache: an unwritable folder leaves the load to parse, with a warning", "[data][cache]") {
    CachedWorkspace ws;
    ws.write("blocker", "a file where the cache folder would be");
    data::LoadOptions options;
    options.cache_folder = ws.root() / "blocker" / "cache";
    const data::Dataset parsed = ws.load(options);
    CHECK(parsed.report().cache.use == data::CacheUse::Skipped);
    CHECK_THAT(parsed.report().cache.warning, Catch::Contains("not written"));
    require_same(ws.load(), parsed);
}

TEST_CASE("cache: clear_cache removes the cache files and nothing else", "[data][cache]") {
    CachedWorkspace ws;
    ws.cached();
    std::ofstream(ws.folder() / "notes.txt") << "kept";
    const data::ClearedCache cleared = data::clear_cache(ws.folder());
    CHECK(cleared.files == 1);
    CHECK(cleared.bytes > 64);
    CHECK(fs::exists(ws.folder() / "notes.txt"));
    CHECK(data::clear_cache(ws.folder()).files == 0);
    CHECK(data::clear_cache(ws.root() / "absent").files == 0);
    CHECK(ws.cached().report().cache.why == "no cache yet");
}

TEST_CASE("cache: object cells are cut on several threads as loading cuts them", "[data][cache]") {
    DataWorkspace ws;
    ws.profiles("profiles.csv", "customer_id\nc1\nc2\n");
    std::string events;
    for (int i = 0; i < 20000; ++i) {
        events += R"({"customer_id":"c)" + std::to_string(1 + i % 2) + R"(","event":"e","ts":)" +
                  std::to_string(1790000000 + i) + R"(,"properties":{"b":")" + std::to_string(i) + R"(","a":)" +
                  std::to_string(i) + (i % 3 == 0 ? R"(,"c":{"d":[1,2]}}})" "\n" : "}}\n");
    }
    ws.events("events.jsonl", events);
    data::LoadOptions options;
    options.threads = 3;
    options.event_fields = std::vector<std::string>{"properties"};
    options.event_field_keys["properties"] = {"c", "a"};
    const data::Dataset parsed = ws.load(options);
    options.cache_folder = ws.root() / "cache";
    ws.load(options);
    const data::Dataset warm = ws.load(options);
    CHECK(warm.report().cache.use == data::CacheUse::Fresh);
    require_same(parsed, warm);
    CHECK(cell(warm.events(), "properties", 0) == "{\"a\": 0, \"c\": {\"d\": [1, 2]}}");
}

TEST_CASE("cache: it holds the fields loads used, and grows to a new one", "[data][cache]") {
    CachedWorkspace ws;
    data::LoadOptions tier;
    tier.profile_fields = std::vector<std::string>{"tier"};
    tier.load_events = false;
    data::LoadOptions score = tier;
    score.profile_fields = std::vector<std::string>{"score"};
    CHECK(ws.cached(tier).report().cache.why == "no cache yet");
    CHECK(ws.cached(tier).report().cache.use == data::CacheUse::Fresh);
    const data::Dataset grown = ws.cached(score);
    CHECK(grown.report().cache.use == data::CacheUse::Written);
    CHECK(grown.report().cache.why == "field 'score' was not in it");
    CHECK(ws.cached(tier).report().cache.use == data::CacheUse::Fresh);
    CHECK(ws.cached(score).report().cache.use == data::CacheUse::Fresh);
    // Events were not loaded yet: a load of them rebuilds, then every
    // field is there.
    CHECK(ws.cached().report().cache.why == "it has no events");
    CHECK(ws.cached(score).report().cache.use == data::CacheUse::Fresh);
    require_same(ws.load(score), ws.cached(score));
}
