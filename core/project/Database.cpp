#include "Database.h"

#include "common/Numbers.h"

#include <sqlite3.h>

#include <cerrno>
#include <chrono>
#include <system_error>
#include <thread>
#include <unistd.h>

namespace synset {

namespace {

// SQLite's busy handler waits this long for each attempt at a lock; a write that still finds the
// project locked is tried again, whole, until Database::kBusyBudget has passed.
constexpr int kBusyTimeoutMs = 5000;

// SQLite's message, with the reason a file could not be opened or written: for a read-only or
// unopenable database, whether its folder and file may be written at all ("attempt to write a
// readonly database (/p/project.db: Permission denied)"), else the operating system's error.
std::string sqliteMessage(sqlite3 *db, int rc, const std::filesystem::path &path)
{
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    const int primary = (db ? sqlite3_extended_errcode(db) : rc) & 0xFF;
    if (primary == SQLITE_CANTOPEN || primary == SQLITE_READONLY) {
        const std::filesystem::path folder =
            path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
        for (const std::filesystem::path &p : {folder, path})
            if (::access(p.c_str(), W_OK) != 0 && errno != ENOENT)
                return message + " (" + p.string() + ": " + std::generic_category().message(errno) +
                       ")";
    }
    const int osError = db ? sqlite3_system_errno(db) : 0;
    if (osError && (primary == SQLITE_IOERR || primary == SQLITE_FULL))
        message += " (" + std::generic_category().message(osError) + ")";
    return message;
}

bool isBusy(int rc)
{
    return (rc & 0xFF) == SQLITE_BUSY || (rc & 0xFF) == SQLITE_LOCKED;
}

// Runs attempt() until it succeeds, fails otherwise than busy, or the budget is spent.
template<typename Attempt> int retryWhileBusy(std::chrono::milliseconds budget, Attempt attempt)
{
    const auto deadline = std::chrono::steady_clock::now() + budget;
    for (;;) {
        const int rc = attempt();
        if (!isBusy(rc) || std::chrono::steady_clock::now() >= deadline)
            return rc;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

} // namespace

void Statement::Finalizer::operator()(sqlite3_stmt *stmt) const
{
    sqlite3_finalize(stmt);
}

void Database::Closer::operator()(sqlite3 *db) const
{
    sqlite3_close_v2(db);
}

Statement::Statement(sqlite3_stmt *stmt, const Database *db)
    : m_stmt(stmt)
    , m_db(db)
{}

Statement &Statement::bind(int index, int64_t value)
{
    sqlite3_bind_int64(m_stmt.get(), index, value);
    return *this;
}

Statement &Statement::bind(int index, double value)
{
    sqlite3_bind_double(m_stmt.get(), index, value);
    return *this;
}

Statement &Statement::bind(int index, std::string_view value)
{
    sqlite3_bind_text(m_stmt.get(), index, value.data(), static_cast<int>(value.size()),
                      SQLITE_TRANSIENT);
    return *this;
}

Statement &Statement::bindBlob(int index, const std::vector<uint8_t> &bytes)
{
    sqlite3_bind_blob64(m_stmt.get(), index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
    return *this;
}

Statement &Statement::bind(int index, const std::optional<std::string> &value)
{
    return value ? bind(index, std::string_view(*value)) : bindNull(index);
}

Statement &Statement::bindNull(int index)
{
    sqlite3_bind_null(m_stmt.get(), index);
    return *this;
}

bool Statement::step()
{
    if (!m_db->m_refusal.empty()) {
        m_error = m_db->m_refusal;
        return false;
    }
    sqlite3 *handle = sqlite3_db_handle(m_stmt.get());
    // Outside a transaction a statement is its own transaction: when the project stays locked
    // past the busy handler's wait, it is run again from the start (before its first row only).
    const int rc = sqlite3_get_autocommit(handle) && !m_hadRow
                       ? retryWhileBusy(m_db->busyBudget(),
                                        [&] {
                                            const int r = sqlite3_step(m_stmt.get());
                                            if (isBusy(r))
                                                sqlite3_reset(m_stmt.get());
                                            return r;
                                        })
                       : sqlite3_step(m_stmt.get());
    if (rc == SQLITE_ROW) {
        m_hadRow = true;
        return true;
    }
    if (rc != SQLITE_DONE)
        m_error = isBusy(rc) ? m_db->describeBusy() : m_db->describeError("query failed");
    return false;
}

Result<void> Statement::exec()
{
    while (step()) {
    }
    if (failed())
        return makeError(m_error);
    return {};
}

void Statement::reset()
{
    sqlite3_reset(m_stmt.get());
    sqlite3_clear_bindings(m_stmt.get());
    m_error.clear();
    m_hadRow = false;
}

int64_t Statement::columnInt(int column) const
{
    return sqlite3_column_int64(m_stmt.get(), column);
}

double Statement::columnDouble(int column) const
{
    return sqlite3_column_double(m_stmt.get(), column);
}

std::string Statement::columnText(int column) const
{
    const auto *text = sqlite3_column_text(m_stmt.get(), column);
    const int size = sqlite3_column_bytes(m_stmt.get(), column);
    return text ? std::string(reinterpret_cast<const char *>(text), static_cast<size_t>(size))
                : std::string();
}

std::vector<uint8_t> Statement::columnBlob(int column) const
{
    const auto *data = static_cast<const uint8_t *>(sqlite3_column_blob(m_stmt.get(), column));
    const int size = sqlite3_column_bytes(m_stmt.get(), column);
    return data ? std::vector<uint8_t>(data, data + size) : std::vector<uint8_t>();
}

bool Statement::columnIsNull(int column) const
{
    return sqlite3_column_type(m_stmt.get(), column) == SQLITE_NULL;
}

Database::~Database() = default;

Result<std::unique_ptr<Database>> Database::open(const std::filesystem::path &path, bool create)
{
    std::unique_ptr<Database> db(new Database);
    db->m_path = path;
    sqlite3 *handle = nullptr;
    const int flags =
        SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_FULLMUTEX;
    const int rc = sqlite3_open_v2(path.c_str(), &handle, flags, nullptr);
    db->m_db.reset(handle);
    if (rc != SQLITE_OK)
        return makeError(path.string() + ": cannot open database (" +
                         sqliteMessage(handle, rc, path) + ")");
    sqlite3_busy_timeout(handle, kBusyTimeoutMs);
    sqlite3_extended_result_codes(handle, 1);
    // WAL with synchronous=NORMAL survives a crash of the process at any moment (a power cut may
    // lose the last transactions, never corrupt); FULL on the commit of imports is not needed.
    for (const char *pragma :
         {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON"}) {
        if (Result<void> r = db->exec(pragma); !r)
            return makeError(r.error());
    }
    // A file that is not a database shows itself on the first read.
    if (Result<void> r = db->exec("SELECT count(*) FROM sqlite_master"); !r)
        return makeError(r.error());
    return db;
}

Result<void> Database::exec(std::string_view sql)
{
    if (!m_refusal.empty())
        return makeError(m_refusal);
    const std::string s(sql);
    char *message = nullptr;
    const auto attempt = [&] {
        sqlite3_free(message);
        message = nullptr;
        return sqlite3_exec(m_db.get(), s.c_str(), nullptr, nullptr, &message);
    };
    // Statements outside a transaction (BEGIN IMMEDIATE among them) are retried whole while busy.
    const int rc =
        sqlite3_get_autocommit(m_db.get()) ? retryWhileBusy(m_busyBudget, attempt) : attempt();
    if (rc != SQLITE_OK) {
        std::string error =
            isBusy(rc) ? describeBusy()
                       : m_path.string() + ": " +
                             (message ? sqliteMessage(m_db.get(), rc, m_path) : "SQL error");
        sqlite3_free(message);
        return makeError(std::move(error));
    }
    return {};
}

Result<Statement> Database::prepare(std::string_view sql) const
{
    sqlite3_stmt *stmt = nullptr;
    if (sqlite3_prepare_v2(m_db.get(), sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) !=
        SQLITE_OK)
        return makeError(describeError("cannot prepare query"));
    return Statement(stmt, this);
}

int64_t Database::changes() const
{
    return sqlite3_changes64(m_db.get());
}

int64_t Database::lastInsertId() const
{
    return sqlite3_last_insert_rowid(m_db.get());
}

int Database::userVersion() const
{
    Result<Statement> st = prepare("PRAGMA user_version");
    if (!st || !st->step())
        return -1;
    return static_cast<int>(st->columnInt(0));
}

std::string Database::describeBusy() const
{
    return m_path.string() + ": another process has kept the project locked for " +
           numbers::format(std::chrono::duration<double>(m_busyBudget).count()) +
           " s; nothing was written (" + sqlite3_errmsg(m_db.get()) + ")";
}

std::string Database::describeError(std::string_view what) const
{
    return m_path.string() + ": " + std::string(what) + " (" +
           sqliteMessage(m_db.get(), sqlite3_errcode(m_db.get()), m_path) + ")";
}

Transaction::Transaction(Database &db)
    : m_db(db)
{
    Result<void> r = m_db.exec("BEGIN IMMEDIATE");
    m_active = r.ok();
    if (!r) {
        m_beginError = r.error();
        m_db.m_refusal = m_beginError;
    }
}

Transaction::~Transaction()
{
    if (m_active)
        (void)m_db.exec("ROLLBACK");
    if (!m_beginError.empty())
        m_db.m_refusal.clear();
}

Result<void> Transaction::commit()
{
    if (!m_active)
        return makeError(m_beginError.empty() ? std::string("no transaction") : m_beginError);
    Result<void> r = m_db.exec("COMMIT");
    if (r)
        m_active = false;
    return r;
}

} // namespace synset
