#include "ImageSets.h"

#include "ImageLoader.h"
#include "TrainingData.h"
#include "ViewDecode.h"

#include "common/ImageViews.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <memory>
#include <thread>

namespace synset {

namespace {

bool isImageFile(const std::filesystem::path &p)
{
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
    return ext == ".png" || ext == ".jpg" || ext == ".jpeg";
}

} // namespace

ImageSet subsetOf(const ImageSet &all, const std::vector<size_t> &indices)
{
    ImageSet out;
    out.channels = all.channels;
    out.height = all.height;
    out.width = all.width;
    out.classWnids = all.classWnids;
    out.classNames = all.classNames;
    const size_t size = size_t(all.channels) * size_t(all.height) * size_t(all.width);
    if (!all.streamed())
        out.pixels.reserve(indices.size() * size);
    for (size_t i : indices) {
        out.labels.push_back(all.labels[i]);
        if (i < all.imageIds.size())
            out.imageIds.push_back(all.imageIds[i]);
        if (all.streamed()) {
            out.sourceWidths.push_back(all.sourceWidths[i]);
            out.sourceHeights.push_back(all.sourceHeights[i]);
        } else {
            out.pixels.insert(out.pixels.end(), all.pixels.begin() + std::ptrdiff_t(i * size),
                              all.pixels.begin() + std::ptrdiff_t((i + 1) * size));
        }
    }
    if (all.streamed()) {
        auto map = std::make_shared<const std::vector<size_t>>(indices);
        out.decode = [decode = all.decode, map](size_t i, const ViewCrop &view, uint8_t *chw) {
            return decode((*map)[i], view, chw);
        };
    }
    return out;
}

Result<ImageSet> evaluationPixels(const ImageSet &set, size_t begin, size_t end,
                                  std::vector<std::string> *unreadable, int threads,
                                  const CancelToken *cancel)
{
    end = std::min(end, set.count());
    begin = std::min(begin, end);
    std::vector<size_t> indices(end - begin);
    for (size_t k = 0; k < indices.size(); ++k)
        indices[k] = begin + k;
    ImageSet out = subsetOf(set, indices);
    if (!set.streamed())
        return out;

    // Decode every view in parallel, then keep those that could be read.
    const size_t size = size_t(set.channels) * size_t(set.height) * size_t(set.width);
    const size_t n = indices.size();
    std::vector<uint8_t> pixels(n * size);
    std::vector<std::string> errors(n);
    std::atomic<size_t> next{0};
    const auto work = [&] {
        for (size_t k; (k = next++) < n;) {
            if (isCancelled(cancel))
                return;
            const ViewCrop view =
                centreCrop(out.sourceWidths[k], out.sourceHeights[k], set.width, set.height);
            if (Result<void> r = out.decode(k, view, pixels.data() + k * size); !r)
                errors[k] = r.error();
        }
    };
    const unsigned count =
        threads > 0 ? unsigned(threads) : std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < std::min<size_t>(count, n); ++t)
        pool.emplace_back(work);
    work();
    for (std::thread &t : pool)
        t.join();
    if (isCancelled(cancel))
        return makeError("cancelled");

    ImageSet kept;
    kept.channels = out.channels;
    kept.height = out.height;
    kept.width = out.width;
    kept.classWnids = std::move(out.classWnids);
    kept.classNames = std::move(out.classNames);
    kept.pixels.reserve(n * size);
    for (size_t k = 0; k < n; ++k) {
        if (!errors[k].empty()) {
            if (unreadable)
                unreadable->push_back(std::move(errors[k]));
            continue;
        }
        kept.pixels.insert(kept.pixels.end(), pixels.begin() + std::ptrdiff_t(k * size),
                           pixels.begin() + std::ptrdiff_t((k + 1) * size));
        kept.labels.push_back(out.labels[k]);
        if (k < out.imageIds.size())
            kept.imageIds.push_back(out.imageIds[k]);
    }
    return kept;
}

