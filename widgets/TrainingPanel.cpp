#include "TrainingPanel.h"
#include "LocaleText.h"

#include "ProjectSession.h"
#include "RunDialog.h"
#include "TrainingRunWorker.h"

#include "project/Project.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSlider>
#include <QSplitter>
#include <QTableWidget>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <cmath>

using namespace synset;

namespace {

enum Column
{
    PlotColumn,
    NameColumn,
    ModelColumn,
    DataColumn,
    StatusColumn,
    EpochColumn,
    Top1Column,
    Top5Column,
    TimeColumn,
    ColumnCount
};

QColor runColor(int index)
{
    static const QColor palette[] = {
        QColor(31, 119, 180),  QColor(255, 127, 14), QColor(44, 160, 44),   QColor(214, 39, 40),
        QColor(148, 103, 189), QColor(140, 86, 75),  QColor(227, 119, 194), QColor(23, 190, 207)};
    return palette[index % 8];
}

QString durationText(double seconds)
{
    const int s = int(seconds + 0.5);
    return s >= 3600 ? QStringLiteral("%1:%2:%3")
                           .arg(s / 3600)
                           .arg(s / 60 % 60, 2, 10, QLatin1Char('0'))
                           .arg(s % 60, 2, 10, QLatin1Char('0'))
                     : QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

QCustomPlot *makePlot(const QString &title, const QString &xLabel, const QString &yLabel,
                      QWidget *parent)
{
    auto *plot = new QCustomPlot(parent);
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(
        0, 0, new QCPTextElement(plot, title, QFont(QString(), 10, QFont::Bold)));
    plot->xAxis->setLabel(xLabel);
    plot->yAxis->setLabel(yLabel);
    plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot->setMinimumHeight(150);
    return plot;
}

} // namespace

TrainingPanel::TrainingPanel(ProjectSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_thread(new QThread(this))
    , m_worker(new TrainingRunWorker)
    , m_table(new QTableWidget(0, ColumnCount, this))
    , m_new(new QPushButton(tr("New Run…"), this))
    , m_resume(new QPushButton(tr("Resume"), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_delete(new QPushButton(tr("Delete"), this))
    , m_failures(new QPushButton(tr("Show Failures"), this))
    , m_status(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_loss(makePlot(tr("Training loss"), tr("Step"), tr("Loss"), this))
    , m_accuracy(makePlot(tr("Accuracy"), tr("Epoch"), tr("Top-1 (%)"), this))
    , m_lr(makePlot(tr("Learning rate"), tr("Step"), tr("LR"), this))
    , m_smoothing(new QSlider(Qt::Horizontal, this))
    , m_smoothingValue(new QLabel(this))
    , m_poll(new QTimer(this))
{
    setObjectName("TrainingPanel");
    m_table->setHorizontalHeaderLabels({tr("Plot"), tr("Run"), tr("Model"), tr("Data"),
                                        tr("Status"), tr("Epoch"), tr("Top-1"), tr("Top-5"),
                                        tr("Time")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);
    m_new->setToolTip(tr("Train a classifier on a mix of real and synthetic images"));
    m_resume->setToolTip(tr("Continue the selected run after its last completed epoch"));
    m_cancel->setToolTip(tr("Stop the selected run; it keeps its last checkpoint and can resume"));
    m_failures->setToolTip(tr("Open the selected run's confusion matrix and failing classes"));
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(12);
    m_progress->hide();
    m_status->setWordWrap(true);
    m_smoothing->setRange(0, 99);
    m_smoothing->setValue(60);
    m_smoothing->setToolTip(tr("Smoothing of the loss curve (TensorBoard's debiased moving "
                               "average); the raw loss stays drawn faintly"));
    m_smoothingValue->setMinimumWidth(36);
    // Narrow plots: keep to the tick counts, so that step labels never run into each other.
    m_lr->xAxis->ticker()->setTickCount(3);
    m_loss->xAxis->ticker()->setTickCount(4);
    for (QCustomPlot *p : {m_lr, m_loss})
        p->xAxis->ticker()->setTickStepStrategy(QCPAxisTicker::tssMeetTickCount);
    // The accuracy legend goes below its plot, two entries (a run's train and test) a row: inside,
    // it covered the points of short runs, which sit at the right edge.
    m_accuracy->axisRect()->insetLayout()->take(m_accuracy->legend);
    m_accuracy->plotLayout()->addElement(2, 0, m_accuracy->legend);
    m_accuracy->plotLayout()->setRowStretchFactor(2, 0.001);
    m_accuracy->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    m_accuracy->legend->setWrap(2);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_new);
    buttons->addWidget(m_resume);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_delete);
    buttons->addStretch();
    buttons->addWidget(m_failures);
    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addLayout(buttons);
    leftLayout->addWidget(m_table, 1);
    leftLayout->addWidget(m_progress);
    leftLayout->addWidget(m_status);

    auto *smoothingRow = new QHBoxLayout;
    smoothingRow->addWidget(new QLabel(tr("Smoothing:"), this));
    smoothingRow->addWidget(m_smoothing, 1);
    smoothingRow->addWidget(m_smoothingValue);
    auto *plots = new QWidget(this);
    auto *grid = new QGridLayout(plots);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addWidget(m_loss, 0, 0);
    grid->addLayout(smoothingRow, 1, 0);
    grid->addWidget(m_accuracy, 0, 1, 2, 1);
    grid->addWidget(m_lr, 0, 2, 2, 1);
    grid->setColumnStretch(0, 3);
    grid->setColumnStretch(1, 3);
    grid->setColumnStretch(2, 2);
    grid->setRowStretch(0, 1);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(left);
    splitter->addWidget(plots);
    splitter->setStretchFactor(0, 5);
    splitter->setStretchFactor(1, 6);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(splitter);

    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(this, &TrainingPanel::requestRun, m_worker, &TrainingRunWorker::run);
    connect(m_worker, &TrainingRunWorker::progress, this,
            [this](const QString &run, double fraction, const QString &message) {
                m_progress->show();
                m_progress->setValue(int(fraction * 1000));
                m_status->setText(
                    tr("%1: %2, %3 % done")
                        .arg(run, message, QLocale().toString(fraction * 100, 'f', 1)));
            });
    connect(m_worker, &TrainingRunWorker::epochFinished, this, [this] { reload(); });
    connect(m_worker, &TrainingRunWorker::finished, this,
            [this](const QString &run, const QString &status, const QString &error) {
                m_active.clear();
                m_activeDir.clear();
                m_progress->hide();
                const QString shown = status == QLatin1String("done")        ? tr("Done")
                                      : status == QLatin1String("cancelled") ? tr("Cancelled")
                                                                             : status;
                m_status->setText(error.isEmpty() ? tr("%1: %2").arg(run, shown)
                                                  : tr("%1 failed: %2").arg(run, error));
                reload();
                emit runFinished(run, status);
                startNext();
            });
    m_thread->start();

    connect(m_new, &QPushButton::clicked, this, &TrainingPanel::newRun);
    connect(m_resume, &QPushButton::clicked, this, [this] {
        if (const QString e = resumeRun(selectedRun()); !e.isEmpty())
            QMessageBox::warning(this, tr("Resume"), e);
    });
    connect(m_cancel, &QPushButton::clicked, this, [this] { cancelRun(selectedRun()); });
    connect(m_delete, &QPushButton::clicked, this, [this] {
        const QString name = selectedRun();
        if (name.isEmpty() ||
            QMessageBox::question(this, tr("Delete Run"),
                                  tr("Delete run %1 with its metrics, predictions and model "
                                     "files?")
                                      .arg(name)) != QMessageBox::Yes)
            return;
        if (const QString e = deleteRun(name); !e.isEmpty())
            QMessageBox::warning(this, tr("Delete Run"), e);
    });
    connect(m_failures, &QPushButton::clicked, this,
            [this] { emit failuresRequested(selectedRun()); });
    connect(m_table, &QTableWidget::itemSelectionChanged, this, [this] {
        updateButtons();
        refreshPlots();
    });
    connect(m_table, &QTableWidget::itemChanged, this, [this](QTableWidgetItem *item) {
        if (m_filling || item->column() != PlotColumn)
            return;
        const QString name = m_table->item(item->row(), NameColumn)->text();
        if (item->checkState() == Qt::Checked)
            m_ticked.insert(name);
        else
            m_ticked.remove(name);
        refreshPlots();
    });
    connect(m_table, &QTableWidget::cellDoubleClicked, this, [this](int row, int) {
        emit failuresRequested(m_table->item(row, NameColumn)->text());
    });
    connect(m_smoothing, &QSlider::valueChanged, this, [this] { refreshPlots(); });
    // While a run trains (here or in another process), numbers and curves follow it.
    m_poll->setInterval(1000);
    connect(m_poll, &QTimer::timeout, this, [this] {
        bool live = !m_active.isEmpty();
        for (const RunInfo &r : m_runs)
            live = live || (r.status == "running" && !r.interrupted);
        if (live)
            reload();
    });
    m_poll->start();
    connect(m_session, &ProjectSession::projectChanged, this, [this] {
        m_ticked.clear();
        m_metrics.clear();
        reload();
    });
    reload();
}

TrainingPanel::~TrainingPanel()
{
    m_worker->stop();
    m_thread->quit();
    m_thread->wait();
}

std::vector<double> TrainingPanel::smoothed(const std::vector<double> &values, double weight)
{
    std::vector<double> out;
    out.reserve(values.size());
    double last = 0;
    double debias = 1;
    for (double v : values) {
        last = last * weight + (1 - weight) * v;
        debias *= weight;
        out.push_back(weight > 0 ? last / (1 - debias) : v);
    }
    return out;
}

QString TrainingPanel::displayStatus(const RunInfo &r) const
{
    const QString name = QString::fromStdString(r.name);
    if (name == m_active)
        return tr("Training");
    for (const auto &q : m_queue)
        if (q.first == name)
            return tr("Queued");
    if (r.status == "running")
        return r.interrupted ? tr("Interrupted") : tr("Training (elsewhere)");
    if (r.status == "done")
        return tr("Done");
    if (r.status == "cancelled")
        return tr("Cancelled");
    if (r.status == "failed")
        return tr("Failed");
    if (r.status == "queued")
        return tr("Not started");
    return QString::fromStdString(r.status);
}

void TrainingPanel::reload()
{
    Project *project = m_session->project();
    const QString selected = selectedRun();
    m_runs = project ? listRuns(*project) : std::vector<RunInfo>{};
    m_filling = true;
    m_table->setRowCount(int(m_runs.size()));
    int selectRow = -1;
    for (int row = 0; row < int(m_runs.size()); ++row) {
        const RunInfo &r = m_runs[size_t(row)];
        const QString name = QString::fromStdString(r.name);
        const auto set = [&](int column, const QString &text, Qt::Alignment align = Qt::AlignLeft) {
            QTableWidgetItem *item = m_table->item(row, column);
            if (!item) {
                item = new QTableWidgetItem;
                m_table->setItem(row, column, item);
            }
            item->setText(text);
            item->setTextAlignment(align | Qt::AlignVCenter);
            return item;
        };
        QTableWidgetItem *plot = set(PlotColumn, QString());
        plot->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
        plot->setCheckState(m_ticked.contains(name) ? Qt::Checked : Qt::Unchecked);
        plot->setData(Qt::DecorationRole, runColor(row));
        set(NameColumn, name);
        QString model = QString::fromStdString(r.config.train.model);
        if (r.config.train.width > 0)
            model += QStringLiteral(" w%1").arg(r.config.train.width);
        set(ModelColumn, model);
        QTableWidgetItem *data = set(DataColumn, localeText::describeData(r.config));
        data->setToolTip(
            tr("%1 real + %2 synthetic images").arg(r.realImages).arg(r.syntheticImages));
        QTableWidgetItem *status = set(StatusColumn, displayStatus(r));
        status->setToolTip(QString::fromStdString(r.error));
        set(EpochColumn, QStringLiteral("%1/%2").arg(r.epochsDone).arg(r.config.train.epochs),
            Qt::AlignRight);
        set(Top1Column, localeText::percent(r.top1, 2), Qt::AlignRight);
        set(Top5Column, localeText::percent(r.top5, 2), Qt::AlignRight);
        set(TimeColumn, r.wallSeconds > 0 ? durationText(r.wallSeconds) : QString(),
            Qt::AlignRight);
        if (name == selected)
            selectRow = row;
    }
    m_filling = false;
    if (selectRow >= 0) {
        const QSignalBlocker block(m_table);
        m_table->selectRow(selectRow);
    }
    updateButtons();
    refreshPlots();
}

QString TrainingPanel::selectedRun() const
{
    const QList<QTableWidgetItem *> items = m_table->selectedItems();
    for (QTableWidgetItem *item : items)
        if (QTableWidgetItem *name = m_table->item(item->row(), NameColumn))
            return name->text();
    return {};
}

void TrainingPanel::selectRun(const QString &name)
{
    for (int row = 0; row < m_table->rowCount(); ++row)
        if (m_table->item(row, NameColumn)->text() == name)
            m_table->selectRow(row);
}

QStringList TrainingPanel::plottedRuns() const
{
    QStringList out;
    for (const RunInfo &r : m_runs)
        if (m_ticked.contains(QString::fromStdString(r.name)))
            out << QString::fromStdString(r.name);
    if (out.isEmpty() && !selectedRun().isEmpty())
        out << selectedRun();
    // Nothing chosen: the run in progress, else the newest one.
    if (out.isEmpty() && !m_runs.empty()) {
        const auto live = std::find_if(m_runs.begin(), m_runs.end(), [](const RunInfo &r) {
            return r.status == "running" && !r.interrupted;
        });
        out << QString::fromStdString(live != m_runs.end() ? live->name : m_runs.back().name);
    }
    return out;
}

void TrainingPanel::setPlotted(const QString &name, bool plotted)
{
    if (plotted)
        m_ticked.insert(name);
    else
        m_ticked.remove(name);
    reload();
}

void TrainingPanel::setSmoothing(double weight)
{
    m_smoothing->setValue(int(std::lround(std::clamp(weight, 0.0, 0.99) * 100)));
}

double TrainingPanel::smoothing() const
{
    return m_smoothing->value() / 100.0;
}

const std::map<std::string, std::vector<MetricPoint>> &TrainingPanel::metricsOf(const RunInfo &run)
{
    PlottedMetrics &cached = m_metrics[run.id];
    if (cached.createdAt != run.createdAt)
        cached = {run.createdAt, {}};
    // Per-epoch keys are written at their epoch's last step, after its loss: read again from
    // the least advanced key, and keep of each key only the steps it does not have. A resumed
    // run writes the same values for the steps it repeats, so the points kept stay right.
    int64_t from = -1;
    for (const auto &[key, points] : cached.points)
        from = from < 0 ? points.back().step : std::min(from, points.back().step);
    for (auto &[key, points] : runMetrics(*m_session->project(), run.id, from - 1)) {
        std::vector<MetricPoint> &have = cached.points[key];
        for (const MetricPoint &p : points)
            if (have.empty() || p.step > have.back().step)
                have.push_back(p);
    }
    return cached.points;
}

void TrainingPanel::refreshPlots()
{
    m_smoothingValue->setText(QLocale().toString(smoothing(), 'f', 2));
    for (QCustomPlot *p : {m_loss, m_accuracy, m_lr})
        p->clearGraphs();
    Project *project = m_session->project();
    const QStringList names = plottedRuns();
    int maxEpochs = 1;
    for (int row = 0; project && row < int(m_runs.size()); ++row) {
        const RunInfo &r = m_runs[size_t(row)];
        const QString name = QString::fromStdString(r.name);
        if (!names.contains(name))
            continue;
        const auto &metrics = metricsOf(r);
        const QColor color = runColor(row);
        maxEpochs = std::max(maxEpochs, r.config.train.epochs);
        const auto series = [&](const char *key, bool byEpoch, QVector<double> &x,
                                QVector<double> &y) {
            x.clear();
            y.clear();
            const auto it = metrics.find(key);
            if (it == metrics.end())
                return;
            for (const MetricPoint &p : it->second) {
                x << (byEpoch ? p.epoch + 1 : double(p.step));
                y << p.value;
            }
        };
        QVector<double> x, y;
        series("loss", false, x, y);
        if (!x.isEmpty()) {
            QCPGraph *raw = m_loss->addGraph();
            QColor faint = color;
            faint.setAlpha(60);
            raw->setPen(QPen(faint));
            raw->setData(x, y, true);
            raw->removeFromLegend();
            const std::vector<double> s =
                smoothed(std::vector<double>(y.begin(), y.end()), smoothing());
            QCPGraph *smooth = m_loss->addGraph();
            smooth->setPen(QPen(color, 2));
            smooth->setName(name);
            smooth->setData(x, QVector<double>(s.begin(), s.end()), true);
        }
        series("train_acc", true, x, y);
        if (!x.isEmpty()) {
            for (double &v : y)
                v *= 100;
            QCPGraph *train = m_accuracy->addGraph();
            train->setPen(QPen(color, 1.5, Qt::DashLine));
            train->setName(tr("%1 train").arg(name));
            train->setData(x, y, true);
            train->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 4));
        }
        series("test_acc", true, x, y);
        if (!x.isEmpty()) {
            for (double &v : y)
                v *= 100;
            QCPGraph *test = m_accuracy->addGraph();
            test->setPen(QPen(color, 2));
            test->setName(tr("%1 test").arg(name));
            test->setData(x, y, true);
            test->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 6));
        }
        series("lr", false, x, y);
        if (!x.isEmpty()) {
            QCPGraph *lr = m_lr->addGraph();
            lr->setPen(QPen(color, 1.5));
            lr->setData(x, y, true);
        }
    }
    m_accuracy->legend->setVisible(m_accuracy->graphCount() > 0);
    m_loss->legend->setVisible(names.size() > 1);
    for (QCustomPlot *p : {m_loss, m_accuracy, m_lr}) {
        p->rescaleAxes();
        if (p == m_accuracy && p->graphCount() > 0) {
            const QCPRange r = p->yAxis->range();
            p->yAxis->setRange(std::max(0.0, r.lower - 2), std::min(100.0, r.upper + 2));
            p->xAxis->setRange(0.5, maxEpochs + 0.5); // the whole run, so progress shows
        }
        p->replot();
    }
}

