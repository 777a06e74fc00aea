#include "fault_server_process.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>

extern char** environ;

namespace journeyctl::tests {
namespace {

// Reads one line from `fd`, waiting at most `timeout_ms` for each byte.
std::string read_line(int fd, int timeout_ms) {
    std::string line;
    while (true) {
        pollfd ready{fd, POLLIN, 0};
        if (poll(&ready, 1, timeout_ms) != 1) throw std::runtime_error("the fault server did not print its ports");
        char c = 0;
        if (read(fd, &c, 1) != 1) throw std::runtime_error("the fault server exited before printing its ports");
        if (c == '\n') return line;
        line += c;
    }
}

// A blocking HTTP/1.0 GET on loopback: the server closes after answering.
std::string http_get(int port, std::string_view path) {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) throw std::runtime_error("socket failed");
    timeval timeout{10, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    std::string answer;
    if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
        const std::string request = "GET " + std::string(path) + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
        if (send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size())) {
            char buffer[4096];
            for (ssize_t got; (got = recv(fd, buffer, sizeof buffer, 0)) > 0;) answer.append(buffer, static_cast<size_t>(got));
        }
    }
    close(fd);
    const auto body = answer.find("\r\n\r\n");
    if (body == std::string::npos) throw std::runtime_error("no answer from the fault server's " + std::string(path));
    return answer.substr(body + 4);
}

}  // namespace

FaultServer::FaultServer() {
    int out[2];
    if (pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    const std::string script = JOURNEYCTL_SOURCE_DIR "/tests/peers/fault_server.py";
    char python[] = "python3";
    std::string script_arg = script;
    char* argv[] = {python, script_arg.data(), nullptr};
    const int spawned = posix_spawnp(&pid_, "python3", &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    if (spawned != 0) {
        close(out[0]);
        throw std::runtime_error("could not start python3 for the fault server");
    }
    try {
        http_port_ = std::stoi(read_line(out[0], 20'000));
        smtp_port_ = std::stoi(read_line(out[0], 20'000));
    } catch (...) {
        close(out[0]);
        kill(pid_, SIGTERM);
        waitpid(pid_, nullptr, 0);
        throw;
    }
    close(out[0]);
}

FaultServer::~FaultServer() {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
}

std::string FaultServer::url(std::string_view path) const {
    return "http://127.0.0.1:" + std::to_string(http_port_) + std::string(path);
}

std::string FaultServer::smtp_url() const { return "smtp://127.0.0.1:" + std::to_string(smtp_port_); }

nlohmann::json FaultServer::control(std::string_view path) const { return nlohmann::json::parse(http_get(http_port_, path)); }

int FaultServer::count(std::string_view key) const {
    const nlohmann::json counts = control("/counts");
    const auto found = counts.find(std::string(key));
    return found == counts.end() ? 0 : found->get<int>();
}

int unused_loopback_port() {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    const bool bound = bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
                       getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
    close(fd);
    if (!bound) throw std::runtime_error("could not find a free loopback port");
    return ntohs(address.sin_port);
}

FaultServer& shared_fault_server() {
    static FaultServer server;
    return server;
}

}  // namespace journeyctl::tests
