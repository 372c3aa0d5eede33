// Synset browser: the project's classes as a hypernym tree (or a flat list), filtered by a search
// that matches lemmas, names, wnids and definitions; or a search over all of WordNet's nouns.
#pragma once

#include <QWidget>

class ProjectSession;
class QComboBox;
class QLineEdit;
class QSortFilterProxyModel;
class QStandardItem;
class QStandardItemModel;
class QTreeView;
class QLabel;

class SynsetBrowser : public QWidget
{
    Q_OBJECT

public:
    enum Role
    {
        WnidRole = Qt::UserRole + 1,
        IsClassRole,
        SearchTextRole
    };
    enum class Scope
    {
        ClassTree,
        ClassList,
        AllWordNet
    };

    explicit SynsetBrowser(ProjectSession *session, QWidget *parent = nullptr);

    void setScope(Scope scope);
    void setFilterText(const QString &text);
    void selectSynset(const QString &wnid);
    int visibleClassCount() const;

signals:
    void synsetActivated(const QString &wnid);

private:
    void rebuild();
    void rebuildWordNetResults();
    void applyFilter();
    Scope scope() const;
    QStandardItem *makeItem(const QString &wnid, bool isClass) const;

    ProjectSession *m_session; // not owned
    QLineEdit *m_search;
    QComboBox *m_scope;
    QTreeView *m_view;
    QLabel *m_summary;
    QStandardItemModel *m_model;
    QSortFilterProxyModel *m_proxy;
};
