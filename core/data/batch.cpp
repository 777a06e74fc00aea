// Staging, checking and appending rows (see batch.hpp).
#include "core/data/batch.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/data/convert.hpp"
#include "core/data/jsonl.hpp"

namespace journeyctl::core::data {

std::string quoted_excerpt(std::string_view text) {
    constexpr std::size_t k_max = 40;
    std::size_t cut = std::min(text.size(), k_max);
    // Never inside a UTF-8 sequence: a message must stay UTF-8 text.
    while (cut < text.size() && cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    std::string shown(text.substr(0, cut));
    for (char& c : shown) {
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    }
    return fmt::format("\"{}{}\"", shown, text.size() > cut ? "..." : "");
}

void Rejects::add(RejectReason reason, uint64_t line, std::string detail, std::size_t limit, uint64_t rows) {
    uint64_t& count = counts[reason];
    if (count < limit) examples.push_back(RejectedRow{std::string(), line, reason, std::move(detail)});
    count += rows;
}

uint64_t Rejects::total() const {
    uint64_t sum = 0;
    for (const auto& [reason, count] : counts) sum += count;
    return sum;
}

Batch new_batch(const SourcePlan& plan, std::size_t rows) {
    Batch batch;
    batch.columns.reserve(plan.slots.size());
    for (const FieldSlot& f : plan.slots) {
        // Profile keys are unique: a dictionary would not pay.
        batch.columns.emplace_back(f.name, f.type, f.declared, f.role != FieldRole::Key);
        if (!(plan.events && f.role == FieldRole::Key)) batch.columns.back().reserve(rows);
    }
    if (plan.events) {
        batch.profile_of.reserve(rows / 8 + 1);
    } else {
        batch.line_of.reserve(rows);
    }
    return batch;
}

RowStager::RowStager(const SourcePlan& plan, Batch& batch)
    : m_plan(plan), m_batch(batch), m_cells(plan.slots.size()), m_json_text(plan.slots.size()) {
    for (std::size_t i = 0; i < plan.slots.size(); ++i) {
        const FieldRole role = plan.slots[i].role;
        if (role == FieldRole::Key) m_key_slot = static_cast<int>(i);
        if (role == FieldRole::EventType) m_type_slot = static_cast<int>(i);
        if (role == FieldRole::EventTime) m_time_slot = static_cast<int>(i);
    }
}

void RowStager::begin() {
    for (Staged& s : m_cells) s.kind = Staged::Kind::Absent;
    m_rejected = false;
}

void RowStager::saw_other_field(std::string_view name) {
    std::vector<std::string>& seen = m_batch.other_fields;
    if (std::find(seen.begin(), seen.end(), name) == seen.end()) seen.emplace_back(name);
}

void RowStager::reject(RejectReason reason, std::string detail) {
    if (m_rejected) return;
    m_rejected = true;
    m_reason = reason;
    m_detail = std::move(detail);
}

std::string RowStager::bad_type(uint32_t slot, std::string_view shown) const {
    return bad_type(m_plan.slots[slot], shown);
}

std::string RowStager::bad_type(const FieldSlot& f, std::string_view shown) const {
    return fmt::format("{}: {} is not {} {}", f.name, shown, f.type == ColumnType::Int ? "an" : "a",
                       column_type_name(f.type));
}

bool RowStager::text(uint32_t slot, std::string_view text) {
    return convert(m_plan.slots[slot], m_cells[slot], m_json_text[slot], text);
}

bool RowStager::check_text(const FieldSlot& field, std::string_view text) {
    return convert(field, m_scratch, m_scratch_json, text);
}

bool RowStager::convert(const FieldSlot& f, Staged& s, std::string& json_text, std::string_view text) {
    switch (f.role) {
        case FieldRole::Key:
        case FieldRole::EventType:
            s.kind = Staged::Kind::Text;
            s.text = text;
            return true;
        case FieldRole::EventTime:
            if (parse_timestamp_cell(text, s.t) || parse_epoch_cell(text, s.t)) {
                s.kind = Staged::Kind::Time;
                return true;
            }
            reject(RejectReason::BadTime,
                   fmt::format("{}: {} is not RFC 3339 or epoch seconds", f.name, quoted_excerpt(text)));
            return false;
        case FieldRole::Plain: break;
    }
    bool ok = false;
    switch (f.type) {
        case ColumnType::Int:
            if (parse_int_cell(text, s.i)) {
                s.kind = Staged::Kind::Int;
                ok = true;
            } else if (!f.declared && parse_double_cell(text, s.d)) {
                s.kind = Staged::Kind::Double;
                ok = true;
            }
            break;
        case ColumnType::Double:
            ok = parse_double_cell(text, s.d);
            s.kind = Staged::Kind::Double;
            break;
        case ColumnType::Bool: {
            bool b = false;
            ok = parse_bool_cell(text, b);
            s.kind = Staged::Kind::Bool;
            s.i = b ? 1 : 0;
            break;
        }
        case ColumnType::Timestamp:
            ok = parse_timestamp_cell(text, s.t) || parse_epoch_cell(text, s.t);
            s.kind = Staged::Kind::Time;
            break;
        case ColumnType::String:
            s.kind = Staged::Kind::Text;
            s.text = text;
            ok = true;
            break;
        case ColumnType::Dyn:
            // Only a CSV file read with a JSON Lines file's plan (an extra
            // event file) has dyn slots: its text is a string, kept as
            // JSON text like the other file's cells of the column.
            if (!quote_json_string(text, json_text)) {
                reject(RejectReason::BadType, fmt::format("{}: {} is not UTF-8 text", f.name, quoted_excerpt(text)));
                return false;
            }
            s.kind = Staged::Kind::Json;
            s.text = json_text;
            return true;
    }
    if (!ok) {
        s.kind = Staged::Kind::Absent;
        reject(RejectReason::BadType, bad_type(f, quoted_excerpt(text)));
    }
    return ok;
}

void RowStager::reject_row(uint64_t line, RejectReason reason, std::string detail, uint64_t rows) {
    m_batch.rows_read += rows;
    m_batch.rejects.add(reason, line, std::move(detail), m_plan.examples_per_reason, rows);
}

bool RowStager::commit(uint64_t line) {
    ++m_batch.rows_read;
    auto missing = [this](int slot) {
        return slot >= 0 && (m_cells[slot].kind == Staged::Kind::Absent ||
                             (m_cells[slot].kind == Staged::Kind::Text && m_cells[slot].text.empty()));
    };
    if (!m_rejected) {
        for (int slot : {m_key_slot, m_type_slot, m_time_slot}) {
            if (missing(slot)) {
                reject(RejectReason::MissingKey, fmt::format("no {}", m_plan.slots[slot].name));
                break;
            }
        }
    }
    uint32_t profile = 0;
    if (!m_rejected && m_plan.events) {
        const std::string_view key = m_cells[m_key_slot].text;
        const KeyIndex& index = *m_plan.profile_index;
        if (m_has_last && key == m_last_key) {
            profile = m_last_profile;
        } else if (m_has_last && m_last_profile + 1 < index.size() && index.key(m_last_profile + 1) == key) {
            // Event files exported per customer follow the profile order.
            profile = m_last_profile + 1;
            m_last_key.assign(key);
            m_last_profile = profile;
        } else if (auto found = index.find(key)) {
            profile = *found;
            m_last_key.assign(key);
            m_last_profile = profile;
            m_has_last = true;
        } else {
            reject(RejectReason::UnknownProfile, fmt::format("no profile {}", quoted_excerpt(key)));
        }
    }
    if (m_rejected) {
        m_batch.rejects.add(m_reason, line, std::move(m_detail), m_plan.examples_per_reason);
        return false;
    }
    for (std::size_t i = 0; i < m_cells.size(); ++i) {
        if (m_plan.events && static_cast<int>(i) == m_key_slot) continue;  // shown through the profile
        ColumnBuilder& column = m_batch.columns[i];
        Staged& s = m_cells[i];
        switch (s.kind) {
            case Staged::Kind::Absent: column.append_absent(); break;
            case Staged::Kind::Int:
                if (column.type() == ColumnType::Double) {
                    column.append_double(static_cast<double>(s.i));
                } else {
                    column.append_int(s.i);
                }
                break;
            case Staged::Kind::Double:
                if (column.type() == ColumnType::Int) column.widen_to_double();
                column.append_double(s.d);
                break;
            case Staged::Kind::Bool: column.append_bool(s.i != 0); break;
            case Staged::Kind::Text: column.append_string(s.text, m_batch.arena); break;
            case Staged::Kind::Time: column.append_timestamp(s.t); break;
            case Staged::Kind::Json: column.append_json(s.text, m_batch.arena); break;
        }
    }
    if (m_plan.events) {
        std::vector<ProfileRun>& runs = m_batch.profile_of;
        if (!runs.empty() && runs.back().profile == profile) {
            ++runs.back().rows;
        } else {
            runs.push_back({profile, 1});
        }
    } else {
        m_batch.line_of.push_back(line);
    }
    return true;
}

}  // namespace journeyctl::core::data
