// Our extensions to Mustache: expression tags, {{#if}} and {{#each}} blocks,
// HTML versus text escaping, positioned parse errors, type checking against
// the environment (unknown profile fields), render problems and check().
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/expr/json_value.hpp"
#include "core/template/template.hpp"

namespace tmpl = journeyctl::core::tmpl;
namespace expr = journeyctl::core::expr;
using expr::Type;
using expr::TypeKind;

namespace {

// An environment like a message's: profile (a record), events, now.
struct Fixture {
    expr::Environment env = expr::Environment::standard();
    int profile_slot;
    int events_slot;

    Fixture() {
        profile_slot = env.declare("profile", Type::record("profile", {{"first_name", Type::of(TypeKind::String)},
                                                                       {"tier", Type::of(TypeKind::String)},
                                                                       {"age", Type::of(TypeKind::Int)},
                                                                       {"score", Type::of(TypeKind::Double)}}));
        events_slot = env.declare("events", Type::list(Type::map(Type::of(TypeKind::String), Type::dyn())));
    }

    tmpl::ParseResult parse(std::string_view text, tmpl::Escaping escaping = tmpl::Escaping::None) const {
        tmpl::TemplateOptions options;
        options.escaping = escaping;
        options.environment = env;
        return tmpl::parse(text, options);
    }

    tmpl::RenderResult render(std::string_view text, const std::string& profile_json,
                              const std::string& events_json = "[]",
                              tmpl::Escaping escaping = tmpl::Escaping::None) const {
        tmpl::ParseResult parsed = parse(text, escaping);
        for (const auto& d : parsed.diagnostics) INFO(d.line << ":" << d.column << ": " << d.message);
        REQUIRE(parsed.ok());
        expr::Activation activation(env);
        activation.set(profile_slot, expr::value_from_json(nlohmann::json::parse(profile_json)));
        activation.set(events_slot, expr::value_from_json(nlohmann::json::parse(events_json)));
        activation.set(*env.slot_of("now"), expr::Value::timestamp({1'780'000'000, 0}));
        tmpl::RenderContext context;
        context.activation = &activation;
        return tmpl::render(*parsed.tmpl, context);
    }

    std::string text(std::string_view text, const std::string& profile_json,
                     const std::string& events_json = "[]",
                     tmpl::Escaping escaping = tmpl::Escaping::None) const {
        tmpl::RenderResult result = render(text, profile_json, events_json, escaping);
        for (const auto& p : result.problems) INFO("problem: " << p.message);
        CHECK(result.problems.empty());
        return result.text;
    }
};

const std::string k_events = R"([{"type": "purchase", "amount": 30}, {"type": "visit"}])";

}  // namespace

TEST_CASE("expression tags", "[template]") {
    Fixture f;
    CHECK(f.text(R"(Hi {{profile.first_name ?? "there"}},)", R"({"first_name": "Ana"})") == "Hi Ana,");
    CHECK(f.text(R"(Hi {{profile.first_name ?? "there"}},)", R"({})") == "Hi there,");
    CHECK(f.text("{{events.size()}} events", "{}", k_events) == "2 events");
    CHECK(f.text("{{ profile.age + 1 }}", R"({"age": 41})") == "42");
    CHECK(f.text("{{profile.first_name.upperAscii()}}", R"({"first_name": "ana"})") == "ANA");
    CHECK(f.text(R"({{ "}}" }})", "{}") == "}}");
}

TEST_CASE("values render in their natural text", "[template]") {
    Fixture f;
    CHECK(f.text("{{profile.score}}|{{profile.age}}|{{ 2.0 }}|{{ 1 == 1 }}|{{ null }}|{{true}}",
                 R"({"score": 1.5, "age": 42})") == "1.5|42|2|true||");
    CHECK(f.text("{{ [1, \"a\"] }}", "{}") == R"([1,"a"])");
    CHECK(f.text("{{ 7u }}", "{}") == "7");
}

TEST_CASE("if and else", "[template]") {
    Fixture f;
    std::string t = R"({{#if profile.tier == "platinum"}}gift{{else}}10% off{{/if}})";
    CHECK(f.text(t, R"({"tier": "platinum"})") == "gift");
    CHECK(f.text(t, R"({"tier": "gold"})") == "10% off");
    CHECK(f.text("{{#if profile.age >= 18}}adult{{/if}}.", R"({"age": 12})") == ".");
    // Standalone block tags disappear with their lines.
    CHECK(f.text("a\n  {{#if true}}\nb\n  {{else}}\nc\n  {{/if}}\nd\n", "{}") == "a\nb\nd\n");
    // An error in the condition counts as false and is reported.
    tmpl::RenderResult r = f.render("{{#if profile.age > 3}}x{{else}}y{{/if}}", "{}");
    CHECK(r.text == "y");
    CHECK(r.problems.size() == 1);
}

TEST_CASE("each binds it and pushes the Mustache context", "[template]") {
    Fixture f;
    CHECK(f.text("{{#each events}}{{it.type}}={{type}};{{/each}}", "{}", k_events) == "purchase=purchase;visit=visit;");
    CHECK(f.text(R"({{#each events.filter(e, e.type == "purchase")}}{{it.amount * 2}}{{/each}})", "{}", k_events) ==
          "60");
    CHECK(f.text("{{#each events}}x{{else}}none{{/each}}", "{}", "[]") == "none");
    CHECK(f.text("{{#each [[1, 2], [3]]}}({{#each it}}{{it}}{{/each}}){{/each}}", "{}") == "(12)(3)");
    CHECK(f.text("{{#each [\"a\", \"b\"]}}{{.}}{{/each}}", "{}") == "ab");
}

TEST_CASE("html escaping depends on the template's mode", "[template]") {
    Fixture f;
    constexpr auto html = tmpl::Escaping::Html;
    std::string profile = R"({"first_name": "<b>Tom & \"Jerry\"</b>"})";
    CHECK(f.text("{{profile.first_name}}", profile, "[]", html) == "&lt;b&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt;");
    CHECK(f.text("{{{profile.first_name}}}", profile, "[]", html) == "<b>Tom & \"Jerry\"</b>");
    CHECK(f.text("{{& profile.first_name}}", profile, "[]", html) == "<b>Tom & \"Jerry\"</b>");
    CHECK(f.text("{{profile.first_name}}", profile) == "<b>Tom & \"Jerry\"</b>");
    CHECK(f.text("{{ \"it's\" }}", "{}", "[]", html) == "it&#39;s");
}

