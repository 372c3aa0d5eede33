// The project's classes as a table: index, wnid, name, image counts per split and whether the
// class has its own prompt. Selecting a row selects the synset everywhere.
#pragma once

#include <QAbstractTableModel>
#include <QWidget>

#include "ProjectSession.h"

class QTableView;
class QSortFilterProxyModel;

class ClassTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        IndexColumn,
        WnidColumn,
        NameColumn,
        TrainColumn,
        TestColumn,
        SyntheticColumn,
        PromptColumn,
        ColumnCount
    };
    enum Role
    {
        WnidRole = Qt::UserRole + 1,
        SortRole
    };

    explicit ClassTableModel(ProjectSession *session, QObject *parent = nullptr);
    void reload();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    ProjectSession *m_session; // not owned
    std::vector<ClassRow> m_rows;
};

class ClassTable : public QWidget
{
    Q_OBJECT

public:
    explicit ClassTable(ProjectSession *session, QWidget *parent = nullptr);
    void selectSynset(const QString &wnid);

signals:
    void synsetActivated(const QString &wnid);

private:
    ClassTableModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_view;
};
