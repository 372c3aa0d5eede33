#include "ReviewPanel.h"
#include "LocaleText.h"

#include "ImageConvert.h"
#include "ProjectSession.h"
#include "ReviewGrid.h"
#include "ReviewImageDialog.h"
#include "ReviewModel.h"
#include "ThumbnailLoader.h"

#include "common/Guard.h"
#include "common/Progress.h"
#include "curation/Curation.h"
#include "project/Project.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

using namespace synset;

namespace {

constexpr int kBins = 40;

struct ScoreChoice
{
    const char *key;
    const char *label;
};
const ScoreChoice kScores[] = {
    {"id", QT_TRANSLATE_NOOP("ReviewPanel", "Creation order")},
    {"self_confidence", QT_TRANSLATE_NOOP("ReviewPanel", "Self-confidence")},
    {"margin", QT_TRANSLATE_NOOP("ReviewPanel", "Margin")},
    {"entropy", QT_TRANSLATE_NOOP("ReviewPanel", "Entropy")},
    {"real_distance", QT_TRANSLATE_NOOP("ReviewPanel", "Distance to real")},
    {"uniqueness", QT_TRANSLATE_NOOP("ReviewPanel", "Uniqueness")},
};

QString number(const std::optional<double> &v, int decimals)
{
    return v ? localeText::number(*v, decimals) : QStringLiteral("–");
}

QTableWidgetItem *cell(const QString &text, bool numeric = true)
{
    auto *item = new QTableWidgetItem(text);
    item->setFlags(item->flags() & ~Qt::ItemIsEditable);
    if (numeric)
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

// What an export wrote, class by class, and which classes it left out (ImageFolder then numbers
// the others from 0, so the indices differ from the project's).
QString describeExport(const Project &project, const ExportReport &report, const QString &folder)
{
    QStringList perClass;
    for (const ExportedClass &c : report.perClass)
        perClass << QStringLiteral("%1 %2").arg(QString::fromStdString(c.name),
                                                localeText::count(c.synthetic + c.real));
    QString text = ReviewPanel::tr("Exported %1 generated and %2 real images to %3, a folder per "
                                   "class: %4.")
                       .arg(localeText::count(report.synthetic), localeText::count(report.real),
                            folder, perClass.join(QStringLiteral(", ")));
    if (report.missingWnids.empty())
        return text;
    QStringList missing;
    for (const std::string &wnid : report.missingWnids) {
        const ProjectClass *c = project.classByWnid(wnid);
        missing << QString::fromStdString(c ? c->name : wnid);
    }
    return text + QStringLiteral("\n") +
           ReviewPanel::tr("Left out, with no image to export: %1. ImageFolder numbers the other "
                           "%2 classes from 0, as class_index in manifest.csv and classes.json "
                           "do.")
               .arg(missing.join(QStringLiteral(", ")), localeText::count(report.classes));
}

} // namespace

ReviewPanel::ReviewPanel(ProjectSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_loader(new ThumbnailLoader(6000, 256, this))
    , m_model(new ReviewModel(m_loader, this))
    , m_grid(new ReviewGrid(m_loader, this))
    , m_classes(new QTableWidget(this))
    , m_sort(new QComboBox(this))
    , m_worstFirst(new QCheckBox(tr("Worst first"), this))
    , m_stateFilter(new QComboBox(this))
    , m_zoom(new QSlider(Qt::Horizontal, this))
    , m_scoreButton(new QPushButton(tr("Score Images"), this))
    , m_undoButton(new QPushButton(tr("Undo"), this))
    , m_exportButton(new QPushButton(tr("Export…"), this))
    , m_histogram(new QCustomPlot(this))
    , m_keepTop(new QSpinBox(this))
    , m_dropDuplicates(new QCheckBox(tr("Drop near-duplicates"), this))
    , m_applyButton(new QPushButton(tr("Apply Rule"), this))
    , m_ruleLabel(new QLabel(this))
    , m_info(new QLabel(this))
    , m_jobResult(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_cancelToken(std::make_shared<CancelToken>())
{
    m_grid->setModel(m_model);

    setUpControls();
    setUpClassTable();
    setUpHistogram();
    buildLayout();
    connectControls();
    connectHistogram();
    connectSession();
    reload();
}

// The sort, filter, zoom and rule controls, and the job bar.
void ReviewPanel::setUpControls()
{
    for (const ScoreChoice &s : kScores)
        m_sort->addItem(tr(s.label), QString::fromLatin1(s.key));
    m_stateFilter->addItem(tr("All states"), QString());
    m_stateFilter->addItem(tr("Pending"), QStringLiteral("pending"));
    m_stateFilter->addItem(tr("Accepted"), QStringLiteral("accepted"));
    m_stateFilter->addItem(tr("Rejected"), QStringLiteral("rejected"));
    m_zoom->setRange(32, 256);
    m_zoom->setValue(m_grid->thumbnailSize());
    m_zoom->setToolTip(tr("Thumbnail size"));
    m_zoom->setMaximumWidth(160);
    m_scoreButton->setToolTip(
        tr("Score every generated image with the best classifier trained on real images only"));
    m_undoButton->setToolTip(tr("Take back the last review or rule (U)"));
    m_exportButton->setToolTip(tr("Write the images as an ImageFolder with a manifest"));
    m_keepTop->setRange(0, 1000000);
    m_keepTop->setMaximumWidth(170);
    m_keepTop->setSpecialValueText(tr("no limit"));
    m_keepTop->setPrefix(tr("keep top "));
    m_keepTop->setToolTip(tr("Keep at most this many images a class, the best by the score"));
    m_applyButton->setToolTip(tr("Accept the images the rule keeps and reject the others; "
                                 "reviews made by hand are left as they are"));
    m_ruleLabel->setWordWrap(true);
    m_info->setWordWrap(true);
    m_jobResult->setWordWrap(true);
    m_jobResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_progress->setRange(0, 1000);
    m_progress->hide();
    m_cancel->hide();
}

// The per-class summary: counts, confidence, FID, KID, diversity.
void ReviewPanel::setUpClassTable()
{
    m_classes->setColumnCount(8);
    m_classes->setHorizontalHeaderLabels({tr("Class"), tr("Images"), tr("Accepted"), tr("Rejected"),
                                          tr("Conf."), tr("FID"), tr("KID"), tr("Diversity")});
    m_classes->horizontalHeaderItem(5)->setToolTip(
        tr("Fréchet distance to the real images of the class, on the reference classifier's "
           "penultimate-layer features (not Inception's)"));
    m_classes->horizontalHeaderItem(6)->setToolTip(
        tr("Kernel inception distance (cubic polynomial kernel) on the same features"));
    m_classes->horizontalHeaderItem(7)->setToolTip(
        tr("Mean pairwise feature distance among the class's generated images"));
    m_classes->verticalHeader()->hide();
    m_classes->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_classes->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_classes->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    for (int c = 1; c < 8; ++c)
        m_classes->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
}

// The histogram of the sort score, with a draggable threshold line.
void ReviewPanel::setUpHistogram()
{
    m_histogram->setMinimumHeight(140);
    m_histogram->xAxis->setLabel(tr("Self-confidence"));
    m_histogram->yAxis->setLabel(tr("Images"));
    m_bars = new QCPBars(m_histogram->xAxis, m_histogram->yAxis);
    m_bars->setPen(Qt::NoPen);
    m_bars->setBrush(QColor(70, 120, 200));
    m_line = new QCPItemStraightLine(m_histogram);
    m_line->setPen(QPen(QColor(210, 50, 50), 2));
    m_line->setVisible(false);
    m_histogram->setToolTip(tr("Click or drag to set a threshold on this score"));
}

// Toolbar on top; classes, histogram and rule on the left; the grid on the right.
void ReviewPanel::buildLayout()
{
    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Sort by:"), this));
    top->addWidget(m_sort);
    top->addWidget(m_worstFirst);
    top->addWidget(new QLabel(tr("Show:"), this));
    top->addWidget(m_stateFilter);
    top->addWidget(new QLabel(tr("Zoom:"), this));
    top->addWidget(m_zoom);
    top->addStretch(1);
    top->addWidget(m_progress);
    top->addWidget(m_cancel);
    top->addWidget(m_scoreButton);
    top->addWidget(m_undoButton);
    top->addWidget(m_exportButton);

    auto *rule = new QHBoxLayout;
    rule->addWidget(m_keepTop);
    rule->addWidget(m_dropDuplicates);
    rule->addWidget(m_applyButton);

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_classes, 3);
    leftLayout->addWidget(m_histogram, 2);
    leftLayout->addWidget(m_ruleLabel);
    leftLayout->addLayout(rule);
    leftLayout->addWidget(m_info);
    leftLayout->addWidget(m_jobResult);

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(m_grid);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(split, 1);
}

// What the controls, the grid and the buttons do.
void ReviewPanel::connectControls()
{
    connect(m_sort, &QComboBox::currentIndexChanged, this, [this] {
        m_model->setSort(m_sort->currentData().toString(), m_worstFirst->isChecked());
        setThreshold(std::nullopt);
        updateHistogram();
    });
    connect(m_worstFirst, &QCheckBox::toggled, this,
            [this](bool on) { m_model->setSort(m_sort->currentData().toString(), on); });
    connect(m_stateFilter, &QComboBox::currentIndexChanged, this,
            [this] { m_model->setStateFilter(m_stateFilter->currentData().toString()); });
    connect(m_zoom, &QSlider::valueChanged, m_grid, &ReviewGrid::setThumbnailSize);
    connect(m_classes, &QTableWidget::itemSelectionChanged, this, [this] {
        QList<int> classes;
        bool all = false;
        for (const QModelIndex &i : m_classes->selectionModel()->selectedRows()) {
            if (i.row() == 0)
                all = true;
            else
                classes.append(i.row() - 1);
        }
        std::sort(classes.begin(), classes.end());
        if (all)
            classes.clear();
        if (classes != m_shown) {
            m_shown = classes;
            loadImages();
        }
    });
    connect(m_grid, &ReviewGrid::reviewRequested, this, [this](const QString &state) {
        if (const QString error = reviewSelected(state); !error.isEmpty())
            m_info->setText(error);
    });
    connect(m_grid, &ReviewGrid::undoRequested, this, [this] {
        if (const QString error = undo(); !error.isEmpty())
            m_info->setText(error);
    });
    connect(m_grid, &ReviewGrid::largeViewRequested, this, &ReviewPanel::showLargeView);
    connect(m_grid, &QAbstractItemView::doubleClicked, this, &ReviewPanel::showLargeView);
    connect(m_undoButton, &QPushButton::clicked, this, [this] {
        if (const QString error = undo(); !error.isEmpty())
            m_info->setText(error);
    });
    connect(m_scoreButton, &QPushButton::clicked, this, &ReviewPanel::startScoring);
    connect(m_exportButton, &QPushButton::clicked, this, &ReviewPanel::exportImages);
    connect(m_cancel, &QPushButton::clicked, this, [this] { m_cancelToken->cancel(); });
    connect(m_applyButton, &QPushButton::clicked, this, [this] {
        const QString result = applyRule();
        m_ruleLabel->setText(result);
    });
    connect(m_keepTop, &QSpinBox::valueChanged, this, &ReviewPanel::updateDryRun);
    connect(m_dropDuplicates, &QCheckBox::toggled, this, &ReviewPanel::updateDryRun);
}

// Dragging the threshold: press and move set it, release runs the dry run.
void ReviewPanel::connectHistogram()
{
    const auto xAt = [this](QMouseEvent *e) {
        return m_histogram->xAxis->pixelToCoord(e->position().x());
    };
    connect(m_histogram, &QCustomPlot::mousePress, this, [this, xAt](QMouseEvent *e) {
        if (e->button() != Qt::LeftButton ||
            !m_histogram->axisRect()->rect().contains(e->position().toPoint()))
            return;
        m_dragging = true;
        m_threshold = xAt(e);
        m_line->setVisible(true);
        m_line->point1->setCoords(*m_threshold, 0);
        m_line->point2->setCoords(*m_threshold, 1);
        m_histogram->replot(QCustomPlot::rpQueuedReplot);
    });
    connect(m_histogram, &QCustomPlot::mouseMove, this, [this, xAt](QMouseEvent *e) {
        if (!m_dragging)
            return;
        m_threshold = xAt(e);
        m_line->point1->setCoords(*m_threshold, 0);
        m_line->point2->setCoords(*m_threshold, 1);
        m_histogram->replot(QCustomPlot::rpQueuedReplot);
    });
    connect(m_histogram, &QCustomPlot::mouseRelease, this, [this](QMouseEvent *) {
        if (!m_dragging)
            return;
        m_dragging = false;
        setThreshold(m_threshold);
    });
}

// A finished job and project changes reload the panel.
void ReviewPanel::connectSession()
{
    connect(&m_job, &QFutureWatcher<QString>::finished, this, [this] {
        const QString message = m_job.result();
        clearBusy();
        reload();
        m_jobResult->setText(message); // its own line: reloading rewrites the scoring info
        emit jobFinished(message);
    });
    connect(m_session, &ProjectSession::projectChanged, this, &ReviewPanel::reload);
    // New images arrive about once a second while a job runs: a hidden panel waits until shown.
    connect(m_session, &ProjectSession::imagesChanged, this, [this] {
        if (isVisible() && !isBusy())
            reload();
        else
            m_stale = true;
    });
}

void ReviewPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stale) {
        m_stale = false;
        reload();
    }
}

