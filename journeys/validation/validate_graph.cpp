// Cycles in a small directed graph (the steps of a journey, the segments
// of a workspace): Tarjan's strongly connected components, iterative so a
// long chain of steps cannot exhaust the stack.
#include <algorithm>

#include "journeys/validation/validate_internal.hpp"

namespace journeyctl::journeys::validation {

std::vector<std::vector<int>> cycles_of(const std::vector<std::vector<int>>& edges) {
    const int n = static_cast<int>(edges.size());
    std::vector<int> index(edges.size(), -1), low(edges.size(), 0);
    std::vector<bool> on_stack(edges.size(), false);
    std::vector<int> stack;
    std::vector<std::vector<int>> out;
    int counter = 0;
    struct Frame {
        int node;
        std::size_t next_edge;
    };
    for (int start = 0; start < n; ++start) {
        if (index[static_cast<std::size_t>(start)] != -1) continue;
        std::vector<Frame> frames{{start, 0}};
        index[static_cast<std::size_t>(start)] = low[static_cast<std::size_t>(start)] = counter++;
        stack.push_back(start);
        on_stack[static_cast<std::size_t>(start)] = true;
        while (!frames.empty()) {
            Frame& frame = frames.back();
            const auto v = static_cast<std::size_t>(frame.node);
            if (frame.next_edge < edges[v].size()) {
                const int w = edges[v][frame.next_edge++];
                const auto wi = static_cast<std::size_t>(w);
                if (index[wi] == -1) {
                    index[wi] = low[wi] = counter++;
                    stack.push_back(w);
                    on_stack[wi] = true;
                    frames.push_back({w, 0});
                } else if (on_stack[wi]) {
                    low[v] = std::min(low[v], index[wi]);
                }
                continue;
            }
            if (low[v] == index[v]) {
                std::vector<int> component;
                int w = -1;
                do {
                    w = stack.back();
                    stack.pop_back();
                    on_stack[static_cast<std::size_t>(w)] = false;
                    component.push_back(w);
                } while (w != frame.node);
                const bool self_loop = std::find(edges[v].begin(), edges[v].end(), frame.node) != edges[v].end();
                if (component.size() > 1 || self_loop) {
                    std::sort(component.begin(), component.end());
                    out.push_back(std::move(component));
                }
            }
            const int done = frame.node;
            frames.pop_back();
            if (!frames.empty()) {
                const auto parent = static_cast<std::size_t>(frames.back().node);
                low[parent] = std::min(low[parent], low[static_cast<std::size_t>(done)]);
            }
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace journeyctl::journeys::validation
