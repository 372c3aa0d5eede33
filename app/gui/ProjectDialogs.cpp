#include "ProjectDialogs.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardPaths>

namespace {
QWidget *withBrowse(QWidget *parent, QLineEdit *edit, const std::function<QString()> &pick)
{
    auto *row = new QWidget(parent);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *browse = new QPushButton(QObject::tr("Browse…"), row);
    layout->addWidget(edit, 1);
    layout->addWidget(browse);
    QObject::connect(browse, &QPushButton::clicked, edit, [edit, pick] {
        const QString chosen = pick();
        if (!chosen.isEmpty())
            edit->setText(chosen);
    });
    return row;
}
} // namespace

NewProjectDialog::NewProjectDialog(QWidget *parent)
    : QDialog(parent)
    , m_name(new QLineEdit(this))
    , m_folder(new QLineEdit(this))
    , m_classes(new QComboBox(this))
    , m_classFile(new QLineEdit(this))
    , m_importFashion(new QCheckBox(tr("Import the real Fashion-MNIST images"), this))
    , m_hint(new QLabel(this))
{
    setWindowTitle(tr("New Project"));
    m_name->setText(tr("My dataset"));
    m_folder->setText(QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
                          .filePath("my-dataset"));
    m_classes->addItem(tr("Fashion-MNIST (10 classes)"), "fashion-mnist");
    m_classes->addItem(tr("ImageNet-1K (1000 classes)"), "imagenet1k");
    m_classes->addItem(tr("ImageNet-100 (100 classes)"), "imagenet100");
    m_classes->addItem(tr("From a file of wnids…"), "file");
    m_importFashion->setChecked(true);
    m_hint->setWordWrap(true);
    m_hint->setStyleSheet("color: gray;");

    auto *form = new QFormLayout;
    form->addRow(tr("Name:"), m_name);
    form->addRow(tr("Folder:"), withBrowse(this, m_folder, [this] {
                     return QFileDialog::getExistingDirectory(this, tr("Project folder"));
                 }));
    form->addRow(tr("Classes:"), m_classes);
    form->addRow(tr("Class file:"), withBrowse(this, m_classFile, [this] {
                     return QFileDialog::getOpenFileName(this, tr("File of wnids"), QString(),
                                                         tr("Text files (*.txt);;All files (*)"));
                 }));
    form->addRow(QString(), m_importFashion);
    form->addRow(QString(), m_hint);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_classes, &QComboBox::currentIndexChanged, this, &NewProjectDialog::updateState);
    connect(m_name, &QLineEdit::textChanged, this, &NewProjectDialog::updateState);
    connect(m_folder, &QLineEdit::textChanged, this, &NewProjectDialog::updateState);
    connect(m_classFile, &QLineEdit::textChanged, this, &NewProjectDialog::updateState);
    updateState();
    resize(560, sizeHint().height());
}

void NewProjectDialog::updateState()
{
    const QString spec = m_classes->currentData().toString();
    m_classFile->parentWidget()->setEnabled(spec == "file");
    m_importFashion->setVisible(spec == "fashion-mnist");
    m_hint->setText(spec == "file" ? tr("One wnid per line (e.g. n01440764); '#' starts a comment; "
                                        "a name may follow the wnid.")
                                   : tr("Real images of other datasets can be imported later (File "
                                        "› Import Real Images)."));
    QPushButton *ok = findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    ok->setEnabled(!m_name->text().trimmed().isEmpty() && !m_folder->text().trimmed().isEmpty() &&
                   (spec != "file" || QFileInfo::exists(m_classFile->text())));
}

QString NewProjectDialog::projectName() const
{
    return m_name->text().trimmed();
}

QString NewProjectDialog::folder() const
{
    return m_folder->text().trimmed();
}

QString NewProjectDialog::classSpec() const
{
    const QString spec = m_classes->currentData().toString();
    return spec == "file" ? m_classFile->text() : spec;
}

bool NewProjectDialog::importFashionMnist() const
{
    return m_classes->currentData().toString() == "fashion-mnist" && m_importFashion->isChecked();
}

ImportDialog::ImportDialog(QWidget *parent)
    : QDialog(parent)
    , m_source(new QLineEdit(this))
    , m_split(new QComboBox(this))
    , m_dataset(new QLineEdit(this))
    , m_copy(new QCheckBox(tr("Copy the images into the project folder"), this))
{
    setWindowTitle(tr("Import Real Images"));
    m_split->addItem(tr("From file and folder names"), QString());
    m_split->addItem(tr("train"), "train");
    m_split->addItem(tr("test"), "test");
    m_split->addItem(tr("val"), "val");
    m_dataset->setPlaceholderText(tr("the source folder's name"));
    m_copy->setChecked(true);
    m_copy->setToolTip(tr("Unchecked, the project links to the images where they are (for large "
                          "sets such as ImageNet)."));
    auto *help = new QLabel(
        tr("An IDX folder (*-images-idx3-ubyte.gz with *-labels-idx1-ubyte.gz, labels in class "
           "order) "
           "or an ImageFolder: one folder per class named by its wnid, optionally inside "
           "train/, val/ and test/."),
        this);
    help->setWordWrap(true);
    help->setStyleSheet("color: gray;");
    auto *form = new QFormLayout;
    form->addRow(tr("Source folder:"), withBrowse(this, m_source, [this] {
                     return QFileDialog::getExistingDirectory(this, tr("Folder to import"));
                 }));
    form->addRow(tr("Split:"), m_split);
    form->addRow(tr("Dataset name:"), m_dataset);
    form->addRow(QString(), m_copy);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(help);
    layout->addLayout(form);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    QPushButton *ok = buttons->button(QDialogButtonBox::Ok);
    ok->setEnabled(false);
    connect(m_source, &QLineEdit::textChanged, ok,
            [ok](const QString &text) { ok->setEnabled(QFileInfo(text.trimmed()).isDir()); });
    resize(560, sizeHint().height());
}

QString ImportDialog::source() const
{
    return m_source->text().trimmed();
}

QString ImportDialog::split() const
{
    return m_split->currentData().toString();
}

QString ImportDialog::datasetName() const
{
    return m_dataset->text().trimmed();
}

bool ImportDialog::copyFiles() const
{
    return m_copy->isChecked();
}
