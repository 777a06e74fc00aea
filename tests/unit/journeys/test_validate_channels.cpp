#include "tests/unit/journeys/test_validate_support.hpp"

using namespace journeyctl;
using journeyctl::testing::all_messages;
using journeyctl::testing::all_where;
using journeyctl::testing::count_code;
using journeyctl::testing::k_base_config;
using journeyctl::testing::only;
using journeyctl::testing::ValidationFixture;
using journeyctl::testing::where;

namespace {

std::string config_replacing(std::string_view from, std::string_view to) {
    std::string config = k_base_config;
    const auto at = config.find(from);
    REQUIRE(at != std::string::npos);
    config.replace(at, from.size(), to);
    return config;
}

}  // namespace

TEST_CASE("a consent rule must name a channel", "[validate]") {
    ValidationFixture fx;
    fx.write("journeyctl.yaml", config_replacing("    email: profile.email_opt_in", "    emial: profile.email_opt_in"));
    const auto report = fx.run();
    const auto d = only(report, "unknown-consent-channel");
    CHECK(where(d) == "journeyctl.yaml:28:5+5 error unknown-consent-channel");
    CHECK(d.message == "consent rule for 'emial', which is not a channel (did you mean 'email'?)");
    // email is then used by a send without a rule.
    CHECK(where(only(report, "missing-consent")) == "journeyctl.yaml:15:3+5 warning missing-consent");
}

TEST_CASE("a channel that sends use and no consent rule covers is a warning", "[validate]") {
    ValidationFixture fx;
    fx.write("journeyctl.yaml", config_replacing("    sms: profile.sms_opt_in\n", ""));
    const auto report = fx.run();
    const auto d = only(report, "missing-consent");
    CHECK(where(d) == "journeyctl.yaml:20:3+3 warning missing-consent");
    CHECK(d.message == "no consent rule for channel 'sms', which journeys send through: every profile counts as consenting");
    CHECK_FALSE(report.failed());
    journeys::ValidateOptions strict;
    strict.strict = true;
    CHECK(fx.run(strict).failed());

    SECTION("a channel no send uses needs no rule") {
        fx.write("journeys/winback.yaml", "journey: winback\nentry:\n  segment: vip\nsteps:\n  - id: a\n    send: welcome\n");
        CHECK(count_code(fx.run().diagnostics, "missing-consent") == 0);
    }
}

TEST_CASE("consent rules and channel addresses are type-checked", "[validate]") {
    SECTION("consent must be bool") {
        ValidationFixture fx;
        fx.write("journeyctl.yaml", config_replacing("sms: profile.sms_opt_in", "sms: profile.age"));
        const auto d = only(fx.run(), "expr-type");
        CHECK(where(d) == "journeyctl.yaml:29:18+3 error expr-type");
    }
    SECTION("to must be a string") {
        ValidationFixture fx;
        fx.write("journeyctl.yaml", config_replacing("to: profile.email", "to: profile.age"));
        const auto d = only(fx.run(), "expr-type");
        CHECK(where(d) == "journeyctl.yaml:18:9+11 error expr-type");
        CHECK(d.message == "the 'to' of channel 'email' must give a string address, got int");
    }
    SECTION("to that does not parse") {
        ValidationFixture fx;
        fx.write("journeyctl.yaml", config_replacing("to: profile.email", "to: profile.email +"));
        CHECK(where(only(fx.run(), "expr-syntax")).starts_with("journeyctl.yaml:18:"));
    }
}

TEST_CASE("fallbacks and frequency caps name channels", "[validate]") {
    SECTION("unknown fallback") {
        ValidationFixture fx;
        fx.write("journeyctl.yaml", config_replacing("    to: profile.phone\n", "    to: profile.phone\n    fallback: emial\n"));
        const auto d = only(fx.run(), "unknown-channel");
        CHECK(where(d) == "journeyctl.yaml:24:15+5 error unknown-channel");
        CHECK(d.message == "channel 'sms' falls back to 'emial', which is not a channel (did you mean 'email'?)");
    }
    SECTION("fallbacks in a circle") {
        ValidationFixture fx;
        std::string config = config_replacing("    to: profile.phone\n", "    to: profile.phone\n    fallback: email\n");
        config = std::string(config).replace(config.find("    to: profile.email\n"), 22,
                                             "    to: profile.email\n    fallback: sms\n");
        fx.write("journeyctl.yaml", config);
        const auto report = fx.run();
        INFO(all_messages(report.diagnostics));
        // Once per circle, at the channel written first.
        // (email and sms are also of different kinds: reported apart.)
        CHECK(count_code(report.diagnostics, "fallback-kind") == 2);
        const auto d = only(report, "fallback-cycle");
        CHECK(where(d) == "journeyctl.yaml:19:15+3 error fallback-cycle");
        CHECK(d.message == "channel 'email' falls back to itself through 'sms'");
    }
    SECTION("a fallback of another kind") {
        ValidationFixture fx;
        fx.write("journeyctl.yaml", config_replacing("    to: profile.phone\n", "    to: profile.phone\n    fallback: email\n"));
        const auto d = only(fx.run(), "fallback-kind");
        CHECK(where(d) == "journeyctl.yaml:24:15+5 error fallback-kind");
        CHECK(d.message ==
              "channel 'sms' (sms) falls back to 'email', which carries email messages: a fallback must carry the "
              "same kind");
    }
    SECTION("a chain into a circle, and a circle of three") {
        ValidationFixture fx;
        // email -> sms -> push -> sms: the circle is sms and push, which
        // email only leads into.
        std::string config = config_replacing("    to: profile.phone\n", "    to: profile.phone\n    fallback: push\n");
        config = std::string(config).replace(config.find("    to: profile.email\n"), 22,
                                             "    to: profile.email\n    fallback: sms\n");
        config = std::string(config).replace(config.find("policies:"), 9,
                                             "  push:\n    provider: webhook\n    url: https://push.example\n"
                                             "    to: profile.email\n    fallback: sms\npolicies:");
        fx.write("journeyctl.yaml", config);
        auto report = fx.run();
        INFO(all_messages(report.diagnostics));
        REQUIRE(count_code(report.diagnostics, "fallback-cycle") == 1);
        for (const auto& d : report.diagnostics) {
            if (d.code == "fallback-cycle") CHECK(d.message == "channel 'sms' falls back to itself through 'push'");
        }
        // email -> sms -> push -> email: three channels, one report at the first.
        config = std::string(config).replace(config.find("    fallback: sms\npolicies:"), 17, "    fallback: email");
        fx.write("journeyctl.yaml", config);
        report = fx.run();
        INFO(all_messages(report.diagnostics));
        REQUIRE(count_code(report.diagnostics, "fallback-cycle") == 1);
        for (const auto& d : report.diagnostics) {
            if (d.code == "fallback-cycle") CHECK(d.message == "channel 'email' falls back to itself through 'sms' and 'push'");
        }
    }
    SECTION("frequency cap") {
        ValidationFixture fx;
        fx.write("journeyctl.yaml", std::string(k_base_config) + "  frequency:\n    - { channel: smss, max: 2, per: 1d }\n"
                                                                 "    - { channel: any, max: 5, per: 1d }\n");
        const auto d = only(fx.run(), "unknown-channel");
        CHECK(where(d) == "journeyctl.yaml:31:18+4 error unknown-channel");
        CHECK(d.message == "frequency cap on 'smss', which is not a channel (nor any) (did you mean 'sms'?)");
    }
}

