#include "journeys/messages/template_positions.hpp"

#include <fmt/format.h>

namespace journeyctl::journeys {

std::string message_in_file(const core::diag::Diagnostic& d, const core::yaml::Text& text) {
    std::string message = d.message;
    if (d.notes.empty()) return message;
    const core::diag::Diagnostic& opened = d.notes.front();
    const std::string in_template = fmt::format("opened at {}:{}", opened.line, opened.column);
    const std::size_t at = message.find(in_template);
    if (at == std::string::npos) return message;
    const core::yaml::SourcePos in_file = text.at(opened.offset);
    message.replace(at, in_template.size(), fmt::format("opened at {}:{}", in_file.line, in_file.column));
    return message;
}

}  // namespace journeyctl::journeys
