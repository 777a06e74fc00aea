#include "tests/unit/journeys/test_validate_support.hpp"

using namespace journeyctl;
using journeyctl::testing::all_messages;
using journeyctl::testing::count_code;
using journeyctl::testing::only;
using journeyctl::testing::ValidationFixture;
using journeyctl::testing::where;

TEST_CASE("expressions that do not parse point into the YAML file", "[validate]") {
    ValidationFixture fx;
    fx.write("segments/vip.yaml", "segment: vip\nwhere: |\n  profile.tier == \"gold\"\n  && (profile.age >= 25\n");
    const auto d = only(fx.run(), "expr-syntax");
    CHECK(where(d) == "segments/vip.yaml:4:24+1 error expr-syntax");
    CHECK(d.severity == core::diag::Severity::Error);
}

TEST_CASE("a syntax error inside a line points at its token", "[validate]") {
    ValidationFixture fx;
    fx.write("segments/vip.yaml", "segment: vip\nwhere: profile.tier == == \"gold\"\n");
    const auto d = only(fx.run(), "expr-syntax");
    CHECK(where(d) == "segments/vip.yaml:2:24+2 error expr-syntax");
}

TEST_CASE("unknown profile fields are type errors at the field, with a suggestion", "[validate]") {
    ValidationFixture fx;
    fx.write("segments/vip.yaml", "segment: vip\nwhere: |\n  profile.tier == \"gold\"\n  && profile.frist_name == \"x\"\n");
    const auto d = only(fx.run(), "expr-type");
    CHECK(where(d) == "segments/vip.yaml:4:14+10 error expr-type");
    CHECK(d.message.find("frist_name") != std::string::npos);
    CHECK(d.message.find("did you mean 'first_name'?") != std::string::npos);
}

TEST_CASE("types come from the sniffed data, declared types override them", "[validate]") {
    struct Row {
        const char* where_text;
        bool ok;
    };
    const Row rows[] = {
        {"profile.age > 30", true},                       // declared int
        {"profile.age > \"30\"", false},                  // int vs string
        {"profile.email_opt_in", true},                   // sniffed bool
        {"profile.signup_at < now - 30d", true},          // sniffed timestamp
        {"profile.first_name.startsWith(\"A\")", true},   // sniffed string
        {"profile.tier", false},                          // a condition must be bool
        {"profile.last_winback_at < now", true},          // set by an update: dyn
        {"has(profile.phone) && profile.phone != \"\"", true},
        {"events.exists(e, e.type == \"purchase\" && e.properties.value > 50)", true},
        {"events.filter(e, e.time >= now - 90d).size() >= 2", true},
        {"event.type == \"x\"", false},                   // no event in a segment
        {"journey.id == \"x\"", false},                   // nor a journey
        {"inSegment(\"vip2\")", true},
    };
    for (const Row& row : rows) {
        ValidationFixture fx;
        fx.write("segments/vip2.yaml", std::string("segment: vip2\nwhere: true\n"));
        fx.write("segments/other.yaml", std::string("segment: other\nwhere: ") + row.where_text + "\n");
        const auto report = fx.run();
        INFO(row.where_text);
        INFO(all_messages(report.diagnostics));
        CHECK((count_code(report.diagnostics, "expr-type") == 0) == row.ok);
    }
}

TEST_CASE("without readable profile data, profile fields are not checked (one note)", "[validate]") {
    ValidationFixture fx;
    fx.remove("data/profiles.csv");
    fx.write("segments/vip.yaml", "segment: vip\nwhere: profile.anything == 3\n");
    const auto report = fx.run();
    INFO(all_messages(report.diagnostics));
    CHECK(count_code(report.diagnostics, "expr-type") == 0);
    const auto d = only(report, "no-data");
    CHECK(where(d) == "journeyctl.yaml:5:11+17 note no-data");
    // The file as journeyctl.yaml names it, not the full path.
    CHECK(d.message == "cannot read the profile fields of 'data/profiles.csv' (cannot open 'data/profiles.csv'): "
                       "profile fields are not checked");
    CHECK_FALSE(report.failed());
}

