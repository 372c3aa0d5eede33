// synset-cli end to end: exit codes, one-line errors, JSON shapes.
#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

class TestCli : public QObject
{
    Q_OBJECT

private:
    struct Run
    {
        int code;
        QByteArray out, err;
    };

    static Run cli(const QStringList &args)
    {
        QProcess p;
        p.start(QStringLiteral(SYNSET_CLI_PATH), args);
        // No limit here: ctest's timeout is the one for the whole suite.
        const bool finished = p.waitForFinished(-1);
        return {finished && p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
                p.readAllStandardOutput(), p.readAllStandardError()};
    }

private slots:
    void synsetsShowJson()
    {
        const Run r = cli({"synsets", "show", "n03126707", "n02012849", "--json"});
        QCOMPARE(r.code, 0);
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        const QJsonObject machine = QJsonDocument::fromJson(lines[0]).object();
        QCOMPARE(machine["wnid"].toString(), QString("n03126707"));
        QCOMPARE(machine["hypernyms"].toArray()[0].toObject()["lemmas"].toArray()[0].toString(),
                 QString("lifting device"));
        QCOMPARE(machine["path"].toArray().first().toString(), QString("n00001740"));
        const QJsonObject bird = QJsonDocument::fromJson(lines[1]).object();
        QVERIFY(bird["definition"].toString().contains("wading bird"));
    }