TEST_CASE("without a readable journeyctl.yaml, channel checks are skipped", "[validate]") {
    ValidationFixture fx;
    fx.write("journeyctl.yaml", "workspace: [unclosed\n");
    const auto report = fx.run();
    INFO(all_messages(report.diagnostics));
    CHECK(count_code(report.diagnostics, "yaml-syntax") == 1);
    CHECK(count_code(report.diagnostics, "channel-not-configured") == 0);
    CHECK(count_code(report.diagnostics, "missing-consent") == 0);
    CHECK(report.diagnostics.front().path == "journeyctl.yaml");
}

TEST_CASE("an email channel's list_unsubscribe targets are checked where they are written", "[validate][unsubscribe]") {
    auto with_targets = [](std::string_view targets) {
        return config_replacing("    api_key: ${SENDGRID_API_KEY}\n",
                                "    api_key: ${SENDGRID_API_KEY}\n    list_unsubscribe:\n" + std::string(targets));
    };
    auto validated = [](const std::string& config) {
        ValidationFixture fx;
        fx.write("journeyctl.yaml", config);
        return fx.run();
    };
    SECTION("templates over the profile, https, one address: nothing to say") {
        CHECK(all_where(validated(
                  with_targets("      url: \"https://acme.example/u/{{profile.customer_id}}?t={{profile.tier}}\"\n"
                               "      mailto: \"unsubscribe@acme.example?subject={{profile.customer_id}}\"\n")))
                  .empty());
    }
    SECTION("an http url, written out or before a tag") {
        for (const char* url : {"http://acme.example/u", "http://acme.example/u/{{profile.customer_id}}"}) {
            const auto d = only(validated(with_targets("      url: \"" + std::string(url) + "\"\n")), "bad-unsubscribe");
            CHECK(where(d).starts_with("journeyctl.yaml:21:13+"));
            CHECK(d.message == "the list_unsubscribe url of channel 'email' is http://: one-click unsubscribe "
                               "(RFC 8058) needs an https:// URL");
        }
    }
    SECTION("a character no URI holds, in the text around the tags: at that character") {
        const auto d = only(validated(with_targets("      url: \"https://acme.example/u {{profile.customer_id}}\"\n")),
                            "bad-unsubscribe");
        CHECK(where(d) == "journeyctl.yaml:21:35+1 error bad-unsubscribe");
        CHECK(d.message == "the list_unsubscribe url of channel 'email' has a space, which a URI cannot hold "
                           "(percent-encode it: %20)");
    }
    SECTION("a mailto that is not one address") {
        CHECK(only(validated(with_targets("      mailto: \"a@acme.example,b@acme.example\"\n")), "bad-unsubscribe")
                  .message == "the list_unsubscribe mailto of channel 'email' names more than one address");
    }
    SECTION("a field the data does not have") {
        const auto report = validated(with_targets("      url: \"https://acme.example/u/{{profile.token}}\"\n"));
        CHECK(where(only(report, "template-field")).starts_with("journeyctl.yaml:21:"));
    }
    SECTION("a channel that carries no email") {
        const auto d = only(validated(config_replacing("    auth_token: ${TWILIO_AUTH_TOKEN}\n",
                                                       "    auth_token: ${TWILIO_AUTH_TOKEN}\n    list_unsubscribe:\n"
                                                       "      url: \"https://acme.example/u\"\n")),
                            "bad-unsubscribe");
        CHECK(where(d) == "journeyctl.yaml:26:5+16 error bad-unsubscribe");
        CHECK(d.message == "channel 'sms' carries sms messages; list_unsubscribe is for email channels");
    }
    SECTION("neither target") {
        CHECK(only(validated(with_targets("      {}\n")), "missing-key").message ==
              "list_unsubscribe needs a 'url', a 'mailto' or both");
    }
}
