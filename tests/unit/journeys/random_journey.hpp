// Random small workspaces for the simulator's property test
// (test_simulation_property.cpp): a journey of random steps whose gotos
// only go forward (so no loop, let alone one without a wait), random
// policies, and a few profiles with events around the window, written as
// the YAML, CSV and JSON Lines files a user would write.
//
// Times are whole hours (or half hours) so that events, timers and entries
// often fall on one instant, and the window crosses the night Paris falls
// back (2026-10-25) so that zones and quiet hours meet DST.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace journeyctl::testing {

class RandomWorkspace {
public:
    explicit RandomWorkspace(uint32_t seed) : m_rng(seed) {}

    // 2026-10-20T00:00:00Z, the window's start.
    static constexpr int64_t k_from = 1'792'454'400;

    struct Files {
        std::string config, journey, profiles, events, suppressed;
        int64_t until = 0;            // the window's end (seconds)
        bool triggered = false;
        bool entry_where = false;     // a triggered entry with a where
        std::vector<int> go_events;   // per profile: `go` events in the window
    };

    Files make(int profiles) {
        Files f;
        f.until = k_from + 3600 * uniform(6, 8 * 24);
        f.config = config();
        f.journey = journey(f);
        f.profiles = "customer_id,email,phone,tier,timezone,email_opt_in,sms_opt_in,score,due_at,stage\n";
        for (int p = 0; p < profiles; ++p) f.profiles += profile_row(p, f.until);
        f.go_events.assign(static_cast<size_t>(profiles), 0);
        for (int p = 0; p < profiles; ++p) {
            const int n = uniform(0, 6);
            for (int e = 0; e < n; ++e) {
                static const char* const k_types[] = {"go", "go", "reply", "buy", "stop", "stop", "browse"};
                const std::string type = k_types[uniform(0, 6)];
                const int64_t t = k_from + 1800 * uniform(-48, static_cast<int>((f.until - k_from) / 1800) + 4);
                if (type == "go" && t >= k_from && t <= f.until) ++f.go_events[static_cast<size_t>(p)];
                f.events += fmt::format(R"({{"customer_id":"p{}","event":"{}","ts":"{}","stars":{}}})", p, type,
                                        rfc3339(t), uniform(1, 5));
                f.events += "\n";
            }
        }
        f.suppressed = "p3\nP5@EXAMPLE.COM\n";
        return f;
    }

private:
    int uniform(int low, int high) { return std::uniform_int_distribution<int>(low, high)(m_rng); }
    bool chance(int percent) { return uniform(1, 100) <= percent; }

    static std::string rfc3339(int64_t t) {
        const int64_t days = t / 86'400, rest = t % 86'400;
        // Days from 2026-10-20 within Oct/Nov 2026 (the window and its margins).
        int64_t day = days - k_from / 86'400 + 20;
        int month = 10;
        if (day > 31) day -= 31, month = 11;
        if (day < 1) day += 30, month = 9;
        return fmt::format("2026-{:02}-{:02}T{:02}:{:02}:00Z", month, day, rest / 3600, rest % 3600 / 60);
    }

