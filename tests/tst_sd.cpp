// Stable Diffusion 1.x conformance: the tiny SD-shaped fixture in data/sd (diffusers folder and
// LDM single file) against outputs of diffusers 0.21 and OpenAI's CLIP; the sigma samplers against
// the closed-form probability-flow ODE of Gaussian data; dtypes and broken files.
// LibTorch first: Qt's keyword macros must not be defined while its headers are read.
#include "sd/SdScheduler.h"

#include "sd/ClipTokenizer.h"
#include "sd/StableDiffusion.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QtCore/qfloat16.h>

#include <cmath>
#include <cstring>

using namespace synset;
using namespace synset::sd;

namespace {

const QString kFolder = QStringLiteral("data/sd/tiny-sd");
const QString kLdm = QStringLiteral("data/sd/tiny-sd-ldm.safetensors");
const QString kReference = QStringLiteral("data/sd/tiny-sd-reference.safetensors");

Floats slice(const Floats &f, int64_t index) // one item of the first dimension, kept as [1, ...]
{
    Floats out;
    out.shape = f.shape;
    out.shape[0] = 1;
    const size_t n = f.data.size() / f.shape[0];
    out.data.assign(f.data.begin() + index * n, f.data.begin() + (index + 1) * n);
    return out;
}

Floats withBatch(Floats f)
{
    f.shape.insert(f.shape.begin(), 1);
    return f;
}

// Copies a safetensors file converting its F32 tensors to F16 or BF16 (round to nearest even),
// to exercise the loader on each dtype.
bool convertFile(const QString &from, const QString &to, const QString &dtype)
{
    QFile in(from);
    if (!in.open(QIODevice::ReadOnly))
        return false;
    const QByteArray raw = in.readAll();
    quint64 n = 0;
    for (int i = 0; i < 8; ++i)
        n |= quint64(quint8(raw[i])) << (8 * i);
    QJsonObject header = QJsonDocument::fromJson(raw.mid(8, n)).object();
    const QByteArray data = raw.mid(8 + n);
    QByteArray outData;
    QJsonObject outHeader;
    for (auto it = header.begin(); it != header.end(); ++it) {
        if (it.key() == QLatin1String("__metadata__")) {
            outHeader.insert(it.key(), it.value());
            continue;
        }
        QJsonObject e = it.value().toObject();
        const QJsonArray off = e.value("data_offsets").toArray();
        const QByteArray bytes =
            data.mid(off[0].toInteger(), off[1].toInteger() - off[0].toInteger());
        QByteArray converted;
        if (e.value("dtype").toString() == QLatin1String("F32")) {
            for (qsizetype i = 0; i + 4 <= bytes.size(); i += 4) {
                float f;
                std::memcpy(&f, bytes.constData() + i, 4);
                quint16 h;
                if (dtype == QLatin1String("BF16")) {
                    quint32 u;
                    std::memcpy(&u, &f, 4);
                    u += 0x7FFF + ((u >> 16) & 1);
                    h = quint16(u >> 16);
                } else {
                    const qfloat16 q(f);
                    std::memcpy(&h, &q, 2);
                }
                converted.append(reinterpret_cast<const char *>(&h), 2);
            }
            e.insert("dtype", dtype);
        } else {
            converted = bytes;
        }
        e.insert("data_offsets", QJsonArray{outData.size(), outData.size() + converted.size()});
        outData += converted;
        outHeader.insert(it.key(), e);
    }
    QByteArray json = QJsonDocument(outHeader).toJson(QJsonDocument::Compact);
    QByteArray out(8, '\0');
    for (int i = 0; i < 8; ++i)
        out[i] = char((quint64(json.size()) >> (8 * i)) & 0xFF);
    QFile f(to);
    return f.open(QIODevice::WriteOnly) && f.write(out + json + outData) > 0;
}

bool copyFolder(const QString &from, const QString &to)
{
    QDir src(from);
    QDir().mkpath(to);
    for (const QFileInfo &fi : src.entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QString target = to + "/" + fi.fileName();
        if (fi.isDir() ? !copyFolder(fi.filePath(), target) : !QFile::copy(fi.filePath(), target))
            return false;
        QFile::setPermissions(target, QFile::permissions(target) | QFileDevice::WriteOwner);
    }
    return true;
}

} // namespace

class TestStableDiffusion : public QObject
{
    Q_OBJECT

private:
    std::map<std::string, Floats> m_ref;
    QJsonObject m_refJson;

