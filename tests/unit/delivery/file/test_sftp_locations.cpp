// The URLs libcurl opens and the server paths the rename and rm commands
// name, built back from a parsed sftp:// url: encoded for the URL, decoded
// for the server, so an odd folder or file name reaches the server whole.
#include <catch2/catch.hpp>

#include "core/delivery/file/sftp_locations.hpp"

using namespace journeyctl::core;
using namespace journeyctl::core::delivery::file;

namespace {

util::SftpUrl parsed(std::string_view text) { return std::get<util::SftpUrl>(util::parse_sftp_url(text)); }

}  // namespace

TEST_CASE("sftp locations: libcurl's URL and the server path of a file", "[delivery][file]") {
    const util::SftpUrl url = parsed("sftp://a.b%40c@127.0.0.1:2222/drop/with%20space");
    CHECK(sftp_url_for(url) == "sftp://a.b%40c@127.0.0.1:2222/drop/with%20space/");
    CHECK(sftp_url_for(url, "b1%2F.part-0001.csv") ==
          "sftp://a.b%40c@127.0.0.1:2222/drop/with%20space/b1%252F.part-0001.csv");
    CHECK(sftp_server_path(url, "b1.csv") == "/drop/with space/b1.csv");
    CHECK(sftp_server_path(parsed("sftp://u@h/"), "b1.csv") == "/b1.csv");
    CHECK(sftp_url_for(parsed("sftp://u@h/"), "f") == "sftp://u@h:22/f");
    CHECK(sftp_url_for(parsed("sftp://u@h/~/out"), "f") == "sftp://u@h:22/~/out/f");
}