    void stableDiffusionCommands()
    {
        // sd tokenize reproduces CLIP's ids; generate writes a PNG with its parameters, and a
        // run from saved latents through the single-file checkpoint gives the same pixels.
        const Run tok = cli(
            {"sd", "tokenize", "--model", "data/sd/tiny-sd", "--json", "two tenches on a table"});
        QCOMPARE(tok.code, 0);
        QFile refFile(QStringLiteral("data/sd/tiny-sd-reference.json"));
        QVERIFY(refFile.open(QIODevice::ReadOnly));
        const QJsonObject ref = QJsonDocument::fromJson(refFile.readAll()).object();
        QCOMPARE(QJsonDocument::fromJson(tok.out).object()["two tenches on a table"].toArray(),
                 ref["tokenizer"].toObject()["two tenches on a table"].toArray());

        QTemporaryDir dir;
        const QString a = dir.filePath("a.png"), b = dir.filePath("b.png"),
                      latents = dir.filePath("noise.safetensors");
        const Run first =
            cli({"generate", "--model", "data/sd/tiny-sd", "--prompt", "a tench", "--negative",
                 "blurry", "--steps", "4", "--sampler", "dpmpp2m", "--karras", "--seed", "7",
                 "--out", a, "--save-latents", latents, "--quiet"});
        QVERIFY2(first.code == 0, first.err.constData());
        QVERIFY(first.out.contains("64x64"));
        const Run second = cli({"generate",
                                "--model",
                                "data/sd/tiny-sd-ldm.safetensors",
                                "--config",
                                "data/sd/tiny-sd",
                                "--prompt",
                                "a tench",
                                "--negative",
                                "blurry",
                                "--steps",
                                "4",
                                "--sampler",
                                "dpmpp2m",
                                "--karras",
                                "--seed",
                                "99",
                                "--out",
                                b,
                                "--init-latents",
                                latents,
                                "--quiet"});
        QVERIFY2(second.code == 0, second.err.constData());
        QImage ia(a), ib(b);
        QVERIFY(!ia.isNull());
        QCOMPARE(ia.convertToFormat(QImage::Format_RGB888),
                 ib.convertToFormat(QImage::Format_RGB888));
        // Channels-last: the same image up to float rounding (convolutions sum in another order).
        const Run nhwc =
            cli({"generate", "--model", "data/sd/tiny-sd", "--prompt", "a tench", "--negative",
                 "blurry", "--steps", "4", "--sampler", "dpmpp2m", "--karras", "--out", b,
                 "--init-latents", latents, "--channels-last", "--quiet"});
        QVERIFY2(nhwc.code == 0, nhwc.err.constData());
        const QImage ic = QImage(b).convertToFormat(QImage::Format_RGB888),
                     rgb = ia.convertToFormat(QImage::Format_RGB888);
        QCOMPARE(ic.size(), rgb.size());
        int worst = 0;
        for (int y = 0; y < rgb.height(); ++y)
            for (int x = 0; x < rgb.width() * 3; ++x)
                worst = std::max(
                    worst, std::abs(int(ic.constScanLine(y)[x]) - int(rgb.constScanLine(y)[x])));
        QVERIFY2(worst <= 1, qPrintable(QString::number(worst)));
        QVERIFY(ia.text("parameters").contains("Negative prompt: blurry"));
        QVERIFY(ia.text("parameters").contains("Sampler: DPM++ 2M Karras"));
        // A different seed without saved latents gives a different image.
        const Run third = cli({"generate", "--model", "data/sd/tiny-sd", "--prompt", "a tench",
                               "--steps", "4", "--seed", "8", "--out", b, "--quiet"});
        QCOMPARE(third.code, 0);
        QVERIFY(QImage(b).convertToFormat(QImage::Format_RGB888) !=
                ia.convertToFormat(QImage::Format_RGB888));
        // A project job per synset: each image's prompt is its class's template expanded for it.
        const QString proj = dir.filePath("p");
        QCOMPARE(cli({"project", "create", proj, "--classes", "fashion-mnist"}).code, 0);
        QCOMPARE(cli({"prompts", "set", "--project", proj, "--synset", "n03595614", "--text",
                      "{a|one} {name} on a table"})
                     .code,
                 0);
        const Run job =
            cli({"generate",    "--project",  proj,        "--classes",       "n03595614,n04489008",
                 "--per-class", "2",          "--model",   "data/sd/tiny-sd", "--steps",
                 "3",           "--negative", "blurry",    "--width",         "48",
                 "--height",    "32",         "--sampler", "euler-a",         "--job",
                 "sd",          "--seed",     "5"});
        QVERIFY2(job.code == 0, job.err.constData());
        QVERIFY2(job.out.contains("job sd: done, 4/4"), job.out.constData());
        for (int i = 0; i < 2; ++i) {
            const QImage img(
                QString("%1/data/synthetic/sd/n03595614/n03595614_00000%2.png").arg(proj).arg(i));
            QCOMPARE(img.size(), QSize(48, 32));
            const QString params = img.text("parameters");
            const Run expected = cli({"prompts", "render", "--project", proj, "--synset",
                                      "n03595614", "--count", "2", "--seed", "5"});
            QVERIFY2(params.startsWith(QString::fromUtf8(expected.out.split('\n')[i]) +
                                       "\nNegative prompt: blurry\n"),
                     qPrintable(params));
            QVERIFY2(params.contains("Sampler: Euler a, CFG scale: 2") &&
                         params.contains("Synset: n03595614"),
                     qPrintable(params));
        }
        // Once the project has real 28x28 greyscale images, 48x32 RGB ones are refused unless
        // the job converts them (and says so).
        const QString real = dir.filePath("real/train/n03595614");
        QVERIFY(QDir().mkpath(real));
        for (int i = 0; i < 2; ++i) {
            QImage grey(28, 28, QImage::Format_Grayscale8);
            grey.fill(40 + 100 * i);
            QVERIFY(grey.save(QString("%1/%2.png").arg(real).arg(i)));
        }
        QCOMPARE(cli({"import", "--project", proj, dir.filePath("real")}).code, 0);
        const QStringList sdJob = {
            "generate",    "--project", proj,      "--classes",       "n03595614",
            "--per-class", "1",         "--model", "data/sd/tiny-sd", "--steps",
            "2",           "--width",   "48",      "--height",        "32"};
        const Run refused = cli(sdJob + QStringList{"--job", "sd-grey"});
        QCOMPARE(refused.code, 2);
        QVERIFY2(refused.err.contains("48x32 RGB") && refused.err.contains("28x28 greyscale") &&
                     refused.err.contains("--convert"),
                 refused.err.constData());
        QVERIFY(!cli({"generate", "--project", proj, "--list"}).out.contains("sd-grey"));
        const Run converted = cli(sdJob + QStringList{"--job", "sd-grey", "--convert"});
        QVERIFY2(converted.code == 0, converted.err.constData());
        QVERIFY2(converted.err.contains("converted to 28x28 greyscale"), converted.err.constData());
        const QImage grey(proj + "/data/synthetic/sd-grey/n03595614/n03595614_000000.png");
        QCOMPARE(grey.size(), QSize(28, 28));
        QVERIFY(grey.isGrayscale());
        QVERIFY(grey.text("parameters").contains("Size: 48x32"));
        // A job that is not running can be taken off the list; its images stay.
        QCOMPARE(cli({"generate", "--project", proj, "--remove", "sd-grey"}).code, 0);
        QVERIFY(!cli({"generate", "--project", proj, "--list"}).out.contains("sd-grey"));
        QVERIFY(QFile::exists(proj + "/data/synthetic/sd-grey/n03595614/n03595614_000000.png"));
        QCOMPARE(cli({"generate", "--project", proj, "--remove", "sd-grey"}).code, 1);

        // Text-model options with the class-conditional model are refused, not ignored.
        const Run wrong = cli({"generate", "--project", proj, "--classes", "n03595614",
                               "--per-class", "1", "--negative", "blurry", "--job", "x"});
        QCOMPARE(wrong.code, 2);
        QVERIFY(wrong.err.contains("class-conditional"));

        // Errors name the file.
        const Run bad = cli({"generate", "--model", "data/sd/tiny-sd-reference.safetensors",
                             "--prompt", "x", "--quiet"});
        QCOMPARE(bad.code, 1);
        QVERIFY(bad.err.contains("tiny-sd-reference.safetensors"));
    }

