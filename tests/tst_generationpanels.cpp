// The Samples panel and the generation queue as a user drives them, on a tiny random model:
// the guidance x seed grid fills in live and matches direct sampling, cancel stops within a step,
// "Add to dataset" writes a PNG with parameters; queued jobs run to the end, pause, cancel and
// resume, and a job a crash left "running" shows as interrupted and resumes where it stopped.
// The same with the tiny Stable Diffusion fixture: the model picker remembers it, the grid draws
// each row's expanded prompt with a negative prompt and a size, and a job made in the dialog
// writes per-synset prompts into every image's provenance.
#include "GenerationJobDialog.h"
#include "GenerationQueueModel.h"
#include "GenerationQueuePanel.h"
#include "ImageConvert.h"
#include "LocaleText.h"
#include "ModelPicker.h"
#include "ProjectSession.h"
#include "ReviewImageDialog.h"
#include "SampleGrid.h"
#include "SamplesPanel.h"
#include "UserLocale.h"

#include "Gate.h"
#include "SmallProject.h"
#include "TinyGenerator.h"
#include "classes/ClassList.h"
#include "curation/Curation.h"
#include "data/ImageKind.h"
#include "data/ImageLoader.h"
#include "data/PngText.h"
#include "diffusion/DiffusionModel.h"
#include "diffusion/DiffusionTrainer.h"
#include "generation/GenerationJob.h"
#include "generation/Generator.h"
#include "project/Project.h"
#include "prompts/PromptTemplate.h"
#include "sd/StableDiffusion.h"
#include "wordnet/WordNet.h"

#include <QCheckBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

#include <thread>

using namespace synset;

namespace {

GeneratorTrainOptions tinyOptions()
{
    GeneratorTrainOptions o = tinyGeneratorOptions();
    o.defaultGuidance = 1.5;
    return o;
}

int64_t syntheticImages(Project &project, const std::string &wnid)
{
    int64_t n = 0;
    for (const SplitCount &c : project.imageCounts())
        if (c.kind == "synthetic" && c.wnid == wnid)
            n += c.count;
    return n;
}

} // namespace

class TestGenerationPanels : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_modelPath;
    const QString m_sdPath = QDir(QStringLiteral("data/sd/tiny-sd")).absolutePath();
    ProjectSession *m_session = nullptr;
    std::vector<std::string> m_wnids;

    // Generous: a sanitizer build on a busy machine is slow; the point is not speed here.
    static constexpr int kLong = 600000;

    GenerationConfig jobConfig(int perClass, int steps, int batch) const
    {
        GenerationConfig c;
        c.wnids = {m_wnids[0], m_wnids[1]};
        c.perClass = perClass;
        c.steps = steps;
        c.batchSize = batch;
        c.guidance = 2;
        c.seed = 11;
        c.model = m_modelPath.toStdString();
        return c;
    }

    QString jobStatus(GenerationQueuePanel &panel, const QString &name) const
    {
        return panel.model()->effectiveStatus(panel.model()->rowOf(name));
    }

    // The model picker reads a model's description on a worker thread: wait for it to be there.
    static bool modelRead(QObject *within)
    {
        QList<ModelPicker *> pickers = within->findChildren<ModelPicker *>();
        if (auto *self = qobject_cast<ModelPicker *>(within))
            pickers << self;
        for (ModelPicker *picker : pickers) {
            QSignalSpy changed(picker, &ModelPicker::modelChanged);
            if (picker->isReading() && !changed.wait(kLong))
                return false;
        }
        return true;
    }

