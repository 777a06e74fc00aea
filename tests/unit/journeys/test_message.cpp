// render_message: every kind of message from a loaded workspace, the
// address from the channel's `to`, HTML escaping in html parts only,
// problems at file positions, webhook bodies checked as JSON, an email
// channel's unsubscribe targets, and the parse cache.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/expr/json_value.hpp"
#include "journeys/model/load.hpp"
#include "journeys/messages/message.hpp"
#include "tests/unit/workspace/temp_workspace.hpp"

namespace journeyctl::journeys {
namespace {

namespace expr = core::expr;
using core::workspace::ChannelKind;

constexpr const char* k_config = R"(workspace: acme
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
  push:
    provider: fcm
    to: profile.device_token
    project_id: acme
    access_token: ${FCM_TOKEN}
  hook:
    provider: webhook
    url: https://hooks.acme.example/
    to: profile.id
  letters:
    provider: file
    folder: out
    to: profile.first_name
    fields:
      street: profile.street
      line2: profile.line2
      tier: profile.tier
  news:
    provider: postmark
    from: "Acme <hello@acme.example>"
    to: profile.email
    server_token: ${POSTMARK_TOKEN}
    list_unsubscribe:
      url: "https://acme.example/u/{{profile.id}}"
      mailto: "unsubscribe@acme.example?subject={{profile.id}}"
  raw:
    provider: postmark
    from: "Acme <hello@acme.example>"
    to: profile.email
    server_token: ${POSTMARK_TOKEN}
    list_unsubscribe:
      url: "{{{profile.unsubscribe_url}}}"
)";

struct Fixture {
    testing::TempWorkspace dir;
    Workspace ws;
    MessageTemplates templates{environment()};
    expr::Activation activation{templates.environment()};

    static expr::Environment environment() {
        expr::Environment env = expr::Environment::standard();
        env.declare("profile", expr::Type::map(expr::Type::of(expr::TypeKind::String), expr::Type::dyn()));
        env.declare("events", expr::Type::list(expr::Type::dyn()));
        return env;
    }

