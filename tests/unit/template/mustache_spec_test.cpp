// Runs the official Mustache spec (shared/peers/mustache-spec/*.json) against
// the template engine in HTML mode, the spec's own escaping. Every test must
// render exactly its expected text.
#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/expr/json_value.hpp"
#include "core/template/template.hpp"

namespace tmpl = journeyctl::core::tmpl;
namespace expr = journeyctl::core::expr;

namespace {

void run_spec_file(const std::string& module) {
    std::filesystem::path path = std::filesystem::path(JOURNEYCTL_SHARED_DIR) / "peers" / "mustache-spec" / (module + ".json");
    // A missing spec is a broken checkout (../shared beside the repository),
    // not a reason to pass: a test that cannot fail checks nothing.
    INFO("Mustache spec file " << path.string() << " (shared/peers beside the repository)");
    REQUIRE(std::filesystem::exists(path));
    std::ifstream in(path);
    nlohmann::json spec = nlohmann::json::parse(in);
    REQUIRE(spec.contains("tests"));
    REQUIRE(!spec["tests"].empty());
    for (const nlohmann::json& test : spec["tests"]) {
        std::string name = test.at("name").get<std::string>();
        DYNAMIC_SECTION(module << ": " << name) {
            tmpl::TemplateOptions options;
            options.escaping = tmpl::Escaping::Html;
            tmpl::PartialMap partials(options);
            if (test.contains("partials"))
                for (const auto& [partial, text] : test["partials"].items()) partials.add(partial, text.get<std::string>());
            std::string source = test.at("template").get<std::string>();
            tmpl::ParseResult parsed = tmpl::parse(source, options);
            INFO("template: " << source);
            for (const auto& d : parsed.diagnostics) INFO(d.line << ":" << d.column << ": " << d.message);
            REQUIRE(parsed.ok());
            tmpl::RenderContext context;
            context.data = expr::value_from_json(test.at("data"));
            context.partials = &partials;
            tmpl::RenderResult result = tmpl::render(*parsed.tmpl, context);
            CHECK(result.text == test.at("expected").get<std::string>());
        }
    }
}

}  // namespace

TEST_CASE("Mustache spec: interpolation", "[template][mustache]") { run_spec_file("interpolation"); }
TEST_CASE("Mustache spec: sections", "[template][mustache]") { run_spec_file("sections"); }
TEST_CASE("Mustache spec: inverted", "[template][mustache]") { run_spec_file("inverted"); }
TEST_CASE("Mustache spec: partials", "[template][mustache]") { run_spec_file("partials"); }
TEST_CASE("Mustache spec: delimiters", "[template][mustache]") { run_spec_file("delimiters"); }
TEST_CASE("Mustache spec: comments", "[template][mustache]") { run_spec_file("comments"); }
