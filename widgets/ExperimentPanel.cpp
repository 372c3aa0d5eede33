#include "ExperimentPanel.h"

#include "ExperimentWorker.h"
#include "LocaleText.h"
#include "ModelPicker.h"
#include "PlotExport.h"
#include "ProjectSession.h"

#include "common/FileUtil.h"
#include "generation/GenerationJob.h"
#include "generation/Generator.h"
#include "project/Project.h"
#include "training/TrainingRun.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextBrowser>
#include <QThread>
#include <QVBoxLayout>

#include <cmath>

using namespace synset;

namespace {

// Azizi et al. (2023), ImageNet at 256x256 with ResNet-50: generated data alone reaches 0.889 of
// real data's top-1, and adding generated data to real gains 1.78 points.
constexpr double kAziziCas = 0.889;
constexpr double kAziziMixGain = 1.78;

enum StepColumn
{
    KindColumn,
    NameColumn,
    WhatColumn,
    StateColumn,
    EstimateColumn,
    StepColumns
};

QString stepKindText(ExperimentStepKind kind)
{
    switch (kind) {
    case ExperimentStepKind::Generate:
        return ExperimentPanel::tr("Generate");
    case ExperimentStepKind::Train:
        return ExperimentPanel::tr("Train");
    case ExperimentStepKind::Filter:
        return ExperimentPanel::tr("Filter");
    }
    return {};
}

QString stepStateText(StepState state)
{
    switch (state) {
    case StepState::Pending:
        return ExperimentPanel::tr("To do");
    case StepState::Partial:
        return ExperimentPanel::tr("Started");
    case StepState::Done:
        return ExperimentPanel::tr("Done");
    }
    return {};
}

// What a step makes, in words: "4 images a class, guidance 2", "10 % real + synthetic".
QString stepWhat(const ExperimentStep &s)
{
    const QString g = localeText::number(s.guidance);
    if (s.kind == ExperimentStepKind::Generate)
        return ExperimentPanel::tr("%1 images a class, guidance %2")
            .arg(localeText::count(s.perClass))
            .arg(g);
    if (s.kind == ExperimentStepKind::Filter)
        return ExperimentPanel::tr("score the generated images, keep the best %1 a class")
            .arg(localeText::count(s.perClass));
    const QString real = localeText::number(s.fraction * 100) + QStringLiteral(" %");
    if (s.role == "real")
        return ExperimentPanel::tr("%1 real").arg(real);
    if (s.role == "mix")
        return ExperimentPanel::tr("%1 real + synthetic (guidance %2)").arg(real, g);
    if (s.role == "cas")
        return ExperimentPanel::tr("synthetic only, guidance %1").arg(g);
    if (s.role == "cas-random")
        return ExperimentPanel::tr("%1 synthetic a class, picked at random")
            .arg(localeText::count(s.perClass));
    return ExperimentPanel::tr("%1 synthetic a class, kept by the rule")
        .arg(localeText::count(s.perClass));
}

QString duration(double seconds)
{
    if (!(seconds >= 0))
        return QStringLiteral("–");
    const int s = int(std::lround(seconds));
    return s < 3600 ? QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'))
                    : QStringLiteral("%1:%2:%3")
                          .arg(s / 3600)
                          .arg(s / 60 % 60, 2, 10, QLatin1Char('0'))
                          .arg(s % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

ExperimentPanel::ExperimentPanel(ProjectSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_thread(new QThread(this))
    , m_worker(new ExperimentWorker)
    , m_experiments(new QComboBox(this))
    , m_name(new QLineEdit(QStringLiteral("exp"), this))
    , m_generator(new ModelPicker(this))
    , m_model(new QComboBox(this))
    , m_width(new QSpinBox(this))
    , m_fractions(new QLineEdit(this))
    , m_sweep(new QLineEdit(this))
    , m_guidance(new QDoubleSpinBox(this))
    , m_perClass(new QSpinBox(this))
    , m_sweepPerClass(new QSpinBox(this))
    , m_filterPerClass(new QSpinBox(this))
    , m_rule(new QLineEdit(this))
    , m_budget(new QSpinBox(this))
    , m_sampleSteps(new QSpinBox(this))
    , m_planButton(new QPushButton(tr("Show Plan"), this))
    , m_start(new QPushButton(tr("Start"), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_export(new QPushButton(tr("Export…"), this))
    , m_steps(new QTableWidget(this))
    , m_table(new QTextBrowser(this))
    , m_cas(new QCustomPlot(this))
    , m_curves(new QCustomPlot(this))
    , m_progress(new QProgressBar(this))
    , m_status(new QLabel(this))
{
    setObjectName("ExperimentPanel");
    setUpForm();
    buildLayout();
    connectWorker();
    connectControls();
    m_generator->setPath(ModelPicker::builtinPath());
    reloadExperiments();
    m_thread->start();
}

// The form's ranges, defaults and tips.
void ExperimentPanel::setUpForm()
{
    const ExperimentOptions defaults;
    m_experiments->setToolTip(tr("Experiments stored in the project"));
    m_model->addItem(QStringLiteral("CNN"), QStringLiteral("cnn"));
    m_model->addItem(QStringLiteral("ResNet-18"), QStringLiteral("resnet18"));
    m_model->addItem(QStringLiteral("ResNet-50"), QStringLiteral("resnet50"));
    m_width->setRange(0, 512);
    m_width->setSpecialValueText(tr("usual"));
    m_fractions->setText(localeText::numberList({1, 10, 100}));
    m_fractions->setToolTip(tr("Percent of each class's real training images, one run each"));
    m_sweep->setText(localeText::numberList({0, 1, 2, 3, 5, 8}));
    m_sweep->setToolTip(tr("Guidance scales of the synthetic-only runs (the CAS curve)"));
    m_guidance->setRange(0, 50);
    m_guidance->setDecimals(2);
    m_guidance->setSingleStep(0.25);
    m_guidance->setToolTip(tr("Guidance of the images mixed with the real ones"));
    for (QSpinBox *box : {m_perClass, m_sweepPerClass, m_filterPerClass})
        box->setRange(0, 1'000'000);
    m_perClass->setRange(1, 1'000'000);
    m_sweepPerClass->setRange(1, 1'000'000);
    m_perClass->setValue(defaults.perClass);
    m_sweepPerClass->setValue(defaults.sweepPerClass);
    m_filterPerClass->setValue(defaults.perClass / 2);
    m_filterPerClass->setSpecialValueText(tr("no filtering"));
    m_rule->setText(QString::fromStdString(defaults.filterRule));
    m_rule->setToolTip(tr("Conditions an image must meet, e.g. self_confidence>=0.5 and "
                          "uniqueness>0.1; the best of those by uniqueness are kept"));
    m_budget->setRange(1, 2'000'000'000);
    m_budget->setGroupSeparatorShown(true);
    m_budget->setValue(int(defaults.budget));
    m_budget->setToolTip(tr("Training images every run sees, whatever the size of its data"));
    m_sampleSteps->setRange(1, 1000);
    m_sampleSteps->setValue(defaults.sampleSteps);
    m_cancel->setEnabled(false);
    m_progress->setRange(0, 1000);
    m_status->setWordWrap(true);
}

// The form and buttons on the left; the plan, table, CAS plot and current run on the right.
void ExperimentPanel::buildLayout()
{
    auto *form = new QFormLayout;
    form->addRow(tr("Experiment:"), m_experiments);
    form->addRow(tr("Name:"), m_name);
    form->addRow(tr("Generator:"), m_generator);
    auto *classifier = new QHBoxLayout;
    classifier->addWidget(m_model);
    classifier->addWidget(new QLabel(tr("width"), this));
    classifier->addWidget(m_width);
    form->addRow(tr("Classifier:"), classifier);
    form->addRow(tr("Training images seen:"), m_budget);
    form->addRow(tr("Real data (%):"), m_fractions);
    form->addRow(tr("Guidance of the mixes:"), m_guidance);
    form->addRow(tr("Images a class:"), m_perClass);
    form->addRow(tr("CAS guidance scales:"), m_sweep);
    form->addRow(tr("Images a class per scale:"), m_sweepPerClass);
    form->addRow(tr("Sampler steps:"), m_sampleSteps);
    form->addRow(tr("Filtering, images a class:"), m_filterPerClass);
    form->addRow(tr("Filter rule:"), m_rule);
    auto *buttons = new QHBoxLayout;
    for (QPushButton *b : {m_planButton, m_start, m_cancel, m_export})
        buttons->addWidget(b);
    auto *left = new QVBoxLayout;
    left->addLayout(form);
    left->addLayout(buttons);
    left->addWidget(m_progress);
    left->addWidget(m_status);
    left->addStretch();

    const QStringList headers{tr("Step"), tr("Name"), tr("What"), tr("State"), tr("Estimate")};
    m_steps->setColumnCount(StepColumns);
    m_steps->setHorizontalHeaderLabels(headers);
    m_steps->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_steps->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_steps->verticalHeader()->hide();
    m_steps->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_steps->horizontalHeader()->setStretchLastSection(true);
    m_cas->xAxis->setLabel(tr("Guidance scale"));
    m_cas->yAxis->setLabel(tr("CAS (synthetic-only top-1 / real top-1)"));
    m_cas->yAxis->setRange(0, 1.05);
    m_cas->legend->setVisible(false);
    m_cas->setMinimumHeight(220);
    setUpCurves();
    auto *tabs = new QTabWidget(this);
    tabs->addTab(m_steps, tr("Plan"));
    tabs->addTab(m_table, tr("Table"));
    tabs->addTab(m_cas, tr("CAS against Guidance"));
    tabs->addTab(m_curves, tr("Run Curves"));

    auto *layout = new QHBoxLayout(this);
    layout->addLayout(left, 0);
    layout->addWidget(tabs, 1);
}

// The worker's progress, notes and end update the steps, the table and the curves.
void ExperimentPanel::connectWorker()
{
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(this, &ExperimentPanel::requestRun, m_worker, &ExperimentWorker::run);
    connect(m_worker, &ExperimentWorker::progress, this,
            [this](int step, double fraction, const QString &message) {
                if (step != m_currentStep) {
                    m_currentStep = step;
                    fillSteps();
                }
                m_progress->setValue(int(fraction * 1000));
                if (!m_curvesClock.isValid() || m_curvesClock.elapsed() > 1000)
                    showCurrentCurves();
                if (m_plan && step < int(m_plan->steps.size()))
                    m_status->setText(tr("%1: %2").arg(
                        QString::fromStdString(m_plan->steps[size_t(step)].name), message));
            });
    connect(m_worker, &ExperimentWorker::note, this, [this](const QString &line) {
        m_status->setText(line);
        fillSteps();
        refreshResults();
        showCurrentCurves();
    });
    connect(m_worker, &ExperimentWorker::finished, this,
            [this](bool complete, const QString &interrupted, const QString &error) {
                setRunning(false);
                showCurrentCurves(); // the last points of the step that ran
                m_currentStep = -1;
                fillSteps();
                refreshResults();
                m_session->notifyImagesChanged();
                Q_UNUSED(interrupted); // core's words; the panel says it in the user's
                m_status->setText(!error.isEmpty() ? tr("Failed: %1").arg(error)
                                  : complete       ? tr("The experiment is done.")
                                             : tr("Stopped; Start resumes it where it stopped."));
                emit finished(complete);
            });
}

// The buttons, the export menu, the experiment list and the generator.
void ExperimentPanel::connectControls()
{
    connect(m_planButton, &QPushButton::clicked, this, [this] {
        if (const QString e = showPlan(); !e.isEmpty())
            m_status->setText(e);
    });
    connect(m_start, &QPushButton::clicked, this, [this] {
        if (const QString e = start(); !e.isEmpty())
            m_status->setText(e);
    });
    connect(m_cancel, &QPushButton::clicked, this, &ExperimentPanel::cancel);
    auto *exportMenu = new QMenu(this);
    exportMenu->addAction(tr("Table as Markdown and CSV…"), this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Export the Table"));
        if (folder.isEmpty())
            return;
        const QString error = exportTables(folder);
        m_status->setText(!error.isEmpty()
                              ? error
                              : tr("Wrote %1.md and %1.csv to %2.")
                                    .arg(QString::fromStdString(m_plan->name), folder));
    });
    exportMenu->addAction(tr("CAS Plot…"), this, [this] {
        const QString file = QFileDialog::getSaveFileName(
            this, tr("Export the CAS Plot"), QString(), tr("Images (*.png *.svg *.pdf)"));
        if (file.isEmpty())
            return;
        const QString error = exportCasPlot(file);
        m_status->setText(error.isEmpty() ? tr("Wrote %1.").arg(file) : error);
    });
    m_export->setMenu(exportMenu);
    // A training step picked in the plan shows its run's curves (while nothing runs).
    connect(m_steps, &QTableWidget::currentCellChanged, this, [this](int row) {
        if (!m_running && m_plan && row >= 0 && row < int(m_plan->steps.size()) &&
            m_plan->steps[size_t(row)].kind == ExperimentStepKind::Train)
            showRunCurves(QString::fromStdString(m_plan->steps[size_t(row)].name));
    });
    connect(m_experiments, &QComboBox::activated, this,
            [this] { showExperiment(m_experiments->currentText()); });
    connect(m_generator, &ModelPicker::modelChanged, this, [this] {
        if (const GeneratorDescription *d = m_generator->description())
            ModelPicker::takeDefault(m_guidance, d->defaultGuidance);
    });
    connect(m_session, &ProjectSession::projectChanged, this, &ExperimentPanel::reloadExperiments);
}

ExperimentPanel::~ExperimentPanel()
{
    m_worker->stop();
    m_thread->quit();
    m_thread->wait();
}

void ExperimentPanel::setName(const QString &name)
{
    m_name->setText(name);
}

void ExperimentPanel::setClassifier(const QString &model, int width)
{
    m_model->setCurrentIndex(std::max(0, m_model->findData(model)));
    m_width->setValue(width);
}

void ExperimentPanel::setFractions(const QString &percentages)
{
    m_fractions->setText(percentages);
}

void ExperimentPanel::setGuidances(const QString &sweep, double mixes)
{
    m_sweep->setText(sweep);
    m_guidance->setValue(mixes);
}

void ExperimentPanel::setImageCounts(int perClass, int sweepPerClass, int filterPerClass)
{
    m_perClass->setValue(perClass);
    m_sweepPerClass->setValue(sweepPerClass);
    m_filterPerClass->setValue(filterPerClass);
}

void ExperimentPanel::setBudget(qint64 images)
{
    m_budget->setValue(int(images));
}

void ExperimentPanel::setSampleSteps(int steps)
{
    m_sampleSteps->setValue(steps);
}

void ExperimentPanel::setFilterRule(const QString &rule)
{
    m_rule->setText(rule);
}

QString ExperimentPanel::status() const
{
    return m_status->text();
}

std::optional<ExperimentOptions> ExperimentPanel::formOptions(QString *error) const
{
    QString bad;
    const std::optional<QList<double>> fractions =
        localeText::parseNumberList(m_fractions->text(), &bad);
    if (!fractions) {
        *error = tr("'%1' is not a percentage.").arg(bad);
        return std::nullopt;
    }
    const std::optional<QList<double>> sweep = localeText::parseNumberList(m_sweep->text(), &bad);
    if (!sweep) {
        *error = tr("'%1' is not a guidance scale.").arg(bad);
        return std::nullopt;
    }
    ExperimentOptions o;
    o.model = m_model->currentData().toString().toStdString();
    o.width = m_width->value();
    o.budget = m_budget->value();
    o.fractions.clear();
    for (double f : *fractions)
        o.fractions.push_back(f / 100);
    o.sweep.assign(sweep->begin(), sweep->end());
    o.guidance = m_guidance->value();
    o.perClass = m_perClass->value();
    o.sweepPerClass = m_sweepPerClass->value();
    o.filterPerClass = m_filterPerClass->value();
    o.filterRule = m_rule->text().trimmed().toStdString();
    o.sampleSteps = m_sampleSteps->value();
    o.generator = m_generator->path().toStdString();
    return o;
}

QString ExperimentPanel::showPlan()
{
    if (!m_session->project())
        return tr("No project is open.");
    if (m_generator->isReading())
        return tr("The generator is still being read; try again in a moment.");
    const GeneratorDescription *generator = m_generator->description();
    if (!generator)
        return tr("The generator cannot be used: %1").arg(m_generator->error());
    QString error;
    const std::optional<ExperimentOptions> options = formOptions(&error);
    if (!options)
        return error;
    Result<ExperimentPlan> plan =
        planExperiment(m_name->text().trimmed().toStdString(), *options, *generator);
    if (!plan)
        return QString::fromStdString(plan.error());
    m_plan = *plan;
    fillSteps();
    refreshResults();
    m_status->setText(tr("%1 steps; Start runs them, skipping what is done.")
                          .arg(localeText::count(qint64(plan->steps.size()))));
    return {};
}

QString ExperimentPanel::start()
{
    if (m_running)
        return tr("The experiment is running.");
    Project *project = m_session->project();
    if (!project)
        return tr("No project is open.");
    if (const QString error = showPlan(); !error.isEmpty())
        return error;
    Result<ExperimentPlan> stored = saveExperiment(*project, *m_plan);
    if (!stored)
        return QString::fromStdString(stored.error());
    m_plan = *stored;
    reloadExperiments();
    setRunning(true);
    m_worker->arm();
    emit requestRun(m_session->projectPath(), QString::fromStdString(m_plan->name));
    return {};
}

void ExperimentPanel::cancel()
{
    if (!m_running)
        return;
    m_worker->stop();
    m_status->setText(tr("Stopping after the current step's work…"));
}

void ExperimentPanel::showExperiment(const QString &name)
{
    Project *project = m_session->project();
    if (!project)
        return;
    Result<ExperimentPlan> plan = loadExperiment(*project, name.toStdString());
    if (!plan) {
        m_status->setText(QString::fromStdString(plan.error()));
        return;
    }
    m_plan = *plan;
    const ExperimentOptions &o = plan->options;
    m_name->setText(name);
    setClassifier(QString::fromStdString(o.model), o.width);
    QList<double> percent;
    for (double f : o.fractions)
        percent << f * 100;
    m_fractions->setText(localeText::numberList(percent));
    m_sweep->setText(localeText::numberList(QList<double>(o.sweep.begin(), o.sweep.end())));
    m_guidance->setValue(plan->guidance);
    ModelPicker::markChosen(m_guidance); // the plan's, not the generator's default
    setImageCounts(o.perClass, o.sweepPerClass, o.filterPerClass);
    m_budget->setValue(int(o.budget));
    m_sampleSteps->setValue(o.sampleSteps);
    m_rule->setText(QString::fromStdString(o.filterRule));
    m_generator->setPath(QString::fromStdString(plan->generator.string()));
    fillSteps();
    refreshResults();
    showLatestRunCurves();
}

// The last training step that has a run: where an interrupted experiment stopped, or the last
// run of a finished one.
void ExperimentPanel::showLatestRunCurves()
{
    Project *project = m_session->project();
    for (auto s = m_plan->steps.rbegin(); project && s != m_plan->steps.rend(); ++s)
        if (s->kind == ExperimentStepKind::Train && findRun(*project, s->name)) {
            showRunCurves(QString::fromStdString(s->name));
            return;
        }
    showRunCurves(QString());
}

void ExperimentPanel::reloadExperiments()
{
    m_experiments->clear();
    Project *project = m_session->project();
    if (!project)
        return;
    for (const std::string &name : experimentNames(*project))
        m_experiments->addItem(QString::fromStdString(name));
    if (!m_running && m_experiments->count() > 0 &&
        (!m_plan || m_experiments->findText(QString::fromStdString(m_plan->name)) < 0)) {
        m_experiments->setCurrentIndex(m_experiments->count() - 1);
        showExperiment(m_experiments->currentText());
    }
    if (m_plan)
        m_experiments->setCurrentIndex(
            m_experiments->findText(QString::fromStdString(m_plan->name)));
}

// Training: from this project's finished runs of the same classifier, training images seen a
// second. Generation: from the generator's measured rate here, in images x sampler steps a second.
QString ExperimentPanel::estimate(const ExperimentStep &step) const
{
    Project *project = m_session->project();
    if (!project || !m_plan)
        return QStringLiteral("–");
    if (step.kind == ExperimentStepKind::Generate) {
        const std::optional<double> rate = measuredGenerationRate(*project, m_plan->generatorHash);
        const double work = double(step.perClass) * double(project->classes().size()) *
                            double(m_plan->options.sampleSteps);
        return rate ? duration(work / *rate) : QStringLiteral("–");
    }
    if (step.kind != ExperimentStepKind::Train)
        return QStringLiteral("–");
    double images = 0, seconds = 0;
    for (const RunInfo &r : listRuns(*project))
        if (r.status == "done" && r.config.train.model == m_plan->options.model &&
            r.wallSeconds > 0) {
            images += double(r.config.train.epochs) * double(r.realImages + r.syntheticImages);
            seconds += r.wallSeconds;
        }
    return seconds > 0 ? duration(double(m_plan->options.budget) / (images / seconds))
                       : QStringLiteral("–");
}

// Loss against step on the left axis, test top-1 on the right, as the Training panel draws them.
void ExperimentPanel::setUpCurves()
{
    m_curves->setMinimumHeight(220);
    m_curves->xAxis->setLabel(tr("Training step"));
    m_curves->yAxis->setLabel(tr("Training loss"));
    m_curves->yAxis2->setLabel(tr("Test top-1 (%)"));
    m_curves->yAxis2->setVisible(true);
    m_curves->yAxis2->setRange(0, 100);
    m_curves->legend->setVisible(false);
    m_curves->plotLayout()->insertRow(0);
    m_curvesTitle = new QCPTextElement(m_curves, QString());
    m_curves->plotLayout()->addElement(0, 0, m_curvesTitle);
}

// The run of the training step under way (or of the last one that ran).
void ExperimentPanel::showCurrentCurves()
{
    if (m_plan && m_currentStep >= 0 && m_currentStep < int(m_plan->steps.size()) &&
        m_plan->steps[size_t(m_currentStep)].kind == ExperimentStepKind::Train)
        showRunCurves(QString::fromStdString(m_plan->steps[size_t(m_currentStep)].name));
}

void ExperimentPanel::showRunCurves(const QString &runName)
{
    m_curvesClock.start();
    Project *project = m_session->project();
    if (!project)
        return;
    Result<RunInfo> run = findRun(*project, runName.toStdString());
    m_curvesRun = run ? runName : QString();
    m_curves->clearGraphs();
    m_curvesTitle->setText(run ? runName : QString());
    if (!run) {
        m_curves->replot();
        return;
    }
    const auto metrics = runMetrics(*project, run->id);
    const auto series = [&](const char *key) {
        const auto it = metrics.find(key);
        return it == metrics.end() ? std::vector<MetricPoint>() : it->second;
    };
    QCPGraph *loss = m_curves->addGraph(m_curves->xAxis, m_curves->yAxis);
    loss->setName(tr("Training loss"));
    loss->setPen(QPen(QColor(70, 120, 200)));
    for (const MetricPoint &p : series("loss"))
        loss->addData(double(p.step), p.value);
    QCPGraph *test = m_curves->addGraph(m_curves->xAxis, m_curves->yAxis2);
    test->setName(tr("Test top-1"));
    test->setPen(QPen(QColor(210, 90, 40), 2));
    test->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 5));
    for (const MetricPoint &p : series("test_acc"))
        test->addData(double(p.step), 100 * p.value);
    m_curves->legend->setVisible(!loss->data()->isEmpty());
    loss->rescaleAxes();
    test->rescaleKeyAxis(true);
    m_curves->yAxis->setRangeLower(0);
    m_curves->replot();
}

void ExperimentPanel::fillSteps()
{
    m_steps->setRowCount(0);
    Project *project = m_session->project();
    if (!m_plan || !project)
        return;
    m_steps->setRowCount(int(m_plan->steps.size()));
    for (size_t i = 0; i < m_plan->steps.size(); ++i) {
        const ExperimentStep &s = m_plan->steps[i];
        const StepState state = experimentStepState(*project, *m_plan, i);
        const QString stateText = m_running && int(i) == m_currentStep && state != StepState::Done
                                      ? tr("Running")
                                      : stepStateText(state);
        const QStringList cells{stepKindText(s.kind), QString::fromStdString(s.name), stepWhat(s),
                                stateText, state == StepState::Done ? QString() : estimate(s)};
        for (int c = 0; c < StepColumns; ++c)
            m_steps->setItem(int(i), c, new QTableWidgetItem(cells[c]));
    }
}

void ExperimentPanel::refreshResults()
{
    Project *project = m_session->project();
    m_cas->clearGraphs();
    m_cas->clearItems();
    if (!m_plan || !project) {
        m_markdown.clear();
        m_table->clear();
        m_cas->replot();
        return;
    }
    m_markdown = QString::fromStdString(experimentTables(*project, *m_plan).markdown);
    m_table->setMarkdown(m_markdown + QStringLiteral("\n\n") +
                         tr("Azizi et al. (2023, ImageNet 256 px, ResNet-50): CAS %1, and %2 "
                            "points of top-1 from adding generated images to the real ones.")
                             .arg(localeText::number(kAziziCas, 3),
                                  QStringLiteral("+") + localeText::number(kAziziMixGain, 2)));

    // CAS at each scale: the synthetic-only run's top-1 over the real-only run on all the data.
    double realTop1 = -1;
    QVector<double> x, y;
    for (const ExperimentStep &s : m_plan->steps)
        if (s.role == "real" && s.fraction == 1.0)
            if (Result<RunInfo> r = findRun(*project, s.name); r && r->status == "done")
                realTop1 = r->top1;
    for (const ExperimentStep &s : m_plan->steps)
        if (s.role == "cas" && realTop1 > 0)
            if (Result<RunInfo> r = findRun(*project, s.name); r && r->status == "done") {
                x << s.guidance;
                y << r->top1 / realTop1;
            }
    QCPGraph *curve = m_cas->addGraph();
    curve->setName(tr("This experiment"));
    curve->setPen(QPen(QColor(31, 119, 180), 2));
    curve->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 6));
    curve->setData(x, y, false);
    auto *reference = new QCPItemStraightLine(m_cas);
    reference->point1->setCoords(0, kAziziCas);
    reference->point2->setCoords(1, kAziziCas);
    reference->setPen(QPen(QColor(200, 80, 40), 1.5, Qt::DashLine));
    auto *label = new QCPItemText(m_cas);
    label->position->setType(QCPItemPosition::ptAxisRectRatio);
    label->position->setCoords(0.02, 0.04);
    label->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    label->setText(tr("dashed: Azizi et al. 2023, ImageNet 256 px (CAS %1)")
                       .arg(localeText::number(kAziziCas, 3)));
    label->setColor(QColor(200, 80, 40));
    double top = 0;
    for (double g : m_plan->options.sweep)
        top = std::max(top, g);
    m_cas->xAxis->setRange(-0.3, std::max(1.0, top) + 0.3);
    m_cas->replot();
}

QString ExperimentPanel::exportTables(const QString &folder) const
{
    Project *project = m_session->project();
    if (!m_plan || !project)
        return tr("Show or open an experiment first.");
    const ExperimentTables tables = experimentTables(*project, *m_plan);
    const std::filesystem::path dir = folder.toStdString();
    const std::string base = m_plan->name;
    if (Result<void> r = files::writeAtomically(dir / (base + ".md"), tables.markdown); !r)
        return QString::fromStdString(r.error());
    if (Result<void> r = files::writeAtomically(dir / (base + ".csv"), tables.csv); !r)
        return QString::fromStdString(r.error());
    return {};
}

QString ExperimentPanel::exportCasPlot(const QString &file)
{
    return exportPlot(m_cas, file, 900, 600, tr("CAS against guidance"));
}

void ExperimentPanel::setRunning(bool running)
{
    m_running = running;
    m_start->setEnabled(!running);
    m_planButton->setEnabled(!running);
    m_cancel->setEnabled(running);
    m_progress->setValue(running ? 0 : m_progress->value());
}
