// `journeyctl render TEMPLATE --profile KEY`: one template rendered for one
// profile of the workspace's data, as journeys/messages/message.hpp renders it for
// dry-run and send: the address from the channel's `to`, the sender as
// configured (`${VAR}` is never resolved: render needs no secret), and
// the parts of the channel's kind of message, and an email channel's
// List-Unsubscribe headers. --format text shows headers then each part;
// json one object; eml (email only) the RFC 5322 message with its MIME
// parts, CRLF line endings, as SMTP would carry it.
//
// Text output escapes control characters from data (core/util/escape.hpp).
//
// Exit status: 0 rendered; 1 rendered with problems (an expression that
// failed, a part that does not parse, a webhook body that is not JSON),
// printed on stderr at their file positions, or an address with a control
// character, which a journey refuses as invalid_address (eml then writes
// nothing: such an address would be a header injection); 2 usage or
// configuration (unknown template or profile, a template naming no
// configured channel, eml for a message that is not an email, an eml
// whose configured `from` holds a control character).
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "cmd/commands.hpp"
#include "cmd/exit_codes.hpp"
#include "cmd/find_by_name.hpp"
#include "cmd/profile_binding.hpp"
#include "core/diag/diagnostic.hpp"
#include "core/diag/errors.hpp"
#include "core/util/escape.hpp"
#include "journeys/messages/address.hpp"
#include "journeys/messages/eml.hpp"
#include "journeys/messages/message.hpp"