    void modelDefaults()
    {
        // model info tells a class model's sampling defaults; set-defaults rewrites them and
        // nothing else, and refuses a bad value with the file left as it was.
        QTemporaryDir tmp;
        const QString model = tmp.path() + "/g.safetensors";
        QVERIFY(QFile::copy(QStringLiteral(SYNSET_SHIPPED_MODEL), model));
        const auto info = [&] {
            const Run r = cli({"model", "info", model, "--json"});
            return r.code == 0 ? QJsonDocument::fromJson(r.out).object() : QJsonObject();
        };
        const QJsonObject shipped = info();
        QCOMPARE(shipped["classes"].toArray().size(), 10);
        QCOMPARE(shipped["defaults"].toObject()["eta"].toDouble(), 1.0);
        const double guidance = shipped["defaults"].toObject()["guidance"].toDouble();

        const Run set = cli({"model", "set-defaults", model, "--guidance", "3", "--steps", "20"});
        QCOMPARE(set.code, 0);
        QVERIFY2(set.out.contains("guidance 3, ddim 20 steps, eta 1"), set.out.constData());
        const QJsonObject changed = info();
        QCOMPARE(changed["defaults"].toObject()["guidance"].toDouble(), 3.0);
        QCOMPARE(changed["defaults"].toObject()["steps"].toInt(), 20);
        QCOMPARE(changed["defaults"].toObject()["eta"].toDouble(), 1.0);
        QCOMPARE(changed["classes"], shipped["classes"]);
        QVERIFY(changed["hash"] != shipped["hash"]);
        QVERIFY(guidance != 3.0);

        const Run bad = cli({"model", "set-defaults", model, "--eta", "2"});
        QCOMPARE(bad.code, 1);
        QCOMPARE(bad.err.count('\n'), 1);
        QVERIFY2(bad.err.contains("g.safetensors") && bad.err.contains("eta"), bad.err.constData());
        QCOMPARE(info()["hash"], changed["hash"]);
        QCOMPARE(cli({"model", "set-defaults", model}).code, 2); // nothing to set
    }

