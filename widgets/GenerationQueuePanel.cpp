#include "GenerationQueuePanel.h"

#include "ClusterPlanDialog.h"
#include "ClusterPlansPanel.h"

#include "GenerationJobDialog.h"
#include "GenerationJobWorker.h"
#include "GenerationQueueModel.h"
#include "LocaleText.h"
#include "ProgressDelegate.h"
#include "ProjectSession.h"

#include "project/Project.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>

using namespace synset;

GenerationQueuePanel::GenerationQueuePanel(ProjectSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_thread(new QThread(this))
    , m_worker(new GenerationJobWorker)
    , m_model(new GenerationQueueModel(this))
    , m_view(new QTableView(this))
    , m_new(new QPushButton(tr("New Job…"), this))
    , m_resume(new QPushButton(tr("Start"), this))
    , m_pause(new QPushButton(tr("Pause"), this))
    , m_cancel(new QPushButton(tr("Cancel Job"), this))
    , m_remove(new QPushButton(tr("Remove Job…"), this))
    , m_status(new QLabel(this))
    , m_plans(new ClusterPlansPanel(session, this))
{
    setObjectName("GenerationQueuePanel");
    m_view->setModel(m_model);
    m_view->setItemDelegateForColumn(
        GenerationQueueModel::ProgressColumn,
        new ProgressDelegate(GenerationQueueModel::FractionRole, m_view));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->verticalHeader()->hide();
    QHeaderView *header = m_view->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(GenerationQueueModel::ProgressColumn, QHeaderView::Fixed);
    header->setStretchLastSection(true);
    m_view->setColumnWidth(GenerationQueueModel::ProgressColumn, 220);
    m_view->setWordWrap(false);
    m_new->setToolTip(tr("Queue N images per class for chosen classes"));
    m_resume->setToolTip(tr("Start or resume the selected job; images already written are kept"));
    m_pause->setToolTip(tr("Stop the selected job so that it can resume later"));
    m_cancel->setToolTip(tr("Stop the selected job for good; images already written are kept"));
    m_remove->setToolTip(tr("Take the selected job off the list; its images stay in the project"));
    m_status->setWordWrap(true);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_new);
    buttons->addWidget(m_resume);
    buttons->addWidget(m_pause);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_remove);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_status);
    layout->addWidget(m_plans);

    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(this, &GenerationQueuePanel::requestRun, m_worker, &GenerationJobWorker::run,
            Qt::QueuedConnection);
    connect(m_worker, &GenerationJobWorker::progress, this,
            [this](const QString &job, qint64 done, qint64 total, double inFlight, double rate,
                   double eta, const QString &wnid) {
                if (m_activeDir != m_session->projectPath())
                    return;
                const GenerationJobRow *before = m_model->job(m_model->rowOf(job));
                const bool written = before && done > before->done;
                m_model->setProgress(job, done, total, inFlight, rate, eta, wnid);
                // Counts elsewhere follow as batches land, at most once a second: on a GPU batches
                // land faster than the class table and thumbnails should reload.
                if (written && (!m_imagesNotice.isValid() || m_imagesNotice.elapsed() >= 1000)) {
                    m_imagesNotice.start();
                    m_session->notifyImagesChanged();
                }
                const QLocale locale;
                QString text = tr("Generating '%1': %2 of %3 images")
                                   .arg(job, locale.toString(done), locale.toString(total));
                if (rate > 0)
                    text += tr(", %1 images/s, about %2 left")
                                .arg(locale.toString(rate, 'f', 1),
                                     GenerationQueueModel::formatDuration(eta));
                m_status->setText(text);
            });
    connect(m_worker, &GenerationJobWorker::finished, this,
            [this](const QString &job, const QString &status, const QString &error) {
                const bool sameProject = m_activeDir == m_session->projectPath();
                m_model->setActive({});
                m_activeDir.clear();
                if (!sameProject) {
                    startNext();
                    return;
                }
                reload();
                m_session->notifyImagesChanged();
                if (!error.isEmpty())
                    m_status->setText(tr("'%1' failed: %2").arg(job, error));
                else
                    m_status->setText(
                        tr("'%1': %2").arg(job, GenerationQueueModel::statusText(status)));
                emit jobFinished(job, status);
                startNext();
            });
    connect(m_new, &QPushButton::clicked, this, &GenerationQueuePanel::newJob);
    // Actions on the selected job; a refusal ("already done") shows in the status line.
    const auto onSelected = [this](QString (GenerationQueuePanel::*action)(const QString &)) {
        return [this, action] {
            if (const QString error = (this->*action)(selectedJob()); !error.isEmpty())
                m_status->setText(error);
        };
    };
    connect(m_resume, &QPushButton::clicked, this, onSelected(&GenerationQueuePanel::resume));
    connect(m_pause, &QPushButton::clicked, this, onSelected(&GenerationQueuePanel::pause));
    connect(m_cancel, &QPushButton::clicked, this, onSelected(&GenerationQueuePanel::cancel));
    connect(m_remove, &QPushButton::clicked, this, [this] {
        if (const QString name = selectedJob(); confirmRemoval(name))
            if (const QString error = remove(name); !error.isEmpty())
                m_status->setText(error);
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &GenerationQueuePanel::updateButtons);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &GenerationQueuePanel::updateButtons);
    connect(m_model, &QAbstractItemModel::modelReset, this, &GenerationQueuePanel::updateButtons);
    connect(m_session, &ProjectSession::projectChanged, this, [this] {
        if (!m_model->active().isEmpty()) {
            m_worker->stop(true);   // the job stays resumable in its project
            m_model->setActive({}); // the old project's job, not one of this project's
        }
        m_runQueue = false;
        m_status->clear();
        reload();
    });
    m_thread->start();
    // Jobs another process runs (a CLI, another window) are followed while they run, and show
    // as interrupted once that process is gone.
    auto *follow = new QTimer(this);
    follow->setInterval(2000);
    connect(follow, &QTimer::timeout, this, [this] {
        for (int row = 0; row < m_model->rowCount(); ++row)
            if (m_model->effectiveStatus(row) == QLatin1String("elsewhere"))
                return reload();
    });
    follow->start();
    reload();
}

