// JSON Lines chunks into batches (see jsonl.hpp).
#include "core/data/jsonl.hpp"

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>
#include <stdexcept>

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

// A row that is not valid JSON Lines, with why: thrown by the readers
// below, caught per line (the stream path gives up and reads the chunk line
// by line, which rejects exactly that line).
struct BadRow : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::string too_deep() {
    return fmt::format("nested too deep (more than {} levels of objects and lists)", k_max_json_depth);
}

// The keys of the objects being read, one list per depth (allocated once
// per thread, so that a reference to one level stays valid while deeper
// levels are read).
struct KeyLists {
    std::vector<std::vector<std::string_view>> by_depth = std::vector<std::vector<std::string_view>>(k_max_json_depth + 2);
    std::vector<std::string_view>& at(std::size_t depth) {
        std::vector<std::string_view>& keys = by_depth[depth];
        keys.clear();
        return keys;
    }
};
thread_local KeyLists t_keys;

// Which value of a key given twice would be the row's? Neither: the row is
// rejected.
void check_unique(std::vector<std::string_view>& keys) {
    if (keys.size() < 2) return;
    std::optional<std::string_view> twice;
    if (keys.size() <= 16) {
        for (std::size_t i = 1; i < keys.size() && !twice; ++i) {
            if (std::find(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(i), keys[i]) !=
                keys.begin() + static_cast<std::ptrdiff_t>(i)) {
                twice = keys[i];
            }
        }
    } else {
        std::sort(keys.begin(), keys.end());
        const auto same = std::adjacent_find(keys.begin(), keys.end());
        if (same != keys.end()) twice = *same;
    }
    if (twice) throw BadRow(fmt::format("duplicate key {} in one object", quoted_excerpt(*twice)));
}

std::string_view token_of(od::value& v) {
    std::string_view token = trim(v.raw_json_token());
    // A bad atom's token runs to the next structural character.
    const std::size_t end = token.find_first_of(",}]");
    return end == std::string_view::npos ? token : token.substr(0, end);
}

[[noreturn]] void bad_value(od::value& v, std::string_view field) {
    throw BadRow(fmt::format("invalid JSON value {}{}{}", quoted_excerpt(token_of(v)), field.empty() ? "" : " in ",
                             field));
}

// The value's type; BadRow for a token that is no JSON value (NaN).
od::json_type type_of(od::value& v, std::string_view field) {
    od::json_type type{};
    if (v.type().get(type)) bad_value(v, field);
    return type;
}

// A scalar read as JSON defines it (JSON's number grammar in double's
// range, a string's escapes, the exact atoms true, false, null); BadRow
// otherwise. Numbers that are integers are read as such by the caller.
void check_scalar(od::value& v, od::json_type type, std::string_view field) {
    simdjson::error_code error = simdjson::SUCCESS;
    switch (type) {
        case od::json_type::number: {
            // Parsed once, as what it is: simdjson's integer and double
            // parsers both check the grammar (no leading zero, no junk).
            od::number_type kind{};
            error = v.get_number_type().get(kind);
            if (error) break;
            if (kind == od::number_type::signed_integer) {
                int64_t i = 0;
                error = v.get_int64().get(i);
            } else if (kind == od::number_type::unsigned_integer) {
                uint64_t u = 0;
                error = v.get_uint64().get(u);
            } else {
                double d = 0;
                error = v.get_double().get(d);
            }
            break;
        }
        case od::json_type::string: {
            // Without a backslash there is no escape to get wrong (stage 1
            // checked the UTF-8): no need to copy it out.
            if (v.raw_json_token().find('\\') == std::string_view::npos) break;
            std::string_view text;
            error = v.get_string().get(text);
            break;
        }
        case od::json_type::boolean: {
            bool b = false;
            error = v.get_bool().get(b);
            break;
        }
        case od::json_type::null: {
            bool null = false;
            error = v.is_null().get(null);
            if (!error && !null) error = simdjson::INCORRECT_TYPE;
            break;
        }
        case od::json_type::object:
        case od::json_type::array: return;
    }
    if (error) bad_value(v, field);
}

// A field's key as text: a view into the row when it holds no escape
// (nearly every key), else unescaped into the parser's buffer. Stage 1
// checked the structure, so the closing quote is there.
template <typename Field>
std::string_view key_text(Field& field) {
    const char* raw = field.key().value().raw();
    const char* end = raw;
    while (*end != '"' && *end != '\\') ++end;
    if (*end == '"') return std::string_view(raw, static_cast<std::size_t>(end - raw));
    return field.unescaped_key().value();
}

