// journeyctl.yaml as a model: every value keeps its file position (Text and
// Located from core/yaml) so later checks — a channel's `to` expression that
// does not type-check, a consent rule naming no channel — point at the file.
// Secrets stay `${VAR}` text here; core/workspace/secret.hpp resolves them
// when they are used.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/expr/value.hpp"
#include "core/workspace/keys.hpp"
#include "core/yaml/located.hpp"
#include "core/yaml/reader.hpp"

namespace journeyctl::core::workspace {

using yaml::Located;
using yaml::SourcePos;
using yaml::Text;

inline constexpr std::string_view k_config_file = "journeyctl.yaml";
inline constexpr std::string_view k_default_state = ".journeyctl/state.db";
inline constexpr std::string_view k_default_zone = "UTC";

enum class FieldType : uint8_t { Int, Double, String, Bool, Timestamp };
std::string_view field_type_name(FieldType type);
std::optional<FieldType> parse_field_type(std::string_view text);

struct FieldDecl {
    Text name;
    Located<FieldType> type;
};

struct DataSource {
    bool present = false;
    SourcePos pos;                    // the source's mapping
    Text file;                        // relative to the workspace root
    Text key;                         // profile key field
    std::optional<Text> type_field;   // events: field holding the type (default "type")
    std::optional<Text> time_field;   // events: field holding the time (default "time")
    std::vector<FieldDecl> fields;    // declared types, file order

    std::string_view type_field_name() const { return type_field ? std::string_view(type_field->value) : "type"; }
    std::string_view time_field_name() const { return time_field ? std::string_view(time_field->value) : "time"; }
};

struct Header {
    Text name;
    Text value;  // may hold ${VAR}
};

// An email channel's unsubscribe targets (List-Unsubscribe, RFC 2369 and
// RFC 8058): templates rendered per message, at least one of them.
struct ListUnsubscribe {
    SourcePos key_pos;         // of `list_unsubscribe:`
    std::optional<Text> url;     // https://, one-click
    std::optional<Text> mailto;  // local@domain[?subject=...]
};

struct Channel {
    Text name;
    SourcePos pos;
    Text provider;
    ChannelKind kind = ChannelKind::Email;  // from the provider
    std::optional<Text> from;
    std::optional<Text> to;        // an expression
    std::optional<Text> base_url;
    std::optional<Located<yaml::Rate>> rate;
    std::optional<Text> ca_file;   // relative to the workspace root; may hold ${VAR}
    std::optional<Text> fallback;  // another channel's name
    std::vector<Header> headers;
    std::optional<ListUnsubscribe> list_unsubscribe;
    // Provider-specific settings (api_key, account_sid, url, ...), file
    // order, values unresolved.
    std::vector<std::pair<std::string, Text>> settings;
    // A `file` channel's `fields`: the extraction's address columns, each
    // a name and an expression over the profile, in file order.
    std::vector<std::pair<Text, Text>> address_fields;

    const Text* setting(std::string_view key) const;
};

struct ConsentRule {
    Text channel;
    Text expression;
};

struct FrequencyCap {
    SourcePos pos;
    Text channel;  // a channel name or "any"
    Located<int64_t> max;
    Located<expr::Duration> per;
};

enum class QuietThen : uint8_t { Delay, Skip };

struct QuietHours {
    SourcePos pos;
    Text start;
    int start_minutes = 0;  // after midnight
    Text end;
    int end_minutes = 0;
    std::optional<Text> zone;  // an expression; absent: the workspace zone
    Located<QuietThen> then{QuietThen::Delay, {}, {}};
};

struct Policies {
    std::vector<ConsentRule> consent;
    std::optional<Text> suppress;  // a file relative to the workspace root
    std::vector<FrequencyCap> frequency;
    std::optional<QuietHours> quiet_hours;
};

struct WorkspaceConfig {
    bool loaded = false;  // false when journeyctl.yaml could not be parsed
    Text name;
    std::optional<Text> timezone;
    DataSource profiles;
    DataSource events;
    std::optional<Text> state;
    std::vector<Channel> channels;  // file order
    Policies policies;

    std::string_view zone() const { return timezone ? std::string_view(timezone->value) : k_default_zone; }
    std::string_view state_path() const { return state ? std::string_view(state->value) : k_default_state; }
    const Channel* channel(std::string_view name) const;
};

}  // namespace journeyctl::core::workspace
