#include "SynsetBrowser.h"

#include "ProjectSession.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

#include <functional>
#include <map>

SynsetBrowser::SynsetBrowser(ProjectSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_search(new QLineEdit(this))
    , m_scope(new QComboBox(this))
    , m_view(new QTreeView(this))
    , m_summary(new QLabel(this))
    , m_model(new QStandardItemModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
{
    setObjectName("SynsetBrowser");
    m_search->setPlaceholderText(tr("Search lemmas, definitions, wnids…"));
    m_search->setClearButtonEnabled(true);
    m_scope->addItem(tr("Classes: hypernym tree"), int(Scope::ClassTree));
    m_scope->addItem(tr("Classes: list"), int(Scope::ClassList));
    m_scope->addItem(tr("All WordNet nouns"), int(Scope::AllWordNet));

    m_proxy->setSourceModel(m_model);
    m_proxy->setRecursiveFilteringEnabled(true);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterRole(SearchTextRole);
    m_proxy->setFilterKeyColumn(0);
    m_view->setModel(m_proxy);
    m_view->setHeaderHidden(false);
    m_view->setUniformRowHeights(true);
    m_view->setIndentation(12);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_summary->setStyleSheet("color: gray;");

    auto *top = new QHBoxLayout;
    top->addWidget(m_search, 1);
    top->addWidget(m_scope);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_summary);

    auto *debounce = new QTimer(this);
    debounce->setSingleShot(true);
    debounce->setInterval(150);
    connect(m_search, &QLineEdit::textChanged, debounce, qOverload<>(&QTimer::start));
    connect(debounce, &QTimer::timeout, this, [this] {
        if (scope() == Scope::AllWordNet)
            rebuildWordNetResults();
        else
            applyFilter();
    });
    connect(m_scope, &QComboBox::currentIndexChanged, this, &SynsetBrowser::rebuild);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) {
                const QString wnid = current.data(WnidRole).toString();
                if (!wnid.isEmpty())
                    emit synsetActivated(wnid);
            });
    connect(m_session, &ProjectSession::projectChanged, this, &SynsetBrowser::rebuild);
    rebuild();
}

SynsetBrowser::Scope SynsetBrowser::scope() const
{
    return Scope(m_scope->currentData().toInt());
}

void SynsetBrowser::setScope(Scope s)
{
    m_scope->setCurrentIndex(m_scope->findData(int(s)));
}

void SynsetBrowser::setFilterText(const QString &text)
{
    m_search->setText(text);
    if (scope() == Scope::AllWordNet)
        rebuildWordNetResults();
    else
        applyFilter();
}

QStandardItem *SynsetBrowser::makeItem(const QString &wnid, bool isClass) const
{
    const std::optional<SynsetInfo> info = m_session->synsetInfo(wnid);
    const QString name = info ? info->name : wnid;
    auto *item = new QStandardItem(name);
    item->setData(wnid, WnidRole);
    item->setData(isClass, IsClassRole);
    QString search = name + ' ' + wnid;
    if (info) {
        search += ' ' + info->lemmas.join(' ') + ' ' + info->definition;
        item->setToolTip(QStringLiteral("<b>%1</b> (%2)<br>%3")
                             .arg(info->lemmas.join(", ").toHtmlEscaped(), wnid,
                                  info->definition.toHtmlEscaped()));
    }
    item->setData(search, SearchTextRole);
    if (!isClass) {
        item->setForeground(QColor(120, 120, 120));
    } else {
        QFont f = item->font();
        f.setBold(true);
        item->setFont(f);
    }
    return item;
}