// Rows are read through check_value and to_value, both bounded by
// k_max_json_depth; `depth` is the value's (the row object is at 1).
expr::Value to_value(od::value v, std::size_t depth) {
    const od::json_type type = type_of(v, {});
    if ((type == od::json_type::object || type == od::json_type::array) && depth > k_max_json_depth) {
        throw BadRow(too_deep());
    }
    switch (type) {
        case od::json_type::object: {
            auto map = std::make_shared<expr::MapValue>();
            for (auto field : v.get_object()) {
                std::string key(field.unescaped_key().value());
                map->insert(expr::Value::string(std::move(key)), to_value(field.value(), depth + 1));
            }
            return expr::Value::map(std::move(map));
        }
        case od::json_type::array: {
            expr::ListValue items;
            for (auto item : v.get_array()) items.push_back(to_value(item.value(), depth + 1));
            return expr::Value::list(std::move(items));
        }
        case od::json_type::number:
            check_scalar(v, type, {});
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
        case od::json_type::null: check_scalar(v, type, {}); return expr::Value::null();
    }
    return expr::Value::null();
}

// Reads a value the way to_value does, building nothing: what to_value
// would reject throws here too (simdjson_error or BadRow), so a row whose
// Dyn cell is kept as text is rejected exactly when building its value
// would fail. Also rejects a key given twice in one object.
void check_value(od::value v, std::size_t depth, std::string_view field) {
    const od::json_type type = type_of(v, field);
    switch (type) {
        case od::json_type::object: {
            if (depth > k_max_json_depth) throw BadRow(too_deep());
            std::vector<std::string_view>& keys = t_keys.at(depth);
            for (auto entry : v.get_object()) {
                keys.push_back(key_text(entry));
                check_value(entry.value(), depth + 1, field);
            }
            check_unique(keys);
            return;
        }
        case od::json_type::array:
            if (depth > k_max_json_depth) throw BadRow(too_deep());
            for (auto item : v.get_array()) check_value(item.value(), depth + 1, field);
            return;
        default: check_scalar(v, type, field); return;
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
std::string_view checked_text(od::value v, od::json_type type, const FieldSlot& f, Here here) {
    const std::string_view token = v.raw_json_token();
    check_value(v, 2, f.name);
    if (type != od::json_type::object && type != od::json_type::array) return trim(token);
    const char* end = here();
    return trim(std::string_view(token.data(), static_cast<std::size_t>(end - token.data())));
}

// An object cut down to the wanted keys, as JSON text in `out`: only their
// values are kept; the others are checked like any value (a bad value or a
// key given twice anywhere in the row rejects it, whatever is kept).
template <typename Here>
std::string_view wanted_keys(od::value v, const FieldSlot& f, std::string& out, Here here) {
    const std::vector<std::string>& wanted_names = *f.keys;
    out.assign("{");
    std::string quoted;
    std::vector<std::string_view>& keys = t_keys.at(2);
    for (auto field : v.get_object()) {
        const std::string_view key = key_text(field);
        keys.push_back(key);
        od::value value = field.value();
        const auto wanted = std::find(wanted_names.begin(), wanted_names.end(), key);
        if (wanted == wanted_names.end()) {
            check_value(value, 3, f.name);
            continue;
        }
        if (out.size() > 1) out.push_back(',');
        quote_json_string(*wanted, quoted);
        out += quoted;
        out.push_back(':');
        const od::json_type type = type_of(value, f.name);
        const std::string_view token = value.raw_json_token();
        check_value(value, 3, f.name);
        if (type != od::json_type::object && type != od::json_type::array) {
            out += trim(token);
        } else {
            out += trim(std::string_view(token.data(), static_cast<std::size_t>(here() - token.data())));
        }
    }
    check_unique(keys);
    out.push_back('}');
    return out;
}

// `here()`: where the document's parser stands (after a value read whole).
// `s`: the slot's cell, or the stager's scratch for a checked field. A
// scalar is parsed once, as the slot's type wants it; simdjson_error from
// that (an invalid value) is made a BadRow by stage_json below.
template <typename Here>
void stage_value(RowStager& st, const FieldSlot& f, Staged& s, std::string& json_text, od::value& v,
                 od::json_type type, Here here) {
    if (type == od::json_type::null) return check_scalar(v, type, f.name);
    auto bad = [&] {
        // The value is not read: check it anyway (a bad value is a
        // malformed row whatever its type).
        if (type == od::json_type::object || type == od::json_type::array) {
            check_value(v, 2, f.name);
        } else {
            check_scalar(v, type, f.name);
        }
        st.reject(RejectReason::BadType, st.bad_type(f, shown(v, type)));
    };
    if (type == od::json_type::string && f.type != ColumnType::Dyn) {
        st.convert(f, s, json_text, v.get_string().value());
        return;
    }
    if (f.role == FieldRole::Key) {
        if (type == od::json_type::number) {
            check_scalar(v, type, f.name);
            s.kind = Staged::Kind::Text;
            s.text = trim(v.raw_json_token());
        } else {
            bad();
        }
        return;
    }
    if (f.role == FieldRole::EventType) return bad();
    if (f.role == FieldRole::EventTime || f.type == ColumnType::Timestamp) {
        bool ok = false;
        if (type == od::json_type::number) {
            check_scalar(v, type, f.name);
            const std::string_view token = trim(v.raw_json_token());
            ok = parse_epoch_cell(token, s.t) || epoch_from_double(v.get_double().value(), s.t);
        }
        if (ok) {
            s.kind = Staged::Kind::Time;
        } else if (f.role == FieldRole::EventTime) {
            check_value(v, 2, f.name);
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
            check_scalar(v, type, f.name);
            s.kind = Staged::Kind::Text;
            s.text = trim(v.raw_json_token());
            return;
        case ColumnType::Dyn:
            // Kept as text (the cell's value is built when read).
            s.kind = Staged::Kind::Json;
            if (f.keys && type == od::json_type::object) {
                s.text = wanted_keys(v, f, json_text, here);
            } else {
                s.text = checked_text(v, type, f, here);
            }
            return;
        case ColumnType::Timestamp: return;  // handled above
    }
}

template <typename Here>
void stage_json(RowStager& st, const FieldSlot& f, Staged& s, std::string& json_text, od::value v, Here here) {
    const od::json_type type = type_of(v, f.name);
    try {
        stage_value(st, f, s, json_text, v, type, here);
    } catch (const simdjson::simdjson_error&) {
        bad_value(v, f.name);
    }
}

// Sizes and first bytes rule out most names without a call to memcmp.
inline bool same_name(const std::string& name, std::string_view key) {
    return name.size() == key.size() && (key.empty() || (name.front() == key.front() && name == key));
}

// One object's fields into the stager: the plan's slots staged, its
// checked fields converted and forgotten, any other field checked as JSON.
// Throws BadRow or simdjson_error on a row that is not valid JSON (a bad
// value anywhere, a key twice, nesting beyond k_max_json_depth).
template <typename Doc>
void stage_object(Doc& doc, const SourcePlan& plan, RowStager& st) {
    od::object object = doc.get_object().value();
    std::vector<std::string_view>& keys = t_keys.at(1);
    auto here = [&doc] { return doc.current_location().value(); };
    for (auto field : object) {
        const std::string_view key = key_text(field);
        keys.push_back(key);
        bool done = false;
        for (uint32_t slot = 0; slot < plan.slots.size() && !done; ++slot) {
            const std::string& name = plan.slots[slot].name;
            if (!same_name(name, key)) continue;
            stage_json(st, plan.slots[slot], st.cell(slot), st.json_text(slot), field.value(), here);
            done = true;
        }
        for (const FieldSlot& checked : plan.checked) {
            if (done) break;
            if (!same_name(checked.name, key)) continue;
            stage_json(st, checked, st.scratch(), st.scratch_json(), field.value(), here);
            done = true;
        }
        if (!done) {
            check_value(field.value(), 2, key);
            st.saw_other_field(key);
        }
    }
    check_unique(keys);
}

// Why simdjson refused a row, as a rejected row's detail.
std::string invalid_json(simdjson::error_code error) {
    if (error == simdjson::UTF8_ERROR) return "invalid UTF-8";
    if (error == simdjson::DEPTH_ERROR) return too_deep();
    return fmt::format("invalid JSON: {}", simdjson::error_message(error));
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
    } catch (const BadRow&) {
        return false;  // read again line by line, which says why
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
                st.reject_row(line, RejectReason::MalformedRow, invalid_json(error));
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
                    st.reject_row(line, RejectReason::MalformedRow, invalid_json(e.error()));
                } catch (const BadRow& e) {
                    st.reject_row(line, RejectReason::MalformedRow, e.what());
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
                    out = to_value(item.value(), 2);
                } else {
                    check_value(item.value(), 2, {});
                }
            }
            if (items != 1) return std::nullopt;  // "" or "1, 2"
        } else {
            out = to_value(v, 1);
        }
        if (whole && !doc.current_location().error()) return std::nullopt;
        return out;
    } catch (const simdjson::simdjson_error&) {
        return std::nullopt;
    } catch (const BadRow&) {
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

std::string_view cut_json_object(std::string_view json, const FieldSlot& slot, std::string& out) {
    const std::size_t first = json.find_first_not_of(" \t\r\n");
    if (!slot.keys || first == std::string_view::npos || json[first] != '{') return json;
    thread_local od::parser parser;
    thread_local std::string buffer;
    buffer.assign(json);
    buffer.append(simdjson::SIMDJSON_PADDING, ' ');
    try {
        od::document doc = parser.iterate(buffer.data(), json.size(), buffer.size()).value();
        od::value v = doc.get_value().value();
        // Every wanted value is followed by the object's closing brace, so
        // the parser stands inside the document when asked where.
        auto here = [&doc] { return doc.current_location().value(); };
        return wanted_keys(v, slot, out, here);
    } catch (const simdjson::simdjson_error&) {
        return json;
    } catch (const BadRow&) {
        return json;
    }
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
