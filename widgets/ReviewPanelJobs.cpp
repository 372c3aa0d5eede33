// The Review panel's background jobs: scoring, applying a rule and export run on a worker with a
// progress bar and Cancel, the panel stays usable, and the result stays in a line under the grid;
// the rule's dry run runs on a worker of its own.
#include "ReviewPanel.h"

#include "LocaleText.h"
#include "ProjectSession.h"

#include "common/Guard.h"
#include "common/Progress.h"
#include "curation/Curation.h"
#include "project/Project.h"

#include <QCheckBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QLabel>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

using namespace synset;

namespace {

// What an export wrote, class by class, and which classes it left out (ImageFolder then numbers
// the others from 0, so the indices differ from the project's).
QString describeExport(const Project &project, const ExportReport &report, const QString &folder)
{
    // Each class's count while they can be read at a glance; ImageNet's thousand are summed up.
    constexpr size_t kListed = 20;
    QStringList perClass;
    for (const ExportedClass &c : report.perClass)
        if (report.perClass.size() <= kListed)
            perClass << QStringLiteral("%1 %2").arg(QString::fromStdString(c.name),
                                                    localeText::count(c.synthetic + c.real));
    QString text =
        report.perClass.size() <= kListed
            ? ReviewPanel::tr("Exported %1 generated and %2 real images to %3, a folder per "
                              "class: %4.")
                  .arg(localeText::count(report.synthetic), localeText::count(report.real), folder,
                       perClass.join(QStringLiteral(", ")))
            : ReviewPanel::tr("Exported %1 generated and %2 real images to %3, in %4 class "
                              "folders.")
                  .arg(localeText::count(report.synthetic), localeText::count(report.real), folder,
                       localeText::count(int64_t(report.perClass.size())));
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

// The dry run reads every image in scope (2 s for all of 1.28 M): it runs on a worker with its
// own connection, one at a time; a change meanwhile starts another when it ends, with the latest
// rule. dryRunReady() says when the text is current.
void ReviewPanel::updateDryRun()
{
    Project *p = m_session->project();
    const bool any = m_threshold || m_keepTop->value() > 0 || m_dropDuplicates->isChecked();
    m_applyButton->setEnabled(p && any && !isBusy());
    if (!p || !any) {
        m_dryRunAgain = false;
        m_lastDryRun.clear();
        m_ruleLabel->setText(tr("Click the histogram to set a threshold, or keep the top images "
                                "of each class."));
        if (!m_dryRun.isRunning())
            emit dryRunReady();
        return;
    }
    m_ruleLabel->setText(tr("Dry run…"));
    if (m_dryRun.isRunning()) {
        m_dryRunAgain = true;
        return;
    }
    m_dryRunAgain = false;
    const FilterRule rule = currentRule(*p);
    const QString dir = m_session->projectPath();
    m_dryRun.setFuture(QtConcurrent::run([dir, rule]() -> DryRun {
        DryRun d;
        if (std::optional<std::string> error =
                catchAll("dry run", [&] { d = dryRunOf(dir, rule); }))
            d = DryRun{false, {}, QString::fromStdString(*error)};
        return d;
    }));
}

// The rule's dry run on the worker's own connection to the store: the summary line, and the
// label with a few classes' counts.
ReviewPanel::DryRun ReviewPanel::dryRunOf(const QString &dir, const FilterRule &rule)
{
    DryRun d;
    Result<std::unique_ptr<Project>> project = Project::open(dir.toStdString());
    Result<RuleOutcome> dry =
        project ? dryRunRule(**project, rule) : Result<RuleOutcome>(makeError(project.error()));
    if (!dry) {
        d.label = QString::fromStdString(dry.error());
        return d;
    }
    d.ok = true;
    d.text = tr("Rule %1 keeps %2 and drops %3 (%4 reviews change; %5 reviewed by hand "
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
        perClass +=
            tr("%1: %2/%3  ")
                .arg(QString::fromStdString((*project)->classes()[size_t(c.classIndex)].name))
                .arg(c.kept)
                .arg(c.images);
    }
    d.label = d.text + QStringLiteral("\n") + perClass.trimmed();
    return d;
}

void ReviewPanel::showDryRun()
{
    if (m_dryRunAgain) {
        updateDryRun();
        return;
    }
    const DryRun d = m_dryRun.result();
    m_lastDryRun = d.text;
    m_ruleLabel->setText(d.label);
    if (!d.ok)
        m_applyButton->setEnabled(false);
    emit dryRunReady();
}

// Writing a rule's reviews at ImageNet scale takes seconds (11 s for 1.28 M): a job, as scoring
// and export are.
QString ReviewPanel::applyRule()
{
    Project *p = m_session->project();
    if (!p)
        return tr("No project is open");
    if (isBusy())
        return tr("Wait for the running job to finish");
    const FilterRule rule = currentRule(*p);
    m_jobChangesReviews = true;
    runJob(tr("Applying the rule"),
           [rule](Project &project, const ProgressFn &, const CancelToken *) -> QString {
               Result<RuleOutcome> applied = synset::applyRule(project, rule);
               if (!applied)
                   return QString::fromStdString(applied.error());
               return tr("Applied %1: kept %2, dropped %3. Undo takes it back.")
                   .arg(QString::fromStdString(rule.text()))
                   .arg(applied->kept)
                   .arg(applied->dropped);
           });
    return {};
}

QString ReviewPanel::jobResult() const
{
    return m_jobResult->text();
}