TEST_CASE("url templates percent-encode what they interpolate", "[template]") {
    Fixture f;
    constexpr auto uri = tmpl::Escaping::Uri;
    // A value cannot end the URL, add a parameter or a line: everything
    // but RFC 3986's unreserved characters becomes %XX, UTF-8 byte by byte.
    std::string profile = R"({"first_name": "Zoé a/b?c=d&e#f>\r\nBcc: x", "age": 42})";
    CHECK(f.text("https://acme.example/u/{{profile.first_name}}?n={{profile.age}}", profile, "[]", uri) ==
          "https://acme.example/u/Zo%C3%A9%20a%2Fb%3Fc%3Dd%26e%23f%3E%0D%0ABcc%3A%20x?n=42");
    CHECK(f.text("{{profile.tier}}", R"({"tier": "A-z_0.9~"})", "[]", uri) == "A-z_0.9~");
    // The literal text and the raw forms are left as they are.
    CHECK(f.text("https://a.example/{{{profile.tier}}}/{{& profile.tier}}", R"({"tier": "x/y"})", "[]", uri) ==
          "https://a.example/x/y/x/y");
}

TEST_CASE("parse errors carry template positions", "[template]") {
    Fixture f;
    auto first_error = [&](std::string_view text) {
        tmpl::ParseResult r = f.parse(text);
        REQUIRE(!r.ok());
        REQUIRE(!r.diagnostics.empty());
        return r.diagnostics.front();
    };
    // Unclosed: where the parser gives up (just after the last visible
    // character), with a note at the opening tag.
    auto d = first_error("line one\n  {{#x}}\nbody\n");
    CHECK(d.message == "unclosed section 'x' opened at 2:3");
    CHECK(d.line == 3);
    CHECK(d.column == 5);
    REQUIRE(d.notes.size() == 1);
    CHECK(d.notes[0].message == "section 'x' opened here");
    CHECK((d.notes[0].line == 2 && d.notes[0].column == 3 && d.notes[0].length == 6));
    CHECK(d.notes[0].severity == journeyctl::core::diag::Severity::Note);

    // The mismatch, then the section left open.
    tmpl::ParseResult mismatch = f.parse("{{#a}}\n{{/b}}");
    REQUIRE(mismatch.diagnostics.size() == 2);
    d = mismatch.diagnostics[0];
    CHECK(d.message == "closing tag 'b' does not match section 'a' opened at 1:1");
    CHECK((d.line == 2 && d.column == 1));
    CHECK(mismatch.diagnostics[1].message == "unclosed section 'a' opened at 1:1");

    d = first_error("x {{/a}}");
    CHECK(d.column == 3);
    d = first_error("{{#if true}}a{{else}}b{{else}}c{{/if}}");
    CHECK(d.message == "second '{{else}}' in the 'if' block opened at 1:1");
    d = first_error("ok\n {{=<% %> x=}}");
    CHECK(d.code == "template-syntax");
    CHECK((d.line == 2 && d.column == 2));
    d = first_error("abc {{ name ");
    CHECK(d.column == 5);
    d = first_error("{{else}}");
    CHECK(d.line == 1);

    // An expression's own error lands where it is inside the template.
    d = first_error("Hello\n  {{ 1 + }}");
    CHECK(d.code == "template-expr");
    CHECK(d.line == 2);
    CHECK(d.column > 6);
}

