// JSON Lines chunks into batches (see jsonl.hpp).
#include "core/data/jsonl.hpp"

#include <algorithm>
#include <cstring>
#include <memory>

#include <fmt/format.h>
#include <simdjson.h>

#include "core/data/convert.hpp"

namespace journeyctl::core::data {

namespace {

namespace od = simdjson::ondemand;

constexpr std::size_t k_stream_window = 1 << 20;  // the longest line the stream path takes

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' || text.back() == '\n')) {
        text.remove_suffix(1);
    }
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    return text;
}

expr::Value to_value(od::value v) {
    switch (v.type().value()) {
        case od::json_type::object: {
            auto map = std::make_shared<expr::MapValue>();
            for (auto field : v.get_object()) {
                std::string key(field.unescaped_key().value());
                map->insert(expr::Value::string(std::move(key)), to_value(field.value()));
            }
            return expr::Value::map(std::move(map));
        }
        case od::json_type::array: {
            expr::ListValue items;
            for (auto item : v.get_array()) items.push_back(to_value(item.value()));
            return expr::Value::list(std::move(items));
        }
        case od::json_type::number:
            switch (v.get_number_type().value()) {
                case od::number_type::signed_integer: return expr::Value::integer(v.get_int64().value());
                case od::number_type::unsigned_integer: return expr::Value::uinteger(v.get_uint64().value());
                default: {
                    double d = 0;
                    const std::string_view token = trim(v.raw_json_token());
                    if (!parse_double_cell(token, d)) d = v.get_double().value();
                    return expr::Value::real(d);
                }
            }
        case od::json_type::string: return expr::Value::string(std::string(v.get_string().value()));
        case od::json_type::boolean: return expr::Value::boolean(v.get_bool().value());
        case od::json_type::null: return expr::Value::null();
    }
    return expr::Value::null();
}

// Reads a value the way to_value does, building nothing: what to_value
// would reject throws simdjson_error here too, so a row whose Dyn cell is
// kept as text is rejected exactly when building its value would fail.
void check_value(od::value v) {
    switch (v.type().value()) {
        case od::json_type::object:
            for (auto field : v.get_object()) {
                (void)field.unescaped_key().value();
                check_value(field.value());
            }
            return;
        case od::json_type::array:
            for (auto item : v.get_array()) check_value(item.value());
            return;
        case od::json_type::number:
            switch (v.get_number_type().value()) {
                case od::number_type::signed_integer: (void)v.get_int64().value(); return;
                case od::number_type::unsigned_integer: (void)v.get_uint64().value(); return;
                default: {
                    double d = 0;
                    if (!parse_double_cell(trim(v.raw_json_token()), d)) (void)v.get_double().value();
                    return;
                }
            }
        case od::json_type::string: (void)v.get_string().value(); return;
        case od::json_type::boolean: (void)v.get_bool().value(); return;
        case od::json_type::null: return;
    }
}

// How a non-string value shows in a message.
std::string shown(od::value& v, od::json_type type) {
    if (type == od::json_type::object) return "an object";
    if (type == od::json_type::array) return "a list";
    return std::string(trim(v.raw_json_token()));
}

// A value's JSON text, checked as to_value would read it: from its first
// byte to where reading it whole left the parser (`here()`).
template <typename Here>
std::string_view checked_text(od::value v, od::json_type type, Here here) {
    const std::string_view token = v.raw_json_token();
    check_value(v);
    if (type != od::json_type::object && type != od::json_type::array) return trim(token);
    const char* end = here();
    return trim(std::string_view(token.data(), static_cast<std::size_t>(end - token.data())));
}

// An object cut down to the wanted keys, as JSON text in `out`: only their
// values are checked and kept; the others are skipped like unwanted fields.
template <typename Here>
std::string_view wanted_keys(od::value v, const std::vector<std::string>& keys, std::string& out, Here here) {
    out.assign("{");
    std::string quoted;
    for (auto field : v.get_object()) {
        const auto wanted = std::find(keys.begin(), keys.end(), field.unescaped_key().value());
        if (wanted == keys.end()) continue;
        if (out.size() > 1) out.push_back(',');
        quote_json_string(*wanted, quoted);
        out += quoted;
        out.push_back(':');
        od::value value = field.value();
        out += checked_text(value, value.type().value(), here);
    }
    out.push_back('}');
    return out;
}

