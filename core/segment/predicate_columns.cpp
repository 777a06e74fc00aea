// The parts of the segment tests that read loaded columns (see
// predicate.hpp): a field's column found once per source, and tests on a
// plain field of a loaded table that compare its stored ints, doubles,
// timestamps or strings without making a Value of each cell.
#include <cmath>
#include <compare>

#include "core/data/column_builder.hpp"
#include "core/data/dataset.hpp"
#include "core/segment/predicate.hpp"

namespace journeyctl::core::segment {

using expr::BinaryOp;
using expr::Value;

namespace {

Tri of(bool b) { return b ? Tri::True : Tri::False; }

// `field op constant` (or `constant op field`) for values of one type.
template <typename T>
Tri ordered(BinaryOp op, bool field_first, const T& field, const T& constant) {
    const std::partial_ordering order = field_first ? field <=> constant : constant <=> field;
    switch (op) {
        case BinaryOp::Eq: return of(order == 0);
        case BinaryOp::Ne: return of(order != 0);
        case BinaryOp::Lt: return of(order < 0);
        case BinaryOp::Le: return of(order <= 0);
        case BinaryOp::Gt: return of(order > 0);
        case BinaryOp::Ge: return of(order >= 0);
        default: return Tri::Error;
    }
}

}  // namespace

// ---- FieldReader ----

bool FieldReader::get(const expr::RecordSource* source, uint32_t row, Value& out) {
    if (source != m_source) bind(source);
    if (m_column != nullptr) {
        if (!m_column->present(row)) return false;
        out = m_column->value(row);
        return true;
    }
    return m_index && source->get(*m_index, row, out);
}

bool FieldReader::reads(const expr::RecordSource* source, uint32_t index) {
    if (source != m_source) bind(source);
    if (!m_index) return false;
    if (*m_index == index) return true;
    const auto* table = dynamic_cast<const data::Table*>(source);
    return table != nullptr && index < table->field_count() && m_column == &table->field_column(index);
}

void FieldReader::bind(const expr::RecordSource* source) {
    m_source = source;
    m_index = source->field_index(m_name);
    // A loaded table's cells are read from the column itself: what
    // Table::get does, without its virtual call.
    const auto* table = dynamic_cast<const data::Table*>(source);
    m_column = table != nullptr && m_index ? &table->field_column(*m_index) : nullptr;
}

void Rows::bind_profile(const expr::Activation& act, int profile_slot) {
    activation = &act;
    profile_source = nullptr;
    if (profile_slot < 0 || !act.has(profile_slot)) return;
    const Value& profile = act.get(profile_slot);
    if (profile.kind() != Value::Kind::Record) return;
    profile_source = profile.as_record().source;
    profile_row = profile.as_record().begin;
}

// ---- tests on a column's storage ----

std::optional<Tri> Predicate::string_leaf(Test& t, const data::Column& column, uint32_t row) {
    const std::vector<uint32_t>& codes = data::ColumnAccess::codes(column);
    if (!codes.empty()) {
        if (row >= codes.size()) return std::nullopt;
        if (t.coded != &column) {
            // Each value of the dictionary tested once, the Value way.
            t.coded = &column;
            t.by_code.clear();
            for (std::string_view text : data::ColumnAccess::dictionary(column)) {
                const Value v = Value::borrowed_string(text);
                if (t.kind == Test::Kind::In) {
                    bool found = false;
                    for (std::string_view s : t.strings) found = found || s == text;
                    t.by_code.push_back(of(found));
                } else {
                    t.by_code.push_back(compare_values(t.op, v, t.constant, t.field_first));
                }
            }
        }
        return codes[row] < t.by_code.size() ? std::optional<Tri>(t.by_code[codes[row]]) : std::nullopt;
    }
    const std::vector<std::string_view>& strings = data::ColumnAccess::strings(column);
    if (row >= strings.size()) return std::nullopt;  // the events' key column keeps no strings
    const std::string_view text = strings[row];
    if (t.kind == Test::Kind::In) {
        for (std::string_view s : t.strings) {
            if (s == text) return Tri::True;
        }
        return Tri::False;
    }
    if (t.op == BinaryOp::Eq || t.op == BinaryOp::Ne) return of((text == t.constant.as_string()) == (t.op == BinaryOp::Eq));
    return ordered(t.op, t.field_first, text, t.constant.as_string());
}

// A test on a plain field of a loaded table, read from the column's storage
// as Column::value would read it, without making a Value; nullopt when the
// test is not one of these (the Value way then settles it).
std::optional<Tri> Predicate::typed_leaf(Test& t, Path& path, const Rows& rows) {
    if (!path.keys.empty()) return std::nullopt;
    const expr::RecordSource* source = path.profile ? rows.profile_source : rows.event_source;
    if (source == nullptr) return std::nullopt;
    const data::Column* column = path.field.column(source);
    if (column == nullptr) return std::nullopt;
    const uint32_t row = path.profile ? rows.profile_row : rows.event_row;
    if (!column->present(row)) return t.kind == Test::Kind::Has ? Tri::False : Tri::Error;
    using data::ColumnAccess;
    using data::ColumnType;
    const Value::Kind constant = t.constant.kind();
    switch (t.kind) {
        case Test::Kind::Has: return Tri::True;
        case Test::Kind::In:
            if (column->type() != ColumnType::String) return std::nullopt;
            return string_leaf(t, *column, row);
        case Test::Kind::Truth: {
            const std::vector<int64_t>& ints = ColumnAccess::ints(*column);
            if (column->type() != ColumnType::Bool || row >= ints.size()) return std::nullopt;
            return of(ints[row] != 0);
        }
        case Test::Kind::Compare: break;
        default: return std::nullopt;
    }
    switch (column->type()) {
        case ColumnType::String:
            if (constant != Value::Kind::String) return std::nullopt;
            return string_leaf(t, *column, row);
        case ColumnType::Int:
        case ColumnType::Bool: {
            const std::vector<int64_t>& ints = ColumnAccess::ints(*column);
            if (row >= ints.size()) return std::nullopt;
            if (column->type() == ColumnType::Int && constant == Value::Kind::Int) {
                return ordered(t.op, t.field_first, ints[row], t.constant.as_int());
            }
            if (column->type() == ColumnType::Bool && constant == Value::Kind::Bool) {
                return ordered(t.op, t.field_first, ints[row] != 0, t.constant.as_bool());
            }
            return std::nullopt;
        }
        case ColumnType::Double: {
            const std::vector<double>& doubles = ColumnAccess::doubles(*column);
            if (constant != Value::Kind::Double || row >= doubles.size()) return std::nullopt;
            if (std::isnan(doubles[row]) || std::isnan(t.constant.as_double())) return Tri::Error;
            return ordered(t.op, t.field_first, doubles[row], t.constant.as_double());
        }
        case ColumnType::Timestamp: {
            const std::vector<int64_t>& seconds = ColumnAccess::ints(*column);
            const std::vector<int32_t>& nanos = ColumnAccess::nanos(*column);
            if (constant != Value::Kind::Timestamp || row >= seconds.size()) return std::nullopt;
            const expr::Timestamp at{seconds[row], nanos.empty() ? 0 : nanos[row]};
            return ordered(t.op, t.field_first, at, t.constant.as_timestamp());
        }
        default: return std::nullopt;
    }
}

}  // namespace journeyctl::core::segment
