#include <regex>
#include <string>

#include <catch2/catch.hpp>

#include "core/workspace/keys.hpp"
#include "core/workspace/schema.hpp"
#include "journeys/model/keys.hpp"
#include "journeys/model/schema.hpp"

using namespace journeyctl;
using core::yaml::ValueKind;

namespace {

bool matches(ValueKind kind, const std::string& text) {
    // JSON Schema patterns are ECMA-262 and unanchored; ours carry anchors.
    return std::regex_search(text, std::regex(std::string(core::workspace::value_pattern(kind)), std::regex::ECMAScript));
}

}  // namespace

TEST_CASE("schema: value patterns accept what the loader reads", "[schema]") {
    for (const char* ok : {"30s", "15m", "12h", "3d", "2w", "1d12h", "1.5h", "+90d", "500ms"}) {
        INFO(ok);
        CHECK(matches(ValueKind::Duration, ok));
    }
    for (const char* bad : {"3 days", "3", "d", "-1d", "3D", ""}) {
        INFO(bad);
        CHECK_FALSE(matches(ValueKind::Duration, bad));
    }
    CHECK(matches(ValueKind::Name, "lapsed_vip-2"));
    CHECK_FALSE(matches(ValueKind::Name, "Lapsed"));
    CHECK_FALSE(matches(ValueKind::Name, "2fast"));
    CHECK(matches(ValueKind::Rate, "100/s"));
    CHECK(matches(ValueKind::Rate, "0.5/m"));
    CHECK_FALSE(matches(ValueKind::Rate, "100/d"));
    CHECK(matches(ValueKind::ClockTime, "09:00"));
    CHECK(matches(ValueKind::ClockTime, "23:59"));
    CHECK_FALSE(matches(ValueKind::ClockTime, "24:00"));
    CHECK_FALSE(matches(ValueKind::ClockTime, "9:00"));
    CHECK(matches(ValueKind::Cron, "0 9 * * MON"));
    CHECK(matches(ValueKind::Cron, "@daily"));
    CHECK_FALSE(matches(ValueKind::Cron, "0 9 * *"));
    CHECK_FALSE(matches(ValueKind::Cron, "@sometimes"));
    CHECK(matches(ValueKind::Url, "https://api.sendgrid.com"));
    CHECK(matches(ValueKind::Url, "${BASE_URL}"));
    CHECK_FALSE(matches(ValueKind::Url, "ftp://x"));
}

TEST_CASE("schema: every key of a table is a described property", "[schema]") {
    for (const auto* table : {&journeys::journey_keys(), &journeys::step_keys(), &journeys::segment_keys(),
                              &journeys::template_keys(), &core::workspace::workspace_keys()}) {
        const auto schema = core::workspace::object_schema(*table);
        INFO(table->name);
        CHECK(schema["additionalProperties"] == false);
        CHECK(schema["properties"].size() == table->keys.size());
        for (const auto& spec : table->keys) {
            REQUIRE(schema["properties"].contains(std::string(spec.name)));
            CHECK(schema["properties"][std::string(spec.name)]["description"] == spec.description);
            const bool listed = schema.contains("required") &&
                                std::find(schema["required"].begin(), schema["required"].end(), spec.name) !=
                                    schema["required"].end();
            CHECK(listed == spec.required);
        }
    }
}

TEST_CASE("schema: journey rules beyond the tables", "[schema]") {
    const auto journey = *journeys::schema_for("journey");
    CHECK(journey["$schema"] == "https://json-schema.org/draft/2020-12/schema");
    const auto& step = journey["properties"]["steps"]["items"];
    REQUIRE(step["oneOf"].size() == journeys::step_action_keys().size());
    CHECK(step["oneOf"][0]["required"][0] == "send");
    CHECK(step["properties"]["exit"]["const"] == true);
    CHECK(step["dependentSchemas"]["split"]["properties"]["goto"] == false);
    // wait: 3d or { until: ... }
    CHECK(step["properties"]["wait"]["anyOf"].size() == 2);
    // reentry: never | always | { after: 30d }
    CHECK(journey["properties"]["reentry"]["anyOf"][0]["enum"].size() == 2);
    CHECK(journey["properties"]["entry"]["oneOf"].size() == 2);
    CHECK(step["properties"]["split"]["items"]["properties"]["weight"]["minimum"] == 1);
    CHECK(!journeys::schema_for("workflow").has_value());
}

TEST_CASE("schema: a channel needs its provider's settings and no other's", "[schema]") {
    const auto workspace = core::workspace::workspace_schema();
    const auto& channel = workspace["properties"]["channels"]["additionalProperties"];
    CHECK(channel["properties"].contains("account_sid"));
    const auto& rules = channel["allOf"];
    REQUIRE(rules.size() == core::workspace::providers().size());
    for (const auto& rule : rules) {
        if (rule["if"]["properties"]["provider"]["const"] != "twilio") continue;
        CHECK(rule["then"]["required"] == core::workspace::SchemaJson({"account_sid", "auth_token"}));
        CHECK(rule["then"]["properties"]["api_key"] == false);
        CHECK(!rule["then"]["properties"].contains("auth_token"));
    }
}

TEST_CASE("schema: the combined document refers to all four kinds", "[schema]") {
    const auto all = journeys::combined_schema();
    CHECK(all["oneOf"].size() == 4);
    for (std::string_view kind : journeys::schema_kinds()) {
        INFO(kind);
        REQUIRE(all["$defs"].contains(std::string(kind)));
        CHECK(!all["$defs"][std::string(kind)].contains("$schema"));
    }
    // Deterministic: generated twice, printed the same.
    CHECK(journeys::combined_schema().dump() == all.dump());
}
