// Data-parallel training through synset-cli, on loopback: two ranks at half the batch each give
// the losses one process gives for the whole batch (with SyncBatchNorm), over a TCPStore that
// rank 0 hosts and through Debian's torchrun; a rank that dies makes the other stop with an error
// within its timeout; a run stopped on two ranks resumes on one and goes on as if uninterrupted.
#include "SmallProject.h"

#include "project/Project.h"
#include "training/TrainingRun.h"

#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmath>
#include <csignal>

using namespace synset;

namespace {

const QStringList kRun = {"--model",  "cnn",     "--width",   "8",      "--real-fraction",
                          "1",        "--batch", "64",        "--seed", "4",
                          "--device", "cpu",     "--augment", "light"};

// A port no one listens on now (the kernel's pick for a socket bound to port 0).
int freePort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    ::bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a);
    ::getsockname(fd, reinterpret_cast<sockaddr *>(&a), &len);
    ::close(fd);
    return ntohs(a.sin_port);
}

// A rank of a world on loopback, as torchrun would describe it.
QProcessEnvironment rankEnvironment(int rank, int world, int port)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("RANK", QString::number(rank));
    env.insert("LOCAL_RANK", QString::number(rank));
    env.insert("WORLD_SIZE", QString::number(world));
    env.insert("MASTER_ADDR", "127.0.0.1");
    env.insert("MASTER_PORT", QString::number(port));
    return env;
}

} // namespace