    std::unique_ptr<StableDiffusion> load(const QString &path, LoadOptions options = {})
    {
        Result<std::unique_ptr<StableDiffusion>> model =
            StableDiffusion::load(path.toStdString(), options);
        if (!model)
            qWarning("%s", model.error().c_str());
        return model ? std::move(*model) : nullptr;
    }

    void checkConformance(const StableDiffusion &model, double tolerance)
    {
        // Text encoder, for each reference prompt.
        const QJsonArray texts = m_refJson.value("text").toArray();
        for (int i = 0; i < texts.size(); ++i) {
            Result<Floats> h = model.encodeText(texts[i].toString().toStdString());
            QVERIFY2(h, h ? "" : h.error().c_str());
            const double err = relativeError(*h, withBatch(m_ref.at("text." + std::to_string(i))));
            QVERIFY2(err < tolerance, qPrintable(QString("text %1: %2").arg(i).arg(err)));
        }
        // UNet.
        const Floats &t = m_ref.at("unet.t");
        Result<Floats> eps = model.predictNoise(m_ref.at("unet.x"), {t.data[0], t.data[1]},
                                                m_ref.at("unet.context"));
        QVERIFY2(eps, eps ? "" : eps.error().c_str());
        const double unetErr = relativeError(*eps, m_ref.at("unet.eps"));
        QVERIFY2(unetErr < tolerance, qPrintable(QString("unet: %1").arg(unetErr)));
        // VAE decoder.
        Result<Floats> image = model.decodeLatents(m_ref.at("vae.latents"));
        QVERIFY2(image, image ? "" : image.error().c_str());
        const double vaeErr = relativeError(*image, m_ref.at("vae.image"));
        QVERIFY2(vaeErr < tolerance, qPrintable(QString("vae: %1").arg(vaeErr)));
        // A whole 10-step DDIM run with CFG 7.5 from the reference's initial noise.
        const QJsonObject ddim = m_refJson.value("pipelines").toObject().value("ddim").toObject();
        GenerateRequest r;
        r.prompts = {ddim.value("prompt").toString().toStdString()};
        r.negativePrompt = ddim.value("negative_prompt").toString().toStdString();
        r.seeds = {0};
        r.steps = ddim.value("steps").toInt();
        r.guidance = ddim.value("guidance").toDouble();
        r.sampler = "ddim";
        r.width = r.height = 64;
        r.initLatents = withBatch(m_ref.at("ddim.noise"));
        Result<GenerateResult> run = model.generate(r);
        QVERIFY2(run, run ? "" : run.error().c_str());
        const QJsonArray expected = ddim.value("timesteps").toArray();
        QCOMPARE(run->timesteps.size(), size_t(expected.size()));
        for (int i = 0; i < expected.size(); ++i)
            QCOMPARE(run->timesteps[i], expected[i].toDouble());
        const double latentErr = relativeError(run->latents, withBatch(m_ref.at("ddim.latents")));
        QVERIFY2(latentErr < tolerance, qPrintable(QString("ddim latents: %1").arg(latentErr)));
        const double imageErr = relativeError(run->image, withBatch(m_ref.at("ddim.image")));
        QVERIFY2(imageErr < tolerance, qPrintable(QString("ddim image: %1").arg(imageErr)));
        QCOMPARE(run->images.size(), size_t(1));
        QCOMPARE(run->images[0].width, 64);
    }

private slots:
    void initTestCase()
    {
        Result<std::map<std::string, Floats>> ref = readFloatTensors(kReference.toStdString());
        QVERIFY2(ref, ref ? "" : ref.error().c_str());
        m_ref = std::move(*ref);
        QFile json(QStringLiteral("data/sd/tiny-sd-reference.json"));
        QVERIFY(json.open(QIODevice::ReadOnly));
        m_refJson = QJsonDocument::fromJson(json.readAll()).object();
    }