ReviewPanel::~ReviewPanel()
{
    m_cancelToken->cancel();
    m_job.waitForFinished();
}

std::vector<int> ReviewPanel::shownVector() const
{
    return {m_shown.begin(), m_shown.end()};
}

void ReviewPanel::reload()
{
    fillSummary();
    loadImages();
    updateInfo();
}

void ReviewPanel::showClasses(const QList<int> &classIndices)
{
    QSignalBlocker block(m_classes);
    m_classes->clearSelection();
    if (classIndices.isEmpty())
        m_classes->selectRow(0);
    for (int c : classIndices)
        if (c + 1 < m_classes->rowCount())
            m_classes->selectionModel()->select(m_classes->model()->index(c + 1, 0),
                                                QItemSelectionModel::Select |
                                                    QItemSelectionModel::Rows);
    m_shown = classIndices;
    std::sort(m_shown.begin(), m_shown.end());
    loadImages();
}

void ReviewPanel::setSortScore(const QString &score)
{
    const int i = m_sort->findData(score);
    if (i >= 0)
        m_sort->setCurrentIndex(i);
}

void ReviewPanel::loadImages()
{
    Project *p = m_session->project();
    if (!p) {
        m_model->setImages({}, {});
        updateHistogram();
        return;
    }
    m_model->setImages(scoredImages(*p, shownVector()),
                       QString::fromStdString(p->directory().string()));
    if (m_model->rowCount() > 0 && !m_grid->currentIndex().isValid())
        m_grid->setCurrentIndex(m_model->index(0));
    updateHistogram();
    updateDryRun();
}

