// Reads segment and template files through their key tables. A template's
// body may be inline (`html: |`) or in a file (`html_file:`), not both;
// the file is read later by load_workspace, which knows the folders.
#include "journeys/model/keys.hpp"
#include "journeys/model/load.hpp"

namespace journeyctl::journeys {

using core::yaml::FileContext;
using core::yaml::ObjectReader;

Segment read_segment(FileContext& ctx, const YAML::Node& root) {
    Segment segment;
    segment.file = ctx.path();
    ObjectReader reader(ctx, root, segment_keys(), "segment");
    if (!reader.valid()) return segment;
    if (auto name = reader.text("segment")) segment.name = std::move(*name);
    segment.description = reader.text("description");
    if (auto where = reader.text("where")) segment.where = std::move(*where);
    return segment;
}

namespace {

std::optional<TemplateText> template_text(FileContext& ctx, const ObjectReader& reader, std::string_view key) {
    auto text = reader.text(key);
    if (!text) return std::nullopt;
    return TemplateText{std::move(*text), ctx.path()};
}

void check_exclusive(FileContext& ctx, const ObjectReader& reader, std::string_view inline_key, std::string_view file_key) {
    if (reader.has(inline_key) && reader.has(file_key)) {
        ctx.report(reader.key_pos(file_key), "conflicting-actions",
                   "give '" + std::string(inline_key) + "' or '" + std::string(file_key) + "', not both",
                   static_cast<uint32_t>(file_key.size()));
    }
}

}  // namespace

Template read_template(FileContext& ctx, const YAML::Node& root) {
    Template tmpl;
    tmpl.file = ctx.path();
    ObjectReader reader(ctx, root, template_keys(), "template");
    if (!reader.valid()) return tmpl;
    if (auto name = reader.text("template")) tmpl.name = std::move(*name);
    if (auto channel = reader.text("channel")) tmpl.channel = std::move(*channel);
    tmpl.description = reader.text("description");
    tmpl.subject = template_text(ctx, reader, "subject");
    tmpl.html = template_text(ctx, reader, "html");
    tmpl.text = template_text(ctx, reader, "text");
    tmpl.body = template_text(ctx, reader, "body");
    tmpl.title = template_text(ctx, reader, "title");
    tmpl.html_file = reader.text("html_file");
    tmpl.text_file = reader.text("text_file");
    check_exclusive(ctx, reader, "html", "html_file");
    check_exclusive(ctx, reader, "text", "text_file");
    const core::yaml::KeySpec item = core::yaml::item_spec(reader.spec("data"));
    for (auto& [key, node] : reader.map("data")) {
        auto value = core::yaml::read_text(ctx, node, item, "data '" + key.value + "'", key.pos);
        if (value) tmpl.data.emplace_back(std::move(key), std::move(*value));
    }
    return tmpl;
}

}  // namespace journeyctl::journeys
