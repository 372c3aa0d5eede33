#include "RobustnessPanel.h"
#include "LocaleText.h"

#include "CorruptionGallery.h"

#include "ImageConvert.h"
#include "ProjectSession.h"
#include "SpiderChart.h"

#include "common/Guard.h"
#include "common/Numbers.h"
#include "data/ImageLoader.h"
#include "project/Project.h"
#include "robustness/Corruptions.h"
#include "training/TrainingRun.h"

#include <qcustomplot.h>

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPainter>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <cctype>
#include <cmath>

using namespace synset;

namespace {

constexpr int kAxisKeyRole = Qt::UserRole + 1;

// A fraction as a percentage without the sign, for columns whose header says "%".
QString percentNumber(double v)
{
    return std::isnan(v) ? QStringLiteral("–") : localeText::number(v * 100, 2);
}

// Core names its axes and corruptions in English; these are the texts translated.
const char *const kAxisLabels[] = {
    QT_TRANSLATE_NOOP("RobustnessPanel", "Clean accuracy"),
    QT_TRANSLATE_NOOP("RobustnessPanel", "Noise"),
    QT_TRANSLATE_NOOP("RobustnessPanel", "Blur"),
    QT_TRANSLATE_NOOP("RobustnessPanel", "Weather"),
    QT_TRANSLATE_NOOP("RobustnessPanel", "Digital"),
    QT_TRANSLATE_NOOP("RobustnessPanel", "Mean corruption accuracy"),
    QT_TRANSLATE_NOOP("RobustnessPanel", "Linear probe"),
    QT_TRANSLATE_NOOP("RobustnessPanel", "Sparsity"),
    QT_TRANSLATE_NOOP("RobustnessPanel", "Intra-class distance"),
    QT_TRANSLATE_NOOP("RobustnessPanel", "Class separation"),
    QT_TRANSLATE_NOOP("RobustnessPanel", "Redundancy"),
    QT_TRANSLATE_NOOP("RobustnessPanel", "Coding rate R"),
    QT_TRANSLATE_NOOP("RobustnessPanel", "Rate reduction ΔR"),
    QT_TRANSLATE_NOOP("RobustnessPanel", "Gaussian noise"),
    QT_TRANSLATE_NOOP("RobustnessPanel", "Shot noise"),
    QT_TRANSLATE_NOOP("RobustnessPanel", "Impulse noise"),
    QT_TRANSLATE_NOOP("RobustnessPanel", "Defocus blur"),
    QT_TRANSLATE_NOOP("RobustnessPanel", "Glass blur"),
    QT_TRANSLATE_NOOP("RobustnessPanel", "Motion blur"),
    QT_TRANSLATE_NOOP("RobustnessPanel", "Zoom blur"),
    QT_TRANSLATE_NOOP("RobustnessPanel", "Snow"),
    QT_TRANSLATE_NOOP("RobustnessPanel", "Frost"),
    QT_TRANSLATE_NOOP("RobustnessPanel", "Fog"),
    QT_TRANSLATE_NOOP("RobustnessPanel", "Brightness"),
    QT_TRANSLATE_NOOP("RobustnessPanel", "Contrast"),
    QT_TRANSLATE_NOOP("RobustnessPanel", "Elastic transform"),
    QT_TRANSLATE_NOOP("RobustnessPanel", "Pixelate"),
    QT_TRANSLATE_NOOP("RobustnessPanel", "JPEG"),
};

// An axis or corruption label in the user's language: the fixed ones from the list above,
// "Domain: <set>" and "Linear probe: <set>" with the set's own name; FGSM/PGD ε as they are.
QString translatedLabel(const std::string &label)
{
    const QString text = QString::fromStdString(label);
    if (text.startsWith(QLatin1String("Domain: ")))
        return RobustnessPanel::tr("Domain: %1").arg(text.mid(8));
    if (text.startsWith(QLatin1String("Linear probe: ")))
        return RobustnessPanel::tr("Linear probe: %1").arg(text.mid(14));
    for (const char *known : kAxisLabels)
        if (label == known)
            return RobustnessPanel::tr(known);
    return text;
}

// "noise" -> "Noise", translated.
QString translatedFamily(const std::string &family)
{
    std::string label = family;
    if (!label.empty())
        label[0] = char(std::toupper(static_cast<unsigned char>(label[0])));
    return translatedLabel(label);
}

double figure(const MetricMap &m, const std::string &key)
{
    const auto it = m.find(key);
    return it == m.end() ? std::nan("") : it->second;
}

// The largest epsilon key of an attack in the figures ("8"), empty when none.
std::string largestEpsilon(const MetricMap &m, const std::string &method)
{
    std::string best;
    double bestValue = -1;
    const std::string prefix = "adversarial/" + method + "/";
    for (const auto &[key, value] : m)
        if (key.rfind(prefix, 0) == 0) {
            const double e = numbers::parseReal(key.substr(prefix.size())).value_or(-1);
            if (e > bestValue) {
                bestValue = e;
                best = key.substr(prefix.size());
            }
        }
    return best;
}

} // namespace