void ReviewPanel::fillSummary()
{
    QSignalBlocker block(m_classes);
    Project *p = m_session->project();
    const std::vector<ClassSummary> rows = p ? classSummaries(*p) : std::vector<ClassSummary>{};
    m_classes->setRowCount(int(rows.size()) + 1);
    int64_t images = 0, accepted = 0, rejected = 0;
    double conf = 0;
    int64_t scored = 0;
    for (size_t i = 0; i < rows.size(); ++i) {
        const ClassSummary &s = rows[i];
        const int r = int(i) + 1;
        m_classes->setItem(r, 0, cell(QString::fromStdString(s.name), false));
        m_classes->item(r, 0)->setToolTip(QString::fromStdString(s.wnid));
        m_classes->setItem(r, 1, cell(localeText::count(s.images)));
        m_classes->setItem(r, 2, cell(localeText::count(s.accepted)));
        m_classes->setItem(r, 3, cell(localeText::count(s.rejected)));
        m_classes->setItem(r, 4,
                           cell(s.scoredImages ? localeText::number(s.meanSelfConfidence, 3)
                                               : QStringLiteral("–")));
        m_classes->setItem(r, 5, cell(number(s.fid, 2)));
        m_classes->setItem(r, 6, cell(number(s.kid, 4)));
        m_classes->setItem(r, 7, cell(number(s.diversity, 3)));
        images += s.images;
        accepted += s.accepted;
        rejected += s.rejected;
        conf += s.meanSelfConfidence * double(s.scoredImages);
        scored += s.scoredImages;
    }
    m_classes->setItem(0, 0, cell(tr("All classes"), false));
    m_classes->setItem(0, 1, cell(localeText::count(images)));
    m_classes->setItem(0, 2, cell(localeText::count(accepted)));
    m_classes->setItem(0, 3, cell(localeText::count(rejected)));
    m_classes->setItem(
        0, 4, cell(scored ? localeText::number(conf / double(scored), 3) : QStringLiteral("–")));
    for (int c = 5; c < 8; ++c)
        m_classes->setItem(0, c, cell(QString()));
    QFont bold = m_classes->font();
    bold.setBold(true);
    for (int c = 0; c < 8; ++c)
        m_classes->item(0, c)->setFont(bold);
    m_classes->clearSelection();
    if (m_shown.isEmpty())
        m_classes->selectRow(0);
    for (int c : m_shown)
        m_classes->selectionModel()->select(m_classes->model()->index(c + 1, 0),
                                            QItemSelectionModel::Select |
                                                QItemSelectionModel::Rows);
}