void SynsetBrowser::rebuild()
{
    m_model->clear();
    m_model->setHorizontalHeaderLabels({tr("Synset"), tr("wnid"), tr("Class")});
    if (scope() == Scope::AllWordNet) {
        rebuildWordNetResults();
        return;
    }
    const std::vector<ClassRow> rows = m_session->classRows();
    const auto row = [&](const QString &wnid, bool isClass, int classIndex) {
        QList<QStandardItem *> cells{
            makeItem(wnid, isClass), new QStandardItem(wnid),
            new QStandardItem(isClass ? QString::number(classIndex) : QString())};
        for (int i = 1; i < cells.size(); ++i)
            cells[i]->setData(wnid, WnidRole);
        return cells;
    };
    if (scope() == Scope::ClassList) {
        for (const ClassRow &c : rows)
            m_model->appendRow(row(c.wnid, true, c.classIndex));
    } else {
        // Merge every class's hypernym path into one tree; shared ancestors appear once.
        std::map<QString, QStandardItem *> nodes;
        for (const ClassRow &c : rows) {
            const std::optional<SynsetInfo> info = m_session->synsetInfo(c.wnid);
            const QStringList path = info ? info->hypernymPath : QStringList{c.wnid};
            QStandardItem *parent = m_model->invisibleRootItem();
            for (int i = 0; i < path.size(); ++i) {
                const bool last = i == path.size() - 1;
                auto it = nodes.find(path[i]);
                if (it == nodes.end()) {
                    QList<QStandardItem *> cells = row(path[i], last, c.classIndex);
                    parent->appendRow(cells);
                    it = nodes.emplace(path[i], cells.front()).first;
                } else if (last) {
                    // A class that is also an ancestor of another class.
                    it->second->setData(true, IsClassRole);
                    QFont f = it->second->font();
                    f.setBold(true);
                    it->second->setFont(f);
                    it->second->setForeground(palette().text());
                }
                parent = it->second;
            }
        }
    }
    applyFilter();
    // The tree is deep: it gets the whole width, and the wnid is in each row's tooltip.
    m_view->setColumnHidden(1, scope() == Scope::ClassTree);
    m_view->setColumnHidden(2, scope() == Scope::ClassTree);
    m_view->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_view->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_view->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_view->header()->setStretchLastSection(false);
}

void SynsetBrowser::rebuildWordNetResults()
{
    m_model->removeRows(0, m_model->rowCount());
    m_model->setHorizontalHeaderLabels({tr("Synset"), tr("wnid"), tr("Definition")});
    m_proxy->setFilterFixedString(QString());
    m_view->setColumnHidden(1, false);
    m_view->setColumnHidden(2, false);
    m_view->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_view->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_view->header()->setSectionResizeMode(2, QHeaderView::Interactive);
    m_view->header()->setStretchLastSection(true);
    const QString query = m_search->text().trimmed();
    if (query.isEmpty()) {
        m_summary->setText(tr("Type to search WordNet's 82,115 noun synsets"));
        return;
    }
    const QStringList hits = m_session->search(query, 300);
    for (const QString &wnid : hits) {
        const bool isClass = m_session->isClass(wnid);
        const std::optional<SynsetInfo> info = m_session->synsetInfo(wnid);
        QList<QStandardItem *> cells{makeItem(wnid, isClass), new QStandardItem(wnid),
                                     new QStandardItem(info ? info->definition : QString())};
        cells[2]->setToolTip(info ? info->definition : QString());
        for (int i = 1; i < cells.size(); ++i)
            cells[i]->setData(wnid, WnidRole);
        m_model->appendRow(cells);
    }
    m_summary->setText(tr("Synsets found: %1").arg(hits.size()));
}

void SynsetBrowser::applyFilter()
{
    const QString text = m_search->text().trimmed();
    m_proxy->setFilterFixedString(text);
    if (scope() == Scope::ClassTree) {
        if (text.isEmpty()) {
            m_view->collapseAll();
            m_view->expandToDepth(5);
        } else {
            m_view->expandAll();
        }
    }
    const int total = int(m_session->classRows().size());
    m_summary->setText(text.isEmpty()
                           ? tr("Classes: %1").arg(total)
                           : tr("Matching classes: %1 of %2").arg(visibleClassCount()).arg(total));
}

int SynsetBrowser::visibleClassCount() const
{
    int count = 0;
    std::function<void(const QModelIndex &)> walk = [&](const QModelIndex &parent) {
        for (int r = 0; r < m_proxy->rowCount(parent); ++r) {
            const QModelIndex idx = m_proxy->index(r, 0, parent);
            if (idx.data(IsClassRole).toBool() &&
                idx.data(SearchTextRole)
                    .toString()
                    .contains(m_search->text().trimmed(), Qt::CaseInsensitive))
                ++count;
            walk(idx);
        }
    };
    walk(QModelIndex());
    return count;
}

void SynsetBrowser::selectSynset(const QString &wnid)
{
    const QModelIndexList hits = m_model->match(m_model->index(0, 0), WnidRole, wnid, 1,
                                                Qt::MatchExactly | Qt::MatchRecursive);
    if (hits.isEmpty())
        return;
    const QModelIndex proxyIndex = m_proxy->mapFromSource(hits.front());
    if (!proxyIndex.isValid())
        return;
    m_view->setCurrentIndex(proxyIndex);
    m_view->scrollTo(proxyIndex);
}
