// Fuzzes `render --format eml`: an email Message whose address, sender,
// subject, text and html come from the input (split at '\x1f' bytes), as
// rendered templates and profile data could make them, turned into an
// RFC 5322 message. Addresses the callers refuse (email_address_problem:
// the invalid_address outcome) are skipped, as render and dry-run skip
// them. Any crash, sanitizer report, exception or bare line break is a bug.
#include <cstddef>
#include <cstdlib>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "journeys/messages/address.hpp"
#include "journeys/messages/eml.hpp"

namespace journeys = journeyctl::journeys;

namespace {

// The next field of the input, up to a '\x1f' or the end; nullopt when the
// input is used up, so a short input leaves the later parts absent.
std::optional<std::string> next_field(std::string_view& rest, bool& done) {
    if (done) {
        return std::nullopt;
    }
    size_t split = rest.find('\x1f');
    std::string field(rest.substr(0, split));
    if (split == std::string_view::npos) {
        done = true;
    } else {
        rest.remove_prefix(split + 1);
    }
    return field;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view rest(reinterpret_cast<const char*>(data), size);
    bool done = false;
    journeys::Message message;
    message.channel = "email";
    message.kind = journeyctl::core::workspace::ChannelKind::Email;
    message.to = next_field(rest, done);
    message.from = next_field(rest, done);
    message.subject = next_field(rest, done);
    message.text = next_field(rest, done);
    message.html = next_field(rest, done);
    journeys::EmlOptions options{.now = {1'793'491'200, 0}, .journey = "fuzz", .template_name = "fuzz_email",
                                 .profile_key = "c1"};
    for (const auto* address : {&message.to, &message.from}) {
        if (*address && journeys::email_address_problem(**address)) return 0;
    }
    const std::string eml = journeys::to_eml(message, options);
    for (std::size_t i = 0; i < eml.size(); ++i) {
        const bool crlf = eml[i] == '\r' ? i + 1 < eml.size() && eml[i + 1] == '\n' : eml[i] != '\n' || (i > 0 && eml[i - 1] == '\r');
        if (!crlf) std::abort();
    }
    return 0;
}