QString ReviewPanel::histogramScore() const
{
    const QString s = m_sort->currentData().toString();
    return s == QLatin1String("id") ? QStringLiteral("self_confidence") : s;
}

void ReviewPanel::updateHistogram()
{
    const QString score = histogramScore();
    m_histogram->xAxis->setLabel(m_sort->itemText(std::max(1, m_sort->findData(score))));
    const std::vector<double> values = m_model->values(score);
    QVector<double> keys, counts;
    double lo = 0, hi = 1;
    if (!values.empty()) {
        const auto [mn, mx] = std::minmax_element(values.begin(), values.end());
        lo = *mn;
        hi = *mx;
        // Scores that live in [0, 1] keep that range, so that thresholds read the same.
        if (lo >= 0 && hi <= 1 && score != QLatin1String("real_distance")) {
            lo = 0;
            hi = 1;
        }
        if (hi <= lo)
            hi = lo + 1;
    }
    const double width = (hi - lo) / kBins;
    keys.resize(kBins);
    counts.fill(0, kBins);
    for (int b = 0; b < kBins; ++b)
        keys[b] = lo + (b + 0.5) * width;
    for (double v : values)
        counts[std::clamp(int((v - lo) / width), 0, kBins - 1)] += 1;
    m_bars->setWidth(width * 0.9);
    m_bars->setData(keys, counts, true);
    m_histogram->xAxis->setRange(lo, hi);
    m_histogram->yAxis->setRange(
        0, std::max(1.0, *std::max_element(counts.begin(), counts.end()) * 1.1));
    if (m_threshold) {
        m_line->point1->setCoords(*m_threshold, 0);
        m_line->point2->setCoords(*m_threshold, 1);
    }
    m_line->setVisible(m_threshold.has_value());
    m_histogram->replot(QCustomPlot::rpQueuedReplot);
}

