// Project store: create, reopen, prompt history, word lists, migrations, crash safety.
#include "classes/ClassList.h"
#include "project/Database.h"
#include "project/Project.h"
#include "project/Schema.h"
#include "project/WorkLock.h"
#include "wordnet/WordNet.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace synset;

class TestProjectStore : public QObject
{
    Q_OBJECT

private:
    std::shared_ptr<const WordNet> m_wn;

    std::unique_ptr<Project> makeProject(const QString &dir)
    {
        Result<ClassList> classes = classlists::load("fashion-mnist", *m_wn);
        if (!classes)
            return nullptr;
        Result<std::unique_ptr<Project>> p = Project::create(dir.toStdString(), *classes, "Test");
        return p ? std::move(*p) : nullptr;
    }

    static QString storeWriter()
    {
        return qEnvironmentVariable("SYNSET_STORE_WRITER",
                                    QCoreApplication::applicationDirPath() + "/store_writer");
    }

    static int64_t count(Project &p, const char *sql)
    {
        Result<Statement> st = p.database().prepare(sql);
        return st && st->step() ? st->columnInt(0) : -1;
    }

    static QString integrity(Project &p)
    {
        Result<Statement> st = p.database().prepare("PRAGMA integrity_check");
        return st && st->step() ? QString::fromStdString(st->columnText(0)) : QString("error");
    }

private slots:
    void initTestCase()
    {
        Result<std::shared_ptr<const WordNet>> wn = WordNet::shared();
        QVERIFY(wn.ok());
        m_wn = *wn;
    }

    void createAndReopen()
    {
        QTemporaryDir dir;
        const QString path = dir.path() + "/proj";
        {
            std::unique_ptr<Project> p = makeProject(path);
            QVERIFY(p);
            QCOMPARE(int(p->classes().size()), 10);
            QCOMPARE(p->schemaVersion(), schema::currentVersion());
            QCOMPARE(QString::fromStdString(p->name()), QString("Test"));
        }
        QVERIFY(Project::exists(path.toStdString()));
        QVERIFY(!QFile::exists(path + "/project.db.creating"));
        Result<std::unique_ptr<Project>> again = Project::open(path.toStdString());
        QVERIFY(again.ok());
        QCOMPARE(QString::fromStdString((*again)->classes()[3].wnid), QString("n03236735"));
        QCOMPARE(QString::fromStdString((*again)->classListSource()), QString("fashion-mnist"));
        // Opening through the database file works too; creating over a project does not.
        QVERIFY(Project::open((path + "/project.db").toStdString()).ok());
        QVERIFY(!makeProject(path));
    }

    void promptTemplatesAndHistory()
    {
        QTemporaryDir dir;
        std::unique_ptr<Project> p = makeProject(dir.path() + "/proj");
        QVERIFY(p);
        const std::string shirt = "n04197391";
        QCOMPARE(QString::fromStdString(p->projectTemplate()), QString("{name}, {hypernym}"));
        QVERIFY(!p->promptOverride(shirt));

        QVERIFY(p->setProjectTemplate("{name} inside {background}").ok());
        QVERIFY(p->setPromptOverride(shirt, std::string("{name}, a button-down shirt")).ok());
        QVERIFY(
            p->setPromptOverride(shirt, std::string("{name}, a dress shirt with a collar")).ok());
        QCOMPARE(QString::fromStdString(p->effectiveTemplate(shirt)),
                 QString("{name}, a dress shirt with a collar"));
        QCOMPARE(QString::fromStdString(p->effectiveTemplate("n03595614")),
                 QString("{name} inside {background}"));
        // Saving the same text again adds no history entry; a bad template is refused.
        QVERIFY(
            p->setPromptOverride(shirt, std::string("{name}, a dress shirt with a collar")).ok());
        Result<void> bad = p->setPromptOverride(shirt, std::string("{nmae}"));
        QVERIFY(!bad.ok());
        QVERIFY(QString::fromStdString(bad.error()).contains("unknown placeholder"));
        QVERIFY(!p->setPromptOverride("n01440764", std::string("{name}")).ok()); // not a class here

        std::vector<PromptVersion> history = p->promptHistory(shirt);
        QCOMPARE(int(history.size()), 2);
        QCOMPARE(QString::fromStdString(*history[0].body),
                 QString("{name}, a dress shirt with a collar"));
        QCOMPARE(QString::fromStdString(*history[1].body), QString("{name}, a button-down shirt"));

        // Clearing the override goes back to the project template and is kept in the history.
        QVERIFY(p->setPromptOverride(shirt, std::nullopt).ok());
        QCOMPARE(QString::fromStdString(p->effectiveTemplate(shirt)),
                 QString("{name} inside {background}"));
        history = p->promptHistory(shirt);
        QCOMPARE(int(history.size()), 3);
        QVERIFY(!history[0].body);
        QCOMPARE(int(p->promptHistory("").size()), 1);
    }

