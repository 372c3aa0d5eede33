#include "GenerationJobDialog.h"

#include "LocaleText.h"
#include "ModelPicker.h"
#include "ProjectSession.h"

#include "generation/GenerationPlan.h"
#include "project/Project.h"
#include "prompts/PromptTemplate.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace synset;

GenerationJobDialog::GenerationJobDialog(ProjectSession *session, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
    , m_name(new QLineEdit(this))
    , m_model(new ModelPicker(this))
    , m_modelInfo(new QLabel(this))
    , m_classes(new QListWidget(this))
    , m_perClass(new QSpinBox(this))
    , m_template(new QComboBox(this))
    , m_guidance(new QDoubleSpinBox(this))
    , m_sampler(new QComboBox(this))
    , m_steps(new QSpinBox(this))
    , m_eta(new QDoubleSpinBox(this))
    , m_seed(new QSpinBox(this))
    , m_batch(new QSpinBox(this))
    , m_negative(new QLineEdit(this))
    , m_width(new QSpinBox(this))
    , m_height(new QSpinBox(this))
    , m_convert(new QCheckBox(this))
    , m_form(new QFormLayout)
    , m_error(new QLabel(this))
{
    setWindowTitle(tr("New Generation Job"));
    setObjectName("GenerationJobDialog");

    // A free name: generation-1, generation-2, ...
    // Jobs and cluster plans share their names (each makes the dataset gen-NAME).
    if (Project *p = m_session->project()) {
        for (const GenerationJobInfo &j : generationJobs(*p))
            m_takenNames << QString::fromStdString(j.name);
        for (const GenerationPlanInfo &plan : generationPlans(*p))
            m_takenNames << QString::fromStdString(plan.frozen.name);
    }
    for (int i = 1;; ++i)
        if (const QString n = QStringLiteral("generation-%1").arg(i); !m_takenNames.contains(n)) {
            m_name->setText(n);
            break;
        }

    if (Project *p = m_session->project())
        m_projectKind = projectImageKind(*p);
    m_modelInfo->setWordWrap(true);
    m_model->setMinimumWidth(420);

    for (const ClassRow &c : m_session->classRows()) {
        auto *item = new QListWidgetItem(QStringLiteral("%1  %2").arg(c.wnid, c.name), m_classes);
        item->setData(Qt::UserRole, c.wnid);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Checked);
    }
    auto *all = new QPushButton(tr("All"), this);
    auto *none = new QPushButton(tr("None"), this);
    auto *classButtons = new QHBoxLayout;
    classButtons->addWidget(all);
    classButtons->addWidget(none);
    classButtons->addStretch();

    m_perClass->setRange(1, 10'000'000);
    m_perClass->setValue(100);
    m_perClass->setGroupSeparatorShown(true);
    m_template->addItem(tr("Each class's own template"), QString());
    for (const BuiltinTemplate &b : PromptTemplate::builtins()) {
        m_template->addItem(QString::fromStdString(b.name), QString::fromStdString(b.body));
        m_template->setItemData(m_template->count() - 1, QString::fromStdString(b.body),
                                Qt::ToolTipRole);
    }
    m_template->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_template->setMinimumContentsLength(24);
    m_template->setToolTip(
        tr("Copied into the job when it is made: later template edits do not change it"));
    m_guidance->setObjectName("guidance");
    m_guidance->setRange(0, 50);
    m_guidance->setSingleStep(0.25);
    m_guidance->setDecimals(2);
    m_steps->setRange(1, 1000);
    ModelPicker::setUpEta(m_eta, m_sampler);
    m_seed->setRange(0, INT_MAX);
    m_batch->setRange(1, 1024);
    m_batch->setValue(64);
    m_batch->setToolTip(tr("Images per forward pass; the images do not depend on it"));
    m_negative->setPlaceholderText(tr("e.g. blurry, text, watermark"));
    m_negative->setToolTip(tr("Stable Diffusion: what no image should show"));
    for (QSpinBox *box : {m_width, m_height}) {
        box->setRange(8, 4096);
        box->setSingleStep(64);
        box->setSuffix(tr(" px"));
    }
    auto *sizeRow = new QHBoxLayout;
    sizeRow->addWidget(m_width);
    sizeRow->addWidget(new QLabel(QStringLiteral("×"), this));
    sizeRow->addWidget(m_height);
    sizeRow->addStretch();
    m_convert->setObjectName("convertToProjectKind");
    m_convert->setToolTip(tr("Each image is converted (colour to greyscale or back, then resized) "
                             "before it is stored; its provenance says so"));
    m_name->setObjectName("name");
    m_error->setObjectName("error");
    m_error->setStyleSheet(QStringLiteral("color: #b00020"));
    m_error->setWordWrap(true);

    QFormLayout *form = m_form;
    form->addRow(tr("Name:"), m_name);
    form->addRow(tr("Model:"), m_model);
    form->addRow(QString(), m_modelInfo);
    form->addRow(tr("Classes:"), m_classes);
    form->addRow(QString(), classButtons);
    form->addRow(tr("Images per class:"), m_perClass);
    form->addRow(tr("Prompt template:"), m_template);
    form->addRow(tr("Guidance scale:"), m_guidance);
    form->addRow(tr("Sampler:"), m_sampler);
    form->addRow(tr("Steps:"), m_steps);
    form->addRow(tr("Eta (DDIM):"), m_eta);
    form->addRow(tr("Seed:"), m_seed);
    form->addRow(tr("Batch size:"), m_batch);
    form->addRow(tr("Negative prompt:"), m_negative);
    form->addRow(tr("Image size:"), sizeRow);
    form->addRow(QString(), m_convert);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Queue Job"));
    QPushButton *plan =
        buttons->addButton(tr("Plan for a Slurm Cluster…"), QDialogButtonBox::ActionRole);
    plan->setObjectName("clusterPlan");
    plan->setToolTip(tr("Cut the job into shards that Slurm array tasks make on other hosts, "
                        "then merge"));
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::accepted, this, &GenerationJobDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(plan, &QPushButton::clicked, this, [this] {
        m_clusterPlan = true;
        accept();
        if (result() != QDialog::Accepted)
            m_clusterPlan = false;
    });
    connect(all, &QPushButton::clicked, this, [this] { setCheckedClasses({QStringLiteral("*")}); });
    connect(none, &QPushButton::clicked, this, [this] { setCheckedClasses({}); });
    connect(m_model, &ModelPicker::modelChanged, this, &GenerationJobDialog::modelChanged);
    for (QSpinBox *box : {m_width, m_height})
        connect(box, &QSpinBox::valueChanged, this, &GenerationJobDialog::updateConversion);
    modelChanged();
}