    void tokenizerIdsExactly()
    {
        Result<ClipTokenizer> tok = ClipTokenizer::load((kFolder + "/tokenizer").toStdString());
        QVERIFY2(tok, tok ? "" : tok.error().c_str());
        const QJsonObject cases = m_refJson.value("tokenizer").toObject();
        QVERIFY(cases.size() >= 5);
        for (auto it = cases.begin(); it != cases.end(); ++it) {
            std::vector<int32_t> want;
            for (const QJsonValue &v : it.value().toArray())
                want.push_back(v.toInt());
            const std::vector<int32_t> got = tok->encodePadded(it.key().toStdString());
            QVERIFY2(got == want, qPrintable(it.key()));
        }
        // Clean-up: case, entities and whitespace do not change the ids; long prompts are cut
        // at 77 with EOS last.
        QCOMPARE(tok->encode("  A  Photo&amp;of\tTENCH "), tok->encode("a photo&of tench"));
        QCOMPARE(ClipTokenizer::normalize("  Ünïcode\n\nÉTÉ "), std::string("ünïcode été"));
        std::string longPrompt;
        for (int i = 0; i < 100; ++i)
            longPrompt += "tench ";
        const std::vector<int32_t> cut = tok->encodePadded(longPrompt);
        QCOMPARE(cut.size(), size_t(77));
        QCOMPARE(cut.front(), tok->bosId());
        QCOMPARE(cut.back(), tok->eosId());
        QCOMPARE(cut[75], cut[1]);
        // Contractions and digits split as CLIP splits them.
        const std::vector<int32_t> ids = tok->encode("don't 42");
        QCOMPARE(ids.size(), size_t(4));
        QCOMPARE(tok->tokenText(ids[1]), std::string("'t</w>"));
        QCOMPARE(tok->tokenText(ids[2]), std::string("4</w>"));
    }

    void folderMatchesDiffusers()
    {
        std::unique_ptr<StableDiffusion> model = load(kFolder);
        QVERIFY(model);
        QCOMPARE(model->info().format, std::string("diffusers folder"));
        QCOMPARE(model->info().storedDtype, std::string("float16")); // the UNet, upcast on CPU
        QCOMPARE(model->info().dtype, std::string("float32"));
        QCOMPARE(model->info().defaultWidth, 64);
        checkConformance(*model, 1e-4);
    }

    void channelsLastMatchesDiffusers()
    {
        // The same numbers with the UNet's convolutions and activations in NHWC layout.
        LoadOptions options;
        options.channelsLast = true;
        std::unique_ptr<StableDiffusion> model = load(kFolder, options);
        QVERIFY(model);
        checkConformance(*model, 1e-4);
    }

    void singleFileMatchesDiffusers()
    {
        LoadOptions options;
        options.configFolder = kFolder.toStdString();
        std::unique_ptr<StableDiffusion> model = load(kLdm, options);
        QVERIFY(model);
        QCOMPARE(model->info().format, std::string("single-file LDM checkpoint"));
        checkConformance(*model, 1e-4);
        QVERIFY(StableDiffusion::looksLikeModel(kLdm.toStdString()));
        QVERIFY(StableDiffusion::looksLikeModel(kFolder.toStdString()));
        QVERIFY(!StableDiffusion::looksLikeModel(kReference.toStdString()));
    }

    void singleFileArchitectureFromShapes()
    {
        // Without configs the shapes give the widths, depths and context width; the tiny model's
        // 8 norm groups are not SD 1.x's 32, which the loader reports by tensor.
        Result<std::unique_ptr<StableDiffusion>> model = StableDiffusion::load(kLdm.toStdString());
        QVERIFY(!model);
        QVERIFY2(model.error().find("normalization groups") != std::string::npos,
                 model.error().c_str());
    }

    void eachDtypeLoads()
    {
        QTemporaryDir dir;
        QVERIFY(copyFolder(kFolder, dir.path() + "/m"));
        const QString vae = dir.path() + "/m/vae/diffusion_pytorch_model.safetensors";
        QVERIFY(QFile::rename(vae, dir.path() + "/vae32.safetensors"));
        QVERIFY(convertFile(dir.path() + "/vae32.safetensors", vae, "BF16"));
        // The text encoder in float16 (the fixture's UNet already is).
        const QString text = dir.path() + "/m/text_encoder/model.safetensors";
        QVERIFY(QFile::rename(text, dir.path() + "/text32.safetensors"));
        QVERIFY(convertFile(dir.path() + "/text32.safetensors", text, "F16"));
        std::unique_ptr<StableDiffusion> model = load(dir.path() + "/m");
        QVERIFY(model);
        Result<Floats> image = model->decodeLatents(m_ref.at("vae.latents"));
        QVERIFY(image);
        const double err = relativeError(*image, m_ref.at("vae.image"));
        QVERIFY2(err < 3e-2 && err > 1e-6, qPrintable(QString("bf16 vae: %1").arg(err)));
        Result<Floats> hidden =
            model->encodeText(m_refJson.value("text").toArray()[0].toString().toStdString());
        QVERIFY(hidden);
        const double textErr = relativeError(*hidden, withBatch(m_ref.at("text.0")));
        QVERIFY2(textErr < 1e-2 && textErr > 1e-7,
                 qPrintable(QString("f16 text: %1").arg(textErr)));
    }

