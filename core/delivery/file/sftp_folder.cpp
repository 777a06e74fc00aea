#include "core/delivery/file/sftp_folder.hpp"

#include <curl/curl.h>

#include <cerrno>
#include <cstring>

#include "core/delivery/file/part_names.hpp"
#include "core/delivery/file/sftp_locations.hpp"
#include "core/delivery/libcurl_global.hpp"
#include "core/delivery/provider.hpp"
#include "core/delivery/redact.hpp"

namespace journeyctl::core::delivery::file {

namespace {

// A server that stops moving bytes for this long is given up on; a big
// extraction may take long, so there is no limit on the whole transfer.
constexpr long k_stall_seconds = 60;
constexpr long k_connect_timeout_ms = 10'000;

class UploadStagedFile final : public StagedFile {
public:
    UploadStagedFile(std::FILE* stream, std::string name) : m_stream(stream), m_name(std::move(name)) {}
    ~UploadStagedFile() override { std::fclose(m_stream); }  // an unnamed temporary file: gone with it
    std::FILE* stream() override { return m_stream; }
    const std::string& name() const override { return m_name; }

private:
    std::FILE* m_stream;
    std::string m_name;
};

struct Upload {
    std::FILE* from = nullptr;
    bool finished = false;  // libcurl has every byte: a failure from here may follow the rename
};

size_t read_upload(char* buffer, size_t size, size_t count, void* data) {
    auto& upload = *static_cast<Upload*>(data);
    const size_t got = std::fread(buffer, 1, size * count, upload.from);
    if (got == 0 && std::ferror(upload.from) != 0) return CURL_READFUNC_ABORT;
    if (got == 0) upload.finished = true;
    return got;
}

size_t append_to_string(char* data, size_t size, size_t count, void* out) {
    static_cast<std::string*>(out)->append(data, size * count);
    return size * count;
}

size_t write_to_file(char* data, size_t size, size_t count, void* out) {
    return std::fwrite(data, 1, size * count, static_cast<std::FILE*>(out));
}

// A path as an argument of a quote command: libcurl reads a double-quoted
// argument with backslash escapes, so any name reaches the server whole.
std::string quoted_path(const std::string& path) {
    std::string out = "\"";
    for (const char c : path) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

struct CommandList {
    curl_slist* list = nullptr;
    explicit CommandList(const std::string& command) : list(curl_slist_append(nullptr, command.c_str())) {
        if (list == nullptr) throw std::bad_alloc();
    }
    ~CommandList() { curl_slist_free_all(list); }
    CommandList(const CommandList&) = delete;
    CommandList& operator=(const CommandList&) = delete;
};

}  // namespace

struct SftpFolder::Handle {
    CURL* easy = nullptr;
    std::string error_buffer = std::string(CURL_ERROR_SIZE, '\0');
    ~Handle() {
        if (easy != nullptr) curl_easy_cleanup(easy);
    }
};

SftpFolder::SftpFolder(util::SftpUrl url, SftpLogin login, std::vector<std::string> secrets)
    : m_url(std::move(url)),
      m_login(std::move(login)),
      m_secrets(std::move(secrets)),
      m_description(sftp_url_for(m_url)),
      m_handle(std::make_unique<Handle>()) {
    if (m_login.known_hosts_file.empty() && m_login.host_key_sha256.empty()) {
        throw DeliveryConfigError(m_description +
                                  ": no known_hosts and no host_key_sha256: journeyctl does not connect to a server "
                                  "whose host key it cannot check");
    }
    if (m_login.private_key_file.empty() && m_login.password.empty())
        throw DeliveryConfigError(m_description + ": no private_key and no password to log in with");
    initialise_libcurl_once();
    m_handle->easy = curl_easy_init();
    if (m_handle->easy == nullptr) throw std::runtime_error("libcurl could not create a handle");
}

SftpFolder::~SftpFolder() = default;

// Every operation starts from libcurl's defaults (the SSH session stays
// open across curl_easy_reset) with the channel's login and host key.
void SftpFolder::set_up(const std::string& url) {
    CURL* easy = m_handle->easy;
    curl_easy_reset(easy);
    m_handle->error_buffer.assign(CURL_ERROR_SIZE, '\0');
    const auto set = [&](CURLcode code, const char* what) {
        if (code != CURLE_OK) {
            throw DestinationError(DestinationFailure::Refused,
                                   m_description + ": libcurl cannot " + what + ": " + curl_easy_strerror(code));
        }
    };
    set(curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, m_handle->error_buffer.data()), "keep its error messages");
    set(curl_easy_setopt(easy, CURLOPT_URL, url.c_str()), "take the URL");
    set(curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "sftp"), "speak SFTP (is it built with libssh2?)");
    set(curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L), "run without signals");
    set(curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, k_connect_timeout_ms), "set a connect timeout");
    set(curl_easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT, 1L), "detect a stalled transfer");
    set(curl_easy_setopt(easy, CURLOPT_LOW_SPEED_TIME, k_stall_seconds), "detect a stalled transfer");
    long auth = 0;
    if (!m_login.private_key_file.empty()) {
        auth |= CURLSSH_AUTH_PUBLICKEY;
        set(curl_easy_setopt(easy, CURLOPT_SSH_PRIVATE_KEYFILE, m_login.private_key_file.c_str()), "use the key file");
        // Empty: libssh2 derives the public key from the private one,
        // rather than libcurl looking for ~/.ssh/id_dsa.pub.
        set(curl_easy_setopt(easy, CURLOPT_SSH_PUBLIC_KEYFILE, ""), "use the key file");
    }
    if (!m_login.password.empty()) {
        auth |= CURLSSH_AUTH_PASSWORD;
        set(curl_easy_setopt(easy, CURLOPT_PASSWORD, m_login.password.c_str()), "use the password");
    }
    // Only the configured ways: never a key of ~/.ssh that the channel does
    // not name.
    set(curl_easy_setopt(easy, CURLOPT_SSH_AUTH_TYPES, auth), "choose the login");
    // Without a key function, libcurl refuses a host missing from the file
    // or with another key.
    if (!m_login.known_hosts_file.empty())
        set(curl_easy_setopt(easy, CURLOPT_SSH_KNOWNHOSTS, m_login.known_hosts_file.c_str()), "check known_hosts");
    if (!m_login.host_key_sha256.empty()) {
        set(curl_easy_setopt(easy, CURLOPT_SSH_HOST_PUBLIC_KEY_SHA256, m_login.host_key_sha256.c_str()),
            "check the host key's SHA-256 fingerprint");
    }
}

