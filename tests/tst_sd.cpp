// Stable Diffusion 1.x conformance: the tiny SD-shaped fixture in data/sd (diffusers folder and
// LDM single file) against outputs of diffusers 0.21 and OpenAI's CLIP; the sigma samplers against
// the closed-form probability-flow ODE of Gaussian data; dtypes and broken files.
// LibTorch first: Qt's keyword macros must not be defined while its headers are read.
#include "sd/SdCheckpoint.h"
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

#include <algorithm>
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

// diffusers 0.21's DPMSolverMultistepScheduler (solver_order 2, dpmsolver++, midpoint,
// lower_order_final, epsilon prediction), written out from its published source as that
// version runs it: float32 alpha/sigma/lambda tables indexed by integer timestep, the timesteps
// of its own set_timesteps, model_outputs and lower_order_nums. The reference for Scheduler.
struct DiffusersDpmSolver
{
    torch::Tensor alphaT, sigmaT, lambdaT; // float32, as the scheduler's __init__ makes them
    std::vector<int64_t> timesteps;
    std::vector<torch::Tensor> modelOutputs{torch::Tensor(), torch::Tensor()};
    int lowerOrderNums = 0;

    DiffusersDpmSolver(const SchedulerConfig &config, int steps, bool karras)
    {
        const std::vector<double> table = Scheduler::alphasCumprod(config);
        const torch::Tensor ac =
            torch::tensor(std::vector<float>(table.begin(), table.end()), torch::kFloat32);
        alphaT = torch::sqrt(ac);
        sigmaT = torch::sqrt(1 - ac);
        lambdaT = torch::log(alphaT) - torch::log(sigmaT);
        const int64_t last = config.trainSteps; // lambda_min_clipped = -inf clips nothing
        std::vector<double> ts;
        if (config.spacing == "linspace") {
            for (int k = steps; k >= 1; --k) // linspace(0, last - 1, steps + 1)[::-1][:-1]
                ts.push_back(std::round((last - 1) * double(k) / steps));
        } else if (config.spacing == "trailing") {
            const double ratio = double(config.trainSteps) / steps; // np.arange(last, 0, -ratio)
            const auto count = int64_t(std::ceil((0 - double(last)) / -ratio));
            for (int64_t k = 0; k < count; ++k)
                ts.push_back(std::round(double(last) + double(k) * -ratio) - 1);
        } else {
            const int64_t ratio = last / (steps + 1);
            for (int k = steps; k >= 1; --k)
                ts.push_back(double(k * ratio + config.stepsOffset));
        }
        if (karras) {
            // sigmas ascending in t; _convert_to_karras takes in_sigmas[-1] as sigma_min and
            // in_sigmas[0] as sigma_max, _sigma_to_t interpolates log sigma, then np.flip.
            const torch::Tensor sigmas = ((1 - ac) / ac).pow(0.5);
            const torch::Tensor logSigmas = sigmas.log().to(torch::kFloat64);
            const double sigmaMin = sigmas[-1].item<float>(), sigmaMax = sigmas[0].item<float>();
            ts.clear();
            for (int i = 0; i < steps; ++i) {
                const double ramp = steps > 1 ? double(i) / (steps - 1) : 0.0;
                const double sigma =
                    std::pow(std::pow(sigmaMax, 1 / 7.0) +
                                 ramp * (std::pow(sigmaMin, 1 / 7.0) - std::pow(sigmaMax, 1 / 7.0)),
                             7.0);
                const double ls = std::log(sigma);
                const int64_t n = logSigmas.size(0);
                int64_t low = 0;
                for (int64_t k = 0; k < n; ++k)
                    if (ls - logSigmas[k].item<double>() >= 0)
                        low = k;
                low = std::min<int64_t>(low, n - 2);
                const double lo = logSigmas[low].item<double>(),
                             hi = logSigmas[low + 1].item<double>();
                const double w = std::clamp((lo - ls) / (lo - hi), 0.0, 1.0);
                ts.push_back(std::round((1 - w) * low + w * (low + 1)));
            }
            std::reverse(ts.begin(), ts.end());
        }
        for (double t : ts) // np.unique, first occurrences kept in order
            if (std::find(timesteps.begin(), timesteps.end(), int64_t(t)) == timesteps.end())
                timesteps.push_back(int64_t(t));
    }

