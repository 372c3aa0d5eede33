#include "FailuresPanel.h"
#include "LocaleText.h"

#include "ImageConvert.h"
#include "ProjectSession.h"

#include "project/Project.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <cmath>
#include <numeric>

using namespace synset;

namespace {

constexpr int kThumb = 56;
constexpr int kMaxTestImages = 80;
constexpr int kMaxTrainingImages = 30;

QListWidget *makeImageList(QWidget *parent)
{
    auto *list = new QListWidget(parent);
    list->setViewMode(QListView::IconMode);
    list->setIconSize(QSize(kThumb, kThumb));
    list->setResizeMode(QListView::Adjust);
    list->setMovement(QListView::Static);
    list->setUniformItemSizes(true);
    list->setGridSize(QSize(kThumb + 34, kThumb + 30));
    list->setWordWrap(false);
    list->setTextElideMode(Qt::ElideRight);
    list->setSelectionMode(QAbstractItemView::NoSelection);
    return list;
}

QIcon thumbnail(const QString &file, qint64 record)
{
    const QImage image = loadProjectImage(file, record);
    if (image.isNull())
        return {};
    return QIcon(QPixmap::fromImage(
        image.scaled(kThumb, kThumb, Qt::KeepAspectRatio, Qt::FastTransformation)));
}

} // namespace

FailuresPanel::FailuresPanel(ProjectSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_run(new QComboBox(this))
    , m_compare(new QComboBox(this))
    , m_editPrompt(new QPushButton(tr("Edit Prompt"), this))
    , m_regenerate(new QPushButton(tr("Regenerate Class…"), this))
    , m_retrain(new QPushButton(tr("Retrain Same Config"), this))
    , m_summary(new QLabel(this))
    , m_heatmap(new QCustomPlot(this))
    , m_classes(new QTableWidget(this))
    , m_cellTitle(new QLabel(this))
    , m_trueTitle(new QLabel(this))
    , m_predTitle(new QLabel(this))
    , m_testImages(makeImageList(this))
    , m_trueImages(makeImageList(this))
    , m_predImages(makeImageList(this))
{
    setObjectName("FailuresPanel");
    m_editPrompt->setToolTip(tr("Open the selected true class's prompt in the prompt editor"));
    m_regenerate->setToolTip(
        tr("Generate new synthetic images of the selected class only, with its prompt as it is "
           "now, and set its current ones aside"));
    m_retrain->setToolTip(tr("Train a new run with this run's configuration, then compare"));
    m_compare->setToolTip(tr("A second run whose per-class accuracy is shown beside this one"));
    m_summary->setWordWrap(true);

    m_heatmap->setMinimumSize(320, 300);
    m_heatmap->yAxis->setRangeReversed(true);
    m_heatmap->xAxis->setLabel(tr("Predicted class"));
    m_heatmap->yAxis->setLabel(tr("True class"));
    m_heatmap->axisRect()->setupFullAxesBox(false);

    m_classes->setColumnCount(5);
    m_classes->setHorizontalHeaderLabels(
        {tr("Class"), tr("Accuracy"), tr("Compared"), tr("Change"), tr("Confused with")});
    m_classes->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_classes->setSelectionMode(QAbstractItemView::SingleSelection);
    m_classes->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_classes->verticalHeader()->hide();
    m_classes->setWordWrap(false);
    m_classes->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_classes->horizontalHeader()->setStretchLastSection(true);

    for (QLabel *l : {m_cellTitle, m_trueTitle, m_predTitle}) {
        l->setWordWrap(true);
        QFont f = l->font();
        f.setBold(true);
        l->setFont(f);
    }

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Run:"), this));
    top->addWidget(m_run, 1);
    top->addWidget(new QLabel(tr("Compare with:"), this));
    top->addWidget(m_compare, 1);
    top->addSpacing(12);
    top->addWidget(m_editPrompt);
    top->addWidget(m_regenerate);
    top->addWidget(m_retrain);

    auto *images = new QWidget(this);
    auto *imagesLayout = new QVBoxLayout(images);
    imagesLayout->setContentsMargins(0, 0, 0, 0);
    imagesLayout->addWidget(m_cellTitle);
    imagesLayout->addWidget(m_testImages, 2);
    auto *synth = new QGridLayout;
    synth->addWidget(m_trueTitle, 0, 0);
    synth->addWidget(m_predTitle, 0, 1);
    synth->addWidget(m_trueImages, 1, 0);
    synth->addWidget(m_predImages, 1, 1);
    imagesLayout->addLayout(synth, 3);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_heatmap);
    splitter->addWidget(m_classes);
    splitter->addWidget(images);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setStretchFactor(2, 4);
    splitter->setSizes({430, 330, 640});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_summary);
    layout->addWidget(splitter, 1);

    connect(m_run, &QComboBox::currentIndexChanged, this, [this] {
        fillCompareChoices(compareRun());
        loadRun();
    });
    connect(m_compare, &QComboBox::currentIndexChanged, this, [this] { loadRun(); });
    connect(m_heatmap, &QCustomPlot::mousePress, this, [this](QMouseEvent *e) {
        const auto [t, p] = cellAt(e->pos());
        if (t >= 0)
            selectCell(t, p);
    });
    connect(m_classes, &QTableWidget::cellClicked, this, [this](int row, int) {
        const int t = m_classes->item(row, 0)->data(Qt::UserRole).toInt();
        const int p = m_classes->item(row, 4)->data(Qt::UserRole).toInt();
        selectCell(t, p >= 0 ? p : t);
    });
    connect(m_editPrompt, &QPushButton::clicked, this, [this] {
        if (m_actual >= 0)
            emit promptRequested(classWnid(m_actual));
    });
    connect(m_regenerate, &QPushButton::clicked, this, [this] {
        Project *project = m_session->project();
        if (!project || m_actual < 0)
            return;
        const QString name = className(m_actual);
        if (QMessageBox::question(
                this, tr("Regenerate %1").arg(name),
                tr("Generate new synthetic images of %1 with its prompt as it is now, as many as "
                   "run %2 trained on, and set its current synthetic images aside (marked "
                   "rejected; the files stay)? When the images are made, the run is trained "
                   "again with the same configuration and shown here beside the old one.")
                    .arg(name, currentRun())) != QMessageBox::Yes)
            return;
        Result<ClassRepair> repair = startClassRepair(*project, currentRun().toStdString(),
                                                      classWnid(m_actual).toStdString());
        if (!repair) {
            QMessageBox::warning(this, tr("Regenerate %1").arg(name),
                                 QString::fromStdString(repair.error()));
            return;
        }
        m_summary->setText(tr("Generation job %1 makes %2 new images of %3; %4 old ones were set "
                              "aside.")
                               .arg(QString::fromStdString(repair->jobName))
                               .arg(repair->perClass)
                               .arg(name)
                               .arg(repair->setAside));
        emit regenerationQueued(QString::fromStdString(repair->jobName), currentRun(),
                                QString::fromStdString(repair->datasetName));
    });
    connect(m_retrain, &QPushButton::clicked, this, [this] {
        if (!currentRun().isEmpty())
            emit retrainRequested(currentRun());
    });
    connect(m_session, &ProjectSession::projectChanged, this, &FailuresPanel::reload);
    reload();
}

