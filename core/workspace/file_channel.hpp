// A `file` channel (direct mail) in journeyctl.yaml: what its key table
// (keys.cpp) cannot say by itself. Its `fields` map (the extraction's
// address columns), and the settings that go together: a folder or an
// sftp_url (exactly one: load.cpp's one-of rule); an SFTP server needs
// a login (private_key or password) and a way to check its host key
// (known_hosts or host_key_sha256), since journeyctl never connects to a
// server it cannot recognise; a folder takes none of those; the login
// comes from the environment only; part_size is positive. Each problem is
// reported at its key or value, and loading goes on.
#pragma once

#include "core/workspace/model.hpp"
#include "core/yaml/reader.hpp"

namespace journeyctl::core::workspace {

// Column names the extraction gives every row before the address fields.
inline constexpr std::string_view k_profile_column = "profile";
inline constexpr std::string_view k_to_column = "to";

// Reads `fields` into channel.address_fields and checks the settings above.
void read_file_channel(yaml::FileContext& ctx, const yaml::ObjectReader& reader, Channel& channel);

}  // namespace journeyctl::core::workspace