DestinationError SftpFolder::error_of(int curl_code, const std::string& what) const {
    const auto code = static_cast<CURLcode>(curl_code);
    std::string detail(m_handle->error_buffer.c_str());
    if (detail.empty()) detail = curl_easy_strerror(code);
    DestinationFailure failure = DestinationFailure::Failed;
    std::string why = detail;
    switch (code) {
        case CURLE_PEER_FAILED_VERIFICATION:
            failure = DestinationFailure::Refused;
            why = "the server's host key is not the one the channel's known_hosts or host_key_sha256 names (" + detail +
                  ")";
            break;
        case CURLE_LOGIN_DENIED:
            failure = DestinationFailure::Refused;
            why = "the server refused the login with the channel's private_key or password (" + detail + ")";
            break;
        case CURLE_REMOTE_ACCESS_DENIED:
        case CURLE_REMOTE_FILE_NOT_FOUND:
        case CURLE_UNSUPPORTED_PROTOCOL: failure = DestinationFailure::Refused; break;
        default: break;
    }
    return DestinationError(failure, redact_secrets(m_description + ": " + what + ": " + why, m_secrets));
}

std::vector<std::string> SftpFolder::list() {
    set_up(sftp_url_for(m_url));
    std::string listing;
    curl_easy_setopt(m_handle->easy, CURLOPT_DIRLISTONLY, 1L);
    curl_easy_setopt(m_handle->easy, CURLOPT_WRITEFUNCTION, &append_to_string);
    curl_easy_setopt(m_handle->easy, CURLOPT_WRITEDATA, &listing);
    if (const CURLcode code = curl_easy_perform(m_handle->easy); code != CURLE_OK)
        throw error_of(code, "cannot list the folder");
    std::vector<std::string> names;
    size_t start = 0;
    while (start < listing.size()) {
        size_t end = listing.find('\n', start);
        if (end == std::string::npos) end = listing.size();
        std::string name = listing.substr(start, end - start);
        if (!name.empty() && name.back() == '\r') name.pop_back();
        if (!name.empty() && name != "." && name != "..") names.push_back(std::move(name));
        start = end + 1;
    }
    return names;
}

