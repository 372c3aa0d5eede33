#include "ClusterPlansPanel.h"

#include "LocaleText.h"
#include "ProjectSession.h"

#include "common/Guard.h"
#include "generation/GenerationPlan.h"
#include "project/Project.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

using namespace synset;

namespace {

QTableWidgetItem *cell(const QString &text, bool number = true)
{
    auto *item = new QTableWidgetItem(text);
    item->setFlags(item->flags() & ~Qt::ItemIsEditable);
    if (number)
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

// What a merge did, in a line.
QString describeMerge(const QString &plan, const PlanMergeReport &r)
{
    QString text =
        ClusterPlansPanel::tr("Plan '%1': %2 shards merged (%3 images), %4 merged "
                              "before, %5 not finished.")
            .arg(plan, localeText::count(int64_t(r.merged.size())), localeText::count(r.images),
                 localeText::count(int64_t(r.alreadyMerged.size())),
                 localeText::count(int64_t(r.notDone.size())));
    for (const std::string &problem : r.problems)
        text += QStringLiteral("\n") + QString::fromStdString(problem);
    return text;
}

} // namespace

ClusterPlansPanel::ClusterPlansPanel(ProjectSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_table(new QTableWidget(0, ColumnCount, this))
    , m_merge(new QPushButton(tr("Merge Finished Shards"), this))
    , m_refresh(new QPushButton(tr("Refresh"), this))
    , m_progress(new QProgressBar(this))
    , m_result(new QLabel(this))
    , m_poll(new QTimer(this))
{
    setObjectName("ClusterPlansPanel");
    m_table->setHorizontalHeaderLabels({tr("Plan"), tr("Images"), tr("Shards"), tr("Done"),
                                        tr("Partial"), tr("Missing"), tr("Merged"),
                                        tr("To make (--array)")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_merge->setToolTip(tr("Add the images of every finished shard to the project, checked "
                           "against the plan; merging again adds nothing"));
    m_progress->hide();
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_poll->setInterval(5000);

    auto *title = new QLabel(tr("Cluster plans (synset-cli plan, slurm plan)"), this);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(title);
    buttons->addStretch();
    buttons->addWidget(m_refresh);
    buttons->addWidget(m_merge);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(buttons);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_progress);
    layout->addWidget(m_result);

    connect(m_refresh, &QPushButton::clicked, this, &ClusterPlansPanel::reload);
    connect(m_merge, &QPushButton::clicked, this, [this] {
        if (const QString error = mergeSelected(); !error.isEmpty())
            m_result->setText(error);
    });
    connect(m_poll, &QTimer::timeout, this, [this] {
        if (m_unfinished && !m_job.isRunning())
            reload();
    });
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &ClusterPlansPanel::updateButtons);
    connect(m_session, &ProjectSession::projectChanged, this, &ClusterPlansPanel::reload);
    connect(&m_job, &QFutureWatcher<QString>::finished, this, [this] {
        m_progress->hide();
        m_result->setText(m_job.result());
        reload();
        m_session->notifyImagesChanged();
        emit mergeFinished(m_job.result());
    });
    reload();
}

void ClusterPlansPanel::reload()
{
    const QString selected = selectedPlan();
    m_table->setRowCount(0);
    m_unfinished = false;
    Project *p = m_session->project();
    const std::vector<GenerationPlanInfo> plans =
        p ? generationPlans(*p) : std::vector<GenerationPlanInfo>{};
    for (const GenerationPlanInfo &plan : plans) {
        int done = 0, partial = 0, missing = 0;
        std::vector<int> rest;
        for (const ShardStatus &s : planShardStatus(plan.frozen, plan.mergedShards)) {
            done += s.state == ShardState::Done;
            partial += s.state == ShardState::Partial;
            missing += s.state == ShardState::Missing;
            if (s.state != ShardState::Done && !s.running)
                rest.push_back(s.shard);
        }
        m_unfinished = m_unfinished || done < plan.frozen.shards ||
                       int(plan.mergedShards.size()) < plan.frozen.shards;
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        const QString name = QString::fromStdString(plan.frozen.name);
        m_table->setItem(row, PlanColumn, cell(name, false));
        m_table->setItem(row, ImagesColumn, cell(localeText::count(plan.frozen.images)));
        m_table->setItem(row, ShardsColumn, cell(localeText::count(int64_t(plan.frozen.shards))));
        m_table->setItem(row, DoneColumn, cell(localeText::count(int64_t(done))));
        m_table->setItem(row, PartialColumn, cell(localeText::count(int64_t(partial))));
        m_table->setItem(row, MissingColumn, cell(localeText::count(int64_t(missing))));
        m_table->setItem(row, MergedColumn,
                         cell(localeText::count(int64_t(plan.mergedShards.size()))));
        m_table->setItem(
            row, RestColumn,
            cell(rest.empty() ? QString() : QString::fromStdString(arrayRanges(rest)), false));
        if (name == selected || (selected.isEmpty() && row == 0))
            m_table->selectRow(row);
    }
    const QString hint = tr("No plan yet: New Job…, then Plan for a Slurm Cluster…");
    if (plans.empty())
        m_result->setText(hint);
    else if (m_result->text() == hint)
        m_result->clear();
    updateButtons();
}

QString ClusterPlansPanel::selectedPlan() const
{
    const QList<QTableWidgetItem *> items = m_table->selectedItems();
    return items.isEmpty() ? QString() : m_table->item(items.first()->row(), PlanColumn)->text();
}

QString ClusterPlansPanel::mergeSelected()
{
    const QString plan = selectedPlan();
    if (plan.isEmpty() || !m_session->project())
        return tr("Choose a plan first.");
    if (m_job.isRunning())
        return tr("A merge is running already.");
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_progress->show();
    m_merge->setEnabled(false);
    m_result->setText(tr("Merging '%1'…").arg(plan));
    const QString dir = m_session->projectPath();
    QPointer<QProgressBar> bar = m_progress;
    m_job.setFuture(QtConcurrent::run([dir, plan, bar]() -> QString {
        QString text;
        const std::optional<std::string> error = catchAll("merge", [&] {
            // The worker has its own connection to the store.
            Result<std::unique_ptr<Project>> project = Project::open(dir.toStdString());
            if (!project) {
                text = QString::fromStdString(project.error());
                return;
            }
            Result<PlanMergeReport> report = mergeGenerationPlan(
                **project, plan.toStdString(), [bar](double f, std::string_view) {
                    QMetaObject::invokeMethod(bar, [bar, f] {
                        if (bar)
                            bar->setValue(int(f * 1000));
                    });
                });
            text = report ? describeMerge(plan, *report)
                          : tr("Not merged: %1").arg(QString::fromStdString(report.error()));
        });
        return error ? QString::fromStdString(*error) : text;
    }));
    return {};
}

QString ClusterPlansPanel::result() const
{
    return m_result->text();
}

void ClusterPlansPanel::updateButtons()
{
    m_merge->setEnabled(!selectedPlan().isEmpty() && !m_job.isRunning());
}

void ClusterPlansPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_poll->start();
}

void ClusterPlansPanel::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_poll->stop();
}
