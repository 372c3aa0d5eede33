#include "Project.h"

#include "Database.h"
#include "Schema.h"
#include "common/FileUtil.h"
#include "common/TextUtil.h"
#include "prompts/PromptTemplate.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <system_error>

namespace fs = std::filesystem;

namespace synset {

std::string nowIso8601()
{
    const auto now = std::chrono::system_clock::now();
    const std::time_t t = std::chrono::system_clock::to_time_t(now);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

namespace {

Result<void> migrate(Database &db)
{
    const int version = db.userVersion();
    const int target = schema::currentVersion();
    if (version > target)
        return makeError(db.path().string() + ": made by a newer Synset Studio (schema " +
                         std::to_string(version) + ", this build reads up to " +
                         std::to_string(target) + "); update the application");
    for (int v = version; v < target; ++v) {
        Transaction tx(db);
        if (!tx.active())
            return makeError(tx.beginError());
        if (Result<void> r = db.exec(schema::migrations()[static_cast<size_t>(v)]); !r)
            return makeError("migrating to schema " + std::to_string(v + 1) + ": " + r.error());
        if (Result<void> r = db.exec("PRAGMA user_version = " + std::to_string(v + 1)); !r)
            return r;
        if (Result<void> r = tx.commit(); !r)
            return r;
    }
    return {};
}

} // namespace

Project::~Project() = default;

bool Project::exists(const fs::path &dir)
{
    std::error_code ec;
    return fs::is_regular_file(dir / kDatabaseName, ec);
}

Result<std::unique_ptr<Project>> Project::create(const fs::path &dir, const ClassList &classes,
                                                 std::string_view name)
{
    std::error_code ec;
    if (fs::exists(dir / kDatabaseName, ec))
        return makeError(dir.string() + ": a project already exists there");
    if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
        return makeError(dir.string() + ": exists and is not a folder");
    fs::create_directories(dir, ec);
    if (ec)
        return makeError(dir.string() + ": cannot create folder (" + ec.message() + ")");
    if (classes.classes.empty())
        return makeError("a project needs at least one class");

    // Build the database under a temporary name and rename it into place, so that a crash during
    // creation never leaves a half-made project.db behind.
    const fs::path tmp = dir / "project.db.creating";
    fs::remove(tmp, ec);
    {
        Result<std::unique_ptr<Database>> opened = Database::open(tmp, true);
        if (!opened)
            return makeError(opened.error());
        Database &db = **opened;
        if (Result<void> r = migrate(db); !r)
            return makeError(r.error());
        Transaction tx(db);
        Result<Statement> info = db.prepare("INSERT INTO project_info(key, value) VALUES (?, ?)");
        Result<Statement> cls =
            db.prepare("INSERT INTO classes(class_index, wnid, name) VALUES (?, ?, ?)");
        if (!info || !cls)
            return makeError(!info ? info.error() : cls.error());
        const std::pair<const char *, std::string> rows[] = {
            {"name", std::string(name)},
            {"created_at", nowIso8601()},
            {"class_list", classes.source},
            {"created_by", "Synset Studio"},
        };
        for (const auto &[key, value] : rows) {
            info->reset();
            if (Result<void> r = info->bind(1, key).bind(2, value).exec(); !r)
                return makeError(r.error());
        }
        int index = 0;
        for (const ClassEntry &c : classes.classes) {
            cls->reset();
            if (Result<void> r = cls->bind(1, index++).bind(2, c.wnid).bind(3, c.name).exec(); !r)
                return makeError(r.error());
        }
        if (Result<void> r = tx.commit(); !r)
            return makeError(r.error());
        if (Result<void> r = db.exec("PRAGMA wal_checkpoint(TRUNCATE)"); !r)
            return makeError(r.error());
    }
    fs::remove(dir / "project.db.creating-wal", ec);
    fs::remove(dir / "project.db.creating-shm", ec);
    fs::rename(tmp, dir / kDatabaseName, ec);
    if (ec)
        return makeError(dir.string() + ": cannot finish creating the project (" + ec.message() +
                         ")");
    return open(dir);
}

Result<std::unique_ptr<Project>> Project::open(const fs::path &path)
{
    std::error_code ec;
    const fs::path dir = path.filename() == kDatabaseName ? path.parent_path() : path;
    if (!fs::is_regular_file(dir / kDatabaseName, ec))
        return makeError(dir.string() + ": not a Synset Studio project (no " +
                         std::string(kDatabaseName) + ")");
    std::unique_ptr<Project> project(new Project);
    project->m_dir = fs::absolute(dir, ec);
    Result<std::unique_ptr<Database>> db = Database::open(dir / kDatabaseName, false);
    if (!db)
        return makeError(db.error());
    project->m_db = std::move(*db);
    if (Result<void> r = migrate(*project->m_db); !r)
        return makeError(r.error());
    if (Result<void> r = project->loadClasses(); !r)
        return makeError(r.error());
    return project;
}

Result<void> Project::loadClasses()
{
    Result<Statement> st =
        m_db->prepare("SELECT id, class_index, wnid, name FROM classes ORDER BY class_index");
    if (!st)
        return makeError(st.error());
    m_classes.clear();
    while (st->step())
        m_classes.push_back({st->columnInt(0), static_cast<int>(st->columnInt(1)),
                             st->columnText(2), st->columnText(3)});
    if (st->failed())
        return makeError(st->error());
    return {};
}

Result<void> writeProjectInfo(Database &db, std::string_view key, std::string_view value)
{
    Result<Statement> st = db.prepare("INSERT INTO project_info(key, value) VALUES(?, ?) "
                                      "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    if (!st)
        return makeError(st.error());
    st->bind(1, key).bind(2, value);
    return st->exec();
}

std::string Project::info(std::string_view key) const
{
    Result<Statement> st = m_db->prepare("SELECT value FROM project_info WHERE key = ?");
    if (!st)
        return {};
    st->bind(1, key);
    return st->step() ? st->columnText(0) : std::string();
}

std::string Project::name() const
{
    std::string n = info("name");
    return n.empty() ? m_dir.filename().string() : n;
}

std::string Project::classListSource() const
{
    return info("class_list");
}

int Project::schemaVersion() const
{
    return m_db->userVersion();
}

fs::path Project::resolve(const std::string &file) const
{
    const fs::path p(file);
    return p.is_absolute() ? p : m_dir / p;
}

const ProjectClass *Project::classByWnid(std::string_view wnid) const
{
    for (const ProjectClass &c : m_classes)
        if (c.wnid == wnid)
            return &c;
    return nullptr;
}

const ProjectClass *Project::classById(int64_t id) const
{
    for (const ProjectClass &c : m_classes)
        if (c.id == id)
            return &c;
    return nullptr;
}

std::optional<PromptVersion> Project::latestPrompt(std::optional<int64_t> classId) const
{
    Result<Statement> st =
        m_db->prepare(classId ? "SELECT id, body, created_at FROM prompt_history WHERE class_id = "
                                "? ORDER BY id DESC LIMIT 1"
                              : "SELECT id, body, created_at FROM prompt_history WHERE class_id IS "
                                "NULL ORDER BY id DESC LIMIT 1");
    if (!st)
        return std::nullopt;
    if (classId)
        st->bind(1, *classId);
    if (!st->step())
        return std::nullopt;
    PromptVersion v{st->columnInt(0), std::nullopt, st->columnText(2)};
    if (!st->columnIsNull(1))
        v.body = st->columnText(1);
    return v;
}

Result<void> Project::appendPromptVersion(std::optional<int64_t> classId,
                                          std::optional<std::string> body)
{
    Transaction tx(*m_db);
    Result<Statement> st =
        m_db->prepare("INSERT INTO prompt_history(class_id, body, created_at) VALUES (?, ?, ?)");
    if (!st)
        return makeError(st.error());
    if (classId)
        st->bind(1, *classId);
    else
        st->bindNull(1);
    st->bind(2, body).bind(3, nowIso8601());
    if (Result<void> r = st->exec(); !r)
        return r;
    return tx.commit();
}

std::string Project::projectTemplate() const
{
    if (std::optional<PromptVersion> v = latestPrompt(std::nullopt); v && v->body)
        return *v->body;
    return PromptTemplate::builtin(PromptTemplate::kDefaultTemplateName)->body;
}

Result<void> Project::setProjectTemplate(std::string_view body)
{
    if (Result<PromptTemplate> t = PromptTemplate::parse(body); !t)
        return makeError("template not saved: " + t.error());
    if (projectTemplate() == body)
        return {};
    return appendPromptVersion(std::nullopt, std::string(body));
}

std::optional<std::string> Project::promptOverride(std::string_view wnid) const
{
    const ProjectClass *c = classByWnid(wnid);
    if (!c)
        return std::nullopt;
    std::optional<PromptVersion> v = latestPrompt(c->id);
    return v ? v->body : std::nullopt;
}

Result<void> Project::setPromptOverride(std::string_view wnid, std::optional<std::string> body)
{
    const ProjectClass *c = classByWnid(wnid);
    if (!c)
        return makeError("'" + std::string(wnid) + "' is not a class of project " + name());
    if (body)
        if (Result<PromptTemplate> t = PromptTemplate::parse(*body); !t)
            return makeError("override not saved: " + t.error());
    if (promptOverride(wnid) == body)
        return {};
    return appendPromptVersion(c->id, std::move(body));
}

std::string Project::effectiveTemplate(std::string_view wnid) const
{
    std::optional<std::string> o = promptOverride(wnid);
    return o ? *o : projectTemplate();
}

std::vector<PromptVersion> Project::promptHistory(std::string_view wnid) const
{
    std::vector<PromptVersion> out;
    const ProjectClass *c = wnid.empty() ? nullptr : classByWnid(wnid);
    if (!wnid.empty() && !c)
        return out;
    Result<Statement> st = m_db->prepare(
        c ? "SELECT id, body, created_at FROM prompt_history WHERE class_id = ? ORDER BY id DESC"
          : "SELECT id, body, created_at FROM prompt_history WHERE class_id IS NULL ORDER BY id "
            "DESC");
    if (!st)
        return out;
    if (c)
        st->bind(1, c->id);
    while (st->step()) {
        PromptVersion v{st->columnInt(0), std::nullopt, st->columnText(2)};
        if (!st->columnIsNull(1))
            v.body = st->columnText(1);
        out.push_back(std::move(v));
    }
    return out;
}

WordLists Project::wordLists() const
{
    WordLists lists = builtinWordLists();
    std::error_code ec;
    for (const fs::directory_entry &e : fs::directory_iterator(wildcardDirectory(), ec)) {
        if (e.path().extension() != ".txt")
            continue;
        Result<std::string> body = files::readText(e.path());
        if (!body)
            continue;
        lists[e.path().stem().string()] = text::listItems(*body, true);
    }
    Result<Statement> st = m_db->prepare("SELECT name, items FROM word_lists");
    if (!st)
        return lists;
    while (st->step())
        lists[st->columnText(0)] = text::listItems(st->columnText(1), false);
    return lists;
}

Result<void> Project::setWordList(std::string_view name, const std::vector<std::string> &items)
{
    const bool validName = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
    });
    if (!validName)
        return makeError("word list name '" + std::string(name) +
                         "' must be letters, digits, '_' or '-'");
    std::string joined;
    for (const std::string &item : items) {
        const std::string_view t = text::trim(item);
        if (!t.empty())
            joined.append(t).push_back('\n');
    }
    Transaction tx(*m_db);
    Result<Statement> st = m_db->prepare(
        "INSERT INTO word_lists(name, items, updated_at) VALUES (?, ?, ?) "
        "ON CONFLICT(name) DO UPDATE SET items = excluded.items, updated_at = excluded.updated_at");
    if (!st)
        return makeError(st.error());
    if (Result<void> r = st->bind(1, name).bind(2, joined).bind(3, nowIso8601()).exec(); !r)
        return r;
    return tx.commit();
}

std::optional<std::vector<std::string>> Project::savedWordList(std::string_view name) const
{
    Result<Statement> st = m_db->prepare("SELECT items FROM word_lists WHERE name = ?");
    if (!st)
        return std::nullopt;
    st->bind(1, name);
    if (!st->step())
        return std::nullopt;
    return text::listItems(st->columnText(0), false);
}

Result<void> Project::resetWordList(std::string_view name)
{
    Transaction tx(*m_db);
    Result<Statement> st = m_db->prepare("DELETE FROM word_lists WHERE name = ?");
    if (!st)
        return makeError(st.error());
    if (Result<void> r = st->bind(1, name).exec(); !r)
        return r;
    return tx.commit();
}

Result<int64_t> Project::ensureDataset(std::string_view name, std::string_view kind,
                                       std::string_view source)
{
    Result<Statement> find = m_db->prepare("SELECT id, kind FROM datasets WHERE name = ?");
    if (!find)
        return makeError(find.error());
    find->bind(1, name);
    if (find->step()) {
        if (find->columnText(1) != kind)
            return makeError("dataset '" + std::string(name) + "' already exists as " +
                             find->columnText(1) + " data");
        return find->columnInt(0);
    }
    Result<Statement> ins =
        m_db->prepare("INSERT INTO datasets(name, kind, source, created_at) VALUES (?, ?, ?, ?)");
    if (!ins)
        return makeError(ins.error());
    if (Result<void> r =
            ins->bind(1, name).bind(2, kind).bind(3, source).bind(4, nowIso8601()).exec();
        !r)
        return makeError(r.error());
    return m_db->lastInsertId();
}

std::vector<SplitCount> Project::imageCounts() const
{
    std::vector<SplitCount> out;
    Result<Statement> st = m_db->prepare(
        // Counted on the images_class_dataset_split index alone, joined to the class and dataset
        // names once per group rather than once per image.
        "SELECT c.wnid, g.split, d.kind, SUM(g.n) FROM (SELECT class_id, dataset_id, split, "
        "COUNT(*) AS n FROM images GROUP BY class_id, dataset_id, split) g "
        "JOIN classes c ON c.id = g.class_id JOIN datasets d ON d.id = g.dataset_id "
        "GROUP BY c.class_index, g.split, d.kind ORDER BY c.class_index, g.split");
    if (!st)
        return out;
    while (st->step())
        out.push_back({st->columnText(0), st->columnText(1), st->columnText(2), st->columnInt(3)});
    return out;
}

std::vector<DatasetInfo> Project::datasets(std::string_view kind) const
{
    std::vector<DatasetInfo> out;
    Result<Statement> st =
        m_db->prepare("SELECT d.name, d.kind, COALESCE(d.source, ''), COUNT(i.id) FROM datasets d "
                      "LEFT JOIN images i ON i.dataset_id = d.id WHERE ? = '' OR d.kind = ? "
                      "GROUP BY d.id ORDER BY d.id");
    if (!st)
        return out;
    st->bind(1, std::string(kind)).bind(2, std::string(kind));
    while (st->step())
        out.push_back({st->columnText(0), st->columnText(1), st->columnText(2), st->columnInt(3)});
    return out;
}

std::vector<int64_t> Project::firstImagePerClass(std::string_view kind, std::string_view split,
                                                 int classes) const
{
    std::vector<int64_t> out;
    Result<Statement> st = m_db->prepare(
        "SELECT MIN(i.id) FROM images i JOIN datasets d ON d.id = i.dataset_id "
        "WHERE d.kind = ? AND i.split = ? GROUP BY i.class_id ORDER BY i.class_id LIMIT ?");
    if (!st)
        return out;
    st->bind(1, std::string(kind)).bind(2, std::string(split)).bind(3, int64_t(classes));
    while (st->step())
        out.push_back(st->columnInt(0));
    return out;
}

std::string Project::checkIntegrity() const
{
    std::string report;
    Result<Statement> integrity = m_db->prepare("PRAGMA integrity_check");
    if (!integrity)
        return integrity.error();
    while (integrity->step())
        if (const std::string line = integrity->columnText(0); line != "ok")
            report += line + "\n";
    if (integrity->failed())
        return integrity->error();
    Result<Statement> keys = m_db->prepare("PRAGMA foreign_key_check");
    if (!keys)
        return keys.error();
    while (keys->step())
        report += "table " + keys->columnText(0) + " row " + keys->columnText(1) + ": no row in " +
                  keys->columnText(2) + " for its foreign key\n";
    if (keys->failed())
        return keys->error();
    return report.empty() ? "ok" : report;
}

int64_t Project::imageCount() const
{
    Result<Statement> st = m_db->prepare("SELECT count(*) FROM images");
    return st && st->step() ? st->columnInt(0) : 0;
}

std::vector<ImageRecord> Project::images(int64_t classId, std::string_view kind,
                                         std::string_view split, int limit, int offset) const
{
    std::vector<ImageRecord> out;
    Result<Statement> st = m_db->prepare(
        "SELECT i.id, i.class_id, i.split, i.file, i.record, i.width, i.height, i.channels "
        "FROM images i JOIN datasets d ON d.id = i.dataset_id "
        "WHERE i.class_id = ?1 AND (?2 = '' OR d.kind = ?2) AND (?3 = '' OR i.split = ?3) "
        "ORDER BY i.id LIMIT ?4 OFFSET ?5");
    if (!st)
        return out;
    st->bind(1, classId).bind(2, kind).bind(3, split).bind(4, limit).bind(5, offset);
    while (st->step())
        out.push_back({st->columnInt(0), st->columnInt(1), st->columnText(2), st->columnText(3),
                       st->columnInt(4), static_cast<int>(st->columnInt(5)),
                       static_cast<int>(st->columnInt(6)), static_cast<int>(st->columnInt(7))});
    return out;
}

} // namespace synset