TEST_CASE("the profile key is a string, as loading reads it, even when its cells are numbers", "[validate]") {
    const std::pair<const char*, bool> rows[] = {
        {"profile.customer_id == \"42\"", true},
        {"profile.customer_id.startsWith(\"4\")", true},
        {"profile.customer_id > 10", false},
    };
    for (const auto& [where_text, ok] : rows) {
        ValidationFixture fx;
        fx.write("data/profiles.csv",
                 "customer_id,first_name,email,phone,tier,age,email_opt_in,sms_opt_in,timezone,signup_at\n"
                 "42,Ada,ada@example.com,+331,gold,36,true,false,Europe/Paris,2024-01-01T00:00:00Z\n");
        fx.write("segments/other.yaml", std::string("segment: other\nwhere: ") + where_text + "\n");
        const auto report = fx.run();
        INFO(where_text);
        INFO(all_messages(report.diagnostics));
        CHECK((count_code(report.diagnostics, "expr-type") == 0) == ok);
    }
}

TEST_CASE("journey expressions: scope of event and journey", "[validate]") {
    struct Row {
        std::string entry;
        std::string when;
        bool ok;
    };
    const Row rows[] = {
        {"  segment: vip\n", "journey.entered_at < now", true},
        {"  segment: vip\n", "event.type == \"x\"", false},
        {"  event: purchase\n  where: event.properties.value > 50\n", "event.type == \"purchase\"", true},
        {"  segment: vip\n", "journey.stp == \"a\"", false},
        {"  segment: vip\n", "inSegment(\"vip\") && profile.age > 1", true},
    };
    for (const Row& row : rows) {
        ValidationFixture fx;
        fx.write("journeys/j.yaml", "journey: j\nentry:\n" + row.entry +
                                        "steps:\n  - id: a\n    branch:\n      - when: " + row.when +
                                        "\n        goto: b\n  - id: b\n    exit: true\n");
        const auto report = fx.run();
        INFO(row.when);
        INFO(all_messages(report.diagnostics));
        CHECK((count_code(report.diagnostics, "expr-type") == 0) == row.ok);
    }
}

TEST_CASE("wait_for where sees the awaited event in a scheduled journey", "[validate]") {
    ValidationFixture fx;
    fx.write("journeys/j.yaml", "journey: j\nentry:\n  segment: vip\nsteps:\n"
                                "  - id: a\n    wait_for: { event: purchase, where: event.properties.value > 1 && event.x, timeout: 1d }\n");
    const auto report = fx.run();
    INFO(all_messages(report.diagnostics));
    CHECK(report.diagnostics.empty());
}

TEST_CASE("a non-bool condition is a type error", "[validate]") {
    ValidationFixture fx;
    fx.write("journeys/j.yaml", "journey: j\nentry:\n  segment: vip\nsteps:\n"
                                "  - id: a\n    branch:\n      - when: profile.age + 1\n        goto: b\n"
                                "  - id: b\n    exit: true\n");
    const auto d = only(fx.run(), "expr-type");
    CHECK(where(d) == "journeys/j.yaml:7:27+1 error expr-type");
    CHECK(d.message.find("bool") != std::string::npos);
}

TEST_CASE("wait until must be a timestamp; zones are checked when literal", "[validate]") {
    SECTION("until") {
        ValidationFixture fx;
        fx.write("journeys/j.yaml", "journey: j\nentry:\n  segment: vip\nsteps:\n"
                                    "  - id: a\n    wait: { until: profile.age }\n");
        const auto d = only(fx.run(), "expr-type");
        CHECK(where(d) == "journeys/j.yaml:6:20+11 error expr-type");
        CHECK(d.message == "'until' must give a timestamp (or be a time of day such as \"09:00\"), got int");
    }
    SECTION("a literal zone") {
        ValidationFixture fx;
        fx.write("journeys/j.yaml", "journey: j\nentry:\n  segment: vip\nsteps:\n"
                                    "  - id: a\n    wait: { until: \"09:00\", zone: \"'Europe/Pariss'\" }\n");
        const auto d = only(fx.run(), "bad-zone");
        CHECK(where(d) == "journeys/j.yaml:6:36+15 error bad-zone");
        CHECK(d.message == "'Europe/Pariss' is not a known time zone (write an IANA name such as Europe/Paris)");
    }
    SECTION("quiet hours zone") {
        ValidationFixture fx;
        fx.write("journeyctl.yaml", std::string(journeyctl::testing::k_base_config) +
                                        "  quiet_hours: { start: \"21:00\", end: \"08:00\", zone: '\"Mars/Olympus\"' }\n");
        const auto d = only(fx.run(), "bad-zone");
        CHECK(where(d) == "journeyctl.yaml:30:55+14 error bad-zone");
    }
    SECTION("zone from a profile field is fine") {
        ValidationFixture fx;
        fx.write("journeyctl.yaml", std::string(journeyctl::testing::k_base_config) +
                                        "  quiet_hours: { start: \"21:00\", end: \"08:00\", zone: profile.timezone }\n");
        const auto report = fx.run();
        INFO(all_messages(report.diagnostics));
        CHECK(report.diagnostics.empty());
    }
}