    void wordLists()
    {
        QTemporaryDir dir;
        const QString path = dir.path() + "/proj";
        {
            std::unique_ptr<Project> p = makeProject(path);
            QVERIFY(p);
            QVERIFY(p->wordLists().at("backgrounds").size() >= 30);
            QVERIFY(p->setWordList("backgrounds", {"a runway", "  ", "a shop window "}).ok());
            QVERIFY(p->setWordList("styles", {"photo", "sketch"}).ok());
        }
        Result<std::unique_ptr<Project>> p = Project::open(path.toStdString());
        QVERIFY(p.ok());
        const WordLists lists = (*p)->wordLists();
        QCOMPARE(lists.at("backgrounds"), (std::vector<std::string>{"a runway", "a shop window"}));
        QCOMPARE(lists.at("styles"), (std::vector<std::string>{"photo", "sketch"}));
        QVERIFY(lists.count("counts")); // built-in lists the project did not replace stay
    }

    void wildcardFilesAndReset()
    {
        QTemporaryDir dir;
        std::unique_ptr<Project> p = makeProject(dir.path() + "/proj");
        QVERIFY(p);
        QDir().mkpath(QString::fromStdString(p->wildcardDirectory().string()));
        QFile styles(QString::fromStdString((p->wildcardDirectory() / "styles.txt").string()));
        QVERIFY(styles.open(QIODevice::WriteOnly));
        styles.write("# art styles\nwatercolor\n\n  oil painting # classic\n");
        styles.close();
        QFile counts(QString::fromStdString((p->wildcardDirectory() / "counts.txt").string()));
        QVERIFY(counts.open(QIODevice::WriteOnly));
        counts.write("a pair of\n");
        counts.close();
        WordLists lists = p->wordLists();
        QCOMPARE(lists.at("styles"), (std::vector<std::string>{"watercolor", "oil painting"}));
        QCOMPARE(lists.at("counts"),
                 (std::vector<std::string>{"a pair of"})); // the file wins over the built-in
        QVERIFY(!p->savedWordList("styles"));

        // A saved copy wins over the file; resetting it brings the file back.
        QVERIFY(p->setWordList("styles", {"pencil sketch"}).ok());
        QCOMPARE(p->wordLists().at("styles"), (std::vector<std::string>{"pencil sketch"}));
        QCOMPARE(*p->savedWordList("styles"), (std::vector<std::string>{"pencil sketch"}));
        QVERIFY(p->resetWordList("styles").ok());
        QCOMPARE(p->wordLists().at("styles"),
                 (std::vector<std::string>{"watercolor", "oil painting"}));
        QVERIFY(!p->setWordList("bad name", {"x"}).ok());
    }

    void notAProject()
    {
        QTemporaryDir dir;
        Result<std::unique_ptr<Project>> none = Project::open(dir.path().toStdString());
        QVERIFY(!none.ok());
        QVERIFY(QString::fromStdString(none.error()).contains("not a Synset Studio project"));

        QFile garbage(dir.path() + "/project.db");
        QVERIFY(garbage.open(QIODevice::WriteOnly));
        garbage.write(QByteArray(4096, 'x'));
        garbage.close();
        Result<std::unique_ptr<Project>> corrupt = Project::open(dir.path().toStdString());
        QVERIFY(!corrupt.ok());
        QVERIFY2(QString::fromStdString(corrupt.error()).contains(dir.path() + "/project.db"),
                 corrupt.error().c_str());
    }

    void newerSchemaIsRefused()
    {
        QTemporaryDir dir;
        const QString path = dir.path() + "/proj";
        {
            std::unique_ptr<Project> p = makeProject(path);
            QVERIFY(p);
            QVERIFY(p->database().exec("PRAGMA user_version = 999").ok());
        }
        Result<std::unique_ptr<Project>> p = Project::open(path.toStdString());
        QVERIFY(!p.ok());
        QVERIFY(QString::fromStdString(p.error()).contains("newer Synset Studio"));
    }

    // Work locks live exactly as long as the process that holds them: kill -9 frees one at
    // once, and while it lives no other holder (another process or this one) gets it.
    void workLocksEndWithTheirProcess()
    {
        QTemporaryDir dir;
        const std::string path = dir.path().toStdString();
        QVERIFY(!WorkLock::isHeld(path, "run", "r 1/é"));
        QProcess holder;
        holder.start(qEnvironmentVariable("SYNSET_STORE_WRITER",
                                          QCoreApplication::applicationDirPath() + "/store_writer"),
                     {"--hold", dir.path(), "run", "r 1/é"});
        QVERIFY(holder.waitForReadyRead(-1));
        QCOMPARE(holder.readAllStandardOutput(), QByteArray("locked\n"));
        QVERIFY(WorkLock::isHeld(path, "run", "r 1/é"));
        QVERIFY(!WorkLock::isHeld(path, "run", "r 2"));
        Result<WorkLock> taken = WorkLock::acquire(path, "run", "r 1/é");
        QVERIFY(!taken.ok());
        QVERIFY2(
            QString::fromStdString(taken.error())
                .contains(QString("running in another process (pid %1)").arg(holder.processId())),
            taken.error().c_str());
        holder.kill();
        QVERIFY(holder.waitForFinished(-1));
        QVERIFY(!WorkLock::isHeld(path, "run", "r 1/é"));
        Result<WorkLock> mine = WorkLock::acquire(path, "run", "r 1/é");
        QVERIFY(mine.ok());
        // Within one process too: a second holder is refused until the first lets go.
        QVERIFY(!WorkLock::acquire(path, "run", "r 1/é").ok());
        mine->release();
        QVERIFY(WorkLock::acquire(path, "run", "r 1/é").ok());
    }