GenerationQueuePanel::~GenerationQueuePanel()
{
    // A job still running is paused, not lost: it resumes next time.
    m_worker->stop(true);
    m_thread->quit();
    m_thread->wait();
}

QString GenerationQueuePanel::activeJob() const
{
    return m_model->active();
}

QString GenerationQueuePanel::status() const
{
    return m_status->text();
}

void GenerationQueuePanel::reload()
{
    const QString selected = selectedJob();
    if (Project *p = m_session->project())
        m_model->setJobs(generationJobs(*p));
    else
        m_model->setJobs({});
    if (const int row = m_model->rowOf(selected); row >= 0)
        m_view->selectRow(row);
    else if (m_model->rowCount() > 0)
        m_view->selectRow(m_model->rowCount() - 1);
    updateButtons();
}

QString GenerationQueuePanel::selectedJob() const
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    return current.isValid() ? m_model->data(current, GenerationQueueModel::NameRole).toString()
                             : QString();
}

void GenerationQueuePanel::updateButtons()
{
    const int row = m_model->rowOf(selectedJob());
    const QString status = m_model->effectiveStatus(row);
    const bool project = m_session->hasProject();
    m_new->setEnabled(project);
    m_resume->setEnabled(row >= 0 && status != QLatin1String("running") &&
                         status != QLatin1String("elsewhere") && status != QLatin1String("done") &&
                         !(status == QLatin1String("queued") && m_runQueue));
    m_resume->setText(status == QLatin1String("queued") ? tr("Start") : tr("Resume"));
    m_pause->setEnabled(status == QLatin1String("running") || status == QLatin1String("queued"));
    m_cancel->setEnabled(row >= 0 && status != QLatin1String("done") &&
                         status != QLatin1String("elsewhere") &&
                         status != QLatin1String("cancelled"));
    m_remove->setEnabled(row >= 0 && status != QLatin1String("running") &&
                         status != QLatin1String("elsewhere"));
}

QString GenerationQueuePanel::setStatus(const QString &name, const char *status)
{
    Project *p = m_session->project();
    const GenerationJobRow *job = m_model->job(m_model->rowOf(name));
    if (!p || !job)
        return tr("There is no generation job '%1'.").arg(name);
    if (Result<void> r = setGenerationJobStatus(*p, job->id, status); !r)
        return QString::fromStdString(r.error());
    reload();
    return {};
}

