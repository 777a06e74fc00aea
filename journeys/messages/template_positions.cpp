#include "journeys/messages/template_positions.hpp"

#include <algorithm>
#include <cctype>

namespace journeyctl::journeys {

TemplatePositions::TemplatePositions(const core::yaml::Text& text) : m_text(text) {
    m_line_starts.push_back(0);
    for (std::size_t i = 0; i < text.value.size(); ++i) {
        if (text.value[i] == '\n') m_line_starts.push_back(static_cast<uint32_t>(i + 1));
    }
}

uint32_t TemplatePositions::offset_of(uint32_t line, uint32_t column) const {
    const std::size_t index = std::min<std::size_t>(line > 0 ? line - 1 : 0, m_line_starts.size() - 1);
    const std::size_t offset = m_line_starts[index] + (column > 0 ? column - 1 : 0);
    return static_cast<uint32_t>(std::min(offset, m_text.value.size()));
}

core::yaml::SourcePos TemplatePositions::file_pos(uint32_t line, uint32_t column) const {
    return m_text.at(offset_of(line, column));
}

std::string TemplatePositions::map_message(std::string message) const {
    static constexpr std::string_view k_marker = "opened at ";
    auto digits_end = [&](std::size_t from) {
        while (from < message.size() && std::isdigit(static_cast<unsigned char>(message[from]))) ++from;
        return from;
    };
    std::size_t from = 0;
    while ((from = message.find(k_marker, from)) != std::string::npos) {
        const std::size_t start = from + k_marker.size();
        const std::size_t colon = digits_end(start);
        const std::size_t end = colon < message.size() ? digits_end(colon + 1) : colon;
        if (colon == start || colon >= message.size() || message[colon] != ':' || end == colon + 1) {
            from = start;
            continue;
        }
        const auto line = static_cast<uint32_t>(std::stoul(message.substr(start, colon - start)));
        const auto column = static_cast<uint32_t>(std::stoul(message.substr(colon + 1, end - colon - 1)));
        const core::yaml::SourcePos at = file_pos(line, column);
        const std::string mapped = std::to_string(at.line) + ":" + std::to_string(at.column);
        message.replace(start, end - start, mapped);
        from = start + mapped.size();
    }
    return message;
}

}  // namespace journeyctl::journeys