TEST_CASE("unknown profile fields are reported by parse", "[template]") {
    Fixture f;
    tmpl::ParseResult r = f.parse("Hi\n  {{profile.frist_name}}!");
    REQUIRE(!r.ok());
    REQUIRE(!r.diagnostics.empty());
    CHECK(r.diagnostics[0].code == "template-expr");
    CHECK_THAT(r.diagnostics[0].message, Catch::Contains("frist_name"));
    CHECK(r.diagnostics[0].line == 2);
    CHECK(r.diagnostics[0].column >= 5);

    r = f.parse("{{#if profile.frist_name == \"x\"}}y{{/if}}");
    CHECK(!r.ok());
    r = f.parse("{{#if profile.age}}y{{/if}}");  // int is not a condition
    CHECK(!r.ok());
    r = f.parse("{{#each profile.age}}y{{/each}}");
    CHECK(!r.ok());
    // `it` exists only inside #each.
    CHECK(f.parse("{{#each events}}{{it.type}}{{/each}}").ok());
    CHECK(f.parse("{{it.type}}").ok());  // outside #each `it` is a Mustache name
    CHECK(!f.parse("{{it.type ?? 1}}").ok());
    // Mustache names not in the environment are not checked.
    CHECK(f.parse("{{customer.name}}").ok());
}

TEST_CASE("failed expressions render empty and are counted", "[template]") {
    Fixture f;
    tmpl::RenderResult r = f.render("Hi {{profile.first_name}}!\n{{ 1 / profile.age }}", R"({"age": 0})");
    CHECK(r.text == "Hi !\n");
    REQUIRE(r.problems.size() == 2);
    CHECK((r.problems[0].position.line == 1 && r.problems[0].position.column == 4));
    CHECK(r.problems[1].position.line == 2);
    CHECK(r.problems[0].partial.empty());
}

TEST_CASE("partials see the environment and it", "[template]") {
    Fixture f;
    tmpl::TemplateOptions options;
    options.environment = f.env;
    tmpl::PartialMap partials(options);
    partials.add("row", "- {{it.type}} {{profile.first_name}}\n");
    tmpl::ParseResult parsed = f.parse("{{#each events}}\n  {{> row}}\n{{/each}}\n{{> nope}}");
    REQUIRE(parsed.ok());
    auto problems = tmpl::check(*parsed.tmpl, partials);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].message == "unknown partial 'nope'");
    CHECK(problems[0].line == 4);

    expr::Activation activation(f.env);
    activation.set(f.profile_slot, expr::value_from_json(nlohmann::json::parse(R"({"first_name": "Ana"})")));
    activation.set(f.events_slot, expr::value_from_json(nlohmann::json::parse(k_events)));
    tmpl::Renderer renderer(*parsed.tmpl);
    for (int i = 0; i < 2; ++i) {  // a Renderer is reusable
        tmpl::RenderResult r = renderer.render({expr::Value(), &activation, &partials});
        CHECK(r.text == "  - purchase Ana\n  - visit Ana\n");
        REQUIRE(r.problems.size() == 1);
        CHECK(r.problems[0].message == "unknown partial 'nope'");
    }
}

