#include <catch2/catch.hpp>

#include "core/diag/errors.hpp"
#include "core/workspace/load.hpp"
#include "core/workspace/secret.hpp"
#include "journeys/model/load.hpp"
#include "tests/unit/workspace/temp_workspace.hpp"

using namespace journeyctl::core;
using journeyctl::testing::all_messages;
using journeyctl::testing::find_code;
using journeyctl::testing::TempWorkspace;

namespace {

const char* k_full_config = R"(workspace: acme-lifecycle
timezone: Europe/Paris
data:
  profiles:
    file: data/profiles.csv
    key: customer_id
    fields:
      age: int
      signup_at: timestamp
  events:
    file: data/events.jsonl
    key: customer_id
    type: event
    time: ts
state: .journeyctl/state.db
channels:
  email:
    provider: sendgrid
    from: "Acme <hello@acme.example>"
    to: profile.email
    api_key: ${SENDGRID_API_KEY}
    base_url: https://api.sendgrid.com
    rate: 100/s
    fallback: backup
  sms:
    provider: twilio
    from: "+15005550006"
    to: profile.phone
    account_sid: ${TWILIO_ACCOUNT_SID}
    auth_token: ${TWILIO_AUTH_TOKEN}
    rate: 10/s
  push:
    provider: webhook
    url: https://push.acme.example/v1/send
    to: profile.device_token
    headers: { Authorization: "Bearer ${PUSH_TOKEN}" }
policies:
  consent:
    email: profile.email_opt_in
    sms: profile.sms_opt_in
  suppress: data/suppressed.csv
  frequency:
    - { channel: email, max: 3, per: 7d }
    - { channel: any, max: 2, per: 1d }
  quiet_hours: { start: "21:00", end: "08:00", zone: profile.timezone, then: delay }
)";

}  // namespace

TEST_CASE("journeyctl.yaml loads every key of the documented example", "[workspace]") {
    TempWorkspace tmp;
    tmp.write("journeyctl.yaml", k_full_config);
    auto ws = journeyctl::journeys::load_workspace(tmp.root());
    INFO(all_messages(ws.diagnostics));
    CHECK(ws.diagnostics.empty());
    const auto& c = ws.config;
    CHECK(c.loaded);
    CHECK(c.name == "acme-lifecycle");
    CHECK(c.zone() == "Europe/Paris");
    CHECK(c.profiles.present);
    CHECK(c.profiles.file == "data/profiles.csv");
    CHECK(c.profiles.key == "customer_id");
    REQUIRE(c.profiles.fields.size() == 2);
    CHECK(c.profiles.fields[0].name == "age");
    CHECK(c.profiles.fields[0].type.value == workspace::FieldType::Int);
    CHECK(c.profiles.fields[1].type.value == workspace::FieldType::Timestamp);
    CHECK(c.events.type_field_name() == "event");
    CHECK(c.events.time_field_name() == "ts");
    CHECK(c.profiles.type_field_name() == "type");
    CHECK(c.state_path() == ".journeyctl/state.db");
    REQUIRE(c.channels.size() == 3);
    const auto* email = c.channel("email");
    REQUIRE(email);
    CHECK(email->kind == workspace::ChannelKind::Email);
    CHECK(email->to->value == "profile.email");
    CHECK(email->to->pos.line == 20);
    CHECK(email->to->pos.column == 9);
    CHECK(email->setting("api_key")->value == "${SENDGRID_API_KEY}");
    CHECK(email->rate->value.per_second() == Approx(100));
    CHECK(email->fallback->value == "backup");
    CHECK(c.channel("sms")->kind == workspace::ChannelKind::Sms);
    CHECK(c.channel("sms")->setting("auth_token")->value == "${TWILIO_AUTH_TOKEN}");
    const auto* push = c.channel("push");
    CHECK(push->kind == workspace::ChannelKind::Webhook);
    CHECK(push->setting("url")->value == "https://push.acme.example/v1/send");
    REQUIRE(push->headers.size() == 1);
    CHECK(push->headers[0].name == "Authorization");
    CHECK(push->headers[0].value == "Bearer ${PUSH_TOKEN}");
    REQUIRE(c.policies.consent.size() == 2);
    CHECK(c.policies.consent[1].channel == "sms");
    CHECK(c.policies.consent[1].expression == "profile.sms_opt_in");
    CHECK(c.policies.suppress->value == "data/suppressed.csv");
    REQUIRE(c.policies.frequency.size() == 2);
    CHECK(c.policies.frequency[0].max.value == 3);
    CHECK(c.policies.frequency[0].per.value == expr::Duration{7 * 86400, 0});
    CHECK(c.policies.frequency[1].channel == "any");
    REQUIRE(c.policies.quiet_hours);
    CHECK(c.policies.quiet_hours->start_minutes == 21 * 60);
    CHECK(c.policies.quiet_hours->end_minutes == 8 * 60);
    CHECK(c.policies.quiet_hours->zone->value == "profile.timezone");
    CHECK(c.policies.quiet_hours->then.value == workspace::QuietThen::Delay);
    CHECK(ws.sources.count("journeyctl.yaml") == 1);
}

