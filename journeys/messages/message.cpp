// Rendering a template into a Message (see message.hpp): parse each part
// once per template name, render it against the caller's activation, map
// every problem from the template text to its file through the part's Text,
// evaluate the channel's `to` for the address, render and check its
// unsubscribe targets.
#include "journeys/messages/message.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/util/escape.hpp"
#include "journeys/messages/list_unsubscribe.hpp"
#include "journeys/messages/template_positions.hpp"

namespace journeyctl::journeys {

namespace expr = core::expr;
namespace tmpl = core::tmpl;
using core::diag::Diagnostic;
using core::workspace::Channel;
using core::workspace::ChannelKind;

struct MessageTemplates::Part {
    std::shared_ptr<const tmpl::Template> parsed;  // null: see problems
    std::vector<Diagnostic> problems;               // parse problems, at file positions
};

struct MessageTemplates::Parsed {
    std::optional<Part> subject, text, html, body, title;
    std::vector<Part> data;  // tmpl.data's order
};

struct MessageTemplates::Address {
    std::shared_ptr<const expr::Program> program;  // null: no `to`, or it does not compile
    std::vector<Diagnostic> problems;
    // A file channel's address fields, in its order; a null program when
    // the field's expression does not compile (its problem is above).
    struct Field {
        std::string column;
        const Text* expression;  // the channel's, for positions
        std::shared_ptr<const expr::Program> program;
    };
    std::vector<Field> fields;
};

struct MessageTemplates::Unsubscribe {
    std::optional<Part> url, mailto;
};

namespace {

constexpr std::string_view k_code = "template-render";

Diagnostic at_file(const std::string& path, const Text& text, uint32_t offset, uint32_t length,
                   std::string message) {
    const core::yaml::SourcePos pos = text.at(offset);
    Diagnostic d;
    d.path = path;
    d.line = pos.line;
    d.column = pos.column;
    d.length = std::max<uint32_t>(length, 1);
    d.message = std::move(message);
    d.code = std::string(k_code);
    return d;
}

MessageTemplates::Part parse_part(const std::string& path, const Text& text, tmpl::Escaping escaping,
                                  const expr::Environment& env) {
    tmpl::TemplateOptions options;
    options.escaping = escaping;
    options.environment = env;
    tmpl::ParseResult result = tmpl::parse(text.value, options);
    MessageTemplates::Part part;
    part.parsed = result.tmpl;
    for (const Diagnostic& d : result.diagnostics) {
        if (d.severity != core::diag::Severity::Error) continue;
        part.problems.push_back(at_file(path, text, d.offset, d.length, message_in_file(d, text)));
        for (const Diagnostic& note : d.notes) {
            Diagnostic mapped = at_file(path, text, note.offset, note.length, note.message);
            mapped.severity = core::diag::Severity::Note;
            mapped.code.clear();
            part.problems.back().notes.push_back(std::move(mapped));
        }
    }
    return part;
}

std::optional<MessageTemplates::Part> parse_optional(const std::optional<TemplateText>& text, bool html,
                                                     const expr::Environment& env) {
    if (!text) return std::nullopt;
    return parse_part(text->path, text->text, html ? tmpl::Escaping::Html : tmpl::Escaping::None, env);
}

// Renders one part; its problems (parse or render) go to the message.
std::string render_part(const MessageTemplates::Part& part, const std::string& path, const Text& text,
                        const expr::Activation* activation, Message& message) {
    message.problems.insert(message.problems.end(), part.problems.begin(), part.problems.end());
    if (!part.parsed) return {};
    tmpl::RenderResult out = tmpl::render(*part.parsed, {.data = expr::Value(), .activation = activation});
    for (const tmpl::RenderProblem& p : out.problems) {
        message.problems.push_back(at_file(path, text, p.position.offset, p.position.length, p.message));
    }
    return std::move(out.text);
}

std::optional<std::string> render_optional(const std::optional<MessageTemplates::Part>& part,
                                           const std::optional<TemplateText>& text,
                                           const expr::Activation* activation, Message& message) {
    if (!part || !text) return std::nullopt;
    return render_part(*part, text->path, text->text, activation, message);
}

// One unsubscribe target rendered and checked: its text, or nothing with
// the reason in the message's problems.
std::optional<std::string> render_target(const MessageTemplates::Part& part, const Text& text,
                                         std::string_view channel, std::string_view key,
                                         std::optional<std::string> (*problem_of)(std::string_view),
                                         const expr::Activation* activation, Message& message) {
    const std::string path(core::workspace::k_config_file);
    const std::size_t problems_before = message.problems.size();
    std::string rendered = render_part(part, path, text, activation, message);
    if (message.problems.size() != problems_before) return std::nullopt;
    if (auto problem = problem_of(rendered)) {
        message.problems.push_back(at_file(path, text, 0, static_cast<uint32_t>(text.value.size()),
                                           fmt::format("channel '{}' list_unsubscribe {}: \"{}\" {}", channel, key,
                                                       core::util::escape_controls(rendered), *problem)));
        return std::nullopt;
    }
    return rendered;
}

std::optional<std::string> evaluate_address(const MessageTemplates::Address& address,
                                            const expr::Activation* activation) {
    if (!address.program || activation == nullptr) return std::nullopt;
    expr::Evaluator evaluator(address.program);
    const expr::Value value = evaluator.evaluate(*activation);
    // Missing data (an absent field is an error) means no address, as
    // formats.md's no_address outcome wants; it is not a rendering problem.
    if (value.is_error() || value.is_null()) return std::nullopt;
    std::string text;
    tmpl::append_value_text(text, value);
    if (text.empty()) return std::nullopt;
    return text;
}

// A file channel's address field for one profile: null gives an empty
// column (an address without a second line); an error is the message's
// problem, as a failing template expression is, so the letter does not go
// out with a column silently missing.
std::string evaluate_field(const MessageTemplates::Address::Field& field, const std::string& channel,
                           const expr::Activation* activation, Message& message) {
    if (!field.program || activation == nullptr) return {};
    expr::Evaluator evaluator(field.program);
    const expr::Value value = evaluator.evaluate(*activation);
    if (value.is_error()) {
        message.problems.push_back(at_file(std::string(core::workspace::k_config_file), *field.expression, 0,
                                           static_cast<uint32_t>(field.expression->value.size()),
                                           "channel '" + channel + "' field '" + field.column +
                                               "': " + std::string(value.as_string())));
        return {};
    }
    std::string text;
    if (!value.is_null()) tmpl::append_value_text(text, value);
    return text;
}

}  // namespace

MessageTemplates::MessageTemplates(expr::Environment environment) : m_environment(std::move(environment)) {}
MessageTemplates::~MessageTemplates() = default;

const MessageTemplates::Parsed& MessageTemplates::parsed(const Template& t) {
    std::lock_guard lock(m_mutex);
    auto found = m_templates.find(t.name.value);
    if (found != m_templates.end()) return *found->second;
    auto parsed = std::make_unique<Parsed>();
    parsed->subject = parse_optional(t.subject, false, m_environment);
    parsed->text = parse_optional(t.text, false, m_environment);
    parsed->html = parse_optional(t.html, true, m_environment);
    parsed->body = parse_optional(t.body, false, m_environment);
    parsed->title = parse_optional(t.title, false, m_environment);
    for (const auto& [key, value] : t.data) {
        parsed->data.push_back(parse_part(t.file, value, tmpl::Escaping::None, m_environment));
    }
    return *m_templates.emplace(t.name.value, std::move(parsed)).first->second;
}

const MessageTemplates::Address& MessageTemplates::address(const Channel& channel) {
    std::lock_guard lock(m_mutex);
    auto found = m_addresses.find(channel.name.value);
    if (found != m_addresses.end()) return *found->second;
    auto address = std::make_unique<Address>();
    const auto compile = [&](const Text& text, const std::string& what) {
        expr::CompileResult compiled = expr::compile(text.value, m_environment);
        for (const expr::ExprDiagnostic& d : compiled.diagnostics) {
            if (d.is_warning) continue;
            address->problems.push_back(at_file(std::string(core::workspace::k_config_file), text, d.span.offset,
                                                d.span.length, "channel '" + channel.name.value + "' " + what + ": " +
                                                                   d.message));
        }
        return compiled.program;
    };
    if (channel.to && !channel.to->empty()) address->program = compile(*channel.to, "to");
    for (const auto& [column, expression] : channel.address_fields) {
        address->fields.push_back({column.value, &expression, compile(expression, "field '" + column.value + "'")});
    }
    return *m_addresses.emplace(channel.name.value, std::move(address)).first->second;
}

const MessageTemplates::Unsubscribe& MessageTemplates::unsubscribe(const Channel& channel) {
    std::lock_guard lock(m_mutex);
    auto found = m_unsubscribes.find(channel.name.value);
    if (found != m_unsubscribes.end()) return *found->second;
    auto targets = std::make_unique<Unsubscribe>();
    if (const auto& config = channel.list_unsubscribe) {
        const std::string path(core::workspace::k_config_file);
        if (config->url) targets->url = parse_part(path, *config->url, tmpl::Escaping::Uri, m_environment);
        if (config->mailto) targets->mailto = parse_part(path, *config->mailto, tmpl::Escaping::Uri, m_environment);
    }
    return *m_unsubscribes.emplace(channel.name.value, std::move(targets)).first->second;
}

namespace {

// The List-Unsubscribe headers, when every target rendered and passed.
void add_unsubscribe_headers(const MessageTemplates::Unsubscribe& targets, const Channel& channel,
                             const expr::Activation* activation, Message& message) {
    const auto& config = *channel.list_unsubscribe;
    bool ok = true;
    std::optional<std::string> url, mailto;
    if (targets.url && config.url) {
        url = render_target(*targets.url, *config.url, channel.name.value, "url", unsubscribe_url_problem,
                            activation, message);
        ok = ok && url;
    }
    if (targets.mailto && config.mailto) {
        mailto = render_target(*targets.mailto, *config.mailto, channel.name.value, "mailto",
                               unsubscribe_mailto_problem, activation, message);
        ok = ok && mailto;
    }
    if (ok) message.headers = list_unsubscribe_headers(url, mailto);
}

}  // namespace

std::optional<std::string> message_address(const Channel& channel, const RenderInputs& inputs) {
    return evaluate_address(inputs.templates->address(channel), inputs.activation);
}

Message render_message(const Template& t, const Channel& channel, const RenderInputs& inputs) {
    Message message;
    message.channel = channel.name.value;
    message.kind = channel.kind;
    if (channel.from) message.from = channel.from->value;
    const auto& address = inputs.templates->address(channel);
    message.problems = address.problems;
    message.to = evaluate_address(address, inputs.activation);

    const auto& parsed = inputs.templates->parsed(t);
    const expr::Activation* act = inputs.activation;
    switch (channel.kind) {
    case ChannelKind::Email:
        message.subject = render_optional(parsed.subject, t.subject, act, message);
        message.text = render_optional(parsed.text, t.text, act, message);
        message.html = render_optional(parsed.html, t.html, act, message);
        if (channel.list_unsubscribe) add_unsubscribe_headers(inputs.templates->unsubscribe(channel), channel, act, message);
        break;
    case ChannelKind::Sms:
        message.body = render_optional(parsed.body, t.body, act, message);
        break;
    case ChannelKind::Push:
        message.title = render_optional(parsed.title, t.title, act, message);
        message.body = render_optional(parsed.body, t.body, act, message);
        for (std::size_t i = 0; i < t.data.size() && i < parsed.data.size(); ++i) {
            const auto& [key, value] = t.data[i];
            message.data.emplace_back(key.value, render_part(parsed.data[i], t.file, value, act, message));
        }
        break;
    case ChannelKind::DirectMail:
        // A letter's columns: the channel's address fields, then the
        // template's fields, in the order of the extraction's columns.
        for (const auto& field : address.fields) {
            message.data.emplace_back(field.column, evaluate_field(field, channel.name.value, act, message));
        }
        for (std::size_t i = 0; i < t.data.size() && i < parsed.data.size(); ++i) {
            const auto& [key, value] = t.data[i];
            message.data.emplace_back(key.value, render_part(parsed.data[i], t.file, value, act, message));
        }
        break;
    case ChannelKind::Webhook:
        message.body = render_optional(parsed.body, t.body, act, message);
        if (message.body && parsed.body && parsed.body->parsed) {
            try {
                const nlohmann::json parsed_body = nlohmann::json::parse(*message.body);
                (void)parsed_body;
            } catch (const nlohmann::json::parse_error& e) {
                // The byte is in the rendered text, which the template's
                // positions do not describe: say where in the output.
                const std::string_view body = *message.body;
                const std::size_t byte = std::min<std::size_t>(e.byte > 0 ? e.byte - 1 : 0, body.size());
                std::size_t line = 1, column = 1;
                for (std::size_t i = 0; i < byte; ++i) {
                    if (body[i] == '\n') { ++line; column = 1; } else { ++column; }
                }
                message.problems.push_back(at_file(
                    t.body->path, t.body->text, 0, 1,
                    "the webhook body is not valid JSON after rendering (rendered line " + std::to_string(line) +
                        ", column " + std::to_string(column) + ")"));
            }
        }
        break;
    }
    return message;
}

}  // namespace journeyctl::journeys