RobustnessPanel::RobustnessPanel(ProjectSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_runList(new QListWidget(this))
    , m_baseline(new QComboBox(this))
    , m_corruptions(new QCheckBox(tr("Corruptions (15 × 5)"), this))
    , m_adversarial(new QCheckBox(tr("Adversarial (FGSM, PGD)"), this))
    , m_representation(new QCheckBox(tr("Representation metrics"), this))
    , m_probe(new QCheckBox(tr("Linear probe"), this))
    , m_probeSet(new QLineEdit(this))
    , m_domains(new QListWidget(this))
    , m_evaluate(new QPushButton(tr("Evaluate Checked Runs"), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_progress(new QProgressBar(this))
    , m_status(new QLabel(this))
    , m_axisList(new QListWidget(this))
    , m_tabs(new QTabWidget(this))
    , m_spider(new SpiderChart(this))
    , m_severity(new QCustomPlot(this))
    , m_epsilon(new QCustomPlot(this))
    , m_severityChoice(new QComboBox(this))
    , m_table(new QTableWidget(this))
    , m_gallery(new CorruptionGallery(session, this))
    , m_cancelToken(std::make_shared<CancelToken>())
{
    QWidget *runSide = buildRunSide();
    m_tabs->addTab(buildSpiderPage(), tr("Spider Chart"));
    m_tabs->addTab(buildSeverityPage(), tr("Accuracy vs Severity"));
    m_tabs->addTab(m_epsilon, tr("Accuracy vs Epsilon"));
    auto *galleryScroll = new QScrollArea(this);
    galleryScroll->setWidget(m_gallery);
    galleryScroll->setWidgetResizable(true);
    m_tabs->addTab(galleryScroll, tr("Corruption Gallery"));
    setUpPlotsAndTable();
    buildLayout(runSide);
    connectSignals();
}

// Left: the runs, what to evaluate, the spider chart's axes.
QWidget *RobustnessPanel::buildRunSide()
{
    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(new QLabel(tr("Runs (checked ones are compared):"), left));
    m_runList->setToolTip(tr("Finished training runs; check the ones to compare and evaluate"));
    leftLayout->addWidget(m_runList, 2);
    auto *form = new QFormLayout;
    m_baseline->setToolTip(tr("Corruption errors (CE, mCE) are relative to this run"));
    form->addRow(tr("Baseline for mCE:"), m_baseline);
    leftLayout->addLayout(form);
    leftLayout->addWidget(buildSuiteBox(left));
    leftLayout->addWidget(new QLabel(tr("Spider chart axes:"), left));
    leftLayout->addWidget(m_axisList, 3);
    return left;
}

// The suites to run, the probe set, the domain-shift folders, Evaluate and Cancel.
QGroupBox *RobustnessPanel::buildSuiteBox(QWidget *parent)
{
    auto *suites = new QGroupBox(tr("Evaluate"), parent);
    auto *suitesLayout = new QVBoxLayout(suites);
    for (QCheckBox *box : {m_corruptions, m_adversarial, m_representation, m_probe}) {
        box->setChecked(true);
        suitesLayout->addWidget(box);
    }
    m_corruptions->setToolTip(tr("100 real test images a class under every corruption"));
    m_adversarial->setToolTip(
        tr("50 real test images a class; epsilon 0, 1, 2, 4 and 8 / 255; PGD 10 steps"));
    m_probe->setToolTip(
        tr("A logistic-regression head on the frozen features of 1000 real training images a "
           "class, tested on the real test images"));
    auto *probeRow = new QHBoxLayout;
    m_probeSet->setPlaceholderText(tr("the project's real images"));
    m_probeSet->setToolTip(tr("The labelled set the linear probe trains and tests on: a folder "
                              "with IDX files (train-*, t10k-*) or an ImageFolder with train/ "
                              "and test/; empty: the project's real images"));
    auto *probeBrowse = new QPushButton(tr("Browse…"), suites);
    probeRow->addWidget(new QLabel(tr("Probe set:"), suites));
    probeRow->addWidget(m_probeSet, 1);
    probeRow->addWidget(probeBrowse);
    suitesLayout->addLayout(probeRow);
    connect(probeBrowse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(
            this, tr("Probe Set (IDX files, or train/ and test/ ImageFolders)"), QDir::homePath());
        if (!dir.isEmpty())
            m_probeSet->setText(dir);
    });
    suitesLayout->addWidget(
        new QLabel(tr("Domain-shift sets (ImageFolders, wnid folders):"), suites));
    m_domains->setMaximumHeight(60);
    suitesLayout->addWidget(m_domains);
    auto *domainButtons = new QHBoxLayout;
    auto *addDomain = new QPushButton(tr("Add Folder…"), suites);
    auto *removeDomain = new QPushButton(tr("Remove"), suites);
    domainButtons->addWidget(addDomain);
    domainButtons->addWidget(removeDomain);
    suitesLayout->addLayout(domainButtons);
    auto *runButtons = new QHBoxLayout;
    runButtons->addWidget(m_evaluate);
    runButtons->addWidget(m_cancel);
    suitesLayout->addLayout(runButtons);
    m_progress->setRange(0, 1000);
    m_progress->setVisible(false);
    m_cancel->setEnabled(false);
    suitesLayout->addWidget(m_progress);
    m_status->setWordWrap(true);
    suitesLayout->addWidget(m_status);
    connect(addDomain, &QPushButton::clicked, this, &RobustnessPanel::addDomainSet);
    connect(removeDomain, &QPushButton::clicked, this,
            [this] { qDeleteAll(m_domains->selectedItems()); });
    return suites;
}

// The spider chart with its scaling and export.
QWidget *RobustnessPanel::buildSpiderPage()
{
    auto *spiderPage = new QWidget(this);
    auto *spiderLayout = new QVBoxLayout(spiderPage);
    spiderLayout->setContentsMargins(0, 0, 0, 0);
    spiderLayout->addWidget(m_spider, 1);
    auto *exportRow = new QHBoxLayout;
    auto *exportButton = new QPushButton(tr("Export Chart…"), spiderPage);
    exportButton->setToolTip(tr("PNG, SVG or PDF"));
    auto *scaling = new QComboBox(spiderPage);
    scaling->addItem(tr("Worst to best run"));
    scaling->addItem(tr("Zero to best run"));
    scaling->setToolTip(tr("Worst to best: the worst run on the inner ring, the best on the "
                           "outer one. Zero to best: the centre is zero, so the radius is the "
                           "share of the best run's value."));
    m_spider->setScaling(SpiderChart::Scaling::Spread);
    exportRow->addWidget(new QLabel(tr("Scale each axis:"), spiderPage));
    exportRow->addWidget(scaling);
    exportRow->addWidget(new QLabel(tr("Hover a point for the raw value."), spiderPage), 1);
    connect(scaling, &QComboBox::currentIndexChanged, this, [this](int i) {
        m_spider->setScaling(i == 0 ? SpiderChart::Scaling::Spread
                                    : SpiderChart::Scaling::FromZero);
    });
    exportRow->addWidget(exportButton);
    spiderLayout->addLayout(exportRow);
    connect(exportButton, &QPushButton::clicked, this, &RobustnessPanel::exportChart);
    return spiderPage;
}

// Accuracy against severity for a chosen corruption, family or the mean.
QWidget *RobustnessPanel::buildSeverityPage()
{
    auto *severityPage = new QWidget(this);
    auto *severityLayout = new QVBoxLayout(severityPage);
    severityLayout->setContentsMargins(0, 0, 0, 0);
    auto *choiceRow = new QHBoxLayout;
    choiceRow->addWidget(new QLabel(tr("Corruption:"), severityPage));
    m_severityChoice->addItem(tr("Mean of all corruptions"), QStringLiteral("corruption/mean"));
    for (const std::string &f : corruptionFamilies())
        m_severityChoice->addItem(tr("Family: %1").arg(translatedFamily(f)),
                                  QString::fromStdString("family/" + f));
    for (const CorruptionInfo &c : corruptionList())
        m_severityChoice->addItem(translatedLabel(c.label), QString::fromStdString(c.name));
    choiceRow->addWidget(m_severityChoice);
    choiceRow->addStretch(1);
    severityLayout->addLayout(choiceRow);
    severityLayout->addWidget(m_severity, 1);
    return severityPage;
}

void RobustnessPanel::setUpPlotsAndTable()
{
    for (QCustomPlot *plot : {m_severity, m_epsilon}) {
        plot->legend->setVisible(false); // until there is a run to show
        plot->yAxis->setLabel(tr("Top-1 accuracy (%)"));
        plot->yAxis->setRange(0, 100);
        plot->setMinimumHeight(200);
    }
    m_severity->xAxis->setLabel(tr("Severity (0: clean)"));
    m_epsilon->xAxis->setLabel(tr("Epsilon (× 1/255); FGSM dashed, PGD solid"));

    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setStretchLastSection(false);
}

// The views over the figures table on the right, beside the run side.
void RobustnessPanel::buildLayout(QWidget *runSide)
{
    auto *right = new QSplitter(Qt::Vertical, this);
    right->addWidget(m_tabs);
    right->addWidget(m_table);
    right->setStretchFactor(0, 3);
    right->setStretchFactor(1, 1);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(runSide);
    split->addWidget(right);
    split->setStretchFactor(1, 1);
    split->setSizes({280, 900});
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(split);
}

void RobustnessPanel::connectSignals()
{
    connect(m_session, &ProjectSession::projectChanged, this, [this] {
        m_dirty = true;
        if (isVisible())
            reload();
        m_gallery->reload();
    });
    connect(m_runList, &QListWidget::itemChanged, this, [this] { refreshViews(); });
    connect(m_axisList, &QListWidget::itemChanged, this, [this] { refreshSpider(); });
    connect(m_baseline, &QComboBox::currentIndexChanged, this, [this] { refreshTable(); });
    connect(m_severityChoice, &QComboBox::currentIndexChanged, this, [this] { refreshSeverity(); });
    connect(m_evaluate, &QPushButton::clicked, this, &RobustnessPanel::startEvaluation);
    connect(m_cancel, &QPushButton::clicked, this, [this] { m_cancelToken->cancel(); });
    connect(&m_job, &QFutureWatcher<QString>::finished, this, [this] {
        m_lastMessage = m_job.result();
        setBusy(false, m_lastMessage);
        reload();
        emit evaluationFinished(m_lastMessage);
    });
}

RobustnessPanel::~RobustnessPanel()
{
    m_cancelToken->cancel();
    m_job.waitForFinished();
}

void RobustnessPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_dirty)
        reload();
}

