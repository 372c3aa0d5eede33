// A thin RAII layer over sqlite3: a connection, prepared statements and transactions that roll
// back unless committed. Errors come back as Result with SQLite's message and the database path.
#pragma once

#include "common/Result.h"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace synset {

class Database;

class Statement
{
public:
    Statement(Statement &&) noexcept = default;
    Statement &operator=(Statement &&) noexcept = default;

    Statement &bind(int index, int64_t value);
    Statement &bind(int index, int value) { return bind(index, static_cast<int64_t>(value)); }
    Statement &bind(int index, double value);
    Statement &bind(int index, std::string_view value);
    Statement &bind(int index, const char *value) { return bind(index, std::string_view(value)); }
    Statement &bind(int index, const std::string &value)
    {
        return bind(index, std::string_view(value));
    }
    Statement &bind(int index, const std::optional<std::string> &value);
    Statement &bindNull(int index);
    Statement &bindBlob(int index, const std::vector<uint8_t> &bytes);

    // True while a row is available; an error is kept and reported by done()/error().
    bool step();
    // Runs to completion; the error, if any, names the database.
    Result<void> exec();
    void reset();

    int64_t columnInt(int column) const;
    double columnDouble(int column) const;
    std::string columnText(int column) const;
    std::vector<uint8_t> columnBlob(int column) const;
    bool columnIsNull(int column) const;

    bool failed() const { return !m_error.empty(); }
    const std::string &error() const { return m_error; }

private:
    friend class Database;
    struct Finalizer
    {
        void operator()(sqlite3_stmt *stmt) const;
    };
    Statement(sqlite3_stmt *stmt, const Database *db);
    std::unique_ptr<sqlite3_stmt, Finalizer> m_stmt;
    const Database *m_db; // not owned
    std::string m_error;
    bool m_hadRow = false; // since the last reset
};

class Database
{
public:
    ~Database();
    // Opens (creating when asked) with WAL, foreign keys and a busy timeout.
    static Result<std::unique_ptr<Database>> open(const std::filesystem::path &path, bool create);

    const std::filesystem::path &path() const { return m_path; }
    Result<void> exec(std::string_view sql);
    Result<Statement> prepare(std::string_view sql) const;
    int64_t lastInsertId() const;
    int64_t changes() const; // rows changed by the last statement
    int userVersion() const;
    std::string describeError(std::string_view what) const;
    std::string describeBusy() const;

    // Another process (the GUI beside a CLI, two CLIs) may hold the project's write lock. Every
    // write transaction begins with BEGIN IMMEDIATE, so the lock is taken before anything is
    // read or written: a transaction that finds the project locked is retried whole, as is a
    // statement outside a transaction, until this budget is spent; only then does the user see
    // an error, naming the project.
    static constexpr std::chrono::milliseconds kBusyBudget{120000};
    std::chrono::milliseconds busyBudget() const { return m_busyBudget; }
    void setBusyBudget(std::chrono::milliseconds budget) { m_busyBudget = budget; }

private:
    friend class Statement;
    friend class Transaction;
    Database() = default;
    struct Closer
    {
        void operator()(sqlite3 *db) const;
    };
    std::unique_ptr<sqlite3, Closer> m_db;
    std::filesystem::path m_path;
    std::chrono::milliseconds m_busyBudget = kBusyBudget;
    // While a Transaction whose BEGIN failed is alive, every statement fails with its error, so
    // that none of the writes meant for it runs on its own.
    std::string m_refusal;
};

// BEGIN IMMEDIATE on construction (waiting while another process writes, see kBusyBudget);
// ROLLBACK on destruction unless commit() succeeded. When BEGIN fails, the statements run before
// this object ends fail with its error: nothing is written outside the transaction.
class Transaction
{
public:
    explicit Transaction(Database &db);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    bool active() const { return m_active; }
    const std::string &beginError() const { return m_beginError; }
    Result<void> commit();

private:
    Database &m_db;
    bool m_active = false;
    std::string m_beginError;
};

} // namespace synset