QString FailuresPanel::currentRun() const
{
    return m_run->currentData().toString();
}

QString FailuresPanel::compareRun() const
{
    return m_compare->currentData().toString();
}

QString FailuresPanel::classWnid(int index) const
{
    Project *p = m_session->project();
    return p && index >= 0 && index < int(p->classes().size())
               ? QString::fromStdString(p->classes()[size_t(index)].wnid)
               : QString();
}

QString FailuresPanel::className(int index) const
{
    Project *p = m_session->project();
    return p && index >= 0 && index < int(p->classes().size())
               ? QString::fromStdString(p->classes()[size_t(index)].name)
               : QString();
}

void FailuresPanel::reload()
{
    const QString run = currentRun(), compare = compareRun();
    {
        const QSignalBlocker a(m_run);
        m_run->clear();
        if (Project *p = m_session->project())
            for (const RunInfo &r : listRuns(*p)) {
                if (r.top1 < 0)
                    continue; // nothing evaluated yet
                const QString name = QString::fromStdString(r.name);
                const QString label =
                    tr("%1 — %2, %3")
                        .arg(name, localeText::describeData(r.config), localeText::percent(r.top1));
                m_run->addItem(label, name);
            }
        const int i = m_run->findData(run);
        m_run->setCurrentIndex(i >= 0 ? i : m_run->count() - 1);
    }
    fillCompareChoices(compare);
    loadRun();
}