void GenerationJobDialog::setModelPath(const QString &path)
{
    m_model->setPath(path);
}

void GenerationJobDialog::setNegativePrompt(const QString &text)
{
    m_negative->setText(text);
}

void GenerationJobDialog::setImageSize(int width, int height)
{
    m_width->setValue(width);
    m_height->setValue(height);
}

void GenerationJobDialog::setCheckedClasses(const QStringList &wnids)
{
    const bool everything = wnids == QStringList{QStringLiteral("*")};
    for (int i = 0; i < m_classes->count(); ++i) {
        QListWidgetItem *item = m_classes->item(i);
        if (item->flags() & Qt::ItemIsEnabled)
            item->setCheckState(everything || wnids.contains(item->data(Qt::UserRole).toString())
                                    ? Qt::Checked
                                    : Qt::Unchecked);
    }
}

void GenerationJobDialog::setPerClass(int n)
{
    m_perClass->setValue(n);
}

void GenerationJobDialog::setError(const QString &error)
{
    m_error->setText(error);
}

void GenerationJobDialog::modelChanged()
{
    // The description comes from the model's headers; nothing is loaded here.
    m_modelInfo->setText(m_model->summary());
    const GeneratorDescription *info = m_model->description();
    updateConversion();
    if (!info)
        return;
    ModelPicker::takeDefault(m_guidance, info->defaultGuidance);
    ModelPicker::fillSamplers(m_sampler, *info);
    m_sampler->setCurrentIndex(
        std::max(0, m_sampler->findData(QString::fromStdString(info->defaultSampler))));
    ModelPicker::takeDefault(m_steps, info->defaultSteps);
    ModelPicker::takeDefault(m_eta, info->defaultEta);
    ModelPicker::enableEta(m_eta, m_sampler);
    ModelPicker::takeDefault(m_batch, info->defaultBatch);
    for (QWidget *w : {static_cast<QWidget *>(m_negative), static_cast<QWidget *>(m_width),
                       static_cast<QWidget *>(m_height)})
        w->setEnabled(info->textPrompts);
    ModelPicker::takeDefault(m_width, info->width);
    ModelPicker::takeDefault(m_height, info->height);
    // A class model's other classes are shown but cannot be chosen; a text model makes any.
    for (int i = 0; i < m_classes->count(); ++i) {
        QListWidgetItem *item = m_classes->item(i);
        const std::string wnid = item->data(Qt::UserRole).toString().toStdString();
        const bool known = info->textPrompts ||
                           std::find(info->classWnids.begin(), info->classWnids.end(), wnid) !=
                               info->classWnids.end();
        const bool wasEnabled = item->flags() & Qt::ItemIsEnabled;
        item->setFlags(known ? item->flags() | Qt::ItemIsEnabled
                             : item->flags() & ~Qt::ItemIsEnabled);
        if (!known)
            item->setCheckState(Qt::Unchecked);
        else if (!wasEnabled)
            item->setCheckState(Qt::Checked);
    }
    updateConversion();
}