    std::string config() {
        std::string c = R"(workspace: property
timezone: Europe/Paris
data:
  profiles:
    file: data/profiles.csv
    key: customer_id
    fields: { phone: string, email_opt_in: bool, sms_opt_in: bool, score: int, due_at: timestamp, stage: string }
  events: { file: data/events.jsonl, key: customer_id, type: event, time: ts }
channels:
  email: { provider: sendgrid, from: "a@example.com", to: profile.email, api_key: "${K}" }
  sms: { provider: twilio, from: "+15005550006", to: profile.phone, account_sid: "${S}", auth_token: "${T}" }
policies:
  consent: { email: profile.email_opt_in, sms: profile.sms_opt_in }
)";
        if (chance(50)) c += "  suppress: data/suppressed.csv\n";
        if (chance(60)) {
            c += "  frequency:\n";
            if (chance(70)) c += fmt::format("    - {{ channel: email, max: {}, per: {}h }}\n", uniform(1, 2), uniform(1, 48));
            c += fmt::format("    - {{ channel: any, max: {}, per: {}h }}\n", uniform(1, 3), uniform(1, 24));
        }
        if (chance(60)) {
            c += fmt::format("  quiet_hours: {{ start: \"{:02}:00\", end: \"{:02}:{:02}\",{} then: {} }}\n",
                             uniform(18, 23), uniform(5, 9), chance(50) ? 0 : 30,
                             chance(70) ? " zone: profile.timezone," : "", chance(70) ? "delay" : "skip");
        }
        return c;
    }

    std::string profile_row(int p, int64_t until) {
        static const char* const k_zones[] = {"Europe/Paris", "America/New_York", "Asia/Tokyo", "", "Mars/Base"};
        static const char* const k_bools[] = {"true", "true", "false", ""};
        static const char* const k_tiers[] = {"gold", "silver", "bronze"};
        const std::string email = chance(85) ? fmt::format("p{}@example.com", p) : "";
        const std::string phone = chance(80) ? fmt::format("+3360000{:04}", p) : "";
        const std::string due = chance(70) ? rfc3339(k_from + 3600 * uniform(-24, static_cast<int>((until - k_from) / 3600))) : "";
        return fmt::format("p{},{},{},{},{},{},{},{},{},{}\n", p, email, phone, k_tiers[uniform(0, 2)], k_zones[uniform(0, 4)],
                           k_bools[uniform(0, 3)], k_bools[uniform(0, 3)], uniform(0, 10), due, chance(50) ? "new" : "");
    }

    std::string target(int after, int steps) { return fmt::format("s{}", uniform(after + 1, steps - 1)); }

    std::string condition() {
        static const char* const k_conditions[] = {
            R"(events.exists(e, e.type == "buy" && e.time > journey.entered_at))",
            R"(profile.tier == "gold")",
            R"(events.filter(e, e.type == "reply").size() >= 1)",
            "profile.score > 5",
            R"(inSegment("buyers"))",
            R"(profile.stage == "seen")",
            "event.stars >= 3",  // `event`: triggered journeys only
        };
        return k_conditions[uniform(0, m_triggered ? 6 : 5)];
    }

    std::string journey(Files& f) {
        std::string j = "journey: prop\nentry:\n";
        f.triggered = m_triggered = chance(50);
        if (f.triggered) {
            j += "  event: go\n";
            f.entry_where = chance(30);
            if (f.entry_where) j += "  where: event.stars >= 2\n";
        } else {
            j += chance(50) ? "  segment: everyone\n" : "  segment: buyers\n";
            static const char* const k_schedules[] = {"", "\"0 9 * * *\"", "\"0 */6 * * *\"", "\"30 2 * * *\""};
            const std::string schedule = k_schedules[uniform(0, 3)];
            if (!schedule.empty()) j += "  schedule: " + schedule + "\n";
        }
        const int reentry = uniform(0, 2);
        j += reentry == 0 ? "reentry: never\n" : reentry == 1 ? "reentry: always\n" : fmt::format("reentry: {{ after: {}h }}\n", uniform(1, 72));
        j += fmt::format("timeout: {}h\n", chance(30) ? uniform(2, 12) : uniform(12, 6 * 24));
        if (chance(50)) j += "exit_on: [stop]\n";
        if (chance(40)) j += chance(50) ? fmt::format("goal: {{ event: buy, within: {}h }}\n", uniform(1, 72)) : "goal: { event: buy }\n";
        j += "steps:\n";
        const int n = uniform(1, 8);
        for (int i = 0; i < n; ++i) j += step(i, n);
        return j;
    }

    std::string step(int i, int n) {
        const bool last = i == n - 1;
        std::string s = fmt::format("  - id: s{}\n", i);
        bool may_goto = true;
        switch (uniform(0, last ? 5 : 8)) {
            case 0: s += chance(60) ? "    send: mail\n" : "    send: text\n"; break;
            case 1: {
                const int kind = uniform(0, 3);
                if (kind == 0) s += fmt::format("    wait: {}m\n", 30 * uniform(1, 96));
                if (kind == 1) s += fmt::format("    wait: {{ until: \"{:02}:{:02}\", zone: profile.timezone }}\n", uniform(0, 23), chance(50) ? 0 : 30);
                if (kind == 2) s += fmt::format("    wait: {{ until: \"{:02}:30\" }}\n", uniform(0, 23));
                if (kind == 3) s += chance(50) ? "    wait: { until: profile.due_at }\n" : "    wait: { until: now + 5h }\n";
                break;
            }
            case 2: {
                s += fmt::format("    wait_for: {{ event: {}", chance(50) ? "reply" : "buy");
                if (chance(40)) s += ", where: 'event.stars >= 3'";
                if (chance(75)) {
                    s += fmt::format(", timeout: {}h", uniform(1, 48));
                    if (!last && chance(60)) s += ", on_timeout: " + target(i, n);
                }
                s += " }\n";
                break;
            }
            case 3: s += "    update: { score: profile.score + 3, stage: '\"seen\"' }\n"; break;
            case 4: s += "    call: { url: \"https://hooks.example/x\" }\n"; break;
            case 5: s += "    exit: true\n"; may_goto = false; break;
            case 6:
            case 7: {
                s += "    branch:\n";
                const int cases = uniform(1, 2);
                for (int c = 0; c < cases; ++c) s += fmt::format("      - when: '{}'\n        goto: {}\n", condition(), target(i, n));
                if (chance(60)) s += "      - else: " + target(i, n) + "\n";
                may_goto = false;
                break;
            }
            case 8: {
                s += "    split:\n";
                const int arms = uniform(2, 3);
                for (int a = 0; a < arms; ++a) s += fmt::format("      - {{ weight: {}, goto: {} }}\n", uniform(1, 60), target(i, n));
                may_goto = false;
                break;
            }
        }
        if (may_goto && i + 2 < n && chance(25)) s += "    goto: " + target(i + 1, n) + "\n";
        return s;
    }

    std::mt19937 m_rng;
    bool m_triggered = false;  // the journey being made
};

}  // namespace journeyctl::testing