    void brokenFilesGiveClearErrors()
    {
        QTemporaryDir dir;
        QVERIFY(copyFolder(kFolder, dir.path() + "/m"));
        const std::string root = (dir.path() + "/m").toStdString();
        // Truncated UNet weights: the error names the file and the tensor.
        const QString unet = dir.path() + "/m/unet/diffusion_pytorch_model.safetensors";
        {
            QFile f(unet);
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.resize(f.size() - 1000));
        }
        Result<std::unique_ptr<StableDiffusion>> r = StableDiffusion::load(root);
        QVERIFY(!r);
        QVERIFY2(r.error().find("diffusion_pytorch_model.safetensors") != std::string::npos &&
                     r.error().find("truncated") != std::string::npos &&
                     r.error().find("'") != std::string::npos,
                 r.error().c_str());
        QVERIFY(QFile::remove(unet));
        QVERIFY(QFile::copy(kFolder + "/unet/diffusion_pytorch_model.safetensors", unet));
        QFile::setPermissions(unet, QFile::permissions(unet) | QFileDevice::WriteOwner);

        // A config that does not match the weights: the first tensor off names its shapes.
        const QString config = dir.path() + "/m/unet/config.json";
        QFile cf(config);
        QVERIFY(cf.open(QIODevice::ReadOnly));
        QJsonObject c = QJsonDocument::fromJson(cf.readAll()).object();
        cf.close();
        c.insert("block_out_channels", QJsonArray{16, 32, 32, 32});
        QVERIFY(cf.open(QIODevice::WriteOnly | QIODevice::Truncate));
        cf.write(QJsonDocument(c).toJson());
        cf.close();
        r = StableDiffusion::load(root);
        QVERIFY(!r);
        QVERIFY2(r.error().find("has shape") != std::string::npos &&
                     r.error().find("config needs") != std::string::npos,
                 r.error().c_str());

