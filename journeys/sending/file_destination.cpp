#include "journeys/sending/file_destination.hpp"

#include <system_error>

#include <fmt/format.h>

#include "core/delivery/file/local_folder.hpp"
#include "core/delivery/file/sftp_folder.hpp"
#include "core/delivery/provider.hpp"
#include "core/delivery/redact.hpp"
#include "core/diag/errors.hpp"
#include "core/util/sftp_url.hpp"
#include "core/workspace/paths.hpp"

namespace journeyctl::journeys {

namespace {

namespace file = core::delivery::file;

core::workspace::WorkspacePath inside(const core::delivery::ChannelConfig& channel, const std::filesystem::path& root,
                                      std::string_view key) {
    auto resolved = core::workspace::resolve_inside(root, "", channel.setting(key));
    if (auto* problem = std::get_if<core::workspace::PathProblem>(&resolved))
        throw core::ConfigError(fmt::format("channel '{}' {}: {}", channel.name, key, problem->message));
    return std::get<core::workspace::WorkspacePath>(std::move(resolved));
}

std::unique_ptr<file::Destination> sftp_destination(const core::delivery::ChannelConfig& channel,
                                                    const std::filesystem::path& root) {
    auto url = core::util::parse_sftp_url(channel.setting("sftp_url"));
    if (auto* why = std::get_if<std::string>(&url))
        throw core::ConfigError(fmt::format("channel '{}' sftp_url: it cannot be used: {}", channel.name, *why));
    file::SftpLogin login;
    login.private_key_file = channel.setting("private_key");
    login.password = channel.setting("password");
    if (!channel.setting("known_hosts").empty()) {
        const core::workspace::WorkspacePath known_hosts = inside(channel, root, "known_hosts");
        std::error_code ec;
        if (!std::filesystem::is_regular_file(known_hosts.file, ec))
            throw core::ConfigError(
                fmt::format("channel '{}' known_hosts: no such file: {}", channel.name, known_hosts.relative));
        login.known_hosts_file = known_hosts.file.string();
    }
    if (const std::string& fingerprint = channel.setting("host_key_sha256"); !fingerprint.empty()) {
        login.host_key_sha256 = core::util::sha256_fingerprint_base64(fingerprint);
        if (login.host_key_sha256.empty()) {
            throw core::ConfigError(
                fmt::format("channel '{}' host_key_sha256: not a SHA256 fingerprint (SHA256: and 43 base64 characters)",
                            channel.name));
        }
    }
    try {
        return std::make_unique<file::SftpFolder>(std::get<core::util::SftpUrl>(std::move(url)), std::move(login),
                                                  core::delivery::channel_secrets(channel));
    } catch (const core::delivery::DeliveryConfigError& e) {
        throw core::ConfigError(fmt::format("channel '{}': {}", channel.name, e.what()));
    }
}

}  // namespace

std::unique_ptr<file::Destination> file_destination(const core::delivery::ChannelConfig& channel,
                                                    const std::filesystem::path& root) {
    if (channel.setting("folder").empty()) {
        if (channel.setting("sftp_url").empty())
            throw core::ConfigError(fmt::format("channel '{}' has neither a folder nor an sftp_url", channel.name));
        return sftp_destination(channel, root);
    }
    const core::workspace::WorkspacePath folder = inside(channel, root, "folder");
    try {
        return std::make_unique<file::LocalFolder>(folder.file, folder.relative);
    } catch (const file::DestinationError& e) {
        throw core::ConfigError(fmt::format("channel '{}': {}", channel.name, e.what()));
    }
}

}  // namespace journeyctl::journeys
