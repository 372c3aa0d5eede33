#include "RunDialog.h"
#include "LocaleText.h"

#include "ImageConvert.h"
#include "ProjectSession.h"

#include "data/TrainingData.h"

#include "project/Project.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPainter>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace synset;

RunDialog::RunDialog(ProjectSession *session, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
    , m_name(new QLineEdit(this))
    , m_model(new QComboBox(this))
    , m_width(new QSpinBox(this))
    , m_realPercent(new QDoubleSpinBox(this))
    , m_synthetic(new QComboBox(this))
    , m_datasets(new QListWidget(this))
    , m_ratio(new QDoubleSpinBox(this))
    , m_epochs(new QSpinBox(this))
    , m_batch(new QSpinBox(this))
    , m_optimizer(new QComboBox(this))
    , m_lr(new QDoubleSpinBox(this))
    , m_augment(new QComboBox(this))
    , m_smoothing(new QDoubleSpinBox(this))
    , m_seed(new QSpinBox(this))
    , m_summary(new QLabel(this))
    , m_preview(new QLabel(this))
    , m_error(new QLabel(this))
{
    setWindowTitle(tr("New Training Run"));
    m_model->addItem(tr("Small CNN"), QStringLiteral("cnn"));
    m_model->addItem(tr("ResNet-18 (small-image stem)"), QStringLiteral("resnet18"));
    m_model->addItem(tr("ResNet-50 (small-image stem)"), QStringLiteral("resnet50"));
    m_width->setRange(0, 512);
    m_width->setSpecialValueText(tr("usual"));
    m_width->setToolTip(tr("Channels of the first stage; the usual width is 32 for the CNN and "
                           "64 for the ResNets. Narrower models train faster."));
    m_realPercent->setRange(0, 100);
    m_realPercent->setDecimals(1);
    m_realPercent->setSuffix(QStringLiteral(" %"));
    m_realPercent->setValue(100);
    m_realPercent->setToolTip(tr("Share of each class's real training images, picked by the seed"));
    m_synthetic->addItem(tr("None"), QStringLiteral("none"));
    m_synthetic->addItem(tr("All generated (not rejected)"), QStringLiteral("all"));
    m_synthetic->addItem(tr("Accepted only"), QStringLiteral("accepted"));
    m_datasets->setToolTip(tr("Generated sets to draw from; none checked means all of them"));
    m_datasets->setMaximumHeight(90);
    if (Project *p = m_session->project())
        for (const DatasetInfo &d : p->datasets("synthetic")) {
            auto *item = new QListWidgetItem(
                tr("%1 (%2 images)")
                    .arg(QString::fromStdString(d.name), localeText::count(d.images)),
                m_datasets);
            item->setData(Qt::UserRole, QString::fromStdString(d.name));
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(Qt::Unchecked);
        }
    m_ratio->setRange(0, 100);
    m_ratio->setDecimals(2);
    m_ratio->setSpecialValueText(tr("no limit"));
    m_ratio->setToolTip(tr("At most this many synthetic images per real image of a class"));
    m_epochs->setRange(1, 1000);
    m_epochs->setValue(10);
    m_batch->setRange(1, 4096);
    m_batch->setValue(128);
    m_optimizer->addItem(tr("SGD, momentum 0.9"), QStringLiteral("sgd"));
    m_optimizer->addItem(tr("AdamW"), QStringLiteral("adamw"));
    m_lr->setObjectName("learningRate");
    m_lr->setRange(0, 10);
    m_lr->setDecimals(5);
    m_lr->setSingleStep(0.001);
    m_lr->setSpecialValueText(tr("auto"));
    m_lr->setToolTip(tr("Peak learning rate of the cosine schedule; auto is 0.1 x batch/256 for "
                        "SGD and 0.001 for AdamW"));
    m_augment->addItem(tr("DINO-style (crop, flip, jitter, grey, blur, solarize)"),
                       QStringLiteral("dino"));
    m_augment->addItem(tr("Light (crop, flip)"), QStringLiteral("light"));
    m_augment->addItem(tr("None"), QStringLiteral("none"));
    m_augment->setCurrentIndex(m_augment->findData(QStringLiteral("light")));
    m_smoothing->setObjectName("labelSmoothing");
    m_smoothing->setRange(0, 0.5);
    m_smoothing->setSingleStep(0.05);
    m_smoothing->setValue(0.1);
    m_seed->setRange(0, 1 << 30);
    m_summary->setWordWrap(true);
    m_preview->setToolTip(tr("Real training images as one batch sees them with this augmentation"));
    if (Project *p = m_session->project()) {
        // One real training image of each of the first classes.
        const std::vector<int64_t> ids = p->firstImagePerClass("real", "train", 10);
        if (!ids.empty())
            if (Result<ImageSet> images = loadImagesById(*p, ids))
                m_previewImages = std::move(*images);
    }
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00020"));
    m_error->hide();

    auto *data = new QGroupBox(tr("Data"), this);
    auto *dataForm = new QFormLayout(data);
    dataForm->addRow(tr("Real images:"), m_realPercent);
    dataForm->addRow(tr("Synthetic images:"), m_synthetic);
    dataForm->addRow(tr("From sets:"), m_datasets);
    dataForm->addRow(tr("Synthetic per real:"), m_ratio);
    auto *model = new QGroupBox(tr("Model and optimisation"), this);
    auto *modelForm = new QFormLayout(model);
    modelForm->addRow(tr("Model:"), m_model);
    modelForm->addRow(tr("Width:"), m_width);
    modelForm->addRow(tr("Epochs:"), m_epochs);
    modelForm->addRow(tr("Batch size:"), m_batch);
    modelForm->addRow(tr("Optimizer:"), m_optimizer);
    modelForm->addRow(tr("Learning rate:"), m_lr);
    modelForm->addRow(tr("Augmentation:"), m_augment);
    modelForm->addRow(tr("Label smoothing:"), m_smoothing);
    modelForm->addRow(tr("Seed:"), m_seed);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Start Training"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *top = new QFormLayout;
    top->addRow(tr("Run name:"), m_name);
    auto *columns = new QHBoxLayout;
    columns->addWidget(data);
    columns->addWidget(model);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(columns);
    layout->addWidget(m_preview);
    layout->addWidget(m_summary);
    layout->addWidget(m_error);
    layout->addWidget(buttons);

    const auto changed = [this] { updateSummary(); };
    connect(m_realPercent, &QDoubleSpinBox::valueChanged, this, changed);
    connect(m_synthetic, &QComboBox::currentIndexChanged, this, changed);
    connect(m_datasets, &QListWidget::itemChanged, this, changed);
    connect(m_ratio, &QDoubleSpinBox::valueChanged, this, changed);
    connect(m_seed, &QSpinBox::valueChanged, this, changed);
    connect(m_augment, &QComboBox::currentIndexChanged, this, &RunDialog::updatePreview);
    connect(m_seed, &QSpinBox::valueChanged, this, &RunDialog::updatePreview);
    updateSummary();
    updatePreview();
}

QString RunDialog::runName() const
{
    return m_name->text().trimmed();
}

void RunDialog::setRunName(const QString &name)
{
    m_name->setText(name);
}

RunConfig RunDialog::config() const
{
    RunConfig c;
    ClassifierTrainOptions &t = c.train;
    t.model = m_model->currentData().toString().toStdString();
    t.width = m_width->value();
    t.epochs = m_epochs->value();
    t.batchSize = m_batch->value();
    t.optimizer = m_optimizer->currentData().toString().toStdString();
    t.learningRate = m_lr->value();
    t.augmentation = m_augment->currentData().toString().toStdString();
    t.labelSmoothing = m_smoothing->value();
    t.seed = uint64_t(m_seed->value());
    c.realFraction = m_realPercent->value() / 100.0;
    c.synthetic = m_synthetic->currentData().toString().toStdString();
    for (int i = 0; i < m_datasets->count(); ++i)
        if (m_datasets->item(i)->checkState() == Qt::Checked)
            c.syntheticDatasets.push_back(
                m_datasets->item(i)->data(Qt::UserRole).toString().toStdString());
    c.syntheticRatio = m_ratio->value();
    return c;
}

void RunDialog::setConfig(const RunConfig &c)
{
    const auto select = [](QComboBox *box, const std::string &value) {
        const int i = box->findData(QString::fromStdString(value));
        if (i >= 0)
            box->setCurrentIndex(i);
    };
    select(m_model, c.train.model);
    m_width->setValue(c.train.width);
    m_epochs->setValue(c.train.epochs);
    m_batch->setValue(c.train.batchSize);
    select(m_optimizer, c.train.optimizer);
    m_lr->setValue(c.train.learningRate);
    select(m_augment, c.train.augmentation);
    m_smoothing->setValue(c.train.labelSmoothing);
    m_seed->setValue(int(c.train.seed));
    m_realPercent->setValue(c.realFraction * 100);
    select(m_synthetic, c.synthetic);
    for (int i = 0; i < m_datasets->count(); ++i) {
        const std::string name = m_datasets->item(i)->data(Qt::UserRole).toString().toStdString();
        const bool on = std::find(c.syntheticDatasets.begin(), c.syntheticDatasets.end(), name) !=
                        c.syntheticDatasets.end();
        m_datasets->item(i)->setCheckState(on ? Qt::Checked : Qt::Unchecked);
    }
    m_ratio->setValue(c.syntheticRatio);
    updateSummary();
}

void RunDialog::setError(const QString &error)
{
    m_error->setText(error);
    m_error->setVisible(!error.isEmpty());
}

void RunDialog::updatePreview()
{
    const ImageSet &source = m_previewImages;
    if (source.count() == 0) {
        m_preview->hide();
        return;
    }
    Result<ImageSet> views = augmentPreview(
        source, m_augment->currentData().toString().toStdString(), uint64_t(m_seed->value()));
    if (!views)
        return;
    // Originals on the first row, their augmented views below, each shown at 2x.
    const int w = source.width, h = source.height, c = source.channels, n = int(source.count());
    const int scale = std::max(1, 56 / std::max(w, h));
    QImage sheet(n * (w * scale + 4), 2 * (h * scale + 4), QImage::Format_RGB32);
    sheet.fill(palette().window().color());
    QPainter painter(&sheet);
    const size_t size = size_t(w) * h * c;
    for (int row = 0; row < 2; ++row) {
        const ImageSet &set = row == 0 ? source : *views;
        for (int i = 0; i < n; ++i) {
            // Planar CHW to packed HWC.
            std::vector<uint8_t> packed(size);
            for (int ch = 0; ch < c; ++ch)
                for (int p = 0; p < w * h; ++p)
                    packed[size_t(p * c + ch)] =
                        set.pixels[size_t(i) * size + size_t(ch * w * h + p)];
            const QImage image = toQImage(w, h, c, packed.data());
            painter.drawImage(
                QRect(i * (w * scale + 4), row * (h * scale + 4), w * scale, h * scale), image);
        }
    }
    painter.end();
    m_preview->setPixmap(QPixmap::fromImage(sheet));
}

void RunDialog::updateSummary()
{
    m_datasets->setEnabled(m_synthetic->currentIndex() > 0);
    m_ratio->setEnabled(m_synthetic->currentIndex() > 0);
    Project *p = m_session->project();
    if (!p)
        return;
    Result<DataMix> mix = selectTrainingImages(*p, config());
    if (!mix) {
        m_summary->setText(QString::fromStdString(mix.error()));
        return;
    }
    qint64 real = 0, synth = 0;
    for (int64_t n : mix->realPerClass)
        real += n;
    for (int64_t n : mix->syntheticPerClass)
        synth += n;
    m_summary->setText(tr("Trains on %1 real and %2 synthetic images (%3).")
                           .arg(QLocale().toString(real), QLocale().toString(synth),
                                localeText::describeData(config())));
}
