// Fuzzes the expression language end to end: parse, type-check and, when
// the text compiles, evaluate against a profile map, an events list and a
// fixed `now`. Any crash, leak or sanitizer report is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/expr/expression.hpp"

namespace expr = journeyctl::core::expr;

namespace {

struct Fixture {
    expr::Environment environment = expr::Environment::standard();
    int profile_slot = environment.declare("profile", expr::Type::dyn());
    int events_slot = environment.declare("events", expr::Type::list(expr::Type::dyn()));

    expr::Value profile() const {
        auto map = std::make_shared<expr::MapValue>();
        map->insert(expr::Value::string("tier"), expr::Value::string("gold"));
        map->insert(expr::Value::string("age"), expr::Value::integer(31));
        map->insert(expr::Value::string("score"), expr::Value::real(0.5));
        return expr::Value::map(map);
    }

    expr::Value events() const {
        auto event = std::make_shared<expr::MapValue>();
        event->insert(expr::Value::string("type"), expr::Value::string("purchase"));
        event->insert(expr::Value::string("time"), expr::Value::timestamp({1'790'000'000, 0}));
        return expr::Value::list(expr::ListValue{expr::Value::map(event)});
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const Fixture fixture;
    std::string_view text(reinterpret_cast<const char*>(data), size);
    expr::CompileResult compiled = expr::compile(text, fixture.environment);
    if (!compiled.ok()) {
        return 0;
    }
    expr::Activation activation(fixture.environment);
    activation.set(*fixture.environment.slot_of("now"), expr::Value::timestamp({1'793'491'200, 0}));
    activation.set(fixture.profile_slot, fixture.profile());
    activation.set(fixture.events_slot, fixture.events());
    expr::Evaluator evaluator(compiled.program);
    expr::Value result = evaluator.evaluate(activation);
    (void)result.to_cel_literal();
    (void)result.to_json();
    return 0;
}
