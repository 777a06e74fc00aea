#include "core/state/sqlite.hpp"

#include <sqlite3.h>

namespace journeyctl::core::state {

SqliteError::SqliteError(std::string operation, std::string message, int code)
    : std::runtime_error(operation + ": " + message),
      m_operation(std::move(operation)),
      m_message(std::move(message)),
      m_code(code) {}

bool SqliteError::not_a_database() const { return m_code == SQLITE_NOTADB; }
bool SqliteError::busy() const { return m_code == SQLITE_BUSY; }
bool SqliteError::cannot_open() const { return m_code == SQLITE_CANTOPEN; }

void SqliteStatement::Finalizer::operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
void SqliteDatabase::Closer::operator()(sqlite3* db) const { sqlite3_close(db); }

namespace {

// SQLite's message and code for the last failure on `db` ("out of memory"
// when there is no handle at all).
[[noreturn]] void throw_error(sqlite3* db, std::string operation) {
    throw SqliteError(std::move(operation), sqlite3_errmsg(db), db == nullptr ? SQLITE_NOMEM : sqlite3_errcode(db) & 0xff);
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

bool SqliteStatement::step(std::string_view operation) {
    const int rc = sqlite3_step(m_statement.get());
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw_error(m_db, std::string(operation));
}

bool SqliteStatement::column_is_null(int column) const {
    return sqlite3_column_type(m_statement.get(), column) == SQLITE_NULL;
}

int64_t SqliteStatement::column_int(int column) const { return sqlite3_column_int64(m_statement.get(), column); }

std::string_view SqliteStatement::column_text(int column) const {
    // The text first, then its size: the order SQLite documents.
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(m_statement.get(), column));
    if (text == nullptr) return {};
    return {text, static_cast<size_t>(sqlite3_column_bytes(m_statement.get(), column))};
}

void SqliteStatement::reset() { sqlite3_reset(m_statement.get()); }

SqliteDatabase SqliteDatabase::open(const std::filesystem::path& path, int flags) {
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    SqliteDatabase db(raw);
    if (rc != SQLITE_OK) db.fail("open");
    return db;
}

SqliteDatabase SqliteDatabase::open_existing(const std::filesystem::path& path) {
    return open(path, SQLITE_OPEN_READWRITE);
}

SqliteDatabase SqliteDatabase::open_or_create(const std::filesystem::path& path) {
    return open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
}

void SqliteDatabase::set_busy_timeout(std::chrono::milliseconds timeout) {
    if (sqlite3_busy_timeout(m_db.get(), static_cast<int>(timeout.count())) != SQLITE_OK) fail("busy timeout");
}

void SqliteDatabase::set_synchronous(Synchronous mode) {
    execute(mode == Synchronous::Full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
}

void SqliteDatabase::execute(const std::string& sql) {
    if (sqlite3_exec(m_db.get(), sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) fail("SQL");
}

int64_t SqliteDatabase::query_int(const std::string& sql) {
    SqliteStatement statement = prepare(sql);
    return statement.step(sql) ? statement.column_int(0) : 0;
}

SqliteStatement SqliteDatabase::prepare(const std::string& sql) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(m_db.get(), sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) fail("prepare");
    return SqliteStatement(m_db.get(), raw);
}

int64_t SqliteDatabase::changes() const { return sqlite3_changes64(m_db.get()); }

bool SqliteDatabase::close() { return sqlite3_close(m_db.release()) == SQLITE_OK; }

void SqliteDatabase::fail(std::string operation) const { throw_error(m_db.get(), std::move(operation)); }

SqliteTransaction::SqliteTransaction(SqliteDatabase& db, Kind kind) : m_db(db) {
    m_db.execute(kind == Kind::Immediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
}

SqliteTransaction::~SqliteTransaction() {
    if (!m_open) return;
    // Failing to roll back leaves nothing to do: SQLite rolls back itself
    // when the connection closes.
    try {
        m_db.execute("ROLLBACK");
    } catch (const SqliteError&) {
    }
}

void SqliteTransaction::commit() {
    m_db.execute("COMMIT");
    m_open = false;
}

}  // namespace journeyctl::core::state
