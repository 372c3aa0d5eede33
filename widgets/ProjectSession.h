// The open project as the widgets see it: owns the core Project, speaks Qt types and announces
// changes, so that panels stay in step without knowing each other. GUI thread only.
#pragma once

#include <QMap>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

namespace synset {
class Project;
class WordNet;
struct PromptContext;
} // namespace synset

struct SynsetInfo
{
    QString wnid;
    QString name; // the class name when the synset is a class of the project, else the first lemma
    QStringList lemmas;
    QString lexName;
    QString definition;
    QStringList examples;
    QStringList hypernymPath; // wnids from entity down to this synset
    int hyponymCount = 0;
    bool isClass = false;
    int classIndex = -1;
};

struct ClassRow
{
    int classIndex = 0;
    QString wnid;
    QString name;
    qint64 realTrain = 0;
    qint64 realTest = 0;
    qint64 realOther = 0;
    qint64 synthetic = 0;
    bool hasOverride = false;
};

struct ThumbnailRef
{
    QString file; // absolute path
    qint64 record = -1;
};

class ProjectSession : public QObject
{
    Q_OBJECT

public:
    explicit ProjectSession(QObject *parent = nullptr);
    ~ProjectSession() override;

    // Takes ownership; emits projectChanged().
    void setProject(std::unique_ptr<synset::Project> project);
    void closeProject();
    bool hasProject() const { return m_project != nullptr; }
    synset::Project *project() const { return m_project.get(); } // not owned by callers
    const synset::WordNet *wordNet() const { return m_wordNet.get(); }
    QString wordNetError() const { return m_wordNetError; }

    QString projectName() const;
    QString projectPath() const;
    std::vector<ClassRow> classRows() const;
    bool isClass(const QString &wnid) const;
    QString className(const QString &wnid) const;
    std::optional<SynsetInfo> synsetInfo(const QString &wnid) const;
    QString lemmaOf(const QString &wnid) const;
    QStringList search(const QString &query, int limit) const;
    std::vector<ThumbnailRef> thumbnails(const QString &wnid, int limit) const;

    // Prompt templates. Writes return an error message, empty on success.
    QString projectTemplate() const;
    std::optional<QString> promptOverride(const QString &wnid) const;
    QString setProjectTemplate(const QString &body);
    QString setPromptOverride(const QString &wnid, const std::optional<QString> &body);
    QStringList
    templateHistory(const QString &wnid) const; // newest first; "" marks a cleared override
    synset::PromptContext promptContext(const QString &wnid) const;

    // Word lists for wildcards: every list in force, and the project's own saved copies.
    QMap<QString, QStringList> wordLists() const;
    std::optional<QStringList> savedWordList(const QString &name) const;
    // nullopt drops the project's copy. Returns an error message, empty on success.
    QString setWordList(const QString &name, const std::optional<QStringList> &items);

signals:
    void projectChanged();
    void promptTemplateChanged(const QString &wnid); // empty: the project-wide template
    void imagesChanged();
    void wordListsChanged();

public:
    void notifyImagesChanged() { emit imagesChanged(); }

private:
    std::unique_ptr<synset::Project> m_project;
    std::shared_ptr<const synset::WordNet> m_wordNet;
    QString m_wordNetError;
};
