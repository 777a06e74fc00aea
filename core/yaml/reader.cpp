#include "core/yaml/reader.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <stdexcept>
#include <variant>

#include "core/expr/time.hpp"
#include "core/util/edit_distance.hpp"

namespace journeyctl::core::yaml {

bool is_valid_name(std::string_view text) {
    if (text.empty() || text[0] < 'a' || text[0] > 'z') return false;
    return std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
}

std::optional<Rate> parse_rate(std::string_view text) {
    const auto slash = text.find('/');
    if (slash == std::string_view::npos || slash == 0) return std::nullopt;
    const std::string_view count = text.substr(0, slash);
    const std::string_view unit = text.substr(slash + 1);
    Rate rate;
    if (unit == "s") rate.per_seconds = 1;
    else if (unit == "m") rate.per_seconds = 60;
    else if (unit == "h") rate.per_seconds = 3600;
    else return std::nullopt;
    if (!std::all_of(count.begin(), count.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '.'; }))
        return std::nullopt;
    auto [end, ec] = std::from_chars(count.data(), count.data() + count.size(), rate.count);
    if (ec != std::errc() || end != count.data() + count.size() || !(rate.count > 0)) return std::nullopt;
    return rate;
}

std::optional<int> parse_clock_time(std::string_view text) {
    if (text.size() != 5 || text[2] != ':') return std::nullopt;
    for (std::size_t i : {0u, 1u, 3u, 4u}) {
        if (!std::isdigit(static_cast<unsigned char>(text[i]))) return std::nullopt;
    }
    const int hours = (text[0] - '0') * 10 + (text[1] - '0');
    const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
    if (hours > 23 || minutes > 59) return std::nullopt;
    return hours * 60 + minutes;
}

bool looks_like_cron(std::string_view text) {
    if (!text.empty() && text[0] == '@') {
        return text == "@hourly" || text == "@daily" || text == "@weekly" || text == "@monthly" ||
               text == "@yearly" || text == "@annually" || text == "@midnight";
    }
    int fields = 0;
    bool in_field = false;
    for (char c : text) {
        const bool space = c == ' ' || c == '\t';
        if (!space && !in_field) ++fields;
        in_field = !space;
    }
    return fields == 5;
}

namespace {

std::string quoted(std::string_view s) {
    std::string out = "'";
    out += s;
    out += "'";
    return out;
}

std::string node_kind_text(const YAML::Node& node) {
    if (node.IsMap()) return "a mapping";
    if (node.IsSequence()) return "a list";
    if (!node.IsDefined() || node.IsNull()) return "nothing";
    return quoted(node.Scalar());
}

uint32_t span_length(const Text& t) {
    const auto newline = t.value.find('\n');
    const std::size_t n = newline == std::string::npos ? t.value.size() : newline;
    return static_cast<uint32_t>(std::max<std::size_t>(n, 1));
}

// Value node's position, or its key's when the value is empty (yaml-cpp
// marks an empty value at the next token, often on another line).
SourcePos where_of(FileContext& ctx, const YAML::Node& node, SourcePos key_pos) {
    if (key_pos.known() && (!node.IsDefined() || node.IsNull())) return key_pos;
    const SourcePos pos = ctx.pos_of(node);
    return pos.known() ? pos : key_pos;
}

bool check_shape(FileContext& ctx, const YAML::Node& node, ValueKind kind, std::string_view label, SourcePos key_pos) {
    if (!node.IsDefined() || node.IsNull()) {
        ctx.report(where_of(ctx, node, key_pos), "bad-type",
                   std::string(label) + " has no value; expected " + std::string(value_kind_description(kind)));
        return false;
    }
    if (!node.IsScalar()) {
        ctx.report(where_of(ctx, node, key_pos), "bad-type",
                   std::string(label) + " must be " + std::string(value_kind_description(kind)) + ", not " +
                       node_kind_text(node));
        return false;
    }
    return true;
}

std::string join(std::span<const std::string_view> values) {
    std::string out;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i) out += i + 1 == values.size() ? " or " : ", ";
        out += values[i];
    }
    return out;
}

}  // namespace

