// What `send` prints: the batch's summary (text for a person, one JSON
// object for scripts) and, for --dry-run, each request as a JSON line with
// every secret redacted (core/delivery/provider.hpp's redacted()).
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "core/delivery/channel.hpp"
#include "core/delivery/provider.hpp"
#include "journeys/sending/send_report.hpp"

namespace journeyctl::cmd {

struct SendSummary {
    std::string batch;
    std::string template_name;
    std::string channel;
    std::string provider;
    bool dry_run = false;
    journeys::SendReport report;
    // A file channel's: the CSV files this run published. Shown only for
    // a file channel (`direct_mail`).
    bool writes_files = false;
    std::vector<std::string> files;
};

// Text: a headline, the non-zero outcome counts, the files published (a
// file channel), then the failed and ambiguous profiles. JSON: {batch,
// template, channel, provider, dry_run, audience, outcomes: {name: count,
// every name}, ambiguous: [key], failed: [{profile, provider_status,
// error}], interrupted}, and for a file channel `files`: [name].
void write_send_summary(std::FILE* out, const SendSummary& summary, const std::string& format);

// --dry-run's requests, one JSON line each on stdout:
// {"profile", "key", "request": {"method", "url", "headers", "body"}} or,
// for SMTP, {"smtp": {"url", "mail_from", "recipients", "payload"}}.
// --dry-run's records of a file channel, one JSON line each on stdout:
// {"profile", "key", "record": {column: value, ...}} in column order
// (profile, to, the address fields, the template's fields).
class RecordWriter {
public:
    explicit RecordWriter(const core::delivery::ChannelConfig& channel) : m_channel(channel) {}
    void write(const core::delivery::OutgoingMessage& message);
    void finish();  // flushes; OutputError when stdout could not take it all

private:
    const core::delivery::ChannelConfig& m_channel;
    std::string m_buffer;
};

class RequestWriter {
public:
    explicit RequestWriter(const core::delivery::ChannelConfig& channel) : m_channel(channel) {}
    void write(const core::delivery::OutgoingMessage& message, const core::delivery::Request& request);
    void finish();  // flushes; OutputError when stdout could not take it all

private:
    const core::delivery::ChannelConfig& m_channel;
    std::string m_buffer;
};

}  // namespace journeyctl::cmd