TEST_CASE("Mustache names and data sections still work beside expressions", "[template]") {
    Fixture f;
    tmpl::ParseResult parsed = f.parse("{{#offers}}{{title}}: {{profile.first_name}}; {{/offers}}{{^offers}}none{{/offers}}");
    REQUIRE(parsed.ok());
    expr::Activation activation(f.env);
    activation.set(f.profile_slot, expr::value_from_json(nlohmann::json::parse(R"({"first_name": "Ana"})")));
    tmpl::RenderContext context;
    context.activation = &activation;
    context.data = expr::value_from_json(nlohmann::json::parse(R"({"offers": [{"title": "A"}, {"title": "B"}]})"));
    CHECK(tmpl::render(*parsed.tmpl, context).text == "A: Ana; B: Ana; ");
    context.data = expr::value_from_json(nlohmann::json::parse(R"({"offers": []})"));
    CHECK(tmpl::render(*parsed.tmpl, context).text == "none");
}

TEST_CASE("partial problems name the partial; recursion is bounded", "[template]") {
    tmpl::TemplateOptions options;
    tmpl::PartialMap partials(options);
    partials.add("loop", "x{{> loop}}");
    partials.add("broken", "{{#a}}");
    partials.add("calc", "\n{{ 1 / 0 }}");
    tmpl::ParseResult parsed = tmpl::parse("{{> loop}}|{{> broken}}|{{> calc}}", options);
    REQUIRE(parsed.ok());
    tmpl::RenderContext context;
    context.partials = &partials;
    tmpl::RenderResult r = tmpl::render(*parsed.tmpl, context);
    CHECK(r.text == std::string(100, 'x') + "||\n");
    REQUIRE(r.problems.size() == 3);
    CHECK_THAT(r.problems[0].message, Catch::Contains("nested more than 100"));
    CHECK(r.problems[1].message == "partial 'broken' does not parse");
    CHECK(r.problems[2].partial == "calc");
    CHECK(r.problems[2].position.line == 2);

    auto diagnostics = tmpl::check(*parsed.tmpl, partials);
    REQUIRE(diagnostics.size() == 1);
    CHECK(diagnostics[0].message == "partial 'broken' does not parse");
    REQUIRE(partials.diagnostics("broken").size() == 1);
    CHECK(partials.diagnostics("broken")[0].message == "unclosed section 'a' opened at 1:1");
}

TEST_CASE("an indented partial reports positions of its own text", "[template]") {
    tmpl::ParseResult r = tmpl::parse_indented("ok\n  {{#a}}", "    ", {});
    REQUIRE(r.diagnostics.size() == 1);
    CHECK((r.diagnostics[0].line == 2 && r.diagnostics[0].column == 9));  // the end, where the parser gave up
    REQUIRE(r.diagnostics[0].notes.size() == 1);
    CHECK((r.diagnostics[0].notes[0].line == 2 && r.diagnostics[0].notes[0].column == 3));  // the opener
}

TEST_CASE("Mustache names index lists and sections over expressions use truthiness", "[template]") {
    Fixture f;
    tmpl::ParseResult parsed = f.parse("{{items.1}}{{items.9}}|{{#profile.first_name}}[{{.}}]{{/profile.first_name}}"
                                       "{{^events}}no events{{/events}}");
    REQUIRE(parsed.ok());
    expr::Activation activation(f.env);
    activation.set(f.profile_slot, expr::value_from_json(nlohmann::json::parse(R"({"first_name": "Ana"})")));
    activation.set(f.events_slot, expr::value_from_json(nlohmann::json::parse("[]")));
    tmpl::RenderContext context;
    context.activation = &activation;
    context.data = expr::value_from_json(nlohmann::json::parse(R"({"items": ["a", "b"]})"));
    tmpl::RenderResult r = tmpl::render(*parsed.tmpl, context);
    CHECK(r.text == "b|[Ana]no events");
    CHECK(r.problems.empty());
}