std::optional<Text> read_text(FileContext& ctx, const YAML::Node& node, const KeySpec& spec, std::string_view label,
                              SourcePos key_pos) {
    if (!check_shape(ctx, node, spec.kind, label, key_pos)) return std::nullopt;
    Text text = ctx.text_of(node, key_pos);
    const std::string& v = text.value;
    auto bad = [&](std::string code, std::string message) {
        ctx.report(text.content_pos(), std::move(code), std::move(message), span_length(text));
        return std::nullopt;
    };
    switch (spec.kind) {
        case ValueKind::Name:
            if (!is_valid_name(v))
                return bad("bad-name", std::string(label) + " " + quoted(v) +
                                           " is not a valid name: use lowercase letters, digits, '_' and '-', "
                                           "starting with a letter");
            break;
        case ValueKind::Enum:
            if (std::find(spec.values.begin(), spec.values.end(), v) == spec.values.end())
                return bad("bad-enum", std::string(label) + " must be " + join(spec.values) + ", not " + quoted(v) +
                                           util::did_you_mean(v, spec.values));
            break;
        case ValueKind::Int: {
            int64_t n = 0;
            auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
            if (v.empty() || ec != std::errc() || end != v.data() + v.size())
                return bad("bad-type", std::string(label) + " must be a whole number, not " + quoted(v));
            break;
        }
        case ValueKind::Bool: {
            bool b = false;
            if (!YAML::convert<bool>::decode(node, b))
                return bad("bad-type", std::string(label) + " must be true or false, not " + quoted(v));
            break;
        }
        case ValueKind::Duration: {
            auto parsed = expr::time::parse_duration(v);
            // The parser's own message lists the sub-second units expressions
            // also take; a workspace file is told the units it is meant to use.
            if (std::holds_alternative<expr::time::TimeError>(parsed))
                return bad("bad-duration", std::string(label) + " " + quoted(v) +
                                               " is not a duration: write a number and a unit (s, m, h, d or w), "
                                               "or several such as 1d12h");
            if (std::get<expr::Duration>(parsed) <= expr::Duration{})
                return bad("bad-duration", std::string(label) + " must be a positive duration, not " + quoted(v));
            break;
        }
        case ValueKind::Url:
            if (!v.starts_with("http://") && !v.starts_with("https://") && !v.starts_with("${"))
                return bad("bad-value", std::string(label) + " must be an http:// or https:// URL, not " + quoted(v));
            break;
        case ValueKind::Rate:
            if (!parse_rate(v))
                return bad("bad-value", std::string(label) + " must be a rate such as 100/s, 600/m or 1000/h, not " +
                                            quoted(v));
            break;
        case ValueKind::ClockTime:
            if (!parse_clock_time(v))
                return bad("bad-value",
                           std::string(label) + " must be a time of day as HH:MM (00:00 to 23:59), not " + quoted(v));
            break;
        case ValueKind::Cron:
            if (!looks_like_cron(v))
                return bad("bad-value", std::string(label) +
                                            " must be a cron schedule of five fields (minute hour day month "
                                            "weekday) such as \"0 9 * * MON\", or a macro such as @daily, not " +
                                            quoted(v));
            break;
        case ValueKind::Zone:
            if (!expr::time::is_valid_zone(v))
                return bad("bad-zone", std::string(label) + " " + quoted(v) +
                                           " is not a known time zone (write an IANA name such as Europe/Paris)");
            break;
        case ValueKind::Expression:
        case ValueKind::Path:
            if (v.find_first_not_of(" \t\r\n") == std::string::npos)
                return bad("bad-value", std::string(label) + " is empty");
            break;
        default:
            break;
    }
    return text;
}