void RobustnessPanel::reload()
{
    m_dirty = false;
    const QStringList checked = checkedRuns();
    const QStringList axes = checkedAxes();
    const QString baseline = m_baseline->currentText();
    m_metrics.clear();
    m_runs.clear();
    QSignalBlocker blockRuns(m_runList);
    QSignalBlocker blockBaseline(m_baseline);
    m_runList->clear();
    m_baseline->clear();
    Project *project = m_session->project();
    if (!project) {
        refreshViews();
        return;
    }
    // Evaluated runs first, each group in the order the runs were made.
    std::vector<RunInfo> runs = listRuns(*project);
    std::vector<bool> evaluated;
    for (const RunInfo &r : runs)
        evaluated.push_back(!robustnessMetrics(*project, r.name).empty());
    std::vector<size_t> order(runs.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return evaluated[a] && !evaluated[b]; });
    for (size_t index : order) {
        const RunInfo &r = runs[index];
        if (r.status != "done")
            continue;
        const QString name = QString::fromStdString(r.name);
        m_runs.append(name);
        MetricMap figures = robustnessMetrics(*project, r.name);
        auto *item =
            new QListWidgetItem(figures.empty() ? tr("%1  (not evaluated)").arg(name)
                                                : tr("%1  (%2 %)").arg(name, percentNumber(r.top1)),
                                m_runList);
        item->setData(Qt::UserRole, name);
        item->setToolTip(localeText::describeData(r.config));
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(checked.contains(name) ? Qt::Checked : Qt::Unchecked);
        if (!figures.empty()) {
            m_metrics[name] = std::move(figures);
            m_baseline->addItem(name);
        }
    }
    // First time: compare every evaluated run.
    if (checked.isEmpty())
        for (int i = 0; i < m_runList->count(); ++i)
            if (m_metrics.count(m_runList->item(i)->data(Qt::UserRole).toString()))
                m_runList->item(i)->setCheckState(Qt::Checked);
    if (const int i = m_baseline->findText(baseline); i >= 0)
        m_baseline->setCurrentIndex(i);
    refreshAxes();
    if (!axes.isEmpty())
        setCheckedAxes(axes);
    refreshViews();
}

