// A small RAII wrapper over SQLite: open a database, run SQL, prepare a
// statement, bind, step through rows, transactions. core/state is the one
// module that links SQLite (the export writer, the state store, its send
// ledger and frequency counters), so no other header includes <sqlite3.h>:
// the handles stay opaque.
//
// Every failure throws SqliteError carrying what was being done ("open",
// "prepare", ...) and SQLite's own message, for the caller to put in its
// error ("cannot write FILE: open: unable to open database file").
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace journeyctl::core::state {

class SqliteError : public std::runtime_error {
public:
    SqliteError(std::string operation, std::string message, int code = 0);
    const std::string& operation() const { return m_operation; }
    const std::string& message() const { return m_message; }
    // What kind of failure, without SQLite's codes in this header.
    bool not_a_database() const;  // SQLITE_NOTADB: the file is something else
    bool busy() const;            // SQLITE_BUSY: another connection held the lock too long
    bool cannot_open() const;     // SQLITE_CANTOPEN: a folder, no permission, ...

private:
    std::string m_operation;
    std::string m_message;
    int m_code;  // SQLite's primary result code; 0 when unknown
};

// A prepared statement; parameters are numbered from 1 as in SQL's `?`,
// result columns from 0 as SQLite numbers them.
class SqliteStatement {
public:
    void bind_null(int index);
    void bind_int(int index, int64_t value);
    void bind_double(int index, double value);
    void bind_text(int index, std::string_view text);  // copied by SQLite
    // Runs a statement that returns no rows; `operation` names it in the
    // error ("insert into profiles").
    void run(std::string_view operation);
    // Steps to the next row: true when there is one, false when done.
    bool step(std::string_view operation);
    // The current row's columns (after step returned true). A text view
    // lives until the next step or reset.
    bool column_is_null(int column) const;
    int64_t column_int(int column) const;
    std::string_view column_text(int column) const;
    // Makes the statement ready to bind and run again. A read that stopped
    // before its last row keeps its snapshot open until this is called.
    void reset();

private:
    friend class SqliteDatabase;
    struct Finalizer {
        void operator()(sqlite3_stmt* statement) const;
    };
    SqliteStatement(sqlite3* db, sqlite3_stmt* statement) : m_db(db), m_statement(statement) {}
    sqlite3* m_db;
    std::unique_ptr<sqlite3_stmt, Finalizer> m_statement;
};

// Resets a statement when the scope ends, on every path out.
class ResetOnExit {
public:
    explicit ResetOnExit(SqliteStatement& statement) : m_statement(statement) {}
    ~ResetOnExit() { m_statement.reset(); }
    ResetOnExit(const ResetOnExit&) = delete;
    ResetOnExit& operator=(const ResetOnExit&) = delete;

private:
    SqliteStatement& m_statement;
};

class SqliteDatabase {
public:
    // Opens an existing file for reading and writing (it is not created).
    static SqliteDatabase open_existing(const std::filesystem::path& path);
    // Opens the file for reading and writing, creating an empty database
    // when there is none. SQLite reads nothing yet: a file that is not a
    // database fails at its first statement (SqliteError::not_a_database).
    static SqliteDatabase open_or_create(const std::filesystem::path& path);

    // How long a statement waits for another connection's lock before it
    // fails with SQLITE_BUSY.
    void set_busy_timeout(std::chrono::milliseconds timeout);
    // PRAGMA synchronous for this connection's next commits. In WAL mode,
    // Full syncs the log at every commit (durable across power loss);
    // Normal leaves that to the next Full commit or checkpoint (durable
    // across a process crash only). Set outside a transaction.
    enum class Synchronous { Normal, Full };
    void set_synchronous(Synchronous mode);
    // Runs one or more statements separated by `;`.
    void execute(const std::string& sql);
    // The first column of the first row of `sql` as an integer
    // ("PRAGMA user_version"); 0 when there is no row.
    int64_t query_int(const std::string& sql);
    SqliteStatement prepare(const std::string& sql);
    // Rows changed by the last INSERT, UPDATE or DELETE.
    int64_t changes() const;
    // Closes now, reporting failure (the destructor closes silently).
    // Returns false when SQLite cannot close the database.
    bool close();

private:
    struct Closer {
        void operator()(sqlite3* db) const;
    };
    explicit SqliteDatabase(sqlite3* db) : m_db(db) {}
    static SqliteDatabase open(const std::filesystem::path& path, int flags);
    [[noreturn]] void fail(std::string operation) const;
    std::unique_ptr<sqlite3, Closer> m_db;
};

// A transaction that rolls back unless committed. Immediate takes the
// write lock at BEGIN (waiting up to the busy timeout): a transaction that
// reads and then writes must start so, or in WAL mode a second writer
// fails at its first write instead of waiting. Deferred suits reads: one
// consistent snapshot for several statements.
class SqliteTransaction {
public:
    enum class Kind { Deferred, Immediate };
    SqliteTransaction(SqliteDatabase& db, Kind kind);
    ~SqliteTransaction();
    SqliteTransaction(const SqliteTransaction&) = delete;
    SqliteTransaction& operator=(const SqliteTransaction&) = delete;
    // Returns when SQLite has committed (and synced, as `synchronous` says).
    void commit();

private:
    SqliteDatabase& m_db;
    bool m_open = true;
};

}  // namespace journeyctl::core::state
