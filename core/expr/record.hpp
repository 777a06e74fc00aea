// Rows of named fields stored outside the expression engine (the columnar
// profile and event tables of core/data), seen by expressions as maps
// without copying them into MapValues.
//
// A Value of kind Record is (source, row): to the language it is a
// map(string, dyn) whose keys are the fields present in that row (absent
// cells are absent keys, so `has(profile.age)` and `??` work as on maps).
// A Value of kind RecordList is (source, begin, end): a list of the Records
// begin..end-1 (one profile's events, in time order). Both behave exactly
// like the map and list they stand for (type(), ==, size, in, [], macros,
// printing), and evaluating `e.type == "purchase"` over a RecordList
// allocates nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace journeyctl::core::expr {

class Value;

class RecordSource {
public:
    virtual ~RecordSource() = default;
    virtual uint32_t field_count() const = 0;
    virtual std::string_view field_name(uint32_t field) const = 0;
    virtual std::optional<uint32_t> field_index(std::string_view name) const = 0;
    // The field's value in the row, or false when the cell is absent. String
    // values are borrowed (the source outlives every evaluation).
    virtual bool get(uint32_t field, uint32_t row, Value& out) const = 0;
};

}  // namespace journeyctl::core::expr
