// The one way commands look up what a user names on the command line (a
// journey, a segment, a template): an unknown name is a usage error (exit
// 2) that says "did you mean" when a name is close, lists the names when
// none is, and says when the workspace has none at all.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "journeys/model/model.hpp"

namespace journeyctl::cmd {

// Throws UsageError for `name`, unknown among `known`; `kind` is singular
// ("segment"), `kinds` plural ("segments").
[[noreturn]] void throw_unknown_name(std::string_view kind, std::string_view kinds, const std::string& name,
                                     const std::vector<std::string>& known);

// The item of `items` (each with a `name` Text) called `name`, or
// throw_unknown_name.
template <class Item>
const Item& find_by_name(const std::vector<Item>& items, std::string_view kind, std::string_view kinds,
                         const std::string& name) {
    for (const Item& item : items) {
        if (item.name.value == name) return item;
    }
    std::vector<std::string> known;
    known.reserve(items.size());
    for (const Item& item : items) known.push_back(item.name.value);
    throw_unknown_name(kind, kinds, name, known);
}

inline const journeys::Journey& find_journey(const journeys::Workspace& workspace, const std::string& name) {
    return find_by_name(workspace.journeys, "journey", "journeys", name);
}

}  // namespace journeyctl::cmd