void TrainingPanel::updateButtons()
{
    const QString name = selectedRun();
    const RunInfo *run = nullptr;
    for (const RunInfo &r : m_runs)
        if (QString::fromStdString(r.name) == name)
            run = &r;
    const bool queued =
        std::any_of(m_queue.begin(), m_queue.end(), [&](const auto &q) { return q.first == name; });
    const bool here = !name.isEmpty() && (name == m_active || queued);
    m_new->setEnabled(m_session->hasProject());
    m_resume->setEnabled(run && !here && run->status != "done" &&
                         (run->status != "running" || run->interrupted));
    m_resume->setText(run && run->status == "queued" ? tr("Start") : tr("Resume"));
    m_cancel->setEnabled(here);
    m_delete->setEnabled(run && !here && (run->status != "running" || run->interrupted));
    m_failures->setEnabled(run && run->top1 >= 0);
}

void TrainingPanel::newRun()
{
    if (!m_session->hasProject())
        return;
    RunDialog dialog(m_session, this);
    dialog.setRunName(QString::fromStdString(freeRunName(*m_session->project(), "run")));
    // Start from the selected run's settings, the usual way to make a variant.
    for (const RunInfo &r : m_runs)
        if (QString::fromStdString(r.name) == selectedRun())
            dialog.setConfig(r.config);
    while (dialog.exec() == QDialog::Accepted) {
        const QString error = startRun(dialog.runName(), dialog.config());
        if (error.isEmpty())
            return;
        dialog.setError(error);
    }
}

