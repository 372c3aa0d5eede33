#include "SamplesPanel.h"

#include "ImageConvert.h"
#include "ProjectSession.h"
#include "SampleGrid.h"
#include "SampleWorker.h"

#include "generation/GenerationJob.h"
#include "project/Project.h"
#include "prompts/PromptTemplate.h"

#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHBoxLayout>
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
    , m_class(new QComboBox(this))
    , m_sampler(new QComboBox(this))
    , m_steps(new QSpinBox(this))
    , m_seed(new QSpinBox(this))
    , m_seedCount(new QSpinBox(this))
    , m_guidance(new QLineEdit(QStringLiteral("0, 1, 2, 3, 5, 8"), this))
    , m_run(new QPushButton(tr("Generate"), this))
    , m_stop(new QPushButton(tr("Cancel"), this))
    , m_status(new QLabel(this))
    , m_grid(new SampleGrid(this))
    , m_modelPath(QString::fromStdString(defaultGeneratorPath().string()))
{
    setObjectName("SamplesPanel");
    qRegisterMetaType<SampleGridRequest>();
    m_class->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_sampler->addItem(QStringLiteral("DDIM"), "ddim");
    m_sampler->addItem(QStringLiteral("DPM++ 2M"), "dpmpp2m");
    m_sampler->addItem(QStringLiteral("DDPM"), "ddpm");
    m_steps->setRange(1, 1000);
    m_steps->setValue(50);
    m_seed->setRange(0, INT_MAX);
    m_seedCount->setRange(1, 16);
    m_seedCount->setValue(4);
    m_guidance->setToolTip(
        tr("Guidance scales, one grid column each: 0 is unconditional, 1 conditional"));
    m_stop->setEnabled(false);
    m_status->setWordWrap(true);

    auto *controls = new QHBoxLayout;
    const auto add = [&](const QString &label, QWidget *w) {
        controls->addWidget(new QLabel(label, this));
        controls->addWidget(w);
    };
    add(tr("Class:"), m_class);
    add(tr("Sampler:"), m_sampler);
    add(tr("Steps:"), m_steps);
    add(tr("Seed:"), m_seed);
    add(tr("Seeds:"), m_seedCount);
    add(tr("Guidance:"), m_guidance);
    controls->addWidget(m_run);
    controls->addWidget(m_stop);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(m_grid, 1);
    layout->addWidget(m_status);

    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(this, &SamplesPanel::requestRun, m_worker, &SampleWorker::run, Qt::QueuedConnection);
    connect(m_worker, &SampleWorker::modelInfo, this,
            [this](const QString &hash, const QStringList &wnids, int, double, const QString &) {
                m_modelHash = hash;
                m_modelWnids = wnids;
            });
    connect(m_worker, &SampleWorker::preview, this,
            [this](int column, int step, int steps, const QVector<QImage> &images) {
                for (int row = 0; row < images.size(); ++row)
                    m_grid->setCell(column, row, images[row], step, steps);
                m_status->setText(tr("Guidance %1: step %2 of %3")
                                      .arg(m_grid->guidance(column))
                                      .arg(step)
                                      .arg(steps));
            });
    connect(m_worker, &SampleWorker::finished, this,
            [this](int column, const QVector<QImage> &images) {
                for (int row = 0; row < images.size(); ++row)
                    m_grid->setCell(column, row, images[row], 0, 0);
            });
    connect(m_worker, &SampleWorker::failed, this, [this](const QString &e) {
        m_failed = true;
        m_status->setText(e);
    });
    connect(m_worker, &SampleWorker::done, this, [this] {
        m_running = false;
        m_run->setEnabled(true);
        m_stop->setEnabled(false);
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
    m_thread->start();
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
    m_modelPath = path;
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
    if (m_running || m_class->currentIndex() < 0)
        return;
    SampleGridRequest r;
    r.modelPath = m_modelPath;
    const QString wnid = m_class->currentData().toString();
    // The model's class index for the synset; the worker reports the model's classes once loaded,
    // and the default model follows Fashion-MNIST's order, the project's too.
    r.classIndex =
        m_modelWnids.isEmpty() ? m_class->currentIndex() : int(m_modelWnids.indexOf(wnid));
    if (r.classIndex < 0) {
        m_status->setText(tr("The generator has no class %1.").arg(wnid));
        return;
    }
    for (const QString &part : m_guidance->text().split(',', Qt::SkipEmptyParts)) {
        bool ok = false;
        const double w = part.trimmed().toDouble(&ok);
        if (!ok) {
            m_status->setText(tr("'%1' is not a guidance scale.").arg(part.trimmed()));
            return;
        }
        r.guidances << w;
    }
    for (int i = 0; i < m_seedCount->value(); ++i)
        r.seeds << quint64(m_seed->value() + i);
    r.sampler = m_sampler->currentData().toString();
    r.steps = m_steps->value();
    m_gridWnid = wnid;
    m_gridSampler = r.sampler;
    m_gridSteps = r.steps;
    m_grid->reset(r.guidances, r.seeds);
    m_running = true;
    m_failed = m_cancelled = false;
    m_clock.start();
    m_run->setEnabled(false);
    m_stop->setEnabled(true);
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

QString SamplesPanel::gridPrompt() const
{
    Result<PromptTemplate> t = PromptTemplate::parse(
        m_session->project() ? m_session->project()->effectiveTemplate(m_gridWnid.toStdString())
                             : std::string("{name}"));
    return t ? QString::fromStdString(t->render(m_session->promptContext(m_gridWnid), 0, 0))
             : QString();
}

// The parameters of a cell come from the grid, not from the fields, which may have been edited
// since it was sampled.
QString SamplesPanel::parametersText(int column, int row) const
{
    const QImage img = m_grid->image(column, row);
    return QString::fromStdString(
        a1111Parameters(gridPrompt().toStdString(), {}, m_gridSteps, m_gridSampler.toStdString(),
                        m_grid->guidance(column), m_grid->seed(row), img.width(), img.height(),
                        m_modelHash.toStdString(), m_gridWnid.toStdString()));
}

QString SamplesPanel::addToDataset(int column, int row)
{
    if (!m_grid->isFinal(column, row) || !m_session->project())
        return tr("That image is not finished yet.");
    SampleProvenance p;
    p.prompt = gridPrompt().toStdString();
    p.seed = m_grid->seed(row);
    p.guidance = m_grid->guidance(column);
    p.sampler = m_gridSampler.toStdString();
    p.steps = m_gridSteps;
    p.modelFile = m_modelPath.toStdString();
    p.modelHash = m_modelHash.toStdString();
    Result<int64_t> id = addGeneratedImage(*m_session->project(), m_gridWnid.toStdString(),
                                           toImageData(m_grid->image(column, row)), p);
    if (!id)
        return QString::fromStdString(id.error());
    m_session->notifyImagesChanged();
    return {};
}

void SamplesPanel::showCell(int column, int row)
{
    const QImage img = m_grid->image(column, row);
    if (img.isNull())
        return;
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Sample"));
    auto *picture = new QLabel(&dialog);
    picture->setPixmap(QPixmap::fromImage(img.scaled(img.width() * 10, img.height() * 10,
                                                     Qt::KeepAspectRatio, Qt::FastTransformation)));
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
        const QString error = addToDataset(column, row);
        if (!error.isEmpty()) {
            QMessageBox::warning(&dialog, tr("Add to Dataset"), error);
            return;
        }
        add->setEnabled(false);
        add->setText(tr("Added"));
    });
    dialog.exec();
}
