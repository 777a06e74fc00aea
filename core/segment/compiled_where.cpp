// A segment's `where` as tests on the profile's row (see compiled_where.hpp).
#include "core/segment/compiled_where.hpp"

namespace journeyctl::core::segment {

std::unique_ptr<CompiledWhere> CompiledWhere::compile(expr::Evaluator& evaluator, const expr::Program& program,
                                                      int profile_slot) {
    std::unique_ptr<CompiledWhere> where(new CompiledWhere(profile_slot));
    // The root is never a part: a where that is all part gains nothing.
    const Predicate::Scope scope{-1, profile_slot, &evaluator, &program.root()};
    if (!where->m_predicate.compile(program.root(), scope, evaluator) || !where->m_predicate.reads_fields()) {
        return nullptr;
    }
    return where;
}

std::optional<bool> CompiledWhere::test(const expr::Activation& activation) {
    Rows rows;
    rows.bind_profile(activation, m_profile_slot);
    const Tri t = m_predicate.test(rows);
    if (t == Tri::Error) return std::nullopt;
    return t == Tri::True;
}

}  // namespace journeyctl::core::segment
