#include "ModelPicker.h"
#include "LocaleText.h"

#include "common/Guard.h"
#include "generation/GenerationJob.h"

#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QMenu>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalBlocker>
#include <QToolButton>
#include <QtConcurrent/QtConcurrentRun>

using namespace synset;

namespace {
constexpr const char *kRecentKey = "generators/recent";
constexpr const char *kCurrentKey = "generators/current";

QString displayName(const QString &path)
{
    if (path == ModelPicker::builtinPath())
        return ModelPicker::tr("Built-in Fashion-MNIST generator");
    const QFileInfo fi(path);
    return QStringLiteral("%1 — %2").arg(fi.fileName(), QDir::toNativeSeparators(fi.path()));
}
} // namespace

ModelPicker::ModelPicker(QWidget *parent)
    : QWidget(parent)
    , m_combo(new QComboBox(this))
    , m_browse(new QToolButton(this))
{
    setObjectName("ModelPicker");
    m_combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_combo->setMinimumContentsLength(28);
    m_combo->setToolTip(tr("The generator: the built-in class-conditional model, or a Stable "
                           "Diffusion 1.x folder or .safetensors checkpoint"));
    m_browse->setText(tr("Open…"));
    m_browse->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(m_browse);
    menu->addAction(tr("Stable Diffusion Folder (diffusers)…"), this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Stable Diffusion Folder"),
                                                              QFileInfo(m_path).absolutePath());
        if (!dir.isEmpty())
            setPath(dir);
    });
    menu->addAction(tr("Checkpoint or Model File…"), this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Generator Model"),
                                                          QFileInfo(m_path).absolutePath(),
                                                          tr("Models (*.safetensors)"));
        if (!file.isEmpty())
            setPath(file);
    });
    m_browse->setMenu(menu);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_combo, 1);
    layout->addWidget(m_browse);

    connect(m_combo, &QComboBox::activated, this,
            [this](int index) { setPath(m_combo->itemData(index).toString()); });
    setPath(currentModel());
}

QString ModelPicker::builtinPath()
{
    return QString::fromStdString(defaultGeneratorPath().string());
}

QStringList ModelPicker::rememberedModels()
{
    QStringList list = QSettings().value(kRecentKey).toStringList();
    list.removeAll(builtinPath());
    list << builtinPath();
    return list;
}

QString ModelPicker::currentModel()
{
    const QString current = QSettings().value(kCurrentKey).toString();
    return current.isEmpty() ? builtinPath() : current;
}

QString ModelPicker::path() const
{
    return m_path;
}

const GeneratorDescription *ModelPicker::description() const
{
    return m_description ? &*m_description : nullptr;
}

QString ModelPicker::summary() const
{
    if (m_reading)
        return tr("Reading %1…").arg(QDir::toNativeSeparators(m_path));
    if (!m_description)
        return m_error;
    return tr("%1; hash %2")
        .arg(describeModel(*m_description), QString::fromStdString(m_description->hash));
}

// The model in one line, in the user's language.
// Core's architecture line ("UNet 320/640 x2, heads 8, context 768; VAE 128/256, 4 latent
// channels; CLIP 12 layers x 768, 12 heads") with its words in the user's language; the component
// names stay as they are.
static QString architectureText(const std::string &architecture)
{
    static const char *const words[] = {
        QT_TRANSLATE_NOOP("ModelPicker", "latent channels"),
        QT_TRANSLATE_NOOP("ModelPicker", "context"),
        QT_TRANSLATE_NOOP("ModelPicker", "layers"),
        QT_TRANSLATE_NOOP("ModelPicker", "heads"),
    };
    QString text = QString::fromStdString(architecture);
    for (const char *word : words)
        text.replace(QRegularExpression(QStringLiteral("\\b%1\\b").arg(QLatin1String(word))),
                     ModelPicker::tr(word));
    return text;
}

QString ModelPicker::describeModel(const GeneratorDescription &d)
{
    const QString size = QStringLiteral("%1×%2").arg(d.width).arg(d.height);
    if (d.textPrompts) {
        static const char *const formats[] = {
            QT_TR_NOOP("diffusers folder"),
            QT_TR_NOOP("single-file LDM checkpoint"),
        };
        QString format = QString::fromStdString(d.format);
        for (const char *known : formats)
            if (d.format == known)
                format = tr(known);
        return tr("Stable Diffusion, %1, %2 (%3)")
            .arg(format, size, architectureText(d.architecture));
    }
    const QString channels = d.channels == 1   ? tr("greyscale")
                             : d.channels == 3 ? tr("colour")
                                               : tr("%1 channels").arg(d.channels);
    return tr("%1 classes, %2, %3, %4 parameters")
        .arg(localeText::count(qint64(d.classWnids.size())), size, channels,
             localeText::count(d.parameters));
}