void ReviewPanel::setThreshold(std::optional<double> value)
{
    m_threshold = value;
    if (value) {
        m_line->point1->setCoords(*value, 0);
        m_line->point2->setCoords(*value, 1);
    }
    m_line->setVisible(value.has_value());
    m_histogram->replot(QCustomPlot::rpQueuedReplot);
    updateDryRun();
}

static FilterRule ruleFor(const QString &score, std::optional<double> threshold, int keepTop,
                          bool dropDuplicates, Project &project, const QList<int> &classes)
{
    FilterRule rule;
    if (threshold) {
        Condition c;
        c.score = score.toStdString();
        c.op = score::higherIsBetter(c.score) ? ">=" : "<=";
        c.value = std::round(*threshold * 1000) / 1000;
        rule.conditions.push_back(c);
    }
    rule.keepTop = keepTop;
    rule.sortBy = score.toStdString();
    rule.dropDuplicates = dropDuplicates;
    for (int ci : classes)
        rule.classes.push_back(project.classes()[size_t(ci)].wnid);
    return rule;
}

QString ReviewPanel::ruleText() const
{
    Project *p = m_session->project();
    if (!p)
        return {};
    return QString::fromStdString(ruleFor(histogramScore(), m_threshold, m_keepTop->value(),
                                          m_dropDuplicates->isChecked(), *p, m_shown)
                                      .text());
}

QString ReviewPanel::dryRunText() const
{
    return m_lastDryRun;
}

