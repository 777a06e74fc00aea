// Helpers for the provider tests: look into a built request (its HTTP form,
// a header, a form body decoded independently of encoding.cpp) and make
// answers.
#pragma once

#include <catch2/catch.hpp>

#include <cctype>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/delivery/provider.hpp"

namespace delivery_test {

using journeyctl::core::delivery::Header;
using journeyctl::core::delivery::HttpRequest;
using journeyctl::core::delivery::Request;
using journeyctl::core::delivery::Response;

// A copy: requests are built as temporaries.
inline HttpRequest http(const Request& request) {
    REQUIRE(std::holds_alternative<HttpRequest>(request));
    return std::get<HttpRequest>(request);
}

// The value of the only header of that name (case-insensitive); fails the
// test when there is none or more than one.
inline std::string header(const HttpRequest& request, std::string_view name) {
    auto same = [name](const std::string& other) {
        if (other.size() != name.size()) return false;
        for (size_t i = 0; i < other.size(); ++i) {
            if (std::tolower(static_cast<unsigned char>(other[i])) != std::tolower(static_cast<unsigned char>(name[i])))
                return false;
        }
        return true;
    };
    std::vector<std::string> values;
    for (const Header& h : request.headers) {
        if (same(h.name)) values.push_back(h.value);
    }
    INFO("header " << name);
    REQUIRE(values.size() == 1);
    return values.front();
}

// application/x-www-form-urlencoded, decoded: '+' is a space, %XX a byte.
inline std::vector<std::pair<std::string, std::string>> parse_form(std::string_view body) {
    auto decode = [](std::string_view text) {
        std::string out;
        for (size_t i = 0; i < text.size(); ++i) {
            if (text[i] == '+') {
                out += ' ';
            } else if (text[i] == '%' && i + 2 < text.size()) {
                out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
                i += 2;
            } else {
                out += text[i];
            }
        }
        return out;
    };
    std::vector<std::pair<std::string, std::string>> fields;
    while (!body.empty()) {
        const size_t amp = body.find('&');
        const std::string_view field = body.substr(0, amp);
        const size_t eq = field.find('=');
        fields.emplace_back(decode(field.substr(0, eq)), eq == std::string_view::npos ? "" : decode(field.substr(eq + 1)));
        body = amp == std::string_view::npos ? std::string_view() : body.substr(amp + 1);
    }
    return fields;
}

inline Response answer(long status, std::string body, std::optional<int64_t> retry_after = std::nullopt) {
    Response response;
    response.status = status;
    response.body = std::move(body);
    response.retry_after_seconds = retry_after;
    return response;
}

}  // namespace delivery_test