// `here()`: where the document's parser stands (after a value read whole).
template <typename Here>
void stage_json(RowStager& st, const FieldSlot& f, uint32_t slot, od::value v, Here here) {
    const od::json_type type = v.type().value();
    if (type == od::json_type::null) return;
    Staged& s = st.cell(slot);
    auto bad = [&] { st.reject(RejectReason::BadType, st.bad_type(slot, shown(v, type))); };
    if (type == od::json_type::string && f.type != ColumnType::Dyn) {
        st.text(slot, v.get_string().value());
        return;
    }
    if (f.role == FieldRole::Key) {
        if (type == od::json_type::number) {
            st.text(slot, trim(v.raw_json_token()));
        } else {
            bad();
        }
        return;
    }
    if (f.role == FieldRole::EventType) return bad();
    if (f.role == FieldRole::EventTime || f.type == ColumnType::Timestamp) {
        bool ok = false;
        if (type == od::json_type::number) {
            const std::string_view token = trim(v.raw_json_token());
            ok = parse_epoch_cell(token, s.t) || epoch_from_double(v.get_double().value(), s.t);
        }
        if (ok) {
            s.kind = Staged::Kind::Time;
        } else if (f.role == FieldRole::EventTime) {
            st.reject(RejectReason::BadTime, fmt::format("{}: {} is not RFC 3339 or epoch seconds", f.name, shown(v, type)));
        } else {
            bad();
        }
        return;
    }
    switch (f.type) {
        case ColumnType::Int:
            if (type != od::json_type::number) return bad();
            if (v.get_number_type().value() == od::number_type::signed_integer) {
                s.kind = Staged::Kind::Int;
                s.i = v.get_int64().value();
            } else if (!f.declared && v.get_number_type().value() == od::number_type::floating_point_number) {
                s.kind = Staged::Kind::Double;
                s.d = v.get_double().value();
            } else {
                bad();
            }
            return;
        case ColumnType::Double:
            if (type != od::json_type::number) return bad();
            s.kind = Staged::Kind::Double;
            s.d = v.get_double().value();
            return;
        case ColumnType::Bool:
            if (type != od::json_type::boolean) return bad();
            s.kind = Staged::Kind::Bool;
            s.i = v.get_bool().value() ? 1 : 0;
            return;
        case ColumnType::String:
            if (type == od::json_type::object || type == od::json_type::array) return bad();
            s.kind = Staged::Kind::Text;
            s.text = trim(v.raw_json_token());
            return;
        case ColumnType::Dyn:
            // Kept as text (the cell's value is built when read).
            s.kind = Staged::Kind::Json;
            if (f.keys && type == od::json_type::object) {
                s.text = wanted_keys(v, *f.keys, st.json_text(slot), here);
            } else {
                s.text = checked_text(v, type, here);
            }
            return;
        case ColumnType::Timestamp: return;  // handled above
    }
}

// One object's fields into the stager; throws simdjson_error on bad JSON.
template <typename Doc>
bool stage_object(Doc& doc, const SourcePlan& plan, RowStager& st) {
    od::object object = doc.get_object().value();
    for (auto field : object) {
        od::raw_json_string key = field.key().value();
        const char first = *key.raw();  // the key's first byte (or its closing quote)
        for (uint32_t slot = 0; slot < plan.slots.size(); ++slot) {
            const std::string& name = plan.slots[slot].name;
            // The first byte rules out most slots without a call to memcmp.
            if (!name.empty() && name.front() != first) continue;
            if (key.unsafe_is_equal(name)) {
                if (st.cell(slot).kind == Staged::Kind::Absent) {
                    stage_json(st, plan.slots[slot], slot, field.value(), [&doc] { return doc.current_location().value(); });
                }
                break;
            }
        }
    }
    return true;
}