QString TrainingPanel::startRun(const QString &name, const RunConfig &config)
{
    Project *project = m_session->project();
    if (!project)
        return tr("No project is open");
    if (Result<int64_t> id = createRun(*project, name.toStdString(), config); !id)
        return QString::fromStdString(id.error());
    m_queue.emplace_back(name, false);
    m_ticked.insert(name);
    reload();
    selectRun(name);
    startNext();
    return {};
}

QString TrainingPanel::resumeRun(const QString &name)
{
    Project *project = m_session->project();
    if (!project || name.isEmpty())
        return tr("No run is selected");
    Result<RunInfo> run = findRun(*project, name.toStdString());
    if (!run)
        return QString::fromStdString(run.error());
    if (run->status == "done")
        return tr("Run %1 is finished").arg(name);
    m_queue.emplace_back(name, run->status != "queued");
    reload();
    startNext();
    return {};
}

QString TrainingPanel::cancelRun(const QString &name)
{
    for (auto it = m_queue.begin(); it != m_queue.end(); ++it)
        if (it->first == name) {
            m_queue.erase(it);
            reload();
            return {};
        }
    if (name != m_active || name.isEmpty())
        return tr("Run %1 is not training here").arg(name);
    m_worker->stop();
    m_status->setText(tr("%1: stopping after this step…").arg(name));
    return {};
}