void ModelPicker::setPath(const QString &path)
{
    const QString cleaned = QDir::cleanPath(path);
    m_path = cleaned;
    m_description.reset();
    m_error.clear();
    m_reading = true;
    const int request = ++m_request;
    refill();
    emit modelChanged(cleaned); // picked; description() follows
    using Described = Result<GeneratorDescription>;
    auto *watcher = new QFutureWatcher<Described>(this);
    connect(watcher, &QFutureWatcher<Described>::finished, this, [this, watcher, request, cleaned] {
        watcher->deleteLater();
        if (request == m_request) // else another model was picked meanwhile
            adopt(cleaned, watcher->result());
    });
    watcher->setFuture(QtConcurrent::run([file = cleaned.toStdString()]() -> Described {
        Described d = makeError(file + ": not read");
        if (std::optional<std::string> error = catchAll(file, [&] { d = describeGenerator(file); }))
            d = makeError(*error);
        return d;
    }));
}

void ModelPicker::adopt(const QString &cleaned, Result<GeneratorDescription> d)
{
    m_reading = false;
    if (d) {
        m_description = std::move(*d);
        m_error.clear();
        // Only usable models are remembered.
        QSettings settings;
        QStringList recent = settings.value(kRecentKey).toStringList();
        recent.removeAll(cleaned);
        if (cleaned != builtinPath())
            recent.prepend(cleaned);
        while (recent.size() > kMaxRecent)
            recent.removeLast();
        settings.setValue(kRecentKey, recent);
        settings.setValue(kCurrentKey, cleaned);
    } else {
        m_description.reset();
        m_error = QString::fromStdString(d.error());
    }
    refill();
    emit modelChanged(cleaned);
}

void ModelPicker::refill()
{
    const QSignalBlocker block(m_combo);
    m_combo->clear();
    QStringList paths = rememberedModels();
    if (!paths.contains(m_path))
        paths.prepend(m_path);
    for (const QString &p : paths) {
        m_combo->addItem(displayName(p), p);
        m_combo->setItemData(m_combo->count() - 1, QDir::toNativeSeparators(p), Qt::ToolTipRole);
    }
    m_combo->setCurrentIndex(m_combo->findData(m_path));
}

void ModelPicker::fillSamplers(QComboBox *box, const GeneratorDescription &model)
{
    const QString previous = box->currentData().toString();
    const QSignalBlocker block(box);
    box->clear();
    for (const std::string &s : model.samplers) {
        box->addItem(QString::fromStdString(samplerDisplayName(s)), QString::fromStdString(s));
        // Karras sigmas for the samplers that step in sigma.
        if (model.textPrompts && s == "dpmpp2m")
            box->addItem(QString::fromStdString(samplerDisplayName(s + "-karras")),
                         QString::fromStdString(s + "-karras"));
    }
    int index = box->findData(previous);
    if (index < 0)
        index = box->findData(QString::fromStdString(model.defaultSampler));
    box->setCurrentIndex(std::max(0, index));
}

std::pair<QString, bool> ModelPicker::splitSampler(const QString &choice)
{
    static const QString karras = QStringLiteral("-karras");
    if (choice.endsWith(karras))
        return {choice.chopped(karras.size()), true};
    return {choice, false};
}

void ModelPicker::setUpEta(QDoubleSpinBox *eta, QComboBox *sampler)
{
    eta->setRange(0, 1);
    eta->setSingleStep(0.25);
    eta->setDecimals(2);
    eta->setToolTip(tr("DDIM's eta: 0 is deterministic, 1 draws fresh noise at every step. The "
                       "built-in generator's images are cleaner at 1"));
    connect(sampler, &QComboBox::currentIndexChanged, eta,
            [eta, sampler] { enableEta(eta, sampler); });
    enableEta(eta, sampler);
}

void ModelPicker::enableEta(QDoubleSpinBox *eta, const QComboBox *sampler)
{
    eta->setEnabled(sampler->currentData().toString() == QLatin1String("ddim"));
}