private slots:
    void cleanupTestCase()
    {
        QSettings settings;
        settings.clear();
        settings.sync();
        QFile::remove(settings.fileName());
    }

    void initTestCase()
    {
        // Settings of this process alone: ctest runs this suite twice at once (C and German).
        QCoreApplication::setOrganizationName(QStringLiteral("synset-studio-tests"));
        QCoreApplication::setApplicationName(
            QStringLiteral("generationpanels-%1").arg(QCoreApplication::applicationPid()));
        QSettings().remove(QStringLiteral("generators")); // no model remembered from a past run
        Result<std::shared_ptr<const WordNet>> wn = WordNet::shared();
        QVERIFY2(wn.ok(), wn.ok() ? "" : wn.error().c_str());
        Result<ClassList> classes = classlists::load("fashion-mnist", **wn);
        QVERIFY(classes.ok());
        Result<std::unique_ptr<Project>> p =
            Project::create((m_tmp.path() + "/proj").toStdString(), *classes, "Panels");
        QVERIFY2(p.ok(), p.ok() ? "" : p.error().c_str());
        for (const ProjectClass &c : (*p)->classes())
            m_wnids.push_back(c.wnid);
        m_modelPath = m_tmp.path() + "/tiny.safetensors";
        QVERIFY(
            writeRandomGenerator(m_modelPath.toStdString(), 1, 28, 28, m_wnids, tinyOptions(), 5)
                .ok());
        m_session = new ProjectSession(this);
        m_session->setProject(std::move(*p));
    }

    void samplesGridFillsLiveAndMatchesDirectSampling()
    {
        SamplesPanel panel(m_session);
        panel.setModelPath(m_modelPath);
        QVERIFY(modelRead(&panel));
        panel.setSynset(QString::fromStdString(m_wnids[1]));
        panel.setGuidances("0, 1, 3");
        panel.setSeeds(5, 2);
        panel.setSteps(6);
        QSignalSpy cells(panel.grid(), &SampleGrid::cellChanged);
        QSignalSpy finished(&panel, &SamplesPanel::finished);
        panel.generate();
        QVERIFY(panel.isRunning()); // sampling runs off the GUI thread
        QVERIFY(finished.wait(kLong));
        int previews = 0, finals = 0;
        for (const QList<QVariant> &c : cells)
            (c[2].toInt() > 0 ? previews : finals) += 1;
        QCOMPARE(previews, 3 * 6 * 2); // every step of every cell was shown
        QCOMPARE(finals, 3 * 2);
        for (int col = 0; col < 3; ++col)
            for (int row = 0; row < 2; ++row)
                QVERIFY(panel.grid()->isFinal(col, row));

        // The cell for guidance 3, seed 6 is the image direct sampling gives, at the model's
        // default DDIM eta (1, fresh noise every step).
        Result<std::unique_ptr<DiffusionModel>> model =
            DiffusionModel::load(m_modelPath.toStdString(), "cpu");
        QVERIFY(model.ok());
        SampleRequest r;
        r.classes = {1};
        r.seeds = {6};
        r.guidance = 3;
        r.steps = 6;
        r.eta = 1;
        Result<std::vector<GeneratedImage>> direct = (*model)->sample(r);
        QVERIFY(direct.ok());
        const QImage cell = panel.grid()->image(2, 1);
        QCOMPARE(cell.size(), QSize(28, 28));
        for (int y = 0; y < 28; ++y)
            QVERIFY(std::equal(cell.constScanLine(y), cell.constScanLine(y) + 28,
                               (*direct)[0].pixels.begin() + y * 28));

        // Add to dataset: a PNG with AUTOMATIC1111 parameters and a row in the store.
        const int64_t before = syntheticImages(*m_session->project(), m_wnids[1]);
        QCOMPARE(panel.addToDataset(2, 1), QString());
        QCOMPARE(syntheticImages(*m_session->project(), m_wnids[1]), before + 1);
        std::vector<ImageRecord> rows = m_session->project()->images(
            m_session->project()->classByWnid(m_wnids[1])->id, "synthetic", "train", 10);
        QVERIFY(!rows.empty());
        Result<std::string> params =
            readPngText(m_session->project()->directory() / rows.back().file, "parameters");
        QVERIFY(params.ok());
        const QString text = QString::fromStdString(*params);
        QVERIFY2(text.contains("Steps: 6, Sampler: DDIM, CFG scale: 3, Seed: 6, Size: 28x28") &&
                     text.contains("Synset: " + QString::fromStdString(m_wnids[1])) &&
                     text.endsWith(", Eta DDIM: 1"),
                 qPrintable(text));
    }

    void samplesCancelStopsWithinAStep()
    {
        SamplesPanel panel(m_session);
        panel.setModelPath(m_modelPath);
        QVERIFY(modelRead(&panel));
        panel.setGuidances("0, 1, 2, 3, 4, 5, 6, 7");
        panel.setSeeds(1, 16);
        panel.setSteps(100);
        QSignalSpy cells(panel.grid(), &SampleGrid::cellChanged);
        QSignalSpy finished(&panel, &SamplesPanel::finished);
        testing::Gate gate("sample step shown");
        panel.generate();
        QVERIFY(gate.waitReached()); // the worker is held after its first step's previews
        panel.cancel();
        const int atCancel = int(cells.count());
        gate.release();
        QVERIFY(finished.wait(kLong));
        // The core stops between steps (tst_diffusion): only the previews of the step that was
        // shown when the cancel came (one column of 16 seeds) land afterwards.
        QVERIFY2(cells.count() - atCancel <= 16,
                 qPrintable(QString::number(cells.count() - atCancel)));
        QVERIFY(!panel.grid()->isFinal(7, 15));
        QVERIFY(!panel.isRunning());
    }

    void dialogTakesTheModelsDefaults()
    {
        GenerationJobDialog dialog(m_session);
        dialog.setModelPath(m_modelPath);
        QVERIFY(modelRead(&dialog));
        dialog.setCheckedClasses(
            {QString::fromStdString(m_wnids[3]), QString::fromStdString(m_wnids[4])});
        dialog.setPerClass(7);
        const GenerationConfig c = dialog.config();
        QCOMPARE(int(c.wnids.size()), 2);
        QCOMPARE(c.wnids[0], m_wnids[3]);
        QCOMPARE(c.perClass, 7);
        QCOMPARE(c.guidance, 1.5);
        QCOMPARE(c.steps, 10);
        QCOMPARE(c.eta, 1.0); // the model's default: DDIM with fresh noise every step
        QCOMPARE(QString::fromStdString(c.model.string()), m_modelPath);
        Result<std::unique_ptr<DiffusionModel>> model =
            DiffusionModel::load(m_modelPath.toStdString(), "cpu");
        QCOMPARE(c.modelHash, (*model)->info().hash);
        QVERIFY(c.templates.empty()); // each class keeps its own template
        QVERIFY(dialog.jobName().startsWith("generation-"));

        dialog.setModelPath(m_tmp.path() + "/missing.safetensors");
        QVERIFY(modelRead(&dialog));
        QVERIFY(dialog.config().modelHash.empty());
        dialog.accept(); // refused: the model cannot be read
        QVERIFY(dialog.result() != QDialog::Accepted);
    }

    void modelPickerRemembersModels()
    {
        ModelPicker picker; // starts on the model picked last (the tests' tiny class model)
        QVERIFY(modelRead(&picker));
        QCOMPARE(picker.path(), m_modelPath);
        QCOMPARE(ModelPicker::currentModel(), m_modelPath);
        QVERIFY(picker.description() && !picker.description()->textPrompts);

        QSignalSpy changed(&picker, &ModelPicker::modelChanged);
        picker.setPath(m_sdPath);
        // Picked at once, read on a worker thread: the GUI thread never waits for a model.
        QCOMPARE(changed.count(), 1);
        QVERIFY(picker.isReading() && !picker.description());
        QVERIFY(picker.summary().startsWith("Reading "));
        QVERIFY(modelRead(&picker));
        QCOMPARE(changed.count(), 2);
        const GeneratorDescription *d = picker.description();
        QVERIFY2(d, qPrintable(picker.error()));
        QVERIFY(d->textPrompts);
        QCOMPARE(d->width, 64); // the fixture's UNet sample size 8 x VAE factor 8
        QCOMPARE(d->height, 64);
        QCOMPARE(d->hash, *sd::quickHash(m_sdPath.toStdString()));
        QVERIFY(std::count(d->samplers.begin(), d->samplers.end(), "euler-a") == 1);
        QVERIFY(picker.summary().contains("diffusers folder"));

        // Remembered, most recent first, and the next picker starts on it.
        QCOMPARE(ModelPicker::rememberedModels(),
                 QStringList({m_sdPath, m_modelPath, ModelPicker::builtinPath()}));
        ModelPicker next;
        QCOMPARE(next.path(), m_sdPath);
        QVERIFY(modelRead(&next));

        // Something that is no model: picked, explained, not remembered.
        const QString junk = m_tmp.path() + "/notes.safetensors";
        QFile f(junk);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not a model");
        f.close();
        picker.setPath(junk);
        QVERIFY(modelRead(&picker));
        QVERIFY(!picker.description());
        QVERIFY2(picker.error().contains("notes.safetensors"), qPrintable(picker.error()));
        QVERIFY(!ModelPicker::rememberedModels().contains(junk));
        QCOMPARE(ModelPicker::currentModel(), m_sdPath);
        picker.setPath(ModelPicker::builtinPath());
        QVERIFY(modelRead(&picker));
    }

    void samplesWithStableDiffusion()
    {
        const std::string wnid = m_wnids[2];
        QVERIFY(m_session->project()
                    ->setPromptOverride(wnid, std::string("a {photo|drawing} of a {name}"))
                    .ok());
        SamplesPanel panel(m_session);
        panel.setModelPath(m_sdPath);
        QVERIFY(modelRead(&panel));
        panel.setSynset(QString::fromStdString(wnid));
        panel.setGuidances("1, 4");
        panel.setSeeds(3, 2);
        panel.setSteps(3);
        panel.setSampler("ddim");
        panel.setNegativePrompt("blurry");
        panel.setImageSize(64, 48);
        QSignalSpy cells(panel.grid(), &SampleGrid::cellChanged);
        QSignalSpy finished(&panel, &SamplesPanel::finished);
        panel.generate();
        QVERIFY(finished.wait(kLong));
        QVERIFY2(!panel.status().contains("rror"), qPrintable(panel.status()));
        int previews = 0, finals = 0;
        for (const QList<QVariant> &c : cells)
            (c[2].toInt() > 0 ? previews : finals) += 1;
        QCOMPARE(previews, 2 * 2 * 3); // every step of every cell, as a latent preview
        QCOMPARE(finals, 2 * 2);
        const QImage cell = panel.grid()->image(1, 1);
        QCOMPARE(cell.size(), QSize(64, 48)); // the VAE's final decode, at the chosen size

        // Row 1 drew the class's template expanded for index 1; the cell is what the core makes.
        Result<PromptTemplate> tmpl =
            PromptTemplate::parse(m_session->project()->effectiveTemplate(wnid));
        QVERIFY(tmpl.ok());
        const std::string prompt =
            tmpl->render(m_session->promptContext(QString::fromStdString(wnid)), 0, 1);
        Result<std::unique_ptr<Generator>> gen = Generator::open(m_sdPath.toStdString(), "cpu");
        QVERIFY(gen.ok());
        GeneratorBatch b;
        b.prompts = {prompt};
        b.wnids = {wnid};
        b.seeds = {4};
        b.negativePrompt = "blurry";
        b.guidance = 4;
        b.sampler = "ddim";
        b.steps = 3;
        b.width = 64;
        b.height = 48;
        Result<std::vector<ImageData>> direct = (*gen)->generate(b);
        QVERIFY(direct.ok());
        const QImage rgb = cell.convertToFormat(QImage::Format_RGB888);
        for (int y = 0; y < 48; ++y)
            QVERIFY(std::equal(rgb.constScanLine(y), rgb.constScanLine(y) + 64 * 3,
                               (*direct)[0].pixels.begin() + y * 64 * 3));

        // The prompt line shows each seed row's own prompt, the tooltip each row's seed.
        const auto *line = panel.findChild<QLabel *>("rowPrompts");
        QVERIFY(line);
        QVERIFY2(line->text().contains(QString::fromStdString(prompt)), qPrintable(line->text()));
        QVERIFY2(line->toolTip().contains(QString::fromStdString(prompt)) &&
                     line->toolTip().contains("4"),
                 qPrintable(line->toolTip()));

        // Add to dataset: the parameters carry the prompt, the negative prompt and the size.
        QCOMPARE(panel.addToDataset(1, 1), QString());
        std::vector<ImageRecord> rows = m_session->project()->images(
            m_session->project()->classByWnid(wnid)->id, "synthetic", "train", 10);
        QVERIFY(!rows.empty());
        Result<std::string> params =
            readPngText(m_session->project()->directory() / rows.back().file, "parameters");
        QVERIFY(params.ok());
        const QString text = QString::fromStdString(*params);
        QVERIFY2(
            text.startsWith(QString::fromStdString(prompt) + "\nNegative prompt: blurry\n") &&
                text.contains("Steps: 3, Sampler: DDIM, CFG scale: 4, Seed: 4, Size: 64x48") &&
                text.contains("Model hash: " + QString::fromStdString((*gen)->description().hash)),
            qPrintable(text));
        QVERIFY(m_session->project()->setPromptOverride(wnid, std::nullopt).ok());
        // Picking another model keeps the steps typed; untouched fields take its defaults.
        panel.setModelPath(ModelPicker::builtinPath());
        QVERIFY(modelRead(&panel));
        QCOMPARE(panel.findChild<QSpinBox *>("steps")->value(), 3);
    }

    void sharedModelsAreLoadedOnce()
    {
        // An SD model held by one worker is handed to the next rather than loaded again.
        Result<std::shared_ptr<Generator>> a = Generator::openShared(m_sdPath.toStdString(), "cpu");
        Result<std::shared_ptr<Generator>> b =
            Generator::openShared((m_sdPath + "/../tiny-sd").toStdString(), "cpu"); // same folder
        QVERIFY2(a.ok() && b.ok(), a.ok() ? "" : a.error().c_str());
        QCOMPARE(a->get(), b->get());
        // Class models are small: each caller gets its own.
        Result<std::shared_ptr<Generator>> c1 = Generator::openShared(m_modelPath.toStdString());
        Result<std::shared_ptr<Generator>> c2 = Generator::openShared(m_modelPath.toStdString());
        QVERIFY(c1.ok() && c2.ok() && c1->get() != c2->get());
        // A bad path is the same clear error as open()'s.
        Result<std::shared_ptr<Generator>> bad =
            Generator::openShared((m_tmp.path() + "/missing-sd").toStdString());
        QVERIFY(!bad.ok() && QString::fromStdString(bad.error()).contains("missing-sd"));

        // Two threads generating with the one shared model at once get what each gets alone.
        GeneratorBatch batch;
        batch.prompts = {"a photo of a coat", "a drawing of a bag"};
        batch.seeds = {7, 8};
        batch.steps = 3;
        batch.sampler = "euler";
        Result<std::vector<ImageData>> alone = (*a)->generate(batch);
        QVERIFY(alone.ok());
        std::vector<Result<std::vector<ImageData>>> together(2, makeError("not run"));
        std::vector<std::thread> threads;
        for (size_t t = 0; t < together.size(); ++t)
            threads.emplace_back([&, t] { together[t] = (t ? *b : *a)->generate(batch); });
        for (std::thread &t : threads)
            t.join();
        for (const auto &r : together) {
            QVERIFY2(r.ok(), r.ok() ? "" : r.error().c_str());
            for (size_t i = 0; i < alone->size(); ++i)
                QVERIFY((*r)[i].pixels == (*alone)[i].pixels);
        }

        // Nothing keeps a model once its last holder lets go.
        const std::weak_ptr<Generator> held = *a;
        a->reset();
        b->reset();
        QVERIFY(held.expired());
    }

    void otherImageKindIsRefusedOrConverted()
    {
        // A 28x28 greyscale project (real Fashion-MNIST images) and the 64x64 RGB SD model.
        QTemporaryDir dir;
        Result<std::unique_ptr<Project>> small =
            testing::makeSmallProject(dir.path().toStdString(), 2, 1, 0);
        QVERIFY2(small.ok(), small.ok() ? "" : small.error().c_str());
        ProjectSession session;
        session.setProject(std::move(*small));
        Project &project = *session.project();
        const std::string wnid = project.classes()[8].wnid;
        const ImageKind greyscale{28, 28, 1};
        QCOMPARE(projectImageKind(project), std::optional<ImageKind>(greyscale));

        // Add to Dataset: refused with both kinds named, nothing stored; then added converted.
        SamplesPanel panel(&session);
        panel.setModelPath(m_sdPath);
        QVERIFY(modelRead(&panel));
        panel.setSynset(QString::fromStdString(wnid));
        panel.setGuidances("2");
        panel.setSeeds(1, 1);
        panel.setSteps(2);
        panel.setImageSize(64, 64);
        QSignalSpy finished(&panel, &SamplesPanel::finished);
        panel.generate();
        QVERIFY(finished.wait(kLong));
        const QString difference = panel.kindDifference(0, 0);
        QVERIFY2(difference.contains(localeText::describeImageKind({64, 64, 3})) &&
                     difference.contains(localeText::describeImageKind(greyscale)),
                 qPrintable(difference));
        const QString refused = panel.addToDataset(0, 0);
        QVERIFY2(refused.startsWith(difference), qPrintable(refused));
        const auto synthetic = [&] {
            return project.images(project.classByWnid(wnid)->id, "synthetic", "train", 10);
        };
        QVERIFY(synthetic().empty());
        QCOMPARE(panel.addToDataset(0, 0, true), QString());
        std::vector<ImageRecord> rows = synthetic();
        QCOMPARE(int(rows.size()), 1);
        Result<ImageData> stored = decodeImageFile(project.resolve(rows[0].file));
        QVERIFY(stored.ok());
        QCOMPARE(ImageKind({stored->width, stored->height, stored->channels}), greyscale);
        QCOMPARE(ImageKind({rows[0].width, rows[0].height, rows[0].channels}), greyscale);
        const std::vector<ScoredImage> listed =
            scoredImages(project, {project.classByWnid(wnid)->classIndex});
        QVERIFY(std::any_of(listed.begin(), listed.end(), [](const ScoredImage &s) {
            return QString::fromStdString(s.provenance)
                .contains("\"converted\":{\"from\":\"64x64 RGB\",\"to\":\"28x28 greyscale\"}");
        }));
        // The converted pixels are the sample's luma, area-resized (OpenCV's rules).
        const ImageData converted =
            convertToImageKind(toImageData(panel.grid()->image(0, 0)), greyscale);
        QVERIFY(converted.pixels == stored->pixels);

        // The job dialog offers the conversion and will not queue the job without it.
        GenerationJobDialog dialog(&session);
        dialog.setModelPath(m_sdPath);
        QVERIFY(modelRead(&dialog));
        dialog.setImageSize(64, 64);
        dialog.setCheckedClasses({QString::fromStdString(wnid)});
        dialog.setPerClass(2);
        auto *convert = dialog.findChild<QCheckBox *>("convertToProjectKind");
        QVERIFY(convert && convert->isVisibleTo(&dialog));
        QVERIFY(!convert->isChecked());
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QVERIFY(!dialog.findChildren<QLabel *>().isEmpty());
        convert->setChecked(true);
        GenerationConfig config = dialog.config();
        QVERIFY(config.convertToProjectKind);
        config.steps = 2;

        // The job refuses without the conversion and stores converted images with it.
        Result<std::unique_ptr<Generator>> gen = Generator::open(m_sdPath.toStdString(), "cpu");
        QVERIFY(gen.ok());
        GenerationConfig plain = config;
        plain.convertToProjectKind = false;
        QVERIFY(createGenerationJob(project, "plain", plain).ok());
        Result<GenerationJobInfo> refusedJob = runGenerationJob(project, "plain", **gen);
        QVERIFY(!refusedJob.ok());
        QVERIFY2(QString::fromStdString(refusedJob.error()).contains("28x28 greyscale"),
                 refusedJob.error().c_str());
        QCOMPARE(generationJob(project, "plain")->status, std::string("failed"));
        QVERIFY(createGenerationJob(project, "converted", config).ok());
        Result<GenerationJobInfo> done = runGenerationJob(project, "converted", **gen);
        QVERIFY2(done.ok(), done.ok() ? "" : done.error().c_str());
        QCOMPARE(done->done, int64_t(2));
        for (int i = 0; i < 2; ++i) {
            const std::filesystem::path file = project.directory() / "data/synthetic/converted" /
                                               wnid /
                                               (wnid + "_00000" + std::to_string(i) + ".png");
            Result<ImageData> img = decodeImageFile(file);
            QVERIFY2(img.ok(), file.c_str());
            QCOMPARE(ImageKind({img->width, img->height, img->channels}), greyscale);
            Result<std::string> params = readPngText(file, "parameters");
            QVERIFY(params.ok() && params->find("Size: 64x64") != std::string::npos);
        }
    }

    void stableDiffusionJobPerSynset()
    {
        Project &project = *m_session->project();
        QVERIFY(
            project.setPromptOverride(m_wnids[5], std::string("{a|one} {name}, __backgrounds__"))
                .ok());
        GenerationJobDialog dialog(m_session);
        dialog.setModelPath(m_sdPath);
        QVERIFY(modelRead(&dialog));
        const QStringList two{QString::fromStdString(m_wnids[5]),
                              QString::fromStdString(m_wnids[6])};
        dialog.setCheckedClasses(two);
        dialog.setPerClass(3);
        dialog.setNegativePrompt("lowres");
        dialog.setImageSize(48, 64);
        GenerationConfig c = dialog.config();
        QCOMPARE(int(c.wnids.size()), 2);
        QCOMPARE(c.negativePrompt, std::string("lowres"));
        QCOMPARE(c.width, 48);
        QCOMPARE(c.height, 64);
        QCOMPARE(c.batchSize, 1); // text models: one image per pass unless asked
        QCOMPARE(c.sampler, std::string("dpmpp2m"));
        QCOMPARE(c.modelHash, *sd::quickHash(m_sdPath.toStdString()));
        c.steps = 3;
        c.batchSize = 2; // an image does not depend on its batch (up to rounding): checked below
        QVERIFY(createGenerationJob(project, "sd-batched", c).ok());
        c.batchSize = 1;
        QVERIFY(createGenerationJob(project, "sd-single", c).ok());
        Result<std::unique_ptr<Generator>> gen = Generator::open(m_sdPath.toStdString(), "cpu");
        QVERIFY(gen.ok());
        for (const char *job : {"sd-batched", "sd-single"}) {
            Result<GenerationJobInfo> r = runGenerationJob(project, job, **gen);
            QVERIFY2(r.ok(), r.ok() ? "" : r.error().c_str());
            QCOMPARE(QString::fromStdString(r->status), QString("done"));
        }

        // Each image's prompt is its class's template expanded for its index; the PNG says so.
        Result<PromptTemplate> tmpl = PromptTemplate::parse(project.effectiveTemplate(m_wnids[5]));
        QVERIFY(tmpl.ok());
        const PromptContext ctx = m_session->promptContext(QString::fromStdString(m_wnids[5]));
        QSet<QString> prompts;
        for (int i = 0; i < 3; ++i) {
            const auto path = [&](const QString &job) {
                return m_session->projectPath() + QString("/data/synthetic/%1/%2/%2_%3.png")
                                                      .arg(job, QString::fromStdString(m_wnids[5]))
                                                      .arg(i, 6, 10, QChar('0'));
            };
            const QString file = path("sd-batched");
            Result<ImageData> img = decodeImageFile(file.toStdString());
            QVERIFY2(img.ok(), qPrintable(file));
            QCOMPARE(img->width, 48);
            QCOMPARE(img->height, 64);
            QCOMPARE(img->channels, 3);
            Result<ImageData> single = decodeImageFile(path("sd-single").toStdString());
            QVERIFY(single.ok() && single->pixels.size() == img->pixels.size());
            int worst = 0;
            for (size_t k = 0; k < img->pixels.size(); ++k)
                worst = std::max(worst, std::abs(int(single->pixels[k]) - int(img->pixels[k])));
            QVERIFY2(worst <= 1, qPrintable(QString::number(worst))); // float rounding only
            Result<std::string> params = readPngText(file.toStdString(), "parameters");
            QVERIFY(params.ok());
            const std::string expected = tmpl->render(ctx, c.seed, uint64_t(i));
            QVERIFY2(QString::fromStdString(*params).startsWith(QString::fromStdString(expected) +
                                                                "\nNegative prompt: lowres\n"),
                     params->c_str());
            prompts.insert(QString::fromStdString(expected));
        }
        QVERIFY(prompts.size() > 1); // the template's alternations vary per image

        // The review's large view of an SD image says what is needed to make it again.
        const ProjectClass *cls = project.classByWnid(m_wnids[5]);
        QVERIFY(cls);
        const std::vector<ScoredImage> listed = scoredImages(project, {cls->classIndex});
        const auto sdImage = std::find_if(listed.begin(), listed.end(), [](const ScoredImage &s) {
            return QString::fromStdString(s.provenance).contains("\"job\":\"sd-single\"");
        });
        QVERIFY(sdImage != listed.end());
        ReviewImageDialog view;
        view.showImage(*sdImage, project);
        const QString text = view.findChildren<QLabel *>().last()->text();
        QVERIFY2(text.contains("<b>Negative prompt:</b> lowres") && text.contains("48×64") &&
                     text.contains("[" + QString::fromStdString(c.modelHash) + "]"),
                 qPrintable(text));

        // The queue's worker loads the SD model itself and runs the job to the end.
        GenerationQueuePanel queue(m_session);
        QSignalSpy finished(&queue, &GenerationQueuePanel::jobFinished);
        c.perClass = 1;
        QCOMPARE(queue.createJob("sd-queued", c), QString());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kLong);
        QCOMPARE(finished[0][1].toString(), QString("done"));
        QCOMPARE(queue.model()->job(queue.model()->rowOf("sd-queued"))->done, qint64(2));
        const QString settings =
            queue.model()
                ->data(queue.model()->index(queue.model()->rowOf("sd-queued"),
                                            GenerationQueueModel::SettingsColumn),
                       Qt::DisplayRole)
                .toString();
        QVERIFY2(settings.startsWith("tiny-sd 48×64, CFG 2, DPM++ 2M 3 steps"),
                 qPrintable(settings));
        QVERIFY(project.setPromptOverride(m_wnids[5], std::nullopt).ok());
    }

    void queuedJobsRunToTheEnd()
    {
        GenerationQueuePanel panel(m_session);
        QSignalSpy finished(&panel, &GenerationQueuePanel::jobFinished);
        QCOMPARE(panel.createJob("first", jobConfig(3, 3, 2)), QString());
        GenerationConfig second = jobConfig(2, 2, 4);
        second.eta = 1;
        QCOMPARE(panel.createJob("second", second), QString());
        QVERIFY(!panel.createJob("first", jobConfig(3, 3, 2)).isEmpty()); // names are unique
        const auto settings = [&](const char *job) {
            return panel.model()
                ->data(panel.model()->index(panel.model()->rowOf(job),
                                            GenerationQueueModel::SettingsColumn),
                       Qt::DisplayRole)
                .toString();
        };
        QCOMPARE(settings("first"), QString("CFG 2, DDIM 3 steps, seed 11"));
        QCOMPARE(settings("second"), QString("CFG 2, DDIM (eta 1) 2 steps, seed 11"));
        QCOMPARE(panel.activeJob(), QString("first")); // one at a time, oldest first
        QCOMPARE(jobStatus(panel, "second"), QString("queued"));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, kLong);
        QCOMPARE(finished[0][0].toString(), QString("first"));
        QCOMPARE(finished[0][1].toString(), QString("done"));
        QCOMPARE(finished[1][0].toString(), QString("second"));
        QCOMPARE(jobStatus(panel, "first"), QString("done"));
        const GenerationJobRow *row = panel.model()->job(panel.model()->rowOf("first"));
        QCOMPARE(row->done, qint64(6));
        QCOMPARE(row->total, qint64(6));
        const QString file = m_session->projectPath() + "/data/synthetic/first/" +
                             QString::fromStdString(m_wnids[1]) + "/" +
                             QString::fromStdString(m_wnids[1]) + "_000002.png";
        QVERIFY2(QFile::exists(file), qPrintable(file));
        QVERIFY(readPngText(file.toStdString(), "parameters").ok());
    }

    void pauseCancelAndResume()
    {
        GenerationQueuePanel panel(m_session);
        QSignalSpy finished(&panel, &GenerationQueuePanel::jobFinished);
        GenerationQueueModel *model = panel.model();
        const auto done = [&] { return model->job(model->rowOf("long"))->done; };
        const int before = syntheticImages(*m_session->project(), m_wnids[0]);
        {
            // Paused while the worker is held after its first batch of 2: it stops right there,
            // however fast the machine.
            testing::Gate gate("generation batch stored");
            QCOMPARE(panel.createJob("long", jobConfig(40, 20, 2)), QString());
            QVERIFY(gate.waitReached());
            QCOMPARE(panel.pause("long"), QString());
        }
        QVERIFY(finished.wait(kLong));
        QCOMPARE(finished.last()[1].toString(), QString("paused"));
        const qint64 paused = done();
        QCOMPARE(paused, qint64(2));
        QCOMPARE(syntheticImages(*m_session->project(), m_wnids[0]), before + 2);

        {
            testing::Gate gate("generation batch stored");
            QCOMPARE(panel.resume("long"), QString());
            QVERIFY(gate.waitReached());
            QCOMPARE(panel.cancel("long"), QString());
        }
        QVERIFY(finished.wait(kLong));
        QCOMPARE(finished.last()[1].toString(), QString("cancelled"));
        QCOMPARE(done(), qint64(4)); // what was written is kept

        // A cancelled job can still be finished later; it continues from what is there.
        QCOMPARE(panel.resume("long"), QString());
        QVERIFY(finished.wait(kLong));
        QCOMPARE(finished.last()[1].toString(), QString("done"));
        QCOMPARE(done(), qint64(80));
    }

    void cancelledJobIsRemoved()
    {
        GenerationQueuePanel panel(m_session);
        QSignalSpy finished(&panel, &GenerationQueuePanel::jobFinished);
        const int before = syntheticImages(*m_session->project(), m_wnids[0]);
        {
            testing::Gate gate("generation batch stored");
            QCOMPARE(panel.createJob("short-lived", jobConfig(40, 20, 2)), QString());
            QVERIFY(gate.waitReached());
            QVERIFY(!panel.remove("short-lived").isEmpty()); // running: refused
            QCOMPARE(panel.cancel("short-lived"), QString());
        }
        QVERIFY(finished.wait(kLong));
        QCOMPARE(finished.last()[1].toString(), QString("cancelled"));

        // The dialog words its refusals as sentences, a taken name and a slash alike.
        GenerationJobDialog dialog(m_session);
        QVERIFY(modelRead(&dialog));
        for (const QString &name : {QStringLiteral("short-lived"), QStringLiteral("a/b")}) {
            dialog.findChild<QLineEdit *>("name")->setText(name);
            dialog.accept();
            QVERIFY(dialog.result() != QDialog::Accepted);
            const QString error = dialog.findChild<QLabel *>("error")->text();
            QVERIFY2(!error.isEmpty() && error[0].isUpper() && error.endsWith('.'),
                     qPrintable(error));
        }

        QCOMPARE(panel.remove("short-lived"), QString());
        QCOMPARE(panel.model()->rowOf("short-lived"), -1);
        QVERIFY(!generationJob(*m_session->project(), "short-lived").ok());
        // Its images stay in the project.
        QCOMPARE(syntheticImages(*m_session->project(), m_wnids[0]), before + 2);
        QVERIFY(!panel.remove("short-lived").isEmpty());
    }

    void crashLeftoverShowsInterruptedAndResumes()
    {
        Project &project = *m_session->project();
        QVERIFY(createGenerationJob(project, "crashed", jobConfig(4, 2, 4)).ok());
        Result<GenerationJobInfo> job = generationJob(project, "crashed");
        QVERIFY(job.ok());
        // What a process killed mid-job leaves: status running and part of the images.
        Result<std::unique_ptr<DiffusionModel>> model =
            DiffusionModel::load(m_modelPath.toStdString(), "cpu");
        CancelToken cancel;
        QVERIFY(runGenerationJob(
                    project, "crashed", **model,
                    [&](const GenerationProgress &p) {
                        if (p.inFlight == 0)
                            cancel.cancel();
                    },
                    &cancel)
                    .ok());
        QVERIFY(setGenerationJobStatus(project, job->id, "running").ok());

        GenerationQueuePanel panel(m_session); // the application starts again
        QCOMPARE(jobStatus(panel, "crashed"), QString("interrupted"));
        QCOMPARE(panel.activeJob(), QString()); // nothing starts by itself
        QCOMPARE(panel.model()->job(panel.model()->rowOf("crashed"))->done, qint64(4));
        QSignalSpy finished(&panel, &GenerationQueuePanel::jobFinished);
        QCOMPARE(panel.resume("crashed"), QString());
        QVERIFY(finished.wait(kLong));
        QCOMPARE(finished.last()[1].toString(), QString("done"));
        QCOMPARE(panel.model()->job(panel.model()->rowOf("crashed"))->done, qint64(8));
        QVERIFY(!panel.resume("crashed").isEmpty()); // done is done
    }

    // Numbers are shown and typed in the user's language (German, French: "2,5") and stored in C
    // notation; a list of guidance scales there reads "0; 1,5; 4".
    void numbersInTheUsersLanguage_data() { testing::addUserLocaleRows(); }

    void numbersInTheUsersLanguage()
    {
        QFETCH(QString, locale);
        const testing::UserLocale userLocale(locale);

        GenerationJobDialog dialog(m_session);
        dialog.setModelPath(m_modelPath);
        QVERIFY(modelRead(&dialog));
        dialog.setCheckedClasses({QString::fromStdString(m_wnids[2])});
        auto *guidance = dialog.findChild<QDoubleSpinBox *>("guidance");
        QVERIFY(guidance);
        QCOMPARE(guidance->text(), QStringLiteral("1,50")); // the model's default
        guidance->selectAll();
        QTest::keyClicks(guidance, "2,5");
        QCOMPARE(guidance->value(), 2.5);
        const std::string name = "numbers-" + locale.toStdString();
        Result<int64_t> job = createGenerationJob(*m_session->project(), name, dialog.config());
        QVERIFY(job.ok());
        QCOMPARE(generationJob(*m_session->project(), name)->config.guidance, 2.5);
        // Not for the queue tests to run.
        QVERIFY(setGenerationJobStatus(*m_session->project(), *job, "cancelled").ok());

        SamplesPanel panel(m_session);
        auto *list = panel.findChild<QLineEdit *>("guidances");
        QVERIFY(list);
        QCOMPARE(list->text(), QStringLiteral("0; 1; 2; 3; 5; 8"));
        panel.setModelPath(m_modelPath);
        QVERIFY(modelRead(&panel));
        panel.setSynset(QString::fromStdString(m_wnids[1]));
        panel.setGuidances(QStringLiteral("0; 1,5; 4"));
        panel.setSeeds(1, 1);
        panel.setSteps(2);
        QSignalSpy finished(&panel, &SamplesPanel::finished);
        panel.generate();
        QVERIFY(finished.wait(kLong));
        QCOMPARE(panel.grid()->guidance(0), 0.0);
        QCOMPARE(panel.grid()->guidance(1), 1.5);
        QCOMPARE(panel.grid()->guidance(2), 4.0);
        QVERIFY(panel.grid()->isFinal(2, 0));
    }

    void openingAnotherProjectPausesTheRunningJob()
    {
        GenerationQueuePanel panel(m_session);
        QSignalSpy finished(&panel, &GenerationQueuePanel::jobFinished);
        testing::Gate gate("generation batch stored");
        QCOMPARE(panel.createJob("switch", jobConfig(40, 20, 2)), QString());
        const QString firstDir = m_session->projectPath();
        QVERIFY(gate.waitReached());

        Result<std::shared_ptr<const WordNet>> wn = WordNet::shared();
        Result<ClassList> classes = classlists::load("fashion-mnist", **wn);
        Result<std::unique_ptr<Project>> other =
            Project::create((m_tmp.path() + "/other").toStdString(), *classes, "Other");
        QVERIFY(other.ok());
        m_session->setProject(std::move(*other));
        QCOMPARE(panel.model()->rowCount(), 0); // the other project's (empty) queue
        QCOMPARE(panel.activeJob(), QString());
        gate.release();
        // The job ends paused in its own project after its first batch, resumable there;
        // nothing starts here.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                Result<std::unique_ptr<Project>> first = Project::open(firstDir.toStdString());
                Result<GenerationJobInfo> job = generationJob(**first, "switch");
                return job.ok() && job->status == "paused" && job->done == 2;
            }(),
            kLong);
        QCOMPARE(finished.count(), 0); // it was not this project's job
        QCOMPARE(panel.model()->rowCount(), 0);
    }
};

QTEST_MAIN(TestGenerationPanels)
#include "tst_generationpanels.moc"