QString TrainingPanel::deleteRun(const QString &name)
{
    Project *project = m_session->project();
    if (!project)
        return tr("No project is open");
    if (name == m_active)
        return tr("Run %1 is training; cancel it first").arg(name);
    if (Result<void> r = synset::deleteRun(*project, name.toStdString()); !r)
        return QString::fromStdString(r.error());
    m_ticked.remove(name);
    reload();
    return {};
}

QString TrainingPanel::retrain(const QString &name, const std::vector<std::string> &extraDatasets,
                               QString *error)
{
    Project *project = m_session->project();
    Result<RunInfo> run = project ? findRun(*project, name.toStdString())
                                  : Result<RunInfo>(makeError("no project is open"));
    if (!run) {
        if (error)
            *error = QString::fromStdString(run.error());
        return {};
    }
    RunConfig config = run->config;
    if (!config.syntheticDatasets.empty())
        for (const std::string &d : extraDatasets)
            if (std::find(config.syntheticDatasets.begin(), config.syntheticDatasets.end(), d) ==
                config.syntheticDatasets.end())
                config.syntheticDatasets.push_back(d);
    config.parent = run->name;
    const QString newName = QString::fromStdString(freeRunName(*project, run->name + "-repair"));
    if (const QString e = startRun(newName, config); !e.isEmpty()) {
        if (error)
            *error = e;
        return {};
    }
    return newName;
}

void TrainingPanel::startNext()
{
    if (!m_active.isEmpty() || m_queue.empty() || !m_session->hasProject())
        return;
    const auto [name, resume] = m_queue.front();
    m_queue.erase(m_queue.begin());
    m_active = name;
    m_activeDir = m_session->projectPath();
    m_worker->arm();
    m_progress->setValue(0);
    m_progress->show();
    m_status->setText(tr("%1: loading images…").arg(name));
    emit requestRun(m_activeDir, name, resume);
    reload();
}