TEST_CASE("cron schedules are checked field by field", "[validate]") {
    struct Row {
        const char* cron;
        const char* problem;  // "" when valid
        uint32_t column;      // of the bad item in the YAML line `  schedule: "CRON"`
        uint32_t length;
    };
    const Row rows[] = {
        {"0 9 * * MON", "", 0, 0},
        {"*/15 8-18 1,15 JAN-jun mon-fri", "", 0, 0},
        {"0 0 * * 7", "", 0, 0},
        {"0 0 * * MON-SUN", "", 0, 0},
        {"0 0 * * 1-0", "the day of week range '1-0' runs backwards", 22, 3},
        {"@daily", "", 0, 0},
        {"60 9 * * MON", "minute 60 is out of range (0-59)", 14, 2},
        {"0 24 * * *", "hour 24 is out of range (0-23)", 16, 2},
        {"0 9 0 * *", "day of month 0 is out of range (1-31)", 18, 1},
        {"0 9 * 13 *", "month 13 is out of range (1-12 or JAN-DEC)", 20, 2},
        {"0 9 * * FUN", "'FUN' is not a day of week (0-7 or SUN-SAT)", 22, 3},
        {"0 9 * * 5-1", "the day of week range '5-1' runs backwards", 22, 3},
        {"*/0 9 * * *", "the step '0' of the minute field must be a whole number of at least 1", 14, 3},
        {"0 9,,10 * * *", "an empty item in the hour field", 18, 1},
        {"0 9 * MON *", "'MON' is not a month (1-12 or JAN-DEC)", 20, 3},
        // Days that never occur; February 29 does, in leap years.
        {"0 9 31 2 *", "never matches: February has no day 31", 18, 2},
        {"0 9 30,31 FEB *", "never matches: February has no day 30 or 31", 18, 5},
        {"0 0 31 4,6 *", "never matches: April and June have no day 31", 18, 2},
        {"0 0 31 2-4/2 *", "never matches: February and April have no day 31", 18, 2},
        {"0 9 29 2 *", "", 0, 0},
        {"0 9 31 */2 *", "", 0, 0},
        {"0 9 31 4/2 *", "", 0, 0},
        // Both day fields restricted: either matches, so Mondays in February do.
        {"0 9 31 2 MON", "", 0, 0},
        {"@hourly", "", 0, 0},
        {"@weekly", "", 0, 0},
        {"@annually", "", 0, 0},
    };
    for (const Row& row : rows) {
        ValidationFixture fx;
        fx.write("journeys/winback.yaml", std::string("journey: winback\nentry:\n  segment: vip\n  schedule: \"") +
                                              row.cron + "\"\nsteps:\n  - id: a\n    exit: true\n");
        const auto report = fx.run();
        INFO(row.cron);
        INFO(all_messages(report.diagnostics));
        if (std::string_view(row.problem).empty()) {
            CHECK(count_code(report.diagnostics, "bad-cron") == 0);
            continue;
        }
        const auto d = only(report, "bad-cron");
        CHECK(d.message == std::string("schedule '") + row.cron + "': " + row.problem);
        CHECK(d.line == 4);
        CHECK(d.column == row.column);
        CHECK(d.length == row.length);
    }
}

