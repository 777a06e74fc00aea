#include "core/workspace/file_channel.hpp"

#include <charconv>
#include <cstdint>

#include "core/util/sftp_url.hpp"
#include "core/workspace/secret.hpp"

namespace journeyctl::core::workspace {

namespace {

constexpr std::string_view k_sftp_only[] = {"private_key", "password", "known_hosts", "host_key_sha256"};

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

void read_address_fields(yaml::FileContext& ctx, const yaml::ObjectReader& reader, Channel& channel) {
    const yaml::KeySpec item = yaml::item_spec(reader.spec("fields"));
    for (auto& [column, node] : reader.map("fields")) {
        auto expression = yaml::read_text(ctx, node, item, "field " + quoted(column.value), column.pos);
        if (!expression) continue;
        // The first columns of every row are the profile key and the
        // channel's `to`: a field of the same name would make two columns
        // that a reader of the file cannot tell apart.
        if (column.value == k_profile_column || column.value == k_to_column) {
            ctx.report(column.pos, "bad-value",
                       "field " + quoted(column.value) + " of channel " + quoted(channel.name.value) +
                           " has the name of a column every extraction starts with (profile, to): name it otherwise",
                       static_cast<uint32_t>(column.value.size()));
            continue;
        }
        channel.address_fields.emplace_back(std::move(column), std::move(*expression));
    }
}

// A login secret must be a single ${VAR}: a password or a key's path
// written in the file would put a secret, or a host path, in the workspace.
void check_from_environment(yaml::FileContext& ctx, const Channel& channel, std::string_view key) {
    const Text* value = channel.setting(key);
    if (value == nullptr) return;
    auto references = find_references(value->value);
    const auto* found = std::get_if<std::vector<SecretReference>>(&references);
    if (found == nullptr) return;  // a malformed ${ is loading's bad-secret already
    if (found->size() == 1 && found->front().offset == 0 && found->front().length == value->value.size()) return;
    ctx.report(value->content_pos(), "bad-value",
               "the " + std::string(key) + " of channel " + quoted(channel.name.value) +
                   " must come from the environment: write it as ${VAR} and nothing else",
               static_cast<uint32_t>(value->value.size()));
}

void check_sftp(yaml::FileContext& ctx, const yaml::ObjectReader& reader, const Channel& channel, const Text& url) {
    const std::string name = quoted(channel.name.value);
    if (url.value.find("${") == std::string::npos) {
        auto parsed = util::parse_sftp_url(url.value);
        if (const auto* why = std::get_if<std::string>(&parsed)) {
            ctx.report(url.content_pos(), "bad-value", "the sftp_url of channel " + name + " cannot be used: " + *why,
                       static_cast<uint32_t>(url.value.size()));
        }
    }
    if (!reader.has("private_key") && !reader.has("password")) {
        ctx.report(reader.pos(), "missing-key",
                   "channel " + name +
                       " uploads to an SFTP server: give 'private_key' or 'password' (from the "
                       "environment) to log in");
    }
    if (!reader.has("known_hosts") && !reader.has("host_key_sha256")) {
        ctx.report(reader.pos(), "missing-key",
                   "channel " + name +
                       " uploads to an SFTP server: give 'known_hosts' or 'host_key_sha256': "
                       "journeyctl never connects to a server whose host key it cannot check");
    }
    check_from_environment(ctx, channel, "private_key");
    check_from_environment(ctx, channel, "password");
    if (const Text* fingerprint = channel.setting("host_key_sha256");
        fingerprint != nullptr && fingerprint->value.find("${") == std::string::npos &&
        util::sha256_fingerprint_base64(fingerprint->value).empty()) {
        ctx.report(fingerprint->content_pos(), "bad-value",
                   "the host_key_sha256 of channel " + name +
                       " is not a SHA256 fingerprint: write it as `ssh-keygen -l -f KEY.pub` prints it, "
                       "SHA256: and 43 base64 characters",
                   static_cast<uint32_t>(fingerprint->value.size()));
    }
}

void check_folder(yaml::FileContext& ctx, const yaml::ObjectReader& reader, const Channel& channel) {
    for (const std::string_view key : k_sftp_only) {
        if (!reader.has(key)) continue;
        ctx.report(reader.key_pos(key), "conflicting-actions",
                   quoted(key) + " is for an sftp_url; channel " + quoted(channel.name.value) + " writes to a folder",
                   static_cast<uint32_t>(key.size()));
    }
}

}  // namespace

void read_file_channel(yaml::FileContext& ctx, const yaml::ObjectReader& reader, Channel& channel) {
    read_address_fields(ctx, reader, channel);
    if (const Text* url = channel.setting("sftp_url")) {
        check_sftp(ctx, reader, channel, *url);
    } else if (channel.setting("folder") != nullptr) {
        check_folder(ctx, reader, channel);
    }
    if (const Text* part_size = channel.setting("part_size")) {
        // Loading read it as a whole number already.
        int64_t count = 0;
        std::from_chars(part_size->value.data(), part_size->value.data() + part_size->value.size(), count);
        if (count <= 0)
            ctx.report(part_size->content_pos(), "bad-value", "'part_size' must be a positive number of messages");
    }
}

}  // namespace journeyctl::core::workspace