Result<ImageSet> listImageFiles(const std::vector<std::filesystem::path> &files,
                                std::vector<int> labels, int channels, int size,
                                const CancelToken *cancel)
{
    ImageSet out;
    out.channels = channels;
    out.width = out.height = size;
    out.labels = std::move(labels);
    auto names = std::make_shared<std::vector<std::string>>();
    names->reserve(files.size());
    for (size_t i = 0; i < files.size(); ++i) {
        if ((i & 1023) == 0 && isCancelled(cancel))
            return makeError("cancelled");
        Result<ImageHeader> h = readImageHeader(files[i]);
        if (!h)
            return makeError(h.error());
        out.sourceWidths.push_back(h->width);
        out.sourceHeights.push_back(h->height);
        names->push_back(files[i].string());
    }
    out.decode = [names, channels, size, widths = out.sourceWidths,
                  heights = out.sourceHeights](size_t i, const ViewCrop &view, uint8_t *chw) {
        return decodeView((*names)[i], -1, widths[i], heights[i], view, channels, size, size, chw);
    };
    return out;
}

Result<GeneratorTrainData> loadImageFolder(const std::filesystem::path &dir, int channels,
                                           int height, int width,
                                           const std::vector<std::string> &classNames,
                                           const ProgressFn &progress, const CancelToken *cancel,
                                           bool streamed)
{
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec))
        return makeError(dir.string() + ": not a folder");
    std::vector<std::filesystem::path> folders;
    for (const auto &entry : std::filesystem::directory_iterator(dir, ec))
        if (entry.is_directory() && entry.path().filename().string()[0] != '.')
            folders.push_back(entry.path());
    std::sort(folders.begin(), folders.end());
    if (folders.empty())
        return makeError(dir.string() + ": no class folders (expected one sub-folder per class)");
    GeneratorTrainData out;
    out.channels = channels;
    out.height = height;
    out.width = width;
    std::vector<std::pair<std::filesystem::path, int>> files;
    for (const auto &folder : folders) {
        const std::string name = folder.filename().string();
        int label = -1;
        if (classNames.empty()) {
            label = int(out.classNames.size());
            out.classNames.push_back(name);
            out.classWnids.push_back(name);
        } else {
            const auto it = std::find(classNames.begin(), classNames.end(), name);
            if (it == classNames.end())
                return makeError(folder.string() + ": '" + name +
                                 "' is not one of the model's classes");
            label = int(it - classNames.begin());
        }
        std::vector<std::filesystem::path> inFolder;
        for (const auto &entry : std::filesystem::directory_iterator(folder, ec))
            if (entry.is_regular_file() && isImageFile(entry.path()))
                inFolder.push_back(entry.path());
        std::sort(inFolder.begin(), inFolder.end());
        for (const auto &f : inFolder)
            files.emplace_back(f, label);
    }
    if (!classNames.empty()) {
        out.classNames = classNames;
        out.classWnids = classNames;
    }
    if (files.empty())
        return makeError(dir.string() + ": no PNG or JPEG images in its class folders");
    if (streamed) {
        std::vector<std::filesystem::path> paths;
        std::vector<int> labels;
        for (const auto &[file, label] : files) {
            paths.push_back(file);
            labels.push_back(label);
        }
        Result<GeneratorTrainData> listed =
            listImageFiles(paths, std::move(labels), channels, height, cancel);
        if (!listed)
            return makeError(listed.error());
        listed->classNames = std::move(out.classNames);
        listed->classWnids = std::move(out.classWnids);
        return listed;
    }
    for (size_t i = 0; i < files.size(); ++i) {
        if ((i & 127) == 0) {
            if (isCancelled(cancel))
                return makeError("cancelled");
            reportProgress(progress, double(i) / double(files.size()), "Loading images");
        }
        Result<ImageData> img = decodeImageFile(files[i].first);
        if (!img)
            return makeError(img.error());
        appendPlanarImage(*img, channels, height, width, out.pixels);
        out.labels.push_back(files[i].second);
    }
    return out;
}

} // namespace synset
