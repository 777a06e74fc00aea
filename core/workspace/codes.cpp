// The rows of core/workspace/codes.md's table, its Markdown (backticks)
// removed. Keep the two in step: tests/unit/workspace/codes_test.cpp reads
// codes.md and compares.
#include "core/workspace/codes.hpp"

namespace journeyctl::core::workspace {

namespace {

// clang-format off
constexpr LoadingCode k_loading_codes[] = {
    {"yaml-syntax",
     "the file is not valid YAML (or not UTF-8, or holds a second document after ---); one diagnostic for the file, at the parser's position; the file's other problems are not looked for"},
    {"read-error",
     "a file or folder could not be read; the message says why (permission denied, a symlink loop, not a directory); validate exits 2"},
    {"path-outside-workspace",
     "a path in a workspace file (html_file, text_file, state, a file channel's folder and known_hosts) leads outside the workspace folder (absolute, .., or through a symlink); data files may be anywhere"},
    {"missing-file",
     "a file named by another (html_file, text_file) does not exist"},
    {"unknown-key",
     "a key that the file kind does not have; the message suggests the closest known key (\"did you mean 'schedule'?\") or names the provider a channel setting belongs to"},
    {"missing-key",
     "a required key is absent (reported at the mapping that lacks it)"},
    {"duplicate-key",
     "a key given twice in one mapping (YAML allows it; we do not), or a direct-mail template's data key that is also a column of its channel's extraction"},
    {"bad-type",
     "a value of the wrong shape: a mapping where a string is expected, a list expected, a key without a value, a number that is not whole, a bool that is not true/false"},
    {"bad-value",
     "a value of the right shape but wrong form: an empty expression or path, a rate not like 100/s, a time not HH:MM, a cron schedule that is neither five fields nor a macro, a URL without http(s)://, a non-positive max or weight; for a file channel, an sftp_url that is not sftp://USER@HOST[:PORT]/FOLDER (or holds a password), a private_key or password not given as one ${VAR}, a host_key_sha256 that is not a SHA256 fingerprint, a non-positive part_size, a field named profile or to"},
    {"bad-duration",
     "not a duration (30s, 15m, 12h, 3d, 2w, 1d12h) or not positive"},
    {"bad-zone",
     "timezone is not a known IANA zone or fixed offset"},
    {"bad-name",
     "a name (workspace, journey, segment, template, channel, step id, reference) not matching [a-z][a-z0-9_-]*"},
    {"bad-enum",
     "a value outside its allowed list (status, reentry, provider, then, field types, ...), with a suggestion"},
    {"bad-secret",
     "a malformed ${VAR} reference (unclosed, or not a variable name)"},
    {"duplicate-name",
     "two journeys, segments or templates with one name, two steps with one id in a journey"},
    {"name-mismatch",
     "(warning) a file's name differs from the name it declares (journeys/a.yaml declaring journey: b)"},
    {"conflicting-actions",
     "a step with more than one action (send and wait), an entry with both segment and event, a template with both html and html_file, a branch case with both when and else, an fcm channel with both access_token and service_account, a file channel with both folder and sftp_url, or with a folder and an SFTP setting"},
    {"missing-action",
     "a step with none of send, wait, wait_for, branch, split, update, call, exit; an entry with neither segment nor event; a branch case with neither when nor else"},
};
// clang-format on

}  // namespace

std::span<const LoadingCode> loading_codes() { return k_loading_codes; }

}  // namespace journeyctl::core::workspace