    // Another process keeps the write lock longer than SQLite's own busy wait (5 s): a write
    // here waits and goes after it, and with no budget left says so, naming the project.
    void lockedProjectIsWaitedFor()
    {
        QTemporaryDir dir;
        const QString path = dir.path() + "/proj";
        std::unique_ptr<Project> p = makeProject(path);
        QVERIFY(p);
        const std::string wnid = p->classes().front().wnid;
        QProcess holder;
        holder.start(storeWriter(), {"--hold-write", path, "7000"});
        QVERIFY(holder.waitForReadyRead(-1));
        QCOMPARE(holder.readAllStandardOutput(), QByteArray("writing\n"));

        p->database().setBusyBudget(std::chrono::milliseconds(0));
        Result<void> refused = p->setPromptOverride(wnid, "{name} refused");
        QVERIFY(!refused.ok());
        QVERIFY2(QString::fromStdString(refused.error()).contains("another process has kept"),
                 refused.error().c_str());
        QVERIFY2(QString::fromStdString(refused.error()).contains(path), refused.error().c_str());

        p->database().setBusyBudget(Database::kBusyBudget);
        Result<void> waited = p->setPromptOverride(wnid, "{name} waited");
        QVERIFY2(waited.ok(), waited.ok() ? "" : waited.error().c_str());
        // It went after the other transaction, which committed.
        QVERIFY(holder.waitForFinished(-1));
        QCOMPARE(holder.exitCode(), 0);
        QCOMPARE(count(*p, "SELECT count(*) FROM images WHERE file = 'held'"), int64_t(1));
        QCOMPARE(int(p->promptHistory(wnid).size()), 1);
    }

    // Two CLI-like writers and this process write at once: nobody sees "database is locked".
    void concurrentWritersAllCommit()
    {
        QTemporaryDir dir;
        const QString path = dir.path() + "/proj";
        std::unique_ptr<Project> p = makeProject(path);
        QVERIFY(p);
        const std::string wnid = p->classes()[1].wnid;
        QProcess a, b;
        a.start(storeWriter(), {path, "60"});
        b.start(storeWriter(), {path, "60"});
        for (int i = 0; i < 60; ++i) {
            Result<void> r = p->setPromptOverride(wnid, "{name} " + std::to_string(i));
            QVERIFY2(r.ok(), r.ok() ? "" : r.error().c_str());
        }
        QVERIFY(a.waitForFinished(-1));
        QVERIFY(b.waitForFinished(-1));
        QCOMPARE(a.exitCode(), 0);
        QCOMPARE(b.exitCode(), 0);
        QCOMPARE(p->imageCount(), int64_t(2 * 60 * 50));
        QCOMPARE(int(p->promptHistory(wnid).size()), 60);
        QCOMPARE(integrity(*p), QString("ok"));
    }

    void survivesAbruptKill()
    {
        QTemporaryDir dir;
        const QString path = dir.path() + "/proj";
        QVERIFY(makeProject(path));
        QProcess writer;
        const QString program = qEnvironmentVariable(
            "SYNSET_STORE_WRITER", QCoreApplication::applicationDirPath() + "/store_writer");
        writer.start(program, {path});
        QVERIFY(writer.waitForStarted());
        long committed = 0;
        // Kill it while it is busy writing, well after its first commits.
        while (committed < 40 && writer.waitForReadyRead(10000)) {
            for (const QByteArray &line : writer.readAllStandardOutput().split('\n'))
                if (!line.trimmed().isEmpty())
                    committed = line.trimmed().toLong();
        }
        QVERIFY2(committed >= 40, "the writer did not get going");
        writer.kill(); // SIGKILL: no destructors, no checkpoint, maybe mid-transaction
        QVERIFY(writer.waitForFinished());
        for (const QByteArray &line : writer.readAllStandardOutput().split('\n'))
            if (!line.trimmed().isEmpty())
                committed = line.trimmed().toLong();

        Result<std::unique_ptr<Project>> p = Project::open(path.toStdString());
        QVERIFY2(p.ok(), p.ok() ? "" : p.error().c_str());
        QCOMPARE(integrity(**p), QString("ok"));
        // Every transaction reported as committed is there, and no half of one.
        const int64_t images = (*p)->imageCount();
        QVERIFY(images >= committed * 50);
        QCOMPARE(images % 50, int64_t(0));
        QVERIFY(int64_t((*p)->promptHistory((*p)->classes().front().wnid).size()) >= committed);
        // And it takes new writes.
        QVERIFY((*p)->setProjectTemplate("{name}").ok());
    }
};

QTEST_GUILESS_MAIN(TestProjectStore)
#include "tst_projectstore.moc"