QStringList RobustnessPanel::checkedRuns() const
{
    QStringList out;
    for (int i = 0; i < m_runList->count(); ++i)
        if (m_runList->item(i)->checkState() == Qt::Checked)
            out.append(m_runList->item(i)->data(Qt::UserRole).toString());
    return out;
}

void RobustnessPanel::setCheckedRuns(const QStringList &runs)
{
    {
        QSignalBlocker block(m_runList);
        for (int i = 0; i < m_runList->count(); ++i) {
            QListWidgetItem *item = m_runList->item(i);
            item->setCheckState(runs.contains(item->data(Qt::UserRole).toString()) ? Qt::Checked
                                                                                   : Qt::Unchecked);
        }
    }
    refreshViews();
}

QStringList RobustnessPanel::checkedAxes() const
{
    QStringList out;
    for (int i = 0; i < m_axisList->count(); ++i)
        if (m_axisList->item(i)->checkState() == Qt::Checked)
            out.append(m_axisList->item(i)->data(kAxisKeyRole).toString());
    return out;
}

void RobustnessPanel::setCheckedAxes(const QStringList &axisKeys)
{
    {
        QSignalBlocker block(m_axisList);
        for (int i = 0; i < m_axisList->count(); ++i) {
            QListWidgetItem *item = m_axisList->item(i);
            item->setCheckState(axisKeys.contains(item->data(kAxisKeyRole).toString())
                                    ? Qt::Checked
                                    : Qt::Unchecked);
        }
    }
    refreshSpider();
}