    explicit Fixture(nlohmann::json profile) {
        dir.write("journeyctl.yaml", k_config);
        dir.write("templates/welcome.yaml", R"(template: welcome
channel: email
subject: "Bienvenue {{profile.first_name}}"
text: |
  Hi {{profile.first_name ?? "there"}},
  {{#if profile.tier == "gold"}}Gold!{{else}}Hello.{{/if}}
html: "<p>Hi {{profile.first_name}} & {{{profile.first_name}}}</p>"
)");
        dir.write("templates/reminder.yaml", "template: reminder\nchannel: sms\nbody: \"Hi {{profile.first_name}} <3\"\n");
        dir.write("templates/notify.yaml", R"(template: notify
channel: push
title: "Hello {{profile.first_name}}"
body: "You have {{events.size()}} events"
data:
  screen: "offers/{{profile.tier}}"
  kind: winback
)");
        dir.write("templates/crm.yaml", "template: crm\nchannel: hook\nbody: '{\"id\": \"{{profile.id}}\", \"n\": {{events.size()}}}'\n");
        dir.write("templates/broken_hook.yaml", "template: broken_hook\nchannel: hook\nbody: '{\"id\": {{profile.id}}}'\n");
        dir.write("templates/missing.yaml", "template: missing\nchannel: sms\nbody: \"Code {{profile.code.upperAscii()}}!\"\n");
        dir.write("templates/unclosed.yaml", "template: unclosed\nchannel: sms\nbody: \"{{#if true}}x\"\n");
        dir.write("templates/letter.yaml",
                  "template: letter\nchannel: letters\ndata:\n  greeting: \"Dear {{profile.first_name}}\"\n");
        dir.write("templates/news_letter.yaml", "template: news_letter\nchannel: news\nsubject: Hi\ntext: Hello\n");
        dir.write("templates/raw_letter.yaml", "template: raw_letter\nchannel: raw\nsubject: Hi\ntext: Hello\n");
        ws = load_workspace(dir.root());
        activation.set(*templates.environment().slot_of("profile"), expr::value_from_json(profile));
        activation.set(*templates.environment().slot_of("events"),
                       expr::value_from_json(nlohmann::json::array({{{"type", "purchase"}}, {{"type", "open"}}})));
        activation.set(*templates.environment().slot_of("now"), expr::Value::timestamp({1'800'000'000, 0}));
    }

    Message render(std::string_view name) {
        const Template* t = ws.find_template(name);
        REQUIRE(t != nullptr);
        const auto* channel = ws.config.channel(t->channel.value);
        REQUIRE(channel != nullptr);
        return render_message(*t, *channel, {&templates, &activation});
    }
};

nlohmann::json ada() {
    return {{"id", "c1"},           {"first_name", "Zoé <b>"}, {"email", "zoe@example.com"},
            {"phone", "+33123"},    {"tier", "gold"},          {"device_token", "tok-1"}};
}

TEST_CASE("email message: address, from as written, parts, html escaping only in html", "[message]") {
    Fixture f(ada());
    Message m = f.render("welcome");
    CHECK(m.kind == ChannelKind::Email);
    CHECK(m.channel == "email");
    CHECK(m.to == "zoe@example.com");
    CHECK(m.from == "Acme <hello@acme.example>");
    CHECK(m.subject == "Bienvenue Zoé <b>");
    CHECK(m.text == "Hi Zoé <b>,\nGold!\n");
    CHECK(m.html == "<p>Hi Zoé &lt;b&gt; & Zoé <b></p>");
    CHECK_FALSE(m.body.has_value());
    CHECK(m.problems.empty());
}

TEST_CASE("sms, push and webhook messages", "[message]") {
    Fixture f(ada());
    Message sms = f.render("reminder");
    CHECK(sms.kind == ChannelKind::Sms);
    CHECK(sms.to == "+33123");
    CHECK(sms.body == "Hi Zoé <b> <3");
    CHECK_FALSE(sms.subject.has_value());

    Message push = f.render("notify");
    CHECK(push.kind == ChannelKind::Push);
    CHECK(push.to == "tok-1");
    CHECK_FALSE(push.from.has_value());
    CHECK(push.title == "Hello Zoé <b>");
    CHECK(push.body == "You have 2 events");
    REQUIRE(push.data.size() == 2);
    CHECK(push.data[0] == std::pair<std::string, std::string>{"screen", "offers/gold"});
    CHECK(push.data[1] == std::pair<std::string, std::string>{"kind", "winback"});

    Message hook = f.render("crm");
    CHECK(hook.kind == ChannelKind::Webhook);
    CHECK(hook.body == R"({"id": "c1", "n": 2})");
    CHECK(hook.problems.empty());
}

TEST_CASE("direct mail: the channel's address fields, then the template's fields", "[message]") {
    nlohmann::json profile = ada();
    profile["street"] = "1 rue de la Paix";
    profile["line2"] = nullptr;
    Fixture f(profile);
    Message letter = f.render("letter");
    CHECK(letter.kind == ChannelKind::DirectMail);
    CHECK(letter.to == "Zoé <b>");
    CHECK(letter.problems.empty());
    using Column = std::pair<std::string, std::string>;
    // A null field is an empty column: an address without a second line.
    CHECK(letter.data == std::vector<Column>{{"street", "1 rue de la Paix"}, {"line2", ""}, {"tier", "gold"},
                                             {"greeting", "Dear Zoé <b>"}});
}

TEST_CASE("direct mail: a field that fails is a problem at the channel's expression", "[message]") {
    Fixture f(ada());  // no street, no line2
    Message letter = f.render("letter");
    REQUIRE(letter.problems.size() == 2);
    CHECK(letter.problems[0].path == "journeyctl.yaml");
    CHECK(letter.problems[0].line == 28);
    CHECK(letter.problems[0].column == 15);
    CHECK(letter.problems[0].message.starts_with("channel 'letters' field 'street': "));
    CHECK(letter.data[0] == std::pair<std::string, std::string>{"street", ""});
}

TEST_CASE("no address when `to` is absent, null or empty", "[message]") {
    for (const nlohmann::json& email : {nlohmann::json(nullptr), nlohmann::json("")}) {
        nlohmann::json profile = ada();
        profile["email"] = email;
        Fixture f(profile);
        Message m = f.render("welcome");
        CHECK_FALSE(m.has_address());
        CHECK(m.problems.empty());
    }
    nlohmann::json profile = ada();
    profile.erase("email");
    Fixture f(profile);
    CHECK_FALSE(f.render("welcome").has_address());
}

TEST_CASE("a failing expression is a problem at its file position; the rest renders", "[message]") {
    Fixture f(ada());
    Message m = f.render("missing");
    CHECK(m.body == "Code !");
    REQUIRE(m.problems.size() == 1);
    CHECK(m.problems[0].path == "templates/missing.yaml");
    CHECK(m.problems[0].line == 3);
    CHECK(m.problems[0].column == 13);  // the tag's {{
    CHECK(m.problems[0].code == "template-render");
}

TEST_CASE("a part that does not parse is a problem, with no text", "[message]") {
    Fixture f(ada());
    Message m = f.render("unclosed");
    CHECK(m.body == "");
    REQUIRE_FALSE(m.problems.empty());
    CHECK(m.problems[0].path == "templates/unclosed.yaml");
    CHECK(m.problems[0].line == 3);
}

TEST_CASE("a webhook body that is not JSON after rendering is a problem", "[message]") {
    Fixture f(ada());
    Message m = f.render("broken_hook");
    CHECK(m.body == R"({"id": c1})");
    REQUIRE(m.problems.size() == 1);
    CHECK(m.problems[0].path == "templates/broken_hook.yaml");
    CHECK(m.problems[0].message.find("not valid JSON") != std::string::npos);
}

TEST_CASE("templates are parsed once and reused for other profiles", "[message]") {
    Fixture f(ada());
    const auto& first = f.templates.parsed(*f.ws.find_template("welcome"));
    CHECK(f.render("welcome").to == "zoe@example.com");
    nlohmann::json other = ada();
    other["email"] = "bob@example.com";
    other["first_name"] = "Bob";
    f.activation.set(*f.templates.environment().slot_of("profile"), expr::value_from_json(other));
    Message m = f.render("welcome");
    CHECK(&f.templates.parsed(*f.ws.find_template("welcome")) == &first);
    CHECK(m.to == "bob@example.com");
    CHECK(m.subject == "Bienvenue Bob");
}

TEST_CASE("unsubscribe targets render per profile, their values percent-encoded", "[message][unsubscribe]") {
    nlohmann::json profile = ada();
    profile["id"] = "c 1/é?x=y";
    Fixture f(profile);
    const Message m = f.render("news_letter");
    CHECK(m.problems.empty());
    CHECK(m.headers == std::vector<std::pair<std::string, std::string>>{
                           {"List-Unsubscribe", "<https://acme.example/u/c%201%2F%C3%A9%3Fx%3Dy>, "
                                                "<mailto:unsubscribe@acme.example?subject=c%201%2F%C3%A9%3Fx%3Dy>"},
                           {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"}});
    CHECK(f.render("welcome").headers.empty());  // a channel without list_unsubscribe
}

TEST_CASE("a rendered unsubscribe target that cannot be carried is a problem and adds no header",
          "[message][unsubscribe]") {
    // Raw interpolation ({{{ }}}) puts the data in as it is: a line break
    // from the data, or a URL that is not https, is this message's problem.
    for (const auto& [url, why] : std::vector<std::pair<std::string, std::string>>{
             {"https://acme.example/u\r\nBcc: eve@example.com", "has a carriage return (CR) at byte 23"},
             {"http://acme.example/u/1", "is http://"},
             {"", "is empty"}}) {
        nlohmann::json profile = ada();
        profile["unsubscribe_url"] = url;
        Fixture f(profile);
        const Message m = f.render("raw_letter");
        CHECK(m.headers.empty());
        REQUIRE(m.problems.size() == 1);
        CHECK(m.problems[0].path == "journeyctl.yaml");
        CHECK(m.problems[0].line == 45);
        CHECK(m.problems[0].code == "template-render");
        INFO(m.problems[0].message);
        CHECK(m.problems[0].message.starts_with("channel 'raw' list_unsubscribe url: \""));
        CHECK(m.problems[0].message.find(why) != std::string::npos);
        // The value is shown with its controls escaped, never raw.
        CHECK(m.problems[0].message.find('\r') == std::string::npos);
    }
    // A field the profile lacks is a problem too.
    Fixture f(ada());
    const Message m = f.render("raw_letter");
    CHECK(m.headers.empty());
    CHECK_FALSE(m.problems.empty());
}

}  // namespace
}  // namespace journeyctl::journeys
