#include <catch2/catch.hpp>

#include "core/util/edit_distance.hpp"
#include "core/yaml/document.hpp"
#include "core/yaml/reader.hpp"
#include "core/yaml/scalar.hpp"
#include "tests/unit/workspace/temp_workspace.hpp"

using namespace journeyctl::core;
using journeyctl::testing::all_messages;
using journeyctl::testing::find_code;

namespace {

// Parses text as a file and returns the Text of the scalar at key `key` of the root mapping.
yaml::Text scalar_at(const std::string& text, const char* key) {
    static std::vector<diag::Diagnostic> sink;
    static yaml::SourceFile file;
    file = yaml::SourceFile{"t.yaml", text};
    yaml::FileContext ctx(file, sink);
    auto root = ctx.parse();
    REQUIRE(root);
    return ctx.text_of((*root)[key]);
}

}  // namespace

TEST_CASE("edit distance counts edits and swaps", "[yaml]") {
    CHECK(util::edit_distance("", "") == 0);
    CHECK(util::edit_distance("schedule", "schedule") == 0);
    CHECK(util::edit_distance("shedule", "schedule") == 1);
    CHECK(util::edit_distance("shcedule", "schedule") == 1);  // adjacent swap
    CHECK(util::edit_distance("kitten", "sitting") == 3);
    constexpr std::string_view keys[] = {"segment", "schedule", "event", "where"};
    CHECK(util::did_you_mean("shedule", keys) == " (did you mean 'schedule'?)");
    CHECK(util::did_you_mean("evnt", keys) == " (did you mean 'event'?)");
    CHECK(util::did_you_mean("zzzzzz", keys).empty());
}

TEST_CASE("plain and quoted scalars map offsets to file columns", "[yaml]") {
    auto plain = scalar_at("a: 1\nwhere: profile.age >= 25\n", "where");
    CHECK(plain.style() == yaml::ScalarStyle::Plain);
    CHECK(plain.at(0) == yaml::SourcePos{2, 8, 12});
    CHECK(plain.at(8).column == 16);

    auto dq = scalar_at("where: \"a\\tb == \\\"x\\\"\"\n", "where");
    CHECK(dq.style() == yaml::ScalarStyle::DoubleQuoted);
    CHECK(dq.value == "a\tb == \"x\"");
    CHECK(dq.map.exact());
    CHECK(dq.at(0).column == 9);   // after the quote
    CHECK(dq.at(2).column == 12);  // 'b' after the 2-byte escape
    CHECK(dq.at(8).column == 19);  // x, after the escaped quote

    auto sq = scalar_at("w: 'it''s here'\n", "w");
    CHECK(sq.style() == yaml::ScalarStyle::SingleQuoted);
    CHECK(sq.value == "it's here");
    CHECK(sq.at(3).column == 9);  // 's'
}

TEST_CASE("literal block scalars map line k to file line + k at the indentation", "[yaml]") {
    const std::string text =
        "segment: s\n"
        "where: |\n"
        "  profile.tier in [\"gold\"]\n"
        "  && profile.age >= 25\n"
        "\n"
        "  && bad(\n";
    auto where = scalar_at(text, "where");
    CHECK(where.style() == yaml::ScalarStyle::Literal);
    CHECK(where.pos.line == 2);
    CHECK(where.content_pos() == yaml::SourcePos{3, 3, static_cast<uint32_t>(text.find("profile.tier"))});
    const auto off = where.value.find("profile.age");
    CHECK(where.at(off).line == 4);
    CHECK(where.at(off).column == 6);
    const auto bad = where.value.find("bad(");
    CHECK(where.at(bad) == yaml::SourcePos{6, 6, static_cast<uint32_t>(text.find("bad("))});
    CHECK(where.map.exact());
}

TEST_CASE("folded and multi-line plain scalars map each source line", "[yaml]") {
    auto folded = scalar_at("x: >-\n    first line\n    second line\n", "x");
    CHECK(folded.style() == yaml::ScalarStyle::Folded);
    CHECK(folded.value == "first line second line");
    CHECK(folded.at(11) == yaml::SourcePos{3, 5, 25});

    auto plain = scalar_at("x: profile.a\n  && profile.b\n", "x");
    CHECK(plain.value == "profile.a && profile.b");
    CHECK(plain.at(plain.value.find("&&")).line == 2);
    CHECK(plain.at(plain.value.find("&&")).column == 3);

    auto folded_dq = scalar_at("x: \"one\n  two\"\n", "x");
    CHECK(folded_dq.value == "one two");
    CHECK(folded_dq.at(4) == yaml::SourcePos{2, 3, 10});
}