void RobustnessPanel::setBaseline(const QString &run)
{
    if (const int i = m_baseline->findText(run); i >= 0)
        m_baseline->setCurrentIndex(i);
}

bool RobustnessPanel::isBusy() const
{
    return m_job.isRunning();
}

QString RobustnessPanel::lastMessage() const
{
    return m_lastMessage;
}

void RobustnessPanel::refreshViews()
{
    refreshSpider();
    refreshSeverity();
    refreshEpsilon();
    refreshTable();
}

void RobustnessPanel::refreshAxes()
{
    std::vector<MetricMap> all;
    for (const auto &[name, m] : m_metrics)
        all.push_back(m);
    const std::vector<std::string> defaults = defaultAxes(all);
    QSignalBlocker block(m_axisList);
    m_axisList->clear();
    for (const RobustnessAxis &a : robustnessAxes(all)) {
        auto *item = new QListWidgetItem(translatedLabel(a.label), m_axisList);
        item->setData(kAxisKeyRole, QString::fromStdString(a.key));
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        const bool on = std::find(defaults.begin(), defaults.end(), a.key) != defaults.end();
        item->setCheckState(on ? Qt::Checked : Qt::Unchecked);
        if (!a.higherIsBetter)
            item->setToolTip(tr("Lower is better"));
    }
}