TEST_CASE("unknown segments: entry and inSegment", "[validate]") {
    SECTION("entry") {
        ValidationFixture fx;
        fx.write("journeys/winback.yaml", "journey: winback\nentry:\n  segment: vipp\nsteps:\n  - id: a\n    exit: true\n");
        const auto d = only(fx.run(), "unknown-segment");
        CHECK(where(d) == "journeys/winback.yaml:3:12+4 error unknown-segment");
        CHECK(d.message == "journey 'winback' enters from segment 'vipp', which is not a segment (did you mean 'vip'?)");
    }
    SECTION("inSegment in a segment") {
        ValidationFixture fx;
        fx.write("segments/other.yaml", "segment: other\nwhere: inSegment(\"vpi\") && true\n");
        const auto d = only(fx.run(), "unknown-segment");
        CHECK(where(d) == "segments/other.yaml:2:18+5 error unknown-segment");
        CHECK(d.message == "inSegment names 'vpi', which is not a segment (did you mean 'vip'?)");
    }
    SECTION("inSegment needs a literal") {
        ValidationFixture fx;
        fx.write("segments/other.yaml", "segment: other\nwhere: inSegment(profile.tier)\n");
        const auto d = only(fx.run(), "expr-type");
        CHECK(where(d) == "segments/other.yaml:2:26+4 error expr-type");
        CHECK(d.message == "inSegment takes a segment name in quotes, such as inSegment(\"vip\")");
    }
}

TEST_CASE("segments that use each other form a cycle", "[validate]") {
    SECTION("two segments") {
        ValidationFixture fx;
        fx.write("segments/a.yaml", "segment: a\nwhere: inSegment(\"b\")\n");
        fx.write("segments/b.yaml", "segment: b\nwhere: profile.age > 3 && inSegment('a')\n");
        const auto d = only(fx.run(), "segment-cycle");
        CHECK(where(d) == "segments/a.yaml:2:18+3 error segment-cycle");
        CHECK(d.message == "segments 'a', 'b' use each other through inSegment, so none of them can be computed");
    }
    SECTION("itself") {
        ValidationFixture fx;
        fx.write("segments/a.yaml", "segment: a\nwhere: |\n  true\n  && inSegment(\"a\")\n");
        const auto d = only(fx.run(), "segment-cycle");
        CHECK(where(d) == "segments/a.yaml:4:16+3 error segment-cycle");
        CHECK(d.message == "segment 'a' uses itself through inSegment");
    }
    SECTION("a chain is fine") {
        ValidationFixture fx;
        fx.write("segments/a.yaml", "segment: a\nwhere: inSegment(\"b\")\n");
        fx.write("segments/b.yaml", "segment: b\nwhere: inSegment(\"vip\")\n");
        CHECK(fx.run().diagnostics.empty());
    }
}

TEST_CASE("update: field names and value types", "[validate]") {
    struct Row {
        const char* update;
        const char* code;  // "" when valid
        uint32_t column;
        const char* message;
    };
    const Row rows[] = {
        {"{ last_seen: now }", "", 0, ""},
        {"{ age: 3 }", "", 0, ""},
        {"{ age: '\"old\"' }", "update-type", 21, "step 'a' sets profile field 'age' (int) to string"},
        {"{ customer_id: '\"x\"' }", "bad-update-field", 15, "step 'a' sets 'customer_id', the profile key: a journey cannot change which profile it is"},
        {"{ \"last seen\": now }", "bad-update-field", 16, "step 'a' sets 'last seen', which expressions could not name as profile.FIELD: use letters, digits and '_'"},
        {"{ score: profile.nope }", "expr-type", 30, nullptr},
    };
    for (const Row& row : rows) {
        ValidationFixture fx;
        fx.write("journeys/j.yaml", std::string("journey: j\nentry:\n  segment: vip\nsteps:\n  - id: a\n    update: ") +
                                        row.update + "\n");
        const auto report = fx.run();
        INFO(row.update);
        INFO(all_messages(report.diagnostics));
        if (std::string_view(row.code).empty()) {
            CHECK(report.diagnostics.empty());
            continue;
        }
        const auto d = only(report, row.code);
        CHECK(d.line == 6);
        CHECK(d.column == row.column);
        if (row.message) CHECK(d.message == row.message);
    }
}