void ReviewPanel::updateDryRun()
{
    Project *p = m_session->project();
    const bool any = m_threshold || m_keepTop->value() > 0 || m_dropDuplicates->isChecked();
    m_applyButton->setEnabled(p && any && !isBusy());
    if (!p || !any) {
        m_lastDryRun.clear();
        m_ruleLabel->setText(tr("Click the histogram to set a threshold, or keep the top images "
                                "of each class."));
        return;
    }
    const FilterRule rule = ruleFor(histogramScore(), m_threshold, m_keepTop->value(),
                                    m_dropDuplicates->isChecked(), *p, m_shown);
    Result<RuleOutcome> dry = dryRunRule(*p, rule);
    if (!dry) {
        m_lastDryRun.clear();
        m_ruleLabel->setText(QString::fromStdString(dry.error()));
        m_applyButton->setEnabled(false);
        return;
    }
    m_lastDryRun = tr("Rule %1 keeps %2 and drops %3 (%4 reviews change; %5 reviewed by hand "
                      "stay)")
                       .arg(QString::fromStdString(rule.text()))
                       .arg(dry->kept)
                       .arg(dry->dropped)
                       .arg(dry->changed)
                       .arg(dry->untouched);
    QString perClass;
    int listed = 0;
    for (const ClassOutcome &c : dry->classes) {
        if (c.images == 0 || listed++ >= 12)
            continue;
        perClass += tr("%1: %2/%3  ")
                        .arg(QString::fromStdString(p->classes()[size_t(c.classIndex)].name))
                        .arg(c.kept)
                        .arg(c.images);
    }
    m_ruleLabel->setText(m_lastDryRun + QStringLiteral("\n") + perClass.trimmed());
}

QString ReviewPanel::applyRule()
{
    Project *p = m_session->project();
    if (!p)
        return tr("No project is open");
    const FilterRule rule = ruleFor(histogramScore(), m_threshold, m_keepTop->value(),
                                    m_dropDuplicates->isChecked(), *p, m_shown);
    Result<RuleOutcome> applied = synset::applyRule(*p, rule);
    if (!applied)
        return QString::fromStdString(applied.error());
    fillSummary();
    loadImages();
    emit reviewsChanged();
    return tr("Applied %1: kept %2, dropped %3. Undo takes it back.")
        .arg(QString::fromStdString(rule.text()))
        .arg(applied->kept)
        .arg(applied->dropped);
}

QString ReviewPanel::reviewSelected(const QString &state)
{
    Project *p = m_session->project();
    if (!p)
        return tr("No project is open");
    const QList<qint64> ids = m_grid->selectedImageIds();
    if (ids.isEmpty())
        return tr("Select images to review first");
    std::vector<int64_t> list(ids.begin(), ids.end());
    Result<int64_t> action = reviewImages(*p, list, state.toStdString());
    if (!action)
        return QString::fromStdString(action.error());
    std::vector<ScoredImage> changed;
    for (int64_t id : list)
        if (Result<ScoredImage> s = scoredImage(*p, id); s)
            changed.push_back(*s);
    m_model->updateReviews(changed);
    // One image reviewed: go on to the next, as in a photo culler.
    if (ids.size() == 1 && m_grid->currentIndex().isValid()) {
        const int next = m_grid->currentIndex().row() + 1;
        if (next < m_model->rowCount())
            m_grid->setCurrentIndex(m_model->index(next));
    }
    fillSummary();
    updateDryRun();
    emit reviewsChanged();
    return {};
}

QString ReviewPanel::undo()
{
    Project *p = m_session->project();
    if (!p)
        return tr("No project is open");
    Result<ReviewAction> undone = undoLastReview(*p);
    if (!undone)
        return QString::fromStdString(undone.error());
    // Reviews of any image may have changed: read them again, keeping the grid where it is.
    const QModelIndex current = m_grid->currentIndex();
    const qint64 currentId =
        current.isValid() ? current.data(ReviewModel::ImageIdRole).toLongLong() : -1;
    m_model->updateReviews(scoredImages(*p, shownVector()));
    if (currentId >= 0 && m_model->rowOf(currentId) >= 0)
        m_grid->setCurrentIndex(m_model->index(m_model->rowOf(currentId)));
    fillSummary();
    updateDryRun();
    m_info->setText(tr("Undid: %1").arg(QString::fromStdString(undone->description)));
    emit reviewsChanged();
    return {};
}

void ReviewPanel::updateInfo()
{
    Project *p = m_session->project();
    if (!p) {
        m_info->clear();
        return;
    }
    const ScoringInfo info = scoringInfo(*p);
    if (!info.valid()) {
        m_info->setText(tr("Not scored yet. Score Images uses the best classifier trained on "
                           "real images only as the reference."));
        return;
    }
    m_info->setText(
        tr("Scores from run %1 (%2), trained on real images only. FID and KID use its "
           "%3-d penultimate-layer features, not Inception's.")
            .arg(QString::fromStdString(info.reference), QString::fromStdString(info.model))
            .arg(info.featureDim));
}

QDialog *ReviewPanel::largeView() const
{
    return m_largeView;
}