void RobustnessPanel::refreshSpider()
{
    std::vector<MetricMap> all;
    for (const auto &[name, m] : m_metrics)
        all.push_back(m);
    std::map<std::string, RobustnessAxis> known;
    for (const RobustnessAxis &a : robustnessAxes(all))
        known[a.key] = a;
    std::vector<SpiderChart::Axis> axes;
    std::vector<std::string> keys;
    for (const QString &key : checkedAxes()) {
        const auto it = known.find(key.toStdString());
        if (it == known.end())
            continue;
        const bool percentValue = it->first.rfind("representation/", 0) != 0;
        axes.push_back(
            {translatedLabel(it->second.label), it->second.higherIsBetter, percentValue});
        keys.push_back(it->first);
    }
    std::vector<SpiderChart::Series> series;
    for (const QString &run : checkedRuns()) {
        const auto it = m_metrics.find(run);
        if (it == m_metrics.end())
            continue;
        SpiderChart::Series s;
        s.name = run;
        for (const std::string &k : keys)
            s.values.push_back(axisValue(it->second, k));
        series.push_back(std::move(s));
    }
    m_spider->setData(axes, series);
}

// Severity 0 is the clean accuracy of the test images that are corrupted, a subset of the test
// set: the table's Clean is over all of it, so the two differ, and the axis says which it is.
void RobustnessPanel::setSeverityAxisLabel()
{
    double images = std::nan("");
    for (const QString &run : checkedRuns())
        if (const auto it = m_metrics.find(run); it != m_metrics.end() && std::isnan(images))
            images = figure(it->second, "corruption/images");
    m_severity->xAxis->setLabel(std::isnan(images)
                                    ? tr("Severity (0: clean)")
                                    : tr("Severity (0: the same %1 test images, clean)")
                                          .arg(localeText::count(qint64(images))));
}

void RobustnessPanel::refreshSeverity()
{
    m_severity->clearGraphs();
    const QString choice = m_severityChoice->currentData().toString();
    setSeverityAxisLabel();
    int index = 0;
    for (const QString &run : checkedRuns()) {
        const auto it = m_metrics.find(run);
        if (it == m_metrics.end())
            continue;
        const MetricMap &m = it->second;
        QVector<double> x, y;
        const double clean = figure(m, "corruption/clean");
        if (std::isnan(clean))
            continue;
        x.append(0);
        y.append(clean * 100);
        for (int s = 1; s <= 5; ++s) {
            double v = std::nan("");
            if (choice.startsWith(QLatin1String("family/")) ||
                choice == QLatin1String("corruption/mean")) {
                // Mean over the family's corruptions at this severity.
                double sum = 0;
                int n = 0;
                for (const CorruptionInfo &c : corruptionList()) {
                    if (choice != QLatin1String("corruption/mean") &&
                        QString::fromStdString("family/" + c.family) != choice)
                        continue;
                    const double a = figure(m, "corruption/" + c.name + "/" + std::to_string(s));
                    if (!std::isnan(a)) {
                        sum += a;
                        ++n;
                    }
                }
                v = n ? sum / n : std::nan("");
            } else {
                v = figure(m, "corruption/" + choice.toStdString() + "/" + std::to_string(s));
            }
            if (!std::isnan(v)) {
                x.append(s);
                y.append(v * 100);
            }
        }
        QCPGraph *g = m_severity->addGraph();
        g->setName(run);
        g->setData(x, y);
        g->setPen(QPen(SpiderChart::seriesColor(index++), 2));
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 6));
    }
    m_severity->xAxis->setRange(-0.2, 5.2);
    m_severity->legend->setVisible(m_severity->graphCount() > 0);
    m_severity->replot();
}

