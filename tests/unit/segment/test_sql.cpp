// The SQL compiler's text, dialect by dialect: the shapes the man page
// promises (EXISTS / COUNT(*) subqueries, CEL errors as NULL, JSON type
// guards) and the errors for constructs without an SQL form. Whether the
// SQL selects the right profiles is the differential e2e test's job
// (tests/e2e/differential), which runs it in the real sqlite3.
#include <catch2/catch.hpp>

#include "tests/unit/segment/test_sql_support.hpp"

namespace journeyctl::test {
namespace {

using core::segment::SqlDialect;

bool has(const std::string& sql, const std::string& part) {
    if (sql.find(part) != std::string::npos) return true;
    UNSCOPED_INFO("SQL: " << sql << "\nmissing: " << part);
    return false;
}

const char* k_lapsed_vip = R"(profile.tier in ["gold", "platinum"] && profile.email_opt_in
  && profile.age >= 25 && profile.age <= 54
  && events.filter(e, e.type == "purchase" && e.time >= now - 90d).size() >= 2
  && !events.exists(e, e.type == "purchase" && e.time >= now - 14d))";

}  // namespace

TEST_CASE("sql: the reference segment is one query with plain subqueries", "[segment][sql]") {
    const std::string sql = sql_for(k_lapsed_vip);
    CHECK(sql ==
          "SELECT profiles.\"customer_id\"\n"
          "FROM profiles\n"
          "WHERE profiles.\"tier\" IN ('gold', 'platinum')\n"
          "  AND profiles.\"email_opt_in\"\n"
          "  AND profiles.\"age\" >= 25\n"
          "  AND profiles.\"age\" <= 54\n"
          "  AND (SELECT COUNT(*) FROM events ev1 WHERE ev1.\"customer_id\" = profiles.\"customer_id\" AND "
          "ev1.\"ts\" <= '2026-11-01T00:00:00.000000000Z' AND (ev1.\"event\" = 'purchase' AND ev1.\"ts\" >= '2026-08-03T00:00:00.000000000Z')) >= 2\n"
          "  AND NOT (EXISTS (SELECT 1 FROM events ev2 WHERE ev2.\"customer_id\" = profiles.\"customer_id\" AND "
          "ev2.\"ts\" <= '2026-11-01T00:00:00.000000000Z' AND (ev2.\"event\" = 'purchase' AND ev2.\"ts\" >= '2026-10-18T00:00:00.000000000Z')))");
}

TEST_CASE("sql: the reference segment in every dialect", "[segment][sql]") {
    const std::string pg = sql_for(k_lapsed_vip, SqlDialect::Postgres);
    CHECK(has(pg, "ev1.\"ts\" >= TIMESTAMPTZ '2026-08-03 00:00:00.000000+00:00'"));
    CHECK(has(pg, "SELECT profiles.\"customer_id\""));
    const std::string duck = sql_for(k_lapsed_vip, SqlDialect::Duckdb);
    CHECK(has(duck, "TIMESTAMPTZ '2026-10-18 00:00:00.000000+00:00'"));
    const std::string spark = sql_for(k_lapsed_vip, SqlDialect::Spark);
    CHECK(has(spark, "SELECT profiles.`customer_id`"));
    CHECK(has(spark, "ev1.`ts` >= TIMESTAMP '2026-08-03 00:00:00.000000Z'"));
    CHECK(has(spark, "profiles.`tier` IN ('gold', 'platinum')"));
}

TEST_CASE("sql: logic keeps CEL's error rules", "[segment][sql]") {
    // A conditional's error condition is an error, not the else branch.
    CHECK(has(sql_for("profile.age > 30 ? profile.tier == \"gold\" : true"),
              "CASE WHEN profiles.\"age\" > 30 THEN profiles.\"tier\" = 'gold' WHEN NOT (profiles.\"age\" > 30) THEN "
              "TRUE END"));
    // A condition that cannot fail needs no second test.
    CHECK(has(sql_for("has(profile.age) ? profile.age > 3 : false"),
              "CASE WHEN profiles.\"age\" IS NOT NULL THEN profiles.\"age\" > 3 ELSE FALSE END"));
    CHECK(has(sql_for("!(profile.age < 18) || profile.tier == \"gold\""),
              "(NOT (profiles.\"age\" < 18) OR profiles.\"tier\" = 'gold')"));
    CHECK(has(sql_for("(profile.age ?? 0) >= 18"), "COALESCE(profiles.\"age\", 0) >= 18"));
    CHECK(has(sql_for("has(profile.tier)"), "profiles.\"tier\" IS NOT NULL"));
    CHECK(has(sql_for("has(profile.customer_id)"), "WHERE TRUE"));
}