// Every evaluated run but the one shown; 'keep' stays chosen if it is one of them.
void FailuresPanel::fillCompareChoices(const QString &keep)
{
    const QSignalBlocker blocker(m_compare);
    m_compare->clear();
    m_compare->addItem(tr("(none)"), QString());
    for (int i = 0; i < m_run->count(); ++i)
        if (m_run->itemData(i).toString() != currentRun())
            m_compare->addItem(m_run->itemText(i), m_run->itemData(i));
    m_compare->setCurrentIndex(std::max(0, m_compare->findData(keep)));
}

void FailuresPanel::showRun(const QString &name, const QString &compareWith)
{
    reload();
    {
        const QSignalBlocker blocker(m_run);
        const int i = m_run->findData(name);
        if (i >= 0)
            m_run->setCurrentIndex(i);
    }
    fillCompareChoices(compareWith);
    loadRun();
}

void FailuresPanel::loadRun()
{
    Project *project = m_session->project();
    m_eval = {};
    m_compareEval = {};
    m_predictions.clear();
    m_info = {};
    const QString name = currentRun();
    if (project && !name.isEmpty()) {
        if (Result<RunInfo> info = findRun(*project, name.toStdString())) {
            m_info = *info;
            m_predictions = runPredictions(*project, m_info.id);
            m_eval = storedEvaluation(*project, m_info.id);
        }
        if (!compareRun().isEmpty())
            if (Result<RunInfo> other = findRun(*project, compareRun().toStdString()))
                m_compareEval = storedEvaluation(*project, other->id);
    }
    // Heatmap: colour is the share of the true class's test images, the number is the count.
    m_heatmap->clearPlottables();
    m_heatmap->clearItems();
    m_map = nullptr;
    const int k = m_eval.numClasses;
    if (k > 0 && !m_predictions.empty()) {
        m_map = new QCPColorMap(m_heatmap->xAxis, m_heatmap->yAxis);
        m_map->data()->setSize(k, k);
        m_map->data()->setRange(QCPRange(0, k - 1), QCPRange(0, k - 1));
        for (int t = 0; t < k; ++t) {
            const double n = double(std::max<int64_t>(1, m_eval.perClassCount[size_t(t)]));
            for (int p = 0; p < k; ++p) {
                const double share = double(m_eval.confusion[size_t(t * k + p)]) / n;
                m_map->data()->setCell(p, t, share);
                if (k <= 20 && m_eval.confusion[size_t(t * k + p)] > 0) {
                    auto *text = new QCPItemText(m_heatmap);
                    text->position->setCoords(p, t);
                    text->setText(localeText::count(m_eval.confusion[size_t(t * k + p)]));
                    text->setColor(share > 0.5 ? Qt::white : Qt::black);
                    QFont f = font();
                    f.setPointSizeF(f.pointSizeF() * 0.8);
                    text->setFont(f);
                }
            }
        }
        QCPColorGradient gradient;
        gradient.setColorStopAt(0, QColor(255, 255, 255));
        gradient.setColorStopAt(0.15, QColor(198, 219, 239));
        gradient.setColorStopAt(0.5, QColor(66, 146, 198));
        gradient.setColorStopAt(1, QColor(8, 48, 107));
        m_map->setGradient(gradient);
        m_map->setDataRange(QCPRange(0, 1));
        m_map->setInterpolate(false);
        QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
        for (int c = 0; c < k; ++c)
            ticker->addTick(c, className(c));
        m_heatmap->xAxis->setTicker(ticker);
        m_heatmap->yAxis->setTicker(ticker);
        m_heatmap->xAxis->setTickLabelRotation(k > 5 ? -40 : 0);
        m_heatmap->xAxis->setTickLength(0);
        m_heatmap->yAxis->setTickLength(0);
        m_heatmap->xAxis->setSubTicks(false);
        m_heatmap->yAxis->setSubTicks(false);
        m_heatmap->xAxis->grid()->setVisible(false);
        m_heatmap->yAxis->grid()->setVisible(false);
        m_heatmap->xAxis->setRange(-0.5, k - 0.5);
        m_heatmap->yAxis->setRange(-0.5, k - 0.5);
        m_summary->setText(
            tr("%1: %2 on %3 · top-1 %4, top-5 %5 on %6 real test images. Click a cell to see "
               "its test images and the synthetic images both classes were trained on.")
                .arg(name, QString::fromStdString(m_info.config.train.model),
                     localeText::describeData(m_info.config), localeText::percent(m_info.top1),
                     localeText::percent(m_info.top5))
                .arg(localeText::count(qint64(m_predictions.size()))));
    } else {
        m_summary->setText(name.isEmpty() ? tr("No evaluated run yet: train one in the Training "
                                               "panel.")
                                          : tr("Run %1 has no stored predictions.").arg(name));
    }
    m_heatmap->replot();
    fillClassTable();
    // Start on the worst class and its most common confusion.
    m_actual = m_predicted = -1;
    if (m_classes->rowCount() > 0) {
        const int t = m_classes->item(0, 0)->data(Qt::UserRole).toInt();
        const int p = m_classes->item(0, 4)->data(Qt::UserRole).toInt();
        selectCell(t, p >= 0 ? p : t);
    } else {
        fillImages();
    }
}