class TestDistributed : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_project;

    QStringList train(const QString &name, int epochs, const QStringList &extra = {}) const
    {
        return QStringList{"train",
                           "--project",
                           m_project,
                           "--name",
                           name,
                           "--epochs",
                           QString::number(epochs)} +
               kRun + extra;
    }

    // The per-step losses of a run, from the project.
    std::vector<double> losses(const QString &name, int64_t fromStep = 0)
    {
        Result<std::unique_ptr<Project>> p = Project::open(m_project.toStdString());
        Result<RunInfo> run = findRun(**p, name.toStdString());
        if (!run)
            return {};
        std::vector<double> out;
        const std::map<std::string, std::vector<MetricPoint>> metrics = runMetrics(**p, run->id);
        const auto loss = metrics.find("loss");
        if (loss == metrics.end())
            return {};
        for (const MetricPoint &m : loss->second)
            if (m.step >= fromStep)
                out.push_back(m.value);
        return out;
    }

    static void compareLosses(const std::vector<double> &a, const std::vector<double> &b)
    {
        QVERIFY(!a.empty());
        QCOMPARE(a.size(), b.size());
        for (size_t i = 0; i < a.size(); ++i)
            QVERIFY2(std::abs(a[i] - b[i]) < 1e-4,
                     qPrintable(QString("step %1: %2 against %3").arg(i).arg(a[i]).arg(b[i])));
    }

    // Runs both ranks of a world of two to their end.
    void runTwoRanks(const QStringList &args)
    {
        const int port = freePort();
        QProcess ranks[2];
        for (int r = 0; r < 2; ++r) {
            ranks[r].setProcessEnvironment(rankEnvironment(r, 2, port));
            ranks[r].setProcessChannelMode(QProcess::MergedChannels);
            ranks[r].start(SYNSET_CLI_PATH, args);
        }
        for (QProcess &p : ranks) {
            QVERIFY(p.waitForFinished(600000));
            QVERIFY2(p.exitCode() == 0, p.readAll().constData());
        }
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        // 60 real training images a class: 600, ten steps of 64 an epoch.
        Result<std::unique_ptr<Project>> made =
            testing::makeSmallProject(m_tmp.path().toStdString(), 60, 20, 0);
        QVERIFY2(made.ok(), made.ok() ? "" : made.error().c_str());
        m_project = QString::fromStdString((*made)->directory().string());
        made->reset();
        QProcess single;
        single.start(SYNSET_CLI_PATH, train("single", 2));
        QVERIFY(single.waitForFinished(600000));
        QCOMPARE(single.exitCode(), 0);
        QCOMPARE(losses("single").size(), size_t(20)); // 600 images, 10 steps an epoch
    }

    void twoRanksGiveOneRanksLosses()
    {
        runTwoRanks(train("ddp", 2, {"--distributed", "gloo", "--sync-batchnorm"}));
        compareLosses(losses("ddp"), losses("single"));
        // The run says which world it ran in.
        Result<std::unique_ptr<Project>> p = Project::open(m_project.toStdString());
        Result<RunInfo> run = findRun(**p, "ddp");
        QVERIFY(run.ok());
        QCOMPARE(run->status, std::string("done"));
        auto metrics = runMetrics(**p, run->id);
        QCOMPARE(metrics["world_size"].back().value, 2.0);
        QCOMPARE(metrics["rank_batch"].back().value, 32.0);
    }

    void torchrunLaunchesRanks()
    {
        const QString torchrun = QStandardPaths::findExecutable("torchrun");
        if (torchrun.isEmpty())
            QSKIP("torchrun is not installed (python3-torch)");
        QProcess launcher;
        launcher.setProcessChannelMode(QProcess::MergedChannels);
        // Debian's torchrun 1.13 on Python 3.11 needs an explicit redirect setting.
        launcher.start(
            torchrun,
            QStringList{"--no_python", "--redirects", "1", "--tee", "1", "--nproc_per_node=2",
                        "--master_port=" + QString::number(freePort()), SYNSET_CLI_PATH} +
                train("torchrun", 2, {"--distributed", "gloo", "--sync-batchnorm"}));
        QVERIFY(launcher.waitForFinished(600000));
        const QByteArray out = launcher.readAll();
        QVERIFY2(launcher.exitCode() == 0, out.constData());
        QVERIFY(out.contains("rank 1 of a world of 2"));
        compareLosses(losses("torchrun"), losses("single"));
    }

    void deadRankStopsTheOther()
    {
        const int port = freePort();
        QProcess alive, doomed;
        alive.setProcessEnvironment(rankEnvironment(0, 2, port));
        alive.setProcessChannelMode(QProcess::MergedChannels);
        alive.start(SYNSET_CLI_PATH,
                    train("orphan", 50, {"--distributed", "gloo", "--distributed-timeout", "20"}));
        doomed.setProcessEnvironment(rankEnvironment(1, 2, port));
        doomed.setProcessChannelMode(QProcess::MergedChannels);
        doomed.start(SYNSET_CLI_PATH, train("orphan", 50, {"--distributed", "gloo"}));
        QByteArray said;
        QTRY_VERIFY_WITH_TIMEOUT((said += doomed.readAll()).contains("rank 1 of a world of 2"),
                                 120000);
        doomed.kill();
        // Within its timeout (20 s) and the time to notice, never a hang.
        QVERIFY(alive.waitForFinished(180000));
        const QString out = QString::fromUtf8(alive.readAll());
        QVERIFY2(alive.exitCode() != 0, qPrintable(out));
        QVERIFY2(out.contains(QRegularExpression("rank 0 of 2: .*(failed|cannot meet)")),
                 qPrintable(out));
    }

    // Stopped on two ranks in its second epoch, resumed on one: the second epoch's losses are
    // those of the run that was never stopped.
    void resumesOnAnotherWorldSize()
    {
        const int port = freePort();
        QProcess ranks[2];
        for (int r = 0; r < 2; ++r) {
            ranks[r].setProcessEnvironment(rankEnvironment(r, 2, port));
            ranks[r].setProcessChannelMode(QProcess::MergedChannels);
            ranks[r].start(SYNSET_CLI_PATH,
                           train("moved", 2, {"--distributed", "gloo", "--sync-batchnorm"}));
        }
        QByteArray seen;
        QTRY_VERIFY_WITH_TIMEOUT((seen += ranks[0].readAll()).contains("epoch 1/2"), 300000);
        for (QProcess &p : ranks)
            ::kill(pid_t(p.processId()), SIGSTOP);
        Result<std::unique_ptr<Project>> p = Project::open(m_project.toStdString());
        const bool finished = findRun(**p, "moved")->status == "done";
        for (QProcess &r : ranks) {
            ::kill(pid_t(r.processId()), SIGTERM);
            ::kill(pid_t(r.processId()), SIGCONT);
        }
        for (QProcess &r : ranks)
            QVERIFY(r.waitForFinished(180000));
        if (finished)
            QSKIP("the run ended before it could be stopped");
        QCOMPARE(findRun(**p, "moved")->status, std::string("cancelled"));
        QProcess resumed;
        resumed.setProcessChannelMode(QProcess::MergedChannels);
        resumed.start(SYNSET_CLI_PATH, {"train", "--project", m_project, "--resume", "moved"});
        QVERIFY(resumed.waitForFinished(600000));
        QVERIFY2(resumed.exitCode() == 0, resumed.readAll().constData());
        compareLosses(losses("moved", 10), losses("single", 10));
        auto world = runMetrics(**p, findRun(**p, "moved")->id)["world_size"];
        QCOMPARE(world.front().value, 2.0);
        QCOMPARE(world.back().value, 1.0);
    }
};

QTEST_GUILESS_MAIN(TestDistributed)
#include "tst_distributed.moc"