        // A missing component file, and a folder that is not a model.
        QVERIFY(QFile::remove(dir.path() + "/m/vae/diffusion_pytorch_model.safetensors"));
        c.insert("block_out_channels", QJsonArray{16, 16, 32, 32});
        QVERIFY(cf.open(QIODevice::WriteOnly | QIODevice::Truncate));
        cf.write(QJsonDocument(c).toJson());
        cf.close();
        r = StableDiffusion::load(root);
        QVERIFY(!r);
        QVERIFY2(r.error().find("vae") != std::string::npos &&
                     r.error().find("missing") != std::string::npos,
                 r.error().c_str());
        r = StableDiffusion::load(dir.path().toStdString());
        QVERIFY(!r);
        QVERIFY2(r.error().find("model_index.json") != std::string::npos, r.error().c_str());
        // A reference file is no checkpoint.
        r = StableDiffusion::load(kReference.toStdString());
        QVERIFY(!r);
        QVERIFY2(r.error().find("model.diffusion_model") != std::string::npos, r.error().c_str());
    }

    void samplersSolveTheGaussianOde()
    {
        // Data x0 ~ N(0, s^2): the ideal noise prediction is known in closed form, and along the
        // probability-flow ODE x_sigma / sqrt(s^2 + sigma^2) is constant (Karras et al. 2022), so
        // each deterministic sampler must land on x_T * s / sqrt(s^2 + sigma_T^2).
        SchedulerConfig config;
        const std::vector<double> ac = Scheduler::alphasCumprod(config);
        const double s = 0.5;
        auto sigmaAt = [&](double t) {
            const auto lo = static_cast<size_t>(std::floor(t));
            const double w = t - lo;
            auto sig = [&](size_t i) { return std::sqrt((1 - ac[i]) / ac[i]); };
            // log-linear between training steps, the inverse of the Karras timestep lookup
            return lo + 1 < ac.size()
                       ? std::exp(std::log(sig(lo)) * (1 - w) + std::log(sig(lo + 1)) * w)
                       : sig(lo);
        };
        torch::manual_seed(1234);
        torch::Tensor noise = torch::randn({1, 4, 8, 8}, torch::kFloat64);
        auto run = [&](SamplerKind kind, int steps, bool karras, double *finalSigma) {
            Scheduler sch(config, kind, steps, karras);
            torch::Tensor x = noise * sch.initNoiseSigma();
            const double sigmaT = sigmaAt(sch.timesteps()[0]);
            for (int i = 0; i < sch.steps(); ++i) {
                const double sigma = sigmaAt(sch.timesteps()[i]);
                // The UNet sees x / sqrt(1 + sigma^2); eps = sigma x_ve / (s^2 + sigma^2).
                torch::Tensor in = sch.scaleModelInput(x, i);
                torch::Tensor xve = in * std::sqrt(1 + sigma * sigma);
                torch::Tensor eps = sigma * xve / (s * s + sigma * sigma);
                x = sch.step(eps, i, x, {});
            }
            *finalSigma = sigmaT;
            return x;
        };
        // Euler, DPM++(2M) and their Karras variants start at x_T = noise * sqrt(1 + sigma_T^2).
        for (bool karras : {false, true}) {
            // The error against the exact end point: the ODE from the first sigma down to the
            // last one, then the final step into sigma = 0, which every sampler takes with the
            // denoiser D(x) = x s^2 / (s^2 + sigma^2).
            auto error = [&](SamplerKind kind, int steps) {
                double sigmaT = 0;
                torch::Tensor x = run(kind, steps, karras, &sigmaT);
                Scheduler probe(config, kind, steps, karras);
                const double sMin = sigmaAt(probe.timesteps().back());
                const torch::Tensor start = noise * std::sqrt(sigmaT * sigmaT + 1);
                const torch::Tensor exact = start * std::sqrt(s * s + sMin * sMin) /
                                            std::sqrt(s * s + sigmaT * sigmaT) * (s * s) /
                                            (s * s + sMin * sMin);
                return (x - exact).abs().max().item<double>() / exact.abs().max().item<double>();
            };
            const double eEuler20 = error(SamplerKind::Euler, 20);
            const double eEuler200 = error(SamplerKind::Euler, 200);
            const double eDpm20 = error(SamplerKind::DpmPp2M, 20);
            const double eDpm200 = error(SamplerKind::DpmPp2M, 200);
            qInfo("karras %d: relative error Euler 20 steps %.2e, 200 steps %.2e; DPM++(2M) 20 "
                  "steps %.2e, 200 steps %.2e",
                  karras, eEuler20, eEuler200, eDpm20, eDpm200);
            // Euler is first order: ten times the steps, about a tenth of the error. DPM++(2M)
            // is second order where the steps are even in log sigma (Karras); on SD's uniform
            // timesteps the last steps are long in log sigma and it is still the better one.
            QVERIFY(eEuler200 < eEuler20 / 5);
            QVERIFY(eEuler200 > eEuler20 / 30);
            QVERIFY(eDpm200 < eEuler200 / 3);
            if (karras) {
                QVERIFY(eDpm20 < eEuler20 / 5);
                QVERIFY(eDpm200 < eDpm20 / 30);
            }
        }
        // DDIM (eta 0) is the same ODE in VP form and ends at alphas_cumprod[0], not 1.
        Scheduler ddim(config, SamplerKind::Ddim, 200);
        torch::Tensor x = noise.clone();
        for (int i = 0; i < ddim.steps(); ++i) {
            const double a = ac[static_cast<size_t>(ddim.timesteps()[i])];
            const double sigma = std::sqrt((1 - a) / a);
            torch::Tensor eps = sigma * x * std::sqrt(1 + sigma * sigma) / (s * s + sigma * sigma);
            x = ddim.step(eps, i, x, {});
        }
        const double a0 = ac[static_cast<size_t>(ddim.timesteps()[0])];
        const double sT = std::sqrt((1 - a0) / a0), s0 = std::sqrt((1 - ac[0]) / ac[0]);
        const torch::Tensor exactVe = noise * std::sqrt(1 + sT * sT) * std::sqrt(s * s + s0 * s0) /
                                      std::sqrt(s * s + sT * sT);
        const torch::Tensor exactVp = exactVe / std::sqrt(1 + s0 * s0);
        const double ddimError =
            (x - exactVp).abs().max().item<double>() / exactVp.abs().max().item<double>();
        qInfo("DDIM 200 steps: relative error %.2e", ddimError);
        QVERIFY(ddimError < 0.03);

        // Euler ancestral is stochastic: its samples must have the data's spread.
        torch::Tensor many = torch::randn({1, 4, 64, 64}, torch::kFloat64);
        Scheduler ea(config, SamplerKind::EulerAncestral, 200);
        torch::Tensor y = many * ea.initNoiseSigma();
        for (int i = 0; i < ea.steps(); ++i) {
            const double sigma = sigmaAt(ea.timesteps()[i]);
            torch::Tensor xve = ea.scaleModelInput(y, i) * std::sqrt(1 + sigma * sigma);
            y = ea.step(sigma * xve / (s * s + sigma * sigma), i, y,
                        [&] { return torch::randn_like(y); });
        }
        const double sd = y.std().item<double>();
        qInfo("Euler ancestral, 200 steps: sample spread %.3f for data spread %.3f", sd, s);
        QVERIFY2(std::abs(sd - s) < 0.1 * s, qPrintable(QString::number(sd)));

        // Leading spacing with steps_offset 1, as SD 1.x's scheduler config asks.
        Scheduler ten(config, SamplerKind::Euler, 10);
        QCOMPARE(ten.timesteps().front(), 901.0);
        QCOMPARE(ten.timesteps().back(), 1.0);
    }

    void latentFilesRoundTrip()
    {
        QTemporaryDir dir;
        Floats f;
        f.shape = {1, 4, 2, 3};
        for (int i = 0; i < 24; ++i)
            f.data.push_back(float(i) / 7);
        const std::string path = (dir.path() + "/l.safetensors").toStdString();
        QVERIFY(saveLatents(path, f));
        Result<Floats> back = loadLatents(path);
        QVERIFY(back);
        QCOMPARE(back->shape, f.shape);
        QCOMPARE(back->data, f.data);
        QVERIFY(!loadLatents(kReference.toStdString()));
    }

    void inspectReadsHeadersOnly()
    {
        // What the model picker shows, without loading weights: the same as a full load says.
        // (The tiny single file needs its configs: its norm groups are not SD 1.x's.)
        for (const QString &path : {kFolder, kLdm}) {
            const std::string config = path == kLdm ? kFolder.toStdString() : std::string();
            Result<ModelInfo> seen = StableDiffusion::inspect(path.toStdString(), config);
            QVERIFY2(seen, seen ? "" : seen.error().c_str());
            LoadOptions options;
            options.configFolder = config;
            Result<std::unique_ptr<StableDiffusion>> model =
                StableDiffusion::load(path.toStdString(), options);
            QVERIFY(model);
            const ModelInfo &loaded = (*model)->info();
            QCOMPARE(seen->format, loaded.format);
            QCOMPARE(seen->defaultWidth, loaded.defaultWidth);
            QCOMPARE(seen->architecture, loaded.architecture);
            QCOMPARE(seen->storedDtype, loaded.storedDtype);
            QCOMPARE(seen->hash, loaded.hash);
            QCOMPARE(int(seen->hash.size()), 8);
        }
        QVERIFY(StableDiffusion::inspect(kFolder.toStdString())->hash !=
                StableDiffusion::inspect(kLdm.toStdString(), kFolder.toStdString())->hash);
        Result<ModelInfo> notModel = StableDiffusion::inspect(kReference.toStdString());
        QVERIFY(!notModel);
        QVERIFY2(notModel.error().find("tiny-sd-reference.safetensors") != std::string::npos,
                 notModel.error().c_str());

        // The hash is AUTOMATIC1111's legacy one: SHA-256 of the 64 KiB at 1 MiB.
        QTemporaryDir dir;
        QByteArray bytes(3 << 20, '\0');
        for (int i = 0; i < bytes.size(); ++i)
            bytes[i] = char((i * 2654435761u) >> 13);
        QFile big(dir.filePath("big.safetensors"));
        QVERIFY(big.open(QIODevice::WriteOnly));
        big.write(bytes);
        big.close();
        const QByteArray expected =
            QCryptographicHash::hash(bytes.mid(1 << 20, 1 << 16), QCryptographicHash::Sha256)
                .toHex()
                .left(8);
        QCOMPARE(QByteArray::fromStdString(*quickHash(big.fileName().toStdString())), expected);
    }
};

QTEST_GUILESS_MAIN(TestStableDiffusion)
#include "tst_sd.moc"
