// Hostile templates: blocks nested far past k_max_nesting are one
// positioned error (no walk over the tree may exhaust the stack), the
// limit itself still works, partials cannot stack past it at render time,
// and a line of many tags parses in linear time.
#include <string>

#include <catch2/catch.hpp>

#include "core/template/template.hpp"

namespace tmpl = journeyctl::core::tmpl;
namespace expr = journeyctl::core::expr;

namespace {

std::string repeat(std::string_view piece, int times) {
    std::string out;
    out.reserve(piece.size() * static_cast<size_t>(times));
    for (int i = 0; i < times; ++i) out += piece;
    return out;
}

tmpl::TemplateOptions options_with_items() {
    tmpl::TemplateOptions options;
    options.environment = expr::Environment::standard();
    options.environment.declare("items", expr::Type::list(expr::Type::of(expr::TypeKind::Int)));
    return options;
}

}  // namespace

TEST_CASE("blocks nested past the limit are one error at the block that goes too deep", "[template][depth]") {
    struct Bomb {
        std::string open, close, message;
    };
    const Bomb bombs[] = {
        {"{{#if true}}", "{{/if}}", "'if' block nests too deeply (more than 250 levels of blocks)"},
        {"{{#each items}}", "{{/each}}", "'each' block nests too deeply (more than 250 levels of blocks)"},
        {"{{#name}}", "{{/name}}", "section 'name' nests too deeply (more than 250 levels of blocks)"},
        {"{{^name}}", "{{/name}}", "section 'name' nests too deeply (more than 250 levels of blocks)"},
    };
    for (const Bomb& bomb : bombs) {
        const std::string text = repeat(bomb.open, 25000) + "x" + repeat(bomb.close, 25000);
        const tmpl::ParseResult parsed = tmpl::parse(text, options_with_items());
        INFO(bomb.open);
        CHECK_FALSE(parsed.ok());
        REQUIRE(parsed.diagnostics.size() == 1);
        const auto& d = parsed.diagnostics[0];
        CHECK(d.message == bomb.message);
        CHECK(d.code == "template-syntax");
        CHECK(d.line == 1);
        CHECK(d.column == bomb.open.size() * tmpl::k_max_nesting + 1);
        CHECK(d.length == bomb.open.size());
    }
}

TEST_CASE("the deepest block on its own line is reported at its line", "[template][depth]") {
    const std::string text = repeat("{{#a}}\n", 300) + repeat("{{/a}}\n", 300);
    const tmpl::ParseResult parsed = tmpl::parse(text, options_with_items());
    REQUIRE(parsed.diagnostics.size() == 1);
    CHECK(parsed.diagnostics[0].line == 251);
    CHECK(parsed.diagnostics[0].column == 1);
}

TEST_CASE("blocks nested exactly to the limit parse and render", "[template][depth]") {
    const int n = tmpl::k_max_nesting;
    const std::string text = repeat("{{#if true}}", n / 2) + repeat("{{#each items}}", n - n / 2) + "{{it}}" +
                             repeat("{{/each}}", n - n / 2) + repeat("{{/if}}", n / 2);
    tmpl::TemplateOptions options = options_with_items();
    const tmpl::ParseResult parsed = tmpl::parse(text, options);
    for (const auto& d : parsed.diagnostics) INFO(d.line << ":" << d.column << ": " << d.message);
    REQUIRE(parsed.ok());
    expr::Activation activation(parsed.tmpl->render_environment());
    activation.set(*options.environment.slot_of("items"), expr::Value::list(expr::ListValue{expr::Value::integer(7)}));
    tmpl::RenderContext context;
    context.activation = &activation;
    const tmpl::RenderResult out = tmpl::render(*parsed.tmpl, context);
    CHECK(out.problems.empty());
    CHECK(out.text == "7");
}

TEST_CASE("partials cannot stack blocks past the limit at render time", "[template][depth]") {
    tmpl::TemplateOptions options;
    tmpl::PartialMap partials(options);
    // Each inclusion opens 200 more sections, then includes itself.
    partials.add("deep", repeat("{{#.}}", 200) + "{{>deep}}" + repeat("{{/.}}", 200));
    const tmpl::ParseResult parsed = tmpl::parse("{{>deep}}", options);
    REQUIRE(parsed.ok());
    tmpl::RenderContext context;
    context.data = expr::Value::boolean(true);
    context.partials = &partials;
    const tmpl::RenderResult out = tmpl::render(*parsed.tmpl, context);
    REQUIRE(out.problems.size() == 1);
    CHECK(out.problems[0].partial == "deep");
    CHECK(out.problems[0].message ==
          "partial 'deep' nests too deeply (more than 250 levels of blocks and partials)");
}

TEST_CASE("a line of many tags parses in linear time", "[template][depth]") {
    tmpl::TemplateOptions options;
    // 200,000 tags on one line: a per-tag scan back to the line's start
    // (or, for open quotes, forward to its end) would take minutes.
    const tmpl::ParseResult names = tmpl::parse(repeat("{{x}}", 200000), options);
    REQUIRE(names.ok());
    CHECK(names.tmpl->nodes().size() == 200000);
    const tmpl::ParseResult standalone = tmpl::parse(repeat("{{x}}", 1000) + "\n{{#a}}\nin\n{{/a}}\n", options);
    REQUIRE(standalone.ok());
    CHECK(standalone.tmpl->nodes().back().kind == tmpl::NodeKind::Section);
    CHECK(standalone.tmpl->nodes().back().children.front().text == "in\n");
    // `{{\'}}`: each tag's quote is open to the end of the line.
    const tmpl::ParseResult quotes = tmpl::parse(repeat("{{\\'}}", 100000), options);
    CHECK_FALSE(quotes.ok());
    CHECK(quotes.diagnostics.size() == 100000);
}