namespace journeyctl::cmd {
namespace {

using core::workspace::ChannelKind;
using journeys::Message;

struct RenderOptions {
    std::string template_name;
    std::string profile;
    std::string format = "text";
    bool strict = false;
};

// Text output shows data to a person: no byte of it reaches the terminal
// as a control (core/util/escape.hpp). One-line fields escape line breaks
// too; a part keeps its lines and tabs.
std::string shown(std::string_view text) { return core::util::escape_controls(text); }

void append_part(std::string& out, std::string_view name, const std::optional<std::string>& text) {
    if (!text) return;
    out += fmt::format("\n--- {} ---\n", name);
    out += core::util::escape_controls_block(*text);
    if (!text->empty() && text->back() != '\n') out += '\n';
}

std::string as_text(const Message& m, const std::string& template_name) {
    std::string out;
    out += fmt::format("template: {}\n", shown(template_name));
    out += fmt::format("channel:  {} ({})\n", shown(m.channel), core::workspace::channel_kind_name(m.kind));
    if (m.from) out += fmt::format("from:     {}\n", shown(*m.from));
    out += fmt::format("to:       {}\n", m.to ? shown(*m.to) : "(no address)");
    if (m.subject) out += fmt::format("subject:  {}\n", shown(*m.subject));
    for (const auto& [name, value] : m.headers) out += fmt::format("header:   {}: {}\n", shown(name), shown(value));
    if (m.title) out += fmt::format("title:    {}\n", shown(*m.title));
    for (const auto& [key, value] : m.data) out += fmt::format("data.{}: {}\n", shown(key), shown(value));
    append_part(out, "text", m.text);
    append_part(out, "html", m.html);
    append_part(out, "body", m.body);
    return out;
}

std::string as_json(const Message& m, const std::string& template_name, const std::string& profile) {
    nlohmann::ordered_json out = {{"template", template_name},
                                  {"profile", profile},
                                  {"channel", m.channel},
                                  {"kind", core::workspace::channel_kind_name(m.kind)}};
    out["to"] = m.to ? nlohmann::ordered_json(*m.to) : nlohmann::ordered_json(nullptr);
    if (m.from) out["from"] = *m.from;
    const std::pair<const char*, const std::optional<std::string>*> parts[] = {
        {"subject", &m.subject}, {"title", &m.title}, {"text", &m.text}, {"html", &m.html}, {"body", &m.body}};
    for (const auto& [name, part] : parts) {
        if (*part) out[name] = **part;
    }
    if (!m.headers.empty()) {
        nlohmann::ordered_json headers = nlohmann::ordered_json::object();
        for (const auto& [name, value] : m.headers) headers[name] = value;
        out["headers"] = std::move(headers);
    }
    if (m.kind == ChannelKind::Push || m.kind == ChannelKind::DirectMail) {
        nlohmann::ordered_json data = nlohmann::ordered_json::object();
        for (const auto& [key, value] : m.data) data[key] = value;
        out["data"] = std::move(data);
    }
    nlohmann::ordered_json problems = nlohmann::ordered_json::array();
    for (const auto& d : m.problems) {
        problems.push_back({{"path", d.path}, {"line", d.line}, {"column", d.column}, {"message", d.message}});
    }
    out["problems"] = std::move(problems);
    return out.dump(2) + "\n";
}

int run_render(const RenderOptions& options, const Context& context) {
    const core::expr::Timestamp now = context.now();
    auto session = std::make_unique<WorkspaceSession>(context);
    const journeys::Workspace& workspace = session->workspace();
    const journeys::Template& tmpl = session->find_template(options.template_name);
    // A body file the loader refused (outside the workspace, unreadable,
    // missing) must not render as a message without that body.
    for (const core::diag::Diagnostic& d : workspace.diagnostics) {
        if (d.path != tmpl.file ||
            (d.code != "path-outside-workspace" && d.code != "read-error" && d.code != "missing-file"))
            continue;
        std::fputs(core::diag::render_text(d, workspace.source_line(d), {context.color_for(STDERR_FILENO)}).c_str(),
                   stderr);
        throw core::ConfigError(
            fmt::format("template '{}' names a file it cannot use (run 'journeyctl validate')", tmpl.name.value));
    }
    const core::workspace::Channel* channel = workspace.config.channel(tmpl.channel.value);
    if (channel == nullptr) {
        throw core::ConfigError(fmt::format("template '{}' uses channel '{}', which journeyctl.yaml does not configure",
                                            tmpl.name.value, tmpl.channel.value));
    }
    if (options.format == "eml" && channel->kind != ChannelKind::Email) {
        throw core::UsageError(fmt::format(
            "--format eml is for email messages; template '{}' uses channel '{}', which carries {} messages",
            tmpl.name.value, channel->name.value, core::workspace::channel_kind_name(channel->kind)));
    }

    ProfileBinding binding = bind_profile(std::move(session), options.profile, options.strict);
    journeys::MessageTemplates templates(template_environment(binding));
    core::expr::Activation activation(templates.environment());
    bind_template_values(binding, activation, templates.environment(), now);
    const Message message = journeys::render_message(tmpl, *channel, {&templates, &activation});

    const bool color = context.color_for(STDERR_FILENO);
    for (const core::diag::Diagnostic& d : message.problems) {
        std::fputs(core::diag::render_text(d, [&](const core::diag::Diagnostic& at) { return workspace.source_line(at); }, {color}).c_str(), stderr);
    }
    if (!message.to) {
        std::fputs(fmt::format("note: channel '{}' gives no address for profile '{}'{}: the message would not "
                               "be sent (no_address)\n",
                               channel->name.value, options.profile,
                               channel->to ? " (to: " + channel->to->value + ")" : std::string(" (it has no 'to')"))
                       .c_str(),
                   stderr);
    }

    // A control character in the address (a line break would add a header
    // to the email: issue #10) is a message that is never sent.
    const bool email = channel->kind == ChannelKind::Email;
    auto problem_of = [email](const std::string& address) {
        return email ? journeys::email_address_problem(address) : journeys::address_problem(address);
    };
    const std::optional<std::string> invalid = message.to ? problem_of(*message.to) : std::nullopt;
    if (invalid) {
        std::fputs(fmt::format("error: channel '{}' gives an invalid address for profile '{}': \"{}\" has {}: the "
                               "message would be refused (invalid_address){}\n",
                               channel->name.value, shown(options.profile), shown(*message.to), *invalid,
                               options.format == "eml" ? "; no eml written" : "")
                       .c_str(),
                   stderr);
        if (options.format == "eml") return k_exit_failed;
    }
    if (options.format == "eml" && message.from) {
        if (auto problem = problem_of(*message.from)) {
            throw core::ConfigError(fmt::format("channel '{}' from: \"{}\" has {}: it cannot be an email header",
                                                channel->name.value, shown(*message.from), *problem));
        }
    }

    std::string out;
    if (options.format == "json") {
        out = as_json(message, tmpl.name.value, options.profile);
    } else if (options.format == "eml") {
        out = journeys::to_eml(message, {.now = now, .journey = "", .template_name = tmpl.name.value,
                                         .profile_key = options.profile});
    } else {
        out = as_text(message, tmpl.name.value);
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    return message.problems.empty() && !invalid ? k_exit_ok : k_exit_failed;
}

}  // namespace

void register_render(CLI::App& command, Context& context) {
    auto options = std::make_shared<RenderOptions>();
    command.add_option("TEMPLATE", options->template_name, "The template to render")->required();
    command.add_option("--profile", options->profile, "The profile (its key in the workspace's data) to render for")
        ->required()
        ->option_text("KEY");
    command.add_option("--format", options->format,
                       "Output: text (headers, then each part), json, or eml (the email as SMTP carries it)")
        ->check(CLI::IsMember({"text", "json", "eml"}))
        ->option_text("FORMAT");
    command.add_flag("--strict", options->strict, "Stop at the first rejected data row (exit 3)");
    command.callback([options, &context] { context.exit_code = run_render(*options, context); });
}

}  // namespace journeyctl::cmd
