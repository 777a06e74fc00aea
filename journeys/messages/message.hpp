// A template rendered for one profile: the message as a provider would
// receive it. `render`, dry-run and send all build messages here so that
// what `render` shows is what goes out.
//
//   MessageTemplates templates(environment);        // once per workspace
//   core::expr::Activation act(templates.environment());
//   act.set(...profile, events, now...);             // per profile
//   Message m = render_message(tmpl, channel, {&templates, &act});
//
// Each part of a template (subject, text, html, body, title, every data
// value) is parsed once, the first time a template is rendered, and kept in
// MessageTemplates under the template's name; only the html part escapes
// interpolated values. The address is the channel's `to` expression (also
// compiled once per channel): absent, null, an error or empty means the
// message has no address. Channel settings are never resolved: `from` is
// shown as written, `${VAR}` included, so rendering needs no secret.
//
// An email channel's `list_unsubscribe` targets are templates too, parsed
// once per channel with `{{x}}` percent-encoded, and become the message's
// List-Unsubscribe headers (list_unsubscribe.hpp) when every target
// rendered and is one a header can carry.
//
// Rendering never throws: a part that does not parse, an expression that
// fails, a webhook body that is not JSON after rendering, or an
// unsubscribe target that is not one (an http:// URL, a space or a line
// break from the data in it) is listed in Message::problems at its file,
// line and column (code template-render); the message still carries
// whatever rendered, but never a header that did not pass.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/diag/diagnostic.hpp"
#include "core/expr/expression.hpp"
#include "core/template/template.hpp"
#include "core/workspace/keys.hpp"
#include "core/workspace/model.hpp"
#include "journeys/model/model.hpp"

namespace journeyctl::journeys {

struct Message {
    std::string channel;  // the channel's name
    core::workspace::ChannelKind kind = core::workspace::ChannelKind::Email;
    std::optional<std::string> to;    // absent: no address
    std::optional<std::string> from;  // as configured, unresolved
    std::optional<std::string> subject;  // email
    std::optional<std::string> text;     // email
    std::optional<std::string> html;     // email
    std::optional<std::string> body;     // sms, push, webhook
    std::optional<std::string> title;    // push
    // Push: the template's data. Direct mail: the letter's columns after
    // the profile key and `to`: the channel's address fields, then the
    // template's data, in that order.
    std::vector<std::pair<std::string, std::string>> data;
    // email: List-Unsubscribe and List-Unsubscribe-Post, when the channel
    // has list_unsubscribe; values checked, one line each.
    std::vector<std::pair<std::string, std::string>> headers;
    std::vector<core::diag::Diagnostic> problems;

    bool has_address() const { return to.has_value(); }
};

// Parsed template parts and compiled `to` expressions, keyed by template
// and channel name, for one environment. Thread-safe; entries live as long
// as the cache.
class MessageTemplates {
public:
    // The environment of template expressions (profile, events, now, ...).
    explicit MessageTemplates(core::expr::Environment environment);
    ~MessageTemplates();
    const core::expr::Environment& environment() const { return m_environment; }

    struct Part;        // one parsed text (or its parse problems)
    struct Parsed;      // every part of one template
    struct Address;     // one channel's compiled `to`
    struct Unsubscribe; // one channel's parsed list_unsubscribe targets
    const Parsed& parsed(const Template& tmpl);
    const Address& address(const core::workspace::Channel& channel);
    const Unsubscribe& unsubscribe(const core::workspace::Channel& channel);

private:
    core::expr::Environment m_environment;
    std::mutex m_mutex;
    std::map<std::string, std::unique_ptr<Parsed>, std::less<>> m_templates;
    std::map<std::string, std::unique_ptr<Address>, std::less<>> m_addresses;
    std::map<std::string, std::unique_ptr<Unsubscribe>, std::less<>> m_unsubscribes;
};

struct RenderInputs {
    MessageTemplates* templates = nullptr;                // required
    const core::expr::Activation* activation = nullptr;   // for templates->environment()
};

Message render_message(const Template& tmpl, const core::workspace::Channel& channel, const RenderInputs& inputs);

// Only the address of a message (the channel's `to`), as render_message
// computes it: what the policy checks need when the content is not wanted.
std::optional<std::string> message_address(const core::workspace::Channel& channel, const RenderInputs& inputs);

}  // namespace journeyctl::journeys