void RobustnessPanel::refreshEpsilon()
{
    m_epsilon->clearGraphs();
    int index = 0;
    double maxEps = 1;
    for (const QString &run : checkedRuns()) {
        const auto it = m_metrics.find(run);
        if (it == m_metrics.end())
            continue;
        const QColor color = SpiderChart::seriesColor(index++);
        for (const char *method : {"fgsm", "pgd"}) {
            const std::string prefix = std::string("adversarial/") + method + "/";
            std::vector<std::pair<double, double>> points;
            for (const auto &[key, value] : it->second)
                if (key.rfind(prefix, 0) == 0 &&
                    key.find('/', prefix.size()) == std::string::npos &&
                    numbers::parseReal(key.substr(prefix.size())))
                    points.emplace_back(*numbers::parseReal(key.substr(prefix.size())),
                                        value * 100);
            if (points.empty())
                continue;
            std::sort(points.begin(), points.end());
            QVector<double> x, y;
            for (const auto &[e, a] : points) {
                x.append(e);
                y.append(a);
                maxEps = std::max(maxEps, e);
            }
            QCPGraph *g = m_epsilon->addGraph();
            g->setName(QStringLiteral("%1 %2").arg(run, QString::fromLatin1(method).toUpper()));
            g->setData(x, y);
            QPen pen(color, 2);
            if (std::string(method) == "fgsm")
                pen.setStyle(Qt::DashLine);
            g->setPen(pen);
            g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
        }
    }
    m_epsilon->xAxis->setRange(-0.2, maxEps + 0.2);
    m_epsilon->legend->setVisible(m_epsilon->graphCount() > 0);
    m_epsilon->replot();
}

void RobustnessPanel::refreshTable()
{
    const QStringList headers{tr("Run"),      tr("Clean %"), tr("Corrupted %"), tr("mCE"),
                              tr("Rel. mCE"), tr("FGSM %"),  tr("PGD %"),       tr("Probe %"),
                              tr("Zeros %"),  tr("ΔR")};
    m_table->setColumnCount(int(headers.size()));
    m_table->setHorizontalHeaderLabels(headers);
    m_table->horizontalHeaderItem(1)->setToolTip(
        tr("Top-1 accuracy on the whole test set (the severity curve starts at the clean accuracy "
           "of the corrupted images only)"));
    const QStringList runs = checkedRuns();
    m_table->setRowCount(0);
    const auto base = m_metrics.find(m_baseline->currentText());
    for (const QString &run : runs) {
        const auto it = m_metrics.find(run);
        if (it == m_metrics.end())
            continue;
        const MetricMap &m = it->second;
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        QString mce = QStringLiteral("–"), rel = QStringLiteral("–");
        if (base != m_metrics.end())
            if (Result<CorruptionErrors> e = corruptionErrors(m, base->second)) {
                mce = localeText::number(e->mce * 100, 1);
                rel = localeText::number(e->relativeMce * 100, 1);
            }
        const std::string fgsm = largestEpsilon(m, "fgsm"), pgd = largestEpsilon(m, "pgd");
        double probe = std::nan("");
        for (const auto &[key, value] : m)
            if (key.rfind("probe/", 0) == 0 && key.find('/', 6) == std::string::npos) {
                probe = value;
                break;
            }
        const QStringList cells{
            run,
            percentNumber(figure(m, "clean")),
            percentNumber(axisValue(m, "corruption/mean")),
            mce,
            rel,
            fgsm.empty() ? QStringLiteral("–")
                         : tr("%1 (ε %2)")
                               .arg(percentNumber(figure(m, "adversarial/fgsm/" + fgsm)),
                                    QString::fromStdString(fgsm)),
            pgd.empty() ? QStringLiteral("–")
                        : tr("%1 (ε %2)")
                              .arg(percentNumber(figure(m, "adversarial/pgd/" + pgd)),
                                   QString::fromStdString(pgd)),
            percentNumber(probe),
            percentNumber(figure(m, "representation/sparsity")),
            std::isnan(figure(m, "representation/coding_rate_gain"))
                ? QStringLiteral("–")
                : localeText::number(figure(m, "representation/coding_rate_gain"), 2)};
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = new QTableWidgetItem(cells[c]);
            if (c > 0)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(row, c, item);
        }
    }
    m_table->resizeColumnsToContents();
}