std::optional<Located<int64_t>> read_int(FileContext& ctx, const YAML::Node& node, std::string_view label,
                                         SourcePos key_pos) {
    const KeySpec spec = key(label, ValueKind::Int, true, {});
    auto text = read_text(ctx, node, spec, label, key_pos);
    if (!text) return std::nullopt;
    Located<int64_t> out{0, text->pos, key_pos};
    std::from_chars(text->value.data(), text->value.data() + text->value.size(), out.value);
    return out;
}

std::optional<Located<bool>> read_bool(FileContext& ctx, const YAML::Node& node, std::string_view label,
                                       SourcePos key_pos) {
    const KeySpec spec = key(label, ValueKind::Bool, true, {});
    auto text = read_text(ctx, node, spec, label, key_pos);
    if (!text) return std::nullopt;
    Located<bool> out{false, text->pos, key_pos};
    YAML::convert<bool>::decode(node, out.value);
    return out;
}

std::optional<Located<expr::Duration>> read_duration(FileContext& ctx, const YAML::Node& node, std::string_view label,
                                                     SourcePos key_pos) {
    const KeySpec spec = key(label, ValueKind::Duration, true, {});
    auto text = read_text(ctx, node, spec, label, key_pos);
    if (!text) return std::nullopt;
    return Located<expr::Duration>{std::get<expr::Duration>(expr::time::parse_duration(text->value)), text->pos,
                                   key_pos};
}

ObjectReader::ObjectReader(FileContext& ctx, const YAML::Node& node, const KeyTable& table, std::string what,
                           Options options, SourcePos where)
    : m_ctx(ctx), m_table(table), m_extra(options.extra), m_what(what.empty() ? std::string(table.name) : what) {
    m_pos = node.IsDefined() && !node.IsNull() ? ctx.pos_of(node) : SourcePos{};
    if (!m_pos.known()) m_pos = where.known() ? where : SourcePos{1, 1, 0};
    if (!node.IsMap()) {
        ctx.report(m_pos, "bad-type", m_what + " must be a mapping of keys to values, not " + node_kind_text(node));
        return;
    }
    m_valid = true;
    std::vector<std::string_view> known = table.key_names();
    if (m_extra) {
        for (auto name : m_extra->key_names()) known.push_back(name);
    }
    for (auto it = node.begin(); it != node.end(); ++it) {
        const SourcePos kp = ctx.pos_of(it->first);
        if (!it->first.IsScalar()) {
            ctx.report(kp, "bad-type", "keys in " + m_what + " must be plain names");
            continue;
        }
        std::string key = it->first.Scalar();
        const auto length = static_cast<uint32_t>(key.size());
        if (const Entry* first = find(key)) {
            ctx.report(kp, "duplicate-key",
                       "key " + quoted(key) + " is given twice in " + m_what + " (first on line " +
                           std::to_string(first->key_pos.line) + ")",
                       length);
            continue;
        }
        if (!table.find(key) && !(m_extra && m_extra->find(key))) {
            std::string message = options.explain_unknown ? options.explain_unknown(key) : std::string();
            if (message.empty()) message = "unknown key " + quoted(key) + " in " + m_what + util::did_you_mean(key, known);
            ctx.report(kp, "unknown-key", std::move(message), length);
            continue;
        }
        m_entries.push_back({std::move(key), kp, it->second});
    }
    for (const KeyTable* t : {&table, m_extra}) {
        if (!t) continue;
        for (const KeySpec& spec : t->keys) {
            if (spec.required && !has(spec.name))
                ctx.report(m_pos, "missing-key", "missing key " + quoted(spec.name) + " in " + m_what);
        }
    }
}

const ObjectReader::Entry* ObjectReader::find(std::string_view key) const {
    for (const Entry& e : m_entries) {
        if (e.key == key) return &e;
    }
    return nullptr;
}

std::string ObjectReader::label(std::string_view key) const { return quoted(key); }

const KeySpec& ObjectReader::spec(std::string_view key) const {
    if (const KeySpec* s = m_table.find(key)) return *s;
    if (m_extra) {
        if (const KeySpec* s = m_extra->find(key)) return *s;
    }
    throw std::logic_error("key '" + std::string(key) + "' is not in the key table of " + std::string(m_table.name));
}