void ReviewPanel::showLargeView(const QModelIndex &index)
{
    Project *p = m_session->project();
    if (!index.isValid() || !p)
        return;
    if (!m_largeView)
        m_largeView = new ReviewImageDialog(this);
    m_largeView->showImage(m_model->image(index.row()), *p);
}

bool ReviewPanel::isBusy() const
{
    return m_job.isRunning();
}

void ReviewPanel::setBusy(const QString &message)
{
    m_progress->setValue(0);
    m_progress->setFormat(message + QStringLiteral(" %p%"));
    m_progress->show();
    m_cancel->show();
    m_scoreButton->setEnabled(false);
    m_exportButton->setEnabled(false);
    m_applyButton->setEnabled(false);
}

void ReviewPanel::clearBusy()
{
    m_progress->hide();
    m_cancel->hide();
    m_scoreButton->setEnabled(true);
    m_exportButton->setEnabled(true);
}

void ReviewPanel::runJob(const QString &message, const Job &job)
{
    m_cancelToken->reset();
    m_jobResult->clear();
    setBusy(message);
    const QString dir = m_session->projectPath();
    auto token = m_cancelToken;
    QPointer<QProgressBar> bar = m_progress;
    m_job.setFuture(QtConcurrent::run([dir, token, bar, job]() -> QString {
        // The worker has its own connection to the store.
        Result<std::unique_ptr<Project>> project = Project::open(dir.toStdString());
        if (!project)
            return QString::fromStdString(project.error());
        const ProgressFn progress = [bar](double f, std::string_view) {
            QMetaObject::invokeMethod(bar, [bar, f] {
                if (bar)
                    bar->setValue(int(f * 1000));
            });
        };
        QString message;
        if (std::optional<std::string> error =
                catchAll("stopped", [&] { message = job(**project, progress, token.get()); }))
            message = QString::fromStdString(*error);
        return message;
    }));
}

void ReviewPanel::startScoring()
{
    if (!m_session->project() || isBusy())
        return;
    runJob(tr("Scoring"),
           [](Project &project, const ProgressFn &progress, const CancelToken *cancel) -> QString {
               Result<ScoreReport> report = scoreProject(project, ScoreOptions{}, progress, cancel);
               if (!report)
                   return QString::fromStdString(report.error());
               return QObject::tr("Scored %1 images with run %2 in %3 s (%4 images/s); %5 "
                                  "near-duplicates.")
                   .arg(report->images)
                   .arg(QString::fromStdString(report->reference))
                   .arg(localeText::number(report->seconds, 1))
                   .arg(localeText::number(report->imagesPerSecond, 0))
                   .arg(report->duplicates);
           });
}

void ReviewPanel::exportImages()
{
    if (!m_session->project() || isBusy())
        return;
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Export as ImageFolder"));
    auto *accepted = new QCheckBox(tr("Accepted images only (else all but rejected)"), &dialog);
    accepted->setChecked(true);
    auto *withReal = new QCheckBox(tr("Add the real training images"), &dialog);
    auto *ok = new QPushButton(tr("Choose Folder…"), &dialog);
    auto *l = new QVBoxLayout(&dialog);
    l->addWidget(new QLabel(tr("One folder per wnid, as torchvision's ImageFolder reads, and "
                               "manifest.csv with prompts, seeds, scores and reviews."),
                            &dialog));
    l->addWidget(accepted);
    l->addWidget(withReal);
    l->addWidget(ok);
    connect(ok, &QPushButton::clicked, &dialog, &QDialog::accept);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString out = QFileDialog::getSaveFileName(this, tr("New Folder for the Export"),
                                                     QDir::homePath() + QStringLiteral("/export"));
    if (out.isEmpty())
        return;
    ExportOptions options;
    options.acceptedOnly = accepted->isChecked();
    options.withReal = withReal->isChecked();
    exportTo(out, options);
}

void ReviewPanel::exportTo(const QString &folder, const ExportOptions &options)
{
    if (!m_session->project() || isBusy())
        return;
    runJob(tr("Exporting"),
           [folder, options](Project &project, const ProgressFn &progress,
                             const CancelToken *cancel) -> QString {
               Result<ExportReport> report =
                   exportImageFolder(project, folder.toStdString(), options, progress, cancel);
               if (!report)
                   return tr("Not exported: %1").arg(QString::fromStdString(report.error()));
               return describeExport(project, *report, folder);
           });
}

QString ReviewPanel::jobResult() const
{
    return m_jobResult->text();
}