TEST_CASE("sql: comparisons and arithmetic", "[segment][sql]") {
    CHECK(has(sql_for("profile.age + 1 > 30"), "(profiles.\"age\" + 1) > 30"));
    CHECK(has(sql_for("profile.age / 2 == 10"), "(profiles.\"age\" / NULLIF(2, 0)) = 10"));
    CHECK(has(sql_for("profile.age / 2 == 10", SqlDialect::Duckdb), "(profiles.\"age\" // NULLIF(2, 0)) = 10"));
    CHECK(has(sql_for("profile.age / 2 == 10", SqlDialect::Spark), "(profiles.`age` DIV NULLIF(2, 0)) = 10"));
    CHECK(has(sql_for("profile.age % 7 == 3"), "(profiles.\"age\" % NULLIF(7, 0)) = 3"));
    CHECK(has(sql_for("profile.score * 2.0 > 3.5"), "(profiles.\"score\" * 2.0) > 3.5"));
    CHECK(has(sql_for("profile.score >= 1"), "profiles.\"score\" >= 1"));
    CHECK(has(sql_for("-profile.age < -3"), "(-profiles.\"age\") < -3"));
    CHECK(has(sql_for("profile.tier + \"!\" == \"gold!\""), "(profiles.\"tier\" || '!') = 'gold!'"));
    CHECK(has(sql_for("profile.tier + \"!\" == \"gold!\"", SqlDialect::Spark), "concat(profiles.`tier`, '!')"));
    CHECK(has(sql_for("profile.tier < \"m\"", SqlDialect::Postgres), "profiles.\"tier\" COLLATE \"C\" < 'm'"));
    CHECK(has(sql_for("profile.email_opt_in == true"), "profiles.\"email_opt_in\" = TRUE"));
}

