// journeyctl.yaml's channels and policies, checked against the rest of the
// workspace: each channel's `to` (an expression over the profile; without
// one, or naming a profile field the data lacks, every message ends as
// no_address, which sends through it are warned about), fallbacks and
// frequency caps naming channels, the quiet-hours zone, and consent rules
// (each names a channel; a channel that sends use and no rule covers is
// warned about: every profile then counts as consenting), an email
// channel's `from` (one mailbox), a file channel's address fields
// (expressions over the profile, as `to` is), and list_unsubscribe targets.
#include <algorithm>
#include <functional>
#include <set>

#include "core/util/edit_distance.hpp"
#include "journeys/messages/address.hpp"
#include "journeys/messages/list_unsubscribe.hpp"
#include "journeys/validation/validate_internal.hpp"

namespace journeyctl::journeys::validation {

using core::expr::Type;
using core::expr::TypeKind;

namespace {

const std::string k_config(core::workspace::k_config_file);

std::string address_problem(Context& cx, const core::workspace::Channel& channel) {
    if (!channel.to) return "has no 'to'";
    std::vector<std::string> unknown;
    const auto checked = check_expression(cx, k_config, *channel.to,
                                          {.env = &cx.scope.workspace_env, .quiet_unknown_fields = true,
                                           .unknown_fields = &unknown});
    if (!unknown.empty()) {
        return "takes its 'to' from profile field " + in_quotes(unknown.front()) +
               ", which the profile data does not have";
    }
    if (checked && !Type::of(TypeKind::String).accepts(checked->type)) {
        cx.report_at(k_config, *channel.to, "expr-type",
                     "the 'to' of channel " + in_quotes(channel.name.value) + " must give a string address, got " +
                         checked->type.name());
    }
    return {};
}

void check_fallback(Context& cx, const core::workspace::Channel& channel) {
    if (!channel.fallback || channel.fallback->empty()) return;
    const auto& config = cx.ws.config;
    if (!config.channel(channel.fallback->value)) {
        cx.report_at(k_config, *channel.fallback, "unknown-channel",
                     "channel " + in_quotes(channel.name.value) + " falls back to " + in_quotes(channel.fallback->value) +
                         ", which is not a channel" + core::util::did_you_mean(channel.fallback->value, cx.channel_names));
        return;
    }
    // A template is written for one kind of message; the fallback must be
    // able to carry what this channel carries.
    const core::workspace::Channel& fallback = *config.channel(channel.fallback->value);
    if (fallback.kind != channel.kind) {
        cx.report_at(k_config, *channel.fallback, "fallback-kind",
                     "channel " + in_quotes(channel.name.value) + " (" +
                         std::string(core::workspace::channel_kind_name(channel.kind)) + ") falls back to " +
                         in_quotes(fallback.name.value) + ", which carries " +
                         std::string(core::workspace::channel_kind_name(fallback.kind)) +
                         " messages: a fallback must carry the same kind");
    }
    // Follow the chain: it must end. A circle is reported once, at the
    // channel of the circle written first in the file.
    std::vector<std::string> chain{channel.name.value};
    const core::workspace::Channel* at = &channel;
    while (at->fallback && !at->fallback->empty()) {
        const auto* next = config.channel(at->fallback->value);
        if (!next) return;
        const auto seen = std::find(chain.begin(), chain.end(), next->name.value);
        if (seen != chain.end()) {
            if (seen != chain.begin()) return;  // a chain into a circle that does not pass this channel
            for (const auto& other : config.channels) {
                if (&other == &channel) break;
                if (std::find(chain.begin(), chain.end(), other.name.value) != chain.end()) return;
            }
            std::string through;
            for (std::size_t k = 1; k < chain.size(); ++k) {
                if (k > 1) through += k + 1 == chain.size() ? " and " : ", ";
                through += in_quotes(chain[k]);
            }
            cx.report_at(k_config, *channel.fallback, "fallback-cycle",
                         "channel " + in_quotes(channel.name.value) + " falls back to itself" +
                             (through.empty() ? std::string() : " through " + through));
            return;
        }
        chain.push_back(next->name.value);
        at = next;
    }
}

// An email channel's `from` becomes the From header of every message: one
// mailbox, as each `to` must be. Checked when written out; one that takes
// a ${VAR} is known only when the variable is.
void check_from(Context& cx, const core::workspace::Channel& channel) {
    if (channel.kind != core::workspace::ChannelKind::Email || !channel.from) return;
    if (channel.from->value.find("${") != std::string::npos) return;
    if (auto problem = email_address_problem(channel.from->value)) {
        cx.report_at(k_config, *channel.from, "bad-from",
                     "the 'from' of channel " + in_quotes(channel.name.value) + " cannot be a From header: " + *problem);
    }
}

// Each address field becomes a column of the extraction, written as text:
// any value will do, but it must compile against the profile's fields.
void check_address_fields(Context& cx, const core::workspace::Channel& channel) {
    for (const auto& [column, expression] : channel.address_fields)
        check_expression(cx, k_config, expression, {.env = &cx.scope.workspace_env});
}

// The literal text of a target's template: Text nodes at any depth.
void each_literal(const std::vector<core::tmpl::Node>& nodes, const std::function<void(const core::tmpl::Node&)>& f) {
    for (const core::tmpl::Node& node : nodes) {
        if (node.kind == core::tmpl::NodeKind::Text) f(node);
        each_literal(node.children, f);
        each_literal(node.else_children, f);
    }
}

// A list_unsubscribe target: a template over the profile (template-syntax,
// template-field, template-expr, as a template's parts), whose text must be
// what a target may be (bad-unsubscribe). All literal: the whole target is
// known and checked; with tags, what they put in is checked per message
// (message.cpp), and here the text around them must be URI text, and a
// url's start https://.
void check_unsubscribe_target(Context& cx, const core::workspace::Channel& channel, const Text& text,
                              std::string_view key) {
    const auto tmpl = check_template_text(cx, k_config, text, core::tmpl::Escaping::Uri);
    if (!tmpl) return;
    const std::string owner = "the list_unsubscribe " + std::string(key) + " of channel " + in_quotes(channel.name.value);
    const auto& nodes = tmpl->nodes();
    const bool literal = std::all_of(nodes.begin(), nodes.end(),
                                     [](const core::tmpl::Node& n) { return n.kind == core::tmpl::NodeKind::Text; });
    if (literal) {
        const auto problem = key == "url" ? unsubscribe_url_problem(text.value) : unsubscribe_mailto_problem(text.value);
        if (problem) cx.report_at(k_config, text, "bad-unsubscribe", owner + " " + *problem);
        return;
    }
    if (key == "url" && nodes.front().kind == core::tmpl::NodeKind::Text) {
        if (auto problem = unsubscribe_url_start_problem(nodes.front().text)) {
            cx.report_at(k_config, text, "bad-unsubscribe", owner + " " + *problem);
            return;
        }
    }
    bool reported = false;
    each_literal(nodes, [&](const core::tmpl::Node& node) {
        const auto problem = uri_text_problem(node.text);
        if (reported || !problem) return;
        cx.report_inside(k_config, text, node.position.offset + static_cast<uint32_t>(problem->at), 1,
                         "bad-unsubscribe", owner + " has " + problem->what + problem->why);
        reported = true;
    });
}

void check_list_unsubscribe(Context& cx, const core::workspace::Channel& channel) {
    const auto& config = channel.list_unsubscribe;
    if (!config) return;
    if (channel.kind != core::workspace::ChannelKind::Email) {
        if (!core::workspace::find_provider(channel.provider.value)) return;  // bad-enum already
        const std::string kind(core::workspace::channel_kind_name(channel.kind));
        cx.report(k_config, config->key_pos, static_cast<uint32_t>(std::string_view("list_unsubscribe").size()),
                  "bad-unsubscribe",
                  "channel " + in_quotes(channel.name.value) + " carries " + kind +
                      " messages; list_unsubscribe is for email channels");
        return;
    }
    if (config->url) check_unsubscribe_target(cx, channel, *config->url, "url");
    if (config->mailto) check_unsubscribe_target(cx, channel, *config->mailto, "mailto");
}

}  // namespace

void validate_channels(Context& cx) {
    const auto& config = cx.ws.config;
    for (const auto& channel : config.channels) {
        if (channel.name.empty()) continue;
        ChannelFacts facts;
        facts.address_problem = address_problem(cx, channel);
        cx.channels.emplace(channel.name.value, std::move(facts));
        check_fallback(cx, channel);
        check_from(cx, channel);
        check_address_fields(cx, channel);
        check_list_unsubscribe(cx, channel);
    }
    for (const auto& cap : config.policies.frequency) {
        if (cap.channel.empty() || cap.channel.value == "any" || config.channel(cap.channel.value)) continue;
        std::vector<std::string> names = cx.channel_names;
        names.emplace_back("any");
        cx.report_at(k_config, cap.channel, "unknown-channel",
                     "frequency cap on " + in_quotes(cap.channel.value) + ", which is not a channel (nor any)" +
                         core::util::did_you_mean(cap.channel.value, names));
    }
    if (const auto& quiet = config.policies.quiet_hours; quiet && quiet->zone)
        check_zone_expression(cx, k_config, *quiet->zone, cx.scope.workspace_env);
}

void validate_consent(Context& cx) {
    const auto& config = cx.ws.config;
    std::set<std::string, std::less<>> covered;
    for (const auto& rule : config.policies.consent) {
        if (rule.channel.empty()) continue;
        covered.insert(rule.channel.value);
        if (!config.channel(rule.channel.value)) {
            cx.report_at(k_config, rule.channel, "unknown-consent-channel",
                         "consent rule for " + in_quotes(rule.channel.value) + ", which is not a channel" +
                             core::util::did_you_mean(rule.channel.value, cx.channel_names));
        }
        check_expression(cx, k_config, rule.expression, {.env = &cx.scope.workspace_env, .expect_bool = true});
    }
    for (const auto& channel : config.channels) {
        if (channel.name.empty() || !cx.used_channels.contains(channel.name.value) || covered.contains(channel.name.value))
            continue;
        cx.report_at(k_config, channel.name, "missing-consent",
                     "no consent rule for channel " + in_quotes(channel.name.value) +
                         ", which journeys send through: every profile counts as consenting",
                     Severity::Warning);
    }
}

}  // namespace journeyctl::journeys::validation