std::optional<ImageKind> GenerationJobDialog::madeKind() const
{
    const GeneratorDescription *info = m_model->description();
    if (!info)
        return std::nullopt;
    GenerationConfig sized;
    sized.width = m_width->value();
    sized.height = m_height->value();
    return generatedImageKind(sized, *info);
}

bool GenerationJobDialog::needsConversion() const
{
    const std::optional<ImageKind> made = madeKind();
    return made && m_projectKind &&
           !fitsImageKind(*m_projectKind, made->width, made->height, made->channels);
}

void GenerationJobDialog::updateConversion()
{
    m_form->setRowVisible(m_convert, needsConversion());
    if (needsConversion())
        m_convert->setText(tr("Convert the %1 images to the project's kind: %2")
                               .arg(localeText::describeImageKind(*madeKind()),
                                    localeText::describeImageKind(*m_projectKind)));
}

QString GenerationJobDialog::jobName() const
{
    return m_name->text().trimmed();
}

GenerationConfig GenerationJobDialog::config() const
{
    GenerationConfig c;
    for (int i = 0; i < m_classes->count(); ++i)
        if (m_classes->item(i)->checkState() == Qt::Checked)
            c.wnids.push_back(m_classes->item(i)->data(Qt::UserRole).toString().toStdString());
    c.perClass = m_perClass->value();
    c.guidance = m_guidance->value();
    const auto [sampler, karras] = ModelPicker::splitSampler(m_sampler->currentData().toString());
    c.sampler = sampler.toStdString();
    c.karras = karras;
    c.steps = m_steps->value();
    c.eta = m_eta->value(); // kept only for DDIM (createGenerationJob)
    c.seed = uint64_t(m_seed->value());
    c.batchSize = m_batch->value();
    c.model = m_model->path().toStdString();
    if (const GeneratorDescription *info = m_model->description()) {
        c.modelHash = info->hash;
        if (info->textPrompts) {
            c.negativePrompt = m_negative->text().trimmed().toStdString();
            c.width = m_width->value();
            c.height = m_height->value();
        }
    }
    c.convertToProjectKind = needsConversion() && m_convert->isChecked();
    if (const QString body = m_template->currentData().toString(); !body.isEmpty())
        for (const std::string &w : c.wnids)
            c.templates[w] = body.toStdString();
    return c;
}

QString GenerationJobDialog::validate() const
{
    if (jobName().isEmpty())
        return tr("The job needs a name.");
    if (jobName().contains(QLatin1Char('/')) || jobName().contains(QLatin1Char('\\')))
        return tr("A job name cannot contain slashes.");
    if (m_takenNames.contains(jobName()))
        return tr("There is a job named '%1' already; choose another name.").arg(jobName());
    const GeneratorDescription *info = m_model->description();
    if (m_model->isReading())
        return tr("The model is still being read; try again in a moment.");
    if (!info)
        return tr("The model cannot be used: %1").arg(m_model->error());
    if (info->textPrompts && (m_width->value() % 8 || m_height->value() % 8))
        return tr("Width and height must be multiples of 8.");
    if (config().wnids.empty())
        return tr("Choose at least one class.");
    if (needsConversion() && !m_convert->isChecked())
        return tr("This model makes images of another kind than the project's (%1). Tick "
                  "“Convert” to store each image converted, or choose another model.")
            .arg(localeText::describeImageKind(*m_projectKind));
    return {};
}

void GenerationJobDialog::accept()
{
    if (const QString error = validate(); !error.isEmpty()) {
        m_error->setText(error);
        return;
    }
    QDialog::accept();
}
