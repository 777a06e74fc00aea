// JSON Lines into a Batch, with simdjson's On-Demand API. A chunk of whole
// lines is first read as one document stream (iterate_many: one pass of
// stage 1 over the chunk); any surprise (a line that is not one object on
// its own line, a parse error) makes the chunk be read again line by line,
// which rejects exactly the bad lines with their line numbers. Fields the
// plan does not name are skipped without being parsed.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "core/data/batch.hpp"
#include "core/expr/value.hpp"

namespace journeyctl::core::data {

// The deepest nesting of objects and lists a row may have (the row's own
// object is level 1): a deeper row is rejected as malformed ("nested too
// deep"), so that nothing recursive (reading a cell's value, writing it as
// JSON) ever meets it. Of the order of the expression limit (250), well
// below what a thread's stack holds, under AddressSanitizer too.
inline constexpr std::size_t k_max_json_depth = 128;

// `text`: whole lines (the last one may lack its newline). `padded`: at
// least 64 readable bytes follow the text (else the tail is copied).
void parse_jsonl_chunk(std::string_view text, bool padded, const SourcePlan& plan, Batch& batch);

// One JSON text as an expression value (objects as maps, arrays as lists);
// nullopt when it is not valid JSON (or deeper than k_max_json_depth, or
// with a key twice in one object). For tests and fuzzing.
std::optional<expr::Value> parse_json_value(std::string_view json);

// A Dyn cell's JSON text (checked when it was loaded) as a value; a null
// value if it is not JSON after all.
expr::Value json_cell_value(std::string_view json);

// A Dyn cell's JSON text (kept whole) cut down to `slot.keys` as loading
// cuts a JSON Lines value for that slot: an object's wanted keys, in its
// order, in `out`; any other value (or text that is not JSON) as it is.
// The column cache stores values whole and cuts them for such loads.
std::string_view cut_json_object(std::string_view json, const FieldSlot& slot, std::string& out);

// `text` as a JSON string into `out` (replacing it); false when `text` is
// not UTF-8. A CSV cell of a dyn column is kept this way, as JSON text like
// a JSON Lines cell, so that one column's parts from files of either format
// store their cells alike and join (extra event files).
bool quote_json_string(std::string_view text, std::string& out);

}  // namespace journeyctl::core::data
