// Fuzzes the template language: parse (HTML, URL and text modes) with a
// `profile` variable in scope, check partials, and render what parses
// against a small profile. Rendering must never throw or crash.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "core/expr/expression.hpp"
#include "core/template/template.hpp"

namespace expr = journeyctl::core::expr;
namespace tmpl = journeyctl::core::tmpl;

namespace {

expr::Value profile_value() {
    auto map = std::make_shared<expr::MapValue>();
    map->insert(expr::Value::string("first_name"), expr::Value::string("Ada <&>"));
    map->insert(expr::Value::string("items"),
                expr::Value::list(expr::ListValue{expr::Value::integer(1), expr::Value::string("two")}));
    return expr::Value::map(map);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    for (tmpl::Escaping escaping : {tmpl::Escaping::Html, tmpl::Escaping::Uri, tmpl::Escaping::None}) {
        tmpl::TemplateOptions options;
        options.escaping = escaping;
        options.environment = expr::Environment::standard();
        int profile_slot = options.environment.declare("profile", expr::Type::dyn());
        tmpl::ParseResult parsed = tmpl::parse(text, options);
        if (!parsed.ok()) {
            continue;
        }
        tmpl::PartialMap partials(options);
        partials.add("footer", "-- {{profile.first_name}}");
        (void)tmpl::check(*parsed.tmpl, partials);
        expr::Activation activation(parsed.tmpl->render_environment());
        activation.set(*options.environment.slot_of("now"), expr::Value::timestamp({1'793'491'200, 0}));
        activation.set(profile_slot, profile_value());
        tmpl::RenderContext context{profile_value(), &activation, &partials};
        (void)tmpl::render(*parsed.tmpl, context);
    }
    return 0;
}