void FailuresPanel::fillClassTable()
{
    const int k = m_eval.numClasses;
    std::vector<int> order(size_t(std::max(0, k)));
    std::iota(order.begin(), order.end(), 0);
    const auto acc = [&](int c) {
        const double v = m_eval.perClass[size_t(c)];
        return std::isnan(v) ? 2.0 : v;
    };
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return acc(a) < acc(b); });
    const bool comparing = m_compareEval.numClasses == k && k > 0;
    m_classes->setColumnHidden(2, !comparing);
    m_classes->setColumnHidden(3, !comparing);
    if (comparing) { // the headers say which run is which, and which way the change goes
        m_classes->horizontalHeaderItem(1)->setText(currentRun());
        m_classes->horizontalHeaderItem(2)->setText(compareRun());
        m_classes->horizontalHeaderItem(3)->setText(tr("%1 − %2").arg(currentRun(), compareRun()));
        m_classes->horizontalHeaderItem(3)->setToolTip(
            tr("This run's accuracy minus the compared run's, in percentage points: green where "
               "%1 does better than %2")
                .arg(currentRun(), compareRun()));
    } else {
        m_classes->horizontalHeaderItem(1)->setText(tr("Accuracy"));
    }
    m_classes->setRowCount(m_predictions.empty() ? 0 : k);
    for (int row = 0; row < m_classes->rowCount(); ++row) {
        const int c = order[size_t(row)];
        int confused = -1;
        int64_t most = 0;
        for (int p = 0; p < k; ++p)
            if (p != c && m_eval.confusion[size_t(c * k + p)] > most) {
                most = m_eval.confusion[size_t(c * k + p)];
                confused = p;
            }
        auto *name = new QTableWidgetItem(className(c));
        name->setData(Qt::UserRole, c);
        name->setToolTip(classWnid(c));
        m_classes->setItem(row, 0, name);
        auto *a = new QTableWidgetItem(localeText::percent(m_eval.perClass[size_t(c)]));
        a->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_classes->setItem(row, 1, a);
        if (comparing) {
            const double other = m_compareEval.perClass[size_t(c)];
            auto *b = new QTableWidgetItem(localeText::percent(other));
            b->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_classes->setItem(row, 2, b);
            const double delta = (m_eval.perClass[size_t(c)] - other) * 100; // this run's gain
            auto *d = new QTableWidgetItem(std::isnan(delta)
                                               ? QString()
                                               : (delta >= 0 ? QStringLiteral("+") : QString()) +
                                                     QLocale().toString(delta, 'f', 1));
            d->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (!std::isnan(delta) && std::abs(delta) >= 0.05)
                d->setForeground(delta > 0 ? QColor(0, 128, 0) : QColor(176, 0, 32));
            m_classes->setItem(row, 3, d);
        }
        auto *conf = new QTableWidgetItem(
            confused >= 0 ? tr("%1 (%2)").arg(className(confused)).arg(most) : QString());
        conf->setData(Qt::UserRole, confused);
        m_classes->setItem(row, 4, conf);
    }
}

std::pair<int, int> FailuresPanel::cellAt(const QPoint &pos) const
{
    const int k = m_eval.numClasses;
    if (!m_map || k <= 0 || !m_heatmap->axisRect()->rect().contains(pos))
        return {-1, -1};
    const int p = int(std::lround(m_heatmap->xAxis->pixelToCoord(pos.x())));
    const int t = int(std::lround(m_heatmap->yAxis->pixelToCoord(pos.y())));
    if (p < 0 || p >= k || t < 0 || t >= k)
        return {-1, -1};
    return {t, p};
}