    void synsetsListJsonLines()
    {
        const Run r = cli({"synsets", "list", "--classes", "imagenet1k", "--json"});
        QCOMPARE(r.code, 0);
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 1000);
        const QJsonObject first = QJsonDocument::fromJson(lines[0]).object();
        for (const char *key : {"wnid", "lemmas", "definition", "examples", "hypernyms", "path"})
            QVERIFY2(first.contains(key), key);
        QCOMPARE(first["wnid"].toString(), QString("n01440764"));
        QCOMPARE(first["hypernyms"].toArray()[0].toObject()["wnid"].toString(),
                 QString("n01439121"));
    }

    // kill -9 in the middle of work: the same command (generate) or --resume (train) at once
    // continues it, with nothing made twice. Liveness is the OS lock the dead process held, so
    // there is no waiting for a heartbeat to go stale.
    void killedWorkResumesAtOnce()
    {
        QTemporaryDir tmp;
        const QString proj = tmp.path() + "/p";
        QCOMPARE(cli({"project", "create", proj, "--classes", "fashion-mnist"}).code, 0);
        const QStringList generate = {"generate",  "--project",   proj, "--classes",
                                      "n03595614", "--per-class", "24", "--steps",
                                      "10",        "--batch",     "4"};
        const QString folder = proj + "/data/synthetic";
        auto images = [&] {
            int n = 0;
            for (const QString &job : QDir(folder).entryList(QDir::Dirs | QDir::NoDotAndDotDot))
                n += QDir(folder + "/" + job + "/n03595614").entryList({"*.png"}).size();
            return n;
        };
        for (int crash = 0; crash < 2; ++crash) {
            QProcess p;
            p.start(QStringLiteral(SYNSET_CLI_PATH), generate);
            // Wait for the work, not for a time: the first batch of this run on disk.
            const int before = images();
            QTRY_VERIFY_WITH_TIMEOUT(images() > before || p.state() == QProcess::NotRunning,
                                     600000);
            p.kill(); // SIGKILL
            p.waitForFinished(-1);
        }
        const Run again = cli(generate);
        QVERIFY2(again.code == 0, again.err.constData());
        QVERIFY2(again.err.contains("resuming job") && again.err.contains("interrupted"),
                 again.err.constData());
        QVERIFY2(again.out.contains("done, 24/24"), again.out.constData());
        QCOMPARE(images(), 24); // one job, not three
        const Run list = cli({"generate", "--project", proj, "--list"});
        QCOMPARE(list.out.count('\n'), 1);

        // Other settings start a new job and say how to resume the unfinished one.
        QProcess p;
        p.start(QStringLiteral(SYNSET_CLI_PATH), QStringList(generate) << "--seed"
                                                                       << "1"
                                                                       << "--job"
                                                                       << "second");
        QTRY_VERIFY_WITH_TIMEOUT(QDir(folder + "/second/n03595614").entryList({"*.png"}).size() > 0,
                                 600000);
        p.kill();
        p.waitForFinished(-1);
        const Run third = cli(QStringList(generate) << "--seed"
                                                    << "2"
                                                    << "--per-class"
                                                    << "1");
        QVERIFY2(third.code == 0, third.err.constData());
        QVERIFY2(third.err.contains("note: job second stopped at") &&
                     third.err.contains("--job second"),
                 third.err.constData());
    }

    // A full disk, a read-only file system and a folder the user may not write, made for real in a
    // private mount namespace by limited_disk.sh: each is a one-line error naming the path, and
    // nothing already saved is lost.
    void fullDiskReadOnlyAndDenied()
    {
        QProcess probe;
        probe.start("unshare", {"-m", "--propagation", "private", "true"});
        if (!probe.waitForFinished(-1) || probe.exitStatus() != QProcess::NormalExit ||
            probe.exitCode() != 0)
            QSKIP("needs a private mount namespace (run as root)");
        QTemporaryDir tmp;
        const QString out = tmp.path();
        QProcess script;
        script.start("unshare", {"-m", "--propagation", "private",
                                 QDir::current().absoluteFilePath("limited_disk.sh"),
                                 QStringLiteral(SYNSET_CLI_PATH), out});
        QVERIFY(script.waitForFinished(-1));
        QVERIFY2(script.exitCode() == 0, script.readAllStandardError().constData());
        const auto result = [&](const QString &name) {
            QFile code(out + "/" + name + ".code"), err(out + "/" + name + ".err");
            if (!code.open(QIODevice::ReadOnly) || !err.open(QIODevice::ReadOnly))
                return std::pair<int, QString>(-1, "no result for " + name);
            const QStringList lines = QString::fromUtf8(err.readAll()).trimmed().split('\n');
            return std::pair<int, QString>(code.readAll().trimmed().toInt(), lines.last());
        };
        const auto expectError = [&](const QString &name, const QString &path,
                                     const QString &reason) {
            const auto [code, last] = result(name);
            QVERIFY2(code == 1, qPrintable(name + ": exit " + QString::number(code) + ", " + last));
            QVERIFY2(last.startsWith("synset-cli: " + out + path) && last.contains(reason),
                     qPrintable(name + ": " + last));
        };
        expectError("full", "/disk/p/data/synthetic/", "No space left on device");
        expectError("export-full", "/small/.export.partial/", "No space left on device");
        expectError("export-readonly", "/small/.export.partial", "Read-only file system");
        expectError("export-denied", "/locked/.export.partial", "Permission denied");
        expectError("denied", "/disk/p/project.db", "/disk/p: Permission denied");
        expectError("readonly", "/disk/p/project.db", "/disk/p: Read-only file system");

        // The job that hit the full disk resumed and ended once there was space, and the
        // project survived everything after it: the one job, done, with its 24 images.
        const auto [resumedCode, resumedLast] = result("resumed");
        QCOMPARE(resumedCode, 0);
        const Run list = cli({"generate", "--project", out + "/p", "--list"});
        QCOMPARE(list.out.count('\n'), 1);
        QVERIFY2(list.out.contains("\tdone\t24/24\t"), list.out.constData());
        const Run info = cli({"project", "info", out + "/p"});
        QVERIFY2(info.out.contains("Images:   24\n"), info.out.constData());
        // A failed export leaves nothing half-made behind.
        QFile left(out + "/export-full.left");
        QVERIFY(left.open(QIODevice::ReadOnly));
        QCOMPARE(left.readAll(), QByteArray());
    }

    void errorsAreOneLineAndNonZero_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("needle");
        QTest::newRow("unknown wnid") << QStringList{"synsets", "show", "n01440765"} << "n01440765";
        QTest::newRow("unknown command") << QStringList{"frobnicate"} << "unknown command";
        QTest::newRow("unknown option")
            << QStringList{"synsets", "show", "n01440764", "--jsn"} << "--jsn";
        QTest::newRow("missing project")
            << QStringList{"project", "info", "/nonexistent/proj"} << "/nonexistent/proj";
        QTest::newRow("bad class file")
            << QStringList{"synsets", "list", "--classes", "/nonexistent/list.txt"}
            << "/nonexistent/list.txt";
        // Numbers are read whole, in range, with a point: never "10" from "10x".
        QTest::newRow("trailing text")
            << QStringList{"synsets", "search", "tench", "--limit", "10x"}
            << "option --limit: '10x' is not a whole number";
        QTest::newRow("decimal comma")
            << QStringList{"model", "set-defaults", "nowhere.safetensors", "--eta", "0,5"}
            << "option --eta: '0,5' is not a number";
        QTest::newRow("whole number expected")
            << QStringList{"model", "set-defaults", "nowhere.safetensors", "--steps", "2.5"}
            << "option --steps: '2.5' is not a whole number";
    }

    void errorsAreOneLineAndNonZero()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, needle);
        const Run r = cli(args);
        QVERIFY(r.code != 0);
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY2(QString::fromUtf8(r.err).contains(needle), r.err.constData());
    }

    void projectWorkflow()
    {
        QTemporaryDir tmp;
        const QString proj = tmp.path() + "/p";
        QCOMPARE(cli({"project", "create", proj, "--classes", "fashion-mnist"}).code, 0);
        QCOMPARE(cli({"import", "--project", proj, "/usr/share/datasets/fashion-mnist"}).code, 0);
        const Run info = cli({"project", "info", proj, "--json"});
        QCOMPARE(info.code, 0);
        const QJsonObject j = QJsonDocument::fromJson(info.out).object();
        QCOMPARE(j["images"].toInt(), 70000);
        const QJsonArray classes = j["classes"].toArray();
        QCOMPARE(classes.size(), 10);
        QCOMPARE(classes[9].toObject()["counts"].toObject()["real/test"].toInt(), 1000);
        QCOMPARE(classes[0].toObject()["counts"].toObject()["real/train"].toInt(), 6000);

        const Run prompts =
            cli({"prompts", "render", "--project", proj, "--synset", "n03595614", "--template",
                 "name-hypernym-background", "--count", "4", "--seed", "9"});
        QCOMPARE(prompts.code, 0);
        const QList<QByteArray> lines = prompts.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 4);
        for (const QByteArray &l : lines)
            QVERIFY2(l.startsWith("T-shirt/top, shirt inside "), l.constData());
        // Same seed, same prompts.
        QCOMPARE(cli({"prompts", "render", "--project", proj, "--synset", "n03595614", "--template",
                      "name-hypernym-background", "--count", "4", "--seed", "9"})
                     .out,
                 prompts.out);
        QVERIFY(cli({"prompts", "render", "--project", proj, "--synset", "n01440764"}).code != 0);

        // Word lists from a file, used by a template, then reset to the built-in one.
        QFile list(tmp.path() + "/scenes.txt");
        QVERIFY(list.open(QIODevice::WriteOnly));
        list.write("# scenes\na runway\n");
        list.close();
        QCOMPARE(cli({"prompts", "set-list", "--project", proj, "--name", "backgrounds", "--file",
                      list.fileName()})
                     .code,
                 0);
        QCOMPARE(cli({"prompts", "set", "--project", proj, "--synset", "n03595614", "--text",
                      "{name} on {background}"})
                     .code,
                 0);
        QCOMPARE(
            cli({"prompts", "render", "--project", proj, "--synset", "n03595614", "--count", "2"})
                .out,
            QByteArray("T-shirt/top on a runway\nT-shirt/top on a runway\n"));
        QCOMPARE(cli({"prompts", "set-list", "--project", proj, "--name", "backgrounds", "--reset"})
                     .code,
                 0);
        QCOMPARE(
            cli({"prompts", "lists", "--project", proj, "--name", "backgrounds"}).out.count('\n'),
            42);
        const Run bad = cli({"prompts", "set", "--project", proj, "--text", "{nmae}"});
        QVERIFY(bad.code != 0);
        QVERIFY(bad.err.contains("unknown placeholder {nmae}"));

        // Strict numbers: "--epochs 10x" and "--seed -1" are errors naming the option.
        const Run epochs = cli({"train", "--project", proj, "--name", "x", "--epochs", "10x"});
        QCOMPARE(epochs.code, 2);
        QVERIFY2(epochs.err.contains("option --epochs: '10x'"), epochs.err.constData());
        const Run seed = cli({"train", "--project", proj, "--name", "x", "--seed", "-1"});
        QCOMPARE(seed.code, 2);
        QVERIFY2(seed.err.contains("option --seed: '-1'"), seed.err.constData());

        // A classifier run on 0.5% of the real images (300), then its evaluation as JSON.
        const Run train =
            cli({"train", "--project", proj,   "--name",          "tiny",  "--model",
                 "cnn",   "--width",   "8",    "--real-fraction", "0.005", "--synthetic",
                 "none",  "--epochs",  "5",    "--batch",         "50",    "--seed",
                 "3",     "--augment", "light"});
        QVERIFY2(train.code == 0, train.err.constData());
        QVERIFY2(train.out.contains("tiny  epoch 5/5"), train.out.constData());
        QVERIFY(train.out.contains("300 real + 0 synthetic images"));
        // stderr is not a terminal here: the progress bar writes lines, none of them twice (the
        // final evaluation used to repeat its 100% line once per batch).
        const QList<QByteArray> progressLines = train.err.split('\n');
        QVERIFY(progressLines.count(QByteArray()) <= 1);
        for (const QByteArray &line : progressLines)
            QVERIFY2(line.isEmpty() || progressLines.count(line) == 1, line.constData());
        const Run eval = cli({"eval", "--project", proj, "--run", "tiny", "--json"});
        QVERIFY2(eval.code == 0, eval.err.constData());
        const QJsonObject e = QJsonDocument::fromJson(eval.out).object();
        QCOMPARE(e["images"].toInt(), 10000);
        QVERIFY(e["top1"].toDouble() > 0.3); // chance is 0.1
        QVERIFY(e["top5"].toDouble() >= e["top1"].toDouble());
        const QJsonObject perClass = e["per_class"].toObject();
        QCOMPARE(perClass.size(), 10);
        double mean = 0;
        for (const QString &wnid : perClass.keys())
            mean += perClass[wnid].toDouble() / 10; // 1000 test images each
        QVERIFY(std::abs(mean - e["top1"].toDouble()) < 1e-9);
        QVERIFY(perClass.contains("n04197391"));
        // Resuming a finished run, or evaluating a missing one, is a one-line error.
        const Run again = cli({"train", "--project", proj, "--resume", "tiny"});
        QVERIFY(again.code != 0);
        QVERIFY(again.err.contains("finished"));
        const Run missing = cli({"eval", "--project", proj, "--run", "nope"});
        QVERIFY(missing.code != 0);
        QCOMPARE(missing.err.count('\n'), 1);
        // The papers' experiment at toy scale: the shipped generator, 2 sampler steps, real
        // fractions 1% and 2%, guidance 0 and 2; then again, which reuses everything.
        // clang-format off
        const QStringList experiment = {
            "experiment", "--project", proj, "--per-class", "4", "--sweep-per-class", "3",
            "--sweep", "0,2", "--guidance", "2", "--fractions", "0.01,0.02", "--budget", "1200",
            "--sample-steps", "2", "--width", "8", "--augment", "light", "--prefix", "toy",
            "--filter-rule", ""};
        // clang-format on
        const Run exp = cli(experiment);
        QVERIFY2(exp.code == 0, exp.err.constData());
        QFile csv(proj + "/experiments/toy.csv"), md(proj + "/experiments/toy.md");
        QVERIFY(csv.open(QIODevice::ReadOnly) && md.open(QIODevice::ReadOnly));
        const QList<QByteArray> rows = csv.readAll().trimmed().split('\n');
        // Real and mix at two fractions, CAS at two scales, CAS on random and filtered images.
        QCOMPARE(rows.size(), 1 + 8);
        QVERIFY(rows[0].startsWith("run,kind,real_fraction,guidance"));
        const QByteArray table = md.readAll();
        QVERIFY2(table.contains("| 1% (600 images) |"), table.constData());
        QVERIFY(table.contains("| guidance 0 | 30 |"));
        QVERIFY(table.contains("| guidance 2 | 40 |"));
        QVERIFY2(table.contains("| picked at random | 20 |"), table.constData());
        QVERIFY(table.contains("| kept by the rule: no near-duplicates; top 2 by uniqueness in "
                               "gen-toy-g2 | 20 |"));
        const Run rerun = cli(experiment);
        QCOMPARE(rerun.code, 0);
        QVERIFY(rerun.out.contains(table.left(200)));

        // Curation: score with the real-only run, dry-run a rule and apply it, export the kept
        // images, review one by id and undo it.
        const Run refused = cli({"score", "--project", proj, "--reference", "toy-mix-1"});
        QVERIFY(refused.code != 0);
        QVERIFY2(refused.err.contains("real images only"), refused.err.constData());
        const Run score = cli({"score", "--project", proj, "--reference", "tiny", "--json"});
        QVERIFY2(score.code == 0, score.err.constData());
        const QJsonObject scored = QJsonDocument::fromJson(score.out).object();
        QCOMPARE(scored["images"].toInt(), 70); // 3 + 4 a class
        QCOMPARE(scored["reference"].toString(), QStringLiteral("tiny"));
        QCOMPARE(scored["classes"].toObject().size(), 10);
        QVERIFY(scored["classes"].toObject()["n03595614"].toObject()["fid"].isDouble());
        const Run dry = cli({"filter", "--project", proj, "--rule", "self_confidence>=0.15",
                             "--keep-top", "5", "--dry-run"});
        QVERIFY2(dry.code == 0, dry.err.constData());
        const QRegularExpression counts(QStringLiteral("keep (\\d+), drop (\\d+)"));
        const QRegularExpressionMatch dm = counts.match(QString::fromUtf8(dry.out));
        QVERIFY2(dm.hasMatch(), dry.out.constData());
        const Run apply = cli(
            {"filter", "--project", proj, "--rule", "self_confidence>=0.15", "--keep-top", "5"});
        QVERIFY2(apply.code == 0, apply.err.constData());
        QVERIFY2(
            apply.out.contains(
                QStringLiteral("kept %1, dropped %2").arg(dm.captured(1), dm.captured(2)).toUtf8()),
            apply.out.constData());
        QVERIFY(cli({"filter", "--project", proj, "--rule", "confidence>1"}).code != 0);
        const QString out = tmp.path() + "/export";
        const Run exported = cli({"export", "--project", proj, out, "--accepted"});
        QVERIFY2(exported.code == 0, exported.err.constData());
        QVERIFY2(exported.out.contains("class indices in classes.json"), exported.out.constData());
        QVERIFY(QFile::exists(out + "/classes.json"));
        QFile manifest(out + "/manifest.csv");
        QVERIFY(manifest.open(QIODevice::ReadOnly));
        const QList<QByteArray> kept = manifest.readAll().trimmed().split('\n');
        QCOMPARE(QString::number(kept.size() - 1), dm.captured(1));
        if (kept.size() > 1) {
            const QByteArray id = kept[1].split(',')[0].split('_').last().split('.')[0];
            const Run reject = cli({"review", "--project", proj, "--reject", QString(id)});
            QVERIFY2(reject.code == 0, reject.err.constData());
            const Run undo = cli({"review", "--project", proj, "--undo"});
            QVERIFY2(undo.out.contains("undid: reject image " + id), undo.out.constData());
        }
        const Run again2 = cli({"export", "--project", proj, out, "--accepted"});
        QVERIFY(again2.code != 0);
        QVERIFY(again2.err.contains("not empty"));
        QVERIFY(cli({"review", "--project", proj, "--accept", "abc"}).code != 0);

        const Run runs = cli({"train", "--project", proj, "--list"});
        QVERIFY2(runs.out.startsWith("run tiny: done, 5/5 epochs"), runs.out.constData());

        // Robustness of the run (a few images, two corruptions, a short PGD), then its chart.
        // clang-format off
        const Run rob = cli({"robustness", "--project", proj, "--run", "tiny",
                             "--corruption-images", "3", "--corruptions", "gaussian_noise,fog",
                             "--adversarial-images", "3", "--epsilons", "0,4", "--pgd-steps", "2",
                             "--probe-per-class", "20", "--baseline", "tiny", "--json"});
        // clang-format on
        QVERIFY2(rob.code == 0, rob.err.constData());
        const QJsonObject r = QJsonDocument::fromJson(rob.out).object();
        QCOMPARE(r["run"].toString(), QStringLiteral("tiny"));
        QCOMPARE(r["mce"].toDouble(), 1.0); // against itself
        const QJsonObject m = r["metrics"].toObject();
        for (const char *key : {"clean", "corruption/fog/5", "adversarial/pgd/4",
                                "adversarial/fgsm/0", "representation/coding_rate", "probe/real"})
            QVERIFY2(m.contains(QLatin1String(key)), key);
        QCOMPARE(m["adversarial/fgsm/0"].toDouble(), m["adversarial/pgd/0"].toDouble());
        QCOMPARE(m["corruption/images"].toDouble(), 30.0);
        const Run shown = cli({"robustness", "--project", proj, "--run", "tiny", "--show"});
        QVERIFY2(shown.out.contains("mean corruption accuracy"), shown.out.constData());
        const QString chart = tmp.path() + "/spider.svg";
        const Run drawn =
            cli({"chart", "spider", "--project", proj, "--runs", "tiny", "--out", chart});
        QVERIFY2(drawn.code == 0, drawn.err.constData());
        QFile svg(chart);
        QVERIFY(svg.open(QIODevice::ReadOnly));
        QVERIFY(svg.readAll().contains("<svg"));
        const Run badSuite =
            cli({"robustness", "--project", proj, "--run", "tiny", "--suite", "rain"});
        QVERIFY(badSuite.code != 0);
        QCOMPARE(badSuite.err.count('\n'), 1);
        QVERIFY(badSuite.err.contains("unknown suite 'rain'"));
        const Run badAxis = cli({"chart", "spider", "--project", proj, "--runs", "tiny", "--axes",
                                 "clean,nope,family/noise", "--out", chart});
        QVERIFY(badAxis.code != 0);
        QVERIFY(badAxis.err.contains("'nope'"));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
