#include "ClassTable.h"

#include <QHeaderView>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

ClassTableModel::ClassTableModel(ProjectSession *session, QObject *parent)
    : QAbstractTableModel(parent)
    , m_session(session)
{
    connect(session, &ProjectSession::projectChanged, this, &ClassTableModel::reload);
    connect(session, &ProjectSession::imagesChanged, this, &ClassTableModel::reload);
    connect(session, &ProjectSession::promptTemplateChanged, this, [this](const QString &wnid) {
        for (size_t r = 0; r < m_rows.size(); ++r) {
            if (m_rows[r].wnid == wnid) {
                m_rows[r].hasOverride = m_session->promptOverride(wnid).has_value();
                const QModelIndex i = index(int(r), PromptColumn);
                emit dataChanged(i, i);
            }
        }
    });
    reload();
}

void ClassTableModel::reload()
{
    std::vector<ClassRow> rows = m_session->classRows();
    const bool sameClasses =
        std::equal(rows.begin(), rows.end(), m_rows.begin(), m_rows.end(),
                   [](const ClassRow &a, const ClassRow &b) { return a.wnid == b.wnid; });
    if (sameClasses && !rows.empty()) {
        // Only counts changed (images generated or imported): keep selection and scroll position.
        m_rows = std::move(rows);
        emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

int ClassTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ClassTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ClassTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const ClassRow &r = m_rows[size_t(index.row())];
    if (role == WnidRole)
        return r.wnid;
    if (role == Qt::TextAlignmentRole && index.column() != NameColumn &&
        index.column() != PromptColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    switch (Column(index.column())) {
    case IndexColumn:
        return r.classIndex;
    case WnidColumn:
        return r.wnid;
    case NameColumn:
        return r.name;
    case TrainColumn:
        return r.realTrain;
    case TestColumn:
        return r.realTest;
    case SyntheticColumn:
        return r.synthetic;
    case PromptColumn:
        return r.hasOverride ? tr("own override") : tr("project template");
    case ColumnCount:
        break;
    }
    return {};
}

QVariant ClassTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case IndexColumn:
        return tr("Index");
    case WnidColumn:
        return tr("wnid");
    case NameColumn:
        return tr("Name");
    case TrainColumn:
        return tr("Real train");
    case TestColumn:
        return tr("Real test");
    case SyntheticColumn:
        return tr("Synthetic");
    case PromptColumn:
        return tr("Prompt");
    case ColumnCount:
        break;
    }
    return {};
}

ClassTable::ClassTable(ProjectSession *session, QWidget *parent)
    : QWidget(parent)
    , m_model(new ClassTableModel(session, this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_view(new QTableView(this))
{
    setObjectName("ClassTable");
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(ClassTableModel::SortRole);
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(ClassTableModel::IndexColumn, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(22);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(ClassTableModel::NameColumn,
                                                     QHeaderView::Stretch);
    m_view->setAlternatingRowColors(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                const QString wnid = current.data(ClassTableModel::WnidRole).toString();
                if (!wnid.isEmpty())
                    emit synsetActivated(wnid);
            });
}

void ClassTable::selectSynset(const QString &wnid)
{
    for (int r = 0; r < m_proxy->rowCount(); ++r) {
        const QModelIndex i = m_proxy->index(r, 0);
        if (i.data(ClassTableModel::WnidRole).toString() == wnid) {
            if (m_view->currentIndex().row() != r)
                m_view->setCurrentIndex(i);
            m_view->scrollTo(i);
            return;
        }
    }
    // Not a class (a synset from the browser): no row stays current, so a click on the row
    // that was makes it current again and selects it everywhere.
    m_view->selectionModel()->clear();
}
