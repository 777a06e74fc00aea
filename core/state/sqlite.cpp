#include "core/state/sqlite.hpp"

#include <sqlite3.h>

namespace journeyctl::core::state {

SqliteError::SqliteError(std::string operation, std::string message)
    : std::runtime_error(operation + ": " + message), m_operation(std::move(operation)), m_message(std::move(message)) {}

void SqliteStatement::Finalizer::operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
void SqliteDatabase::Closer::operator()(sqlite3* db) const { sqlite3_close(db); }

namespace {

// SQLite's message for the last failure on `db` ("out of memory" when
// there is no handle at all).
[[noreturn]] void throw_error(sqlite3* db, std::string operation) {
    throw SqliteError(std::move(operation), sqlite3_errmsg(db));
}

void check_bind(sqlite3* db, int rc) {
    if (rc != SQLITE_OK) throw_error(db, "bind");
}

}  // namespace

void SqliteStatement::bind_null(int index) { check_bind(m_db, sqlite3_bind_null(m_statement.get(), index)); }

void SqliteStatement::bind_int(int index, int64_t value) {
    check_bind(m_db, sqlite3_bind_int64(m_statement.get(), index, value));
}

void SqliteStatement::bind_double(int index, double value) {
    check_bind(m_db, sqlite3_bind_double(m_statement.get(), index, value));
}

void SqliteStatement::bind_text(int index, std::string_view text) {
    check_bind(m_db, sqlite3_bind_text64(m_statement.get(), index, text.data(), text.size(), SQLITE_TRANSIENT,
                                         SQLITE_UTF8));
}

void SqliteStatement::run(std::string_view operation) {
    if (sqlite3_step(m_statement.get()) != SQLITE_DONE) throw_error(m_db, std::string(operation));
}

void SqliteStatement::reset() { sqlite3_reset(m_statement.get()); }

SqliteDatabase SqliteDatabase::open_existing(const std::filesystem::path& path) {
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr);
    SqliteDatabase db(raw);
    if (rc != SQLITE_OK) db.fail("open");
    return db;
}

void SqliteDatabase::execute(const std::string& sql) {
    if (sqlite3_exec(m_db.get(), sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) fail("SQL");
}

SqliteStatement SqliteDatabase::prepare(const std::string& sql) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(m_db.get(), sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) fail("prepare");
    return SqliteStatement(m_db.get(), raw);
}

bool SqliteDatabase::close() { return sqlite3_close(m_db.release()) == SQLITE_OK; }

void SqliteDatabase::fail(std::string operation) const { throw_error(m_db.get(), std::move(operation)); }

}  // namespace journeyctl::core::state
