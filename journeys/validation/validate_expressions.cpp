// Checking one expression where it is written: parse (errors are
// expr-syntax), find the inSegment("name") calls (unknown names are
// unknown-segment; a name that is not a literal cannot be checked, so it is
// an error too), then type-check against the scope (errors are expr-type;
// a worst case over the cost limit is expr-cost).
// Every position is an offset into the expression's text, mapped through
// its Text to the file's line and column.
#include <algorithm>
#include <functional>
#include <map>

#include "core/expr/checker.hpp"
#include "core/expr/parser.hpp"
#include "core/expr/time.hpp"
#include "core/util/edit_distance.hpp"
#include "journeys/validation/validate_internal.hpp"

namespace journeyctl::journeys::validation {

using core::expr::Node;
using core::expr::NodeKind;
using core::expr::Type;
using core::expr::TypeKind;

namespace {

const Node* string_literal(const Node& n) {
    if (n.kind == NodeKind::Literal && n.literal.kind() == core::expr::Value::Kind::String) return &n;
    return nullptr;
}

void visit(const Node& n, const std::function<void(const Node&)>& f) {
    f(n);
    for (const auto& child : n.children) visit(*child, f);
}

void check_segment_calls(Context& cx, const std::string& path, const Text& text, const Node& root,
                         const ExpressionUse& use) {
    visit(root, [&](const Node& n) {
        if (n.kind != NodeKind::Call || n.has_target || n.name != "inSegment" || n.children.size() != 1) return;
        const Node* literal = string_literal(*n.children[0]);
        if (!literal) {
            cx.report_inside(path, text, n.children[0]->span.offset, n.children[0]->span.length, "expr-type",
                             "inSegment takes a segment name in quotes, such as inSegment(\"vip\")");
            return;
        }
        const std::string name(literal->literal.as_string());
        if (use.segment_refs) use.segment_refs->push_back({name, literal->span.offset, literal->span.length});
        if (cx.segment_missing(name)) {
            cx.report_inside(path, text, literal->span.offset, literal->span.length, "unknown-segment",
                             "inSegment names " + in_quotes(name) + ", which is not a segment" +
                                 core::util::did_you_mean(name, cx.segment_names));
        }
    });
}

// `profile.NAME` selections that the profile record does not have.
std::vector<const Node*> unknown_profile_fields(const Context& cx, const Node& root) {
    std::vector<const Node*> out;
    if (!cx.scope.profile_known) return out;
    visit(root, [&](const Node& n) {
        if (n.kind != NodeKind::Select || n.children.size() != 1) return;
        const Node& operand = *n.children[0];
        if (operand.kind == NodeKind::Ident && operand.name == "profile" && !cx.scope.profile.field(n.name))
            out.push_back(&n);
    });
    return out;
}

}  // namespace

std::optional<CheckedExpression> check_expression(Context& cx, const std::string& path, const Text& text,
                                                  const ExpressionUse& use) {
    if (text.value.find_first_not_of(" \t\r\n") == std::string::npos) return std::nullopt;  // loading said so
    auto parsed = core::expr::parse(text.value);
    if (!parsed.root) {
        for (const auto& d : parsed.diagnostics) {
            cx.report_inside(path, text, d.span.offset, d.span.length, "expr-syntax", d.message,
                             d.is_warning ? Severity::Warning : Severity::Error);
            if (d.note) cx.note_inside(path, text, d.note->span.offset, d.note->span.length, d.note->message);
        }
        return std::nullopt;
    }
    check_segment_calls(cx, path, text, *parsed.root, use);
    std::vector<uint32_t> quiet_offsets;
    if (use.quiet_unknown_fields) {
        for (const Node* n : unknown_profile_fields(cx, *parsed.root)) {
            quiet_offsets.push_back(n->span.offset);
            if (use.unknown_fields) use.unknown_fields->push_back(n->name);
        }
    }
    core::expr::CompileOptions options;
    options.expect_bool = use.expect_bool;
    const auto checked = core::expr::check(*parsed.root, *use.env, options);
    bool failed = false;
    for (const auto& d : checked.diagnostics) {
        if (!d.is_warning) failed = true;
        if (std::find(quiet_offsets.begin(), quiet_offsets.end(), d.span.offset) != quiet_offsets.end()) continue;
        cx.report_inside(path, text, d.span.offset, d.span.length, d.over_cost_limit ? "expr-cost" : "expr-type", d.message,
                         d.is_warning ? Severity::Warning : Severity::Error);
    }
    if (failed) return std::nullopt;
    CheckedExpression result{parsed.root->type, std::nullopt};
    if (const Node* literal = string_literal(*parsed.root)) result.string_literal = std::string(literal->literal.as_string());
    return result;
}

void check_zone_expression(Context& cx, const std::string& path, const Text& text, const core::expr::Environment& env) {
    const auto checked = check_expression(cx, path, text, {.env = &env});
    if (!checked) return;
    if (checked->string_literal) {
        if (!core::expr::time::is_valid_zone(*checked->string_literal)) {
            cx.report_at(path, text, "bad-zone",
                         in_quotes(*checked->string_literal) +
                             " is not a known time zone (write an IANA name such as Europe/Paris)");
        }
        return;
    }
    if (!Type::of(TypeKind::String).accepts(checked->type)) {
        cx.report_at(path, text, "expr-type", "a zone must be a string such as \"Europe/Paris\", got " + checked->type.name());
    }
}

void validate_segments(Context& cx) {
    const auto& segments = cx.ws.segments;
    std::vector<std::vector<SegmentRef>> refs(segments.size());
    for (std::size_t i = 0; i < segments.size(); ++i) {
        check_expression(cx, segments[i].file, segments[i].where,
                         {.env = &cx.scope.segment_env, .expect_bool = true, .segment_refs = &refs[i]});
    }
    // Cycles through inSegment: a segment defined by itself has no members.
    std::map<std::string, int, std::less<>> index;
    for (std::size_t i = 0; i < segments.size(); ++i) index.emplace(segments[i].name.value, static_cast<int>(i));
    std::vector<std::vector<int>> edges(segments.size());
    for (std::size_t i = 0; i < segments.size(); ++i) {
        for (const SegmentRef& ref : refs[i]) {
            if (auto it = index.find(ref.name); it != index.end()) edges[i].push_back(it->second);
        }
    }
    for (const auto& component : cycles_of(edges)) {
        const int first = component.front();
        const auto& segment = segments[static_cast<std::size_t>(first)];
        std::string names;
        for (int member : component) names += (names.empty() ? "" : ", ") + in_quotes(segments[static_cast<std::size_t>(member)].name.value);
        for (const SegmentRef& ref : refs[static_cast<std::size_t>(first)]) {
            auto it = index.find(ref.name);
            if (it == index.end() || std::find(component.begin(), component.end(), it->second) == component.end()) continue;
            const std::string message =
                component.size() == 1
                    ? "segment " + in_quotes(segment.name.value) + " uses itself through inSegment"
                    : "segments " + names + " use each other through inSegment, so none of them can be computed";
            cx.report_inside(segment.file, segment.where, ref.offset, ref.length, "segment-cycle", message);
            break;
        }
    }
}

}  // namespace journeyctl::journeys::validation
