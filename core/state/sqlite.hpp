// A small RAII wrapper over SQLite: open a database, run SQL, prepare a
// statement, bind, step. core/state is the one module that links SQLite
// (the state store, the send ledger and frequency counters will live here
// too), so no other header includes <sqlite3.h>: the handles stay opaque.
//
// Every failure throws SqliteError carrying what was being done ("open",
// "prepare", ...) and SQLite's own message, for the caller to put in its
// error ("cannot write FILE: open: unable to open database file").
#pragma once

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
    SqliteError(std::string operation, std::string message);
    const std::string& operation() const { return m_operation; }
    const std::string& message() const { return m_message; }

private:
    std::string m_operation;
    std::string m_message;
};

// A prepared statement; parameters are numbered from 1 as in SQL's `?`.
class SqliteStatement {
public:
    void bind_null(int index);
    void bind_int(int index, int64_t value);
    void bind_double(int index, double value);
    void bind_text(int index, std::string_view text);  // copied by SQLite
    // Runs a statement that returns no rows; `operation` names it in the
    // error ("insert into profiles").
    void run(std::string_view operation);
    // Makes the statement ready to bind and run again.
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

class SqliteDatabase {
public:
    // Opens an existing file for reading and writing (it is not created).
    static SqliteDatabase open_existing(const std::filesystem::path& path);

    // Runs one or more statements separated by `;`.
    void execute(const std::string& sql);
    SqliteStatement prepare(const std::string& sql);
    // Closes now, reporting failure (the destructor closes silently).
    // Returns false when SQLite cannot close the database.
    bool close();

private:
    struct Closer {
        void operator()(sqlite3* db) const;
    };
    explicit SqliteDatabase(sqlite3* db) : m_db(db) {}
    [[noreturn]] void fail(std::string operation) const;
    std::unique_ptr<sqlite3, Closer> m_db;
};

}  // namespace journeyctl::core::state