    torch::Tensor step(const torch::Tensor &modelOutput, int64_t timestep,
                       const torch::Tensor &sample)
    {
        const int64_t n = int64_t(timesteps.size());
        const int64_t stepIndex =
            std::find(timesteps.begin(), timesteps.end(), timestep) - timesteps.begin();
        const int64_t prevTimestep = stepIndex == n - 1 ? 0 : timesteps[stepIndex + 1];
        const bool lowerOrderFinal = stepIndex == n - 1 && n < 15;
        // convert_model_output
        const torch::Tensor x0 = (sample - sigmaT[timestep] * modelOutput) / alphaT[timestep];
        modelOutputs[0] = modelOutputs[1];
        modelOutputs[1] = x0;
        torch::Tensor prevSample;
        if (lowerOrderNums < 1 || lowerOrderFinal) {
            // dpm_solver_first_order_update
            const torch::Tensor h = lambdaT[prevTimestep] - lambdaT[timestep];
            prevSample = (sigmaT[prevTimestep] / sigmaT[timestep]) * sample -
                         (alphaT[prevTimestep] * (torch::exp(-h) - 1.0)) * x0;
        } else {
            // multistep_dpm_solver_second_order_update, timestep_list [previous, current]
            const int64_t t = prevTimestep, s0 = timestep, s1 = timesteps[stepIndex - 1];
            const torch::Tensor &m0 = modelOutputs[1], &m1 = modelOutputs[0];
            const torch::Tensor h = lambdaT[t] - lambdaT[s0], h0 = lambdaT[s0] - lambdaT[s1];
            const torch::Tensor r0 = h0 / h;
            const torch::Tensor d0 = m0, d1 = (1.0 / r0) * (m0 - m1);
            prevSample = (sigmaT[t] / sigmaT[s0]) * sample -
                         (alphaT[t] * (torch::exp(-h) - 1.0)) * d0 -
                         0.5 * (alphaT[t] * (torch::exp(-h) - 1.0)) * d1;
        }
        if (lowerOrderNums < 2)
            ++lowerOrderNums;
        return prevSample;
    }
};

torch::Tensor toTensor(const Floats &f)
{
    return torch::tensor(f.data, torch::kFloat32).reshape(f.shape);
}