void RobustnessPanel::setBusy(bool busy, const QString &message)
{
    m_evaluate->setEnabled(!busy);
    m_cancel->setEnabled(busy);
    m_progress->setVisible(busy);
    if (busy)
        m_progress->setValue(0);
    m_status->setText(message);
}

void RobustnessPanel::startEvaluation()
{
    RobustnessOptions options;
    options.suites.clear();
    if (m_corruptions->isChecked())
        options.suites.push_back("corruptions");
    if (m_adversarial->isChecked())
        options.suites.push_back("adversarial");
    if (m_representation->isChecked())
        options.suites.push_back("representation");
    if (m_probe->isChecked())
        options.suites.push_back("probe");
    for (int i = 0; i < m_domains->count(); ++i)
        options.domainSets.push_back(m_domains->item(i)->text().toStdString());
    options.probeSet = m_probeSet->text().trimmed().toStdString();
    evaluateChecked(options);
}

void RobustnessPanel::evaluateChecked(const RobustnessOptions &options)
{
    if (!m_session->project() || isBusy())
        return;
    const QStringList runs = checkedRuns();
    if (runs.isEmpty()) {
        m_status->setText(tr("Check the runs to evaluate first."));
        return;
    }
    m_cancelToken->reset();
    setBusy(true, tr("Evaluating %1…").arg(runs.join(QStringLiteral(", "))));
    const QString dir = m_session->projectPath();
    auto token = m_cancelToken;
    QPointer<QProgressBar> bar = m_progress;
    QPointer<QLabel> status = m_status;
    m_job.setFuture(QtConcurrent::run([dir, runs, options, token, bar, status]() -> QString {
        Result<std::unique_ptr<Project>> project = Project::open(dir.toStdString());
        if (!project)
            return QString::fromStdString(project.error());
        QStringList done;
        for (int i = 0; i < runs.size(); ++i) {
            const QString run = runs[i];
            const ProgressFn progress = [=](double f, std::string_view message) {
                const QString text =
                    QObject::tr("%1: %2").arg(run, localeText::progressText(message));
                QMetaObject::invokeMethod(bar, [bar, status, f, i, n = runs.size(), text] {
                    if (bar)
                        bar->setValue(int((i + f) / n * 1000));
                    if (status)
                        status->setText(text);
                });
            };
            Result<RobustnessReport> r = makeError("evaluation stopped");
            if (std::optional<std::string> error = catchAll(run.toStdString(), [&] {
                    r = evaluateRobustness(**project, run.toStdString(), options, progress,
                                           token.get());
                }))
                return QString::fromStdString(*error);
            if (!r)
                return QObject::tr("%1: %2").arg(run, QString::fromStdString(r.error()));
            done.append(QObject::tr("%1 in %2 s").arg(run).arg(localeText::number(r->seconds, 0)));
        }
        return QObject::tr("Evaluated %1.").arg(done.join(QStringLiteral(", ")));
    }));
}

void RobustnessPanel::exportChart()
{
    const QString file = QFileDialog::getSaveFileName(
        this, tr("Export Spider Chart"), QDir::homePath() + QStringLiteral("/robustness.svg"),
        tr("SVG (*.svg);;PNG (*.png);;PDF (*.pdf)"));
    if (file.isEmpty())
        return;
    if (const QString error = m_spider->exportTo(file); !error.isEmpty())
        QMessageBox::warning(this, tr("Export Spider Chart"), error);
    else
        m_status->setText(tr("Chart written to %1").arg(file));
}

void RobustnessPanel::addDomainSet()
{
    const QString dir = QFileDialog::getExistingDirectory(
        this, tr("Domain-Shift Set (one folder per wnid)"), QDir::homePath());
    if (!dir.isEmpty() && m_domains->findItems(dir, Qt::MatchExactly).isEmpty())
        m_domains->addItem(dir);
}
