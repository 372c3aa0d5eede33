#include "MainWindow.h"
#include "LocaleText.h"

#include "AppSettings.h"
#include "ProjectDialogs.h"

#include "ClassTable.h"
#include "ExperimentPanel.h"
#include "FailuresPanel.h"
#include "GenerationQueuePanel.h"
#include "ProjectSession.h"
#include "PromptEditor.h"
#include "ReviewPanel.h"
#include "RobustnessPanel.h"
#include "SamplesPanel.h"
#include "SynsetBrowser.h"
#include "SynsetDetails.h"
#include "TrainingPanel.h"

#include "classes/ClassList.h"
#include "common/Guard.h"
#include "common/Progress.h"
#include "data/Importer.h"
#include "project/DefaultProject.h"
#include "project/Project.h"
#include "wordnet/WordNet.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressDialog>
#include <QStatusBar>
#include <QToolBar>
#include <QUndoStack>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>

using namespace synset;

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_session(new ProjectSession(this))
    , m_classTable(new ClassTable(m_session, this))
    , m_browser(new SynsetBrowser(m_session, this))
    , m_details(new SynsetDetails(m_session, this))
    , m_promptEditor(new PromptEditor(m_session, this))
    , m_samples(new SamplesPanel(m_session, this))
    , m_generation(new GenerationQueuePanel(m_session, this))
    , m_training(new TrainingPanel(m_session, this))
    , m_failures(new FailuresPanel(m_session, this))
    , m_review(new ReviewPanel(m_session, this))
    , m_robustness(new RobustnessPanel(m_session, this))
    , m_experiment(new ExperimentPanel(m_session, this))
    , m_statusLabel(new QLabel(this))
{
    setObjectName("MainWindow");
    setWindowTitle(tr("Synset Studio"));
    setWindowIcon(QIcon(":/icons/synset-studio.svg"));
    setCentralWidget(m_classTable);
    setDockNestingEnabled(true);

    const auto addDock = [this](QWidget *widget, const QString &title, const char *name,
                                Qt::DockWidgetArea area) {
        auto *dock = new QDockWidget(title, this);
        dock->setObjectName(QLatin1String(name));
        dock->setWidget(widget);
        addDockWidget(area, dock);
        return dock;
    };
    QDockWidget *browserDock =
        addDock(m_browser, tr("Synsets"), "SynsetsDock", Qt::LeftDockWidgetArea);
    QDockWidget *detailsDock =
        addDock(m_details, tr("Synset Details"), "DetailsDock", Qt::RightDockWidgetArea);
    QDockWidget *promptDock =
        addDock(m_promptEditor, tr("Prompt Editor"), "PromptDock", Qt::BottomDockWidgetArea);
    QDockWidget *samplesDock =
        addDock(m_samples, tr("Samples"), "SamplesDock", Qt::BottomDockWidgetArea);
    QDockWidget *generationDock =
        addDock(m_generation, tr("Generation Jobs"), "GenerationDock", Qt::BottomDockWidgetArea);
    tabifyDockWidget(promptDock, samplesDock);
    m_trainingDock = addDock(m_training, tr("Training"), "TrainingDock", Qt::BottomDockWidgetArea);
    m_failuresDock = addDock(m_failures, tr("Failures"), "FailuresDock", Qt::BottomDockWidgetArea);
    tabifyDockWidget(samplesDock, generationDock);
    tabifyDockWidget(generationDock, m_trainingDock);
    tabifyDockWidget(m_trainingDock, m_failuresDock);
    m_reviewDock = addDock(m_review, tr("Review"), "ReviewDock", Qt::BottomDockWidgetArea);
    tabifyDockWidget(generationDock, m_reviewDock);
    m_robustnessDock =
        addDock(m_robustness, tr("Robustness"), "RobustnessDock", Qt::BottomDockWidgetArea);
    tabifyDockWidget(m_failuresDock, m_robustnessDock);
    QDockWidget *experimentDock =
        addDock(m_experiment, tr("Experiment"), "ExperimentDock", Qt::BottomDockWidgetArea);
    tabifyDockWidget(m_robustnessDock, experimentDock);
    promptDock->raise();
    resizeDocks({browserDock, detailsDock}, {330, 380}, Qt::Horizontal);
    resizeDocks({promptDock}, {380}, Qt::Vertical);

    statusBar()->addPermanentWidget(m_statusLabel);
    createActions();
    m_viewMenu->addAction(browserDock->toggleViewAction());
    m_viewMenu->addAction(detailsDock->toggleViewAction());
    m_viewMenu->addAction(promptDock->toggleViewAction());
    m_viewMenu->addAction(samplesDock->toggleViewAction());
    m_viewMenu->addAction(generationDock->toggleViewAction());
    m_viewMenu->addAction(m_trainingDock->toggleViewAction());
    m_viewMenu->addAction(m_failuresDock->toggleViewAction());
    m_viewMenu->addAction(m_reviewDock->toggleViewAction());
    m_viewMenu->addAction(m_robustnessDock->toggleViewAction());
    m_viewMenu->addAction(experimentDock->toggleViewAction());

    connect(m_training, &TrainingPanel::runFinished, m_robustness, &RobustnessPanel::reload);
    // The experiment's runs and jobs show in the other panels as they are made.
    connect(m_experiment, &ExperimentPanel::finished, m_training, &TrainingPanel::reload);
    connect(m_experiment, &ExperimentPanel::finished, m_generation, &GenerationQueuePanel::reload);
    connect(m_experiment, &ExperimentPanel::finished, m_robustness, &RobustnessPanel::reload);

    // Training -> failures -> prompt, regeneration and retraining -> comparison: the repair loop.
    connect(m_training, &TrainingPanel::failuresRequested, this, [this](const QString &run) {
        m_failures->showRun(run);
        m_failuresDock->raise();
    });
    connect(m_failures, &FailuresPanel::promptRequested, this,
            [this, promptDock](const QString &wnid) {
                selectSynset(wnid);
                promptDock->raise();
            });
    connect(m_failures, &FailuresPanel::regenerationQueued, this,
            [this](const QString &job, const QString &run, const QString &dataset) {
                m_repairJobs.insert(job, {run, dataset});
                m_generation->reload();
                if (const QString e = m_generation->resume(job); !e.isEmpty())
                    QMessageBox::warning(this, tr("Regenerate"), e);
            });
    connect(m_generation, &GenerationQueuePanel::jobFinished, this,
            [this](const QString &job, const QString &status) {
                if (!m_repairJobs.contains(job) || status != QLatin1String("done"))
                    return;
                const auto [run, dataset] = m_repairJobs.take(job);
                QString error;
                const QString retrain = m_training->retrain(run, {dataset.toStdString()}, &error);
                if (retrain.isEmpty()) {
                    QMessageBox::warning(this, tr("Retrain"), error);
                    return;
                }
                m_retrains.insert(retrain, run);
            });
    connect(m_failures, &FailuresPanel::retrainRequested, this, [this](const QString &run) {
        QString error;
        const QString retrain = m_training->retrain(run, {}, &error);
        if (retrain.isEmpty()) {
            QMessageBox::warning(this, tr("Retrain"), error);
            return;
        }
        m_retrains.insert(retrain, run);
        m_trainingDock->raise();
    });
    connect(m_training, &TrainingPanel::runFinished, this,
            [this](const QString &run, const QString &status) {
                if (m_retrains.contains(run) && status == QLatin1String("done")) {
                    // The two runs side by side, per class.
                    m_failures->showRun(m_retrains.take(run), run);
                    m_failuresDock->raise();
                } else {
                    m_failures->reload();
                }
            });

    connect(m_browser, &SynsetBrowser::synsetActivated, this, &MainWindow::selectSynset);
    connect(m_classTable, &ClassTable::synsetActivated, this, &MainWindow::selectSynset);
    connect(m_details, &SynsetDetails::synsetActivated, this, &MainWindow::selectSynset);
    connect(m_session, &ProjectSession::projectChanged, this, &MainWindow::updateStatus);
    connect(m_session, &ProjectSession::imagesChanged, this, &MainWindow::updateStatus);

    AppSettings settings;
    if (!restoreGeometry(settings.windowGeometry()))
        resize(1400, 900);
    restoreState(settings.windowState());
    updateStatus();
    if (!m_session->wordNetError().isEmpty())
        QMessageBox::warning(
            this, tr("WordNet missing"),
            tr("WordNet 3.0 could not be read:\n%1").arg(m_session->wordNetError()));
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *newAction = file->addAction(QIcon::fromTheme("document-new"), tr("&New Project…"),
                                         this, &MainWindow::newProject);
    newAction->setShortcut(QKeySequence::New);
    QAction *openAction = file->addAction(QIcon::fromTheme("document-open"), tr("&Open Project…"),
                                          this, &MainWindow::chooseAndOpenProject);
    openAction->setShortcut(QKeySequence::Open);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    file->addAction(tr("Open &Default Project (Fashion-MNIST)"), this,
                    [this] { openDefaultProject(); });
    file->addSeparator();
    m_importAction =
        file->addAction(QIcon::fromTheme("document-import"), tr("&Import Real Images…"), this,
                        &MainWindow::importRealImages);
    m_importAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    file->addSeparator();
    QAction *quit =
        file->addAction(QIcon::fromTheme("application-exit"), tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(m_promptEditor->undoAction());
    edit->addAction(m_promptEditor->redoAction());

    m_viewMenu = menuBar()->addMenu(tr("&View"));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Synset Studio"), this, &MainWindow::about);

    QToolBar *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName("MainToolBar");
    toolbar->addAction(newAction);
    toolbar->addAction(openAction);
    toolbar->addAction(m_importAction);
    updateRecentMenu();
}

void MainWindow::runJob(const QString &title, Job job, std::function<void(const JobResult &)> done)
{
    m_busy = true;
    auto *dialog = new QProgressDialog(title, tr("Cancel"), 0, 1000, this);
    dialog->setWindowModality(Qt::WindowModal);
    dialog->setMinimumDuration(400);
    dialog->setAutoClose(false);
    dialog->setAutoReset(false);
    dialog->setValue(0);
    auto cancel = std::make_shared<CancelToken>();
    connect(dialog, &QProgressDialog::canceled, this, [cancel] { cancel->cancel(); });
    auto *watcher = new QFutureWatcher<JobResult>(this);
    connect(watcher, &QFutureWatcher<JobResult>::finished, this, [this, watcher, dialog, done] {
        m_busy = false;
        dialog->close();
        dialog->deleteLater();
        watcher->deleteLater();
        done(watcher->result());
    });
    // The dialog outlives the job: it is deleted only once the future has finished.
    watcher->setFuture(QtConcurrent::run([job, cancel, dialog] {
        auto last = std::make_shared<int>(-1);
        const auto progress = [dialog, last](double fraction, std::string_view message) {
            const int value = int(std::lround(fraction * 1000));
            if (value == *last)
                return;
            *last = value;
            const QString text = QString::fromUtf8(message.data(), qsizetype(message.size()));
            QMetaObject::invokeMethod(
                dialog,
                [dialog, value, text] {
                    dialog->setValue(value);
                    dialog->setLabelText(text);
                },
                Qt::QueuedConnection);
        };
        JobResult result;
        if (std::optional<std::string> error =
                catchAll("stopped", [&] { result = job(progress, cancel.get()); }))
            result.error = QString::fromStdString(*error);
        return result;
    }));
}

void MainWindow::adoptProject(Project *project, const QString &synset)
{
    const QString path = QString::fromStdString(project->directory().string());
    m_currentSynset.clear();
    m_session->setProject(std::unique_ptr<Project>(project));
    AppSettings settings;
    settings.addRecentProject(path);
    updateRecentMenu();
    QString wnid = synset.isEmpty() ? settings.lastSynset(path) : synset;
    if (!m_session->synsetInfo(wnid) && !m_session->classRows().empty())
        wnid = m_session->classRows().front().wnid;
    selectSynset(wnid);
}

void MainWindow::openProject(const QString &path, const QString &synset)
{
    Result<std::unique_ptr<Project>> project = Project::open(path.toStdString());
    if (!project) {
        QMessageBox::warning(this, tr("Cannot open project"),
                             QString::fromStdString(project.error()));
        AppSettings().removeRecentProject(path);
        updateRecentMenu();
        return;
    }
    adoptProject(project->release(), synset);
}

void MainWindow::openDefaultProject(const QString &synset)
{
    const QString path = AppSettings::defaultProjectPath();
    runJob(
        tr("Preparing the Fashion-MNIST project…"),
        [path](const ProgressFn &progress, const CancelToken *cancel) {
            JobResult r;
            Result<std::unique_ptr<Project>> p =
                openOrCreateDefaultProject(path.toStdString(), progress, cancel);
            if (p)
                r.project = p->release();
            else
                r.error = QString::fromStdString(p.error());
            r.cancelled = cancel->isCancelled();
            return r;
        },
        [this, synset](const JobResult &r) {
            if (r.project)
                adoptProject(r.project, synset);
            else if (!r.cancelled)
                QMessageBox::warning(this, tr("Cannot open the default project"), r.error);
        });
}

void MainWindow::newProject()
{
    NewProjectDialog dialog(this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString folder = dialog.folder(), name = dialog.projectName(), spec = dialog.classSpec();
    const bool importFashion = dialog.importFashionMnist();
    runJob(
        tr("Creating project %1…").arg(name),
        [folder, name, spec, importFashion](const ProgressFn &progress, const CancelToken *cancel) {
            JobResult r;
            Result<std::shared_ptr<const WordNet>> wn = WordNet::shared();
            if (!wn) {
                r.error = QString::fromStdString(wn.error());
                return r;
            }
            Result<ClassList> classes = classlists::load(spec.toStdString(), **wn);
            if (!classes) {
                r.error = QString::fromStdString(classes.error());
                return r;
            }
            Result<std::unique_ptr<Project>> p =
                Project::create(folder.toStdString(), *classes, name.toStdString());
            if (!p) {
                r.error = QString::fromStdString(p.error());
                return r;
            }
            if (importFashion) {
                ImportOptions options;
                options.datasetName = "fashion-mnist";
                Result<ImportReport> report =
                    importIdxFolder(**p, fashionMnistDirectory(), options, progress, cancel);
                if (!report)
                    r.warnings << QString::fromStdString(report.error());
                else
                    for (const std::string &e : report->errors)
                        r.warnings << QString::fromStdString(e);
            }
            r.project = p->release();
            return r;
        },
        [this](const JobResult &r) {
            if (!r.project) {
                QMessageBox::warning(this, tr("Cannot create project"), r.error);
                return;
            }
            adoptProject(r.project);
            if (!r.warnings.isEmpty())
                QMessageBox::warning(this, tr("Import problems"), r.warnings.join('\n'));
        });
}

void MainWindow::chooseAndOpenProject()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Project Folder"));
    if (!dir.isEmpty())
        openProject(dir);
}

void MainWindow::importRealImages()
{
    if (!m_session->hasProject())
        return;
    ImportDialog dialog(this);
    if (dialog.exec() != QDialog::Accepted || dialog.source().isEmpty())
        return;
    const QString projectPath = m_session->projectPath(), source = dialog.source();
    ImportOptions options;
    options.split = dialog.split().toStdString();
    options.datasetName = dialog.datasetName().toStdString();
    options.copyFiles = dialog.copyFiles();
    runJob(
        tr("Importing %1…").arg(source),
        [projectPath, source, options](const ProgressFn &progress, const CancelToken *cancel) {
            JobResult r;
            // Its own connection: the GUI keeps reading while the import writes (WAL).
            Result<std::unique_ptr<Project>> p = Project::open(projectPath.toStdString());
            if (!p) {
                r.error = QString::fromStdString(p.error());
                return r;
            }
            Result<ImportReport> report =
                importSource(**p, source.toStdString(), options, progress, cancel);
            if (!report) {
                r.error = QString::fromStdString(report.error());
                return r;
            }
            r.imported = report->imported;
            r.cancelled = report->cancelled;
            for (const std::string &e : report->errors)
                r.warnings << QString::fromStdString(e);
            return r;
        },
        [this](const JobResult &r) {
            m_session->notifyImagesChanged();
            if (!r.error.isEmpty()) {
                QMessageBox::warning(this, tr("Import failed"), r.error);
                return;
            }
            QString text = tr("Imported %1 images.").arg(r.imported);
            if (r.cancelled)
                text += ' ' + tr("Cancelled; what was imported before stays.");
            if (!r.warnings.isEmpty()) {
                QMessageBox box(QMessageBox::Warning, tr("Import finished with problems"),
                                text + ' ' +
                                    tr("%1 files could not be imported.").arg(r.warnings.size()),
                                QMessageBox::Ok, this);
                box.setDetailedText(r.warnings.join('\n'));
                box.exec();
            } else {
                statusBar()->showMessage(text, 8000);
            }
        });
}

QStringList MainWindow::panelNames()
{
    return {QStringLiteral("prompt"),     QStringLiteral("samples"),   QStringLiteral("generation"),
            QStringLiteral("review"),     QStringLiteral("training"),  QStringLiteral("failures"),
            QStringLiteral("robustness"), QStringLiteral("experiment")};
}

bool MainWindow::showPanel(const QString &name)
{
    static const char *const docks[] = {"PromptDock",     "SamplesDock",   "GenerationDock",
                                        "ReviewDock",     "TrainingDock",  "FailuresDock",
                                        "RobustnessDock", "ExperimentDock"};
    const qsizetype index = panelNames().indexOf(name);
    if (index < 0)
        return false;
    auto *dock = findChild<QDockWidget *>(QLatin1String(docks[index]));
    if (!dock)
        return false;
    dock->show();
    dock->raise();
    return true;
}

void MainWindow::selectSynset(const QString &wnid)
{
    if (wnid.isEmpty() || wnid == m_currentSynset)
        return;
    m_currentSynset = wnid;
    m_browser->selectSynset(wnid);
    m_classTable->selectSynset(wnid);
    m_details->setSynset(wnid);
    m_promptEditor->setSynset(wnid);
    m_samples->setSynset(wnid);
    if (m_session->hasProject() && m_session->isClass(wnid))
        AppSettings().setLastSynset(m_session->projectPath(), wnid);
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = AppSettings().recentProjects();
    for (const QString &path : recent)
        m_recentMenu->addAction(path, this, [this, path] { openProject(path); });
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::updateStatus()
{
    m_importAction->setEnabled(m_session->hasProject());
    if (!m_session->hasProject()) {
        setWindowTitle(tr("Synset Studio"));
        m_statusLabel->setText(tr("No project"));
        return;
    }
    setWindowTitle(tr("%1 — Synset Studio").arg(m_session->projectName()));
    qint64 real = 0, synthetic = 0;
    const std::vector<ClassRow> rows = m_session->classRows();
    for (const ClassRow &r : rows) {
        real += r.realTrain + r.realTest + r.realOther;
        synthetic += r.synthetic;
    }
    m_statusLabel->setText(tr("%1 classes · %2 real images · %3 synthetic · %4")
                               .arg(localeText::count(qint64(rows.size())), localeText::count(real),
                                    localeText::count(synthetic), m_session->projectPath()));
}

void MainWindow::about()
{
    QMessageBox::about(
        this, tr("About Synset Studio"),
        tr("<h3>Synset Studio %1</h3><p>A workbench for building image-classification datasets "
           "from diffusion models: WordNet synsets, prompts per class, generation, curation, "
           "training and robustness.</p><p>WordNet 3.0 © Princeton University. "
           "Fashion-MNIST © Zalando SE (MIT).</p>")
            .arg(QApplication::applicationVersion()));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_busy) {
        // A job still holds the project; let it finish or be cancelled first.
        event->ignore();
        statusBar()->showMessage(tr("Please wait for the running task to finish or cancel it."),
                                 5000);
        return;
    }
    m_promptEditor->commitPendingEdit();
    AppSettings settings;
    settings.setWindowGeometry(saveGeometry());
    settings.setWindowState(saveState());
    QMainWindow::closeEvent(event);
}