std::unique_ptr<StagedFile> SftpFolder::stage(const std::string& name) {
    std::FILE* stream = std::tmpfile();
    if (stream == nullptr) {
        throw DestinationError(DestinationFailure::Failed, m_description + ": cannot make a local temporary file for " +
                                                               name + ": " + std::strerror(errno));
    }
    return std::make_unique<UploadStagedFile>(stream, name);
}

void SftpFolder::publish(StagedFile& file) {
    std::FILE* stream = file.stream();
    if (std::fflush(stream) != 0 || std::ferror(stream) != 0) {
        throw DestinationError(DestinationFailure::Failed, m_description + ": cannot write the local copy of " +
                                                               file.name() + ": " + std::strerror(errno));
    }
    const long size = std::ftell(stream);
    std::rewind(stream);
    const std::string staging = staging_name(file.name());
    set_up(sftp_url_for(m_url, staging));
    Upload upload{stream, false};
    const CommandList rename("rename " + quoted_path(sftp_server_path(m_url, staging)) + " " +
                             quoted_path(sftp_server_path(m_url, file.name())));
    CURL* easy = m_handle->easy;
    curl_easy_setopt(easy, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(easy, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(size));
    curl_easy_setopt(easy, CURLOPT_READFUNCTION, &read_upload);
    curl_easy_setopt(easy, CURLOPT_READDATA, &upload);
    curl_easy_setopt(easy, CURLOPT_NEW_FILE_PERMS, 0644L);
    curl_easy_setopt(easy, CURLOPT_POSTQUOTE, rename.list);
    const CURLcode code = curl_easy_perform(easy);
    if (code == CURLE_OK) return;
    if (code == CURLE_QUOTE_ERROR) {
        // The server answered the rename with a refusal: nothing was
        // published. Its staging copy goes; if that fails too, the next
        // run removes it.
        const DestinationError refused = error_of(code, "the server refused to rename " + staging + " to " +
                                                            file.name() + " (is a file of that name there already?)");
        try {
            remove(staging);
        } catch (const DestinationError&) {
        }
        throw refused;
    }
    if (upload.finished) {
        const DestinationError error = error_of(code, "no answer after uploading " + file.name());
        throw DestinationError(DestinationFailure::MaybeDone, error.what());
    }
    throw error_of(code, "cannot upload " + file.name());
}

void SftpFolder::remove(const std::string& name) {
    set_up(sftp_url_for(m_url));
    const CommandList command("rm " + quoted_path(sftp_server_path(m_url, name)));
    curl_easy_setopt(m_handle->easy, CURLOPT_NOBODY, 1L);
    curl_easy_setopt(m_handle->easy, CURLOPT_QUOTE, command.list);
    if (const CURLcode code = curl_easy_perform(m_handle->easy); code != CURLE_OK)
        throw error_of(code, "cannot remove " + name);
}

void SftpFolder::fetch(const std::string& name, std::FILE* into) {
    set_up(sftp_url_for(m_url, name));
    curl_easy_setopt(m_handle->easy, CURLOPT_WRITEFUNCTION, &write_to_file);
    curl_easy_setopt(m_handle->easy, CURLOPT_WRITEDATA, into);
    if (const CURLcode code = curl_easy_perform(m_handle->easy); code != CURLE_OK)
        throw error_of(code, "cannot read " + name);
}

}  // namespace journeyctl::core::delivery::file