void FailuresPanel::selectCell(int actual, int predicted)
{
    m_actual = actual;
    m_predicted = predicted;
    // Outline the cell.
    for (int i = m_heatmap->itemCount() - 1; i >= 0; --i)
        if (qobject_cast<QCPItemRect *>(m_heatmap->item(i)))
            m_heatmap->removeItem(i);
    if (m_map && actual >= 0) {
        auto *rect = new QCPItemRect(m_heatmap);
        rect->topLeft->setCoords(predicted - 0.5, actual - 0.5);
        rect->bottomRight->setCoords(predicted + 0.5, actual + 0.5);
        rect->setPen(QPen(QColor(230, 120, 0), 3));
        m_heatmap->replot();
    }
    for (int row = 0; row < m_classes->rowCount(); ++row)
        if (m_classes->item(row, 0)->data(Qt::UserRole).toInt() == actual) {
            const QSignalBlocker block(m_classes);
            m_classes->selectRow(row);
        }
    fillImages();
    updateButtons();
}

void FailuresPanel::fillImages()
{
    m_testImages->clear();
    m_trueImages->clear();
    m_predImages->clear();
    Project *project = m_session->project();
    if (!project || m_actual < 0) {
        m_cellTitle->clear();
        m_trueTitle->clear();
        m_predTitle->clear();
        return;
    }
    // The most confident mistakes first: those say most about the data.
    std::vector<const StoredPrediction *> cell;
    for (const StoredPrediction &p : m_predictions)
        if (p.label == m_actual && p.predicted == m_predicted)
            cell.push_back(&p);
    std::stable_sort(cell.begin(), cell.end(),
                     [](const auto *a, const auto *b) { return a->confidence > b->confidence; });
    m_cellTitle->setText(m_actual == m_predicted
                             ? tr("%1 test images of %2 classified correctly")
                                   .arg(cell.size())
                                   .arg(className(m_actual))
                             : tr("%1 test images of %2 classified as %3, most confident first")
                                   .arg(cell.size())
                                   .arg(className(m_actual), className(m_predicted)));
    for (size_t i = 0; i < cell.size() && i < size_t(kMaxTestImages); ++i) {
        const StoredPrediction &p = *cell[i];
        auto *item = new QListWidgetItem(
            thumbnail(QString::fromStdString(project->resolve(p.file).string()), p.record),
            QLocale().toString(p.confidence * 100, 'f', 0) + QStringLiteral(" %"), m_testImages);
        QStringList top5;
        for (int c : p.top5)
            top5 << className(c);
        item->setToolTip(tr("Image %1\nConfidence %2 %\nTop 5: %3")
                             .arg(p.imageId)
                             .arg(QLocale().toString(p.confidence * 100, 'f', 1))
                             .arg(top5.join(QStringLiteral(", "))));
    }
    const auto fillTraining = [&](QListWidget *list, QLabel *title, int cls) {
        const std::vector<TrainingImage> images =
            runTrainingImages(*project, m_info.id, cls, "synthetic", kMaxTrainingImages);
        title->setText(images.empty()
                           ? tr("%1: no synthetic training images in this run").arg(className(cls))
                           : tr("Synthetic training images of %1").arg(className(cls)));
        for (const TrainingImage &t : images) {
            const QString prompt = QString::fromStdString(t.prompt);
            auto *item = new QListWidgetItem(
                thumbnail(QString::fromStdString(project->resolve(t.file).string()), t.record),
                prompt, list);
            item->setToolTip(tr("%1\nfrom %2").arg(prompt, QString::fromStdString(t.dataset)));
        }
    };
    fillTraining(m_trueImages, m_trueTitle, m_actual);
    if (m_predicted != m_actual) {
        fillTraining(m_predImages, m_predTitle, m_predicted);
    } else {
        m_predTitle->clear();
    }
}

void FailuresPanel::updateButtons()
{
    const bool haveClass = m_actual >= 0 && !currentRun().isEmpty();
    m_editPrompt->setEnabled(haveClass);
    m_regenerate->setEnabled(haveClass && m_info.syntheticImages > 0);
    m_retrain->setEnabled(!currentRun().isEmpty());
    if (haveClass) {
        m_editPrompt->setText(tr("Edit Prompt of %1").arg(className(m_actual)));
        m_regenerate->setText(tr("Regenerate %1…").arg(className(m_actual)));
    }
}
