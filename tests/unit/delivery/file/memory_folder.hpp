// A Destination in memory for the extraction's tests: files by name,
// publish that refuses to replace one, and failures on demand for a name,
// as the real folders would fail (the rename refused, or done with no
// answer after it).
#pragma once

#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/delivery/file/destination.hpp"

namespace journeyctl::tests {

using namespace journeyctl::core::delivery::file;

class MemoryFolder final : public Destination {
public:
    std::map<std::string, std::string> files;
    // publish of this name fails so (MaybeDone: after the file is in place).
    std::optional<std::pair<std::string, DestinationFailure>> failing;
    std::vector<std::string> removed;

    const std::string& description() const override { return m_description; }

    std::vector<std::string> list() override {
        std::vector<std::string> names;
        for (const auto& [name, bytes] : files) names.push_back(name);
        return names;
    }

    std::unique_ptr<StagedFile> stage(const std::string& name) override {
        return std::make_unique<Staged>(std::tmpfile(), name);
    }

    void publish(StagedFile& file) override {
        std::FILE* stream = file.stream();
        std::fflush(stream);
        std::rewind(stream);
        std::string bytes;
        char buffer[4096];
        for (size_t got = 0; (got = std::fread(buffer, 1, sizeof buffer, stream)) > 0;) bytes.append(buffer, got);
        if (failing && failing->first == file.name()) {
            if (failing->second == DestinationFailure::MaybeDone) files[file.name()] = bytes;
            throw DestinationError(failing->second, "memory: " + file.name() + " failed on purpose");
        }
        if (files.contains(file.name())) throw DestinationError(DestinationFailure::Failed, "memory: exists");
        files[file.name()] = bytes;
    }

    void remove(const std::string& name) override {
        removed.push_back(name);
        files.erase(name);
    }

    void fetch(const std::string& name, std::FILE* into) override {
        const auto found = files.find(name);
        if (found == files.end()) throw DestinationError(DestinationFailure::Failed, "memory: no " + name);
        std::fwrite(found->second.data(), 1, found->second.size(), into);
    }

private:
    class Staged final : public StagedFile {
    public:
        Staged(std::FILE* stream, std::string name) : m_stream(stream), m_name(std::move(name)) {}
        ~Staged() override { std::fclose(m_stream); }
        std::FILE* stream() override { return m_stream; }
        const std::string& name() const override { return m_name; }

    private:
        std::FILE* m_stream;
        std::string m_name;
    };

    std::string m_description = "memory folder";
};

}  // namespace journeyctl::tests