TEST_CASE("journeyctl.yaml problems are all reported with positions", "[workspace]") {
    TempWorkspace tmp;
    tmp.write("journeyctl.yaml",
              "workspace: Acme\n"
              "timezone: Mars/Olympus\n"
              "chanels: {}\n"
              "channels:\n"
              "  email:\n"
              "    provider: sendgird\n"
              "  sms:\n"
              "    provider: twilio\n"
              "    api_key: x\n"
              "    account_sid: ${TWILIO\n"
              "    rate: fast\n"
              "policies:\n"
              "  frequency:\n"
              "    - { channel: email, max: 0, per: 7 days }\n"
              "  quiet_hours: { start: \"21:00\", end: \"8h\", then: later }\n");
    auto ws = journeyctl::journeys::load_workspace(tmp.root());
    const auto& ds = ws.diagnostics;
    INFO(all_messages(ds));
    CHECK(find_code(ds, "bad-name")->line == 1);
    CHECK(find_code(ds, "bad-zone")->line == 2);
    const auto* unknown = find_code(ds, "unknown-key");
    REQUIRE(unknown);
    CHECK(unknown->line == 3);
    CHECK(unknown->message == "unknown key 'chanels' in journeyctl.yaml (did you mean 'channels'?)");
    const auto* provider = find_code(ds, "bad-enum");
    REQUIRE(provider);
    CHECK(provider->line == 6);
    CHECK(provider->message.find("did you mean 'sendgrid'?") != std::string::npos);
    bool other_provider = false, missing_token = false, bad_secret = false;
    for (const auto& d : ds) {
        other_provider |= d.code == "unknown-key" && d.line == 9 &&
                          d.message == "key 'api_key' is a setting of provider sendgrid, not of twilio";
        missing_token |= d.code == "missing-key" && d.message == "missing key 'auth_token' in channel 'sms'";
        bad_secret |= d.code == "bad-secret" && d.line == 10 && d.column == 18;
    }
    CHECK(other_provider);
    CHECK(missing_token);
    CHECK(bad_secret);
    CHECK(journeyctl::testing::count_code(ds, "bad-value") >= 3);  // rate, max, end
    CHECK(find_code(ds, "bad-duration")->line == 14);
    CHECK(journeyctl::testing::count_code(ds, "bad-enum") == 2);  // provider, then
}

TEST_CASE("${VAR} resolution substitutes and names only the missing variable", "[workspace]") {
    workspace::MapEnv env{{"SENDGRID_API_KEY", "SG.super-secret"}, {"USER", "ann"}};
    CHECK(workspace::resolve_secret("${SENDGRID_API_KEY}", env) == "SG.super-secret");
    CHECK(workspace::resolve_secret("Bearer ${USER}!", env) == "Bearer ann!");
    CHECK(workspace::resolve_secret("cost $5, literal $${USER}", env) == "cost $5, literal ${USER}");
    auto missing = workspace::try_resolve_secret("${USER}:${SENDGRID_API_KEY}:${TWILIO_AUTH_TOKEN}", env);
    REQUIRE(std::holds_alternative<workspace::SecretError>(missing));
    const auto& error = std::get<workspace::SecretError>(missing);
    CHECK(error.variable == "TWILIO_AUTH_TOKEN");
    CHECK(error.message == "environment variable TWILIO_AUTH_TOKEN is not set");
    CHECK(error.message.find("secret") == std::string::npos);
    CHECK(error.message.find("ann") == std::string::npos);
    try {
        workspace::resolve_secret("key=${SENDGRID_API_KEY} other=${NOPE}", env);
        FAIL("expected a ConfigError");
    } catch (const ConfigError& e) {
        const std::string what = e.what();
        CHECK(what.find("NOPE") != std::string::npos);
        CHECK(what.find("SG.super-secret") == std::string::npos);
    }
    CHECK(std::holds_alternative<workspace::SecretError>(workspace::try_resolve_secret("${1BAD}", env)));
    CHECK(std::holds_alternative<workspace::SecretError>(workspace::try_resolve_secret("${OPEN", env)));
    CHECK(workspace::has_references("a ${B} c"));
    CHECK_FALSE(workspace::has_references("plain"));
    workspace::ProcessEnv process;
    CHECK_FALSE(process.get("JOURNEYCTL_SURELY_UNSET_VARIABLE_H6"));
}

TEST_CASE("the workspace is found from a folder upward", "[workspace]") {
    TempWorkspace tmp;
    tmp.write("journeyctl.yaml", "workspace: w\n");
    tmp.write("journeys/deep/er/keep.txt", "");
    const auto deep = tmp.root() / "journeys" / "deep" / "er";
    auto found = workspace::find_workspace_root(deep);
    REQUIRE(found);
    CHECK(std::filesystem::equivalent(*found, tmp.root()));
    CHECK(std::filesystem::equivalent(workspace::locate_workspace(tmp.root()), tmp.root()));
    TempWorkspace empty;
    CHECK_THROWS_AS(workspace::locate_workspace(empty.root() / "missing"), UsageError);
}

TEST_CASE("a workspace without a config or with a syntax error still loads the rest", "[workspace]") {
    TempWorkspace tmp;
    tmp.write("journeyctl.yaml", "workspace: [unclosed\n");
    tmp.write("segments/vip.yaml", "segment: vip\nwhere: profile.tier == \"gold\"\n");
    auto ws = journeyctl::journeys::load_workspace(tmp.root());
    INFO(all_messages(ws.diagnostics));
    REQUIRE(find_code(ws.diagnostics, "yaml-syntax"));
    CHECK(find_code(ws.diagnostics, "yaml-syntax")->path == "journeyctl.yaml");
    CHECK_FALSE(ws.config.loaded);
    REQUIRE(ws.segments.size() == 1);
    CHECK(ws.segment("vip"));
}
