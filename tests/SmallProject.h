// A small Fashion-MNIST project for the training tests: the first N real images of each class
// (written as IDX files and imported), plus "synthetic" ones added the way the Samples panel adds
// them (PNG + provenance with a prompt), so runs and failure views have data of both kinds.
#pragma once

#include "classes/ClassList.h"
#include "data/Idx.h"
#include "data/ImageLoader.h"
#include "data/Importer.h"
#include "generation/GenerationJob.h"
#include "project/DefaultProject.h"
#include "project/Project.h"
#include "wordnet/WordNet.h"

#include <fstream>
#include <memory>
#include <string>

namespace synset::testing {

inline void writeBigEndian(std::ofstream &out, uint32_t v)
{
    const char b[4] = {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
    out.write(b, 4);
}

// Writes <dir>/<prefix>-images-idx3-ubyte and -labels-idx1-ubyte with the first perClass
// images of each class of the Fashion-MNIST file pair, skipping the first skip of each class.
inline Result<void> writeIdxSubset(const std::filesystem::path &dir, const std::string &source,
                                   const std::string &prefix, int perClass, int skip = 0)
{
    const std::filesystem::path fm = fashionMnistDirectory();
    Result<idx::IdxFile> images = idx::read(fm / (source + "-images-idx3-ubyte.gz"));
    Result<idx::IdxFile> labels = idx::read(fm / (source + "-labels-idx1-ubyte.gz"));
    if (!images || !labels)
        return makeError(images ? labels.error() : images.error());
    std::vector<int> taken(10, 0), seen(10, 0);
    std::vector<size_t> picked;
    for (size_t i = 0; i < labels->dims[0]; ++i) {
        const int l = labels->data[labels->headerSize + i];
        if (seen[size_t(l)]++ < skip || taken[size_t(l)] >= perClass)
            continue;
        ++taken[size_t(l)];
        picked.push_back(i);
    }
    std::filesystem::create_directories(dir);
    std::ofstream img(dir / (prefix + "-images-idx3-ubyte"), std::ios::binary);
    std::ofstream lab(dir / (prefix + "-labels-idx1-ubyte"), std::ios::binary);
    writeBigEndian(img, 0x00000803);
    writeBigEndian(img, uint32_t(picked.size()));
    writeBigEndian(img, 28);
    writeBigEndian(img, 28);
    writeBigEndian(lab, 0x00000801);
    writeBigEndian(lab, uint32_t(picked.size()));
    for (size_t i : picked) {
        img.write(
            reinterpret_cast<const char *>(images->data.data() + images->headerSize + i * 784),
            784);
        lab.put(char(labels->data[labels->headerSize + i]));
    }
    return {};
}

// Train and test images per class, and synthPerClass "generated" images per class (real test
// images further down the file, with a prompt each).
inline Result<std::unique_ptr<Project>> makeSmallProject(const std::filesystem::path &dir,
                                                         int trainPerClass, int testPerClass,
                                                         int synthPerClass)
{
    Result<std::shared_ptr<const WordNet>> wn = WordNet::shared();
    if (!wn)
        return makeError(wn.error());
    Result<ClassList> classes = classlists::load("fashion-mnist", **wn);
    if (!classes)
        return makeError(classes.error());
    Result<std::unique_ptr<Project>> p = Project::create(dir / "proj", *classes, "Small");
    if (!p)
        return p;
    const std::filesystem::path idxDir = dir / "idx";
    if (Result<void> r = writeIdxSubset(idxDir, "train", "train", trainPerClass); !r)
        return makeError(r.error());
    if (Result<void> r = writeIdxSubset(idxDir, "t10k", "t10k", testPerClass); !r)
        return makeError(r.error());
    ImportOptions options;
    options.datasetName = "fashion-mnist";
    Result<ImportReport> imported = importIdxFolder(**p, idxDir, options);
    if (!imported)
        return makeError(imported.error());
    if (synthPerClass > 0) {
        const std::filesystem::path synthDir = dir / "synth";
        if (Result<void> r = writeIdxSubset(synthDir, "t10k", "t10k", synthPerClass, testPerClass);
            !r)
            return makeError(r.error());
        Result<idx::IdxFile> images = idx::read(synthDir / "t10k-images-idx3-ubyte");
        Result<idx::IdxFile> labels = idx::read(synthDir / "t10k-labels-idx1-ubyte");
        if (!images || !labels)
            return makeError("cannot read the synthetic subset");
        for (size_t i = 0; i < labels->dims[0]; ++i) {
            const int l = labels->data[labels->headerSize + i];
            const ProjectClass &c = (*p)->classes()[size_t(l)];
            ImageData image;
            image.width = image.height = 28;
            image.channels = 1;
            image.pixels.assign(images->data.begin() + long(images->headerSize + i * 784),
                                images->data.begin() + long(images->headerSize + (i + 1) * 784));
            SampleProvenance prov;
            prov.prompt = "a photo of a " + c.name + " #" + std::to_string(i);
            prov.seed = i;
            if (Result<int64_t> id = addGeneratedImage(**p, c.wnid, image, prov); !id)
                return makeError(id.error());
        }
    }
    return p;
}

} // namespace synset::testing
