// Reading YAML mappings through a key table (core/yaml/keys.hpp). An
// ObjectReader checks a mapping once — unknown keys (with "did you mean"),
// keys given twice, required keys missing — and then hands out values read
// by their KeySpec's kind: names are checked against [a-z][a-z0-9_-]*,
// durations parsed, enums matched, and every problem becomes a diagnostic in
// the FileContext while reading goes on. Loaders ask only for keys that are
// in their table; asking for another is a programming error (std::logic_error).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "core/expr/value.hpp"
#include "core/yaml/document.hpp"
#include "core/yaml/keys.hpp"
#include "core/yaml/located.hpp"

namespace journeyctl::core::yaml {

// Value syntaxes shared by loaders and validators.
bool is_valid_name(std::string_view text);
struct Rate {
    double count = 0;        // messages ...
    uint32_t per_seconds = 1;  // ... per this many seconds
    double per_second() const { return count / per_seconds; }
};
std::optional<Rate> parse_rate(std::string_view text);          // "100/s", "600/m", "1000/h"
std::optional<int> parse_clock_time(std::string_view text);     // "09:00" -> minutes after midnight
bool looks_like_cron(std::string_view text);                    // five fields or @daily-style

// Reading one value (a key's, a list item's, a map entry's) by its spec.
// `label` names it in messages ("'timeout'", "item 2 of 'exit_on'").
std::optional<Text> read_text(FileContext& ctx, const YAML::Node& node, const KeySpec& spec,
                              std::string_view label, SourcePos key_pos = {});
std::optional<Located<int64_t>> read_int(FileContext& ctx, const YAML::Node& node, std::string_view label,
                                         SourcePos key_pos = {});
std::optional<Located<bool>> read_bool(FileContext& ctx, const YAML::Node& node, std::string_view label,
                                       SourcePos key_pos = {});
std::optional<Located<expr::Duration>> read_duration(FileContext& ctx, const YAML::Node& node,
                                                     std::string_view label, SourcePos key_pos = {});

struct ObjectReaderOptions {
    // Keys accepted besides the table's (a channel's provider-specific keys).
    const KeyTable* extra = nullptr;
    // For an unknown key, a message to use instead of the generic one
    // (empty: use the generic one), e.g. "'account_sid' is for twilio".
    std::function<std::string(std::string_view key)> explain_unknown;
};

class ObjectReader {
public:
    using Options = ObjectReaderOptions;

    struct Entry {
        std::string key;
        SourcePos key_pos;
        YAML::Node value;
    };

    // `what` names the mapping in messages ("step 'pause'"); empty uses the
    // table's name. A node that is not a mapping is reported (bad-type) and
    // the reader is invalid: every getter then returns nothing.
    ObjectReader(FileContext& ctx, const YAML::Node& node, const KeyTable& table, std::string what = {},
                 Options options = {}, SourcePos where = {});

    bool valid() const { return m_valid; }
    SourcePos pos() const { return m_pos; }
    const std::string& what() const { return m_what; }
    FileContext& context() const { return m_ctx; }
    const KeyTable& table() const { return m_table; }
    // Known keys present, in file order (unknown and repeated ones left out).
    const std::vector<Entry>& entries() const { return m_entries; }

    bool has(std::string_view key) const { return find(key) != nullptr; }
    SourcePos key_pos(std::string_view key) const;
    YAML::Node node(std::string_view key) const;
    const KeySpec& spec(std::string_view key) const;

    std::optional<Text> text(std::string_view key) const;
    std::optional<Located<int64_t>> integer(std::string_view key) const;
    std::optional<Located<bool>> boolean(std::string_view key) const;
    std::optional<Located<expr::Duration>> duration(std::string_view key) const;
    // A nested object read with the spec's table.
    std::optional<ObjectReader> object(std::string_view key, std::string what = {}) const;
    // A sequence's items (nothing, reported, when the value is not a list).
    std::vector<YAML::Node> list(std::string_view key) const;
    // A mapping's entries with their keys as Text (keys checked as names
    // when the spec's key_kind is Name; repeated keys reported).
    std::vector<std::pair<Text, YAML::Node>> map(std::string_view key) const;

private:
    const Entry* find(std::string_view key) const;
    std::string label(std::string_view key) const;

    FileContext& m_ctx;
    const KeyTable& m_table;
    const KeyTable* m_extra = nullptr;
    std::string m_what;
    SourcePos m_pos;
    bool m_valid = false;
    std::vector<Entry> m_entries;
};

}  // namespace journeyctl::core::yaml