bool blank(std::string_view line) {
    return std::all_of(line.begin(), line.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

// The whole chunk as a document stream; false on any surprise (the caller
// then reads the chunk line by line into a fresh batch).
bool parse_stream(std::string_view text, const SourcePlan& plan, Batch& batch, od::parser& parser) {
    RowStager st(plan, batch);
    od::document_stream stream;
    if (parser.iterate_many(text.data(), text.size(), k_stream_window).get(stream)) return false;
    std::size_t previous_end = 0;
    uint64_t line = 0;
    bool first = true;
    try {
        for (auto it = stream.begin(); it != stream.end(); ++it) {
            od::document_reference doc;
            if ((*it).get(doc) || it.error()) return false;
            const std::size_t start = it.current_index();
            if (start < previous_end || start >= text.size() || text[start] != '{') return false;
            const uint64_t gap = static_cast<uint64_t>(std::count(text.begin() + previous_end, text.begin() + start, '\n'));
            if (!first && gap == 0) return false;
            const std::string_view source = it.source();
            if (std::memchr(source.data(), '\n', source.size()) != nullptr) return false;
            line += gap;
            previous_end = start + source.size();
            first = false;
            st.begin();
            stage_object(doc, plan, st);
            if (!st.commit(line) && plan.strict) {
                batch.newlines = line;
                return true;
            }
        }
    } catch (const simdjson::simdjson_error&) {
        return false;
    }
    if (stream.truncated_bytes() != 0 || previous_end > text.size()) return false;
    const std::string_view rest = text.substr(previous_end);
    if (rest.find_first_not_of(" \t\r\n") != std::string_view::npos) return false;
    batch.newlines = line + static_cast<uint64_t>(std::count(rest.begin(), rest.end(), '\n'));
    return true;
}

void parse_lines(std::string_view text, bool padded, const SourcePlan& plan, Batch& batch, od::parser& parser) {
    RowStager st(plan, batch);
    std::size_t pos = 0;
    uint64_t line = 0;
    while (pos < text.size()) {
        const char* newline = static_cast<const char*>(std::memchr(text.data() + pos, '\n', text.size() - pos));
        const std::size_t end = newline != nullptr ? static_cast<std::size_t>(newline - text.data()) : text.size();
        const std::string_view row = text.substr(pos, end - pos);
        if (!blank(row)) {
            std::unique_ptr<simdjson::padded_string> copy;
            od::document doc;
            simdjson::error_code error;
            if (padded || end + simdjson::SIMDJSON_PADDING <= text.size()) {
                error = parser.iterate(row.data(), row.size(), row.size() + simdjson::SIMDJSON_PADDING).get(doc);
            } else {
                copy = std::make_unique<simdjson::padded_string>(row);
                error = parser.iterate(*copy).get(doc);
            }
            if (error) {
                st.reject_row(line, RejectReason::MalformedRow,
                              fmt::format("invalid JSON: {}", simdjson::error_message(error)));
            } else {
                try {
                    if (doc.type().value() != od::json_type::object) {
                        st.reject_row(line, RejectReason::MalformedRow, "not a JSON object");
                    } else {
                        st.begin();
                        stage_object(doc, plan, st);
                        if (!doc.current_location().error()) {
                            st.reject_row(line, RejectReason::MalformedRow, "text after the JSON object");
                        } else {
                            st.commit(line);
                        }
                    }
                } catch (const simdjson::simdjson_error& e) {
                    st.reject_row(line, RejectReason::MalformedRow, fmt::format("invalid JSON: {}", e.what()));
                }
            }
            if (plan.strict && batch.rejects.total() > 0) {
                batch.newlines = line;
                return;
            }
        }
        if (newline == nullptr) break;
        ++line;
        pos = end + 1;
    }
    batch.newlines = line;
}

}  // namespace

void parse_jsonl_chunk(std::string_view text, bool padded, const SourcePlan& plan, Batch& batch) {
    thread_local od::parser parser;
    if (padded) {
        if (parse_stream(text, plan, batch, parser)) return;
    } else {
        const simdjson::padded_string copy(text);
        if (parse_stream(std::string_view(copy.data(), copy.size()), plan, batch, parser)) return;
    }
    // Start again line by line, in a fresh batch shaped like this one.
    batch = new_batch(plan, 0);
    parse_lines(text, padded, plan, batch, parser);
}

namespace {

// On Demand reads a document that is a bare scalar (1, "x", true, null)
// only through the document's own getters, never as a value, so such a
// text is read as the one item of an array put around it. `whole`: text
// after the value makes it invalid.
std::optional<expr::Value> read_json(std::string_view json, bool whole, od::parser& parser, std::string& buffer) {
    const std::size_t first = json.find_first_not_of(" \t\r\n");
    const bool scalar = first == std::string_view::npos || (json[first] != '{' && json[first] != '[');
    buffer.clear();
    if (scalar) buffer.push_back('[');
    buffer.append(json);
    if (scalar) buffer.push_back(']');
    const std::size_t size = buffer.size();
    buffer.append(simdjson::SIMDJSON_PADDING, ' ');
    try {
        od::document doc = parser.iterate(buffer.data(), size, buffer.size()).value();
        od::value v = doc.get_value().value();
        expr::Value out;
        if (scalar) {
            std::size_t items = 0;
            for (auto item : v.get_array()) {
                if (items++ == 0) {
                    out = to_value(item.value());
                } else {
                    check_value(item.value());
                }
            }
            if (items != 1) return std::nullopt;  // "" or "1, 2"
        } else {
            out = to_value(v);
        }
        if (whole && !doc.current_location().error()) return std::nullopt;
        return out;
    } catch (const simdjson::simdjson_error&) {
        return std::nullopt;
    }
}

}  // namespace

std::optional<expr::Value> parse_json_value(std::string_view json) {
    od::parser parser;
    std::string buffer;
    return read_json(json, true, parser, buffer);
}

expr::Value json_cell_value(std::string_view json) {
    thread_local od::parser parser;
    thread_local std::string buffer;
    return read_json(json, false, parser, buffer).value_or(expr::Value::null());
}

bool quote_json_string(std::string_view text, std::string& out) {
    out.clear();
    if (!simdjson::validate_utf8(text)) return false;
    out.reserve(text.size() + 2);
    out.push_back('"');
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out.push_back('\\');
            out.push_back(c);
        } else if (byte < 0x20) {
            out += fmt::format("\\u{:04x}", byte);
        } else {
            out.push_back(c);
        }
    }
    out.push_back('"');
    return true;
}

}  // namespace journeyctl::core::data
