// A file channel's folder on this machine (its `folder`, inside the
// workspace). A file is written under a hidden staging name in the folder
// itself, flushed to disk (fsync), then renamed to its name without
// replacing anything (renameat2 RENAME_NOREPLACE, or link and unlink on a
// file system without it), and the folder is synced so that the rename
// survives a power cut: a reader sees a whole file or none, and after a
// crash the name says what was published.
#pragma once

#include <filesystem>

#include "core/delivery/file/destination.hpp"

namespace journeyctl::core::delivery::file {

class LocalFolder final : public Destination {
public:
    // `folder`: where to write (created when missing); `shown`: how
    // messages name it (as written in journeyctl.yaml). DestinationError
    // when the folder cannot be created.
    LocalFolder(std::filesystem::path folder, const std::string& shown);

    const std::string& description() const override { return m_description; }
    std::vector<std::string> list() override;
    std::unique_ptr<StagedFile> stage(const std::string& name) override;
    void publish(StagedFile& file) override;
    void remove(const std::string& name) override;
    void fetch(const std::string& name, std::FILE* into) override;

private:
    [[noreturn]] void fail(const std::string& what, int error_number) const;
    void sync_folder(const std::string& after) const;

    std::filesystem::path m_folder;
    std::string m_description;
};

}  // namespace journeyctl::core::delivery::file
