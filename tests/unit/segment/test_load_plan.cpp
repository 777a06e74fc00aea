#include <catch2/catch.hpp>

#include "core/segment/load_plan.hpp"

using namespace journeyctl::core;

namespace {

segment::FieldUse segments_reading_amount() {
    segment::FieldUse use;
    use.profile_fields = {"tier"};
    use.uses_events = true;
    use.event_fields = {"type", "time", "properties"};
    use.event_field_keys["properties"] = {"amount"};
    return use;
}

}  // namespace

TEST_CASE("load_options loads what segments read plus the extra profile fields", "[segment][load_plan]") {
    const data::LoadOptions options = segment::load_options({segments_reading_amount(), {}, std::vector<std::string>{"email"}});
    REQUIRE(options.profile_fields);
    CHECK(*options.profile_fields == std::vector<std::string>{"tier", "email"});
    CHECK(options.load_events);
    REQUIRE(options.event_fields);
    // type and time name the configured fields, always loaded.
    CHECK(*options.event_fields == std::vector<std::string>{"properties"});
    // Only segments read the events: a JSON field keeps just the keys read.
    CHECK(options.event_field_keys.at("properties") == std::vector<std::string>{"amount"});
}

TEST_CASE("load_options keeps JSON fields whole when other expressions read events", "[segment][load_plan]") {
    segment::FieldUse journey;
    journey.uses_events = true;
    const data::LoadOptions options = segment::load_options({segments_reading_amount(), journey, std::vector<std::string>{}});
    CHECK(options.event_field_keys.empty());
}

TEST_CASE("load_options reads every profile field when the expressions are not known", "[segment][load_plan]") {
    const data::LoadOptions options = segment::load_options({segments_reading_amount(), {}, std::nullopt});
    CHECK_FALSE(options.profile_fields);
    CHECK(options.event_field_keys.empty());
}

TEST_CASE("load_options skips events nobody reads and keeps all fields when one reads them whole",
          "[segment][load_plan]") {
    segment::FieldUse profile_only;
    profile_only.profile_fields = {"age"};
    CHECK_FALSE(segment::load_options({profile_only, {}, std::vector<std::string>{}}).load_events);

    segment::FieldUse whole = segments_reading_amount();
    whole.all_event_fields = true;
    const data::LoadOptions options = segment::load_options({whole, {}, std::vector<std::string>{}});
    CHECK(options.load_events);
    CHECK_FALSE(options.event_fields);
    CHECK(options.event_field_keys.empty());
}
