#include "cmd/send_output.hpp"

#include <cerrno>
#include <cstring>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cmd/output_file.hpp"
#include "core/delivery/redact.hpp"
#include "core/workspace/file_channel.hpp"
#include "core/util/escape.hpp"
#include "core/util/overloaded.hpp"

namespace journeyctl::cmd {

namespace {

using nlohmann::ordered_json;

std::string shown(std::string_view text) { return core::util::escape_controls(text); }

std::string summary_text(const SendSummary& s) {
    const journeys::SendReport& r = s.report;
    std::string out = fmt::format("{}batch {}: template {}, channel {} ({}), {} profile{}{}\n",
                                  s.dry_run ? "dry run of " : "", shown(s.batch), s.template_name, s.channel,
                                  s.provider, r.audience, r.audience == 1 ? "" : "s",
                                  r.interrupted ? ", interrupted" : "");
    size_t width = 0;
    for (const auto& [name, count] : r.outcomes) width = std::max(width, name.size());
    for (const std::string& name : journeys::send_outcome_names()) {
        const uint64_t count = r.count(name);
        if (count == 0) continue;
        const std::string label = s.dry_run && name == "sent" ? std::string("would_send") : name;
        out += fmt::format("  {:<{}}  {}\n", label, std::max(width, label.size()), count);
    }
    if (r.outcomes.empty()) out += "  nothing to send\n";
    if (r.fell_back > 0) {
        out += fmt::format("{} message{} failed on channel {} and went on to its fallback (counted above by how "
                           "{} ended there)\n",
                           r.fell_back, r.fell_back == 1 ? "" : "s", s.channel, r.fell_back == 1 ? "it" : "they");
    }
    if (s.writes_files && !s.dry_run) {
        out += s.files.empty() ? "published: no file\n" : "published:\n";
        for (const std::string& file : s.files) out += fmt::format("  {}\n", shown(file));
    }
    if (!r.failed.empty()) {
        out += "failed:\n";
        for (const journeys::SendFailure& f : r.failed) {
            out += fmt::format("  {}  {}  {}\n", shown(f.profile_key), f.provider_status.empty() ? "-" : shown(f.provider_status),
                               shown(f.error));
        }
    }
    if (!r.ambiguous.empty()) {
        out += "ambiguous (may have arrived; a rerun does not resend them without --resend-unknown):\n";
        for (const std::string& key : r.ambiguous) out += fmt::format("  {}\n", shown(key));
    }
    return out;
}

std::string summary_json(const SendSummary& s) {
    const journeys::SendReport& r = s.report;
    ordered_json outcomes = ordered_json::object();
    for (const std::string& name : journeys::send_outcome_names()) outcomes[name] = r.count(name);
    ordered_json failed = ordered_json::array();
    for (const journeys::SendFailure& f : r.failed) {
        failed.push_back({{"profile", f.profile_key}, {"provider_status", f.provider_status}, {"error", f.error}});
    }
    ordered_json out = {{"batch", s.batch},         {"template", s.template_name},
                              {"channel", s.channel},     {"provider", s.provider},
                              {"dry_run", s.dry_run},     {"audience", r.audience},
                              {"outcomes", outcomes},     {"ambiguous", r.ambiguous},
                              {"failed", failed},         {"fell_back", r.fell_back},
                              {"interrupted", r.interrupted}};
    if (s.writes_files) out["files"] = s.files;
    return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

ordered_json request_json(const core::delivery::Request& request) {
    return std::visit(core::util::Overloaded{
                          [](const core::delivery::HttpRequest& http) {
                              ordered_json headers = ordered_json::object();
                              for (const auto& h : http.headers) headers[h.name] = h.value;
                              ordered_json out = {{"method", http.method}, {"url", http.url}, {"headers", headers}};
                              if (!http.username.empty()) out["basic_auth_user"] = http.username;
                              if (!http.aws_sigv4.empty()) out["aws_sigv4"] = http.aws_sigv4;
                              out["body"] = http.body;
                              return ordered_json{{"request", out}};
                          },
                          [](const core::delivery::SmtpRequest& smtp) {
                              return ordered_json{{"smtp",
                                                   {{"url", smtp.url},
                                                    {"starttls", smtp.require_tls},
                                                    {"mail_from", smtp.mail_from},
                                                    {"recipients", smtp.recipients},
                                                    {"payload", smtp.payload}}}};
                          },
                      },
                      request);
}

void write_all(std::FILE* out, const std::string& text) {
    if (std::fwrite(text.data(), 1, text.size(), out) != text.size()) {
        throw OutputError("cannot write the output: " + std::string(std::strerror(errno)));
    }
}

// One JSON line into the buffer, written out once the buffer is large.
void append_line(std::string& buffer, const ordered_json& line) {
    buffer += line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    buffer += '\n';
    if (buffer.size() >= (1u << 16)) {
        write_all(stdout, buffer);
        buffer.clear();
    }
}

void finish_lines(std::string& buffer) {
    write_all(stdout, buffer);
    buffer.clear();
}

}  // namespace

void write_send_summary(std::FILE* out, const SendSummary& summary, const std::string& format) {
    write_all(out, format == "json" ? summary_json(summary) : summary_text(summary));
}

void RequestWriter::write(const core::delivery::OutgoingMessage& message, const core::delivery::Request& request) {
    ordered_json line = {{"profile", message.profile_key}, {"key", message.idempotency_key}};
    const ordered_json shown_request = request_json(core::delivery::redacted(request, m_channel));
    for (const auto& [name, value] : shown_request.items()) line[name] = value;
    append_line(m_buffer, line);
}

void RequestWriter::finish() { finish_lines(m_buffer); }

void RecordWriter::write(const core::delivery::OutgoingMessage& message) {
    // A record holds profile data, not settings; a secret is redacted all
    // the same, should the data hold one.
    const std::vector<std::string> secrets = core::delivery::channel_secrets(m_channel);
    const auto shown_value = [&](std::string_view value) { return core::delivery::redact_secrets(value, secrets); };
    ordered_json record = ordered_json::object();
    record[std::string(core::workspace::k_profile_column)] = shown_value(message.profile_key);
    record[std::string(core::workspace::k_to_column)] = shown_value(message.to);
    for (const auto& [column, value] : message.data) record[column] = shown_value(value);
    append_line(m_buffer, {{"profile", message.profile_key}, {"key", message.idempotency_key}, {"record", record}});
}

void RecordWriter::finish() { finish_lines(m_buffer); }

}  // namespace journeyctl::cmd
