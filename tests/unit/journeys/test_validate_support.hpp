// A small valid workspace for validation tests: each test replaces or adds
// a file, validates, and asserts the one diagnostic it expects, exactly
// (path, line, column, length, severity, code).
#pragma once

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "journeys/model/load.hpp"
#include "journeys/validation/validate.hpp"
#include "tests/unit/workspace/temp_workspace.hpp"

namespace journeyctl::testing {

inline constexpr const char* k_base_config = R"(workspace: acme
timezone: Europe/Paris
data:
  profiles:
    file: data/profiles.csv
    key: customer_id
    fields:
      age: int
  events:
    file: data/events.jsonl
    key: customer_id
    type: event
    time: ts
channels:
  email:
    provider: sendgrid
    from: "Acme <hello@acme.example>"
    to: profile.email
    api_key: ${SENDGRID_API_KEY}
  sms:
    provider: twilio
    from: "+15005550006"
    to: profile.phone
    account_sid: ${TWILIO_ACCOUNT_SID}
    auth_token: ${TWILIO_AUTH_TOKEN}
policies:
  consent:
    email: profile.email_opt_in
    sms: profile.sms_opt_in
)";

inline constexpr const char* k_base_profiles =
    "customer_id,first_name,email,phone,tier,age,email_opt_in,sms_opt_in,timezone,signup_at\n"
    "c1,Ada,ada@example.com,+331,gold,36,true,false,Europe/Paris,2024-01-01T00:00:00Z\n"
    "c2,Bob,bob@example.com,,silver,,false,true,Europe/Berlin,2024-02-01T00:00:00Z\n";

inline constexpr const char* k_base_events =
    R"({"customer_id": "c1", "event": "purchase", "ts": "2026-01-01T10:00:00Z", "properties": {"value": 60}}
{"customer_id": "c1", "event": "email_open", "ts": "2026-01-02T10:00:00Z"}
{"customer_id": "c2", "event": "unsubscribe", "ts": "2026-01-03T10:00:00Z"}
)";

inline constexpr const char* k_base_journey = R"(journey: winback
entry:
  segment: vip
  schedule: "0 9 * * MON"
exit_on: [unsubscribe]
steps:
  - id: first_mail
    send: welcome
  - id: pause
    wait: 3d
  - id: opened
    branch:
      - when: events.exists(e, e.type == "email_open" && e.time > journey.entered_at)
        goto: await_purchase
      - else: reminder
  - id: reminder
    send: reminder_sms
  - id: await_purchase
    wait_for: { event: purchase, timeout: 7d, on_timeout: done }
    goto: thanks
  - id: thanks
    update: { last_winback_at: now }
  - id: done
    exit: true
)";

class ValidationFixture {
public:
    ValidationFixture() {
        write("journeyctl.yaml", k_base_config);
        write("data/profiles.csv", k_base_profiles);
        write("data/events.jsonl", k_base_events);
        write("segments/vip.yaml", "segment: vip\nwhere: profile.tier == \"gold\" && profile.age >= 25\n");
        write("templates/welcome.yaml",
              "template: welcome\nchannel: email\nsubject: \"Hi {{profile.first_name}}\"\n"
              "text: |\n  Hello {{profile.first_name ?? \"there\"}}\n");
        write("templates/reminder_sms.yaml", "template: reminder_sms\nchannel: sms\nbody: \"Back soon?\"\n");
        write("journeys/winback.yaml", k_base_journey);
    }

    void write(const std::string& path, std::string_view text) const { m_tmp.write(path, text); }
    void remove(const std::string& path) const { std::filesystem::remove(m_tmp.root() / path); }
    const std::filesystem::path& root() const { return m_tmp.root(); }

    journeys::ValidationReport run(journeys::ValidateOptions options = {}) const {
        const auto ws = journeys::load_workspace(m_tmp.root());
        return journeys::validate_workspace(ws, options);
    }

private:
    TempWorkspace m_tmp;
};

// "path:line:col+length severity code", for exact comparisons.
inline std::string where(const core::diag::Diagnostic& d) {
    return d.path + ":" + std::to_string(d.line) + ":" + std::to_string(d.column) + "+" + std::to_string(d.length) +
           " " + std::string(core::diag::severity_name(d.severity)) + " " + d.code;
}

inline std::vector<std::string> all_where(const journeys::ValidationReport& report) {
    std::vector<std::string> out;
    for (const auto& d : report.diagnostics) out.push_back(where(d));
    return out;
}

// The only diagnostic with that code (fails the test if there are 0 or 2+).
inline core::diag::Diagnostic only(const journeys::ValidationReport& report, std::string_view code) {
    INFO(all_messages(report.diagnostics));
    REQUIRE(count_code(report.diagnostics, code) == 1);
    return *find_code(report.diagnostics, code);
}

}  // namespace journeyctl::testing
