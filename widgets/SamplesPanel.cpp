#include "SamplesPanel.h"
#include "LocaleText.h"

#include "ImageConvert.h"
#include "ModelPicker.h"
#include "ProjectSession.h"
#include "SampleGrid.h"
#include "SampleWorker.h"

#include "data/ImageKind.h"
#include "data/ImageLoader.h"
#include "generation/GenerationJob.h"
#include "project/Project.h"
#include "prompts/PromptTemplate.h"

#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>

using namespace synset;

SamplesPanel::SamplesPanel(ProjectSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_thread(new QThread(this))
    , m_worker(new SampleWorker)
    , m_model(new ModelPicker(this))
    , m_class(new QComboBox(this))
    , m_sampler(new QComboBox(this))
    , m_steps(new QSpinBox(this))
    , m_eta(new QDoubleSpinBox(this))
    , m_seed(new QSpinBox(this))
    , m_seedCount(new QSpinBox(this))
    , m_guidance(new QLineEdit(localeText::numberList({0, 1, 2, 3, 5, 8}), this))
    , m_negative(new QLineEdit(this))
    , m_width(new QSpinBox(this))
    , m_height(new QSpinBox(this))
    , m_prompt(new QLabel(this))
    , m_run(new QPushButton(tr("Generate"), this))
    , m_stop(new QPushButton(tr("Cancel"), this))
    , m_status(new QLabel(this))
    , m_grid(new SampleGrid(this))
{
    setObjectName("SamplesPanel");
    qRegisterMetaType<SampleGridRequest>();
    m_class->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_run->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    m_run->setToolTip(tr("Sample the grid: a column per guidance scale, a row per seed (%1)")
                          .arg(m_run->shortcut().toString(QKeySequence::NativeText)));
    m_steps->setObjectName("steps");
    m_steps->setRange(1, 1000);
    m_steps->setValue(50);
    ModelPicker::setUpEta(m_eta, m_sampler);
    m_seed->setRange(0, INT_MAX);
    m_seedCount->setRange(1, 16);
    m_seedCount->setValue(4);
    m_guidance->setObjectName("guidances");
    m_guidance->setToolTip(
        tr("Guidance scales, one grid column each: 0 is unconditional, 1 conditional"));
    m_negative->setPlaceholderText(tr("e.g. blurry, text, watermark"));
    m_negative->setToolTip(tr("Stable Diffusion: what the images should not show (the "
                              "unconditional half of classifier-free guidance)"));
    for (QSpinBox *box : {m_width, m_height}) {
        box->setRange(8, 4096);
        box->setSingleStep(64);
        box->setSuffix(tr(" px"));
    }
    m_width->setToolTip(tr("Image width; a multiple of 8"));
    m_height->setToolTip(tr("Image height; a multiple of 8"));
    m_prompt->setObjectName("rowPrompts");
    m_prompt->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_prompt->setMinimumWidth(200);
    m_prompt->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_stop->setEnabled(false);
    m_status->setWordWrap(true);

    auto *modelRow = new QHBoxLayout;
    modelRow->addWidget(new QLabel(tr("Model:"), this));
    modelRow->addWidget(m_model, 2);
    modelRow->addWidget(new QLabel(tr("Negative:"), this));
    modelRow->addWidget(m_negative, 1);
    modelRow->addWidget(new QLabel(tr("Size:"), this));
    modelRow->addWidget(m_width);
    modelRow->addWidget(new QLabel(QStringLiteral("×"), this));
    modelRow->addWidget(m_height);
    auto *controls = new QHBoxLayout;
    const auto add = [&](const QString &label, QWidget *w) {
        controls->addWidget(new QLabel(label, this));
        controls->addWidget(w);
    };
    add(tr("Class:"), m_class);
    add(tr("Sampler:"), m_sampler);
    add(tr("Steps:"), m_steps);
    add(tr("Eta:"), m_eta);
    add(tr("Seed:"), m_seed);
    add(tr("Seeds:"), m_seedCount);
    add(tr("Guidance:"), m_guidance);
    controls->addWidget(m_run);
    controls->addWidget(m_stop);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(modelRow);
    layout->addLayout(controls);
    layout->addWidget(m_prompt);
    layout->addWidget(m_grid, 1);
    layout->addWidget(m_status);

    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(this, &SamplesPanel::requestRun, m_worker, &SampleWorker::run, Qt::QueuedConnection);
    connect(m_worker, &SampleWorker::loading, this, [this](int percent, const QString &what) {
        m_status->setText(tr("Loading the generator… %1% (%2)").arg(percent).arg(what));
    });
    connect(m_worker, &SampleWorker::modelInfo, this,
            [this](const QString &hash) { m_modelHash = hash; });
    connect(m_worker, &SampleWorker::preview, this,
            [this](int column, int firstRow, int step, int steps, const QVector<QImage> &images) {
                for (int i = 0; i < images.size(); ++i)
                    if (!images[i].isNull())
                        m_grid->setCell(column, firstRow + i, images[i], step, steps);
                m_status->setText(tr("Guidance %1: step %2 of %3")
                                      .arg(localeText::number(m_grid->guidance(column)))
                                      .arg(step)
                                      .arg(steps));
            });
    connect(m_worker, &SampleWorker::finished, this,
            [this](int column, int firstRow, const QVector<QImage> &images) {
                for (int i = 0; i < images.size(); ++i)
                    m_grid->setCell(column, firstRow + i, images[i], 0, 0);
            });
    connect(m_worker, &SampleWorker::failed, this, [this](const QString &e) {
        m_failed = true;
        m_status->setText(e);
    });
    connect(m_worker, &SampleWorker::done, this, [this] {
        m_running = false;
        m_run->setEnabled(m_model->description() != nullptr);
        m_stop->setEnabled(false);
        m_model->setEnabled(true);
        if (!m_failed && !m_cancelled) {
            const int images = m_grid->columns() * m_grid->rows();
            m_status->setText(
                tr("%1 images in %2 s. Click one for its parameters and \"Add to Dataset\".")
                    .arg(images)
                    .arg(QLocale().toString(m_clock.elapsed() / 1000.0, 'f', 1)));
        }
        emit finished();
    });
    connect(m_run, &QPushButton::clicked, this, &SamplesPanel::generate);
    connect(m_stop, &QPushButton::clicked, this, &SamplesPanel::cancel);
    connect(m_grid, &SampleGrid::cellClicked, this, &SamplesPanel::showCell);
    const auto fillClasses = [this] {
        m_class->clear();
        for (const ClassRow &c : m_session->classRows())
            m_class->addItem(QStringLiteral("%1 (%2)").arg(c.name, c.wnid), c.wnid);
    };
    connect(m_session, &ProjectSession::projectChanged, this, fillClasses);
    fillClasses();
    const auto showPrompt = [this] { showRowPrompts(); };
    connect(m_class, &QComboBox::currentIndexChanged, this, showPrompt);
    connect(m_seed, &QSpinBox::valueChanged, this, showPrompt);
    connect(m_seedCount, &QSpinBox::valueChanged, this, showPrompt);
    connect(m_session, &ProjectSession::promptTemplateChanged, this, showPrompt);
    connect(m_session, &ProjectSession::wordListsChanged, this, showPrompt);
    connect(m_model, &ModelPicker::modelChanged, this, &SamplesPanel::modelChanged);
    modelChanged();
    showPrompt();
    m_thread->start();
}

// Fields follow the model: its samplers and defaults, and the text-model fields only where they
// mean something.
void SamplesPanel::modelChanged()
{
    const GeneratorDescription *d = m_model->description();
    m_run->setEnabled(d && !m_running);
    if (!d) {
        m_status->setText(m_model->summary());
        return;
    }
    m_status->setText(m_model->summary());
    ModelPicker::fillSamplers(m_sampler, *d);
    ModelPicker::takeDefault(m_steps, d->defaultSteps);
    ModelPicker::takeDefault(m_eta, d->defaultEta);
    ModelPicker::enableEta(m_eta, m_sampler);
    for (QWidget *w : {static_cast<QWidget *>(m_negative), static_cast<QWidget *>(m_width),
                       static_cast<QWidget *>(m_height)})
        w->setEnabled(d->textPrompts);
    ModelPicker::takeDefault(m_width, d->width);
    ModelPicker::takeDefault(m_height, d->height);
    m_prompt->setVisible(d->textPrompts);
}

SamplesPanel::~SamplesPanel()
{
    m_worker->cancel();
    m_thread->quit();
    m_thread->wait();
}

void SamplesPanel::setSynset(const QString &wnid)
{
    const int i = m_class->findData(wnid);
    if (i >= 0 && !m_running)
        m_class->setCurrentIndex(i);
}

void SamplesPanel::setModelPath(const QString &path)
{
    m_model->setPath(path);
}

void SamplesPanel::setNegativePrompt(const QString &text)
{
    m_negative->setText(text);
}

void SamplesPanel::setImageSize(int width, int height)
{
    m_width->setValue(width);
    m_height->setValue(height);
}

void SamplesPanel::setSampler(const QString &sampler)
{
    if (const int i = m_sampler->findData(sampler); i >= 0)
        m_sampler->setCurrentIndex(i);
}

void SamplesPanel::setGuidances(const QString &text)
{
    m_guidance->setText(text);
}

void SamplesPanel::setSeeds(int first, int count)
{
    m_seed->setValue(first);
    m_seedCount->setValue(count);
}

void SamplesPanel::setSteps(int steps)
{
    m_steps->setValue(steps);
}

QString SamplesPanel::status() const
{
    return m_status->text();
}

void SamplesPanel::generate()
{
    const GeneratorDescription *model = m_model->description();
    if (m_running || m_class->currentIndex() < 0)
        return;
    if (!model) {
        m_status->setText(m_model->summary());
        return;
    }
    SampleGridRequest r;
    r.modelPath = m_model->path();
    r.wnid = m_class->currentData().toString();
    if (!model->textPrompts && !model->classWnids.empty() &&
        std::find(model->classWnids.begin(), model->classWnids.end(), r.wnid.toStdString()) ==
            model->classWnids.end()) {
        m_status->setText(tr("The generator has no class %1.").arg(r.wnid));
        return;
    }
    QString bad;
    const std::optional<QList<double>> guidances =
        localeText::parseNumberList(m_guidance->text(), &bad);
    if (!guidances) {
        m_status->setText(tr("'%1' is not a guidance scale.").arg(bad));
        return;
    }
    for (double w : *guidances)
        r.guidances << w;
    if (model->textPrompts && (m_width->value() % 8 || m_height->value() % 8)) {
        m_status->setText(tr("Width and height must be multiples of 8."));
        return;
    }
    for (int i = 0; i < m_seedCount->value(); ++i)
        r.seeds << quint64(m_seed->value() + i);
    r.prompts = rowPrompts(r.wnid, int(r.seeds.size()));
    std::tie(r.sampler, r.karras) = ModelPicker::splitSampler(m_sampler->currentData().toString());
    r.steps = m_steps->value();
    r.eta = m_eta->value(); // recorded only for DDIM (a1111Parameters, addGeneratedImage)
    if (model->textPrompts) {
        r.negativePrompt = m_negative->text().trimmed();
        r.width = m_width->value();
        r.height = m_height->value();
    }
    m_gridWnid = r.wnid;
    m_gridSampler = m_sampler->currentData().toString();
    m_gridSteps = r.steps;
    m_gridEta = r.eta;
    m_gridPrompts = r.prompts;
    m_gridNegative = r.negativePrompt;
    m_gridModel = r.modelPath;
    m_gridText = model->textPrompts;
    m_grid->reset(r.guidances, r.seeds);
    m_running = true;
    m_failed = m_cancelled = false;
    m_clock.start();
    m_run->setEnabled(false);
    m_stop->setEnabled(true);
    m_model->setEnabled(false);
    m_status->setText(tr("Loading the generator…"));
    emit requestRun(r);
}

void SamplesPanel::cancel()
{
    if (!m_running)
        return;
    m_worker->cancel();
    m_cancelled = true;
    m_status->setText(tr("Cancelled."));
}

// Each seed row's own prompt: one line when the template expands the same for every row, else
// the rows' prompts in order, with the seed of each in the tooltip.
void SamplesPanel::showRowPrompts()
{
    const int rows = m_seedCount->value();
    const QStringList prompts = rowPrompts(m_class->currentData().toString(), rows);
    QStringList seeded;
    for (int row = 0; row < prompts.size(); ++row)
        seeded << tr("Seed %1: %2").arg(m_seed->value() + row).arg(prompts[row]);
    if (prompts.isEmpty())
        m_prompt->clear();
    else if (prompts.count(prompts[0]) == prompts.size())
        m_prompt->setText(tr("Prompt: %1").arg(prompts[0]));
    else
        m_prompt->setText(tr("Prompts by seed row: %1").arg(prompts.join(QStringLiteral(" · "))));
    m_prompt->setToolTip(tr("The class's prompt template, expanded for each seed row; edit it in "
                            "the prompt editor") +
                         QStringLiteral("\n\n") + seeded.join(QLatin1Char('\n')));
}

// Row r draws the class's template expanded with index r, as image r of a job would.
QStringList SamplesPanel::rowPrompts(const QString &wnid, int rows) const
{
    QStringList out;
    if (!m_session->project() || wnid.isEmpty())
        return out;
    Result<PromptTemplate> t =
        PromptTemplate::parse(m_session->project()->effectiveTemplate(wnid.toStdString()));
    if (!t)
        return out;
    const PromptContext ctx = m_session->promptContext(wnid);
    for (int row = 0; row < rows; ++row)
        out << QString::fromStdString(t->render(ctx, 0, uint64_t(row)));
    return out;
}

// The parameters of a cell come from the grid, not from the fields, which may have been edited
// since it was sampled.
QString SamplesPanel::parametersText(int column, int row) const
{
    const QImage img = m_grid->image(column, row);
    return QString::fromStdString(a1111Parameters(
        m_gridPrompts.value(row).toStdString(), m_gridNegative.toStdString(), m_gridSteps,
        m_gridSampler.toStdString(), m_grid->guidance(column), m_grid->seed(row), img.width(),
        img.height(), m_modelHash.toStdString(), m_gridWnid.toStdString(), m_gridEta));
}

QString SamplesPanel::kindDifference(int column, int row) const
{
    if (!m_session->project())
        return {};
    const std::optional<ImageKind> kind = projectImageKind(*m_session->project());
    const ImageData image = toImageData(m_grid->image(column, row));
    if (!kind || fitsImageKind(*kind, image.width, image.height, image.channels))
        return {};
    return tr("This sample is %1; the project's images are %2.")
        .arg(localeText::describeImageKind({image.width, image.height, image.channels}),
             localeText::describeImageKind(*kind));
}

QString SamplesPanel::addToDataset(int column, int row, bool convert)
{
    if (!m_grid->isFinal(column, row) || !m_session->project())
        return tr("That image is not finished yet.");
    if (const QString difference = kindDifference(column, row); !convert && !difference.isEmpty())
        return difference + QLatin1Char(' ') +
               tr("It is added only converted to the project's kind.");
    SampleProvenance p;
    p.prompt = m_gridPrompts.value(row).toStdString();
    p.negativePrompt = m_gridNegative.toStdString();
    p.seed = m_grid->seed(row);
    p.guidance = m_grid->guidance(column);
    p.sampler = m_gridSampler.toStdString();
    p.steps = m_gridSteps;
    p.eta = m_gridEta;
    p.modelFile = m_gridModel.toStdString();
    p.modelHash = m_modelHash.toStdString();
    Result<int64_t> id = addGeneratedImage(*m_session->project(), m_gridWnid.toStdString(),
                                           toImageData(m_grid->image(column, row)), p, convert);
    if (!id)
        return QString::fromStdString(id.error());
    m_session->notifyImagesChanged();
    return {};
}

// Asks before a sample of another kind is added converted to the project's kind.
static bool confirmConversion(QWidget *parent, const QString &difference)
{
    QMessageBox box(QMessageBox::Question, SamplesPanel::tr("Add to Dataset"),
                    difference + QStringLiteral("\n\n") +
                        SamplesPanel::tr("Convert it to the project's kind (colour to greyscale or "
                                         "back, then resized) and add it?"),
                    QMessageBox::Cancel, parent);
    QPushButton *convert =
        box.addButton(SamplesPanel::tr("Convert and Add"), QMessageBox::AcceptRole);
    box.setDefaultButton(convert);
    box.exec();
    return box.clickedButton() == convert;
}

void SamplesPanel::showCell(int column, int row)
{
    const QImage img = m_grid->image(column, row);
    if (img.isNull())
        return;
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Sample"));
    auto *picture = new QLabel(&dialog);
    // Small images are blown up crisply to about 320 pixels, large ones shown at most 768.
    const int side = std::max(img.width(), img.height());
    const QImage shown =
        side < 320
            ? img.scaled(img.size() * (320 / side), Qt::KeepAspectRatio, Qt::FastTransformation)
        : side > 768 ? img.scaled(QSize(768, 768), Qt::KeepAspectRatio, Qt::SmoothTransformation)
                     : img;
    picture->setPixmap(QPixmap::fromImage(shown));
    auto *params = new QLabel(parametersText(column, row), &dialog);
    params->setTextInteractionFlags(Qt::TextSelectableByMouse);
    params->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    QPushButton *add = buttons->addButton(tr("Add to Dataset"), QDialogButtonBox::ActionRole);
    add->setEnabled(m_grid->isFinal(column, row));
    auto *layout = new QVBoxLayout(&dialog);
    layout->addWidget(picture, 0, Qt::AlignCenter);
    layout->addWidget(params);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    connect(add, &QPushButton::clicked, &dialog, [this, &dialog, add, column, row] {
        const bool convert = !kindDifference(column, row).isEmpty();
        if (convert && !confirmConversion(&dialog, kindDifference(column, row)))
            return;
        const QString error = addToDataset(column, row, convert);
        if (!error.isEmpty()) {
            QMessageBox::warning(&dialog, tr("Add to Dataset"), error);
            return;
        }
        add->setEnabled(false);
        add->setText(tr("Added"));
    });
    dialog.exec();
}