TEST_CASE("a YAML syntax error is one diagnostic at the parser's position", "[yaml]") {
    std::vector<diag::Diagnostic> ds;
    yaml::SourceFile file{"j.yaml", "journey: a\nsteps: [x\nstatus: active\n"};
    yaml::FileContext ctx(file, ds);
    CHECK_FALSE(ctx.parse());
    REQUIRE(ds.size() == 1);
    CHECK(ds[0].code == "yaml-syntax");
    CHECK(ds[0].path == "j.yaml");
    CHECK(ds[0].line >= 2);
}

TEST_CASE("the object reader reports unknown, duplicate, missing keys and bad values", "[yaml]") {
    static constexpr std::string_view k_colors[] = {"red", "green"};
    static constexpr yaml::KeySpec k_keys[] = {
        yaml::key("name", yaml::ValueKind::Name, true, "n"),
        yaml::key("schedule", yaml::ValueKind::Cron, false, "c"),
        yaml::key("after", yaml::ValueKind::Duration, false, "d"),
        yaml::key("count", yaml::ValueKind::Int, false, "i"),
        yaml::key("on", yaml::ValueKind::Bool, false, "b"),
        yaml::enum_key("color", k_colors, false, "e"),
        yaml::key("rate", yaml::ValueKind::Rate, false, "r"),
        yaml::key("at", yaml::ValueKind::ClockTime, false, "t"),
        yaml::key("url", yaml::ValueKind::Url, false, "u"),
        yaml::key("required_thing", yaml::ValueKind::String, true, "s"),
    };
    static constexpr yaml::KeyTable k_table{"thing", "a test object", k_keys};
    std::vector<diag::Diagnostic> ds;
    yaml::SourceFile file{"t.yaml",
                          "name: Bad Name\n"
                          "shedule: \"0 9 * * MON\"\n"
                          "after: 3 days\n"
                          "count: 2.5\n"
                          "on: maybe\n"
                          "color: gren\n"
                          "rate: 10/day\n"
                          "at: \"25:00\"\n"
                          "url: ftp://x\n"
                          "count: 3\n"};
    yaml::FileContext ctx(file, ds);
    auto root = ctx.parse();
    REQUIRE(root);
    yaml::ObjectReader reader(ctx, *root, k_table);
    CHECK_FALSE(reader.text("name"));
    CHECK_FALSE(reader.duration("after"));
    CHECK_FALSE(reader.integer("count"));
    CHECK_FALSE(reader.boolean("on"));
    CHECK_FALSE(reader.text("color"));
    CHECK_FALSE(reader.text("rate"));
    CHECK_FALSE(reader.text("at"));
    CHECK_FALSE(reader.text("url"));
    CHECK_THROWS_AS(reader.text("not_in_table"), std::logic_error);
    INFO(all_messages(ds));
    const auto* unknown = find_code(ds, "unknown-key");
    REQUIRE(unknown);
    CHECK(unknown->message == "unknown key 'shedule' in thing (did you mean 'schedule'?)");
    CHECK(unknown->line == 2);
    CHECK(unknown->column == 1);
    CHECK(unknown->length == 7);
    const auto* dup = find_code(ds, "duplicate-key");
    REQUIRE(dup);
    CHECK(dup->line == 10);
    CHECK(find_code(ds, "missing-key")->message == "missing key 'required_thing' in thing");
    const auto* name = find_code(ds, "bad-name");
    REQUIRE(name);
    CHECK((name->line == 1 && name->column == 7));
    const auto* duration = find_code(ds, "bad-duration");
    REQUIRE(duration);
    CHECK((duration->line == 3 && duration->column == 8));
    const auto* color = find_code(ds, "bad-enum");
    REQUIRE(color);
    CHECK(color->message.find("did you mean 'green'?") != std::string::npos);
    CHECK(journeyctl::testing::count_code(ds, "bad-type") == 2);   // count, on
    CHECK(journeyctl::testing::count_code(ds, "bad-value") == 3);  // rate, at, url
}

TEST_CASE("value syntaxes: names, rates, clock times, cron", "[yaml]") {
    CHECK(yaml::is_valid_name("winback_2-b"));
    CHECK_FALSE(yaml::is_valid_name("2b"));
    CHECK_FALSE(yaml::is_valid_name("Winback"));
    CHECK_FALSE(yaml::is_valid_name(""));
    REQUIRE(yaml::parse_rate("100/s"));
    CHECK(yaml::parse_rate("600/m")->per_second() == Approx(10.0));
    CHECK_FALSE(yaml::parse_rate("0/s"));
    CHECK_FALSE(yaml::parse_rate("/s"));
    CHECK(yaml::parse_clock_time("09:30") == 570);
    CHECK_FALSE(yaml::parse_clock_time("9:30"));
    CHECK(yaml::looks_like_cron("0 9 * * MON"));
    CHECK(yaml::looks_like_cron("@daily"));
    CHECK_FALSE(yaml::looks_like_cron("0 9 * *"));
}