void GenerationQueuePanel::startNext()
{
    if (!m_runQueue || !m_activeDir.isEmpty() || !m_session->hasProject())
        return;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_model->effectiveStatus(row) != QLatin1String("queued"))
            continue;
        const QString name = m_model->job(row)->name;
        m_activeDir = m_session->projectPath();
        m_model->setActive(name);
        m_status->setText(tr("Starting '%1'…").arg(name));
        m_worker->arm();
        emit requestRun(m_activeDir, name);
        return;
    }
}

QString GenerationQueuePanel::createJob(const QString &name, const GenerationConfig &config)
{
    Project *p = m_session->project();
    if (!p)
        return tr("No project is open.");
    if (Result<int64_t> id = createGenerationJob(*p, name.toStdString(), config); !id)
        return tr("The job could not be made: %1").arg(QString::fromStdString(id.error()));
    m_runQueue = true;
    reload();
    m_view->selectRow(m_model->rowOf(name));
    startNext();
    return {};
}

QString GenerationQueuePanel::resume(const QString &name)
{
    const int row = m_model->rowOf(name);
    const QString status = m_model->effectiveStatus(row);
    if (row < 0)
        return tr("There is no generation job '%1'.").arg(name);
    if (status == QLatin1String("done"))
        return tr("'%1' is already done.").arg(name);
    if (status == QLatin1String("running"))
        return {};
    if (status != QLatin1String("queued"))
        if (QString error = setStatus(name, "queued"); !error.isEmpty())
            return error;
    m_runQueue = true;
    updateButtons();
    startNext();
    return {};
}

QString GenerationQueuePanel::pause(const QString &name)
{
    if (!name.isEmpty() && name == m_model->active()) {
        m_worker->stop(true);
        m_status->setText(tr("Pausing '%1'…").arg(name));
        return {};
    }
    if (m_model->effectiveStatus(m_model->rowOf(name)) == QLatin1String("queued"))
        return setStatus(name, "paused");
    return tr("'%1' is not running.").arg(name);
}

QString GenerationQueuePanel::cancel(const QString &name)
{
    if (!name.isEmpty() && name == m_model->active()) {
        m_worker->stop(false);
        m_status->setText(tr("Cancelling '%1'…").arg(name));
        return {};
    }
    const QString status = m_model->effectiveStatus(m_model->rowOf(name));
    if (status.isEmpty())
        return tr("There is no generation job '%1'.").arg(name);
    if (status == QLatin1String("done") || status == QLatin1String("cancelled"))
        return tr("'%1' has already ended.").arg(name);
    return setStatus(name, "cancelled");
}

bool GenerationQueuePanel::confirmRemoval(const QString &name)
{
    const GenerationJobRow *job = m_model->job(m_model->rowOf(name));
    if (!job)
        return false;
    return QMessageBox::question(
               this, tr("Remove Job"),
               tr("Take '%1' off the list? Its %2 images stay in the project, in dataset "
                  "'gen-%1'; review can reject them.")
                   .arg(name, localeText::count(job->done)),
               QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) == QMessageBox::Yes;
}

QString GenerationQueuePanel::remove(const QString &name)
{
    Project *p = m_session->project();
    if (!p || m_model->rowOf(name) < 0)
        return tr("There is no generation job '%1'.").arg(name);
    if (name == m_model->active())
        return tr("'%1' is running; pause or cancel it first.").arg(name);
    if (Result<void> r = removeGenerationJob(*p, name.toStdString()); !r)
        return QString::fromStdString(r.error());
    reload();
    m_status->setText(tr("'%1' removed; its images stay in the project.").arg(name));
    return {};
}

void GenerationQueuePanel::newJob()
{
    if (!m_session->hasProject())
        return;
    GenerationJobDialog dialog(m_session, this);
    while (dialog.exec() == QDialog::Accepted) {
        if (dialog.wantsClusterPlan()) {
            ClusterPlanDialog plan(m_session, dialog.jobName(), dialog.config(), this);
            if (plan.exec() == QDialog::Accepted) {
                m_status->setText(plan.resultText());
                m_plans->reload();
            }
            return;
        }
        const QString error = createJob(dialog.jobName(), dialog.config());
        if (error.isEmpty())
            return;
        dialog.setError(error);
    }
}
