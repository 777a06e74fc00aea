// A segment's `where` as tests on the profile's row (see compiled_where.hpp).
#include "core/segment/compiled_where.hpp"

#include <memory>

#include "core/segment/predicate.hpp"

namespace journeyctl::core::segment {

bool install_compiled_where(expr::Evaluator& evaluator, const expr::Program& program, int profile_slot) {
    const expr::Node& root = program.root();
    auto predicate = std::make_shared<Predicate>();
    // The root gets no part: evaluating it would call this shortcut again.
    const Predicate::Scope scope{-1, profile_slot, &evaluator, &root};
    if (!predicate->compile(root, scope, evaluator) || !predicate->reads_fields()) return false;
    evaluator.set_shortcut(root, [predicate, profile_slot](const expr::Activation& activation, expr::Value& out) {
        Rows rows;
        rows.bind_profile(activation, profile_slot);
        const Tri t = predicate->test(rows);
        if (t == Tri::Error) return false;  // the evaluator says which error
        out = expr::Value::boolean(t == Tri::True);
        return true;
    });
    return true;
}

}  // namespace journeyctl::core::segment
