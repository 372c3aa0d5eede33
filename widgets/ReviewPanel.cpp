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
#include "project/ThumbnailStore.h"

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
#include <set>

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
        if (const QString error = applyRule(); !error.isEmpty())
            m_ruleLabel->setText(error);
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
        if (std::exchange(m_jobChangesReviews, false))
            emit reviewsChanged();
        emit jobFinished(message);
    });
    connect(&m_dryRun, &QFutureWatcher<DryRun>::finished, this, &ReviewPanel::showDryRun);
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
    m_dryRun.waitForFinished();
}

std::vector<int> ReviewPanel::shownVector() const
{
    return {m_shown.begin(), m_shown.end()};
}

void ReviewPanel::reload()
{
    useThumbnailCache();
    fillSummary();
    loadImages();
    updateInfo();
}

// Thumbnails are kept in the project's cache/thumbnails.db; one that cannot be opened (a project
// on read-only media) leaves them in memory only. Thumbnails are by image id: another project's
// are dropped.
void ReviewPanel::useThumbnailCache()
{
    Project *p = m_session->project();
    const QString dir = p ? QString::fromStdString(p->directory().string()) : QString();
    if (dir == m_thumbnailProject)
        return;
    m_thumbnailProject = dir;
    m_loader->clearCache();
    std::shared_ptr<ThumbnailStore> store;
    if (p)
        if (Result<std::unique_ptr<ThumbnailStore>> s =
                ThumbnailStore::open(ThumbnailStore::fileOf(p->directory()));
            s)
            store = std::move(*s);
    m_loader->setDiskCache(std::move(store));
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
        m_model->setImages({}, {}, {});
        updateHistogram();
        return;
    }
    Result<std::vector<ReviewEntry>> entries = reviewEntries(*p, shownVector());
    if (!entries)
        m_info->setText(QString::fromStdString(entries.error()));
    m_model->setImages(entries ? std::move(*entries) : std::vector<ReviewEntry>{},
                       QString::fromStdString(p->directory().string()),
                       [session = m_session](const std::vector<int64_t> &ids) {
                           Project *project = session->project();
                           return project ? imageFiles(*project, ids) : std::vector<ImageFile>{};
                       });
    if (m_model->rowCount() > 0 && !m_grid->currentIndex().isValid())
        m_grid->setCurrentIndex(m_model->index(0));
    updateHistogram();
    updateDryRun();
}

void ReviewPanel::fillSummary()
{
    QSignalBlocker block(m_classes);
    Project *p = m_session->project();
    m_summary = p ? classSummaries(*p) : std::vector<ClassSummary>{};
    m_classes->setRowCount(int(m_summary.size()) + 1);
    for (size_t i = 0; i < m_summary.size(); ++i)
        showSummaryRow(i);
    showSummaryTotals();
    m_classes->clearSelection();
    if (m_shown.isEmpty())
        m_classes->selectRow(0);
    for (int c : m_shown)
        m_classes->selectionModel()->select(m_classes->model()->index(c + 1, 0),
                                            QItemSelectionModel::Select |
                                                QItemSelectionModel::Rows);
}

void ReviewPanel::showSummaryRow(size_t i)
{
    const ClassSummary &s = m_summary[i];
    const int r = int(i) + 1;
    m_classes->setItem(r, 0, cell(QString::fromStdString(s.name), false));
    m_classes->item(r, 0)->setToolTip(QString::fromStdString(s.wnid));
    m_classes->setItem(r, 1, cell(localeText::count(s.images)));
    m_classes->setItem(r, 2, cell(localeText::count(s.accepted)));
    m_classes->setItem(r, 3, cell(localeText::count(s.rejected)));
    m_classes->setItem(
        r, 4,
        cell(s.scoredImages ? localeText::number(s.meanSelfConfidence, 3) : QStringLiteral("–")));
    m_classes->setItem(r, 5, cell(number(s.fid, 2)));
    m_classes->setItem(r, 6, cell(number(s.kid, 4)));
    m_classes->setItem(r, 7, cell(number(s.diversity, 3)));
}

void ReviewPanel::showSummaryTotals()
{
    int64_t images = 0, accepted = 0, rejected = 0, scored = 0;
    double conf = 0;
    for (const ClassSummary &s : m_summary) {
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
}

// A person's reviews change the counts of their classes only: those rows are updated from the
// states before and after, without reading the project's millions of reviews again. False when
// some image is not in the grid (its class's counts are then not updated).
bool ReviewPanel::countReviews(const std::vector<std::pair<qint64, ReviewState>> &changed)
{
    QSignalBlocker block(m_classes);
    std::set<size_t> touched;
    bool allShown = true;
    for (const auto &[id, state] : changed) {
        const int row = m_model->rowOf(id);
        if (row < 0) {
            allShown = false;
            continue;
        }
        const ReviewEntry &e = m_model->image(row);
        if (e.classIndex < 0 || size_t(e.classIndex) >= m_summary.size() || e.state == state)
            continue;
        ClassSummary &s = m_summary[size_t(e.classIndex)];
        const auto count = [&s](ReviewState st) -> int64_t & {
            return st == ReviewState::Accepted   ? s.accepted
                   : st == ReviewState::Rejected ? s.rejected
                                                 : s.pending;
        };
        --count(e.state);
        ++count(state);
        touched.insert(size_t(e.classIndex));
    }
    for (size_t i : touched)
        showSummaryRow(i);
    if (!touched.empty())
        showSummaryTotals();
    return allShown;
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

// The rule the controls describe: the histogram's threshold, the top K, near-duplicates, for the
// classes shown.
FilterRule ReviewPanel::currentRule(Project &project) const
{
    const std::string score = histogramScore().toStdString();
    FilterRule rule;
    if (m_threshold) {
        Condition c;
        c.score = score;
        c.op = score::higherIsBetter(c.score) ? ">=" : "<=";
        c.value = std::round(*m_threshold * 1000) / 1000;
        rule.conditions.push_back(c);
    }
    rule.keepTop = m_keepTop->value();
    rule.sortBy = score;
    rule.dropDuplicates = m_dropDuplicates->isChecked();
    for (int ci : m_shown)
        rule.classes.push_back(project.classes()[size_t(ci)].wnid);
    return rule;
}

QString ReviewPanel::ruleText() const
{
    Project *p = m_session->project();
    if (!p)
        return {};
    return QString::fromStdString(currentRule(*p).text());
}

QString ReviewPanel::dryRunText() const
{
    return m_lastDryRun;
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
    std::vector<std::pair<qint64, ReviewState>> changed;
    for (int64_t id : list)
        if (Result<ScoredImage> s = scoredImage(*p, id); s)
            changed.emplace_back(id, reviewStateFromName(s->state));
    countReviews(changed);
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
    // The restored states, in place: the grid stays where it is, the counts follow (read again
    // only when the undone action reached images this grid does not show).
    const std::vector<std::pair<qint64, ReviewState>> restored(undone->restored.begin(),
                                                               undone->restored.end());
    if (!countReviews(restored))
        fillSummary();
    m_model->updateReviews(restored);
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
    Result<ScoredImage> image = scoredImage(*p, m_model->image(index.row()).imageId);
    if (!image) {
        m_info->setText(QString::fromStdString(image.error()));
        return;
    }
    m_largeView->showImage(*image, *p);
}