TEST_CASE("sql: string literals are escaped per dialect", "[segment][sql]") {
    CHECK(has(sql_for(R"(profile.tier == "it's \\ here")"), "'it''s \\ here'"));
    CHECK(has(sql_for(R"(profile.tier == "it's \\ here")", SqlDialect::Spark), "'it\\'s \\\\ here'"));
    CHECK(has(sql_for(R"(profile.tier == "Zoë")"), "'Zoë'"));
}

TEST_CASE("sql: timestamps", "[segment][sql]") {
    CHECK(has(sql_for("profile.signup_at < timestamp(\"2024-03-01T10:00:00.5+02:00\")"),
              "profiles.\"signup_at\" < '2024-03-01T08:00:00.500000000Z'"));
    CHECK(has(sql_for("profile.signup_at < now - 1d12h", SqlDialect::Postgres),
              "profiles.\"signup_at\" < TIMESTAMPTZ '2026-10-30 12:00:00.000000+00:00'"));
    CHECK(has(sql_for("profile.signup_at + 30d < now", SqlDialect::Postgres),
              "(profiles.\"signup_at\" + INTERVAL '2592000 seconds') < TIMESTAMP"));
    CHECK(has(sql_for("profile.signup_at + 30d < now", SqlDialect::Spark), "INTERVAL '2592000' SECOND"));
    CHECK(has(sql_for("profile.signup_at + 30d < now"), "error: 'profile.signup_at + 30d' has no SQL form in sqlite"));
}

TEST_CASE("sql: in lists keep only items that can be equal", "[segment][sql]") {
    CHECK(has(sql_for("profile.age in [18, 21.0, \"x\"]"), "profiles.\"age\" IN (18, 21.0)"));
    CHECK(has(sql_for("profile.tier in []"), "CASE WHEN profiles.\"tier\" IS NOT NULL THEN FALSE END"));
    CHECK(has(sql_for("events.exists(e, e.properties.plan in [\"pro\", 2])"),
              "CASE WHEN json_type(ev1.\"properties\", '$.plan') IN ('integer', 'real') THEN "
              "json_extract(ev1.\"properties\", '$.plan') IN (2) WHEN json_type(ev1.\"properties\", '$.plan') = "
              "'text' THEN json_extract(ev1.\"properties\", '$.plan') IN ('pro')"));
}

TEST_CASE("sql: string functions", "[segment][sql]") {
    const char* e = R"(profile.tier.startsWith("go") && profile.tier.endsWith("ld") && profile.tier.contains("o%l_"))";
    const std::string lite = sql_for(e);
    CHECK(has(lite, "(substr(profiles.\"tier\", 1, length('go')) = 'go')"));
    CHECK(has(lite, "(length(profiles.\"tier\") >= length('ld') AND substr(profiles.\"tier\", length(profiles.\"tier\") "
                    "- length('ld') + 1) = 'ld')"));
    CHECK(has(lite, "(instr(profiles.\"tier\", 'o%l_') > 0)"));
    const std::string pg = sql_for(e, SqlDialect::Postgres);
    CHECK(has(pg, "(left(profiles.\"tier\", char_length('go')) = 'go')"));
    CHECK(has(pg, "(right(profiles.\"tier\", char_length('ld')) = 'ld')"));
    CHECK(has(pg, "(strpos(profiles.\"tier\", 'o%l_') > 0)"));
    const std::string duck = sql_for(e, SqlDialect::Duckdb);
    CHECK(has(duck, "starts_with(profiles.\"tier\", 'go')"));
    CHECK(has(duck, "ends_with(profiles.\"tier\", 'ld')"));
    CHECK(has(duck, "contains(profiles.\"tier\", 'o%l_')"));
    CHECK(has(sql_for("size(profile.tier) > 3"), "length(profiles.\"tier\") > 3"));
    CHECK(has(sql_for("profile.tier.lowerAscii() == \"gold\""), "lower(profiles.\"tier\") = 'gold'"));
    CHECK(has(sql_for("profile.tier.lowerAscii() == \"gold\"", SqlDialect::Postgres),
              "translate(profiles.\"tier\", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') = 'gold'"));
}

TEST_CASE("sql: matches per dialect, and an error where there is no regex", "[segment][sql]") {
    CHECK(sql_for("profile.tier.matches(\"^g\")") ==
          "error: 'profile.tier.matches(\"^g\")' has no SQL form in sqlite (SQLite has no built-in regular "
          "expressions) @1:14");
    CHECK(has(sql_for("profile.tier.matches(\"^g\")", SqlDialect::Postgres), "(profiles.\"tier\" ~ '^g')"));
    CHECK(has(sql_for("profile.tier.matches(\"^g\")", SqlDialect::Duckdb), "regexp_matches(profiles.\"tier\", '^g')"));
    CHECK(has(sql_for("profile.tier.matches(\"^g\")", SqlDialect::Spark), "(profiles.`tier` RLIKE '^g')"));
}

TEST_CASE("sql: dyn values are read through JSON with type guards", "[segment][sql]") {
    CHECK(has(sql_for("profile.prefs.lang == \"fr\""),
              "CASE WHEN json_type(profiles.\"prefs\", '$.lang') = 'text' THEN json_extract(profiles.\"prefs\", "
              "'$.lang') = 'fr' WHEN json_type(profiles.\"prefs\", '$.lang') IS NOT NULL THEN FALSE END"));
    CHECK(has(sql_for("profile.prefs[\"a b\"] == 1"), "'$.\"a b\"'"));
    CHECK(has(sql_for("profile.prefs.lang == \"fr\"", SqlDialect::Postgres),
              "jsonb_typeof(profiles.\"prefs\" #> '{\"lang\"}') = 'string'"));
    CHECK(has(sql_for("profile.prefs.lang == \"fr\"", SqlDialect::Duckdb),
              "json_type(profiles.\"prefs\", '$.lang') = 'VARCHAR' THEN json_extract_string(profiles.\"prefs\", "
              "'$.lang') = 'fr'"));
    CHECK(has(sql_for("profile.prefs.lang == \"fr\"", SqlDialect::Spark), "get_json_object(profiles.`prefs`, '$.lang')"));
    CHECK(has(sql_for("has(profile.prefs.lang)"),
              "CASE WHEN json_type(profiles.\"prefs\", '$') = 'object' THEN json_type(profiles.\"prefs\", "
              "'$.lang') IS NOT NULL END"));
    // int arithmetic on a dyn value wants a JSON integer (CEL has no int + double).
    CHECK(has(sql_for("profile.prefs.n + 1 > 2"), "json_type(profiles.\"prefs\", '$.n') = 'integer'"));
    CHECK(has(sql_for("profile.prefs.n > 2"), "json_type(profiles.\"prefs\", '$.n') IN ('integer', 'real')"));
    CHECK(has(sql_for("profile.prefs.flag"), "CASE WHEN json_type(profiles.\"prefs\", '$.flag') IN ('true', 'false')"));
    CHECK(has(sql_for("(profile.prefs.n ?? 0) > 2"), "WHEN NOT (json_type(profiles.\"prefs\", '$.n') IS NOT NULL) OR "
                                                     "json_type(profiles.\"prefs\", '$.n') = 'null' THEN 0 END"));
}

TEST_CASE("sql: events macros", "[segment][sql]") {
    CHECK(has(sql_for("events.exists(e, e.channel == \"web\")"),
              "CASE WHEN EXISTS (SELECT 1 FROM events ev1 WHERE ev1.\"customer_id\" = profiles.\"customer_id\" AND "
              "ev1.\"ts\" <= '2026-11-01T00:00:00.000000000Z' AND ev1.\"channel\" = 'web') THEN TRUE WHEN EXISTS "
              "(SELECT 1 FROM events ev1 WHERE ev1.\"customer_id\" = profiles.\"customer_id\" AND "
              "ev1.\"ts\" <= '2026-11-01T00:00:00.000000000Z' AND (ev1.\"channel\" = 'web') IS NULL) THEN NULL ELSE FALSE END"));
    CHECK(has(sql_for("events.all(e, e.type != \"refund\")"),
              "NOT EXISTS (SELECT 1 FROM events ev1 WHERE ev1.\"customer_id\" = profiles.\"customer_id\" AND "
              "ev1.\"ts\" <= '2026-11-01T00:00:00.000000000Z' AND NOT (ev1.\"event\" <> 'refund'))"));
    CHECK(has(sql_for("events.exists_one(e, e.type == \"signup\")"),
              "(SELECT COUNT(*) FROM events ev1 WHERE ev1.\"customer_id\" = profiles.\"customer_id\" AND "
              "ev1.\"ts\" <= '2026-11-01T00:00:00.000000000Z' AND ev1.\"event\" = 'signup') = 1"));
    CHECK(has(sql_for("events.size() > 3"), "(SELECT COUNT(*) FROM events ev1 WHERE ev1.\"customer_id\" = "
                                            "profiles.\"customer_id\" AND ev1.\"ts\" <= "
                                            "'2026-11-01T00:00:00.000000000Z') > 3"));
    CHECK(has(sql_for("size(events) > 3"), "(SELECT COUNT(*) FROM events ev1"));
    CHECK(has(sql_for("events.filter(e, e.type == \"purchase\").map(e, e.properties.amount).sum() > 100.0"),
              "(SELECT COALESCE(SUM(CASE WHEN json_type(ev1.\"properties\", '$.amount') IN ('integer', 'real') THEN "
              "json_extract(ev1.\"properties\", '$.amount') END), 0) FROM events ev1"));
    CHECK(has(sql_for("events.map(e, e.time).max() > now - 7d"), "(SELECT MAX(ev1.\"ts\") FROM events ev1"));
    CHECK(has(sql_for("events.map(e, e.type == \"purchase\", e.properties.amount).min() < 5"), "SELECT MIN("));
    // A filter whose predicate can fail makes the whole range an error.
    CHECK(has(sql_for("events.filter(e, e.properties.amount > 5).size() >= 1"),
              "CASE WHEN EXISTS (SELECT 1 FROM events ev1 WHERE ev1.\"customer_id\" = profiles.\"customer_id\" AND "
              "ev1.\"ts\" <= '2026-11-01T00:00:00.000000000Z' AND ((CASE WHEN json_type"));
    CHECK(has(sql_for("has(profile.age) && events.exists(e, has(e.properties) && e.time < profile.signup_at)"),
              "ev1.\"properties\" IS NOT NULL AND ev1.\"ts\" < profiles.\"signup_at\""));
    // Nested macros get their own aliases.
    CHECK(has(sql_for("events.exists(e, e.type == \"a\" && events.exists(f, f.type == \"b\" && f.time > e.time))"),
              "ev2.\"ts\" > ev1.\"ts\""));
}

TEST_CASE("sql: inSegment inlines the other segment", "[segment][sql]") {
    const core::segment::SqlSchema schema = sql_test_schema();
    const core::expr::Environment env = core::segment::sql_environment(schema);
    auto program_of = [&](const char* text) {
        return core::expr::compile(text, env, {true}).program;
    };
    auto vip = program_of("profile.tier == \"gold\"");
    auto bad = program_of("profile.tier.matches(\"x\")");
    auto lookup = [&](std::string_view name) -> std::shared_ptr<const core::expr::Program> {
        if (name == "vip") return vip;
        if (name == "bad") return bad;
        return nullptr;
    };
    CHECK(has(sql_for("inSegment(\"vip\") && profile.age > 3", SqlDialect::Sqlite, lookup),
              "WHERE profiles.\"tier\" = 'gold'\n  AND profiles.\"age\" > 3"));
    CHECK(sql_for("profile.age > 3 || inSegment(\"bad\")", SqlDialect::Sqlite, lookup) ==
          "error: 'profile.tier.matches(\"x\")' has no SQL form in sqlite (SQLite has no built-in regular "
          "expressions) @1:14 in bad");
    CHECK(has(sql_for("inSegment(\"nope\")", SqlDialect::Sqlite, lookup), "there is no segment 'nope'"));
}

TEST_CASE("sql: constructs without an SQL form name themselves", "[segment][sql]") {
    CHECK(has(sql_for("[1, 2].exists(x, x > profile.age)"), "error: '[1, 2].exists(x, x > profile.age)' has no SQL form"));
    CHECK(has(sql_for("profile.signup_at.getHours(\"Europe/Paris\") > 3"),
              "error: 'profile.signup_at.getHours(\"Europe/Paris\")' has no SQL form in sqlite (SQLite knows no time "
              "zones"));
    CHECK(has(sql_for("profile.signup_at.getHours(profile.tier) > 3", SqlDialect::Postgres),
              "the time zone must be a string literal in SQL"));
    CHECK(has(sql_for("{\"a\": 1}[\"a\"] == profile.age"), "error: "));
    CHECK(has(sql_for("profile.age > 3 &&\n  string(profile.age) == \"4\""), "@2:3"));
}

TEST_CASE("sql: timestamp accessors in every dialect", "[segment][sql]") {
    // UTC: SQLite reads its UTC text; the others take the UTC wall clock,
    // whatever the session's zone. CEL counts months from 0.
    CHECK(has(sql_for("profile.signup_at.getMonth() == 9"),
              "(CAST(strftime('%m', substr(profiles.\"signup_at\", 1, 19)) AS INTEGER) - 1) = 9"));
    CHECK(has(sql_for("profile.signup_at.getMonth() == 9", SqlDialect::Postgres),
              "(CAST(EXTRACT(MONTH FROM (profiles.\"signup_at\" AT TIME ZONE 'UTC')) AS BIGINT) - 1) = 9"));
    CHECK(has(sql_for("profile.signup_at.getDayOfWeek() == 0", SqlDialect::Duckdb),
              "dayofweek((profiles.\"signup_at\" AT TIME ZONE 'UTC')) = 0"));
    // Spark's dayofweek counts from 1 and reads the session's zone.
    CHECK(has(sql_for("profile.signup_at.getDayOfWeek() == 0", SqlDialect::Spark),
              "(dayofweek(to_utc_timestamp(profiles.`signup_at`, current_timezone())) - 1) = 0"));
    // An IANA zone: the zone's wall clock.
    CHECK(has(sql_for("profile.signup_at.getHours(\"Europe/Paris\") == 9", SqlDialect::Postgres),
              "CAST(EXTRACT(HOUR FROM (profiles.\"signup_at\" AT TIME ZONE 'Europe/Paris')) AS BIGINT) = 9"));
    CHECK(has(sql_for("profile.signup_at.getHours(\"Europe/Paris\") == 9", SqlDialect::Spark),
              "hour(from_utc_timestamp(to_utc_timestamp(profiles.`signup_at`, current_timezone()), 'Europe/Paris'))"));
    // A fixed offset shifts the UTC wall clock (the engines' "+05:30" is
    // POSIX, east negative), in SQLite too.
    CHECK(has(sql_for("profile.signup_at.getHours(\"+05:30\") == 9", SqlDialect::Duckdb),
              "hour(((profiles.\"signup_at\" AT TIME ZONE 'UTC') + INTERVAL '19800 seconds')) = 9"));
    CHECK(has(sql_for("profile.signup_at.getHours(\"-08:00\") == 9"),
              "strftime('%H', datetime(substr(profiles.\"signup_at\", 1, 19), '-28800 seconds'))"));
    CHECK(has(sql_for("profile.signup_at.getMilliseconds() == 500"),
              "CAST(substr(profiles.\"signup_at\", 21, 3) AS INTEGER) = 500"));
    CHECK(has(sql_for("events.exists(e, e.time.getSeconds() == 0)", SqlDialect::Postgres),
              "CAST(FLOOR(EXTRACT(SECOND FROM (ev1.\"ts\" AT TIME ZONE 'UTC'))) AS BIGINT) = 0"));
    // A constant time is computed while compiling (now is 2026-11-01, a Sunday).
    CHECK(has(sql_for("now.getDayOfWeek() == profile.age"), "WHERE 0 = profiles.\"age\""));
    CHECK(has(sql_for("duration(\"90m\").getHours() == profile.age"), "WHERE 1 = profiles.\"age\""));
}

TEST_CASE("sql: table layout per dialect", "[segment][sql]") {
    const auto schema = sql_test_schema();
    const std::string lite = core::segment::create_tables_sql(schema, SqlDialect::Sqlite);
    CHECK(has(lite, "CREATE TABLE profiles (\n  \"customer_id\" TEXT PRIMARY KEY,\n  \"age\" INTEGER,"));
    CHECK(has(lite, "\"email_opt_in\" INTEGER"));
    CHECK(has(lite, "\"signup_at\" TEXT"));
    CHECK(has(lite, "\"ts\" TEXT NOT NULL"));
    CHECK(has(lite, "CREATE INDEX events_by_key ON events (\"customer_id\", \"ts\");"));
    const std::string pg = core::segment::create_tables_sql(schema, SqlDialect::Postgres);
    CHECK(has(pg, "\"score\" DOUBLE PRECISION"));
    CHECK(has(pg, "\"prefs\" JSONB"));
    CHECK(has(pg, "\"signup_at\" TIMESTAMPTZ"));
    CHECK(has(core::segment::create_tables_sql(schema, SqlDialect::Duckdb), "\"ts\" TIMESTAMPTZ NOT NULL"));
    const std::string spark = core::segment::create_tables_sql(schema, SqlDialect::Spark);
    CHECK(has(spark, "`customer_id` STRING,"));
    CHECK(spark.find("INDEX") == std::string::npos);
    CHECK(core::segment::sqlite_timestamp_text({-1, 5}) == "1969-12-31T23:59:59.000000005Z");
}

}  // namespace journeyctl::test