Floats toFloats(const torch::Tensor &t)
{
    const torch::Tensor c = t.contiguous().to(torch::kFloat32);
    return {std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel()),
            std::vector<int64_t>(c.sizes().begin(), c.sizes().end())};
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

    // Python's str.lower() (CLIP lower-cases with it) and the \p{L}/\p{N} classes of CLIP's
    // split pattern, beyond ASCII. The expected strings are what Python 3.11 prints.
    void tokenizerUnicode()
    {
        const std::pair<const char *, const char *> lowered[] = {
            {"Ein FOTO einer SCHLEIE im \u00C9T\u00C9", "ein foto einer schleie im \u00E9t\u00E9"},
            // Greek, with the final-sigma rule: medial sigma, final sigma, a lone capital.
            {"\u039F\u0394\u03A5\u03A3\u03A3\u0395\u0391\u03A3 \u039A\u0391\u0399 \u0397 "
             "\u0398\u0391\u039B\u0391\u03A3\u03A3\u0391",
             "\u03BF\u03B4\u03C5\u03C3\u03C3\u03B5\u03B1\u03C2 \u03BA\u03B1\u03B9 \u03B7 "
             "\u03B8\u03B1\u03BB\u03B1\u03C3\u03C3\u03B1"},
            {"\u03A3 \u0391\u03A3' \u0391\u03A3.", "\u03C3 \u03B1\u03C2' \u03B1\u03C2."},
            {"\u041C\u043E\u0441\u043A\u0432\u0430 \u0417\u0418\u041C\u041E\u0419",
             "\u043C\u043E\u0441\u043A\u0432\u0430 \u0437\u0438\u043C\u043E\u0439"},
            {"\u0130STANBUL", "i\u0307stanbul"}, // full case mapping: two code points
            {"\u5927\u718A\u732B \uFF21\uFF22\uFF23", "\u5927\u718A\u732B \uFF41\uFF42\uFF43"},
            {"\u01C4EMAL \u216B", "\u01C6emal \u217B"}, // a digraph, a Roman numeral
            {"\u0540\u0531\u0545\u0531\u054D\u054F\u0531\u0546 \u1C90\u1C91\u1C92",
             "\u0570\u0561\u0575\u0561\u057D\u057F\u0561\u0576 \u10D0\u10D1\u10D2"},
        };
        for (const auto &[in, out] : lowered)
            QCOMPARE(QString::fromStdString(ClipTokenizer::normalize(in)), QString::fromUtf8(out));

        const std::vector<std::string> words = ClipTokenizer::preTokenize(
            "\u03B5\u03BB\u03BB\u03AC\u03B4\u03B1 123 \u718A\u732B!! na\u00EFve x\u00B2 "
            "\u0928\u092E\u0938\u094D\u0924\u0947");
        const std::vector<std::string> expected = {"\u03B5\u03BB\u03BB\u03AC\u03B4\u03B1",
                                                   "1",
                                                   "2",
                                                   "3",
                                                   "\u718A\u732B",
                                                   "!!",
                                                   "na\u00EFve",
                                                   "x",
                                                   "\u00B2",
                                                   "\u0928\u092E\u0938",
                                                   "\u094D",
                                                   "\u0924",
                                                   "\u0947"};
        QCOMPARE(words.size(), expected.size());
        for (size_t i = 0; i < words.size(); ++i)
            QCOMPARE(QString::fromStdString(words[i]), QString::fromStdString(expected[i]));

        // Upper and lower case give the same ids; each word's tokens spell it back.
        Result<ClipTokenizer> tokenizer = ClipTokenizer::load(bundledTokenizer());
        QVERIFY(tokenizer);
        QCOMPARE(tokenizer->encode("\u039F\u0394\u03A5\u03A3\u03A3\u0395\u0391\u03A3"),
                 tokenizer->encode("\u03BF\u03B4\u03C5\u03C3\u03C3\u03B5\u03B1\u03C2"));
        QCOMPARE(tokenizer->encode("\u00C9T\u00C9"), tokenizer->encode("\u00E9t\u00E9"));
        QVERIFY(tokenizer->encode("\u718A\u732B").size() >= 2); // byte-level BPE: no unknowns
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

    // DPM++(2M) is diffusers 0.21's DPMSolverMultistepScheduler: its timesteps for each
    // spacing and Karras, step for step on a closed-form model, and a whole 15-step and 10-step
    // CFG run of the SD fixture (the second ends with a first-order step) within 1e-4.
    void dpmSolverMatchesDiffusers()
    {
        SchedulerConfig config;
        // "leading" over steps + 1 divisions: 1000 // 16 = 62, so 15 * 62 + 1 down to 62 + 1.
        Scheduler fifteen(config, SamplerKind::DpmPp2M, 15);
        QCOMPARE(fifteen.timesteps().front(), 931.0);
        QCOMPARE(fifteen.timesteps().back(), 63.0);
        for (const char *spacing : {"leading", "linspace", "trailing"})
            for (bool karras : {false, true})
                for (int steps : {1, 7, 10, 15, 25, 1000}) {
                    config.spacing = spacing;
                    Scheduler ours(config, SamplerKind::DpmPp2M, steps, karras);
                    DiffusersDpmSolver ref(config, steps, karras);
                    QCOMPARE(ours.timesteps().size(), ref.timesteps.size());
                    for (size_t i = 0; i < ref.timesteps.size(); ++i)
                        QVERIFY2(ours.timesteps()[i] == double(ref.timesteps[i]),
                                 qPrintable(QString("%1%2 %3 steps, step %4: %5 != %6")
                                                .arg(spacing, karras ? " karras" : "")
                                                .arg(steps)
                                                .arg(i)
                                                .arg(ours.timesteps()[i])
                                                .arg(ref.timesteps[i])));
                }

        // Step for step on the Gaussian data model of samplersSolveTheGaussianOde.
        config = SchedulerConfig();
        const std::vector<double> ac = Scheduler::alphasCumprod(config);
        torch::manual_seed(7);
        const torch::Tensor noise = torch::randn({1, 4, 8, 8}, torch::kFloat32);
        for (bool karras : {false, true})
            for (int steps : {10, 20}) {
                Scheduler ours(config, SamplerKind::DpmPp2M, steps, karras);
                DiffusersDpmSolver ref(config, steps, karras);
                torch::Tensor x = noise * ours.initNoiseSigma(), y = noise.clone();
                for (int i = 0; i < ours.steps(); ++i) {
                    const auto t = int64_t(ours.timesteps()[i]);
                    const double sigma = std::sqrt((1 - ac[t]) / ac[t]), s = 0.5;
                    const auto eps = [&](const torch::Tensor &v) {
                        return sigma * v * std::sqrt(1 + sigma * sigma) / (s * s + sigma * sigma);
                    };
                    x = ours.step(eps(ours.scaleModelInput(x, i)), i, x, {});
                    y = ref.step(eps(y), t, y);
                }
                const double err = ((x - y).abs().max() / y.abs().max()).item<double>();
                QVERIFY2(
                    err < 1e-5,
                    qPrintable(QString("karras %1, %2 steps: %3").arg(karras).arg(steps).arg(err)));
            }

        // The SD fixture with CFG 7.5 from the DDIM reference's noise: our pipeline against the
        // reference scheduler driving the same UNet.
        std::unique_ptr<StableDiffusion> model = load(kFolder);
        QVERIFY(model);
        Result<CheckpointConfigs> configs = readDiffusersConfigs(kFolder.toStdString());
        QVERIFY(configs);
        const QJsonObject ddim = m_refJson.value("pipelines").toObject().value("ddim").toObject();
        const std::string prompt = ddim.value("prompt").toString().toStdString();
        const std::string negative = ddim.value("negative_prompt").toString().toStdString();
        Result<Floats> cond = model->encodeText(prompt), uncond = model->encodeText(negative);
        QVERIFY(cond && uncond);
        const torch::Tensor context = torch::cat({toTensor(*uncond), toTensor(*cond)});
        const double guidance = 7.5;
        for (int steps : {15, 10}) {
            GenerateRequest r;
            r.prompts = {prompt};
            r.negativePrompt = negative;
            r.seeds = {0};
            r.steps = steps;
            r.guidance = guidance;
            r.sampler = "dpmpp2m";
            r.width = r.height = 64;
            r.initLatents = withBatch(m_ref.at("ddim.noise"));
            Result<GenerateResult> run = model->generate(r);
            QVERIFY2(run, run ? "" : run.error().c_str());

            DiffusersDpmSolver ref(configs->scheduler, steps, false);
            torch::Tensor y = toTensor(r.initLatents); // init_noise_sigma is 1
            for (int64_t t : ref.timesteps) {
                Result<Floats> e = model->predictNoise(toFloats(torch::cat({y, y})),
                                                       {double(t), double(t)}, toFloats(context));
                QVERIFY(e);
                const std::vector<torch::Tensor> halves = toTensor(*e).chunk(2);
                y = ref.step(halves[0] + guidance * (halves[1] - halves[0]), t, y);
            }
            QCOMPARE(run->timesteps.size(), ref.timesteps.size());
            const double err = relativeError(run->latents, toFloats(y));
            qInfo("DPM++(2M) %d steps on the SD fixture: relative error %.2e against the "
                  "diffusers 0.21 reference",
                  steps, err);
            QVERIFY2(err < 1e-4, qPrintable(QString::number(err)));
        }
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
            // The error against the exact end point: for Euler, the ODE from the first sigma
            // down to the last one, then the final step into sigma = 0, which it takes with the
            // denoiser D(x) = x s^2 / (s^2 + sigma^2); DPM++(2M) ends on timestep 0.
            auto error = [&](SamplerKind kind, int steps) {
                double sigmaT = 0;
                torch::Tensor x = run(kind, steps, karras, &sigmaT);
                Scheduler probe(config, kind, steps, karras);
                const torch::Tensor start = noise * std::sqrt(sigmaT * sigmaT + 1);
                if (kind == SamplerKind::DpmPp2M) {
                    // diffusers' DPM++(2M) ends on timestep 0 in VP form: x = x_ve / sqrt(1 +
                    // s0^2).
                    const double s0 = sigmaAt(0);
                    const torch::Tensor exact = start * std::sqrt(s * s + s0 * s0) /
                                                std::sqrt(s * s + sigmaT * sigmaT) /
                                                std::sqrt(1 + s0 * s0);
                    return (x - exact).abs().max().item<double>() /
                           exact.abs().max().item<double>();
                }
                const double sMin = sigmaAt(probe.timesteps().back());
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
            // DPM++(2M) is second order (over twenty times less error for ten times the steps)
            // even on diffusers' timesteps, whose final step into timestep 0 is long in log
            // sigma; on Karras sigmas, even in log sigma, it is far ahead of Euler.
            QVERIFY(eDpm200 < eDpm20 / 20);
            QVERIFY(eDpm200 < eEuler200 / 2);
            if (karras) {
                QVERIFY(eDpm20 < eEuler20 / 4);
                QVERIFY(eDpm200 < eEuler200 / 10);
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
