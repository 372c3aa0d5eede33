#include "ProjectSession.h"

#include "project/Project.h"
#include "prompts/PromptContext.h"
#include "wordnet/WordNet.h"

#include <map>

using namespace synset;

namespace {

QStringList toQ(const std::vector<std::string> &v)
{
    QStringList out;
    out.reserve(int(v.size()));
    for (const std::string &s : v)
        out << QString::fromStdString(s);
    return out;
}

} // namespace

ProjectSession::ProjectSession(QObject *parent)
    : QObject(parent)
{
    Result<std::shared_ptr<const WordNet>> wn = WordNet::shared();
    if (wn)
        m_wordNet = *wn;
    else
        m_wordNetError = QString::fromStdString(wn.error());
}

ProjectSession::~ProjectSession() = default;

void ProjectSession::setProject(std::unique_ptr<Project> project)
{
    m_project = std::move(project);
    emit projectChanged();
}

void ProjectSession::closeProject()
{
    m_project.reset();
    emit projectChanged();
}

QString ProjectSession::projectName() const
{
    return m_project ? QString::fromStdString(m_project->name()) : QString();
}

QString ProjectSession::projectPath() const
{
    return m_project ? QString::fromStdString(m_project->directory().string()) : QString();
}

std::vector<ClassRow> ProjectSession::classRows() const
{
    std::vector<ClassRow> rows;
    if (!m_project)
        return rows;
    std::map<std::string, size_t> byWnid;
    for (const ProjectClass &c : m_project->classes()) {
        byWnid[c.wnid] = rows.size();
        ClassRow row;
        row.classIndex = c.classIndex;
        row.wnid = QString::fromStdString(c.wnid);
        row.name = QString::fromStdString(c.name);
        row.hasOverride = m_project->promptOverride(c.wnid).has_value();
        rows.push_back(std::move(row));
    }
    for (const SplitCount &c : m_project->imageCounts()) {
        const auto it = byWnid.find(c.wnid);
        if (it == byWnid.end())
            continue;
        ClassRow &row = rows[it->second];
        if (c.kind == "synthetic")
            row.synthetic += c.count;
        else if (c.split == "train")
            row.realTrain += c.count;
        else if (c.split == "test")
            row.realTest += c.count;
        else
            row.realOther += c.count;
    }
    return rows;
}

bool ProjectSession::isClass(const QString &wnid) const
{
    return m_project && m_project->classByWnid(wnid.toStdString());
}

QString ProjectSession::className(const QString &wnid) const
{
    if (m_project)
        if (const ProjectClass *c = m_project->classByWnid(wnid.toStdString()))
            return QString::fromStdString(c->name);
    return lemmaOf(wnid);
}

QString ProjectSession::lemmaOf(const QString &wnid) const
{
    return m_wordNet ? QString::fromStdString(m_wordNet->firstLemma(wnid.toStdString())) : wnid;
}

std::optional<SynsetInfo> ProjectSession::synsetInfo(const QString &wnid) const
{
    if (!m_wordNet)
        return std::nullopt;
    Result<Synset> s = m_wordNet->synset(wnid.toStdString());
    if (!s)
        return std::nullopt;
    SynsetInfo info;
    info.wnid = wnid;
    info.lemmas = toQ(s->lemmas);
    info.lexName = QString::fromStdString(s->lexName);
    info.definition = QString::fromStdString(s->definition);
    info.examples = toQ(s->examples);
    info.hypernymPath = toQ(m_wordNet->hypernymPath(s->wnid));
    info.hyponymCount = int(s->hyponyms.size() + s->instanceHyponyms.size());
    const ProjectClass *c = m_project ? m_project->classByWnid(s->wnid) : nullptr;
    info.isClass = c != nullptr;
    info.classIndex = c ? c->classIndex : -1;
    info.name =
        c ? QString::fromStdString(c->name) : (info.lemmas.isEmpty() ? wnid : info.lemmas.front());
    return info;
}

QStringList ProjectSession::search(const QString &query, int limit) const
{
    return m_wordNet ? toQ(m_wordNet->search(query.toStdString(), size_t(limit))) : QStringList();
}

std::vector<ThumbnailRef> ProjectSession::thumbnails(const QString &wnid, int limit) const
{
    std::vector<ThumbnailRef> out;
    if (!m_project)
        return out;
    const ProjectClass *c = m_project->classByWnid(wnid.toStdString());
    if (!c)
        return out;
    for (const ImageRecord &r : m_project->images(c->id, "real", "", limit))
        out.push_back({QString::fromStdString(m_project->resolve(r.file).string()), r.record});
    return out;
}

QString ProjectSession::projectTemplate() const
{
    return m_project ? QString::fromStdString(m_project->projectTemplate()) : QString();
}

std::optional<QString> ProjectSession::promptOverride(const QString &wnid) const
{
    if (!m_project)
        return std::nullopt;
    std::optional<std::string> o = m_project->promptOverride(wnid.toStdString());
    return o ? std::optional<QString>(QString::fromStdString(*o)) : std::nullopt;
}

QString ProjectSession::setProjectTemplate(const QString &body)
{
    if (!m_project)
        return tr("No project is open.");
    Result<void> r = m_project->setProjectTemplate(body.toStdString());
    if (!r)
        return QString::fromStdString(r.error());
    emit promptTemplateChanged(QString());
    return {};
}

QString ProjectSession::setPromptOverride(const QString &wnid, const std::optional<QString> &body)
{
    if (!m_project)
        return tr("No project is open.");
    Result<void> r = m_project->setPromptOverride(
        wnid.toStdString(), body ? std::optional<std::string>(body->toStdString()) : std::nullopt);
    if (!r)
        return QString::fromStdString(r.error());
    emit promptTemplateChanged(wnid);
    return {};
}

QStringList ProjectSession::templateHistory(const QString &wnid) const
{
    QStringList out;
    if (!m_project)
        return out;
    for (const PromptVersion &v : m_project->promptHistory(wnid.toStdString()))
        out << (v.body ? QString::fromStdString(*v.body) : QString());
    return out;
}

PromptContext ProjectSession::promptContext(const QString &wnid) const
{
    if (!m_wordNet || !m_project)
        return {};
    return makePromptContext(*m_wordNet, wnid.toStdString(), className(wnid).toStdString(),
                             m_project->wordLists());
}

QMap<QString, QStringList> ProjectSession::wordLists() const
{
    QMap<QString, QStringList> out;
    if (!m_project)
        return out;
    for (const auto &[name, items] : m_project->wordLists())
        out.insert(QString::fromStdString(name), toQ(items));
    return out;
}

std::optional<QStringList> ProjectSession::savedWordList(const QString &name) const
{
    if (!m_project)
        return std::nullopt;
    std::optional<std::vector<std::string>> items = m_project->savedWordList(name.toStdString());
    return items ? std::optional<QStringList>(toQ(*items)) : std::nullopt;
}

QString ProjectSession::setWordList(const QString &name, const std::optional<QStringList> &items)
{
    if (!m_project)
        return tr("No project is open.");
    Result<void> r;
    if (items) {
        std::vector<std::string> v;
        for (const QString &i : *items)
            v.push_back(i.toStdString());
        r = m_project->setWordList(name.toStdString(), v);
    } else {
        r = m_project->resetWordList(name.toStdString());
    }
    if (!r)
        return QString::fromStdString(r.error());
    emit wordListsChanged();
    return {};
}