SourcePos ObjectReader::key_pos(std::string_view key) const {
    const Entry* e = find(key);
    return e ? e->key_pos : SourcePos{};
}

YAML::Node ObjectReader::node(std::string_view key) const {
    const Entry* e = find(key);
    return e ? e->value : YAML::Node(YAML::NodeType::Undefined);
}

std::optional<Text> ObjectReader::text(std::string_view key) const {
    const KeySpec& s = spec(key);
    const Entry* e = find(key);
    if (!e) return std::nullopt;
    return read_text(m_ctx, e->value, s, label(key), e->key_pos);
}

std::optional<Located<int64_t>> ObjectReader::integer(std::string_view key) const {
    spec(key);
    const Entry* e = find(key);
    if (!e) return std::nullopt;
    return read_int(m_ctx, e->value, label(key), e->key_pos);
}

std::optional<Located<bool>> ObjectReader::boolean(std::string_view key) const {
    spec(key);
    const Entry* e = find(key);
    if (!e) return std::nullopt;
    return read_bool(m_ctx, e->value, label(key), e->key_pos);
}

std::optional<Located<expr::Duration>> ObjectReader::duration(std::string_view key) const {
    spec(key);
    const Entry* e = find(key);
    if (!e) return std::nullopt;
    return read_duration(m_ctx, e->value, label(key), e->key_pos);
}

std::optional<ObjectReader> ObjectReader::object(std::string_view key, std::string what) const {
    const KeySpec& s = spec(key);
    const Entry* e = find(key);
    if (!e) return std::nullopt;
    if (!s.object) throw std::logic_error("key '" + std::string(key) + "' has no object table");
    return ObjectReader(m_ctx, e->value, *s.object, what.empty() ? label(key) : std::move(what), {}, e->key_pos);
}

std::vector<YAML::Node> ObjectReader::list(std::string_view key) const {
    spec(key);
    const Entry* e = find(key);
    std::vector<YAML::Node> items;
    if (!e) return items;
    if (!e->value.IsSequence()) {
        m_ctx.report(where_of(m_ctx, e->value, e->key_pos), "bad-type",
                     label(key) + " must be a list, not " + node_kind_text(e->value));
        return items;
    }
    for (const auto& item : e->value) items.push_back(item);
    return items;
}

std::vector<std::pair<Text, YAML::Node>> ObjectReader::map(std::string_view key) const {
    const KeySpec& s = spec(key);
    const Entry* e = find(key);
    std::vector<std::pair<Text, YAML::Node>> out;
    if (!e) return out;
    if (!e->value.IsMap()) {
        m_ctx.report(where_of(m_ctx, e->value, e->key_pos), "bad-type",
                     label(key) + " must be a mapping, not " + node_kind_text(e->value));
        return out;
    }
    for (auto it = e->value.begin(); it != e->value.end(); ++it) {
        if (!it->first.IsScalar()) {
            m_ctx.report(m_ctx.pos_of(it->first), "bad-type", "keys in " + label(key) + " must be plain names");
            continue;
        }
        Text k = m_ctx.text_of(it->first);
        const auto length = static_cast<uint32_t>(std::max<std::size_t>(k.value.size(), 1));
        const auto seen = std::find_if(out.begin(), out.end(), [&](const auto& p) { return p.first.value == k.value; });
        if (seen != out.end()) {
            m_ctx.report(k.pos, "duplicate-key",
                         "key " + quoted(k.value) + " is given twice in " + label(key) + " (first on line " +
                             std::to_string(seen->first.pos.line) + ")",
                         length);
            continue;
        }
        if (s.key_kind == ValueKind::Name && !is_valid_name(k.value)) {
            m_ctx.report(k.pos, "bad-name",
                         quoted(k.value) + " in " + label(key) +
                             " is not a valid name: use lowercase letters, digits, '_' and '-', starting with a letter",
                         length);
            continue;
        }
        out.emplace_back(std::move(k), it->second);
    }
    return out;
}

}  // namespace journeyctl::core::yaml
