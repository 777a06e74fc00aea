// The usual std::visit helper: one callable made of several lambdas, one
// per alternative of a variant (the step machine's effects, for one).
#pragma once

namespace journeyctl::core::util {

template <class... F>
struct Overloaded : F... {
    using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

}  // namespace journeyctl::core::util
