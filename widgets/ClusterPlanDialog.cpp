#include "ClusterPlanDialog.h"

#include "LocaleText.h"
#include "ProjectSession.h"

#include "cluster/Slurm.h"
#include "common/Guard.h"
#include "generation/GenerationPlan.h"
#include "project/Project.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

using namespace synset;

ClusterPlanDialog::ClusterPlanDialog(ProjectSession *session, const QString &name,
                                     const GenerationConfig &config, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
    , m_name(name)
    , m_config(config)
    , m_shards(new QSpinBox(this))
    , m_partition(new QLineEdit(this))
    , m_account(new QLineEdit(this))
    , m_gres(new QLineEdit(QStringLiteral("gpu:1"), this))
    , m_time(new QLineEdit(QStringLiteral("04:00:00"), this))
    , m_cli(new QLineEdit(defaultCli(), this))
    , m_maxParallel(new QSpinBox(this))
    , m_submit(new QCheckBox(tr("Submit with sbatch now"), this))
    , m_summary(new QLabel(this))
    , m_message(new QLabel(this))
    , m_create(nullptr)
{
    setWindowTitle(tr("Plan for a Slurm Cluster"));
    setObjectName("ClusterPlanDialog");
    const int64_t images = int64_t(config.perClass) * int64_t(config.wnids.size());
    const int64_t batches = (images + config.batchSize - 1) / config.batchSize;
    m_summary->setWordWrap(true);
    m_summary->setText(
        tr("Plan '%1': %2 images of %3 classes, in batches of %4. Each shard is one Slurm array "
           "task that writes into the project's shards/%1 folder; the merge job adds the finished "
           "shards to the project.")
            .arg(name, localeText::count(images), localeText::count(int64_t(config.wnids.size())),
                 localeText::count(config.batchSize)));
    m_shards->setRange(1, int(std::min<int64_t>(1000000, std::max<int64_t>(1, images))));
    m_shards->setValue(int(std::min<int64_t>(64, std::max<int64_t>(1, batches))));
    m_shards->setGroupSeparatorShown(true);
    m_shards->setToolTip(tr("Shard k makes the images whose id modulo the shard count is k"));
    m_maxParallel->setRange(0, 100000);
    m_maxParallel->setValue(64);
    m_maxParallel->setToolTip(tr("Array tasks running at once (0: no limit)"));
    m_partition->setPlaceholderText(tr("the cluster's default"));
    m_account->setPlaceholderText(tr("the cluster's default"));
    m_cli->setToolTip(tr("The synset-cli the compute nodes run (the same file system)"));
    m_cli->setMinimumWidth(360);
    const bool haveSbatch = !QStandardPaths::findExecutable(QStringLiteral("sbatch")).isEmpty();
    m_submit->setEnabled(haveSbatch);
    if (!haveSbatch)
        m_submit->setToolTip(tr("sbatch is not on this machine's PATH: submit submit.sh from a "
                                "login node"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setObjectName("message");

    auto *form = new QFormLayout;
    form->addRow(tr("Shards:"), m_shards);
    form->addRow(tr("Partition:"), m_partition);
    form->addRow(tr("Account:"), m_account);
    form->addRow(tr("GPUs (--gres):"), m_gres);
    form->addRow(tr("Time limit:"), m_time);
    form->addRow(tr("Tasks at once:"), m_maxParallel);
    form->addRow(tr("synset-cli:"), m_cli);
    form->addRow(QString(), m_submit);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_create = buttons->button(QDialogButtonBox::Ok);
    m_create->setText(tr("Write Plan"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &ClusterPlanDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(&m_work, &QFutureWatcher<Outcome>::finished, this, [this] {
        const Outcome o = m_work.result();
        m_create->setEnabled(true);
        m_message->setText(o.text);
        if (!o.ok)
            return;
        m_result = o.text;
        emit planWritten(o.text);
        QDialog::accept();
    });
}

QString ClusterPlanDialog::defaultCli()
{
    const QDir here(QCoreApplication::applicationDirPath());
    // Installed side by side, or this build tree (app/gui beside app/cli).
    for (const QString &candidate : {here.filePath(QStringLiteral("synset-cli")),
                                     here.filePath(QStringLiteral("../cli/synset-cli"))})
        if (QFileInfo(candidate).isExecutable())
            return QFileInfo(candidate).canonicalFilePath();
    return QStandardPaths::findExecutable(QStringLiteral("synset-cli"));
}

void ClusterPlanDialog::setShards(int shards)
{
    m_shards->setValue(shards);
}

void ClusterPlanDialog::setSlurm(const QString &partition, const QString &gres, const QString &time)
{
    m_partition->setText(partition);
    m_gres->setText(gres);
    m_time->setText(time);
}

void ClusterPlanDialog::setCli(const QString &path)
{
    m_cli->setText(path);
}

void ClusterPlanDialog::setSubmit(bool submit)
{
    m_submit->setChecked(submit);
}

void ClusterPlanDialog::accept()
{
    if (m_work.isRunning() || !m_session->project())
        return;
    if (m_cli->text().isEmpty() || !QFileInfo(m_cli->text()).isAbsolute()) {
        m_message->setText(tr("Give the absolute path of synset-cli on the cluster."));
        return;
    }
    m_create->setEnabled(false);
    m_message->setText(tr("Writing the plan…"));
    const QStringList slurm = {m_partition->text().trimmed(), m_account->text().trimmed(),
                               m_gres->text().trimmed(), m_time->text().trimmed(),
                               m_cli->text().trimmed()};
    m_work.setFuture(QtConcurrent::run(&ClusterPlanDialog::writePlan, m_session->projectPath(),
                                       m_name, m_config, m_shards->value(), slurm,
                                       m_maxParallel->value(),
                                       m_submit->isEnabled() && m_submit->isChecked()));
}

// On the worker, with its own connection to the store: the plan, its scripts, the submission.
ClusterPlanDialog::Outcome ClusterPlanDialog::writePlan(const QString &projectDir,
                                                        const QString &name,
                                                        const GenerationConfig &config, int shards,
                                                        const QStringList &slurm, int maxParallel,
                                                        bool submit)
{
    Outcome out;
    const std::optional<std::string> error = catchAll("plan", [&] {
        Result<std::unique_ptr<Project>> project = Project::open(projectDir.toStdString());
        if (!project) {
            out.text = QString::fromStdString(project.error());
            return;
        }
        Result<GenerationPlanInfo> plan =
            createGenerationPlan(**project, name.toStdString(), config, shards);
        if (!plan) {
            out.text = tr("Not planned: %1").arg(QString::fromStdString(plan.error()));
            return;
        }
        slurm::JobOptions o;
        o.partition = slurm[0].toStdString();
        o.account = slurm[1].toStdString();
        o.gres = slurm[2].toStdString();
        o.time = slurm[3].toStdString();
        o.cli = slurm[4].toStdString();
        o.maxParallel = maxParallel;
        Result<slurm::PlanScripts> scripts =
            slurm::writePlanScripts((*project)->directory(), plan->frozen, o);
        if (!scripts) {
            out.text = tr("The plan is written, the scripts are not: %1")
                           .arg(QString::fromStdString(scripts.error()));
            return;
        }
        const QString submitScript = QString::fromStdString(scripts->submitScript.string());
        out.ok = true;
        out.text = tr("Plan '%1' written: %2 images in %3 shards. Submit with: sh %4")
                       .arg(name, localeText::count(plan->frozen.images),
                            localeText::count(int64_t(plan->frozen.shards)), submitScript);
        if (!submit)
            return;
        Result<std::string> submitted = slurm::runProgram({"sh", scripts->submitScript.string()});
        out.text = submitted ? tr("Plan '%1' submitted: %2")
                                   .arg(name, QString::fromStdString(*submitted).trimmed())
                             : tr("Plan '%1' written; sbatch failed: %2")
                                   .arg(name, QString::fromStdString(submitted.error()));
    });
    if (error) {
        out.ok = false;
        out.text = QString::fromStdString(*error);
    }
    return out;
}
