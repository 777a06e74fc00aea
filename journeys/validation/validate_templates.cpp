// Templates: each names a configured channel; has the parts its channel's
// kind of message needs (email: subject, and html or text; SMS, push and
// webhook: body; direct mail: data, the letter's columns, none named as a
// column the channel gives) and no part that kind ignores; and every part parses and
// type-checks (core/template) against the scope, with positions mapped into
// the YAML file or into the html_file / text_file the part came from. The
// url, body and headers of `call` steps are templates too.
//
// Codes: template-syntax (the template language), template-field (an
// expression tag naming a profile field the data does not have),
// template-expr (another problem in an expression tag), template-partial
// (`{{> name}}`: a workspace defines no partials, so every one is unknown).
#include <algorithm>

#include "core/template/template.hpp"
#include "core/util/edit_distance.hpp"
#include "core/workspace/file_channel.hpp"
#include "core/workspace/keys.hpp"
#include "journeys/messages/template_positions.hpp"
#include "journeys/validation/validate_internal.hpp"

namespace journeyctl::journeys::validation {

using core::workspace::ChannelKind;

namespace {

std::string code_of(const core::diag::Diagnostic& d) {
    if (d.code == "template-expr" && d.message.starts_with("unknown field")) return "template-field";
    return d.code.empty() ? "template-syntax" : d.code;
}

}  // namespace

std::shared_ptr<const core::tmpl::Template> check_template_text(Context& cx, const std::string& path, const Text& text,
                                                               core::tmpl::Escaping escaping) {
    core::tmpl::TemplateOptions options;
    options.escaping = escaping;
    options.environment = cx.scope.template_env;
    const auto parsed = core::tmpl::parse(text.value, options);
    std::vector<core::diag::Diagnostic> problems = parsed.diagnostics;
    if (parsed.ok()) {
        const core::tmpl::PartialMap none(options);
        for (auto& d : core::tmpl::check(*parsed.tmpl, none)) {
            d.message += ": a workspace defines no partials";
            problems.push_back(std::move(d));
        }
    }
    for (const auto& d : problems) {
        cx.report_inside(path, text, d.offset, d.length, code_of(d), message_in_file(d, text), d.severity);
        for (const auto& note : d.notes) {
            cx.note_inside(path, text, note.offset, note.length, note.message);
        }
    }
    return parsed.tmpl;
}

namespace {

void check_text(Context& cx, const std::string& path, const Text& text, bool html) {
    check_template_text(cx, path, text, html ? core::tmpl::Escaping::Html : core::tmpl::Escaping::None);
}

struct Part {
    std::string_view name;
    const std::optional<TemplateText>* text;
};

void check_parts(Context& cx, const Template& tmpl, ChannelKind kind) {
    const Part parts[] = {{"subject", &tmpl.subject}, {"html", &tmpl.html}, {"text", &tmpl.text},
                          {"body", &tmpl.body},       {"title", &tmpl.title}};
    auto allowed = [&](std::string_view part) {
        switch (kind) {
            case ChannelKind::Email: return part == "subject" || part == "html" || part == "text";
            case ChannelKind::Sms:
            case ChannelKind::Webhook: return part == "body";
            case ChannelKind::Push: return part == "body" || part == "title" || part == "data";
            case ChannelKind::DirectMail: return part == "data";
        }
        return false;
    };
    const std::string kind_name(core::workspace::channel_kind_name(kind));
    const std::string owner = "template " + in_quotes(tmpl.name.value) + " (" + kind_name + ", channel " +
                              in_quotes(tmpl.channel.value) + ")";
    for (const Part& part : parts) {
        if (!*part.text || allowed(part.name)) continue;
        const Text& text = (*part.text)->text;
        const SourcePos at = text.key_pos.known() ? text.key_pos : text.content_pos();
        cx.report(tmpl.file, at, static_cast<uint32_t>(part.name.size()), "unused-part",
                  owner + " has a " + std::string(part.name) + ", which " + kind_name + " messages do not use",
                  Severity::Warning);
    }
    if (!tmpl.data.empty() && !allowed("data")) {
        cx.report(tmpl.file, tmpl.data.front().first.pos, 4, "unused-part",
                  owner + " has data, which " + kind_name + " messages do not use", Severity::Warning);
    }
    // A body named by html_file or text_file that could not be read is
    // loading's missing-file or read-error already; it is not missing too.
    const bool unread_body = (tmpl.html_file && !tmpl.html) || (tmpl.text_file && !tmpl.text);
    std::string missing;
    if (kind == ChannelKind::Email) {
        if (!tmpl.subject) missing = "a subject";
        else if (!tmpl.html && !tmpl.text && !unread_body) missing = "an html or a text part";
    } else if (kind == ChannelKind::DirectMail) {
        if (tmpl.data.empty()) missing = "data (the letter's fields, a column each)";
    } else if (!tmpl.body) {
        missing = "a body";
    }
    if (!missing.empty()) cx.report_at(tmpl.file, tmpl.name, "missing-part", owner + " needs " + missing);
}

// A direct-mail template's data keys are columns of the extraction, after
// the profile key, the channel's `to` and its address fields: a key that
// repeats one of those would give the file two columns of one name.
void check_columns(Context& cx, const Template& tmpl, const core::workspace::Channel& channel) {
    std::vector<std::string_view> taken{core::workspace::k_profile_column, core::workspace::k_to_column};
    for (const auto& [column, expression] : channel.address_fields) taken.push_back(column.value);
    for (const auto& [key, value] : tmpl.data) {
        if (std::find(taken.begin(), taken.end(), key.value) == taken.end()) continue;
        cx.report(tmpl.file, key.pos, static_cast<uint32_t>(key.value.size()), "duplicate-key",
                  "template " + in_quotes(tmpl.name.value) + " data key " + in_quotes(key.value) +
                      " is also a column of channel " + in_quotes(channel.name.value) +
                      " (profile, to, or one of its fields): every column of the extraction needs its own name");
    }
}

}  // namespace

void validate_templates(Context& cx) {
    for (const Template& tmpl : cx.ws.templates) {
        if (!tmpl.channel.empty()) {
            const auto* channel = cx.ws.config.channel(tmpl.channel.value);
            if (!channel) {
                cx.report_at(tmpl.file, tmpl.channel, "channel-not-configured",
                             "template " + in_quotes(tmpl.name.value) + " uses channel " + in_quotes(tmpl.channel.value) +
                                 ", which journeyctl.yaml does not configure" +
                                 core::util::did_you_mean(tmpl.channel.value, cx.channel_names));
            } else if (core::workspace::find_provider(channel->provider.value)) {
                check_parts(cx, tmpl, channel->kind);
                if (channel->kind == ChannelKind::DirectMail) check_columns(cx, tmpl, *channel);
            }
        }
        for (const auto* part : {&tmpl.subject, &tmpl.html, &tmpl.text, &tmpl.body, &tmpl.title}) {
            if (*part) check_text(cx, (*part)->path, (*part)->text, part == &tmpl.html);
        }
        for (const auto& [key, value] : tmpl.data) check_text(cx, tmpl.file, value, false);
    }
}

void validate_call_templates(Context& cx, const Journey& journey) {
    for (const Step& step : journey.steps) {
        const auto* call = std::get_if<CallAction>(&step.action);
        if (!call) continue;
        if (!call->url.empty()) check_text(cx, journey.file, call->url, false);
        if (call->body) check_text(cx, journey.file, *call->body, false);
        for (const auto& [name, value] : call->headers) check_text(cx, journey.file, value, false);
    }
}

}  // namespace journeyctl::journeys::validation
